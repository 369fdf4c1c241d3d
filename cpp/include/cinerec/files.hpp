// Whole files in and out, for the MovieLens readers and the native CLI (the
// wasm module has no file system: it is handed bytes). Every error names the
// path: Error(NotFound) when it does not exist, Error(Io) for anything else.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace cinerec {

bool file_exists(const std::string& path);  // a regular file
bool is_directory(const std::string& path);

std::string read_file(const std::string& path);
std::vector<uint8_t> read_file_bytes(const std::string& path);

// A file a block of whole lines at a time, for text too large to hold at
// once (ml-25m's ratings.csv is 650 MB). Errors as read_file's.
class LineBlocks {
 public:
  LineBlocks(const std::string& path, size_t block_bytes);
  ~LineBlocks();
  LineBlocks(const LineBlocks&) = delete;
  LineBlocks& operator=(const LineBlocks&) = delete;
  // The next block, about block_bytes long (longer only to hold a whole
  // line): it ends just after a '\n' or at the end of the file; false at the
  // end. The bytes may be rewritten in place and stay until the next call.
  bool next(char*& begin, char*& end);
  // Reads the rest of the file onto the end of the current block (begin may
  // move); returns the new end.
  char* to_end(char*& begin);

 private:
  void read_more();
  std::string path_;
  std::FILE* f_ = nullptr;
  std::unique_ptr<char[]> buf_;  // not zero-filled: it is read into at once
  size_t size_ = 0, end_ = 0, fill_ = 0;  // the current block is [0, end_); read up to fill_
  bool eof_ = false;
};

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
