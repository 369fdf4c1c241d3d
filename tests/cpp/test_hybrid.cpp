#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"

#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {
// z-scores and min-max of a score vector, as the blend computes them.
std::vector<double> zscore(const std::vector<double>& v) {
  double mean = 0, sq = 0;
  for (double x : v) mean += x;
  mean /= v.size();
  for (double x : v) sq += (x - mean) * (x - mean);
  const double sd = std::sqrt(sq / v.size());
  std::vector<double> out;
  for (double x : v) out.push_back((x - mean) / sd);
  return out;
}
std::vector<double> minmax(const std::vector<double>& v) {
  const double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  std::vector<double> out;
  for (double x : v) out.push_back((x - lo) / (hi - lo));
  return out;
}
// The tiny matrix with genres: i0 and i2 Action, i1 Drama.
Dataset tiny_with_genres() { return cinerec::testing::tiny_with_genres({"Action", "Drama"}, {1u, 2u, 1u}); }
const Json kCount = {{"algorithm", "popularity"}, {"weight", 2}};
const Json kDamped = {{"algorithm", "popularity"}, {"params", {{"mode", "damped_mean"}, {"damping", 2}}}, {"weight", 1}};
// popularity counts [3, 4, 3]; damped means (d = 2) [3.64, 2.5333, 3.24]
const std::vector<double> kCounts = {3, 4, 3}, kMeans = {18.2 / 5, 15.2 / 6, 16.2 / 5};
}  // namespace

TEST(Hybrid, WeightedZScoreAndMinMaxByHand) {
  const Json comps = Json::array({kCount, kDamped});
  auto z = fitted("hybrid", {{"components", comps}}, tiny_ratings());
  const auto zc = zscore(kCounts), zm = zscore(kMeans);
  const auto s = z->score(Profile{});
  for (int32_t i = 0; i < 3; ++i) EXPECT_NEAR(s[i], 2 * zc[i] + zm[i], 1e-4) << i;
  auto mm = fitted("hybrid", {{"components", comps}, {"normalization", "minmax"}}, tiny_ratings());
  const auto mc = minmax(kCounts), mmn = minmax(kMeans);
  const auto t = mm->score(Profile{});
  for (int32_t i = 0; i < 3; ++i) EXPECT_NEAR(t[i], 2 * mc[i] + mmn[i], 1e-4) << i;
}

// Reciprocal rank fusion, rrf_k 60: counts rank i1, i0, i2 (ties by index);
// damped means rank i0, i2, i1.
TEST(Hybrid, ReciprocalRankFusionByHand) {
  auto m = fitted("hybrid", {{"components", Json::array({kCount, kDamped})}, {"fusion", "rank"}}, tiny_ratings());
  const auto s = m->score(Profile{});
  EXPECT_NEAR(s[0], 2.0 / 62 + 1.0 / 61, 1e-6);
  EXPECT_NEAR(s[1], 2.0 / 61 + 1.0 / 63, 1e-6);
  EXPECT_NEAR(s[2], 2.0 / 63 + 1.0 / 62, 1e-6);
}

// Items with fewer than cold_threshold ratings take their score from content
// alone, mapped onto the warm items' blended scores by least squares. Tiny
// with genres: content for {i0: 5} scores i0 and i2 (Action) 1, i1 0; with
// cold_threshold 4, i0 and i2 (3 ratings) are cold and i1 the only warm item.
TEST(Hybrid, ContentCarriesColdItems) {
  const Json comps = Json::array({Json{{"algorithm", "popularity"}, {"weight", 0.5}},
                                  Json{{"algorithm", "content"}, {"params", {{"min_df", 1}}}, {"weight", 0.5}}});
  const Dataset d = tiny_with_genres();
  auto warm = fitted("hybrid", {{"components", comps}, {"cold_threshold", 0}}, d);
  auto cold = fitted("hybrid", {{"components", comps}, {"cold_threshold", 4}}, d);
  const Profile p = {{0, 5.0f}};
  const auto w = warm->score(p), c = cold->score(p);
  // Warm blend by hand: popularity z [−.7071, 1.4142, −.7071] and content z
  // [.7071, −1.4142, .7071] at 0.5 each cancel out.
  for (int32_t i = 0; i < 3; ++i) EXPECT_NEAR(w[i], 0.0, 1e-4) << i;
  // With one warm item the line is flat at its score.
  EXPECT_NEAR(c[1], w[1], 1e-6);
  EXPECT_NEAR(c[0], c[1], 1e-6);
  EXPECT_NEAR(c[2], c[1], 1e-6);
  const Explanation e = cold->explain(p, 2);
  ASSERT_FALSE(e.parts.empty());
  for (const auto& part : e.parts) {  // popularity's weight went to content
    EXPECT_NE(part.kind, ReasonKind::Popularity);
    EXPECT_NE(part.kind, ReasonKind::RatedMovie);
  }
}

