// bayesian-fm — a factorisation machine learned by Gibbs sampling (Bayesian
// FM: Freudenthaler, Schmidt-Thieme & Rendle 2011; libFM's MCMC, Rendle 2012,
// "Factorization Machines with libFM", ACM TIST 3(3)), on the relational
// design of Rendle 2013 ("Scaling factorization machines to relational
// data", VLDB), with the user and movie features of Rendle, Zhang & Koren
// 2019 ("On the difficulty of evaluating baselines"): Bayesian SVD++ and its
// "flipped" twin in one model.
//
//   x(u, i) = [ user u | movies rated by u, 1/√|N(u)| each ]            (user block)
//           ⊕ [ movie i | users who rated i, 1/√|N(i)| | genres of i, 1/|G(i)| ]  (item block)
//   ŷ(x) = w₀ + Σ_f w_f x_f + Σ_{f<f'} ⟨v_f, v_f'⟩ x_f x_f'
//        = w₀ + c_U(u) + c_I(i) + ⟨S_U(u), S_I(i)⟩
//   S_B(row) = Σ_{f∈row} x_f v_f,  c_B(row) = Σ x_f w_f + ½ Σ_d (S_{B,d}² − Σ x_f² v_{f,d}²)
//
// Model: r ~ N(ŷ, 1/α); w_f ~ N(μ_g, 1/λ_g), v_{f,d} ~ N(μ_{g,d}, 1/λ_{g,d})
// for the feature's group g (user id, rated movies, movie id, raters, genres);
// hyperpriors λ ~ Gamma(1, 1), μ ~ N(0, 1/λ), α ~ Gamma(1, 1), w₀ flat.
//
// Update rule (one sweep; bayesian_fm_sampler.cpp): draw α, w₀, each group's
// (λ, μ), then factor by factor and block by block (users, then movies) every
// v_{f,d}, a block's w_f just before its first factor, each from its Gaussian
// conditional σ² = 1/(α Σh² + λ), mean = σ² (α Σ h (e + θ h) + λ μ),
// e = r − ŷ, h = ∂ŷ/∂θ; the sums are kept per block row, so a sweep costs
// O(k (N + nnz of the two blocks)).
//
// Prediction: the sweeps after `burn_in` are cut into `n_blocks` runs of
// consecutive draws; each run's draws are averaged into one set of parameters
// (a posterior mean over that stretch of the chain), and a prediction is the
// mean over the runs of ŷ at their means, clipped to the scale. Averaging the
// parameters inside a run and the predictions across runs was as accurate as
// averaging 48 draws' predictions, and more than keeping 8 draws (inner
// validation on u1.base, bench/tuning.md): the chain barely rotates in a few
// dozen sweeps. The runs are stored as one factor model of
// n_factors · n_blocks columns: p_u = [S̄_U^s(u)/√n]_s, q_i = [S̄_I^s(i)/√n]_s,
// b_u = mean c̄_U^s(u), b_i = mean c̄_I^s(i), μ = mean w̄₀^s, so that
// μ + b_u + b_i + q_iᵀ p_u is exactly that mean.
//
// Fold-in of a person outside the training data (the browser's user): their
// user row is the movies of the profile (the rated-movie features, learned)
// and a user-id feature θ = (w, v) nobody has seen. Against each run's mean
// parameters the prediction is linear in θ with regressor
// d_i = [1, S̄_I^s(i) + z], z = Σ_{j∈P} v̄_j/√|P|, so θ's posterior given the
// movie side is Gaussian and its mean is a ridge solve with the run's
// user-id prior (μ, λ) and noise precision α:
//   (α DᵀD + Λ) θ = α Dᵀ t + Λ m,   t_j = r_j − (ŷ_j without θ)
// (k + 1 unknowns, one Cholesky per run); the profile's scores are the mean
// over runs. An empty profile gets θ = the prior mean: the average newcomer.
//
// Parameters and why: see docs/algorithms-rating.md ("bayesian-fm") and
// bench/tuning.md (chosen on ml-latest-small and by inner validation of
// u1.base, never on a test fold).
//
// What the data lacks is left out, so every snapshot trains it the same way:
// no user demographics (snapshots carry none, and the browser's user gives
// none), no time (a prediction carries no timestamp: the contract scores a
// movie for a person now).
#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>

