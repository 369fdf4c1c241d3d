// The one contract every algorithm implements (STYLE.md #2, DESIGN.md).
// Algorithms do no I/O: data comes in as a Dataset, models leave as bytes.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cinerec/dataset.hpp"

namespace cinerec {

using Json = nlohmann::json;

struct Progress {
  int32_t epoch = 0;         // 1-based; 0 for models without epochs
  int32_t total_epochs = 0;  // 0 when unknown
  double loss = 0;           // training objective (or RMSE on train), NaN if none
  double elapsed_seconds = 0;
  std::string stage;         // e.g. "similarities", "epoch"
};

struct FitOptions {
  uint64_t seed = 42;
  // Called after each epoch / stage. Return false to cancel: fit then throws
  // Error(Aborted) and the model stays untrained.
  std::function<bool(const Progress&)> progress;
  int32_t threads = 1;  // native only; wasm is single-threaded
};

struct Filters {
  std::vector<int32_t> exclude;    // item indices never to return
  uint32_t genres_any = 0;         // if non-zero, keep items with any of these genre bits
  int32_t year_min = 0;            // inclusive, 0 = no bound
  int32_t year_max = 0;            // inclusive, 0 = no bound
  int32_t min_ratings = 0;         // hide items with fewer training ratings
  bool exclude_rated = true;       // drop items in the profile
};

struct Scored {
  int32_t item = 0;
  float score = 0;
};

// What drove a score, as data: the sentence a person reads is written in one
// place, web/lib (reasons.js), from these parts.
enum class ReasonKind : uint8_t {
  RatedMovie,   // item: a movie in the profile
  SimilarUser,  // feature: a training user whose taste is close (user-based knn)
  Genre,        // feature: an id the model's feature_name() resolves (content)
  Tag,          // feature: as Genre
  TitleWord,    // feature: as Genre
  Decade,       // feature: as Genre
  Popularity,   // how many people rated the movie (or an implicit model's item bias)
  MovieMean,    // how the movie is rated relative to the average
  UserMean,     // how this person rates relative to the average
  Group,        // feature: user group × movie group (co-clustering)
  WhichRated,   // which movies the person chose to rate (svd++'s implicit term)
  Director,     // feature: as Genre (content, from TMDb details)
  Cast,         // feature: as Genre
  Keyword,      // feature: as Genre (a TMDb keyword)
  OverviewWord, // feature: as Genre (a word of the plot overview)
};
// "movie", "similar-user", "genre", "director", ... (the names web/lib receives).
const char* reason_kind_name(ReasonKind kind);

// Why an item scored as it did: the profile items or features that
// contributed most, each with its share of the score, strongest first (ties
// by item, then feature, so every platform orders them alike).
struct Explanation {
  struct Part {
    ReasonKind kind = ReasonKind::RatedMovie;
    int32_t item = -1;     // for RatedMovie
    int32_t feature = -1;  // for the kinds that name a feature
    float weight = 0;
  };
  float score = 0;
  std::vector<Part> parts;
};

class Model;

// What one model keeps of one folded profile beyond its scores, for explain().
struct FoldDetail {
  virtual ~FoldDetail() = default;
};

// A profile folded into a model once (DESIGN.md "The model contract"):
// score, predict, explain and recommend read it and never fold again.
struct UserState {
  UserState() {}  // not an aggregate: a braced profile means a Profile
  Profile profile;            // the ratings folded in (item indices checked)
  int32_t user = -1;          // the training user (fold_user), -1 for a profile
  std::vector<float> scores;  // one per item; rating models: the unclipped predicted rating
  std::shared_ptr<const FoldDetail> detail;  // the model's own; may be null
  const Model* model = nullptr;              // who folded it
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string name() const = 0;
  // The effective parameters (defaults filled in), as given to the factory.
  virtual Json params() const = 0;
  virtual bool trained() const = 0;

  virtual void fit(const Dataset& train, const FitOptions& options) = 0;

  // Folds a profile that need not be in the training data: every item's
  // score, and what explain() needs. Throws NotTrained, or InvalidArgument
  // for an item index out of range.
  UserState fold(const Profile& profile) const;
  // The state of a training user (learned user state where the model has it).
  UserState fold_user(int32_t user) const;
  // How many times fold() or fold_user() ran (one recommend with reasons is one).
  int64_t folds() const { return folds_; }

  // Scores for every item (size n_items). Higher is better; for rating
  // models it is the predicted rating (unclipped).
  const std::vector<float>& score(const UserState& state) const;
  // Predicted rating, clipped to the dataset's scale.
  float predict(const UserState& state, int32_t item) const;
  // Top-n items, honouring the filters. Never returns an item in the
  // profile (when filters.exclude_rated) or in filters.exclude.
  std::vector<Scored> recommend(const UserState& state, int32_t n, const Filters& filters = {}) const;
  // Which of the person's rated movies or which features drove the score.
  Explanation explain(const UserState& state, int32_t item) const;
  // The name of a feature of an explanation part ("Comedy", "heist",
  // "1990s", "Michael Mann", "group 2 × 5"); empty for kinds that name none.
  virtual std::string feature_name(ReasonKind kind, int32_t feature) const;

