#include <gtest/gtest.h>

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// u1 (mean 2) and i2:
//   dev(i2, i0) over u0, u2: ((4 − 5) + (5 − 4)) / 2 = 0
//   dev(i2, i1) over u0, u2, u3: ((4 − 3) + (5 − 3) + (1 − 2)) / 3 = 2/3
//   Surprise:  2 + (0 + 2/3) / 2 = 7/3
//   weighted:  ((0 + 3)·2 + (2/3 + 1)·3) / (2 + 3) = 11/5
TEST(SlopeOne, DeviationsByHand) {
  auto m = fitted("slope-one", Json::object(), tiny_ratings());
  EXPECT_NEAR(m->predict_user(1, 2), 7.0 / 3.0, 1e-5);
  EXPECT_NEAR(m->score_user(1)[2], 7.0 / 3.0, 1e-5);
  EXPECT_NEAR(m->score({{0, 3.0f}, {1, 1.0f}})[2], 7.0 / 3.0, 1e-5);
  auto w = fitted("slope-one", {{"weighted", true}}, tiny_ratings());
  EXPECT_NEAR(w->predict_user(1, 2), 11.0 / 5.0, 1e-5);
  EXPECT_NEAR(w->score({{0, 3.0f}, {1, 1.0f}})[2], 11.0 / 5.0, 1e-5);
}

TEST(SlopeOne, ExplainNamesTheRatedMovies) {
  auto m = fitted("slope-one", Json::object(), tiny_ratings());
  Explanation e = m->explain({{0, 3.0f}, {1, 1.0f}}, 2);
  EXPECT_NEAR(e.score, 7.0 / 3.0, 1e-5);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].item, 1);  // dev 2/3, shared by two: 1/3
  EXPECT_NEAR(e.parts[0].weight, 1.0 / 3.0, 1e-5);
}
