// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320, reflected, initial
// and final XOR 0xFFFFFFFF): crc32("123456789") == 0xCBF43926.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cinerec {

uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

// Readers compare checksums, except in fuzz builds (CMake CINEREC_FUZZ defines
// CINEREC_FUZZING for tests/fuzz only), where mangled bytes must reach the
// decoders behind them.
#ifdef CINEREC_FUZZING
constexpr bool kVerifyChecksums = false;
#else
constexpr bool kVerifyChecksums = true;
#endif

}  // namespace cinerec
