// Metrics of one recommendation list and of a set of lists. The formulas are
// in docs/evaluation.md; tests/cpp/test_metrics.cpp checks them by hand.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cinerec/eval.hpp"
#include "models/topk.hpp"

namespace cinerec {

namespace {
int popcount32(uint32_t x) {
  int n = 0;
  for (; x; x &= x - 1) ++n;
  return n;
}
}  // namespace

UserRankMetrics rank_metrics(const std::vector<int32_t>& top, const std::vector<int32_t>& relevant,
                             int32_t k, int64_t first_relevant_rank) {
  UserRankMetrics m;
  if (k <= 0 || relevant.empty()) return m;
  std::vector<int32_t> rel(relevant);
  std::sort(rel.begin(), rel.end());
  const int32_t n = std::min<int32_t>(k, static_cast<int32_t>(top.size()));
  int32_t hits = 0;
  double dcg = 0, precision_sum = 0;
  for (int32_t r = 0; r < n; ++r) {
    if (!std::binary_search(rel.begin(), rel.end(), top[r])) continue;
    ++hits;
    dcg += 1.0 / std::log2(r + 2.0);
    precision_sum += static_cast<double>(hits) / (r + 1);
  }
  const int32_t n_rel = static_cast<int32_t>(rel.size());
  double idcg = 0;
  for (int32_t r = 0; r < std::min(k, n_rel); ++r) idcg += 1.0 / std::log2(r + 2.0);
  m.precision = static_cast<double>(hits) / k;
  m.recall = static_cast<double>(hits) / n_rel;
  m.f1 = hits ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
  m.ndcg = dcg / idcg;
  m.ap = precision_sum / std::min(k, n_rel);
  m.ap_all = precision_sum / n_rel;
  m.hit = hits ? 1.0 : 0.0;
  m.rr = first_relevant_rank > 0 ? 1.0 / static_cast<double>(first_relevant_rank) : 0.0;
  return m;
}

std::vector<int32_t> top_candidates(const std::vector<float>& scores,
                                    const std::vector<uint8_t>& candidate, int32_t k) {
  std::vector<Scored> top = top_k(scores, k, [&](int32_t i) {
    return i < static_cast<int32_t>(candidate.size()) && candidate[i] && std::isfinite(scores[i]);
  });
  std::vector<int32_t> out(top.size());
  for (size_t r = 0; r < top.size(); ++r) out[r] = top[r].item;
  return out;
}

int64_t first_relevant_rank(const std::vector<float>& scores, const std::vector<uint8_t>& candidate,
                            const std::vector<int32_t>& relevant) {
  const int32_t n = static_cast<int32_t>(std::min(scores.size(), candidate.size()));
  auto ok = [&](int32_t i) { return i >= 0 && i < n && candidate[i] && std::isfinite(scores[i]); };
  int32_t best = -1;
  for (int32_t i : relevant)
    if (ok(i) && (best < 0 || better(Scored{i, scores[i]}, Scored{best, scores[best]}))) best = i;
  if (best < 0) return 0;
  const Scored b{best, scores[best]};
  int64_t ahead = 0;
  for (int32_t i = 0; i < n; ++i)
    if (ok(i) && better(Scored{i, scores[i]}, b)) ++ahead;
  return ahead + 1;
}

double novelty(const std::vector<std::vector<int32_t>>& lists, const std::vector<int32_t>& item_counts,
               int64_t n_users) {
  double sum = 0;
  int64_t slots = 0;
  if (n_users <= 0) return std::numeric_limits<double>::quiet_NaN();
  for (const auto& list : lists)
    for (int32_t i : list) {
      const int32_t c = i < static_cast<int32_t>(item_counts.size()) ? item_counts[i] : 0;
      sum += -std::log2(static_cast<double>(std::max(c, 1)) / static_cast<double>(n_users));
      ++slots;
    }
  return slots ? sum / static_cast<double>(slots) : std::numeric_limits<double>::quiet_NaN();
}

double intra_list_diversity(const std::vector<int32_t>& list, const Catalog& catalog) {
  const size_t n = list.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (size_t a = 0; a < n; ++a)
    for (size_t b = a + 1; b < n; ++b) {
      const uint32_t ga = catalog.movies[list[a]].genres, gb = catalog.movies[list[b]].genres;
      const int uni = popcount32(ga | gb);
      const double jaccard = uni ? static_cast<double>(popcount32(ga & gb)) / uni : 1.0;
      sum += 1.0 - jaccard;
    }
  return sum / (static_cast<double>(n) * (n - 1) / 2);
}

double coverage(const std::vector<std::vector<int32_t>>& lists, int32_t n_items) {
  if (n_items <= 0) return std::numeric_limits<double>::quiet_NaN();
  std::vector<uint8_t> seen(n_items, 0);
  int64_t distinct = 0;
  for (const auto& list : lists)
    for (int32_t i : list)
      if (i >= 0 && i < n_items && !seen[i]) {
        seen[i] = 1;
        ++distinct;
      }
  return static_cast<double>(distinct) / n_items;
}

}  // namespace cinerec
