#include "cinerec/files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cinerec/error.hpp"

namespace cinerec {

namespace {

[[noreturn]] void io_error(const std::string& path, const std::string& what, int err) {
  throw Error(ErrorCode::Io, path + ": " + what + (err ? ": " + std::string(std::strerror(err)) : ""));
}

// The whole file into a std::string or a std::vector<uint8_t>.
template <class Buffer>
Buffer read_whole(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) throw Error(ErrorCode::NotFound, path + ": no such file");
    io_error(path, "cannot read", errno);
  }
  if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::Io, path + ": is a folder, not a file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) io_error(path, "cannot open", errno);
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
