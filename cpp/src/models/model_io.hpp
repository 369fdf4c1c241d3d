// The envelope of saved models: magic "CRMD", format version, algorithm name,
// parameters (JSON text), then the algorithm's own payload.
#pragma once
#include <string>
#include <vector>

#include "cinerec/model.hpp"
#include "util/bytes.hpp"

namespace cinerec {

constexpr uint32_t kModelMagic = 0x444D5243;  // "CRMD" little-endian
constexpr uint32_t kModelFormat = 2;  // 2: explanations by kind, every factor model saves its scale

// Starts a saved model: the writer holds the envelope, append the payload.
ByteWriter begin_save(const Model& model);
// Checks the envelope and returns a reader positioned at the payload.
ByteReader begin_load(const std::vector<uint8_t>& bytes, const std::string& expected_name);
// Reads only the envelope: name and params.
void read_envelope(const std::vector<uint8_t>& bytes, std::string& name, Json& params);

}  // namespace cinerec