#include "cinerec/error.hpp"
#include "models/bayesian_fm.hpp"
#include "models/factors.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "util/bytes.hpp"
#include "util/llt.hpp"

namespace cinerec {
namespace {

class BayesianFm final : public FactorModel {
 public:
  explicit BayesianFm(const Json& given) : FactorModel("bayesian-fm") {
    ParamReader p(name_, given);
    k_ = p.integer("n_factors", 10, 1, 256);
    n_iter_ = p.integer("n_iter", 56, 1, 100000);
    burn_in_ = p.integer("burn_in", 8, 0, 100000);
    n_blocks_ = p.integer("n_blocks", 4, 1, 1000);
    init_std_ = p.number("init_std_dev", 0.1, 0, 10);
    features_.rated_items = p.boolean("rated_items", true);
    features_.raters = p.boolean("raters", true);
    features_.genres = p.boolean("genres", true);
    params_ = p.finish();
    if (burn_in_ >= n_iter_) p.fail("burn_in", "must be below n_iter (" + std::to_string(n_iter_) + ")");
    if (n_blocks_ > n_iter_ - burn_in_)
      p.fail("n_blocks", "at most n_iter − burn_in = " + std::to_string(n_iter_ - burn_in_) + " (one draw or more per block)");
    n_factors_ = k_ * n_blocks_;
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    const ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    bfm::Gibbs g(R, bfm::make_design(R, train.catalog.get(), features_), k_, init_std_, options.seed);
    const int32_t S = n_blocks_, k = k_;
    f_.P = RowMatrixXf::Zero(R.n_users, static_cast<Eigen::Index>(k) * S);
    f_.Q = RowMatrixXf::Zero(R.n_items, static_cast<Eigen::Index>(k) * S);
    f_.bu.assign(R.n_users, 0.0f);
    f_.bi.assign(R.n_items, 0.0f);
    f_.mu = 0;
    own_ = RowMatrixXf::Zero(R.n_items, S);
    const bool rated = features_.rated_items;
    Y_ = RowMatrixXf::Zero(rated ? R.n_items : 0, rated ? static_cast<Eigen::Index>(k) * S : 0);
    YW_ = RowMatrixXf::Zero(rated ? R.n_items : 0, rated ? S : 0);
    H_ = RowMatrixXf::Zero(S, 4 + 2 * k);
    const float scale = 1.0f / std::sqrt(static_cast<float>(S));
    const int64_t span = n_iter_ - burn_in_;
    for (int32_t it = 1; it <= n_iter_; ++it) {
      g.sweep();
      if (it > burn_in_) {
        // Block s holds the sweeps burn_in + (⌈s·span/S⌉, ⌈(s + 1)·span/S⌉].
        const int64_t s = (static_cast<int64_t>(it - burn_in_ - 1) * S) / span;
        const int64_t first = (s * span + S - 1) / S, last = ((s + 1) * span + S - 1) / S;
        add(g.draw(), static_cast<int32_t>(s), scale, 1.0f / static_cast<float>(last - first));
      }
      progress.report("sweep", it, n_iter_, g.train_rmse());
    }
    const float inv = 1.0f / static_cast<float>(S);
    f_.mu *= inv;
    for (float& b : f_.bu) b *= inv;
    for (float& b : f_.bi) b *= inv;
    trained_ = true;
  }

