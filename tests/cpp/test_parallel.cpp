#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "util/parallel.hpp"

using namespace cinerec;

namespace {

// A value per item that costs unevenly, so that threads finish out of order.
int64_t slow_square(int64_t j) {
  int64_t s = 0;
  for (int64_t k = 0; k < (j % 7) * 1000; ++k) s += k % 3;
  return j * j + (s >= 0 ? 0 : 1);
}

// Counts the states alive: each thread's state dies when the thread's loop ends.
struct Counted {
  explicit Counted(std::atomic<int>& alive) : alive(&alive) { ++alive; }
  Counted(Counted&& o) noexcept : alive(o.alive) { o.alive = nullptr; }
  ~Counted() {
    if (alive) --*alive;
  }
  std::atomic<int>* alive;
  int64_t items = 0;
};

}  // namespace

TEST(Parallel, EqualsTheSerialLoop) {
  const int64_t lo = 3, hi = 2003;
  std::vector<int64_t> serial(hi, -1);
  for (int64_t j = lo; j < hi; ++j) serial[j] = slow_square(j);
  for (int32_t threads : {1, 2, 3, 8}) {
    std::vector<int64_t> got(hi, -1);
    parallel_for(lo, hi, threads, [&](int64_t j) { got[j] = slow_square(j); });
    EXPECT_EQ(got, serial) << threads << " threads";
  }
}

TEST(Parallel, EachThreadHasItsOwnState) {
  const int64_t n = 5000;
  std::atomic<int> alive{0};
  std::atomic<int> made{0};
  std::atomic<int64_t> items{0};
  std::vector<int64_t> got(n, -1);
  parallel_for(0, n, 4,
               [&] {
                 ++made;
                 return Counted(alive);
               },
               [&](Counted& c, int64_t j) {
                 ++c.items;
                 ++items;
                 got[j] = j;
               });
  EXPECT_EQ(alive, 0);
  EXPECT_GE(made, 1);
  EXPECT_LE(made, 4);
  EXPECT_EQ(items, n);
  for (int64_t j = 0; j < n; ++j) ASSERT_EQ(got[j], j);
}

TEST(Parallel, OneThreadRunsOnTheCallerInOrder) {
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<int64_t> order;
  bool elsewhere = false;
  parallel_for(0, 100, 1, [&](int64_t j) {
    if (std::this_thread::get_id() != caller) elsewhere = true;
    order.push_back(j);
  });
  EXPECT_FALSE(elsewhere);
  ASSERT_EQ(order.size(), 100u);
  for (int64_t j = 0; j < 100; ++j) EXPECT_EQ(order[j], j);
  // threads below 1 are one thread, an empty range runs nothing.
  int calls = 0;
  parallel_for(0, 5, 0, [&](int64_t) { ++calls; });
  parallel_for(5, 5, 4, [&](int64_t) { ++calls; });
  parallel_for(5, 2, 4, [&](int64_t) { ++calls; });
  EXPECT_EQ(calls, 5);
}

TEST(Parallel, MoreThreadsThanItems) {
  std::mutex mu;
  std::set<std::thread::id> ids;
  std::atomic<int> made{0};
  std::vector<int> hits(3, 0);
  parallel_for(0, 3, 64,
               [&] {
                 ++made;
                 return 0;
               },
               [&](int&, int64_t j) {
                 ++hits[j];
                 const std::lock_guard<std::mutex> lock(mu);
                 ids.insert(std::this_thread::get_id());
               });
  EXPECT_EQ(hits, std::vector<int>({1, 1, 1}));
  EXPECT_LE(made, 3);  // never more threads than items
  EXPECT_LE(ids.size(), 3u);
}

TEST(Parallel, AWorkersExceptionReachesTheCallerAfterEveryThreadJoined) {
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> alive{0};
  std::atomic<int> running{0};
  std::atomic<int64_t> done{0};
  try {
    parallel_for(0, 1000, 4, [&] { return Counted(alive); },
                 [&](Counted&, int64_t j) {
                   ++running;
                   // Thrown off the calling thread, while others are mid-item.
                   if (j >= 40 && std::this_thread::get_id() != caller) {
                     --running;
                     throw std::runtime_error("item " + std::to_string(j));
                   }
                   std::this_thread::sleep_for(std::chrono::microseconds(200));
                   ++done;
                   --running;
                 });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("item ", 0), 0u) << e.what();
  }
  // Every thread had left its loop (and dropped its state) before the throw.
  EXPECT_EQ(alive, 0);
  EXPECT_EQ(running, 0);
  const int64_t done_at_throw = done;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(done, done_at_throw) << "a thread still ran after parallel_for returned";
  EXPECT_LT(done, 1000) << "items kept being handed out after the exception";
}

TEST(Parallel, TheFirstExceptionWinsAndStateErrorsReachTheCaller) {
  // Every item throws: one exception comes back, the others are dropped.
  EXPECT_THROW(parallel_for(0, 100, 3, [](int64_t) { throw std::logic_error("each"); }), std::logic_error);
  // make_state throwing on a worker is reported like a body's exception.
  std::atomic<int> made{0};
  EXPECT_THROW(parallel_for(0, 100, 3,
                            [&] {
                              if (made++ == 1) throw std::length_error("scratch");
                              return 0;
                            },
                            [](int&, int64_t) { std::this_thread::sleep_for(std::chrono::microseconds(50)); }),
               std::length_error);
  // On one thread the exception simply propagates.
  EXPECT_THROW(parallel_for(0, 10, 1, [](int64_t j) {
                 if (j == 5) throw std::out_of_range("five");
               }),
               std::out_of_range);
}
