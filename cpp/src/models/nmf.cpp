// nmf — non-negative matrix factorisation by regularised multiplicative
// updates (Luo et al. 2014, "An efficient non-negative matrix-factorization-
// based approach to collaborative filtering for recommender systems", IEEE
// TII; Lee & Seung 2001), Surprise's NMF with the same parameters and defaults.
//
//   r̂_ui = q_iᵀ p_u   (biased: μ + b_u + b_i + q_iᵀ p_u),  p_u, q_i ≥ 0
//   per epoch, with r̂ from the factors at the start of the epoch:
//     p_uf ← p_uf · Σ_{i∈I_u} q_if r_ui / (Σ_{i∈I_u} q_if r̂_ui + |I_u| λ_u p_uf)
//     q_if ← q_if · Σ_{u∈U_i} p_uf r_ui / (Σ_{u∈U_i} p_uf r̂_ui + |U_i| λ_i q_if)
//   biases (biased only) by SGD during the same pass:
//     b_u ← b_u + γ_u (e − λ_bu b_u),  b_i ← b_i + γ_i (e − λ_bi b_i)
//
// A profile outside the training data: p ≥ 0 by non-negative least squares
// on the fixed q_i, minimise Σ_j (t_j − q_jᵀ p)² + |profile| λ_u ‖p‖², solved
// by projected coordinate descent on the k×k normal equations (t_j = r_j, or
// r_j − μ − b_j − b_u alternating with b_u when biased).
#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "util/rng.hpp"
#include "util/llt.hpp"

namespace cinerec {
namespace {

class Nmf final : public FactorModel {
 public:
  explicit Nmf(const Json& given) : FactorModel("nmf") {
    ParamReader p(name_, given);
    n_factors_ = p.integer("n_factors", 15, 1, 1024);
    n_epochs_ = p.integer("n_epochs", 50, 0, 10000);
    biased_ = p.boolean("biased", false);
    reg_pu_ = p.number("reg_pu", 0.06, 0, 1000);
    reg_qi_ = p.number("reg_qi", 0.06, 0, 1000);
    reg_bu_ = p.number("reg_bu", 0.02, 0, 1000);
    reg_bi_ = p.number("reg_bi", 0.02, 0, 1000);
    lr_bu_ = p.number("lr_bu", 0.005, 0, 10);
    lr_bi_ = p.number("lr_bi", 0.005, 0, 10);
    init_low_ = p.number("init_low", 0, 0, 1000);
    init_high_ = p.number("init_high", 1, 0, 1000);
    if (init_high_ < init_low_) p.fail("init_high", "must be >= init_low");
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    const int32_t k = n_factors_;
    Rng rng(options.seed);
    f_.P.resize(R.n_users, k);
    f_.Q.resize(R.n_items, k);
    const double span = init_high_ - init_low_;
    for (int64_t x = 0; x < f_.P.size(); ++x) f_.P.data()[x] = static_cast<float>(init_low_ + span * rng.uniform());
    for (int64_t x = 0; x < f_.Q.size(); ++x) f_.Q.data()[x] = static_cast<float>(init_low_ + span * rng.uniform());
    f_.bu.assign(R.n_users, 0.0f);
    f_.bi.assign(R.n_items, 0.0f);
    f_.mu = biased_ ? static_cast<float>(R.global_mean) : 0.0f;

    Eigen::MatrixXd un(R.n_users, k), ud(R.n_users, k), in(R.n_items, k), id(R.n_items, k);
    for (int32_t epoch = 1; epoch <= n_epochs_; ++epoch) {
      un.setZero();
      ud.setZero();
      in.setZero();
      id.setZero();
      double sq = 0;
      for (int32_t u = 0; u < R.n_users; ++u)
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
          const int32_t i = R.user_item[x];
          const float* pu = f_.P.row(u).data();
          const float* qi = f_.Q.row(i).data();
          double dot = 0;
          for (int32_t f = 0; f < k; ++f) dot += static_cast<double>(qi[f]) * pu[f];
          const double r = R.user_value[x];
          const double est = f_.mu + f_.bu[u] + f_.bi[i] + dot;
          const double e = r - est;
          sq += e * e;
          if (biased_) {
            f_.bu[u] += static_cast<float>(lr_bu_ * (e - reg_bu_ * f_.bu[u]));
            f_.bi[i] += static_cast<float>(lr_bi_ * (e - reg_bi_ * f_.bi[i]));
          }
          for (int32_t f = 0; f < k; ++f) {
            un(u, f) += qi[f] * r;
            ud(u, f) += qi[f] * est;
            in(i, f) += pu[f] * r;
            id(i, f) += pu[f] * est;
          }
        }
      for (int32_t u = 0; u < R.n_users; ++u) {
        const double n = static_cast<double>(R.user_count(u));
        for (int32_t f = 0; f < k; ++f) {
          const double den = ud(u, f) + n * reg_pu_ * f_.P(u, f);
          if (f_.P(u, f) != 0 && den > 0) f_.P(u, f) = static_cast<float>(f_.P(u, f) * (un(u, f) / den));
        }
      }
      for (int32_t i = 0; i < R.n_items; ++i) {
        const double n = static_cast<double>(R.item_count(i));
        for (int32_t f = 0; f < k; ++f) {
          const double den = id(i, f) + n * reg_qi_ * f_.Q(i, f);
          if (f_.Q(i, f) != 0 && den > 0) f_.Q(i, f) = static_cast<float>(f_.Q(i, f) * (in(i, f) / den));
        }
      }
      progress.report("epoch", epoch, n_epochs_, R.nnz() ? std::sqrt(sq / static_cast<double>(R.nnz())) : 0.0);
    }
    if (n_epochs_ == 0) progress.report("init");
    trained_ = true;
  }

  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>(fold(state.profile));
    state.scores = f_.scores(d->p, d->bu);
    state.detail = std::move(d);
  }

