// A rating matrix built from ratings in any order without sorting them as a
// whole: a counting sort by user (stable, so a row keeps the order given),
// then each row sorted by item on its own, in parallel, duplicates resolved
// as RatingMatrix::from_triplets documents (the latest time, then the last
// given, wins). Used by from_triplets and by the MovieLens readers, which
// feed it chunk by chunk without ever holding all ratings in one array.
#pragma once
#include <cstdint>
#include <vector>

#include "cinerec/dataset.hpp"

namespace cinerec {

class RowFiller {
 public:
  // with_time: keep a timestamp per rating (else every time is 0).
  RowFiller(int32_t n_users, int32_t n_items, bool with_time);
  // First every rating's user in turn, then start(), then every rating
  // again in the same order. Indices are not checked here.
  void count(int32_t user) { ++ptr_[static_cast<size_t>(user) + 1]; }
  void start();
  void put(int32_t user, int32_t item, float value, int64_t time) {
    const int64_t at = fill_[user]++;
    item_[at] = item;
    value_[at] = value;
    if (timed_) time_[at] = time;
  }
  // Sorts and de-duplicates the rows on up to `threads` threads (the result
  // does not depend on them) and adds the CSC and the mean (from_csr).
  RatingMatrix finish(int32_t threads);

 private:
  int32_t n_users_, n_items_;
  bool timed_;
  std::vector<int64_t> ptr_, fill_;
  std::vector<int32_t> item_;
  std::vector<float> value_;
  std::vector<int64_t> time_;
};

}  // namespace cinerec
