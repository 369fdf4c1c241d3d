#include <gtest/gtest.h>

#include <cmath>

#include "cinerec/error.hpp"
#include "factor_fixtures.hpp"
#include "models/bayesian_fm.hpp"
#include "tiny_ratings.hpp"
#include "util/rng.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {

// tiny_ratings with genres: movie 0 Drama, movie 1 Drama|Comedy, movie 2 none.
Dataset tiny_drama_comedy() { return tiny_with_genres({"Drama", "Comedy"}, {1u, 3u, 0u}); }

// The features of one row as (feature, x) pairs.
std::vector<std::pair<int32_t, float>> row(const bfm::Block& b, int32_t r) {
  std::vector<std::pair<int32_t, float>> out;
  for (int64_t o = b.row_ptr[r]; o < b.row_ptr[r + 1]; ++o) out.push_back({b.row_feature[o], b.row_x[o]});
  return out;
}

}  // namespace

// The rows of the relational design, worked by hand on the 4 × 3 matrix.
TEST(BayesianFm, DesignRowsAreTheFeatureVectors) {
  const Dataset d = tiny_drama_comedy();
  const bfm::Design x = bfm::make_design(*d.ratings, d.catalog.get(), {});
  // Users: ids 0..3, then the rated movies at 4..6, 1/√|N(u)| each.
  EXPECT_EQ(x.users.n_features, 4 + 3);
  EXPECT_EQ(x.rated_items_at, 4);
  const float third = static_cast<float>(1 / std::sqrt(3.0)), half = static_cast<float>(1 / std::sqrt(2.0));
  using R = std::vector<std::pair<int32_t, float>>;
  EXPECT_EQ(row(x.users, 0), (R{{0, 1.0f}, {4, third}, {5, third}, {6, third}}));
  EXPECT_EQ(row(x.users, 3), (R{{3, 1.0f}, {5, half}, {6, half}}));
  // Movies: ids 0..2, the raters at 3..6 (1/√|N(i)|), the genres at 7..8 (1/|G(i)|).
  EXPECT_EQ(x.items.n_features, 3 + 4 + 2);
  EXPECT_EQ(x.raters_at, 3);
  EXPECT_EQ(x.genres_at, 7);
  EXPECT_EQ(row(x.items, 0), (R{{0, 1.0f}, {3, third}, {4, third}, {5, third}, {7, 1.0f}}));
  EXPECT_EQ(row(x.items, 1), (R{{1, 1.0f}, {3, 0.5f}, {4, 0.5f}, {5, 0.5f}, {6, 0.5f}, {7, 0.5f}, {8, 0.5f}}));
  EXPECT_EQ(row(x.items, 2), (R{{2, 1.0f}, {3, third}, {5, third}, {6, third}}));
  EXPECT_EQ(x.items.group[0], bfm::kItemId);
  EXPECT_EQ(x.items.group[4], bfm::kRaters);
  EXPECT_EQ(x.items.group[8], bfm::kGenres);
  // The feature index lists the rows holding each feature: rater u1 rated movies 0 and 1.
  const bfm::Block& I = x.items;
  EXPECT_EQ(std::vector<int32_t>(I.feat_row.begin() + I.feat_ptr[4], I.feat_row.begin() + I.feat_ptr[5]),
            (std::vector<int32_t>{0, 1}));
  // Without the optional groups a row is its id alone.
  const bfm::Design bare = bfm::make_design(*d.ratings, d.catalog.get(), {false, false, false});
  EXPECT_EQ(row(bare.users, 2), (R{{2, 1.0f}}));
  EXPECT_EQ(row(bare.items, 1), (R{{1, 1.0f}}));
  EXPECT_EQ(bare.rated_items_at, -1);
}

