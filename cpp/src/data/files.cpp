#include "cinerec/files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cinerec/error.hpp"

namespace cinerec {

namespace {

[[noreturn]] void io_error(const std::string& path, const std::string& what, int err) {
  throw Error(ErrorCode::Io, path + ": " + what + (err ? ": " + std::string(std::strerror(err)) : ""));
}

// The file opened for reading, after the checks that name what is wrong.
std::FILE* open_to_read(const std::string& path, struct stat& st) {
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw Error(ErrorCode::NotFound, path + ": no such file");
    io_error(path, "cannot read", errno);
  }
  if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::Io, path + ": is a folder, not a file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) io_error(path, "cannot open", errno);
  return f;
}

// The whole file into a std::string or a std::vector<uint8_t>.
template <class Buffer>
Buffer read_whole(const std::string& path) {
  struct stat st;
  std::FILE* f = open_to_read(path, st);
  Buffer out;
  out.resize(S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0);
  out.resize(out.empty() ? 0 : std::fread(&out[0], 1, out.size(), f));
  // A file that grew while reading (or a pipe, of unknown size): take the rest too.
  char buf[65536];
  size_t more;
  while ((more = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + more);
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) io_error(path, "read error", 0);
  return out;
}

}  // namespace

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string read_file(const std::string& path) { return read_whole<std::string>(path); }

std::vector<uint8_t> read_file_bytes(const std::string& path) { return read_whole<std::vector<uint8_t>>(path); }

LineBlocks::LineBlocks(const std::string& path, size_t block_bytes) : path_(path) {
  struct stat st;
  f_ = open_to_read(path, st);
  // No larger than the file needs (+1 to see its end without growing).
  size_ = std::max<size_t>(64, S_ISREG(st.st_mode) ? std::min<size_t>(block_bytes, static_cast<size_t>(st.st_size) + 1)
                                                     : block_bytes);
  buf_.reset(new char[size_]);
}

LineBlocks::~LineBlocks() { std::fclose(f_); }

void LineBlocks::read_more() {
  if (fill_ == size_) {
    std::unique_ptr<char[]> bigger(new char[2 * size_]);
    std::memcpy(bigger.get(), buf_.get(), fill_);
    buf_ = std::move(bigger);
    size_ *= 2;
  }
  const size_t got = std::fread(buf_.get() + fill_, 1, size_ - fill_, f_);
  if (got == 0) {
    if (std::ferror(f_)) io_error(path_, "read error", 0);
    eof_ = true;
  }
  fill_ += got;
}

bool LineBlocks::next(char*& begin, char*& end) {
  // What followed the last block's final line break moves to the front.
  std::memmove(buf_.get(), buf_.get() + end_, fill_ - end_);
  fill_ -= end_;
  end_ = 0;
  size_t searched = 0;
  for (;;) {
    while (!eof_ && fill_ < size_) read_more();
    if (eof_) {
      end_ = fill_;
      break;
    }
    const char* data = buf_.get();
    size_t k = fill_;
    while (k > searched && data[k - 1] != '\n') --k;
    if (k > searched) {
      end_ = k;
      break;
    }
    searched = fill_;  // one line longer than the buffer: read on
    read_more();
  }
  begin = buf_.get();
  end = begin + end_;
  return end_ > 0;
}

char* LineBlocks::to_end(char*& begin) {
  while (!eof_) read_more();
  end_ = fill_;
  begin = buf_.get();
  return begin + end_;
}

void write_file(const std::string& path, const void* data, size_t size) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) io_error(path, "cannot write", errno);
  bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
  int err = ok ? 0 : errno;
  if (std::fclose(f) != 0 && ok) ok = false, err = errno;
  if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) ok = false, err = errno;
  if (!ok) {
    std::remove(tmp.c_str());
    io_error(path, "cannot write", err);
  }
}

}  // namespace cinerec
