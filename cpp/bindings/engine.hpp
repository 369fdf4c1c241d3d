// The handle JS holds: one Dataset (from a snapshot) and the current Model.
// Every method returns a status object: {ok: true, ...results} or
// {ok: false, code, message} with the cinerec::ErrorCode name (web/lib turns
// it into a CinerecError). Bulk data crosses as typed arrays copied out of
// the wasm heap; JSON text only for options, metadata and small results.
// JS frees the handle with .delete() (web/lib's dispose()).
#pragma once
#include <memory>
#include <string>

#include <emscripten/val.h>

#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"
#include "cinerec/snapshot.hpp"

namespace cinerec::bindings {

using emscripten::val;

class Engine {
 public:
  // bytes: Uint8Array of a snapshot → {ok, info: JSON text}
  val loadSnapshot(const val& bytes);
  // The catalogue as typed arrays (see engine.cpp for the fields).
  val catalog() const;
  // {ok, json: [{name, description, predictsRatings, params (the defaults)}]}
  static val algorithms();

  // Trains a new model on the whole snapshot; on success it replaces the
  // current one, on failure or cancel the current one stays.
  // progress: JS function(progressObject) → boolean (false cancels), or null.
  // items/ratings: the person's own ratings (may be empty), added to the
  // training data as one more user ("retrain with my ratings").
  val train(const std::string& algorithm, const std::string& params_json, double seed,
            const val& progress, const val& items, const val& ratings);
  // {ok, model: JSON text | null}
  val modelInfo() const;

  // Profiles are parallel arrays: items (Int32Array of item indices) and
  // ratings (Float32Array). exclude: Int32Array of item indices.
  // filters_json: {genres: [names], yearMin, yearMax, minRatings}.
  // → {ok, items: Int32Array, scores: Float32Array, reasons: JSON text ("" if not asked)}
  val recommend(const val& items, const val& ratings, int n, const val& exclude,
                const std::string& filters_json, bool reasons) const;
  // → {ok, value}
  val predict(const val& items, const val& ratings, int item) const;
  // → {ok, items, scores}
  val similar(int item, int n) const;
  // → {ok, json: {score, summary, parts}}
  val explain(const val& items, const val& ratings, int item) const;

  // → {ok, bytes: Uint8Array}
  val saveModel() const;
  // → {ok, model: JSON text}
  val loadModel(const val& bytes);

  // Runs cinerec::evaluate on the loaded snapshot (the current model is not
  // touched). options_json: {protocol, k, seed, relevanceThreshold}.
  // progress: JS function(evalProgressObject) → boolean, or null.
  // → {ok, json: the report (cinerec::to_json)}
  val evaluate(const std::string& algorithm, const std::string& params_json,
               const std::string& options_json, const val& progress) const;

 private:
  const Dataset& data() const;
  const Model& model() const;
  Json model_json() const;

  std::unique_ptr<Dataset> data_;
  std::unique_ptr<Model> model_;
  uint64_t seed_ = 0;
  double train_seconds_ = -1;
};

}  // namespace cinerec::bindings
