// The application service over one catalogue (DESIGN.md "The session"): it
// owns the dataset (its ratings shared by pointer with every model), the
// current model, the catalogue's statistics, and answers recommend / similar
// / explain / predict for a profile with one fold each. The CLI and the
// Embind surface both drive a Session; neither holds logic of its own, and
// the sentence a person reads is written by web/lib from the structured
// reasons returned here.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

// Per movie, over the catalogue's ratings.
struct MovieStats {
  std::vector<int32_t> counts;  // ratings per movie
  std::vector<float> means;     // mean rating, NaN when it has none
};

// What is known of the current model.
struct ModelInfo {
  std::string algorithm;
  Json params;
  bool predicts_ratings = false;
  std::optional<uint64_t> seed;          // set when trained in this session
  std::optional<double> train_seconds;   // likewise
  int32_t trained_with_ratings = 0;      // the person's own ratings added to training
};

// Filters as a caller names them; Session::filters checks and resolves them.
struct FilterSpec {
  std::vector<std::string> genres;  // MovieLens genre names (any of them)
  int32_t year_min = 0;             // inclusive, 0 = no bound
  int32_t year_max = 0;
  int32_t min_ratings = 0;          // hide movies with fewer ratings
  std::vector<int32_t> exclude;     // item indices
};

// One part of an explanation with the name of its feature resolved.
struct Reason {
  ReasonKind kind = ReasonKind::RatedMovie;
  int32_t item = -1;      // RatedMovie: the rated movie's item index
  int32_t feature = -1;   // the model's feature id (SimilarUser: a user index)
  std::string name;       // "Comedy", "1990s", ... ("" when the kind names nothing)
  float weight = 0;
};
struct Why {
  float score = 0;
  std::vector<Reason> parts;  // strongest first, at most kMaxReasonParts
};
constexpr size_t kMaxReasonParts = 8;

struct Recommendation {
  int32_t item = 0;
  float score = 0;
  std::optional<Why> why;  // when reasons were asked for
};

// Where Session::similar finds a movie's neighbours.
enum class SimilarBy : uint8_t {
  Ratings,  // who rated both, and how alike (the catalogue's ratings; no model needed)
  Model,    // the current model's item representation (Model::similar_items)
};
struct SimilarOptions {
  SimilarBy by = SimilarBy::Ratings;
  int32_t min_ratings = -1;  // neighbours need this many ratings; -1 = Session::similar_floor()
};

class Session {
 public:
  // Loads the model the data carries (Dataset::model), if any; a model that
  // does not fit the catalogue is Error(SnapshotCorrupt) naming MODL.
  explicit Session(Dataset data);
  // Parses a snapshot (Error SnapshotCorrupt / SnapshotVersion).
  static Session from_snapshot(const std::vector<uint8_t>& bytes);

  const Dataset& data() const { return data_; }
  const Catalog& catalog() const { return *data_.catalog; }
  const MovieStats& stats() const { return stats_; }
  // Each movie's tags, most used first (ties in catalogue order).
  std::vector<std::vector<TagCount>> tags_most_used() const;

  // The current model: none until train() or load_model() succeeds.
  bool has_model() const { return model_ != nullptr; }
  const Model& model() const;  // Error(NotTrained) when there is none
  const std::optional<ModelInfo>& model_info() const { return info_; }

  // A catalogue (a snapshot without ratings) carries its model and cannot
  // train or evaluate: train() and evaluate() throw Error(Catalogue).
  bool is_catalogue() const { return data_.is_catalogue(); }

  // Trains a new model on the whole catalogue, plus `mine` as one more user
  // when it is not empty ("retrain with my ratings"). On success it replaces
  // the current model; on failure or cancel the current one stays.
  const ModelInfo& train(const std::string& algorithm, const Json& params, const FitOptions& options,
                         const Profile& mine = {});
  // A model saved by save_model(); refused (InvalidArgument) when it was
  // trained on another number of movies. Replaces the current one.
  const ModelInfo& load_model(const std::vector<uint8_t>& bytes);
  std::vector<uint8_t> save_model() const;

