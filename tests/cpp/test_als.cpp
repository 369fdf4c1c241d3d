#include <gtest/gtest.h>

#include <cmath>

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {
// A fully observed rank-1 matrix r_ui = a_u b_i.
Dataset rank_one() {
  Dataset d = tiny_ratings();
  const double a[4] = {1.0, 1.5, 0.5, 2.0}, b[3] = {2.0, 1.0, 2.5};
  std::vector<Rating> r;
  for (int32_t u = 0; u < 4; ++u)
    for (int32_t i = 0; i < 3; ++i) r.push_back({u, i, static_cast<float>(a[u] * b[i]), 0});
  d.ratings = RatingMatrix::from_triplets(4, 3, r);
  d.rating_min = 0;
  d.rating_max = 10;
  return d;
}
}  // namespace

// With one factor, no biases and almost no regularisation, ALS recovers a
// rank-1 matrix exactly.
TEST(Als, RecoversARankOneMatrix) {
  const Dataset d = rank_one();
  auto m = fitted("als", {{"n_factors", 1}, {"biased", false}, {"reg", 1e-6}, {"n_epochs", 30}}, d);
  for (const Rating& r : d.ratings->triplets()) EXPECT_NEAR(m->predict_user(r.user, r.item), r.value, 1e-3);
}

// Each half-step is an exact ridge solve, so the training RMSE (reported per
// epoch) does not go up once the biases have settled, and ends low.
TEST(Als, TrainingRmseFallsAndPredictionsAreClipped) {
  std::vector<double> rmse;
  FitOptions o;
  o.progress = [&](const Progress& p) {
    rmse.push_back(p.loss);
    return true;
  };
  auto m = make_model("als", {{"n_factors", 2}, {"reg", 0.05}, {"n_epochs", 10}});
  m->fit(tiny_ratings(), o);
  ASSERT_EQ(rmse.size(), 10u);
  EXPECT_LT(rmse.back(), rmse.front() + 1e-9);
  EXPECT_LT(rmse.back(), 0.5);
  for (int32_t u = 0; u < 4; ++u)
    for (int32_t i = 0; i < 3; ++i) {
      EXPECT_GE(m->predict_user(u, i), 1.0f);
      EXPECT_LE(m->predict_user(u, i), 5.0f);
    }
}

// Fold-in is the user half-step: after convergence a training user's own row
// folds in to the same predictions as the learned user.
TEST(Als, FoldInOfATrainingRowMatchesTheLearnedUser) {
  auto m = fitted("als", {{"n_factors", 2}, {"reg", 0.1}, {"n_epochs", 60}}, tiny_ratings());
  const auto learned = m->score_user(2);
  const auto folded = m->score(profile_of(tiny_ratings().ratings, 2));
  for (size_t i = 0; i < learned.size(); ++i) EXPECT_NEAR(learned[i], folded[i], 1e-3) << i;
  // explain splits the folded-in score into the rated movies' shares.
  const Explanation e = m->explain(profile_of(tiny_ratings().ratings, 2), 1);
  EXPECT_NEAR(e.score, folded[1], 1e-4);
}
