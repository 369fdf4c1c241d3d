// Evaluation: splits (protocols) and metrics, one implementation for the
// native CLI and the browser. Definitions are in docs/evaluation.md.
//
//   EvalOptions o;  o.protocol = "kfold:5";  o.k = 10;
//   EvalReport r = evaluate(data, "svd", Json::object(), o);
//   std::cout << to_json(r).dump(2);
//
// Everything is deterministic for a seed (util/rng.hpp's portable Rng, so
// native and wasm draw the same splits).
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

// ---------------------------------------------------------------- protocols

// A parsed protocol name:
//   holdout:F            one random split, a fraction F of all ratings in test
//   kfold:N              N-fold cross-validation over all ratings
//   user-stratified:F    per user, a fraction F of their ratings in test
//   leave-last:N         per user, their N latest ratings (by timestamp) in test
//   new-users:F:G[:random|:first]
//                        a fraction F of users held out whole; G of each one's
//                        ratings given as a profile (random: a seeded draw, the
//                        default; first: their first G by timestamp), the rest
//                        in test
//   ml100k-folds         the official u1..u5 .base/.test files (5 folds)
//   ml100k-ab            the official ua/ub .base/.test files (2 folds)
//   given                a split someone else made (evaluate_split)
struct ProtocolSpec {
  enum class Kind { Holdout, KFold, UserStratified, LeaveLast, NewUsers, Ml100kFolds, Ml100kAb, Given };
  Kind kind = Kind::Holdout;
  double fraction = 0.2;  // holdout, user-stratified, new-users
  int32_t n = 0;          // kfold: folds; leave-last: N; new-users: G (given ratings)
  // new-users: which G ratings form the profile.
  enum class Given { Random, First };
  Given given = Given::Random;
  std::string text;       // the canonical name, e.g. "kfold:5" ("new-users:F:G" when random)

  // Throws Error(InvalidArgument) naming what is wrong and the valid forms.
  static ProtocolSpec parse(const std::string& text);
  int32_t fold_count() const;
};

// One train/test split over the same catalogue and user indices.
struct Fold {
  Dataset train;  // what the model is fitted on
  Dataset test;   // held-out ratings (same user and item indices as train)
  // new-users only: the held-out users (they have no rows in train) and, in
  // the same order, the ratings each one gives the model as a profile.
  std::vector<int32_t> new_users;
  std::vector<Profile> profiles;
  bool is_new_user_fold() const { return !new_users.empty(); }
};

// Fold `fold` (0-based, < spec.fold_count()) of a protocol over `data`.
// ml100k-folds / ml100k-ab read <data_folder>/u1.base ... (Error(NotFound) if
// absent; Error(InvalidArgument) if data_folder is empty, as in the browser).
// leave-last and new-users:F:G:first need timestamps (Error(InvalidArgument)
// otherwise).
Fold make_fold(const Dataset& data, const ProtocolSpec& spec, int32_t fold, uint64_t seed,
               const std::string& data_folder = "");

// ------------------------------------------------------------------ metrics

// Per-list ranking metrics for one user (docs/evaluation.md has the formulas).
// `top` is the recommended list, best first, at most k long (shorter when
// there are fewer candidates); `relevant` holds the user's relevant items
// (any order, no duplicates). `first_relevant_rank` is the 1-based rank of
// the best-ranked relevant item among all candidates (0 when none is a
// candidate); it gives the reciprocal rank.
struct UserRankMetrics {
  double precision = 0, recall = 0, f1 = 0, ndcg = 0, ap = 0, hit = 0, rr = 0;
  // Average precision normalised by all |relevant| instead of min(k, |relevant|):
  // the "MAP" of Microsoft Recommenders' published benchmark table.
  double ap_all = 0;
};
UserRankMetrics rank_metrics(const std::vector<int32_t>& top, const std::vector<int32_t>& relevant,
                             int32_t k, int64_t first_relevant_rank);

// Top-k candidates of a score vector: items with candidate[i] != 0 and a
// finite score, best first, ties broken by the lower item index.
std::vector<int32_t> top_candidates(const std::vector<float>& scores,
                                    const std::vector<uint8_t>& candidate, int32_t k);
// 1-based rank, among candidates (same order as top_candidates), of the best
// relevant item; 0 when no relevant item is a candidate.
int64_t first_relevant_rank(const std::vector<float>& scores, const std::vector<uint8_t>& candidate,
                            const std::vector<int32_t>& relevant);