TEST(Hybrid, ColdItemsRankWhereTheirContentRanks) {
  // 12 items, item i has 12 − i ratings from users who each rated a prefix;
  // genres alternate A/B. Items 8..11 (fewer than 5 ratings) are cold.
  auto cat = std::make_shared<Catalog>();
  cat->genre_names = {"A", "B"};
  for (int32_t i = 0; i < 12; ++i) {
    Movie m;
    m.id = 1 + i;
    m.title = "Film " + std::to_string(i);
    m.genres = i % 2 ? 2u : 1u;
    cat->movies.push_back(m);
  }
  cat->rebuild_index();
  std::vector<Rating> r;
  for (int32_t u = 0; u < 12; ++u)
    for (int32_t i = 0; i < 12 - u; ++i) r.push_back({u, i, static_cast<float>(1 + (u + i) % 5), 0});
  Dataset d;
  d.catalog = cat;
  d.user_ids.resize(12);
  d.rating_min = 1;
  d.rating_max = 5;
  d.ratings = RatingMatrix::from_triplets(12, 12, r);
  const Json comps = Json::array({Json{{"algorithm", "popularity"}, {"weight", 0.6}},
                                  Json{{"algorithm", "content"}, {"weight", 0.4}}});
  auto m = fitted("hybrid", {{"components", comps}, {"cold_threshold", 5}}, d);
  auto content = fitted("content", Json::object(), d);
  const Profile p = {{0, 5.0f}, {1, 1.0f}};  // likes A, dislikes B
  const auto s = m->score(p), cs = content->score(p);
  // A cold item gets the least-squares line, fitted over the warm items, from
  // the content-only z-score to the blended score.
  std::vector<double> z = zscore(std::vector<double>(cs.begin(), cs.end()));
  double mz = 0, ms = 0, cov = 0, var = 0;
  for (int32_t i = 0; i < 8; ++i) {
    mz += z[i] / 8;
    ms += s[i] / 8.0;
  }
  for (int32_t i = 0; i < 8; ++i) {
    cov += (z[i] - mz) * (s[i] - ms);
    var += (z[i] - mz) * (z[i] - mz);
  }
  const double slope = cov / var;
  EXPECT_GT(slope, 0);  // liking A shows in both popularity-blend and content
  for (int32_t i = 8; i < 12; ++i) EXPECT_NEAR(s[i], ms + slope * (z[i] - mz), 1e-4) << "item " << i;
  // Cold items keep the order content gives them: A (8, 10) above B (9, 11).
  EXPECT_GT(cs[8], cs[9]);
  EXPECT_GT(s[8], s[9]);
  EXPECT_GT(s[10], s[11]);
  const auto top = m->recommend(p, 12);
  EXPECT_EQ(top.size(), 10u);
}

TEST(Hybrid, ExplainMergesTheComponents) {
  auto m = fitted("hybrid", Json{{"components", Json::array({Json{{"algorithm", "item-knn"}, {"weight", 1}},
                                                              Json{{"algorithm", "content"}, {"weight", 1}}})},
                       {"cold_threshold", 0}},
                  tiny_with_genres());
  const Explanation e = m->explain({{0, 5.0f}, {1, 2.0f}}, 2);
  bool feature = false;
  for (const auto& part : e.parts) {
    if (part.kind == ReasonKind::RatedMovie) continue;
    feature = true;  // content's feature, named through the hybrid
    EXPECT_FALSE(m->feature_name(part.kind, part.feature).empty());
  }
  EXPECT_TRUE(feature);
  EXPECT_NEAR(e.score, m->score({{0, 5.0f}, {1, 2.0f}})[2], 1e-6);
}

TEST(Hybrid, DefaultsAndParameterErrors) {
  auto m = make_model("hybrid");
  const Json p = m->params();
  ASSERT_EQ(p["components"].size(), 2u);
  EXPECT_EQ(p["components"][0]["algorithm"], "ials");
  EXPECT_EQ(p["components"][0]["weight"], 0.9);
  EXPECT_EQ(p["components"][1]["algorithm"], "content");
  EXPECT_EQ(p["components"][1]["weight"], 0.1);
  EXPECT_TRUE(p["components"][0]["params"].contains("factors"));  // the effective parameters
  auto refused = [](const Json& params, const std::string& words) {
    try {
      make_model("hybrid", params);
      ADD_FAILURE() << "accepted " << params.dump();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refused({{"components", "svd"}}, "non-empty array");
  refused({{"components", Json::array({Json{{"algorithm", "nope"}}})}}, "unknown algorithm 'nope'");
  refused({{"components", Json::array({Json{{"algorithm", "hybrid"}}})}}, "cannot contain a hybrid");
  refused({{"components", Json::array({Json{{"algorithm", "svd"}, {"params", {{"n_factorz", 3}}}}})}}, "n_factorz");
  refused({{"components", Json::array({Json{{"algorithm", "svd"}, {"weight", -1}}})}}, "weight");
}
