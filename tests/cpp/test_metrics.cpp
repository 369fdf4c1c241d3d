// Every metric against values worked out by hand (docs/evaluation.md).
#include <gtest/gtest.h>

#include <cmath>

#include "cinerec/eval.hpp"
#include "eval_fixtures.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {
const double kLog3 = std::log2(3.0), kLog5 = std::log2(5.0);
}

TEST(RankMetrics, TwoHitsInFive) {
  // top = 3 1 7 2 9, relevant {1, 2, 8}: hits at ranks 2 and 4.
  UserRankMetrics m = rank_metrics({3, 1, 7, 2, 9}, {8, 2, 1}, 5, 2);
  EXPECT_DOUBLE_EQ(m.precision, 2.0 / 5);
  EXPECT_DOUBLE_EQ(m.recall, 2.0 / 3);
  EXPECT_NEAR(m.f1, 0.5, 1e-12);  // 2 * 0.4 * 2/3 / (0.4 + 2/3)
  EXPECT_NEAR(m.ndcg, (1 / kLog3 + 1 / kLog5) / (1 + 1 / kLog3 + 0.5), 1e-12);
  EXPECT_NEAR(m.ap, (1.0 / 2 + 2.0 / 4) / 3, 1e-12);  // / min(k=5, |rel|=3)
  EXPECT_NEAR(m.ap_all, (1.0 / 2 + 2.0 / 4) / 3, 1e-12);
  EXPECT_EQ(m.hit, 1.0);
  EXPECT_DOUBLE_EQ(m.rr, 0.5);
}

TEST(RankMetrics, MoreRelevantThanK) {
  // k = 2, both slots relevant, 4 relevant items in all.
  UserRankMetrics m = rank_metrics({1, 2}, {1, 2, 3, 4}, 2, 1);
  EXPECT_DOUBLE_EQ(m.precision, 1.0);
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  EXPECT_NEAR(m.f1, 2.0 / 3, 1e-12);
  EXPECT_NEAR(m.ndcg, 1.0, 1e-12);  // the ideal list has only k = 2 slots
  EXPECT_NEAR(m.ap, 1.0, 1e-12);    // (1/1 + 2/2) / min(2, 4)
  EXPECT_NEAR(m.ap_all, 0.5, 1e-12);  // (1/1 + 2/2) / 4 (Microsoft Recommenders' MAP)
  EXPECT_DOUBLE_EQ(m.rr, 1.0);
}