// Mean self-information of the recommended items: mean over every slot of
// every list of -log2(max(c_i, 1) / n_users), c_i = training users who rated i.
double novelty(const std::vector<std::vector<int32_t>>& lists, const std::vector<int32_t>& item_counts,
               int64_t n_users);
// Intra-list diversity of one list: mean over its pairs of 1 - Jaccard(genres)
// (two items without genres are at distance 0). NaN for fewer than 2 items.
double intra_list_diversity(const std::vector<int32_t>& list, const Catalog& catalog);
// Distinct recommended items / catalogue size.
double coverage(const std::vector<std::vector<int32_t>>& lists, int32_t n_items);

// --------------------------------------------------------------- evaluation

struct EvalProgress {
  int32_t fold = 0;          // 1-based
  int32_t n_folds = 0;
  std::string stage;         // "split", "fit", "rank", "done"
  double fraction = 0;       // of the whole evaluation, 0..1
  Progress fit;              // the model's own progress during "fit"
};

struct EvalOptions {
  std::string protocol = "holdout:0.2";
  int32_t k = 10;
  uint64_t seed = 42;
  // A held-out rating is relevant iff rating >= relevance_threshold; the
  // default 0 makes every held-out item relevant.
  double relevance_threshold = 0;
  std::string data_folder;  // ml100k-folds / ml100k-ab: the folder with u1.base...
  int32_t threads = 1;      // model fit threads and, natively, users scored in parallel
  // Called per stage and during fit; return false to cancel (Error(Aborted)).
  std::function<bool(const EvalProgress&)> progress;
};

// NaN marks a metric that is undefined (rmse/mae of a ranking-only model,
// ranking metrics when no user had a relevant item); to_json writes null.
struct Metrics {
  double rmse = std::numeric_limits<double>::quiet_NaN();
  double mae = std::numeric_limits<double>::quiet_NaN();
  double precision = 0, recall = 0, f1 = 0, ndcg = 0, map = 0, map_all = 0, hit_rate = 0, mrr = 0;
  double coverage = 0, novelty = 0, diversity = 0;
  int64_t ratings_predicted = 0;  // test ratings used for rmse/mae
  int64_t users_ranked = 0;       // users with at least one relevant held-out item
  int64_t users_skipped = 0;      // users with test ratings but none relevant
};

struct FoldReport {
  int32_t fold = 0;  // 1-based
  int64_t train_ratings = 0;
  int64_t test_ratings = 0;
  Metrics metrics;
  double fit_seconds = 0;
  double recommend_seconds_per_user = 0;  // score every item + top-k, per ranked user
  double predict_seconds = 0;             // all rating predictions for RMSE/MAE together
};

struct EvalReport {
  std::string dataset;
  std::string protocol;
  std::string algorithm;
  Json params;  // the model's effective parameters (defaults filled in)
  int32_t k = 10;
  uint64_t seed = 42;
  double relevance_threshold = 0;
  std::vector<FoldReport> folds;
  Metrics mean;  // mean over folds (counts are summed)
  double fit_seconds = 0;                 // mean over folds
  double recommend_seconds_per_user = 0;  // mean over folds
};

// Runs the protocol of options.protocol: for each fold, fits a fresh model
// (make_model(algorithm, params)) on the train part and scores the test part.
EvalReport evaluate(const Dataset& data, const std::string& algorithm, const Json& params,
                    const EvalOptions& options);
// The same on a split made elsewhere (protocol "given"); train and test must
// share the catalogue and user indices (e.g. load_rating_file of both).
EvalReport evaluate_split(const Dataset& train, const Dataset& test, const std::string& algorithm,
                          const Json& params, const EvalOptions& options);
// Metrics of an already fitted model on one fold (no fitting, no timing of fit).
FoldReport score_fold(const Model& model, const Fold& fold, const EvalOptions& options);

// {"dataset","protocol","algorithm","params","k","folds":[...],"mean":{"rmse",
//  "mae","precision@K","recall@K","f1@K","ndcg@K","map@K","hit_rate@K","mrr",
//  "coverage","novelty","diversity"},"fit_seconds","recommend_seconds_per_user"}
// Undefined metrics are null. Each fold object carries the same metric keys
// plus its counts, timings ("predict_seconds" too) and "map_all@K".
Json to_json(const EvalReport& report);
// The metric keys of "mean" in order, with K filled in ("precision@10", ...).
std::vector<std::string> metric_names(int32_t k);

}  // namespace cinerec