 private:
  // Adds weight × a draw to block s.
  void add(const bfm::Draw& d, int32_t s, float scale, float weight) {
    const int32_t k = k_;
    const Eigen::Index nu = f_.P.rows(), ni = f_.Q.rows();
    f_.mu += weight * static_cast<float>(d.w0);
    for (Eigen::Index u = 0; u < nu; ++u) {
      for (int32_t c = 0; c < k; ++c) f_.P(u, s * k + c) += weight * d.user_s[u * k + c] * scale;
      f_.bu[u] += weight * d.user_own[u];
    }
    for (Eigen::Index i = 0; i < ni; ++i) {
      for (int32_t c = 0; c < k; ++c) f_.Q(i, s * k + c) += weight * d.item_s[i * k + c] * scale;
      f_.bi[i] += weight * d.item_own[i];
      own_(i, s) += weight * d.item_own[i];
    }
    if (Y_.rows() > 0)
      for (Eigen::Index j = 0; j < ni; ++j) {
        for (int32_t c = 0; c < k; ++c) Y_(j, s * k + c) += weight * d.rated_v[j * k + c];
        YW_(j, s) += weight * d.rated_w[j];
      }
    H_(s, 0) += weight * static_cast<float>(d.w0);
    H_(s, 1) += weight * static_cast<float>(d.alpha);
    H_(s, 2) += weight * static_cast<float>(d.user_prior.mu_w);
    H_(s, 3) += weight * static_cast<float>(d.user_prior.lambda_w);
    for (int32_t c = 0; c < k; ++c) {
      H_(s, 4 + c) += weight * static_cast<float>(d.user_prior.mu_v[c]);
      H_(s, 4 + k + c) += weight * static_cast<float>(d.user_prior.lambda_v[c]);
    }
  }

  // One draw's fold-in of a profile (see the file comment).
  struct DrawFold {
    Eigen::MatrixXf D;                // n × (k + 1): [1, S_I(j) + z]
    Llt llt;  // of α DᵀD + Λ
    Eigen::VectorXf t;                // targets without θ
    Eigen::VectorXf z;                // the rated-movie term
    float alpha = 0;
    float implicit = 0;               // Σ x w_j + ½(|z|² − Σ x² |v_j|²)
    Eigen::VectorXf theta;            // [w, v]
  };
  struct Folded : FoldDetail {
    std::vector<DrawFold> draws;
  };

  Folded fold(const Profile& profile) const {
    const int32_t k = k_, S = n_blocks_;
    const float root = std::sqrt(static_cast<float>(S));
    const int n = static_cast<int>(profile.size());
    const float x = n > 0 ? 1.0f / std::sqrt(static_cast<float>(n)) : 0.0f;
    Folded out;
    out.draws.resize(S);
    for (int32_t s = 0; s < S; ++s) {
      DrawFold& f = out.draws[s];
      f.alpha = H_(s, 1);
      f.z = Eigen::VectorXf::Zero(k);
      double lin = 0, sq = 0;
      if (Y_.rows() > 0)
        for (const ProfileEntry& e : profile) {
          const auto y = Y_.row(e.item).segment(static_cast<Eigen::Index>(s) * k, k);
          f.z += x * y.transpose();
          lin += x * YW_(e.item, s);
          sq += x * x * y.squaredNorm();
        }
      f.implicit = static_cast<float>(lin + 0.5 * (f.z.squaredNorm() - sq));
      f.D.resize(n, k + 1);
      f.t.resize(n);
      for (int j = 0; j < n; ++j) {
        const int32_t i = profile[j].item;
        const Eigen::VectorXf b = root * f_.Q.row(i).segment(static_cast<Eigen::Index>(s) * k, k).transpose();
        f.D(j, 0) = 1.0f;
        f.D.row(j).tail(k) = (b + f.z).transpose();
        f.t(j) = profile[j].rating - (H_(s, 0) + own_(i, s) + f.implicit + f.z.dot(b));
      }
      Eigen::VectorXf lambda(k + 1), m(k + 1);
      lambda(0) = H_(s, 3);
      m(0) = H_(s, 2);
      lambda.tail(k) = H_.row(s).segment(4 + k, k).transpose();
      m.tail(k) = H_.row(s).segment(4, k).transpose();
      Eigen::MatrixXf G = f.alpha * (f.D.transpose() * f.D);
      G.diagonal() += lambda;
      f.llt.compute(G);
      f.theta = f.llt.solve(f.alpha * (f.D.transpose() * f.t) + lambda.cwiseProduct(m));
    }
    return out;
  }

  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>(fold(state.profile));
    const int32_t k = k_, S = n_blocks_;
    const float scale = 1.0f / std::sqrt(static_cast<float>(S));
    Eigen::VectorXf p(static_cast<Eigen::Index>(k) * S);
    double b = 0;
    for (int32_t s = 0; s < S; ++s) {
      const DrawFold& f = d->draws[s];
      const Eigen::VectorXf v = f.theta.tail(k);
      p.segment(static_cast<Eigen::Index>(s) * k, k) = (v + f.z) * scale;
      b += f.theta(0) + f.implicit + v.dot(f.z);
    }
    state.scores = f_.scores(p, static_cast<float>(b / S));
    state.detail = std::move(d);
  }

