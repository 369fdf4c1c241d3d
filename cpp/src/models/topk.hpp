// Top-k selection over a score vector with a keep predicate. Ties break by
// the lower item index so results are deterministic.
#pragma once
#include <algorithm>
#include <cstdint>
#include <queue>
#include <vector>

#include "cinerec/model.hpp"

namespace cinerec {

inline bool better(const Scored& a, const Scored& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

template <class Keep>
std::vector<Scored> top_k(const std::vector<float>& scores, int32_t k, Keep keep) {
  std::vector<Scored> heap;  // min-heap by "better": the worst kept on top
  if (k <= 0) return heap;
  heap.reserve(k + 1);
  auto worse_first = [](const Scored& a, const Scored& b) { return better(a, b); };
  for (int32_t i = 0; i < static_cast<int32_t>(scores.size()); ++i) {
    if (!keep(i)) continue;
    Scored c{i, scores[i]};
    if (static_cast<int32_t>(heap.size()) < k) {
      heap.push_back(c);
      std::push_heap(heap.begin(), heap.end(), worse_first);
    } else if (better(c, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), worse_first);
      heap.back() = c;
      std::push_heap(heap.begin(), heap.end(), worse_first);
    }
  }
  std::sort(heap.begin(), heap.end(), better);
  return heap;
}

inline std::vector<Scored> top_k(const std::vector<float>& scores, int32_t k) {
  return top_k(scores, k, [](int32_t) { return true; });
}

}  // namespace cinerec
