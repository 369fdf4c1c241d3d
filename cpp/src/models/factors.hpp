// Shared pieces of latent-factor models: fold-in of a new profile against
// fixed item factors and the per-item decomposition of its score that
// explain() reports, cosine neighbours of item factors, and the model glue
// of every factor model (FactorModel).
#pragma once
#include <Eigen/Dense>
#include <initializer_list>
#include <vector>

#include "cinerec/model.hpp"
#include "models/model_base.hpp"
#include "models/params.hpp"
#include "util/llt.hpp"

namespace cinerec {

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Ridge fold-in for a biased factor model:
//   minimise  sum_j (r_j - mu - b_j - b_u - q_j.p)^2 + lambda (|p|^2 + b_u^2)
// over x = [p; b_u] (bias optional): x = (AᵀA + λI)⁻¹ Aᵀ t with A the
// profile's rows [q_j, 1] and t the targets. The factorisation is kept, so
// explain() splits any item's score into each rated movie's share with one
// small solve: score_i − base = aᵢᵀ x = Σ_j (A (AᵀA + λI)⁻¹ aᵢ)_j t_j.
struct RidgeFold : FoldDetail {
  Eigen::VectorXf p;   // the user factors
  float bias = 0;      // b_u (0 when unbiased)
  Eigen::MatrixXf A;   // n × (k[+1])
  Llt llt;  // of AᵀA + λI
  std::vector<float> targets;
  bool with_bias = false;

  // Each profile entry's share of aᵢᵀ x for an item's row a = [q_i, 1].
  Eigen::VectorXf shares(const Eigen::VectorXf& a) const;
};
RidgeFold ridge_fold_in(const RowMatrixXf& Q, const Profile& profile, std::vector<float> targets,
                        float lambda, bool with_bias);

// The n items whose factor rows have the highest cosine with item's row.
std::vector<Scored> cosine_neighbours(const RowMatrixXf& Q, int32_t item, int32_t n);

// A rows × cols matrix of independent N(mean, sd) draws (Rng::normal, in
// storage order): the initial factors of als, svdpp, ials and bpr.
RowMatrixXf random_normal(class Rng& rng, int64_t rows, int64_t cols, double mean, double sd);

void save_matrix(class ByteWriter& w, const RowMatrixXf& m);
RowMatrixXf load_matrix(class ByteReader& r);

// The trained state of every factor model:
//   ŝ_ui = μ + b_u + b_i + q_iᵀ p_u
// (svd, svdpp, nmf, als; ials has μ = b = 0; bpr has μ = b_u = 0 and an
// item bias b_i).
struct BiasedFactors {
  float mu = 0;
  std::vector<float> bu, bi;
  RowMatrixXf P, Q;

  // μ + b + b_i + q_iᵀ p for every item.
  std::vector<float> scores(const Eigen::VectorXf& p, float b) const;
  // users = false: P and b_u as 0 × k and empty (what save_for_new_users keeps).
  void save(class ByteWriter& w, bool users = true) const;
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

// The model glue of every factor model around its BiasedFactors: index
// checks against the factor rows, a training user's state and predictions,
// cosine neighbours of the q_i, saving and loading (the scale, the factors,
// then what save_extra() adds), and the ridge fold-in and its explanation
// (svd, als). Models that fold in another way (svdpp, nmf, ials, bpr)
// override fold_into and explain_item.
class FactorModel : public ModelBase {
 public:
  float predict_user(int32_t user, int32_t item) const override;
  std::vector<Scored> similar_items(int32_t item, int32_t n) const override;
  std::vector<uint8_t> save() const override;
  void load(const std::vector<uint8_t>& bytes) override;
  ItemFactors item_factors() const override { return {f_.Q.data(), f_.Q.rows(), f_.Q.cols()}; }
  std::vector<uint8_t> save_for_new_users() const override { return save_state(false); }

 protected:
  explicit FactorModel(std::string name) : ModelBase(std::move(name)) {}

  void fold_into(UserState& state) const override;
  void fold_user_into(UserState& state) const override;
  Explanation explain_item(const UserState& state, int32_t item) const override;

  // The ridge strength of a profile's fold-in for n ratings (ridge models).
  virtual float fold_lambda(size_t n) const { return static_cast<float>(n) + 1e-4f; }
  // The ridge fold of a profile against the fixed q_i, with targets
  // r − μ − b_i − offset_j (offsets: svd++'s implicit term, or none).
  RidgeFold ridge(const Profile& profile, const std::vector<float>* offsets = nullptr) const;
  // What a model saves beyond the factors, and reads back (svdpp's y_j).
  std::vector<uint8_t> save_state(bool users) const;
  // users = false: leave out per-user state (save_for_new_users).
  virtual void save_extra(class ByteWriter&, bool /*users*/) const {}
  virtual void load_extra(class ByteReader&) {}
  // The user factors p_u a training user scores with (svdpp adds z_u).
  virtual Eigen::VectorXf user_factors(int32_t user) const { return f_.P.row(user).transpose(); }

  void check_item(int32_t item) const { check_index(item, f_.Q.rows(), "item"); }
  void check_user(int32_t user) const { check_index(user, f_.P.rows(), "user"); }

  int32_t n_factors_ = 0;
  bool biased_ = true;
  BiasedFactors f_;
};

}  // namespace cinerec
