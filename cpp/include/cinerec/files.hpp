// Whole files in and out, for the MovieLens readers and the native CLI (the
// wasm module has no file system: it is handed bytes). Every error names the
// path: Error(NotFound) when it does not exist, Error(Io) for anything else.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cinerec {

bool file_exists(const std::string& path);  // a regular file
bool is_directory(const std::string& path);

std::string read_file(const std::string& path);
std::vector<uint8_t> read_file_bytes(const std::string& path);

// Writes path + ".tmp" and renames it over path, so that no reader ever sees
// half a file; on failure the temporary file is removed.
void write_file(const std::string& path, const void* data, size_t size);
inline void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  write_file(path, bytes.data(), bytes.size());
}
inline void write_file(const std::string& path, const std::string& text) {
  write_file(path, text.data(), text.size());
}

}  // namespace cinerec
