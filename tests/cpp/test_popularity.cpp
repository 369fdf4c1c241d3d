#include <gtest/gtest.h>

#include "cinerec/error.hpp"
#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// Counts: i0 3, i1 4, i2 3. Sums: i0 12, i1 9, i2 10. μ = 3.1.
TEST(Popularity, CountsRatings) {
  auto m = fitted("popularity", Json::object(), tiny_ratings());
  const auto s = m->score(Profile{});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_FLOAT_EQ(s[0], 3);
  EXPECT_FLOAT_EQ(s[1], 4);
  EXPECT_FLOAT_EQ(s[2], 3);
  EXPECT_FALSE(m->predicts_ratings());
  // The same for everyone: a profile changes nothing but what is excluded.
  EXPECT_EQ(m->score({{0, 1.0f}}), s);
  EXPECT_EQ(m->recommend({{1, 5.0f}}, 1)[0].item, 0);  // ties go to the lower index
}

// damped mean with d = 2: (Σ r + d μ) / (n + d)
TEST(Popularity, DampedMeanByHand) {
  auto m = fitted("popularity", {{"mode", "damped_mean"}, {"damping", 2}}, tiny_ratings());
  const auto s = m->score(Profile{});
  EXPECT_NEAR(s[0], (12 + 2 * 3.1) / 5, 1e-5);  // 3.64
  EXPECT_NEAR(s[1], (9 + 2 * 3.1) / 6, 1e-5);   // 2.5333
  EXPECT_NEAR(s[2], (10 + 2 * 3.1) / 5, 1e-5);  // 3.24
  EXPECT_TRUE(m->predicts_ratings());
  EXPECT_NEAR(m->predict_user(3, 0), 3.64, 1e-5);
  // Damping 0 is the plain mean; a large one pulls every item to μ.
  auto plain = fitted("popularity", {{"mode", "damped_mean"}, {"damping", 0}}, tiny_ratings());
  EXPECT_NEAR(plain->score(Profile{})[1], 9.0 / 4, 1e-5);
  auto heavy = fitted("popularity", {{"mode", "damped_mean"}, {"damping", 1e6}}, tiny_ratings());
  EXPECT_NEAR(heavy->score(Profile{})[1], 3.1, 1e-3);
}

TEST(Popularity, ExplainsWithTheCount) {
  auto m = fitted("popularity", Json::object(), tiny_ratings());
  const Explanation e = m->explain(Profile{}, 1);
  EXPECT_FLOAT_EQ(e.score, 4);
  ASSERT_EQ(e.parts.size(), 1u);
  EXPECT_EQ(e.parts[0].kind, ReasonKind::Popularity);
  EXPECT_FLOAT_EQ(e.parts[0].weight, 4);
}

TEST(Popularity, RefusesAnUnknownMode) {
  try {
    make_model("popularity", {{"mode", "trending"}});
    FAIL() << "accepted mode 'trending'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("count|damped_mean"), std::string::npos) << e.what();
  }
}
