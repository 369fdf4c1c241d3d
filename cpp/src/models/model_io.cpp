#include "models/model_io.hpp"

#include <cstring>

#include "data/crc32.hpp"

namespace cinerec {

ByteWriter begin_save(const Model& model) {
  if (!model.trained()) throw Error(ErrorCode::NotTrained, model.name() + " is not trained");
  ByteWriter w;
  w.u32(kModelMagic);
  w.u32(kModelFormat);
  w.u64(0);  // body length, then its CRC-32: end_save fills them in
  w.u32(0);
  w.str(model.name());
  w.str(model.params().dump());
  return w;
}

std::vector<uint8_t> end_save(ByteWriter& w) {
  std::vector<uint8_t>& b = w.bytes();
  const size_t body = b.size() - kModelHeaderBytes;
  w.patch_u64(8, body);
  w.patch_u32(16, crc32(b.data() + kModelHeaderBytes, body));
  return std::move(b);
}

void reseal(std::vector<uint8_t>& b) {
  if (b.size() < kModelHeaderBytes) return;
  uint32_t magic;
  std::memcpy(&magic, b.data(), 4);
  if (magic != kModelMagic) return;
  const uint64_t body = b.size() - kModelHeaderBytes;
  const uint32_t crc = crc32(b.data() + kModelHeaderBytes, body);
  std::memcpy(b.data() + 8, &body, 8);
  std::memcpy(b.data() + 16, &crc, 4);
}

static ByteReader envelope(const std::vector<uint8_t>& bytes, std::string& name, Json& params) {
  ByteReader r(bytes.data(), bytes.size(), ErrorCode::ModelCorrupt, "saved model");
  if (bytes.size() < 8 || r.u32() != kModelMagic) r.fail("not a cinerec model (bad magic)");
  const uint32_t format = r.u32();
  if (format != kModelFormat)
    r.fail("model format " + std::to_string(format) + " is not the format " + std::to_string(kModelFormat) +
           " this build reads: train the model again");
  const uint64_t length = r.u64();
  const uint32_t crc = r.u32();
  if (length == 0 && crc == 0) r.fail("the model was never sealed (its save() must end with end_save)");
  if (length != r.remaining())
    r.fail(length > r.remaining() ? "truncated: the body should be " + std::to_string(length) + " bytes, " +
                                        std::to_string(r.remaining()) + " are there"
                                  : "bytes after the end of the model");
  if (model_checksum_needed() && crc32(bytes.data() + kModelHeaderBytes, r.remaining()) != crc)
    r.fail("checksum mismatch (the bytes were changed)");
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
