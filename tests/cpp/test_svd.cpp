#include <gtest/gtest.h>

#include <cmath>

#include "cinerec/eval.hpp"
#include "tiny_ratings.hpp"
#include "util/rng.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// One epoch by hand. Two ratings that share neither user nor item, so the
// visiting order cannot matter; one factor, every initial factor 0.5
// (init_std_dev 0), γ = 0.1, λ = 0.1, μ = (4 + 2) / 2 = 3:
//   (u0, i0, 4): e = 4 − (3 + 0.25) = 0.75
//       b_u0 = b_i0 = 0.1 · 0.75 = 0.075
//       p_u0 = q_i0 = 0.5 + 0.1 (0.75 · 0.5 − 0.1 · 0.5) = 0.5325
//   (u1, i1, 2): e = 2 − 3.25 = −1.25
//       b_u1 = b_i1 = −0.125
//       p_u1 = q_i1 = 0.5 + 0.1 (−1.25 · 0.5 − 0.05) = 0.4325
// i2 has no training rating: its factor is zeroed (Surprise leaves the
// factor term out for an unknown item), its bias stays 0.
TEST(Svd, OneEpochByHand) {
  Dataset d = tiny_ratings().with_ratings({{0, 0, 4}, {1, 1, 2}});
  auto m = fitted("svd", {{"n_factors", 1}, {"n_epochs", 1}, {"init_mean", 0.5}, {"init_std_dev", 0}, {"lr_all", 0.1},
                          {"reg_all", 0.1}},
                  d);
  EXPECT_NEAR(m->predict_user(0, 0), 3 + 0.075 + 0.075 + 0.5325 * 0.5325, 1e-6);
  EXPECT_NEAR(m->predict_user(1, 1), 3 - 0.125 - 0.125 + 0.4325 * 0.4325, 1e-6);
  EXPECT_NEAR(m->predict_user(0, 1), 3 + 0.075 - 0.125 + 0.5325 * 0.4325, 1e-6);
  EXPECT_NEAR(m->predict_user(0, 2), 3 + 0.075, 1e-6);
  // Without biases μ is 0 too: e = 4 − 0.25 = 3.75, p = q = 0.5 + 0.1 (3.75 · 0.5 − 0.05) = 0.6825
  // (a score; predict() clips it to the rating scale's 1).
  auto plain = fitted("svd", {{"n_factors", 1}, {"n_epochs", 1}, {"init_mean", 0.5}, {"init_std_dev", 0}, {"lr_all", 0.1},
                              {"reg_all", 0.1}, {"biased", false}},
                      d);
  EXPECT_NEAR(plain->score_user(0)[0], 0.6825 * 0.6825, 1e-6);
  EXPECT_EQ(plain->predict_user(0, 0), 1.0f);
}

// The vectorised, padded, prefetching epoch against Surprise's per-rating
// loop written out naively: the same seeded draws (users' factors, then the
// items'), users in a seeded order, each user's ratings shuffled in turn.
// 11 factors: one whole 8-lane step and a padded one.
TEST(Svd, MatchesThePerRatingLoop) {
  const Dataset d = tiny_ratings();
  const RatingMatrix& R = d.ratings;
  const int k = 11, epochs = 6;
  const double lr = 0.03, reg = 0.05, sd = 0.3;
  const uint64_t seed = 9;
  auto m = fitted("svd", {{"n_factors", k}, {"n_epochs", epochs}, {"lr_all", lr}, {"reg_all", reg}, {"init_std_dev", sd}},
                  d, seed);

  Rng rng(seed);
  std::vector<float> p0(R.n_users * k), q0(R.n_items * k);
  fill_normal(rng, p0.data(), static_cast<int64_t>(p0.size()), 0.0f, static_cast<float>(sd));
  fill_normal(rng, q0.data(), static_cast<int64_t>(q0.size()), 0.0f, static_cast<float>(sd));
  std::vector<double> P(p0.begin(), p0.end()), Q(q0.begin(), q0.end());
  std::vector<int32_t> users = {0, 1, 2, 3};
  rng.shuffle(users);
  std::vector<int64_t> order;
  for (int32_t u : users) {
    std::vector<int64_t> block;
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) block.push_back(x);
    rng.shuffle(block);
    order.insert(order.end(), block.begin(), block.end());
  }
  std::vector<int32_t> user_of(R.nnz());
  for (int32_t u = 0; u < R.n_users; ++u)
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) user_of[x] = u;
  std::vector<double> bu(R.n_users, 0), bi(R.n_items, 0);
  const double mu = R.global_mean;
  for (int e = 0; e < epochs; ++e)
    for (int64_t x : order) {
      const int32_t u = user_of[x], i = R.user_item[x];
      double est = mu + bu[u] + bi[i];
      for (int f = 0; f < k; ++f) est += P[u * k + f] * Q[i * k + f];
      const double err = R.user_value[x] - est;
      bu[u] += lr * (err - reg * bu[u]);
      bi[i] += lr * (err - reg * bi[i]);
      for (int f = 0; f < k; ++f) {
        const double puf = P[u * k + f], qif = Q[i * k + f];
        P[u * k + f] += lr * (err * qif - reg * puf);
        Q[i * k + f] += lr * (err * puf - reg * qif);
      }
    }
  for (int32_t u = 0; u < R.n_users; ++u) {
    const auto scores = m->score_user(u);
    for (int32_t i = 0; i < R.n_items; ++i) {
      double est = mu + bu[u] + bi[i];
      for (int f = 0; f < k; ++f) est += P[u * k + f] * Q[i * k + f];
      EXPECT_NEAR(scores[i], est, 1e-5) << "user " << u << " item " << i;
    }
  }
}

// Training RMSE (the loss reported per epoch) falls, and a profile that
// repeats a training user's ratings folds in to scores close to that user's.
TEST(Svd, LossFallsAndFoldInFollowsTheProfile) {
  std::vector<double> loss;
  FitOptions o;
  o.seed = 4;
  o.progress = [&](const Progress& p) {
    loss.push_back(p.loss);
    return true;
  };
  auto m = make_model("svd", {{"n_factors", 4}, {"n_epochs", 200}, {"lr_all", 0.02}, {"reg_all", 0.02}});
  m->fit(tiny_ratings(), o);
  ASSERT_EQ(loss.size(), 200u);
  EXPECT_LT(loss.back(), 0.5 * loss.front());
  // u0 rated i0 5 and i1 3: the folded-in score of i0 is above that of i1.
  const auto s = m->score({{0, 5.0f}, {1, 3.0f}});
  EXPECT_GT(s[0], s[1]);
}

// The "surprise" preset restores Surprise's defaults where cinerec's differ.
TEST(Svd, DefaultsAndTheSurprisePreset) {
  const Json d = make_model("svd")->params();
  EXPECT_EQ(d["n_factors"], 100);
  EXPECT_EQ(d["n_epochs"], 20);
  EXPECT_DOUBLE_EQ(d["lr_all"].get<double>(), 0.015);
  const Json s = make_model("svd", preset_params("svd", "surprise"))->params();
  EXPECT_DOUBLE_EQ(s["init_std_dev"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(s["lr_all"].get<double>(), 0.005);
  EXPECT_DOUBLE_EQ(s["reg_all"].get<double>(), 0.02);
  EXPECT_DOUBLE_EQ(make_model("svdpp", preset_params("svdpp", "surprise"))->params()["lr_all"].get<double>(), 0.007);
}
