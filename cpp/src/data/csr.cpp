// RatingMatrix::from_csr: the snapshot reader's fast path (no sort, no
// de-duplication; the input is checked instead); RowFiller (data/rows.hpp),
// which sorts rows and then calls it.
#include <algorithm>
#include <numeric>

#include "cinerec/dataset.hpp"
#include "cinerec/error.hpp"
#include "data/rows.hpp"
#include "util/parallel.hpp"

namespace cinerec {

RowFiller::RowFiller(int32_t n_users, int32_t n_items, bool with_time)
    : n_users_(n_users), n_items_(n_items), timed_(with_time), ptr_(static_cast<size_t>(n_users) + 1, 0) {}

void RowFiller::start() {
  std::partial_sum(ptr_.begin(), ptr_.end(), ptr_.begin());
  fill_.assign(ptr_.begin(), ptr_.end() - 1);
  const size_t nnz = static_cast<size_t>(ptr_.back());
  item_.resize(nnz);
  value_.resize(nnz);
  if (timed_) time_.resize(nnz);
}

RatingMatrix RowFiller::finish(int32_t threads) {
  fill_ = std::vector<int64_t>();
  const bool timed = timed_;
  std::vector<int64_t> kept(static_cast<size_t>(n_users_));
  // Rows come out of a file sorted more often than not: those cost one pass.
  struct Scratch {
    std::vector<int64_t> order;
    std::vector<int32_t> item;
    std::vector<float> value;
    std::vector<int64_t> time;
  };
  constexpr int64_t kUsersPerTask = 512;
  parallel_for(0, (n_users_ + kUsersPerTask - 1) / kUsersPerTask, threads, [] { return Scratch{}; },
               [&](Scratch& s, int64_t task) {
    const int32_t last = static_cast<int32_t>(std::min<int64_t>(n_users_, (task + 1) * kUsersPerTask));
    for (int32_t u = static_cast<int32_t>(task * kUsersPerTask); u < last; ++u) {
      const int64_t lo = ptr_[u], hi = ptr_[u + 1];
      bool sorted = true;
      for (int64_t k = lo + 1; k < hi && sorted; ++k) sorted = item_[k - 1] < item_[k];
      if (sorted) {
        kept[u] = hi - lo;
        continue;
      }
      s.order.resize(static_cast<size_t>(hi - lo));
      std::iota(s.order.begin(), s.order.end(), lo);
      std::stable_sort(s.order.begin(), s.order.end(), [&](int64_t a, int64_t b) {
        if (item_[a] != item_[b]) return item_[a] < item_[b];
        return timed && time_[a] < time_[b];
      });
      s.item.clear();
      s.value.clear();
      s.time.clear();
      for (size_t j = 0; j < s.order.size(); ++j) {
        const int64_t x = s.order[j];
        if (j + 1 < s.order.size() && item_[s.order[j + 1]] == item_[x]) continue;  // a later one wins
        s.item.push_back(item_[x]);
        s.value.push_back(value_[x]);
        if (timed) s.time.push_back(time_[x]);
      }
      std::copy(s.item.begin(), s.item.end(), item_.begin() + lo);
      std::copy(s.value.begin(), s.value.end(), value_.begin() + lo);
      if (timed) std::copy(s.time.begin(), s.time.end(), time_.begin() + lo);
      kept[u] = static_cast<int64_t>(s.item.size());
    }
  });
  // Close the gaps that duplicates left.
  int64_t at = 0;
  for (int32_t u = 0; u < n_users_; ++u) {
    const int64_t lo = ptr_[u];
    if (at != lo) {
      std::copy_n(item_.begin() + lo, kept[u], item_.begin() + at);
      std::copy_n(value_.begin() + lo, kept[u], value_.begin() + at);
      if (timed) std::copy_n(time_.begin() + lo, kept[u], time_.begin() + at);
    }
    ptr_[u] = at;
    at += kept[u];
  }
  ptr_[n_users_] = at;
  item_.resize(at);
  value_.resize(at);
  if (timed) time_.resize(at);
  return RatingMatrix::from_csr(n_users_, n_items_, std::move(ptr_), std::move(item_), std::move(value_),
                                std::move(time_));
}

RatingMatrix RatingMatrix::from_csr(int32_t n_users, int32_t n_items, std::vector<int64_t> user_ptr,
                                    std::vector<int32_t> user_item, std::vector<float> user_value,
                                    std::vector<int64_t> user_time) {
  auto bad = [](const char* why) { throw Error(ErrorCode::InvalidArgument, std::string("from_csr: ") + why); };
  if (n_users < 0 || n_items < 0) bad("negative size");
  const int64_t nnz = static_cast<int64_t>(user_item.size());
  if (user_ptr.size() != static_cast<size_t>(n_users) + 1 || user_ptr.front() != 0 || user_ptr.back() != nnz)
    bad("user_ptr does not span the entries");
  if (user_value.size() != user_item.size()) bad("user_value size differs from user_item");
  if (!user_time.empty() && user_time.size() != user_item.size()) bad("user_time size differs from user_item");
  for (int32_t u = 0; u < n_users; ++u) {
    if (user_ptr[u + 1] < user_ptr[u]) bad("user_ptr decreases");
    int32_t last = -1;
    for (int64_t k = user_ptr[u]; k < user_ptr[u + 1]; ++k) {
      if (user_item[k] <= last || user_item[k] >= n_items) bad("items not ascending or out of range");
      last = user_item[k];
    }
  }
  RatingMatrix m;
  m.n_users = n_users;
  m.n_items = n_items;
  m.item_ptr.assign(static_cast<size_t>(n_items) + 1, 0);
  double sum = 0;
  for (int64_t k = 0; k < nnz; ++k) {
    m.item_ptr[user_item[k] + 1]++;
    sum += user_value[k];
  }
  for (int32_t i = 0; i < n_items; ++i) m.item_ptr[i + 1] += m.item_ptr[i];
  m.item_user.resize(nnz);
  m.item_value.resize(nnz);
  std::vector<int64_t> fill(m.item_ptr.begin(), m.item_ptr.end() - 1);
  for (int32_t u = 0; u < n_users; ++u) {  // users ascend, so each column comes out sorted
    for (int64_t k = user_ptr[u]; k < user_ptr[u + 1]; ++k) {
      int64_t at = fill[user_item[k]]++;
      m.item_user[at] = u;
      m.item_value[at] = user_value[k];
    }
  }
  m.global_mean = nnz ? sum / static_cast<double>(nnz) : 0.0;
  // Like from_triplets: times are kept only when some are known.
  if (std::any_of(user_time.begin(), user_time.end(), [](int64_t t) { return t != 0; }))
    m.user_time = std::move(user_time);
  m.user_ptr = std::move(user_ptr);
  m.user_item = std::move(user_item);
  m.user_value = std::move(user_value);
  return m;
}

}  // namespace cinerec