  // Each rated movie's share of θ's part of the score, α d_iᵀ (α DᵀD + Λ)⁻¹ d_j t_j,
  // averaged over draws; then what the choice of movies adds (the rated-movie term).
  Explanation explain_item(const UserState& state, int32_t item) const override {
    auto d = detail_of<Folded>(state, [&] { return std::make_shared<Folded>(fold(state.profile)); });
    const int32_t k = k_, S = n_blocks_;
    const float root = std::sqrt(static_cast<float>(S));
    Eigen::VectorXf shares = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(state.profile.size()));
    double implicit = 0;
    for (int32_t s = 0; s < S; ++s) {
      const DrawFold& f = d->draws[s];
      const Eigen::VectorXf b = root * f_.Q.row(item).segment(static_cast<Eigen::Index>(s) * k, k).transpose();
      implicit += f.implicit + f.z.dot(b);
      if (f.D.rows() == 0) continue;
      Eigen::VectorXf a(k + 1);
      a(0) = 1.0f;
      a.tail(k) = b + f.z;
      shares += (f.alpha * (f.D * f.llt.solve(a))).cwiseProduct(f.t);
    }
    shares /= static_cast<float>(S);
    Explanation e;
    for (size_t j = 0; j < state.profile.size(); ++j)
      e.parts.push_back(movie_part(state.profile[j].item, shares(static_cast<Eigen::Index>(j))));
    keep_strongest(e.parts, 5);
    if (!state.profile.empty() && Y_.rows() > 0)
      e.parts.push_back(feature_part(ReasonKind::WhichRated, -1, static_cast<float>(implicit / S)));
    return e;
  }

  void save_extra(ByteWriter& w, bool) const override {
    save_matrix(w, own_);
    save_matrix(w, Y_);
    save_matrix(w, YW_);
    save_matrix(w, H_);
  }
  void load_extra(ByteReader& r) override {
    own_ = load_matrix(r);
    Y_ = load_matrix(r);
    YW_ = load_matrix(r);
    H_ = load_matrix(r);
    const Eigen::Index ni = f_.Q.rows(), S = n_blocks_, k = k_;
    const bool rated = features_.rated_items;
    if (own_.rows() != ni || own_.cols() != S || H_.rows() != S || H_.cols() != 4 + 2 * k ||
        Y_.rows() != (rated ? ni : 0) || Y_.cols() != (rated ? k * S : 0) || YW_.rows() != Y_.rows() ||
        YW_.cols() != (rated ? S : 0))
      r.fail("bayesian-fm: shapes do not match the parameters");
  }

  int32_t k_, n_iter_, burn_in_, n_blocks_;
  double init_std_;
  bfm::FeatureSet features_;
  RowMatrixXf own_;  // n_items × S: c_I^s(i)
  RowMatrixXf Y_;    // n_items × kS: v of the rated-movie features per draw
  RowMatrixXf YW_;   // n_items × S: their w
  RowMatrixXf H_;    // S × (4 + 2k): w₀, α, user-id prior μ_w, λ_w, μ_v, λ_v
};

}  // namespace

std::unique_ptr<Model> make_bayesian_fm(const Json& params) { return std::make_unique<BayesianFm>(params); }

}  // namespace cinerec
