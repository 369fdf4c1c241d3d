// The one contract every algorithm implements (STYLE.md #2, DESIGN.md).
// Algorithms do no I/O: data comes in as a Dataset, models leave as bytes.
#pragma once
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

// Why an item scored as it did: the profile items or content features that
// contributed most, each with its share of the score.
struct Explanation {
  struct Part {
    std::string kind;  // "item" (a rated movie) or "feature" (genre, tag, word...)
    int32_t item = -1; // for kind == "item"
    std::string feature;
    float weight = 0;
  };
  float score = 0;
  std::vector<Part> parts;  // strongest first
  std::string summary;      // one short human sentence without titles
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string name() const = 0;
  // The effective parameters (defaults filled in), as given to the factory.
  virtual Json params() const = 0;
  virtual bool trained() const = 0;

  virtual void fit(const Dataset& train, const FitOptions& options) = 0;

  // Scores for every item (size n_items) for a profile that need not be in
  // the training data. Higher is better; for rating models it is the
  // predicted rating (unclipped).
  virtual std::vector<float> score(const Profile& profile) const = 0;

  // Scores for a training user (uses learned user state where the model has it;
  // the default builds the user's training profile and calls score()).
  virtual std::vector<float> score_user(int32_t user) const;

  // Predicted rating for a training user, clipped to the dataset's scale.
  // Default: score_user(user)[item], clipped.
  virtual float predict(int32_t user, int32_t item) const;
  // Predicted rating for any profile, clipped. Default: score(profile)[item].
  virtual float predict(const Profile& profile, int32_t item) const;

  // Top-n items for a profile, honouring the filters. Never returns an item
  // in the profile (when filters.exclude_rated) or in filters.exclude.
  std::vector<Scored> recommend(const Profile& profile, int32_t n,
                                const Filters& filters = {}) const;

  // The n items most similar to item (not including it). Default: cosine over
  // the model's item representation; every model overrides or inherits one.
  virtual std::vector<Scored> similar_items(int32_t item, int32_t n) const = 0;

  virtual Explanation explain(const Profile& profile, int32_t item) const = 0;

  // Serialise the trained state (not the training data) to bytes and back.
  virtual std::vector<uint8_t> save() const = 0;
  virtual void load(const std::vector<uint8_t>& bytes) = 0;

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
    // The training ratings (shared, not saved): for score_user's default and
    // for models whose scoring reads other users' rows. After load(), call
    // attach() with the same data to restore it.
    std::shared_ptr<const RatingMatrix> train;
  };
  Context ctx_;
  void set_context(const Dataset& train);
  float clip(float r) const;

 public:
  // For models loaded from bytes: the catalogue the indices refer to, and the
  // training ratings for models whose scoring reads a user's row. A model
  // made of other models (hybrid) passes it on to them.
  virtual void attach(const Dataset& data) { set_context(data); }
  const Context& context() const { return ctx_; }
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
// Restores a model saved with Model::save (name and params are in the bytes).
std::unique_ptr<Model> load_model(const std::vector<uint8_t>& bytes);

}  // namespace cinerec
