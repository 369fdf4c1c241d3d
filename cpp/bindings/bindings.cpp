// The Embind surface: registrations only. The logic at the edge is in
// engine.cpp, the conversions in convert.cpp; web/lib wraps this in the
// public JS API (docs/api.md).
#include <emscripten/bind.h>

#include "cinerec/error.hpp"
#include "engine.hpp"

namespace {
std::string version() { return "0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(cinerec) {
  using cinerec::bindings::Engine;
  emscripten::function("version", &version);
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("loadSnapshot", &Engine::loadSnapshot)
      .function("catalog", &Engine::catalog)
      .class_function("algorithms", &Engine::algorithms)
      .function("train", &Engine::train)
      .function("modelInfo", &Engine::modelInfo)
      .function("recommend", &Engine::recommend)
      .function("predict", &Engine::predict)
      .function("similar", &Engine::similar)
      .function("explain", &Engine::explain)
      .function("saveModel", &Engine::saveModel)
      .function("loadModel", &Engine::loadModel)
      .function("evaluate", &Engine::evaluate);
}
