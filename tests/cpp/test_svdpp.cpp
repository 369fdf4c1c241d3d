#include <gtest/gtest.h>

#include <cmath>

#include "tiny_ratings.hpp"
#include "util/rng.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// The closed-form y_j update of svdpp against Surprise's per-rating loop,
// written out naively with the same seeded initialisation and order.
TEST(SvdPP, FastUpdateMatchesThePerRatingLoop) {
  const Dataset d = tiny_ratings();
  const RatingMatrix& R = d.ratings;
  const int k = 3, epochs = 4;
  const double lr = 0.05, reg = 0.1;
  const uint64_t seed = 11;
  auto m = fitted("svdpp", {{"n_factors", k}, {"n_epochs", epochs}, {"lr_all", lr}, {"reg_all", reg}, {"init_std_dev", 0.1}},
                  d, seed);

  Rng rng(seed);
  auto init = [&](int rows) {
    std::vector<std::vector<double>> M(rows, std::vector<double>(k));
    for (auto& row : M)
      for (auto& x : row) x = static_cast<float>(rng.normal(0, 0.1));
    return M;
  };
  auto P = init(R.n_users), Q = init(R.n_items), Y = init(R.n_items);
  std::vector<int32_t> users = {0, 1, 2, 3};
  rng.shuffle(users);
  std::vector<int64_t> order(R.nnz());
  for (int32_t u = 0; u < R.n_users; ++u) {
    std::vector<int64_t> block;
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) block.push_back(x);
    rng.shuffle(block);
    std::copy(block.begin(), block.end(), order.begin() + R.user_ptr[u]);
  }
  std::vector<double> bu(4, 0), bi(3, 0);
  const double mu = R.global_mean;
  for (int e = 0; e < epochs; ++e)
    for (int32_t u : users) {
      const double s = 1 / std::sqrt(static_cast<double>(R.user_count(u)));
      for (int64_t o = R.user_ptr[u]; o < R.user_ptr[u + 1]; ++o) {
        const int64_t x = order[o];
        const int32_t i = R.user_item[x];
        std::vector<double> z(k, 0);
        for (int64_t t = R.user_ptr[u]; t < R.user_ptr[u + 1]; ++t)
          for (int f = 0; f < k; ++f) z[f] += s * Y[R.user_item[t]][f];
        double est = mu + bu[u] + bi[i];
        for (int f = 0; f < k; ++f) est += Q[i][f] * (P[u][f] + z[f]);
        const double err = R.user_value[x] - est;
        bu[u] += lr * (err - reg * bu[u]);
        bi[i] += lr * (err - reg * bi[i]);
        for (int f = 0; f < k; ++f) {
          const double puf = P[u][f], qif = Q[i][f];
          P[u][f] += lr * (err * qif - reg * puf);
          Q[i][f] += lr * (err * (puf + z[f]) - reg * qif);
          for (int64_t t = R.user_ptr[u]; t < R.user_ptr[u + 1]; ++t)
            Y[R.user_item[t]][f] += lr * (err * qif * s - reg * Y[R.user_item[t]][f]);
        }
      }
    }
  for (int32_t u = 0; u < 4; ++u) {
    const auto scores = m->score_user(u);
    const double s = 1 / std::sqrt(static_cast<double>(R.user_count(u)));
    for (int32_t i = 0; i < 3; ++i) {
      double est = mu + bu[u] + bi[i];
      for (int f = 0; f < k; ++f) {
        double z = 0;
        for (int64_t t = R.user_ptr[u]; t < R.user_ptr[u + 1]; ++t) z += s * Y[R.user_item[t]][f];
        est += Q[i][f] * (P[u][f] + z);
      }
      EXPECT_NEAR(scores[i], est, 1e-5) << "user " << u << " item " << i;
    }
  }
}

// The fold-in explains the profile better than the global mean does.
TEST(SvdPP, FoldInFitsTheProfile) {
  const Dataset d = tiny_ratings();
  auto m = fitted("svdpp", {{"n_factors", 2}, {"n_epochs", 30}}, d);
  const Profile p = {{0, 5.0f}, {1, 1.0f}};
  const auto s = m->score(p);
  EXPECT_LT(std::fabs(s[0] - 5.0) + std::fabs(s[1] - 1.0), std::fabs(3.1 - 5.0) + std::fabs(3.1 - 1.0));
  EXPECT_GT(s[0], s[1]);
}
