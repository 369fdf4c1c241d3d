#include <gtest/gtest.h>

#include <cmath>

#include "cinerec/error.hpp"
#include "models/similarity.hpp"
#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {
SimilarityMatrix sims(const RatingMatrix& R, SimKind kind, bool user_based, const Biases* b = nullptr,
                      double shrinkage = 100, int32_t min_support = 1) {
  SimOptions o;
  o.kind = kind;
  o.user_based = user_based;
  o.shrinkage = shrinkage;
  o.min_support = min_support;
  SimInput in = make_sim_input(R, o, b);
  return SimilarityMatrix::compute(in, o, 1);
}
}  // namespace

// u1 = (3, 1, ·) against u0 = (5, 3, 4), u2 = (4, 3, 5), u3 = (·, 2, 1):
//   cos(u1, u0) = (15 + 3) / sqrt(10 · 34),  cos(u1, u2) = (12 + 3) / sqrt(10 · 25),
//   cos(u1, u3) = 2 / sqrt(1 · 4) = 1
TEST(Similarity, CosineMsdPearsonByHand) {
  const RatingMatrix R = tiny_ratings().ratings;
  SimilarityMatrix c = sims(R, SimKind::Cosine, true);
  EXPECT_NEAR(c(1, 0), 18 / std::sqrt(340.0), 1e-6);
  EXPECT_NEAR(c(0, 1), 18 / std::sqrt(340.0), 1e-6);
  EXPECT_NEAR(c(1, 2), 15 / std::sqrt(250.0), 1e-6);
  EXPECT_NEAR(c(1, 3), 1.0, 1e-6);
  EXPECT_EQ(c(2, 2), 1.0f);
  // msd(u1, u0) = 1 / ((4 + 4) / 2 + 1)
  SimilarityMatrix m = sims(R, SimKind::Msd, true);
  EXPECT_NEAR(m(1, 0), 0.2, 1e-6);
  EXPECT_NEAR(m(1, 2), 1 / 3.5, 1e-6);
  EXPECT_NEAR(m(1, 3), 0.5, 1e-6);
  // pearson(u0, u2) over (5, 3, 4) and (4, 3, 5): (3·49 − 12·12) / sqrt(6 · 6) = 0.5
  SimilarityMatrix p = sims(R, SimKind::Pearson, true);
  EXPECT_NEAR(p(0, 2), 0.5, 1e-6);
  // item-based cosine(i0, i1) over u0, u1, u2: (15 + 3 + 12) / sqrt(50 · 19)
  SimilarityMatrix ic = sims(R, SimKind::Cosine, false);
  EXPECT_NEAR(ic(0, 1), 30 / std::sqrt(950.0), 1e-6);
  // min_support 3: u1 and u0 share only two items.
  EXPECT_EQ(sims(R, SimKind::Cosine, true, nullptr, 100, 3)(1, 0), 0.0f);
}

// With μ = 3 and zero biases, d_u0 = (2, 0, 1), d_u2 = (1, 0, 2):
//   4 / sqrt(5 · 5) = 0.8, shrunk by (3 − 1) / (3 − 1 + shrinkage).
TEST(Similarity, PearsonBaselineWithShrinkageByHand) {
  const RatingMatrix R = tiny_ratings().ratings;
  Biases b;
  b.mu = 3;
  b.bu.assign(4, 0.0f);
  b.bi.assign(3, 0.0f);
  EXPECT_NEAR(sims(R, SimKind::PearsonBaseline, true, &b, 0)(0, 2), 0.8, 1e-6);
  EXPECT_NEAR(sims(R, SimKind::PearsonBaseline, true, &b, 100)(0, 2), 0.8 * 2 / 102, 1e-6);
}

TEST(Similarity, ThreadsGiveTheSameMatrix) {
  const RatingMatrix R = tiny_ratings().ratings;
  SimOptions o;
  o.kind = SimKind::Pearson;
  SimInput in = make_sim_input(R, o, nullptr);
  SimilarityMatrix a = SimilarityMatrix::compute(in, o, 1), b = SimilarityMatrix::compute(in, o, 3);
  for (int32_t x = 0; x < 4; ++x)
    for (int32_t y = 0; y < 4; ++y) EXPECT_EQ(a(x, y), b(x, y));
}

// knn-basic, cosine, user-based, u1 on i2 (rated by u0: 4, u2: 5, u3: 1):
//   (s0·4 + s2·5 + 1·1) / (s0 + s2 + 1); with k = 2 only u3 and u0 remain.
TEST(KnnBasic, CosinePredictionByHand) {
  const double s0 = 18 / std::sqrt(340.0), s2 = 15 / std::sqrt(250.0);
  auto m = fitted("knn-basic", {{"similarity", "cosine"}}, tiny_ratings());
  EXPECT_NEAR(m->predict_user(1, 2), (s0 * 4 + s2 * 5 + 1) / (s0 + s2 + 1), 1e-5);
  auto k2 = fitted("knn-basic", {{"similarity", "cosine"}, {"k", 2}}, tiny_ratings());
  EXPECT_NEAR(k2->predict_user(1, 2), (s0 * 4 + 1) / (s0 + 1), 1e-5);
  // The same user as an outside profile: similarities computed on the fly.
  EXPECT_NEAR(m->score({{0, 3.0f}, {1, 1.0f}})[2], (s0 * 4 + s2 * 5 + 1) / (s0 + s2 + 1), 1e-5);
  // Fewer than min_k neighbours: the global mean.
  auto strict = fitted("knn-basic", {{"similarity", "cosine"}, {"min_k", 4}}, tiny_ratings());
  EXPECT_NEAR(strict->predict_user(1, 2), 3.1, 1e-5);
}

