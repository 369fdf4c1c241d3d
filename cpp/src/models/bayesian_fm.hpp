// The Gibbs sampler behind bayesian-fm (bayesian_fm.cpp has the formulas and
// the citations), apart from the model so that tests can drive one sweep at
// a time and check its caches against the naive FM formula.
//
// The design is relational (Rendle 2013, "Scaling factorization machines to
// relational data"): a rating's feature vector is its user's row of the user
// block followed by its movie's row of the item block, so everything the
// sampler needs per feature is summed per block row, and one sweep costs
// O(k (N + nnz(user block) + nnz(item block))) instead of O(k · nnz(X)).
#pragma once
#include <cstdint>
#include <vector>

#include "cinerec/dataset.hpp"
#include "util/rng.hpp"

namespace cinerec::bfm {

// Feature groups, each with its own prior (libFM's -meta grouping).
enum Group : int32_t {
  kUserId = 0,    // user block: the user, x = 1
  kRatedItems,    // user block: the movies the user rated, x = 1/√|N(u)| (SVD++)
  kItemId,        // item block: the movie, x = 1
  kRaters,        // item block: the users who rated the movie, x = 1/√|N(i)| ("flipped")
  kGenres,        // item block: the movie's genres, x = 1/|G(i)|
  kGroups
};

struct FeatureSet {
  bool rated_items = true;
  bool raters = true;
  bool genres = true;
};

// One side of the design: rows (users or movies), each a sparse feature
// vector, stored by row (CSR) and by feature (CSC over the rows that have
// training ratings, the only ones the likelihood sees).
struct Block {
  // Features [0, n_rows) are the rows' ids (feature r is row r, x = 1).
  int32_t n_rows = 0;
  int32_t n_features = 0;
  std::vector<int32_t> group;  // per feature
  std::vector<int64_t> row_ptr;
  std::vector<int32_t> row_feature;
  std::vector<float> row_x;
  std::vector<int64_t> feat_ptr;
  std::vector<int32_t> feat_row;
  std::vector<float> feat_x;
  std::vector<int32_t> count;  // training ratings per row

  // A feature is active when a row with ratings holds it; the others are
  // never seen by the likelihood and are held at their prior mean.
  bool active(int32_t f) const { return feat_ptr[f + 1] > feat_ptr[f]; }
  std::vector<float> on;  // 1 for an active feature, 0 otherwise
  // The features of each group, which are contiguous: [begin, end).
  struct Range {
    int32_t group, begin, end;
  };
  std::vector<Range> ranges;
  // Builds feat_*, on and ranges from row_*, count and group.
  void index();
};

struct Design {
  Block users, items;
  int32_t n_users = 0, n_items = 0;
  // Offsets of the groups inside their block (-1 when left out).
  int32_t rated_items_at = -1, raters_at = -1, genres_at = -1;
};
Design make_design(const RatingMatrix& R, const Catalog* catalog, const FeatureSet& features);

// The prior of one group: w ~ N(mu_w, 1/lambda_w), v_f ~ N(mu_v[f], 1/lambda_v[f]).
struct Prior {
  double mu_w = 0, lambda_w = 0;
  std::vector<double> mu_v, lambda_v;
};

// Parameters and per-row caches of one block (float: the sums the sampler
// needs are recomputed from the ratings for every block and factor, and the
// residuals move by the exact differences of these caches).
struct Side {
  Block block;
  std::vector<float> w;    // per feature
  std::vector<float> v;    // k × n_features, factor-major
  std::vector<float> L;    // per row: Σ_f x_f w_f
  std::vector<float> S;    // k × n_rows: Σ_f x_f v_{f,d}
  std::vector<float> Q2;   // k × n_rows: Σ_f x_f² v_{f,d}²
  // The row's own part of every prediction it takes part in:
  // L + ½ Σ_d (S_d² − Q2_d) (the block's linear terms and its internal pairs).
  double own(int32_t row, int32_t k) const;
};

// One draw of what predictions need, every row and every feature filled in
// (inactive features at their prior mean).
struct Draw {
  double w0 = 0, alpha = 0;
  Prior user_prior;                  // of the user-id group (fold-in)
  std::vector<float> user_s, item_s;  // n × k, row-major: S of every row
  std::vector<float> user_own, item_own;
  std::vector<float> rated_v;        // n_items × k, row-major: v of the rated-item features (empty if none)
  std::vector<float> rated_w;        // n_items
};

class Gibbs {
 public:
  Gibbs(const RatingMatrix& R, Design design, int32_t k, double init_std, uint64_t seed);
  // One sweep: α, w0, the linear terms' priors and weights, then for each
  // factor d the factors' priors and v_{·,d}, block by block.
  void sweep();
  // √(mean e²) of the current draw on the training ratings.
  double train_rmse() const;
  Draw draw() const;

  // ŷ of the current draw for (u, i), from the parameters by the FM formula
  // over the concatenated feature vector (no caches): for tests.
  double predict_naive(int32_t user, int32_t item) const;
  // ŷ from the caches.
  double predict_cached(int32_t user, int32_t item) const;

  const RatingMatrix& ratings() const { return *R_; }
  int32_t k() const { return k_; }
  double w0() const { return w0_; }
  double alpha() const { return alpha_; }
  const Side& users() const { return u_; }
  const Side& items() const { return i_; }
  const std::vector<Prior>& priors() const { return prior_; }
  const std::vector<float>& residuals() const { return e_; }  // r − ŷ, CSR order

 private:
  // One row's state while the sampler works on one factor d: S_d and Q2_d
  // of the row, over the row's ratings ΣT, ΣT², Σe, ΣeT with T the other
  // block's S_d, the rating count, and (for factor 0) the linear sum L.
  struct Work {
    float s, q2, t, t2, e, et, n, l;
  };
  void sample_hyper();
  void sample_linear(Side& side, std::vector<Work>& work);
  void sample_factor(Side& side, std::vector<Work>& work, int32_t d);
  double normal() { return rng_.normal(); }

  const RatingMatrix* R_;
  Design design_;
  int32_t k_;
  Rng rng_;
  double w0_ = 0, alpha_ = 1;
  double sse_ = 0, se_ = 0;  // Σe², Σe of the current residuals
  std::vector<Prior> prior_;
  Side u_, i_;
  std::vector<float> e_;
  std::vector<Work> work_u_, work_i_;
  std::vector<float> z_;  // normal draws for a block
};

// A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape ≥ 1), from the portable Rng.
double gamma_draw(Rng& rng, double shape);
// n standard normal draws by the ziggurat method (Marsaglia & Tsang 2000).
void fill_standard_normal(Rng& rng, float* out, int64_t n);

}  // namespace cinerec::bfm
