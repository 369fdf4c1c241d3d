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
#include "cinerec/model.hpp"

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
    return failure("INTERNAL", "out of memory");
  } catch (const std::exception& e) {
    return failure("INTERNAL", e.what());
  } catch (...) {
    return failure("INTERNAL", "unknown C++ exception");
  }
}

// A profile from parallel arrays of item indices and ratings.
Profile profile_from_js(const val& items, const val& ratings);

// Sets r.items (Int32Array) and r.scores (Float32Array) from a ranked list.
void set_scored(val& r, const std::vector<Scored>& top);

// Explanation → {score, summary, parts: [{kind, item, feature, weight}]}.
Json explanation_json(const Explanation& e, size_t max_parts);
// Progress → plain JS object {epoch, totalEpochs, loss, elapsed, stage}.
val progress_js(const Progress& p);

}  // namespace cinerec::bindings
