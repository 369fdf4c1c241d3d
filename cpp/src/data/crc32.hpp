// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320, reflected, initial
// and final XOR 0xFFFFFFFF): crc32("123456789") == 0xCBF43926.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cinerec {

uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

// Readers compare checksums, except under the fuzzer: tests/fuzz/fuzz_main.cpp
// calls skip_checksums_for_fuzzing() once at start, so that mangled bytes reach
// the decoders behind them. A switch at run time, not a build flag, so that one
// sanitizer build serves both the test suite (checksums on) and the fuzz
// targets (scripts/test.sh, build/asan).
bool checksums_verified();
void skip_checksums_for_fuzzing();

// While one of these is alive on a thread, a saved model's envelope CRC
// (models/model_io.cpp) is not checked on that thread: its bytes were checked
// as a whole by the container they came in — a snapshot's MODL section CRC —
// so loading the model does not pay for a second pass over its megabytes of
// factors (59,047 movies × 64 factors: 15 MB, ~0.1 s in cold wasm).
class ModelBytesChecked {
 public:
  ModelBytesChecked();
  ~ModelBytesChecked();
  ModelBytesChecked(const ModelBytesChecked&) = delete;
  ModelBytesChecked& operator=(const ModelBytesChecked&) = delete;
};
// False inside a ModelBytesChecked scope or under the fuzzer.
bool model_checksum_needed();

}  // namespace cinerec
