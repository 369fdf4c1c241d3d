#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "tiny_ratings.hpp"
#include "util/rng.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// Binary X of the tiny matrix: u0 [1 1 1], u1 [1 1 0], u2 [1 1 1], u3 [0 1 1].
// With λ = 1:  XᵀX + I = [4 3 2; 3 5 3; 2 3 4],  det = 24,
//   P = (1/24) [11 −6 −1; −6 12 −6; −1 −6 11],   B_ij = −P_ij / P_jj:
//   B = [0  1/2  1/11;  6/11  0  6/11;  1/11  1/2  0].
TEST(Ease, ClosedFormByHand) {
  auto m = fitted("ease", {{"lambda", 1}}, tiny_ratings());
  const auto s0 = m->score({{0, 4.0f}});  // row 0 of B
  EXPECT_NEAR(s0[0], 0, 1e-6);
  EXPECT_NEAR(s0[1], 0.5, 1e-5);
  EXPECT_NEAR(s0[2], 1.0 / 11, 1e-5);
  const auto s1 = m->score({{1, 2.0f}});  // row 1 of B
  EXPECT_NEAR(s1[0], 6.0 / 11, 1e-5);
  EXPECT_NEAR(s1[2], 6.0 / 11, 1e-5);
  // explain splits x B into the rated movies' rows.
  const Explanation e = m->explain({{0, 5.0f}, {1, 5.0f}}, 2);
  EXPECT_NEAR(e.score, 7.0 / 11, 1e-5);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].item, 1);
  EXPECT_NEAR(e.parts[0].weight, 6.0 / 11, 1e-5);
  EXPECT_NEAR(e.parts[1].weight, 1.0 / 11, 1e-5);
  // similar_items reads row `item` of B.
  const auto sim = m->similar_items(0, 2);
  ASSERT_EQ(sim.size(), 2u);
  EXPECT_EQ(sim[0].item, 1);
  EXPECT_NEAR(sim[0].score, 0.5, 1e-5);
}

namespace {
// A random 0/1 matrix big enough to go through the recursive inverse (> 64 items).
Dataset random_binary(int32_t users, int32_t items, double density, uint64_t seed) {
  Dataset d = tiny_ratings();
  auto cat = std::make_shared<Catalog>();
  for (int32_t i = 0; i < items; ++i) cat->movies.push_back(Movie{1000 + i, "m", 0, 0, 0, 0});
  cat->rebuild_index();
  Rng rng(seed);
  std::vector<Rating> r;
  for (int32_t u = 0; u < users; ++u)
    for (int32_t i = 0; i < items; ++i)
      if (rng.uniform() < density) r.push_back({u, i, static_cast<float>(1 + rng.below(5)), 0});
  d.catalog = cat;
  d.user_ids.resize(users);
  d.ratings = RatingMatrix::from_triplets(users, items, r);
  return d;
}
}  // namespace

// The same closed form computed directly in double: G = XᵀX + λI (+ the
// dropout emphasis p/(1−p)·diag(XᵀX)), P = G⁻¹, B = I − P diagMat(1/diag P).
TEST(Ease, MatchesADirectInverseBeyondTheBaseCase) {
  const int32_t users = 300, items = 150;
  const Dataset d = random_binary(users, items, 0.15, 11);
  for (double dropout : {0.0, 0.4}) {
    SCOPED_TRACE(dropout);
    auto m = fitted("ease", {{"lambda", 20}, {"dropout", dropout}}, d);
    Eigen::MatrixXd X = Eigen::MatrixXd::Zero(users, items);
    for (const Rating& r : d.ratings->triplets()) X(r.user, r.item) = 1;
    Eigen::MatrixXd G = X.transpose() * X;
    G.diagonal() = G.diagonal() * (1 + dropout / (1 - dropout));
    G.diagonal().array() += 20;
    const Eigen::MatrixXd P = G.inverse();
    Eigen::MatrixXd B = -P * P.diagonal().cwiseInverse().asDiagonal();
    B.diagonal().setZero();
    const Profile prof = {{3, 4.0f}, {40, 2.0f}, {77, 5.0f}, {149, 1.0f}};
    const auto s = m->score(prof);
    for (int32_t i = 0; i < items; ++i) {
      const double want = B(3, i) + B(40, i) + B(77, i) + B(149, i);
      ASSERT_NEAR(s[i], want, 1e-4 + 1e-3 * std::fabs(want)) << "item " << i;
    }
  }
}

TEST(Ease, ExplicitValuesAndThreshold) {
  // implicit = false uses the ratings as X's values; threshold drops low ones.
  auto m = fitted("ease", {{"lambda", 1}, {"implicit", false}}, tiny_ratings());
  Eigen::MatrixXd X(4, 3);
  X << 5, 3, 4, 3, 1, 0, 4, 3, 5, 0, 2, 1;
  Eigen::MatrixXd G = X.transpose() * X + Eigen::MatrixXd::Identity(3, 3);
  const Eigen::MatrixXd P = G.inverse();
  const auto s = m->score({{0, 2.0f}});  // x = 2 e_0
  EXPECT_NEAR(s[1], 2 * -P(0, 1) / P(1, 1), 1e-4);
  EXPECT_NEAR(s[2], 2 * -P(0, 2) / P(2, 2), 1e-4);
  auto t = fitted("ease", {{"lambda", 1}, {"threshold", 3}}, tiny_ratings());
  EXPECT_FLOAT_EQ(t->score({{1, 1.0f}})[0], 0.0f);  // a rating below the threshold adds nothing
}

// max_items keeps the most rated items (i1 with 4, then i0 before i2 on the
// tie); i2 is not modelled and ranks after every modelled item.
TEST(Ease, AboveMaxItemsOnlyTheMostRatedAreModelled) {
  auto m = fitted("ease", {{"lambda", 1}, {"max_items", 2}}, tiny_ratings());
  const auto s = m->score({{1, 5.0f}});
  EXPECT_LT(s[2], s[0]);
  EXPECT_LT(s[2], s[1]);
  const Explanation e = m->explain({{1, 5.0f}}, 2);
  ASSERT_EQ(e.parts.size(), 1u);  // outside the modelled items: ranked by its count
  EXPECT_EQ(e.parts[0].kind, ReasonKind::Popularity);
  auto back = load_model(m->save());
  EXPECT_EQ(back->score({{1, 5.0f}}), s);
}
