// Parallel SGD without locks and with a deterministic result: the ratings
// cut into T × T blocks (Gemulla, Nijkamp, Haas & Sismanis 2011, "Large-scale
// matrix factorization with distributed stochastic gradient descent"; the
// blocks of LIBMF, Zhuang, Chin, Juan & Lin 2013). Users and movies are each
// cut into T groups of about equal rating counts, in a random order; block
// (a, b) holds the ratings of user group a and movie group b. An epoch is T
// sub-epochs; in sub-epoch s thread t runs block (t, t + s mod T), so no two
// blocks running together share a user or a movie: every block sees the
// others' updates only between sub-epochs, whatever the timing, and a seed
// and T give one result. (svd, bpr.)
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "cinerec/dataset.hpp"
#include "util/parallel.hpp"

namespace cinerec {

struct Strata {
  int32_t T = 1;
  std::vector<int32_t> user_group, item_group;
  int64_t block(int32_t user, int32_t item) const {
    return static_cast<int64_t>(user_group[user]) * T + item_group[item];
  }

  // users and items: every index once, in the order the groups are cut.
  Strata(const RatingMatrix& R, const std::vector<int32_t>& users, const std::vector<int32_t>& items, int32_t t)
      : T(t), user_group(cut(users, [&](int32_t u) { return R.user_count(u); }, R.nnz(), t)),
        item_group(cut(items, [&](int32_t i) { return R.item_count(i); }, R.nnz(), t)) {}

  // One epoch: run(block) for every block, T at a time on T threads.
  template <class Run>
  void epoch(Run run) const {
    for (int32_t s = 0; s < T; ++s)
      parallel_for(0, T, T, [&](int64_t t) { run(t * T + (t + s) % T); });
  }

 private:
  template <class Count>
  static std::vector<int32_t> cut(const std::vector<int32_t>& order, Count count, int64_t nnz, int32_t t) {
    std::vector<int32_t> g(order.size());
    int64_t seen = 0;
    for (int32_t x : order) {
      g[x] = static_cast<int32_t>(std::min<int64_t>(t - 1, seen * t / std::max<int64_t>(nnz, 1)));
      seen += count(x);
    }
    return g;
  }
};

}  // namespace cinerec