  // On the factors the solution uses (p_f > 0) the NNLS solution is the
  // ridge solution p_A = G_AA⁻¹ Q_Aᵀ t, which is linear in the ratings: each
  // rated movie's share is q_iAᵀ G_AA⁻¹ q_jA t_j.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    auto d = detail_of<Folded>(state, [&] { return std::make_shared<Folded>(fold(state.profile)); });
    Explanation ex;
    if (d->active.empty() || state.profile.empty()) return ex;
    const int a = static_cast<int>(d->active.size());
    Eigen::VectorXf qa(a);
    for (int c = 0; c < a; ++c) qa(c) = f_.Q(item, d->active[c]);
    const Eigen::VectorXf w = d->A * d->llt.solve(qa);
    for (size_t j = 0; j < state.profile.size(); ++j)
      ex.parts.push_back(movie_part(state.profile[j].item, w(static_cast<Eigen::Index>(j)) * d->t(static_cast<Eigen::Index>(j))));
    keep_strongest(ex.parts, 5);
    return ex;
  }

 private:
  float fold_lambda(size_t n) const override { return static_cast<float>(reg_pu_ * static_cast<double>(n)) + 1e-4f; }

  // Projected coordinate descent for min ½pᵀGp − hᵀp, p ≥ 0.
  static void nnls(const Eigen::MatrixXf& G, const Eigen::VectorXf& h, Eigen::VectorXf& p) {
    const int k = static_cast<int>(h.size());
    for (int sweep = 0; sweep < 200; ++sweep) {
      float change = 0;
      for (int f = 0; f < k; ++f) {
        if (G(f, f) <= 0) continue;
        const float g = h(f) - G.row(f).dot(p) + G(f, f) * p(f);
        const float v = std::max(0.0f, g / G(f, f));
        change = std::max(change, std::fabs(v - p(f)));
        p(f) = v;
      }
      if (change < 1e-6f) break;
    }
  }

  struct Folded : FoldDetail {
    Eigen::VectorXf p;
    float bu = 0;
    std::vector<int> active;               // the factors with p_f > 0
    Eigen::MatrixXf A;                     // the profile's q_j on the active factors
    Llt llt;       // of AᵀA + λI
    Eigen::VectorXf t;                     // the targets r − (μ + b_u + b_i)
  };

  Folded fold(const Profile& profile) const {
    const int k = n_factors_, n = static_cast<int>(profile.size());
    Folded out;
    Eigen::VectorXf& p = out.p;
    float& bu = out.bu;
    p = Eigen::VectorXf::Zero(k);
    if (n == 0) return out;
    Eigen::MatrixXf A(n, k);
    for (int j = 0; j < n; ++j) A.row(j) = f_.Q.row(profile[j].item);
    Eigen::MatrixXf G = A.transpose() * A;
    G.diagonal().array() += fold_lambda(profile.size());
    Eigen::VectorXf t(n);
    for (int round = 0; round < (biased_ ? 10 : 1); ++round) {
      for (int j = 0; j < n; ++j)
        t(j) = profile[j].rating - (biased_ ? f_.mu + f_.bi[profile[j].item] + bu : 0.0f);
      nnls(G, A.transpose() * t, p);
      if (biased_) {
        // b_u's ridge step: Σ (r − μ − b_i − qᵀp) / (n (1 + λ_bu)).
        Eigen::VectorXf rest = A * p;
        double s = 0;
        for (int j = 0; j < n; ++j) s += profile[j].rating - f_.mu - f_.bi[profile[j].item] - rest(j);
        bu = static_cast<float>(s / (n * (1.0 + reg_bu_)));
      }
    }
    // The active-set system explain() splits scores with.
    for (int f = 0; f < k; ++f)
      if (p(f) > 0) out.active.push_back(f);
    const int a = static_cast<int>(out.active.size());
    out.A.resize(n, a);
    for (int j = 0; j < n; ++j)
      for (int c = 0; c < a; ++c) out.A(j, c) = f_.Q(profile[j].item, out.active[c]);
    Eigen::MatrixXf Ga = out.A.transpose() * out.A;
    Ga.diagonal().array() += fold_lambda(profile.size());
    out.llt.compute(Ga);
    out.t.resize(n);
    for (int j = 0; j < n; ++j)
      out.t(j) = profile[j].rating - (biased_ ? f_.mu + bu + f_.bi[profile[j].item] : 0.0f);
    return out;
  }

  int32_t n_epochs_;
  double reg_pu_, reg_qi_, reg_bu_, reg_bi_, lr_bu_, lr_bi_, init_low_, init_high_;
};

}  // namespace

std::unique_ptr<Model> make_nmf(const Json& params) { return std::make_unique<Nmf>(params); }

}  // namespace cinerec
