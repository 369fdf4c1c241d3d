#include <gtest/gtest.h>

#include <cmath>

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// Raters: i0 {u0,u1,u2}, i1 {u0,u1,u2,u3}, i2 {u0,u2,u3}. Implicit cosine:
//   s01 = 3/√(3·4) = 0.866025,  s02 = 2/√(3·3) = 2/3,  s12 = 3/√(4·3) = 0.866025
TEST(ItemKnn, ImplicitCosineByHand) {
  auto m = fitted("item-knn", {{"similarity", "cosine"}, {"normalize", false}}, tiny_ratings());
  const auto sim = m->similar_items(0, 5);
  ASSERT_EQ(sim.size(), 2u);
  EXPECT_EQ(sim[0].item, 1);
  EXPECT_NEAR(sim[0].score, std::sqrt(3.0) / 2, 1e-6);
  EXPECT_EQ(sim[1].item, 2);
  EXPECT_NEAR(sim[1].score, 2.0 / 3, 1e-6);
  // score = Σ over the profile of its items' similarities (ratings ignored).
  const auto s = m->score({{0, 1.0f}, {2, 5.0f}});
  EXPECT_NEAR(s[1], std::sqrt(3.0) / 2 + std::sqrt(3.0) / 2, 1e-5);
  EXPECT_NEAR(s[0], 2.0 / 3, 1e-5);
  const Explanation e = m->explain({{0, 1.0f}, {2, 5.0f}}, 1);
  EXPECT_NEAR(e.score, std::sqrt(3.0), 1e-5);
  EXPECT_EQ(e.parts.size(), 2u);
}

TEST(ItemKnn, ShrinkageSupportKAndNormalize) {
  const Dataset d = tiny_ratings();
  // shrinkage 1: s01 · 3/(3+1)
  auto shrunk = fitted("item-knn", {{"similarity", "cosine"}, {"normalize", false}, {"shrinkage", 1}}, d);
  EXPECT_NEAR(shrunk->similar_items(0, 1)[0].score, std::sqrt(3.0) / 2 * 0.75, 1e-6);
  // min_support 3: i0 and i2 share only 2 raters.
  auto support = fitted("item-knn", {{"similarity", "cosine"}, {"normalize", false}, {"min_support", 3}}, d);
  EXPECT_EQ(support->similar_items(0, 5).size(), 1u);
  // k = 1: each item keeps its best neighbour only.
  auto one = fitted("item-knn", {{"similarity", "cosine"}, {"normalize", false}, {"k", 1}}, d);
  EXPECT_FLOAT_EQ(one->score({{0, 5.0f}})[2], 0.0f);
  // normalize: i0's kept similarities sum to 1.
  auto norm = fitted("item-knn", {{"similarity", "cosine"}, {"normalize", true}}, d);
  const auto sim = norm->similar_items(0, 2);
  const double total = std::sqrt(3.0) / 2 + 2.0 / 3;
  EXPECT_NEAR(sim[0].score, std::sqrt(3.0) / 2 / total, 1e-6);
  EXPECT_NEAR(sim[0].score + sim[1].score, 1.0, 1e-6);
}

// Explicit Pearson (LensKit's item-mean-centred cosine). Item means: i0 4,
// i1 9/4, i2 10/3; centred columns (u0..u3):
//   i0 [1, −1, 0, ·]   i1 [3/4, −5/4, 3/4, −1/4]   i2 [2/3, ·, 5/3, −7/3]
//   s01 = 2 / (√2 · √2.75) = 0.852803
//   s02 = (2/3) / (√2 · √(26/3)) = 0.160128
//   s12 = (7/3) / (√2.75 · √(26/3)) = 0.477952
// Profile {i0: 5, i1: 1}, mean 3, weights +2 and −2:
//   score(i2) = 2 s02 − 2 s12 = −0.635648
TEST(ItemKnn, ExplicitPearsonByHand) {
  auto m = fitted("item-knn", {{"similarity", "pearson"}, {"feedback", "explicit"}, {"normalize", false}},
                  tiny_ratings());
  const auto sim = m->similar_items(1, 2);
  ASSERT_EQ(sim.size(), 2u);
  EXPECT_EQ(sim[0].item, 0);
  EXPECT_NEAR(sim[0].score, 0.852803, 1e-5);
  EXPECT_NEAR(sim[1].score, 0.477952, 1e-5);
  EXPECT_NEAR(m->similar_items(0, 2)[1].score, 0.160128, 1e-5);
  EXPECT_NEAR(m->score({{0, 5.0f}, {1, 1.0f}})[2], -0.635648, 1e-5);
}

// Adjusted cosine centres by the user's mean; on the tiny matrix every
// co-rated pair then disagrees, so no positive similarity survives.
TEST(ItemKnn, ExplicitAdjustedCosineKeepsOnlyPositiveSimilarities) {
  auto m = fitted("item-knn", {{"similarity", "adjusted_cosine"}, {"feedback", "explicit"}}, tiny_ratings());
  for (int32_t i = 0; i < 3; ++i) EXPECT_TRUE(m->similar_items(i, 3).empty());
}
