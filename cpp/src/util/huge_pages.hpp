// Large arrays read at random rows (factor matrices) cost a TLB miss per row
// once they pass a few megabytes of 4 KB pages; 2 MB pages cover them with a
// handful of entries, and a first touch faults once per 2 MB instead of 512
// times. Linux gives them to ranges marked MADV_HUGEPAGE (transparent huge
// pages in "madvise" mode, Debian's default). Elsewhere, and in wasm, these
// are plain allocations. The numbers computed never change.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#endif

namespace cinerec {

constexpr size_t kHugePage = size_t{2} << 20;

// Marks the whole 2 MB pages inside [p, p + bytes); call before the first write.
inline void advise_huge_pages(void* p, size_t bytes) {
#if defined(__linux__) && !defined(__EMSCRIPTEN__) && defined(MADV_HUGEPAGE)
  const uintptr_t lo = (reinterpret_cast<uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t hi = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(kHugePage - 1);
  if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

// n uninitialised Ts; from 1 MB on aligned to 2 MB and marked for huge pages.
template <class T>
class HugeArray {
 public:
  explicit HugeArray(size_t n) : n_(n) {
    const size_t bytes = n * sizeof(T);
    if (bytes >= (size_t{1} << 20)) {
      p_ = static_cast<T*>(std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage));
      if (p_) advise_huge_pages(p_, bytes);
    }
    if (!p_ && n) p_ = static_cast<T*>(std::malloc(bytes));
    if (!p_ && n) throw std::bad_alloc();
  }
  ~HugeArray() { std::free(p_); }
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;
  T* data() { return p_; }
  const T* data() const { return p_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }
  size_t size() const { return n_; }

 private:
  T* p_ = nullptr;
  size_t n_;
};

}  // namespace cinerec
