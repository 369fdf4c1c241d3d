// Factories of every algorithm, one per line, defined in its own source file.
#pragma once
#include <memory>

#include "cinerec/model.hpp"

namespace cinerec {

std::unique_ptr<Model> make_svd(const Json& params);

}  // namespace cinerec
