#include <gtest/gtest.h>

#include <cmath>

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// With one user cluster and one item cluster every average is μ, so
// r̂ = μ_u + μ_i − μ: for u1, i2: 2 + 10/3 − 3.1.
TEST(CoClustering, OneClusterIsUserPlusItemMeanByHand) {
  auto m = fitted("co-clustering", {{"n_cltr_u", 1}, {"n_cltr_i", 1}, {"n_epochs", 3}}, tiny_ratings());
  EXPECT_NEAR(m->predict_user(1, 2), 2 + 10.0 / 3.0 - 3.1, 1e-5);
  EXPECT_NEAR(m->score({{0, 3.0f}, {1, 1.0f}})[2], 2 + 10.0 / 3.0 - 3.1, 1e-5);
}

TEST(CoClustering, ClustersSeparateTwoTastes) {
  // Two groups of users with opposite tastes over two groups of items.
  std::vector<Rating> r;
  for (int32_t u = 0; u < 8; ++u)
    for (int32_t i = 0; i < 6; ++i) r.push_back({u, i, ((u < 4) == (i < 3)) ? 5.0f : 1.0f, 0});
  Dataset d = tiny_ratings();
  auto cat = std::make_shared<Catalog>();
  for (int32_t i = 0; i < 6; ++i) cat->movies.push_back(Movie{});
  d.catalog = cat;
  d.user_ids.resize(8);
  d.ratings = RatingMatrix::from_triplets(8, 6, r);
  // Random initial clusters can stall in a mixed state (every co-cluster
  // average 3); some seeds find the split, and then it is exact.
  int32_t separated = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto m = fitted("co-clustering", {{"n_cltr_u", 2}, {"n_cltr_i", 2}, {"n_epochs", 10}}, d, seed);
    if (std::fabs(m->predict_user(0, 0) - 5.0f) > 1e-4f) continue;
    ++separated;
    EXPECT_NEAR(m->predict_user(0, 5), 1.0, 1e-4);
    EXPECT_NEAR(m->predict_user(7, 5), 5.0, 1e-4);
    EXPECT_NEAR(m->predict_user(7, 0), 1.0, 1e-4);
  }
  EXPECT_GE(separated, 1);
}
