#include <emscripten/bind.h>
#include "cinerec/model.hpp"
std::string version() { return "0.1.0"; }
EMSCRIPTEN_BINDINGS(cinerec) { emscripten::function("version", &version); }
