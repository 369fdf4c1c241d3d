#include "data/crc32.hpp"

#include <array>

namespace cinerec {
namespace {

// Slicing-by-4 tables: about four times the speed of the byte-at-a-time loop,
// which matters because every snapshot section is checked on load.
struct Tables {
  std::array<std::array<uint32_t, 256>, 4> t{};
  Tables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i)
      for (int s = 1; s < 4; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFFu];
  }
};

const Tables& tables() {
  static const Tables tables;
  return tables;
}

}  // namespace

uint32_t crc32(const uint8_t* p, size_t n, uint32_t crc) {
  const auto& t = tables().t;
  crc = ~crc;
  while (n >= 4) {
    crc ^= static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
    crc = t[3][crc & 0xFFu] ^ t[2][(crc >> 8) & 0xFFu] ^ t[1][(crc >> 16) & 0xFFu] ^ t[0][crc >> 24];
    p += 4;
    n -= 4;
  }
  while (n--) crc = t[0][(crc ^ *p++) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

namespace {
bool verify_checksums = true;  // set once, before any input is read
}

bool checksums_verified() { return verify_checksums; }
void skip_checksums_for_fuzzing() { verify_checksums = false; }

namespace {
thread_local int model_bytes_checked = 0;
}

ModelBytesChecked::ModelBytesChecked() { ++model_bytes_checked; }
ModelBytesChecked::~ModelBytesChecked() { --model_bytes_checked; }
bool model_checksum_needed() { return verify_checksums && model_bytes_checked == 0; }

}  // namespace cinerec
