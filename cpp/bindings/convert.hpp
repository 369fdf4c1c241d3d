// Conversions at the JS boundary (STYLE.md #4, #5): typed arrays in and out,
// JSON text for options and small results, and the status objects every
// entry point returns instead of letting a C++ exception reach JS (where it
// would arrive as a bare number).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <emscripten/val.h>

#include "cinerec/dataset.hpp"
#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/model.hpp"
#include "cinerec/session.hpp"
#include "cinerec/snapshot.hpp"

namespace cinerec::bindings {

using emscripten::val;

// Copies a JS typed array / array of numbers into a vector (one bulk `set`,
// no per-element calls). undefined / null give an empty vector.
template <class T>
std::vector<T> from_js(const val& array) {
  std::vector<T> out;
  if (array.isUndefined() || array.isNull()) return out;
  const size_t n = array["length"].as<size_t>();
  out.resize(n);
  if (n) val(emscripten::typed_memory_view(n, out.data())).call<void>("set", array);
  return out;
}

// Copies n elements into a new JS typed array of the matching type. The
// result owns its memory (a .slice() of a heap view), so it stays valid when
// the wasm memory grows or the vector is freed.
template <class T>
val to_js(const T* data, size_t n) {
  return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}
template <class T>
val to_js(const std::vector<T>& v) {
  return to_js(v.data(), v.size());
}

// JSON text → Json; empty text is an empty object. Throws
// Error(InvalidArgument) naming `what` on bad JSON.
Json parse_json(const std::string& text, const char* what);
// Json → text; invalid UTF-8 is replaced, never thrown.
std::string dump_json(const Json& j);

// {ok: true}
val ok();
// {ok: false, code, message}
val failure(const std::string& code, const std::string& message);

// Runs f (returning val) and turns any exception into failure(...).
template <class F>
val guarded(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    return failure(error_code_name(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    return failure(error_code_name(ErrorCode::Internal), "out of memory");
  } catch (const std::exception& e) {
    return failure(error_code_name(ErrorCode::Internal), e.what());
  } catch (...) {
    return failure(error_code_name(ErrorCode::Internal), "unknown C++ exception");
  }
}

// A profile from parallel arrays of item indices and ratings (finite).
Profile profile_from_js(const val& items, const val& ratings);
// A JS number that must be a non-negative safe integer.
uint64_t seed_from_js(double seed);

// Sets r.items (Int32Array) and r.scores (Float32Array) from a ranked list
// (of Scored or of Recommendation).
template <class Ranked>
void set_scored(val& r, const std::vector<Ranked>& top) {
  std::vector<int32_t> items(top.size());
  std::vector<float> scores(top.size());
  for (size_t j = 0; j < top.size(); ++j) {
    items[j] = top[j].item;
    scores[j] = top[j].score;
  }
  r.set("items", to_js(items));
  r.set("scores", to_js(scores));
}

// Calls a JS progress function (false cancels); a missing one never cancels.
bool call_progress(const val& fn, val arg);
// Progress → {epoch, totalEpochs, loss, elapsed, stage}.
val progress_js(const Progress& p);
// EvalProgress → {fold, folds, stage, fraction, fit?}.
val eval_progress_js(const EvalProgress& p);

// {version, name, source, movies, users, ratings, hasTags, hasLinks,
//  hasTimestamps, bytes, ratingMin, ratingMax}
Json snapshot_info_json(const SnapshotInfo& info, size_t bytes, const Dataset& data);
// [{name, description, predictsRatings, params (the defaults)}]
Json algorithms_json();
// {genres: [names], yearMin, yearMax, minRatings} → FilterSpec (exclude empty).
FilterSpec filter_spec_from_json(const Json& f);
// {by: "ratings" | "model", minRatings} → SimilarOptions.
SimilarOptions similar_options_from_json(const Json& o);
// {protocol, k, seed, relevanceThreshold} → EvalOptions.
EvalOptions eval_options_from_json(const Json& o);

}  // namespace cinerec::bindings
