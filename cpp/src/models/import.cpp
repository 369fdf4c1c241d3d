#include "cinerec/import.hpp"

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/model_io.hpp"

namespace cinerec {

std::unique_ptr<Model> model_from_item_factors(const std::string& algorithm, const Json& params, const Dataset& data,
                                               const std::vector<float>& q, int32_t k) {
  const char* factors_key = algorithm == "als" ? "n_factors" : algorithm == "ials" ? "factors" : nullptr;
  if (!factors_key)
    throw Error(ErrorCode::InvalidArgument, "item factors from elsewhere make an als or ials model, not " + algorithm);
  std::unique_ptr<Model> model = make_model(algorithm, params);
  const Json effective = model->params();
  if (effective.value(factors_key, 0) != k)
    throw Error(ErrorCode::InvalidArgument, algorithm + ": " + factors_key + " = " + effective[factors_key].dump() +
                                                " but the item factors have " + std::to_string(k));
  if (algorithm == "als" && effective.value("biased", true))
    throw Error(ErrorCode::InvalidArgument, "als: item factors without biases need biased = false");
  const int64_t n = data.n_items();
  if (k < 1 || q.size() != static_cast<size_t>(n) * static_cast<size_t>(k))
    throw Error(ErrorCode::InvalidArgument, std::to_string(q.size()) + " item factor values for " + std::to_string(n) +
                                                " movies of " + std::to_string(k) + " factors");
  // The bytes FactorModel::save writes (format 3 envelope: begin_save's header,
  // sealed by end_save) (models/factors.cpp), with μ = 0, no
  // user state and zero item biases; als and ials save nothing more.
  ByteWriter w;
  w.u32(kModelMagic);
  w.u32(kModelFormat);
  w.u64(0);  // body length and CRC-32: end_save fills them in
  w.u32(0);
  w.str(algorithm);
  w.str(effective.dump());
  w.f32(data.rating_min);
  w.f32(data.rating_max);
  BiasedFactors f;
  f.mu = 0;
  f.bi.assign(static_cast<size_t>(n), 0.0f);
  f.P = RowMatrixXf(0, k);
  f.Q = Eigen::Map<const RowMatrixXf>(q.data(), n, k);
  f.save(w);
  model->load(end_save(w));
  model->attach(data);
  return model;
}

}  // namespace cinerec
