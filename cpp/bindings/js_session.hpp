// The handle JS holds: a cinerec::Session, with conversions only — typed
// arrays and JSON text in, the same out — and every call answering a status
// object: {ok: true, ...results} or {ok: false, code, message} with the
// cinerec::ErrorCode name (web/lib turns it into a CinerecError). The logic
// is the Session's (cpp/include/cinerec/session.hpp). JS frees the handle
// with .delete() (web/lib's dispose()).
#pragma once
#include <memory>
#include <string>

#include <emscripten/val.h>

#include "cinerec/session.hpp"

namespace cinerec::bindings {

using emscripten::val;

class JsSession {
 public:
  // bytes: Uint8Array of a snapshot → {ok, info: JSON text}
  val loadSnapshot(const val& bytes);
  // The catalogue as typed arrays (see js_session.cpp for the fields).
  val catalog() const;
  // {ok, json: [{name, description, predictsRatings, params (the defaults)}]}
  static val algorithms();

  // progress: JS function(progressObject) → boolean (false cancels), or null.
  // items/ratings: the person's own ratings (may be empty).
  // → {ok, model: JSON text (cinerec::to_json(ModelInfo))}
  val train(const std::string& algorithm, const std::string& params_json, double seed,
            const val& progress, const val& items, const val& ratings);
  // {ok, model: JSON text | null}
  val modelInfo() const;

  // Profiles are parallel arrays: items (Int32Array of item indices) and
  // ratings (Float32Array). exclude: Int32Array of item indices.
  // filters_json: {genres: [names], yearMin, yearMax, minRatings}.
  // → {ok, items: Int32Array, scores: Float32Array, reasons: JSON text of
  //    [cinerec::to_json(Why)] ("" when not asked)}
  val recommend(const val& items, const val& ratings, int n, const val& exclude,
                const std::string& filters_json, bool reasons) const;
  // targets: item indices. → {ok, values: Float32Array} (one fold for all)
  val predict(const val& items, const val& ratings, const val& targets) const;
  // options_json: {by: "ratings" | "model", minRatings} (both optional).
  // → {ok, items, scores}
  val similar(int item, int n, const std::string& options_json) const;
  // → {ok, json: cinerec::to_json(Why)}
  val explain(const val& items, const val& ratings, int item) const;

  // → {ok, bytes: Uint8Array}
  val saveModel() const;
  // → {ok, model: JSON text}
  val loadModel(const val& bytes);

  // options_json: {protocol, k, seed, relevanceThreshold}.
  // progress: JS function(evalProgressObject) → boolean, or null.
  // → {ok, json: the report (cinerec::to_json)}
  val evaluate(const std::string& algorithm, const std::string& params_json,
               const std::string& options_json, const val& progress) const;

 private:
  Session& session() const;
  std::unique_ptr<Session> session_;
};

}  // namespace cinerec::bindings