  // A profile from (MovieLens movieId, rating) pairs: unknown ids are
  // Error(UnknownMovie), ratings off the catalogue's scale InvalidArgument;
  // a movie rated twice keeps the last rating.
  Profile profile(const std::vector<std::pair<int64_t, float>>& ratings) const;
  // Genre names → bits (an unknown genre is InvalidArgument naming it).
  Filters filters(const FilterSpec& spec) const;

  // One fold of the profile serves the list and every reason. An empty
  // profile gets popular() instead of the model's guess (a model folded with
  // no ratings ranks by its item biases, which favour movies that a handful
  // of people loved); a model must still be trained or loaded. A dataset
  // without ratings or their summary has no popularity to go by: there the
  // model ranks an empty profile too (a catalogue keeps the summary).
  std::vector<Recommendation> recommend(const Profile& profile, int32_t n, const Filters& filters,
                                        bool reasons) const;
  // What is popular and well liked: the movies by their damped mean rating
  //   score_i = (n_i * mean_i + m * C) / (n_i + m)
  // (C the catalogue's mean rating, m = popular_prior()), so a movie needs
  // many ratings to rise above the catalogue's mean: the ranking IMDb's
  // top-250 uses. Reasons: Popularity (weight = n_i) and MovieMean
  // (weight = mean_i - C). Needs no model.
  std::vector<Recommendation> popular(int32_t n, const Filters& filters, bool reasons) const;
  // m: the rating count of the movie at the top 2% by count (at least 1).
  float popular_prior() const { return prior_; }
  Why explain(const Profile& profile, int32_t item) const;
  // On the rating scale, clipped.
  float predict(const Profile& profile, int32_t item) const;
  // The same for several movies, folding the profile once.
  std::vector<float> predict(const Profile& profile, const std::vector<int32_t>& items) const;
  // The n movies most like `item`, never one with fewer ratings than the
  // floor. By ratings (the default, no model needed), a neighbour j of i is
  // scored from the people who rated both (c of them; n_i, n_j raters each):
  //   sim(i, j) = c / sqrt(n_i n_j)            who watched both, beyond popularity
  //             * c / (c + 10)                 shrinkage: little evidence, low score
  //             * (1 + pearson_ij) / 2         did they rate both alike (ratings
  //                                            centred on each person's mean)
  //             * (1 + jaccard(genres)) / 2    the same kind of film
  // with at least 3 co-raters who rated both alike (pearson > 0; 1 of the 500
  // top-10 neighbours of the 50 most rated movies is cut by it on
  // ml-latest-small); when that finds fewer than n (an obscure
  // movie), the rest are movies of the same genres and era, best liked
  // first, scored below every neighbour found by ratings. Scores rank one
  // list; they are not comparable between movies. Falls back to the model
  // when the catalogue has no ratings. By model: Model::similar_items,
  // filtered by the floor.
  std::vector<Scored> similar(int32_t item, int32_t n, const SimilarOptions& options = {}) const;
  // The default floor: 20 ratings, lowered on small catalogues to the count
  // of the movie ranked max(100, a tenth of the rated movies) by count, at least 1.
  int32_t similar_floor() const { return floor_; }
  // Evaluates an algorithm on the catalogue's ratings (the current model is
  // not touched).
  EvalReport evaluate(const std::string& algorithm, const Json& params, const EvalOptions& options) const;

  // The structured reasons of an explanation, names resolved.
  Why why(const Explanation& e) const;

 private:
  void check_item(int32_t item) const;
  void check_trainable(const char* what) const;
  bool has_popularity() const { return data_.ratings->nnz() > 0 || data_.is_catalogue(); }
  std::vector<Scored> similar_by_ratings(int32_t item, int32_t n, int32_t floor) const;
  float damped_mean(int32_t item) const;

  Dataset data_;
  MovieStats stats_;
  std::vector<float> user_means_;  // each training user's mean rating
  int32_t floor_ = 1;
  float prior_ = 1;
  std::unique_ptr<Model> model_;
  std::optional<ModelInfo> info_;
};

// {algorithm, params, predictsRatings, seed, trainSeconds, trainedWithRatings}
Json to_json(const ModelInfo& info);
// {score, parts: [{kind, item | name, weight}]} (non-finite numbers as null).
Json to_json(const Why& why);

}  // namespace cinerec
