// Shared pieces of latent-factor models: fold-in of a new profile against
// fixed item factors, cosine neighbours of item factors, and the per-item
// decomposition of a folded-in score used by explain().
#pragma once
#include <Eigen/Dense>
#include <vector>

#include "cinerec/model.hpp"

namespace cinerec {

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Ridge fold-in for a biased factor model:
//   minimise  sum_j (r_j - mu - b_j - b_u - q_j.p)^2 + lambda (|p|^2 + b_u^2)
// over x = [p; b_u] (bias optional). Returns x (size k or k+1) and, if asked,
// the matrix M = (A'A + lambda I)^-1 A' whose rows decompose the solution
// into the contribution of each profile item (for explain()).
struct FoldIn {
  Eigen::VectorXf p;   // the user factors
  float bias = 0;      // b_u (0 when unbiased)
  Eigen::MatrixXf M;   // (k[+1]) x n, only when want_weights
};
FoldIn fold_in(const RowMatrixXf& Q, const Profile& profile, const std::vector<float>& targets,
               float lambda, bool with_bias, bool want_weights);

// The n items whose factor rows have the highest cosine with item's row.
std::vector<Scored> cosine_neighbours(const RowMatrixXf& Q, int32_t item, int32_t n);

// Splits a folded-in factor score of `item` into per-profile-item shares,
// strongest first (absolute value), as Explanation parts.
Explanation explain_fold_in(const RowMatrixXf& Q, const FoldIn& f, const Profile& profile,
                            const std::vector<float>& targets, int32_t item, float base,
                            bool with_bias);

void save_matrix(class ByteWriter& w, const RowMatrixXf& m);
RowMatrixXf load_matrix(class ByteReader& r);

// The trained state of a biased factor model (svd, als):
//   r̂_ui = μ + b_u + b_i + q_iᵀ p_u
struct BiasedFactors {
  float mu = 0;
  std::vector<float> bu, bi;
  RowMatrixXf P, Q;

  // μ + b + b_i + q_iᵀ p for every item.
  std::vector<float> scores(const Eigen::VectorXf& p, float b) const;
  void save(class ByteWriter& w) const;
  // Reads what save() wrote and checks the shapes against n_factors.
  void load(class ByteReader& r, int32_t n_factors, const std::string& algorithm);
};

}  // namespace cinerec
