#include <gtest/gtest.h>

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// Unbiased NMF scores are q_iᵀp_u with non-negative factors, so never below 0,
// for training users and for folded-in profiles alike.
TEST(Nmf, FactorsStayNonNegative) {
  auto m = fitted("nmf", {{"n_factors", 2}, {"n_epochs", 30}}, tiny_ratings());
  for (int32_t u = 0; u < 4; ++u)
    for (float s : m->score_user(u)) EXPECT_GE(s, 0.0f);
  for (float s : m->score({{0, 1.0f}, {2, 1.0f}})) EXPECT_GE(s, 0.0f);
}

// With one factor, the fold-in is p = max(0, Σ q_j r_j / (Σ q_j² + λ n)),
// so a profile scaled by c scores c times as high (while p > 0).
TEST(Nmf, OneFactorFoldInIsLinearInTheRatings) {
  auto m = fitted("nmf", {{"n_factors", 1}, {"n_epochs", 20}}, tiny_ratings());
  const auto a = m->score({{0, 2.0f}, {1, 1.0f}}), b = m->score({{0, 4.0f}, {1, 2.0f}});
  for (int32_t i = 0; i < 3; ++i) EXPECT_NEAR(b[i], 2 * a[i], 1e-4);
}

// Training fits the data: the training RMSE after 50 epochs beats the mean.
TEST(Nmf, FitsTheTrainingRatings) {
  const Dataset d = tiny_ratings();
  auto m = fitted("nmf", {{"n_factors", 3}}, d);
  double sq = 0, sq_mean = 0;
  for (const Rating& r : d.ratings->triplets()) {
    const double e = r.value - m->predict_user(r.user, r.item);
    sq += e * e;
    sq_mean += (r.value - 3.1) * (r.value - 3.1);
  }
  EXPECT_LT(sq, 0.5 * sq_mean);
}
