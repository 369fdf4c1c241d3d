// The Embind surface: registrations only. The conversions are in
// convert.cpp and js_session.cpp, the logic in cinerec::Session; web/lib
// wraps this in the public JS API (docs/api.md).
#include <emscripten/bind.h>

#include "js_session.hpp"

namespace {
std::string version() { return "0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(cinerec) {
  using cinerec::bindings::JsSession;
  emscripten::function("version", &version);
  emscripten::class_<JsSession>("Session")
      .constructor<>()
      .function("loadSnapshot", &JsSession::loadSnapshot)
      .function("catalog", &JsSession::catalog)
      .class_function("algorithms", &JsSession::algorithms)
      .function("train", &JsSession::train)
      .function("modelInfo", &JsSession::modelInfo)
      .function("recommend", &JsSession::recommend)
      .function("predict", &JsSession::predict)
      .function("similar", &JsSession::similar)
      .function("explain", &JsSession::explain)
      .function("saveModel", &JsSession::saveModel)
      .function("loadModel", &JsSession::loadModel)
      .function("evaluate", &JsSession::evaluate);
}
