// als — biased matrix factorisation of explicit ratings by alternating least
// squares with weighted-λ regularisation (Zhou, Wilkinson, Schreiber & Pan
// 2008, "Large-scale Parallel Collaborative Filtering for the Netflix Prize";
// the model of Spark MLlib's ALS with biases added). Parameter names as in
// cinerec's svd: n_factors, n_epochs, reg, biased.
//
//   r̂_ui = μ + b_u + b_i + p_uᵀ q_i
//   minimise Σ_(u,i) (r_ui − r̂_ui)² + λ (Σ_u n_u (‖p_u‖² + b_u²) + Σ_i n_i (‖q_i‖² + b_i²))
// Update rule, one epoch = every user then every item, each an exact ridge
// solve by Eigen LLT on the (k+1)×(k+1) normal equations:
//   [p_u; b_u] = (A_uᵀA_u + λ n_u I)⁻¹ A_uᵀ (r_u − μ − b_I),   A_u = [f_.Q{I_u}  1]
//   [q_i; b_i] = (B_iᵀB_i + λ n_i I)⁻¹ B_iᵀ (r_i − μ − b_U),   B_i = [f_.P{U_i}  1]
// (with biased = false the bias columns are dropped and μ = 0). Progress
// reports the training RMSE after each epoch.
//
// A profile outside the training data is folded in by the same user solve
// against the fixed item factors and biases (models/factors.hpp), so a
// training user's own row folds in to what fit learned for it.
#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "util/parallel.hpp"
#include "util/rng.hpp"
#include "util/llt.hpp"

namespace cinerec {
namespace {

class Als final : public FactorModel {
 public:
  explicit Als(const Json& given) : FactorModel("als") {
    ParamReader p(name_, given);
    n_factors_ = p.integer("n_factors", 50, 1, 1024);
    n_epochs_ = p.integer("n_epochs", 15, 0, 1000);
    reg_ = static_cast<float>(p.number("reg", 0.12, 1e-6, 1000));
    biased_ = p.boolean("biased", true);
    init_std_ = static_cast<float>(p.number("init_std_dev", 0.1, 0, 10));
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    Rng rng(options.seed);
    f_.P = random_normal(rng, R.n_users, n_factors_, 0, init_std_);
    f_.Q = random_normal(rng, R.n_items, n_factors_, 0, init_std_);
    f_.bu.assign(R.n_users, 0.0f);
    f_.bi.assign(R.n_items, 0.0f);
    f_.mu = biased_ ? static_cast<float>(R.global_mean) : 0.0f;

    const int32_t threads = std::max(1, options.threads);
    for (int32_t epoch = 1; epoch <= n_epochs_; ++epoch) {
      solve_side(f_.P, f_.bu, f_.Q, f_.bi, R.user_ptr, R.user_item, R.user_value, threads);
      solve_side(f_.Q, f_.bi, f_.P, f_.bu, R.item_ptr, R.item_user, R.item_value, threads);
      if (progress.active())
        progress.report("epoch", epoch, n_epochs_, R.nnz() ? std::sqrt(squared_error(R, threads) / static_cast<double>(R.nnz())) : 0.0);
    }
    trained_ = true;
  }

 private:
  float fold_lambda(size_t n) const override { return reg_ * static_cast<float>(std::max<size_t>(1, n)); }

  // Σ (r − r̂)² over the training ratings: in one pass on one thread, else
  // in fixed blocks of users summed in order.
  double squared_error(const RatingMatrix& R, int32_t threads) const {
    auto users = [&](int32_t lo, int32_t hi) {
      double sq = 0;
      for (int32_t u = lo; u < hi; ++u)
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
          const int32_t i = R.user_item[x];
          const double e = R.user_value[x] - (f_.mu + f_.bu[u] + f_.bi[i] + f_.P.row(u).dot(f_.Q.row(i)));
          sq += e * e;
        }
      return sq;
    };
    if (threads <= 1) return users(0, R.n_users);
    constexpr int32_t kBlock = 2048;
    std::vector<double> block((R.n_users + kBlock - 1) / kBlock);
    parallel_for(0, static_cast<int64_t>(block.size()), threads, [&](int64_t b) {
      block[b] = users(static_cast<int32_t>(b * kBlock), std::min(R.n_users, static_cast<int32_t>((b + 1) * kBlock)));
    });
    double sq = 0;
    for (double b : block) sq += b;
    return sq;
  }

  // Every row of A (and its bias) against the fixed B and its biases, rows
  // on up to `threads` threads; each solve reads only B, so the result does
  // not depend on the number of threads.
  void solve_side(RowMatrixXf& A, std::vector<float>& a_bias, const RowMatrixXf& B,
                  const std::vector<float>& b_bias, const std::vector<int64_t>& ptr,
                  const std::vector<int32_t>& idx, const std::vector<float>& val, int32_t threads) const {
    const int k = n_factors_;
    const int d = k + (biased_ ? 1 : 0);
    struct Scratch {
      Eigen::MatrixXf M, X, K;
      Eigen::VectorXf y, rhs;
      Llt llt, dual;
    };
    auto scratch = [d] {
      return Scratch{Eigen::MatrixXf(d, d), Eigen::MatrixXf(), Eigen::MatrixXf(), Eigen::VectorXf(),
                     Eigen::VectorXf(d), Llt(d), Llt()};
    };
    parallel_for(0, A.rows(), threads, scratch, [&](Scratch& s, int64_t a) {
      Eigen::MatrixXf &M = s.M, &X = s.X, &K = s.K;
      Eigen::VectorXf &y = s.y, &rhs = s.rhs;
      const int64_t lo = ptr[a], n = ptr[a + 1] - lo;
      if (n == 0) {  // nothing to fit: the prior (zero)
        A.row(a).setZero();
        a_bias[a] = 0;
        return;
      }
      X.resize(n, d);
      y.resize(n);
      for (int64_t x = 0; x < n; ++x) {
        const int32_t b = idx[lo + x];
        X.row(x).head(k) = B.row(b);
        if (biased_) X(x, k) = 1.0f;
        y(x) = val[lo + x] - f_.mu - (biased_ ? b_bias[b] : 0.0f);
      }
      const float lam = reg_ * static_cast<float>(n);
      Eigen::VectorXf sol;
      if (n < d) {
        // Fewer ratings than unknowns: the same ridge solution from the n×n
        // dual system, x = Xᵀ (XXᵀ + λI)⁻¹ y (most items of a long tail).
        K.setZero(n, n);
        K.selfadjointView<Eigen::Lower>().rankUpdate(X);
        K.diagonal().array() += lam;
        s.dual.compute(K);
        sol = X.transpose() * s.dual.solve(y);
      } else {
        M.setZero();  // XᵀX, lower half only (all LLT reads), half the flops
        M.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
        M.diagonal().array() += lam;
        rhs.noalias() = X.transpose() * y;
        s.llt.compute(M);
        sol = s.llt.solve(rhs);
      }
      A.row(a) = sol.head(k).transpose();
      if (biased_) a_bias[a] = sol(k);
    });
  }

  int32_t n_epochs_;
  float reg_, init_std_;
};

}  // namespace

std::unique_ptr<Model> make_als(const Json& params) { return std::make_unique<Als>(params); }

}  // namespace cinerec