// A movie nobody rated has no row in the likelihood: its features are
// inactive (held at their prior mean), and a sweep leaves them alone.
TEST(BayesianFm, UnratedRowsAreInactive) {
  Dataset d = tiny_drama_comedy();
  d.ratings = RatingMatrix::from_triplets(4, 3, {{0, 0, 5}, {1, 0, 3}, {2, 1, 4}, {3, 1, 2}});
  const bfm::Design x = bfm::make_design(*d.ratings, d.catalog.get(), {});
  EXPECT_TRUE(x.items.active(0));
  EXPECT_FALSE(x.items.active(2));                      // movie 2's id
  EXPECT_FALSE(x.users.active(x.rated_items_at + 2));   // "rated movie 2"
  EXPECT_TRUE(x.items.active(x.genres_at + 1));         // Comedy: movie 1 has ratings
  bfm::Gibbs g(*d.ratings, x, 2, 0.1, 3);
  const float before = g.items().v[2];
  for (int s = 0; s < 3; ++s) g.sweep();
  EXPECT_EQ(g.items().v[2], before);
}

// After any number of sweeps, the residuals and the cached block sums the
// sampler updates incrementally equal r − ŷ by the FM formula
//   ŷ = w0 + Σ w x + Σ_d ½ ((Σ v x)² − Σ v² x²)
// over the concatenated feature vector, computed from the parameters alone.
TEST(BayesianFm, CachesMatchTheNaiveFormula) {
  for (const bfm::FeatureSet fs : {bfm::FeatureSet{}, bfm::FeatureSet{false, true, false}, bfm::FeatureSet{true, false, true}}) {
    const TwoGroups data = two_groups();
    const RatingMatrix& R = data.train.ratings;
    bfm::Gibbs g(R, bfm::make_design(R, data.train.catalog.get(), fs), 3, 0.1, 11);
    for (int sweep = 0; sweep < 5; ++sweep) {
      g.sweep();
      for (int32_t u = 0; u < R.n_users; ++u)
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
          const int32_t i = R.user_item[x];
          const double naive = g.predict_naive(u, i);
          EXPECT_NEAR(g.predict_cached(u, i), naive, 2e-4);
          EXPECT_NEAR(g.residuals()[x], R.user_value[x] - naive, 2e-4) << "sweep " << sweep << " user " << u << " item " << i;
        }
    }
  }
}

// The chain fits the data: from the initial draw (ŷ ≈ 0) the training RMSE
// falls below the ratings' own spread and stays there.
TEST(BayesianFm, ChainFitsTheTrainingRatings) {
  const Dataset d = tiny_drama_comedy();
  bfm::Gibbs g(*d.ratings, bfm::make_design(*d.ratings, d.catalog.get(), {}), 2, 0.1, 5);
  const double start = g.train_rmse();  // ŷ ≈ 0 before the first sweep
  EXPECT_GT(start, 3.0);
  double sum = 0;
  for (int s = 0; s < 50; ++s) {
    g.sweep();
    sum += g.train_rmse();
  }
  EXPECT_LT(sum / 50, 1.2);  // the standard deviation of the ratings is 1.3
}

// Gamma(a, 1) has mean a and variance a; the ziggurat's normals mean 0,
// variance 1 and the normal's tails (P(|z| > 2) = 0.0455, P(|z| > 3) = 0.0027).
TEST(BayesianFm, GammaAndNormalDraws) {
  Rng rng(99);
  const int n = 200000;
  for (double a : {1.0, 2.5, 40.0}) {
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      const double x = bfm::gamma_draw(rng, a);
      ASSERT_GT(x, 0);
      s += x, s2 += x * x;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    EXPECT_NEAR(mean, a, 0.02 * a) << a;
    EXPECT_NEAR(var, a, 0.05 * a) << a;
  }
  std::vector<float> z(n);
  bfm::fill_standard_normal(rng, z.data(), n);
  double s = 0, s2 = 0, s4 = 0;
  int beyond2 = 0, beyond3 = 0;
  for (float x : z) {
    s += x, s2 += x * x, s4 += static_cast<double>(x) * x * x * x;
    beyond2 += std::fabs(x) > 2, beyond3 += std::fabs(x) > 3;
  }
  EXPECT_NEAR(s / n, 0, 0.01);
  EXPECT_NEAR(s2 / n, 1, 0.01);
  EXPECT_NEAR(s4 / n, 3, 0.06);
  EXPECT_NEAR(beyond2 / static_cast<double>(n), 0.0455, 0.002);
  EXPECT_NEAR(beyond3 / static_cast<double>(n), 0.0027, 0.0004);
}

