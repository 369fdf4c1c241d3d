#include <gtest/gtest.h>

#include "cinerec/eval.hpp"
#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// One ALS epoch with reg_i = 1, reg_u = 2, from b = 0:
//   b_i0 = (1.9 − 0.1 + 0.9) / (1 + 3) = 0.675
//   b_i1 = (−0.1 − 2.1 − 0.1 − 1.1) / (1 + 4) = −0.68
//   b_i2 = (0.9 + 1.9 − 2.1) / (1 + 3) = 0.175
//   b_u1 = ((3 − 3.1 − 0.675) + (1 − 3.1 + 0.68)) / (2 + 2) = −0.54875
//   b_u0 = (1.225 + 0.58 + 0.725) / (2 + 3) = 0.506
TEST(Baseline, OneAlsEpochByHand) {
  auto m = fitted("baseline", {{"n_epochs", 1}, {"reg_i", 1}, {"reg_u", 2}}, tiny_ratings());
  EXPECT_NEAR(m->predict_user(1, 2), 3.1 - 0.54875 + 0.175, 1e-5);
  EXPECT_NEAR(m->predict_user(0, 1), 3.1 + 0.506 - 0.68, 1e-5);
  // The fold-in of u1's own ratings is the same ALS user step.
  EXPECT_NEAR(m->score({{0, 3.0f}, {1, 1.0f}})[2], 3.1 - 0.54875 + 0.175, 1e-5);
  // An empty profile: μ + b_i.
  EXPECT_NEAR(m->score(Profile{})[0], 3.1 + 0.675, 1e-5);
}

// SGD on two ratings of one user, μ = 3, lr 0.005, reg 0.02, in user order:
//   (i0, 4): e = 1            → b_u = 0.005, b_i0 = 0.005
//   (i1, 2): e = −1.005       → b_u = 0.005 + 0.005 (−1.005 − 0.0001) = −0.0000255
//                               b_i1 = 0.005 · −1.005 = −0.005025
TEST(Baseline, OneSgdEpochByHand) {
  Dataset d = tiny_ratings().with_ratings({{0, 0, 4}, {0, 1, 2}});
  auto m = fitted("baseline", {{"method", "sgd"}, {"n_epochs", 1}}, d);
  EXPECT_NEAR(m->score_user(0)[0], 3 - 0.0000255 + 0.005, 1e-6);
  EXPECT_NEAR(m->score_user(0)[1], 3 - 0.0000255 - 0.005025, 1e-6);
}

// Surprise's epochs per method; the ALS regularisation is cinerec's own
// (chosen on ml-latest-small), and the "surprise" preset restores Surprise's.
TEST(Baseline, DefaultsPerMethodAndTheSurprisePreset) {
  EXPECT_EQ(make_model("baseline")->params()["n_epochs"], 10);
  EXPECT_EQ(make_model("baseline", {{"method", "sgd"}})->params()["n_epochs"], 20);
  EXPECT_EQ(make_model("baseline")->params()["reg_u"], 5.0);
  EXPECT_EQ(make_model("baseline")->params()["reg_i"], 3.0);
  const Json surprise = make_model("baseline", preset_params("baseline", "surprise"))->params();
  EXPECT_EQ(surprise["reg_u"], 15.0);
  EXPECT_EQ(surprise["reg_i"], 10.0);
  // knn-baseline's baselines keep Surprise's bsl_options defaults.
  EXPECT_EQ(make_model("knn-baseline")->params()["reg_u"], 15.0);
}