TEST(RankMetrics, KLargerThanTheCandidates) {
  // Only two candidates for k = 10: precision still divides by k.
  UserRankMetrics m = rank_metrics({5, 6}, {6}, 10, 2);
  EXPECT_DOUBLE_EQ(m.precision, 0.1);
  EXPECT_DOUBLE_EQ(m.recall, 1.0);
  EXPECT_NEAR(m.f1, 2 * 0.1 / 1.1, 1e-12);
  EXPECT_NEAR(m.ndcg, 1 / kLog3, 1e-12);
  EXPECT_NEAR(m.ap, 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(m.hit, 1.0);
  EXPECT_DOUBLE_EQ(m.rr, 0.5);
}

TEST(RankMetrics, EmptyListAndNoHits) {
  UserRankMetrics e = rank_metrics({}, {1}, 10, 0);
  for (double v : {e.precision, e.recall, e.f1, e.ndcg, e.ap, e.ap_all, e.hit, e.rr}) EXPECT_EQ(v, 0.0);
  // A miss in the top-k but a relevant item at rank 40 of the whole ranking.
  UserRankMetrics miss = rank_metrics({1, 2, 3}, {9}, 3, 40);
  EXPECT_EQ(miss.precision, 0.0);
  EXPECT_EQ(miss.ndcg, 0.0);
  EXPECT_EQ(miss.hit, 0.0);
  EXPECT_DOUBLE_EQ(miss.rr, 1.0 / 40);
}

TEST(RankMetrics, NoRelevantItemsGivesZeros) {
  UserRankMetrics m = rank_metrics({1, 2}, {}, 2, 0);
  for (double v : {m.precision, m.recall, m.f1, m.ndcg, m.ap, m.hit, m.rr}) EXPECT_EQ(v, 0.0);
}

TEST(TopCandidates, TiesBreakByLowerIndexAndExclusionsHold) {
  const std::vector<float> s = {1, 2, 2, 0.5f, 2, NAN};
  EXPECT_EQ(top_candidates(s, std::vector<uint8_t>(6, 1), 2), (std::vector<int32_t>{1, 2}));
  std::vector<uint8_t> c(6, 1);
  c[1] = 0;
  EXPECT_EQ(top_candidates(s, c, 3), (std::vector<int32_t>{2, 4, 0}));
  // k larger than the candidates: every finite candidate, NaN never.
  EXPECT_EQ(top_candidates(s, c, 100), (std::vector<int32_t>{2, 4, 0, 3}));
  EXPECT_TRUE(top_candidates(s, std::vector<uint8_t>(6, 0), 5).empty());
}

TEST(FirstRelevantRank, CountsBetterCandidatesWithTies) {
  const std::vector<float> s = {1, 2, 2, 0.5f, 2};
  std::vector<uint8_t> all(5, 1);
  EXPECT_EQ(first_relevant_rank(s, all, {4}), 3);     // items 1 and 2 tie and win by index
  EXPECT_EQ(first_relevant_rank(s, all, {0, 4}), 3);  // the better of the two relevant
  EXPECT_EQ(first_relevant_rank(s, all, {1}), 1);
  std::vector<uint8_t> c = all;
  c[1] = 0;
  EXPECT_EQ(first_relevant_rank(s, c, {4}), 2);
  EXPECT_EQ(first_relevant_rank(s, c, {1}), 0);  // not a candidate
}

TEST(Novelty, MeanSelfInformation) {
  // 4 training users; item 0 rated by all, item 1 by one, item 2 by none (counted as 1).
  const double v = novelty({{0, 1}, {2}}, {4, 1, 0}, 4);
  EXPECT_NEAR(v, (0.0 + 2.0 + 2.0) / 3, 1e-12);
  EXPECT_TRUE(std::isnan(novelty({}, {4, 1, 0}, 4)));
}

TEST(Diversity, MeanPairwiseGenreJaccardDistance) {
  // A = {Action, Comedy}, B = {Action}, C = {Drama}, D and E without genres.
  auto cat = make_catalog(5, {0b011, 0b001, 0b100, 0, 0});
  EXPECT_NEAR(intra_list_diversity({0, 1, 2}, *cat), (0.5 + 1.0 + 1.0) / 3, 1e-12);
  EXPECT_NEAR(intra_list_diversity({3, 4}, *cat), 0.0, 1e-12);
  EXPECT_NEAR(intra_list_diversity({0, 3}, *cat), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(intra_list_diversity({0}, *cat)));
  EXPECT_TRUE(std::isnan(intra_list_diversity({}, *cat)));
}

TEST(Coverage, DistinctItemsOverCatalogue) {
  EXPECT_DOUBLE_EQ(coverage({{0, 1}, {1, 2}}, 10), 0.3);
  EXPECT_DOUBLE_EQ(coverage({}, 10), 0.0);
}

// A 3 users x 4 items fold whose every number is worked out by hand.
namespace {
Fold hand_fold() {
  std::vector<Rating> train = {{0, 0, 4, 0}, {1, 1, 3, 0}, {2, 0, 5, 0}, {2, 1, 2, 0}};
  std::vector<Rating> test = {{0, 1, 5, 0}, {0, 2, 2, 0}, {1, 0, 4, 0}, {2, 3, 1, 0}};
  auto cat = make_catalog(4, {0b001, 0b001, 0b010, 0b011});
  Fold f;
  f.train = make_dataset(3, 4, train, cat);
  f.test = make_dataset(3, 4, test, cat);
  return f;
}
FixedModel hand_model(bool rates = true) {
  return FixedModel({{9, 3, 1, 0}, {2, 9, 1, 4}, {0, 0, 5, 7}}, rates);
}
}  // namespace

TEST(ScoreFold, RatingAndRankingMetricsByHand) {
  Fold f = hand_fold();
  FixedModel model = hand_model();
  model.fit(f.train, {});
  EvalOptions o;
  o.k = 2;
  FoldReport r = score_fold(model, f, o);
  const Metrics& m = r.metrics;
  // Errors 5-3, 2-1, 4-2, 1-clip(7)=1-5.
  EXPECT_NEAR(m.rmse, 2.5, 1e-12);
  EXPECT_NEAR(m.mae, 2.25, 1e-12);
  EXPECT_EQ(m.ratings_predicted, 4);
  // Lists: u0 [1 2] (both relevant), u1 [3 0] (hit at 2), u2 [3 2] (hit at 1).
  EXPECT_EQ(m.users_ranked, 3);
  EXPECT_EQ(m.users_skipped, 0);
  EXPECT_NEAR(m.precision, 2.0 / 3, 1e-12);
  EXPECT_NEAR(m.recall, 1.0, 1e-12);
  EXPECT_NEAR(m.f1, (1 + 2.0 / 3 + 2.0 / 3) / 3, 1e-12);
  EXPECT_NEAR(m.ndcg, (2 + 1 / kLog3) / 3, 1e-12);
  EXPECT_NEAR(m.map, 2.5 / 3, 1e-12);
  EXPECT_NEAR(m.hit_rate, 1.0, 1e-12);
  EXPECT_NEAR(m.mrr, 2.5 / 3, 1e-12);
  EXPECT_NEAR(m.coverage, 1.0, 1e-12);
  // Training counts: items 0 and 1 by 2 of 3 users, items 2 and 3 by none.
  EXPECT_NEAR(m.novelty, (2 * -std::log2(2.0 / 3) + 4 * -std::log2(1.0 / 3)) / 6, 1e-12);
  // Pairs: (1,2) {A}/{C} -> 1; (3,0) {A,C}/{A} -> 0.5; (3,2) {A,C}/{C} -> 0.5.
  EXPECT_NEAR(m.diversity, 2.0 / 3, 1e-12);
}

TEST(ScoreFold, ThresholdSkipsUsersWithoutRelevantItems) {
  Fold f = hand_fold();
  FixedModel model = hand_model();
  model.fit(f.train, {});
  EvalOptions o;
  o.k = 2;
  o.relevance_threshold = 3;  // u0 keeps item 1, u1 item 0, u2 nothing
  FoldReport r = score_fold(model, f, o);
  EXPECT_EQ(r.metrics.users_ranked, 2);
  EXPECT_EQ(r.metrics.users_skipped, 1);
  EXPECT_EQ(r.metrics.ratings_predicted, 4);  // rmse still uses every held-out rating
  EXPECT_NEAR(r.metrics.precision, (0.5 + 0.5) / 2, 1e-12);
  EXPECT_NEAR(r.metrics.mrr, (1 + 0.5) / 2, 1e-12);
}

TEST(ScoreFold, RankingOnlyModelHasNoRmse) {
  Fold f = hand_fold();
  FixedModel model = hand_model(false);
  model.fit(f.train, {});
  EvalOptions o;
  o.k = 2;
  FoldReport r = score_fold(model, f, o);
  EXPECT_TRUE(std::isnan(r.metrics.rmse));
  EXPECT_TRUE(std::isnan(r.metrics.mae));
  EXPECT_EQ(r.metrics.ratings_predicted, 0);
  EXPECT_NEAR(r.metrics.precision, 2.0 / 3, 1e-12);
}

TEST(ScoreFold, ThreadsGiveIdenticalNumbers) {
  Dataset d = random_dataset(60, 30, 7);
  Fold f = make_fold(d, ProtocolSpec::parse("holdout:0.3"), 0, 1);
  std::vector<std::vector<float>> table;
  Rng rng(3);
  for (int32_t u = 0; u < 60; ++u) {
    table.emplace_back();
    for (int32_t i = 0; i < 30; ++i) table.back().push_back(static_cast<float>(rng.below(6)));  // many ties
  }
  FixedModel model(table);
  model.fit(f.train, {});
  EvalOptions o;
  o.k = 5;
  Json one = to_json(EvalReport{"d", "p", "a", {}, 5, 0, 0, {score_fold(model, f, o)}, {}, 0, 0})["folds"][0];
  o.threads = 4;
  Json four = to_json(EvalReport{"d", "p", "a", {}, 5, 0, 0, {score_fold(model, f, o)}, {}, 0, 0})["folds"][0];
  for (const char* key : {"rmse", "precision@5", "ndcg@5", "map@5", "mrr", "coverage", "novelty", "diversity"})
    EXPECT_EQ(one[key], four[key]) << key;
}

TEST(ScoreFold, NewUserFoldScoresTheGivenProfile) {
  // User 1 is new: no train row, profile {item 1: 3}, test {0: 4, 2: 2}.
  auto cat = make_catalog(4);
  Fold f;
  f.train = make_dataset(2, 4, {{0, 0, 4, 0}, {0, 1, 2, 0}}, cat);
  f.test = make_dataset(2, 4, {{1, 0, 4, 0}, {1, 2, 2, 0}}, cat);
  f.new_users = {1};
  f.profiles = {{{1, 3.0f}}};
  // score(profile) = [3, 9, 6, 1]: item 1 is given, so the list is [2, 0].
  FixedModel model({{0, 0, 0, 0}, {0, 0, 0, 0}}, true, {3, 9, 6, 1});
  model.fit(f.train, {});
  EvalOptions o;
  o.k = 2;
  FoldReport r = score_fold(model, f, o);
  EXPECT_NEAR(r.metrics.rmse, std::sqrt((1.0 + 9.0) / 2), 1e-12);  // 4-3, 2-clip(6)=2-5
  EXPECT_NEAR(r.metrics.precision, 1.0, 1e-12);
  EXPECT_NEAR(r.metrics.ndcg, 1.0, 1e-12);
  EXPECT_EQ(r.metrics.users_ranked, 1);
}

TEST(ToJson, ShapeAndNamesCarryK) {
  Fold f = hand_fold();
  FixedModel model = hand_model(false);
  model.fit(f.train, {});
  EvalOptions o;
  o.k = 7;
  EvalReport rep;
  rep.dataset = "fixture";
  rep.protocol = "holdout:0.2";
  rep.algorithm = "fixed";
  rep.params = Json::object();
  rep.k = 7;
  rep.folds.push_back(score_fold(model, f, o));
  rep.mean = rep.folds[0].metrics;
  Json j = to_json(rep);
  for (const char* key : {"dataset", "protocol", "algorithm", "params", "k", "folds", "mean", "fit_seconds",
                          "recommend_seconds_per_user"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j.size(), 9u);
  EXPECT_EQ(j["mean"].size(), 12u);
  for (const std::string& name : metric_names(7)) EXPECT_TRUE(j["mean"].contains(name)) << name;
  EXPECT_TRUE(j["mean"].contains("precision@7"));
  EXPECT_TRUE(j["mean"]["rmse"].is_null());
  EXPECT_TRUE(j["mean"]["mae"].is_null());
  EXPECT_TRUE(j["mean"]["ndcg@7"].is_number());
  EXPECT_EQ(j["folds"].size(), 1u);
}
