// Shared pieces of latent-factor models: fold-in of a new profile against
// fixed item factors, cosine neighbours of item factors, the per-item
// decomposition of a folded-in score used by explain(), and the model glue of
// the biased factor models (FactorModel).
#pragma once
#include <Eigen/Dense>
#include <initializer_list>
#include <vector>

#include "cinerec/model.hpp"
#include "models/model_base.hpp"
#include "models/params.hpp"

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

// A rows × cols matrix of independent N(mean, sd) draws (Rng::normal, in
// storage order): the initial factors of als, svdpp, ials and bpr.
RowMatrixXf random_normal(class Rng& rng, int64_t rows, int64_t cols, double mean, double sd);

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

// Surprise's SGD rates: lr_all and reg_all, and per term t an lr_t and a
// reg_t that default to them. Read as Surprise lists them: lr_all, reg_all,
// every lr_t, every reg_t.
struct SgdTerm {
  const char* name;  // "bu", "bi", "pu", "qi", "yj"
  float* lr;
  float* reg;
};
void read_sgd_rates(ParamReader& p, double lr_all, double reg_all, std::initializer_list<SgdTerm> terms);

// The model glue of svd, svdpp, nmf and als around their BiasedFactors:
// index checks against the factor rows, a training user's scores and
// predictions, cosine neighbours of the q_i, saving and loading, and the
// ridge fold-in of svd and als (nmf and svdpp fold in their own way and
// override score and explain).
class FactorModel : public ModelBase {
 public:
  std::vector<float> score(const Profile& profile) const override;
  std::vector<float> score_user(int32_t user) const override;
  float predict(int32_t user, int32_t item) const override;
  using Model::predict;
  std::vector<Scored> similar_items(int32_t item, int32_t n) const override;
  Explanation explain(const Profile& profile, int32_t item) const override;
  std::vector<uint8_t> save() const override;
  void load(const std::vector<uint8_t>& bytes) override;

 protected:
  // saves_scale: the saved bytes start with the rating scale (nmf and svdpp
  // write it, svd and als do not; each format stays as it was).
  FactorModel(std::string name, bool saves_scale) : ModelBase(std::move(name)), saves_scale_(saves_scale) {}

  // The ridge strength of a profile's fold-in for n ratings.
  virtual float fold_lambda(size_t n) const = 0;
  // [p; b_u] by ridge regression of targets = r − μ − b_i on the fixed q_i.
  FoldIn ridge_fold(const Profile& profile, std::vector<float>& targets, bool weights) const;

  void check_item(int32_t item) const { check_index(item, f_.Q.rows(), "item"); }
  void check_user(int32_t user) const { check_index(user, f_.P.rows(), "user"); }

  // The payload after the envelope: the scale (if saved) and the factors.
  void save_factors(class ByteWriter& w) const;
  void load_factors(class ByteReader& r);
  // Ends a load: the sizes from the factors, trained.
  void loaded();

  int32_t n_factors_ = 0;
  bool biased_ = true;
  BiasedFactors f_;

 private:
  bool saves_scale_;
};

}  // namespace cinerec
