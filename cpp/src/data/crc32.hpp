// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320, reflected, initial
// and final XOR 0xFFFFFFFF): crc32("123456789") == 0xCBF43926.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cinerec {

uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

}  // namespace cinerec
