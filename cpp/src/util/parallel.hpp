// The one thread loop of the core. Items are handed out one at a time from a
// shared counter, so rows of uneven cost (popular items, heavy users) spread
// evenly; each item writes only its own output, so results do not depend on
// the number of threads. In wasm, and for threads <= 1, it is the plain loop.
#pragma once
#include <algorithm>
#include <cstdint>
#include <exception>

#ifndef __EMSCRIPTEN__
#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>
#endif

namespace cinerec {

// Runs body(state, j) for every j in [lo, hi) on up to `threads` threads (the
// calling thread is one of them; never more threads than items). Each thread
// first makes its own state = make_state() (scratch space it reuses for all
// its items). An exception from make_state or body stops the handing out of
// items; once every thread has joined, the first one thrown is rethrown here.
template <class MakeState, class Body>
void parallel_for(int64_t lo, int64_t hi, int32_t threads, MakeState make_state, Body body) {
  if (hi <= lo) return;
#ifndef __EMSCRIPTEN__
  const int64_t t_count = std::min<int64_t>(std::max<int32_t>(threads, 1), hi - lo);
  if (t_count > 1) {
    std::atomic<int64_t> next{lo};
    std::mutex error_mutex;
    std::exception_ptr error;
    auto work = [&]() noexcept {
      try {
        auto state = make_state();
        for (int64_t j = next++; j < hi; j = next++) body(state, j);
      } catch (...) {
        next = hi;
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(t_count - 1));
    try {
      for (int64_t t = 1; t < t_count; ++t) pool.emplace_back(work);
    } catch (const std::system_error&) {
      // No more threads to be had: the ones running finish the loop.
    }
    work();
    for (std::thread& th : pool) th.join();
    if (error) std::rethrow_exception(error);
    return;
  }
#endif
  (void)threads;
  auto state = make_state();
  for (int64_t j = lo; j < hi; ++j) body(state, j);
}

// body(j) for every j in [lo, hi), as above, for loops without scratch state.
template <class Body>
void parallel_for(int64_t lo, int64_t hi, int32_t threads, Body body) {
  struct None {};
  parallel_for(lo, hi, threads, [] { return None{}; }, [&body](None&, int64_t j) { body(j); });
}

}  // namespace cinerec
