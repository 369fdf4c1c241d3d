// Little-endian byte writer/reader shared by snapshots and model save/load.
// Every read is bounds-checked; running off the end throws the error code the
// owner chooses (SnapshotCorrupt for snapshots, InvalidArgument for models).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "cinerec/error.hpp"

namespace cinerec {

class ByteWriter {
 public:
  std::vector<uint8_t>& bytes() { return buf_; }
  size_t size() const { return buf_.size(); }
  void u8(uint8_t v) { buf_.push_back(v); }
  void u16(uint16_t v) { raw(&v, 2); }
  void u32(uint32_t v) { raw(&v, 4); }
  void i32(int32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void i64(int64_t v) { raw(&v, 8); }
  void f32(float v) { raw(&v, 4); }
  void f64(double v) { raw(&v, 8); }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  template <class T>
  void vec(const std::vector<T>& v) {  // u64 count, then the elements
    u64(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }
  void raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    buf_.insert(buf_.end(), b, b + n);
  }
  void patch_u32(size_t at, uint32_t v) { std::memcpy(buf_.data() + at, &v, 4); }
  void patch_u64(size_t at, uint64_t v) { std::memcpy(buf_.data() + at, &v, 8); }

 private:
  std::vector<uint8_t> buf_;
};

class ByteReader {
 public:
  ByteReader(const uint8_t* p, size_t n, ErrorCode code, std::string what)
      : p_(p), n_(n), code_(code), what_(std::move(what)) {}
  size_t pos() const { return pos_; }
  size_t remaining() const { return n_ - pos_; }
  bool done() const { return pos_ == n_; }
  void seek(size_t at) {
    if (at > n_) fail("offset out of range");
    pos_ = at;
  }
  uint8_t u8() { return get<uint8_t>(); }
  uint16_t u16() { return get<uint16_t>(); }
  uint32_t u32() { return get<uint32_t>(); }
  int32_t i32() { return get<int32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  int64_t i64() { return get<int64_t>(); }
  float f32() { return get<float>(); }
  double f64() { return get<double>(); }
  std::string str() {
    uint32_t n = u32();
    need(n);
    std::string s(reinterpret_cast<const char*>(p_ + pos_), n);
    pos_ += n;
    return s;
  }
  template <class T>
  std::vector<T> vec() {
    uint64_t count = u64();
    if (count > remaining() / sizeof(T)) fail("array length runs past the end");
    std::vector<T> v(count);
    // An empty vector's data() may be null, and memcpy from or to null is
    // undefined even for 0 bytes (found by the model fuzz target).
    if (count) std::memcpy(v.data(), p_ + pos_, count * sizeof(T));
    pos_ += count * sizeof(T);
    return v;
  }
  const uint8_t* take(size_t n) {
    need(n);
    const uint8_t* at = p_ + pos_;
    pos_ += n;
    return at;
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(code_, what_ + ": " + why + " (at byte " + std::to_string(pos_) + ")");
  }

 private:
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  void need(size_t k) const {
    if (k > n_ - pos_) fail("truncated, needed " + std::to_string(k) + " more bytes");
  }
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
  ErrorCode code_;
  std::string what_;
};

}  // namespace cinerec