// knn-means, msd, user-based, u1 (mean 2) on i2; neighbour means 4, 4, 1.5:
//   2 + (0.2·0 + (1/3.5)·1 + 0.5·(−0.5)) / (0.2 + 1/3.5 + 0.5)
TEST(KnnMeans, MsdPredictionByHand) {
  auto m = fitted("knn-means", Json::object(), tiny_ratings());
  const double s2 = 1 / 3.5;
  EXPECT_NEAR(m->predict_user(1, 2), 2 + (s2 - 0.25) / (0.2 + s2 + 0.5), 1e-5);
  auto strict = fitted("knn-means", {{"min_k", 4}}, tiny_ratings());
  EXPECT_NEAR(strict->predict_user(1, 2), 2.0, 1e-5);  // the user's mean
}

// knn-zscore: σ_u1 = 1, σ_u0 = sqrt(2/3), σ_u2 = sqrt(2/3), σ_u3 = 0.5.
TEST(KnnZScore, MsdPredictionByHand) {
  auto m = fitted("knn-zscore", Json::object(), tiny_ratings());
  const double s2 = 1 / 3.5, sd = std::sqrt(2.0 / 3.0);
  const double num = 0.2 * 0 / sd + s2 * 1 / sd + 0.5 * (-0.5) / 0.5;
  EXPECT_NEAR(m->predict_user(1, 2), 2 + 1.0 * num / (0.2 + s2 + 0.5), 1e-5);
}

// Item-based knn-basic, cosine: u1 on i2 from i0 (3) and i1 (1).
TEST(KnnBasic, ItemBasedByHand) {
  auto m = fitted("knn-basic", {{"similarity", "cosine"}, {"user_based", false}}, tiny_ratings());
  // cos(i2, i0) over u0, u2: (20 + 20) / sqrt(41 · 41); cos(i2, i1) over u0, u2, u3: (12 + 15 + 2) / sqrt(42 · 22)
  const double a = 40 / 41.0, b = 29 / std::sqrt(42.0 * 22.0);
  EXPECT_NEAR(m->predict_user(1, 2), (a * 3 + b * 1) / (a + b), 1e-5);
  const Explanation e = m->explain({{0, 3.0f}, {1, 1.0f}}, 2);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].item, 0);
  EXPECT_NEAR(e.parts[0].weight, a * 3 / (a + b), 1e-5);
}

// knn-baseline with too few neighbours is exactly the ALS baseline with the
// same bsl_options (Surprise's reg_u 15, reg_i 10 for both here).
TEST(KnnBaseline, FallsBackToTheBaseline) {
  auto knn = fitted("knn-baseline", {{"min_k", 10}}, tiny_ratings());
  auto base = fitted("baseline", {{"reg_u", 15}, {"reg_i", 10}}, tiny_ratings());
  for (int32_t u = 0; u < 4; ++u)
    for (int32_t i = 0; i < 3; ++i) EXPECT_NEAR(knn->predict_user(u, i), base->predict_user(u, i), 1e-5);
}

// Surprise's nested dictionaries carry over as they are written there.
TEST(KnnBaseline, AcceptsSurpriseOptionDictionaries) {
  auto m = make_model("knn-baseline", Json::parse(R"({"k": 20, "sim_options": {"name": "pearson_baseline",
      "user_based": false, "shrinkage": 50}, "bsl_options": {"method": "als", "reg_u": 12}})"));
  EXPECT_EQ(m->params()["similarity"], "pearson_baseline");
  EXPECT_EQ(m->params()["user_based"], false);
  EXPECT_EQ(m->params()["shrinkage"], 50.0);
  EXPECT_EQ(m->params()["reg_u"], 12.0);
  EXPECT_EQ(m->params().count("sim_options"), 0u);
  try {
    make_model("knn-basic", Json::parse(R"({"k": 5, "sim_options": {"k": 6}})"));
    ADD_FAILURE() << "a parameter given twice was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
  }
  try {
    make_model("knn-basic", Json::parse(R"({"sim_options": {"nme": "cosine"}})"));
    ADD_FAILURE() << "a misspelt option was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nme"), std::string::npos);
  }
}