// The model's training-user scores are the mean over the blocks of ŷ at the
// block's mean parameters: replayed here with the same design, seed and
// sweeps (n_iter 5, burn_in 1: blocks of sweeps {2, 3} and {4, 5}).
TEST(BayesianFm, ScoresAreTheMeanOverBlocksOfTheBlockMeans) {
  const TwoGroups data = two_groups();
  const RatingMatrix& R = data.train.ratings;
  const int k = 3;
  auto m = fitted("bayesian-fm", {{"n_factors", k}, {"n_iter", 5}, {"burn_in", 1}, {"n_blocks", 2}}, data.train, 8);
  bfm::Gibbs g(R, bfm::make_design(R, data.train.catalog.get(), {}), k, 0.1, 8);
  g.sweep();
  std::vector<bfm::Draw> draws;
  for (int s = 0; s < 4; ++s) {
    g.sweep();
    draws.push_back(g.draw());
  }
  for (int32_t u : {0, 7, 13})
    for (int32_t i : {2, 11, 19}) {
      double expected = 0;
      for (int b = 0; b < 2; ++b) {
        const bfm::Draw &x = draws[2 * b], &y = draws[2 * b + 1];
        double pred = 0.5 * (x.w0 + y.w0) + 0.5 * (x.user_own[u] + y.user_own[u]) + 0.5 * (x.item_own[i] + y.item_own[i]);
        for (int d = 0; d < k; ++d)
          pred += 0.5 * (x.user_s[u * k + d] + y.user_s[u * k + d]) * 0.5 * (x.item_s[i * k + d] + y.item_s[i * k + d]);
        expected += pred / 2;
      }
      EXPECT_NEAR(m->score_user(u)[i], expected, 1e-4) << "user " << u << " item " << i;
    }
}

// Fold-in is the posterior mean of a Gaussian linear model in θ = (w, v):
// without the rated-movie features (which depend on the profile's movies,
// not its ratings) every score is an affine function of the profile's
// ratings, and the rated movie follows its rating part of the way (the
// prior holds it back).
TEST(BayesianFm, FoldInIsAffineInTheRatings) {
  const TwoGroups data = two_groups();
  for (int blocks : {1, 3}) {
    auto m = fitted("bayesian-fm", {{"n_factors", 3}, {"n_iter", 20}, {"burn_in", 5}, {"n_blocks", blocks}, {"rated_items", false}},
                    data.train, 4);
    const int32_t j = 4;
    const auto s1 = m->score(Profile{{j, 1.0f}, {7, 4.0f}}), s3 = m->score(Profile{{j, 3.0f}, {7, 4.0f}}),
               s5 = m->score(Profile{{j, 5.0f}, {7, 4.0f}});
    for (int32_t i = 0; i < 20; ++i) EXPECT_NEAR(s5[i] - s3[i], s3[i] - s1[i], 1e-4) << "item " << i << ", " << blocks << " blocks";
    const double slope = (s5[j] - s1[j]) / 4;
    EXPECT_GT(slope, 0.05);
    EXPECT_LT(slope, 1.0);
  }
}

// A profile that is a training user's row folds in close to that user's
// learned state.
TEST(BayesianFm, FoldInOfATrainingRowAgreesWithTheUser) {
  const TwoGroups data = two_groups();
  auto m = fitted("bayesian-fm", {{"n_factors", 4}, {"n_iter", 40}, {"burn_in", 8}}, data.train, 2);
  for (int32_t u : {1, 12}) {
    const auto learned = m->score_user(u);
    const auto folded = m->score(profile_of(data.train.ratings, u));
    double diff = 0;
    for (int32_t i = 0; i < 20; ++i) diff = std::max(diff, std::fabs(static_cast<double>(learned[i]) - folded[i]));
    EXPECT_LT(diff, 0.5) << "user " << u;
  }
}

TEST(BayesianFm, RefusesImpossibleRuns) {
  for (const Json& bad : {Json{{"n_iter", 10}, {"burn_in", 10}}, Json{{"n_iter", 10}, {"burn_in", 4}, {"n_blocks", 7}}}) {
    try {
      make_model("bayesian-fm", bad);
      ADD_FAILURE() << bad.dump();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    }
  }
}