  // One fold per call, for callers that need one answer (tests, tools).
  std::vector<float> score(const Profile& profile) const { return fold(profile).scores; }
  float predict(const Profile& profile, int32_t item) const { return predict(fold(profile), item); }
  std::vector<Scored> recommend(const Profile& profile, int32_t n, const Filters& filters = {}) const {
    return recommend(fold(profile), n, filters);
  }
  Explanation explain(const Profile& profile, int32_t item) const { return explain(fold(profile), item); }
  std::vector<float> score_user(int32_t user) const { return fold_user(user).scores; }

  // Predicted rating of a training user, clipped: the evaluator's path for
  // held-out ratings. Default: fold_user(user), then predict.
  virtual float predict_user(int32_t user, int32_t item) const;

  // The n items most similar to item (not including it). Default: cosine over
  // the model's item representation; every model overrides or inherits one.
  virtual std::vector<Scored> similar_items(int32_t item, int32_t n) const = 0;

  // Serialise the trained state (not the training data) to bytes and back.
  virtual std::vector<uint8_t> save() const = 0;
  virtual void load(const std::vector<uint8_t>& bytes) = 0;

  // The item-factor matrix of a latent-factor model (n_items rows × k
  // columns, row-major f32), which a snapshot may store quantised apart from
  // the rest of the saved model (docs/snapshot-format.md MODL); null (and
  // rows = cols = 0) for models without one.
  struct ItemFactors {
    const float* data = nullptr;
    int64_t rows = 0, cols = 0;
  };
  virtual ItemFactors item_factors() const { return {}; }
  // Like save(), without what only the training users need (factor models:
  // their factors and biases): the state a new profile folds in against,
  // which a snapshot carries. fold_user() on the loaded model then refuses
  // every user. Default: save().
  virtual std::vector<uint8_t> save_for_new_users() const { return save(); }

  // Whether predictions are on the rating scale (rating models) or only a
  // ranking score (implicit models, popularity, content).
  virtual bool predicts_ratings() const { return true; }

  // Set by fit/load: the catalogue size, scale, and training item counts used
  // by filters. Kept by the base class so every model honours them the same way.
 protected:
  struct Context {
    int32_t n_items = 0;
    int32_t n_users = 0;
    float rating_min = 0.5f;
    float rating_max = 5.0f;
    std::shared_ptr<const Catalog> catalog;
    std::vector<int32_t> item_counts;  // training ratings per item
    // The training ratings, shared with the Dataset (never copied, not
    // saved): for fold_user's default and for models whose scoring reads
    // other users' rows. After load(), attach() restores it.
    std::shared_ptr<const RatingMatrix> train;
  };
  Context ctx_;
  void set_context(const Dataset& train);
  float clip(float r) const;

  // Fills state.scores (and state.detail when explain needs more) for
  // state.profile, whose items are already checked.
  virtual void fold_into(UserState& state) const = 0;
  // For a training user: state.profile is the training row when ratings are
  // attached. Default: fold_into. Models with learned user state override it.
  virtual void fold_user_into(UserState& state) const { fold_into(state); }
  // The explanation of item for a state this model folded (item checked).
  virtual Explanation explain_item(const UserState& state, int32_t item) const = 0;

 public:
  // For models loaded from bytes: the catalogue the indices refer to, and the
  // training ratings for models whose scoring reads a user's row. A model
  // made of other models (hybrid) passes it on to them.
  virtual void attach(const Dataset& data) { set_context(data); }
  const Context& context() const { return ctx_; }

 private:
  mutable std::atomic<int64_t> folds_{0};
  void check_state(const UserState& state) const;
};

struct AlgorithmInfo {
  std::string name;
  std::string description;
  bool predicts_ratings;
};

// The registry: the names shared by the CLI, the JS API and the docs.
std::vector<AlgorithmInfo> algorithms();
// Throws Error(UnknownAlgorithm) or Error(InvalidArgument) for a bad or unknown
// parameter (the message names the parameter and what was expected).
std::unique_ptr<Model> make_model(const std::string& name, const Json& params = Json::object());
// The effective parameters of an algorithm given none (its defaults).
Json default_params(const std::string& name);
// Named parameter sets: "default" (empty: the algorithm's defaults), "best"
// (the tuned parameters bench/README.md reports) and "surprise" (Surprise's
// defaults where cinerec's differ, for side-by-side runs). Throws
// Error(InvalidArgument) for an unknown preset name.
Json preset_params(const std::string& algorithm, const std::string& preset);
// Whether "best" holds tuned parameters for this algorithm (else it is the defaults).
bool has_tuned_preset(const std::string& algorithm);

// Restores a model saved with Model::save (name and params are in the bytes).
std::unique_ptr<Model> load_model(const std::vector<uint8_t>& bytes);

}  // namespace cinerec