// The pruned store keeps each row's positive similarities, the largest
// first: with room for every pair it equals the exact store wherever the
// exact similarity is positive; with room for one, u1's row keeps only u3
// (cosine 1, the largest: see CosineMsdPearsonByHand).
TEST(Similarity, PrunedStoreKeepsTheLargestPositive) {
  const RatingMatrix R = tiny_ratings().ratings;
  for (SimKind kind : {SimKind::Cosine, SimKind::Msd, SimKind::Pearson}) {
    SimOptions o;
    o.kind = kind;
    SimInput in = make_sim_input(R, o, nullptr);
    const SimilarityMatrix exact = SimilarityMatrix::compute(in, o, 1);
    const SimilarityMatrix all = SimilarityMatrix::compute(in, o, 2, 10);
    EXPECT_TRUE(all.pruned());
    for (int32_t a = 0; a < 4; ++a)
      for (int32_t b = 0; b < 4; ++b) EXPECT_EQ(all(a, b), std::max(0.0f, exact(a, b))) << a << " " << b;
  }
  SimOptions o;
  o.kind = SimKind::Cosine;
  SimInput in = make_sim_input(R, o, nullptr);
  const SimilarityMatrix one = SimilarityMatrix::compute(in, o, 1, 1);
  EXPECT_NEAR(one(1, 3), 1.0, 1e-6);
  EXPECT_EQ(one(1, 0), 0.0f);
  EXPECT_EQ(one(1, 2), 0.0f);
  std::vector<float> row;
  one.row(1, row);
  EXPECT_EQ(row, (std::vector<float>{0.0f, 1.0f, 0.0f, 1.0f}));
}

// max_neighbours: item-based knn-basic, cosine, u1 on i2 from i0 (rated 3)
// and i1 (rated 1), cos(i2, i0) = 40/41 > cos(i2, i1) (ItemBasedByHand).
// Keeping one neighbour per item leaves only i0: the prediction is 3. With
// room for all, the model is the exact one.
TEST(KnnBasic, MaxNeighboursPrunesTheNeighbourhood) {
  const Json base = {{"similarity", "cosine"}, {"user_based", false}};
  Json one = base, all = base;
  one["max_neighbours"] = 1;
  all["max_neighbours"] = 3;
  EXPECT_NEAR(fitted("knn-basic", one, tiny_ratings())->predict_user(1, 2), 3.0, 1e-6);
  auto exact = fitted("knn-baseline", {{"user_based", true}}, tiny_ratings());
  auto pruned = fitted("knn-baseline", {{"user_based", true}, {"max_neighbours", 4}}, tiny_ratings());
  for (int32_t u = 0; u < 4; ++u)
    for (int32_t i = 0; i < 3; ++i) EXPECT_FLOAT_EQ(pruned->predict_user(u, i), exact->predict_user(u, i)) << u << " " << i;
  EXPECT_FLOAT_EQ(fitted("knn-basic", all, tiny_ratings())->predict_user(1, 2),
                  fitted("knn-basic", base, tiny_ratings())->predict_user(1, 2));
}

// More items than the exact store holds: the exact store refuses with a
// message that names the way out, and the model prunes on its own.
TEST(KnnBasic, MoreThanTheExactLimitIsPruned) {
  const int32_t n_items = SimilarityMatrix::kMaxExact + 50, n_users = 40;
  Dataset d = tiny_ratings();
  auto cat = std::make_shared<Catalog>();
  for (int32_t i = 0; i < n_items; ++i) {
    Movie m;
    m.id = i + 1;
    m.title = "Movie " + std::to_string(i);
    cat->movies.push_back(m);
  }
  cat->rebuild_index();
  d.catalog = cat;
  d.user_ids.clear();
  std::vector<Rating> r;
  for (int32_t u = 0; u < n_users; ++u) {
    d.user_ids.push_back(u + 1);
    // Each user rates a window of 600 items, windows overlapping.
    for (int32_t j = 0; j < 600; ++j) r.push_back({u, (u * 300 + j) % n_items, static_cast<float>(1 + (u + j) % 5), 0});
  }
  d.ratings = RatingMatrix::from_triplets(n_users, n_items, std::move(r));

  SimOptions o;
  o.kind = SimKind::Cosine;
  o.user_based = false;
  SimInput in = make_sim_input(d.ratings, o, nullptr);
  try {
    SimilarityMatrix::compute(in, o, 1);
    FAIL() << "the exact store took " << n_items << " items";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("max_neighbours"), std::string::npos) << e.what();
  }
  auto m = fitted("knn-means", {{"user_based", false}, {"similarity", "cosine"}, {"k", 20}}, d);
  const std::vector<float> s = m->score({{0, 5.0f}, {1, 4.0f}, {2, 1.0f}});
  ASSERT_EQ(s.size(), static_cast<size_t>(n_items));
  for (float x : s) ASSERT_TRUE(std::isfinite(x));
  // User 0 rated items 0..599: item 10 has neighbours among the profile.
  const Explanation e = m->explain({{0, 5.0f}, {1, 4.0f}, {2, 1.0f}}, 10);
  EXPECT_FALSE(e.parts.empty());
}
