#include <gtest/gtest.h>

#include <cmath>

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// One user rates 2,000 movies alternately 1 and 5: μ = 3, σ = 2.
TEST(Random, DrawsFollowTheFittedNormal) {
  std::vector<Rating> r;
  auto cat = std::make_shared<Catalog>();
  for (int32_t i = 0; i < 2000; ++i) {
    r.push_back({0, i, i % 2 ? 5.0f : 1.0f, 0});
    cat->movies.push_back(Movie{});
  }
  Dataset d;
  d.catalog = cat;
  d.user_ids = {1};
  d.ratings = RatingMatrix::from_triplets(1, 2000, r);
  auto m = fitted("random", Json::object(), d);
  std::vector<float> s = m->score_user(0);
  double mean = 0, sq = 0;
  for (float x : s) mean += x;
  mean /= s.size();
  for (float x : s) sq += (x - mean) * (x - mean);
  EXPECT_NEAR(mean, 3.0, 0.15);
  EXPECT_NEAR(std::sqrt(sq / s.size()), 2.0, 0.15);
  // Repeatable per (seed, user, item), different across seeds.
  EXPECT_EQ(m->score_user(0), s);
  EXPECT_NE(fitted("random", Json::object(), d, 2)->score_user(0), s);
}
