// Rating similarities between users or between items, as Surprise's
// similarities.pyx defines them, computed sparsely over co-rated entries.
//
// With x the compared entities (users when user_based, else items), y the
// other side, and for a pair (a, b) the sums over the y both rated (n of them):
//   cosine            Σ r_a r_b / sqrt(Σ r_a² Σ r_b²)
//   msd               1 / (Σ (r_a − r_b)² / n + 1)
//   pearson           (n Σ r_a r_b − Σ r_a Σ r_b) /
//                     sqrt((n Σ r_a² − (Σ r_a)²)(n Σ r_b² − (Σ r_b)²))
//   pearson_baseline  Σ d_a d_b / sqrt(Σ d_a² Σ d_b²) · (n − 1) / (n − 1 + shrinkage),
//                     d = r − (μ + b_u + b_i)        (Koren 2010, eq. 2)
//   adjusted_cosine   cosine of r − mean(y)          (Sarwar et al. 2001)
// A pair with fewer than min_support common y, or a zero denominator, has
// similarity 0; an entity's similarity with itself is 1.
//
// The co-rated sums for entity a are accumulated by walking a's row and, for
// every y in it, y's column: the work is Σ_y |column_y|² / 2, never n².
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"
#include "models/baselines.hpp"

namespace cinerec {

enum class SimKind { Cosine, Msd, Pearson, PearsonBaseline, AdjustedCosine };

const std::vector<std::string>& similarity_names();  // in SimKind order
SimKind similarity_from_name(const std::string& name);

struct SimOptions {
  SimKind kind = SimKind::Msd;
  bool user_based = true;
  int32_t min_support = 1;
  double shrinkage = 100;
};

// One orientation of a rating matrix: "rows" are the x entities, each with
// its y entries and the value used for similarity (raw or centred).
struct SparseSide {
  const std::vector<int64_t>* ptr = nullptr;
  const std::vector<int32_t>* idx = nullptr;
  std::vector<float> val;  // aligned with idx
};

// The rating matrix seen from x (rows) and from y (columns), with the values
// transformed for the similarity kind.
struct SimInput {
  int32_t n_x = 0, n_y = 0;
  SparseSide rows;  // x → its y
  SparseSide cols;  // y → its x
  std::vector<float> y_mean;  // for adjusted cosine
};
SimInput make_sim_input(const RatingMatrix& R, const SimOptions& o, const Biases* biases);

// The value a new user's rating takes for the similarity (user-based only).
float profile_sim_value(const SimOptions& o, const Biases* biases, float profile_bias,
                        const SimInput& in, int32_t item, float rating);

// The similarities of n entities, unit diagonal, in one of two stores:
//   exact   the strict upper triangle in float32, n(n−1)/2 floats (9,742
//           items: 190 MB), symmetric; for n up to kMaxExact.
//   pruned  each entity's `keep` most similar others with a positive
//           similarity (ties to the lower index), 8 bytes each, sorted by
//           index; (a, b) is b's entry in a's row, 0 when b is not kept.
//           This is what LensKit's item-item model does with save_nbrs: a
//           neighbourhood only ever uses positive similarities, and with
//           `keep` ≥ k the k nearest among a user's ratings are lost only when
//           fewer than k of them are among the kept.
class SimilarityMatrix {
 public:
  int32_t size() const { return n_; }
  bool pruned() const { return keep_ > 0; }
  float operator()(int32_t a, int32_t b) const {
    if (a == b) return 1.0f;
    if (pruned()) {
      const int32_t* first = nb_.data() + ptr_[a];
      const int32_t* last = nb_.data() + ptr_[a + 1];
      const int32_t* it = std::lower_bound(first, last, b);
      return it != last && *it == b ? nsim_[it - nb_.data()] : 0.0f;
    }
    if (a > b) std::swap(a, b);
    return tri_[offset(a) + (b - a - 1)];
  }
  // Row a in full (size n, with 1 at a).
  void row(int32_t a, std::vector<float>& out) const;
  size_t bytes() const {
    return tri_.size() * sizeof(float) + nb_.size() * (sizeof(int32_t) + sizeof(float)) + ptr_.size() * sizeof(int64_t);
  }

  // The largest n stored exactly (the triangle stays under ~300 MB).
  static constexpr int32_t kMaxExact = 12000;
  // Neighbours kept per entity when a model leaves it to the store and n is
  // above kMaxExact: 62,000 movies (MovieLens 25M) × 400 × 8 bytes = 200 MB.
  static constexpr int32_t kAutoKeep = 400;

  // keep: 0 for the exact store (refused above kMaxExact), else the pruned
  // store with that many neighbours per entity. threads: native worker
  // threads (ignored in wasm).
  static SimilarityMatrix compute(const SimInput& in, const SimOptions& o, int32_t threads, int32_t keep = 0);

  // The pruned store's arrays, as compute() builds them.
  struct Pruned {
    std::vector<int64_t> ptr;
    std::vector<int32_t> nb;
    std::vector<float> sim;
  };

 private:
  int64_t offset(int32_t a) const {
    return static_cast<int64_t>(a) * n_ - static_cast<int64_t>(a) * (a + 1) / 2;
  }
  int32_t n_ = 0;
  int32_t keep_ = 0;
  std::vector<float> tri_;     // exact
  std::vector<int64_t> ptr_;   // pruned: row a is [ptr_[a], ptr_[a + 1])
  std::vector<int32_t> nb_;    // pruned: neighbour indices, ascending per row
  std::vector<float> nsim_;    // pruned: their similarities
};

// Similarities of one entity given by its (y, value) entries to every x of
// `in` (size n_x), skipping none: for a profile outside the training data
// (user-based) or a column on demand.
std::vector<float> similarities_to_all(const SimInput& in, const SimOptions& o,
                                       const std::vector<int32_t>& ys, const std::vector<float>& vals);

}  // namespace cinerec
