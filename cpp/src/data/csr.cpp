// RatingMatrix::from_csr: the snapshot reader's fast path (no sort, no
// de-duplication; the input is checked instead).
#include <algorithm>

#include "cinerec/dataset.hpp"
#include "cinerec/error.hpp"

namespace cinerec {

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
