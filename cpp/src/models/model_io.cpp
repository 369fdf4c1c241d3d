#include "models/model_io.hpp"

namespace cinerec {

ByteWriter begin_save(const Model& model) {
  if (!model.trained()) throw Error(ErrorCode::NotTrained, model.name() + " is not trained");
  ByteWriter w;
  w.u32(kModelMagic);
  w.u32(kModelFormat);
  w.str(model.name());
  w.str(model.params().dump());
  return w;
}

static ByteReader envelope(const std::vector<uint8_t>& bytes, std::string& name, Json& params) {
  ByteReader r(bytes.data(), bytes.size(), ErrorCode::InvalidArgument, "saved model");
  if (r.u32() != kModelMagic) r.fail("not a cinerec model (bad magic)");
  uint32_t format = r.u32();
  if (format != kModelFormat) r.fail("model format " + std::to_string(format) + " is not supported");
  name = r.str();
  try {
    params = Json::parse(r.str());
  } catch (const Json::exception&) {
    r.fail("parameters are not valid JSON");
  }
  return r;
}

void read_envelope(const std::vector<uint8_t>& bytes, std::string& name, Json& params) {
  envelope(bytes, name, params);
}

ByteReader begin_load(const std::vector<uint8_t>& bytes, const std::string& expected_name) {
  std::string name;
  Json params;
  ByteReader r = envelope(bytes, name, params);
  if (name != expected_name)
    r.fail("saved model is '" + name + "', not '" + expected_name + "'");
  return r;
}

}  // namespace cinerec
