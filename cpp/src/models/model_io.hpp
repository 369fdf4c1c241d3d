// The envelope of saved models (docs/snapshot-format.md, MODL): a 20-byte header —
// magic "CRMD", format version, body length, CRC-32 of the body — then the
// body: algorithm name, parameters (JSON text) and the algorithm's payload.
// A mangled, truncated or foreign byte array is refused with MODEL_CORRUPT
// before any payload is decoded.
#pragma once
#include <string>
#include <vector>

#include "cinerec/model.hpp"
#include "util/bytes.hpp"

namespace cinerec {

constexpr uint32_t kModelMagic = 0x444D5243;  // "CRMD" little-endian
// 2: explanations by kind, every factor model saves its scale;
// 3: the header carries the body's length and CRC-32.
constexpr uint32_t kModelFormat = 3;
constexpr size_t kModelHeaderBytes = 20;

// Starts a saved model: the writer holds the header and the body's start,
// append the payload, then return end_save(w).
ByteWriter begin_save(const Model& model);
// Seals a saved model: writes the body's length and checksum into the header.
std::vector<uint8_t> end_save(ByteWriter& w);
// Seals again a saved model whose body was changed on purpose — a snapshot's
// MODL section stores quantised item factors (f16/i8), and its writer seals
// the model over the factors as a reader restores them, so that the restored
// bytes are a valid saved model (data/snapshot.cpp). Bytes that do not start
// with the model magic are left alone (the loader refuses them).
void reseal(std::vector<uint8_t>& bytes);
// Checks the envelope and returns a reader positioned at the payload; every
// read past it fails with MODEL_CORRUPT.
ByteReader begin_load(const std::vector<uint8_t>& bytes, const std::string& expected_name);
// Checks and reads only the envelope: name and params.
void read_envelope(const std::vector<uint8_t>& bytes, std::string& name, Json& params);

}  // namespace cinerec
