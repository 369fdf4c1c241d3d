// Models trained elsewhere: a latent-factor model made from item factors that
// another engine learned (Spark MLlib's ALS; `cinerec import-spark`), so that
// a person is folded in against them exactly as that engine's objective says.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

// An `als` or `ials` model whose item factors are q (data.n_items() rows of k
// floats, row-major) and which has no biases and no training users: what
// fold-in needs. params must describe the objective the factors were trained
// with (als: biased = false; ials: regularization_scale, alpha, feedback...)
// and name k factors; the model is attached to data. Throws
// InvalidArgument for another algorithm, a factor count that disagrees with
// params, or q of the wrong size.
std::unique_ptr<Model> model_from_item_factors(const std::string& algorithm, const Json& params, const Dataset& data,
                                               const std::vector<float>& q, int32_t k);

}  // namespace cinerec
