// ials — implicit-feedback matrix factorisation by alternating least squares
// with confidence weights (Hu, Koren & Volinsky 2008, "Collaborative Filtering
// for Implicit Feedback Datasets"), with the conjugate-gradient solver of
// Takács, Pilászy & Tikk 2011 ("Applications of the conjugate gradient method
// for implicit feedback collaborative filtering"). Parameter names follow the
// `implicit` library's AlternatingLeastSquares: factors, regularization,
// alpha, iterations (no Surprise-style aliases: one set of names).
//
//   preference p_ui = 1 if u rated i, else 0
//   confidence c_ui = 1 + α r_ui            (confidence = linear)
//               c_ui = 1 + α log(1 + r_ui/ε)  (confidence = log)
//   r_ui = the rating (feedback = explicit, the default) or 1 (implicit)
//   minimise Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + Σ_u λ_u ‖x_u‖² + Σ_i λ_i ‖y_i‖²
//   λ_u = λ · (Σ_i c_ui / n_items)^ν   (ν = reg_exponent, default 0: plain λ;
//   the frequency-scaled regularisation of Rendle, Krichene, Zhang & Koren
//   2022, "Revisiting the Performance of iALS on Item Recommendation
//   Benchmarks"), and symmetrically λ_i. With regularization_scale =
//   ratings instead λ_u = λ · n_u (n_u: the row's ratings, at least 1), the
//   weighted-λ of Zhou et al. 2008 that Spark MLlib's ALS applies with
//   implicitPrefs (models imported by `cinerec import-spark` fold in so).
//
// Defaults (factors 64, regularization 30, alpha 0.7, explicit feedback, CG)
// were tuned for Precision@10 on ml-100k (per-user 75/25 split): ~0.435.
//
// Update rule (all pairs, with the YᵀY trick so each row costs O(n_u k² + k³)):
//   x_u = (YᵀY + Yᵀ(Cᵘ − I)Y + λ_u I)⁻¹ Yᵀ Cᵘ p(u),  and symmetrically for y_i.
// solver = cholesky solves each k×k system exactly (Eigen LLT); solver = cg
// runs `cg_steps` conjugate-gradient steps from the previous value, without
// forming the matrix. Rows are solved on FitOptions::threads threads, each
// independent of the others (docs/algorithms.md, "Threads"). Progress
// reports the weighted objective above divided by Σ c_ui over all pairs
// (n_users·n_items + Σ (c_ui − 1)).
//
// A profile outside the training data is folded in with the same closed form
// against the fixed item factors (always Cholesky). explain() uses the
// decomposition of Hu et al. §5: with W = (YᵀCY + λI)⁻¹,
//   ŝ_i = Σ_{j∈profile} (y_iᵀ W y_j) c_j,
// so each rated movie's share of the score is exact.
#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "util/parallel.hpp"
#include "util/rng.hpp"
#include "util/llt.hpp"

namespace cinerec {
namespace {

// acc += Σ_j w[j] · row j of G (n rows of k floats), for each element in the
// order j = 0, 1, …: the arithmetic of `acc += w[j] * G.row(j)` in a loop,
// element for element (Eigen's packets and its fused multiply-add where the
// target has one), but with up to four packets of acc held in registers over
// all the rows instead of stored and reloaded for each.
inline void accumulate_rows(float* acc, const float* G, const float* w, int64_t n, int32_t k) {
  namespace ei = Eigen::internal;
  using Packet = ei::packet_traits<float>::type;
  constexpr int32_t P = ei::packet_traits<float>::size;
  int32_t f0 = 0;
  for (; f0 + 4 * P <= k; f0 += 4 * P) {
    Packet a0 = ei::ploadu<Packet>(acc + f0), a1 = ei::ploadu<Packet>(acc + f0 + P),
           a2 = ei::ploadu<Packet>(acc + f0 + 2 * P), a3 = ei::ploadu<Packet>(acc + f0 + 3 * P);
    for (int64_t j = 0; j < n; ++j) {
      const float* g = G + j * k + f0;
      const Packet wj = ei::pset1<Packet>(w[j]);
      a0 = ei::pmadd(wj, ei::ploadu<Packet>(g), a0);
      a1 = ei::pmadd(wj, ei::ploadu<Packet>(g + P), a1);
      a2 = ei::pmadd(wj, ei::ploadu<Packet>(g + 2 * P), a2);
      a3 = ei::pmadd(wj, ei::ploadu<Packet>(g + 3 * P), a3);
    }
    ei::pstoreu(acc + f0, a0);
    ei::pstoreu(acc + f0 + P, a1);
    ei::pstoreu(acc + f0 + 2 * P, a2);
    ei::pstoreu(acc + f0 + 3 * P, a3);
  }
  for (; f0 + P <= k; f0 += P) {
    Packet a = ei::ploadu<Packet>(acc + f0);
    for (int64_t j = 0; j < n; ++j) a = ei::pmadd(ei::pset1<Packet>(w[j]), ei::ploadu<Packet>(G + j * k + f0), a);
    ei::pstoreu(acc + f0, a);
  }
  for (; f0 < k; ++f0) {
    float a = acc[f0];
#ifdef __FMA__
    for (int64_t j = 0; j < n; ++j) a = std::fma(w[j], G[j * k + f0], a);
#else
    for (int64_t j = 0; j < n; ++j) a = ei::pmadd(w[j], G[j * k + f0], a);
#endif
    acc[f0] = a;
  }
}

class Ials final : public FactorModel {
 public:
  explicit Ials(const Json& given) : FactorModel("ials") {
    ParamReader p(name_, given);
    n_factors_ = p.integer("factors", 64, 1, 1024);
    reg_ = static_cast<float>(p.number("regularization", 30.0, 0, 1e6));
    alpha_ = static_cast<float>(p.number("alpha", 0.7, 0, 1e6));
    iterations_ = p.integer("iterations", 15, 0, 1000);
    log_conf_ = p.choice("confidence", "linear", {"linear", "log"}) == "log";
    epsilon_ = static_cast<float>(p.number("epsilon", 1.0, 1e-9, 1e9));
    explicit_ = p.choice("feedback", "explicit", {"implicit", "explicit"}) == "explicit";
    cg_ = p.choice("solver", "cg", {"cholesky", "cg"}) == "cg";
    cg_steps_ = p.integer("cg_steps", 3, 1, 100);
    reg_exponent_ = p.number("reg_exponent", 0.0, 0.0, 2.0);
    per_rating_ = p.choice("regularization_scale", "constant", {"constant", "ratings"}) == "ratings";
    if (per_rating_ && reg_exponent_ != 0)
      throw Error(ErrorCode::InvalidArgument, "ials: regularization_scale = ratings does not go with reg_exponent (give one)");
    init_std_ = static_cast<float>(p.number("init_std_dev", 0.01, 0, 10));
    params_ = p.finish();
  }

  bool predicts_ratings() const override { return false; }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    Rng rng(options.seed);
    RowMatrixXf& X = f_.P;
    RowMatrixXf& Y = f_.Q;
    X = random_normal(rng, R.n_users, n_factors_, 0, init_std_);
    Y = random_normal(rng, R.n_items, n_factors_, 0, init_std_);
    f_.mu = 0;
    f_.bu.assign(R.n_users, 0.0f);
    f_.bi.assign(R.n_items, 0.0f);
    // Confidences once, in both orientations.
    std::vector<float> cu(R.nnz()), ci(R.nnz());
    for (int64_t x = 0; x < R.nnz(); ++x) cu[x] = confidence(R.user_value[x]);
    for (int64_t x = 0; x < R.nnz(); ++x) ci[x] = confidence(R.item_value[x]);

    const int32_t threads = std::max(1, options.threads);
    for (int32_t it = 1; it <= iterations_; ++it) {
      solve_side(X, Y, R.user_ptr, R.user_item, cu, threads);
      solve_side(Y, X, R.item_ptr, R.item_user, ci, threads);
      if (progress.active()) progress.report("iteration", it, iterations_, loss(R, cu, ci, threads));
    }
    gram_ = std::make_shared<Gram>();
    trained_ = true;
  }

  // The objective divided by the total confidence. One thread sums it in
  // one pass; more sum fixed blocks of users apart, then the blocks in order.
  double loss(const RatingMatrix& R, const std::vector<float>& cu, const std::vector<float>& ci,
              int32_t threads) const {
    const RowMatrixXf& X = f_.P;
    const RowMatrixXf& Y = f_.Q;
    const Eigen::MatrixXf YtY = threads > 1 ? gram(Y, threads) : Eigen::MatrixXf(Y.transpose() * Y);
    // Each item's Σ (c − 1), in user order as the CSC holds it.
    std::vector<double> item_extra(R.n_items, 0.0);
    parallel_for(0, R.n_items, threads, [&](int64_t i) {
      for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) item_extra[i] += ci[x] - 1.0;
    });
    struct Sum {
      double total = 0, conf = 0;
    };
    auto users = [&](int32_t lo, int32_t hi, double conf) {
      Sum s;
      s.conf = conf;
      for (int32_t u = lo; u < hi; ++u) {
        Eigen::VectorXf xu = X.row(u).transpose();
        s.total += xu.dot(YtY * xu);  // Σ_i (x_u·y_i)² over every item
        double extra = 0;
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
          const double v = xu.dot(Y.row(R.user_item[x]).transpose());
          const double c = cu[x];
          s.total += c * (1 - v) * (1 - v) - v * v;
          extra += c - 1;
        }
        s.conf += extra;
        s.total += row_reg(extra, R.n_items, R.user_count(u)) * xu.squaredNorm();
      }
      return s;
    };
    Sum all;
    if (threads > 1) {
      constexpr int32_t kBlock = 2048;
      std::vector<Sum> block((R.n_users + kBlock - 1) / kBlock);
      parallel_for(0, static_cast<int64_t>(block.size()), threads, [&](int64_t b) {
        block[b] = users(static_cast<int32_t>(b * kBlock), std::min(R.n_users, static_cast<int32_t>((b + 1) * kBlock)), 0.0);
      });
      all.conf = static_cast<double>(R.n_users) * R.n_items;
      for (const Sum& b : block) all.total += b.total, all.conf += b.conf;
    } else {
      all = users(0, R.n_users, static_cast<double>(R.n_users) * R.n_items);
    }
    double total = all.total;
    const double conf = all.conf;
    for (int32_t i = 0; i < R.n_items; ++i)
      total += row_reg(item_extra[i], R.n_users, R.item_count(i)) * Y.row(i).squaredNorm();
    return total / conf;
  }
  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>(fold(state.profile));
    state.scores = f_.scores(d->x, 0.0f);
    state.detail = std::move(d);
  }

  // With W = (YᵀCY + λI)⁻¹ (Hu et al. §5), each rated movie's share of
  // ŝ_i is (y_iᵀ W y_j) c_j.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    auto d = detail_of<Folded>(state, [&] { return std::make_shared<Folded>(fold(state.profile)); });
    const Eigen::VectorXf wy = d->llt.solve(f_.Q.row(item).transpose());
    Explanation e;
    for (const ProfileEntry& p : state.profile)
      e.parts.push_back(movie_part(p.item, confidence(p.rating) * f_.Q.row(p.item).dot(wy)));
    keep_strongest(e.parts, 5);
    return e;
  }

 private:
  // YᵀY for fold(), computed at the first fold after a fit or a load:
  // opening a catalogue that carries the model (59,047 movies × 64 factors:
  // 0.5 GFLOP, ~0.1–0.2 s in wasm) does not wait for it, and a first visit
  // (no ratings yet) never needs it. Thread-safe (call_once).
  struct Gram {
    std::once_flag once;
    Eigen::MatrixXf m;
  };
  void load_extra(ByteReader&) override { gram_ = std::make_shared<Gram>(); }
  const Eigen::MatrixXf& YtY() const {
    std::call_once(gram_->once, [this] { gram_->m = f_.Q.transpose() * f_.Q; });
    return gram_->m;
  }
  // λ for one row of `count` ratings: reg · (its total confidence / the
  // other side's size)^ν, or reg · count (regularization_scale = ratings).
  float row_reg(double extra_confidence, double n_other, int64_t count) const {
    if (per_rating_) return reg_ * static_cast<float>(std::max<int64_t>(1, count));
    if (reg_exponent_ == 0) return reg_;
    return static_cast<float>(reg_ * std::pow((n_other + extra_confidence) / n_other, reg_exponent_));
  }
  float confidence(float rating) const {
    const float r = explicit_ ? rating : 1.0f;
    return log_conf_ ? 1.0f + alpha_ * std::log1p(r / epsilon_) : 1.0f + alpha_ * r;
  }
  // BᵀB on several threads: blocks of 32768 rows, their products summed in
  // order. The same for any number of threads; for B of one block, the
  // same as on one thread (where larger B is one product, rounded otherwise).
  static Eigen::MatrixXf gram(const RowMatrixXf& B, int32_t threads) {
    constexpr Eigen::Index kBlock = 32768;
    const Eigen::Index blocks = (B.rows() + kBlock - 1) / kBlock;
    std::vector<Eigen::MatrixXf> part(static_cast<size_t>(blocks));
    parallel_for(0, blocks, threads, [&](int64_t b) {
      const Eigen::Index first = static_cast<Eigen::Index>(b) * kBlock;
      const auto rows = B.middleRows(first, std::min(kBlock, B.rows() - first));
      part[b].noalias() = rows.transpose() * rows;
    });
    Eigen::MatrixXf sum = Eigen::MatrixXf::Zero(B.cols(), B.cols());
    for (const Eigen::MatrixXf& p : part) sum += p;
    return sum;
  }

  // One half-iteration: every row of A against the fixed B, rows on up to
  // `threads` threads. Each row's solve reads only B and its own previous
  // value, so the result does not depend on the number of threads beyond
  // the rounding of BᵀB (gram() above).
  void solve_side(RowMatrixXf& A, const RowMatrixXf& B, const std::vector<int64_t>& ptr,
                  const std::vector<int32_t>& idx, const std::vector<float>& conf, int32_t threads) const {
    const int k = n_factors_;
    const Eigen::MatrixXf BtB = threads > 1 ? gram(B, threads) : Eigen::MatrixXf(B.transpose() * B);
    const double n_other = static_cast<double>(B.rows());
    constexpr int64_t kAhead = 16, kTile = 32;
    struct Scratch {
      Eigen::MatrixXf M;
      Eigen::VectorXf b, r, p, Ap;
      Eigen::MatrixXf Ba;
      Llt llt;
      std::vector<float> rows;  // the gathered rows of B
    };
    auto scratch = [k] {
      return Scratch{Eigen::MatrixXf(k, k), Eigen::VectorXf(k), Eigen::VectorXf(k), Eigen::VectorXf(k),
                     Eigen::VectorXf(k), Eigen::MatrixXf(), Llt(k), {}};
    };
    parallel_for(0, A.rows(), threads, scratch, [&](Scratch& s, int64_t a) {
      Eigen::MatrixXf& M = s.M;
      Eigen::VectorXf &b = s.b, &r = s.r, &p = s.p, &Ap = s.Ap;
      const int64_t lo = ptr[a], hi = ptr[a + 1];
      double extra = 0;
      for (int64_t x = lo; x < hi; ++x) extra += conf[x] - 1.0f;
      const float lam = row_reg(extra, n_other, hi - lo);
      if (!cg_) {
        // M = BᵀB + λI + B_aᵀ (C − I) B_a, gathered so one product does it.
        const Eigen::Index n = hi - lo;
        s.Ba.resize(n, k);
        b.setZero();
        for (int64_t x = lo; x < hi; ++x) {
          // rows scaled by √(c − 1) so a rank update gives B_aᵀ(C − I)B_a
          s.Ba.row(x - lo) = std::sqrt(std::max(0.0f, conf[x] - 1.0f)) * B.row(idx[x]);
          b.noalias() += conf[x] * B.row(idx[x]).transpose();
        }
        M = BtB;
        M.diagonal().array() += lam;
        M.selfadjointView<Eigen::Lower>().rankUpdate(s.Ba.transpose());
        s.llt.compute(M);
        A.row(a) = s.llt.solve(b).transpose();
        return;
      }
      // Conjugate gradient from the current row (Takács et al. 2011, alg. 2).
      // The rows of B it reads are scattered over megabytes: they are
      // gathered once (each fetched kAhead ratings early) and every pass
      // reads the copy. A pass takes the ratings a tile at a time, first
      // every dot product of the tile (independent of one another, so the
      // processor overlaps them), then its updates in rating order: the
      // arithmetic of the plain loop, in its order.
      const int64_t n = hi - lo;
      if (s.rows.size() < static_cast<size_t>(n * k)) s.rows.resize(static_cast<size_t>(n * k));
      Eigen::Map<RowMatrixXf> G(s.rows.data(), n, k);
      for (int64_t x = lo; x < hi; ++x) {
        if (x + kAhead < hi) {
          const char* row = reinterpret_cast<const char*>(B.row(idx[x + kAhead]).data());
          for (int32_t c = 0; c < k * 4; c += 64) __builtin_prefetch(row + c);
        }
        G.row(x - lo) = B.row(idx[x]);
      }
      float w[kTile];
      const float* c = conf.data() + lo;
      Eigen::VectorXf xa = A.row(a).transpose();
      r.noalias() = -(BtB * xa) - lam * xa;
      for (int64_t t0 = 0; t0 < n; t0 += kTile) {
        const int64_t t1 = std::min(n, t0 + kTile);
        for (int64_t j = t0; j < t1; ++j) {
          const float dot = G.row(j).transpose().dot(xa);
          w[j - t0] = c[j] - (c[j] - 1.0f) * dot;
        }
        accumulate_rows(r.data(), s.rows.data() + t0 * k, w, t1 - t0, k);
      }
      p = r;
      float rs_old = r.squaredNorm();
      for (int32_t step = 0; step < cg_steps_ && rs_old > 1e-20f; ++step) {
        Ap.noalias() = BtB * p + lam * p;
        for (int64_t t0 = 0; t0 < n; t0 += kTile) {
          const int64_t t1 = std::min(n, t0 + kTile);
          for (int64_t j = t0; j < t1; ++j) {
            const float dot = G.row(j).transpose().dot(p);
            w[j - t0] = (c[j] - 1.0f) * dot;
          }
          accumulate_rows(Ap.data(), s.rows.data() + t0 * k, w, t1 - t0, k);
        }
        const float step_len = rs_old / p.dot(Ap);
        xa.noalias() += step_len * p;
        r.noalias() -= step_len * Ap;
        const float rs_new = r.squaredNorm();
        p = r + (rs_new / rs_old) * p;
        rs_old = rs_new;
      }
      A.row(a) = xa.transpose();
    });
  }

  // The user factors of a profile (Cholesky), and the factorisation of its
  // system matrix for explain().
  struct Folded : FoldDetail {
    Eigen::VectorXf x;
    Llt llt;
  };
  Folded fold(const Profile& profile) const {
    const int k = n_factors_;
    Eigen::MatrixXf M = YtY();
    Eigen::VectorXf b = Eigen::VectorXf::Zero(k);
    double extra = 0;
    for (const ProfileEntry& e : profile) extra += confidence(e.rating) - 1.0f;
    M.diagonal().array() += row_reg(extra, static_cast<double>(f_.Q.rows()), static_cast<int64_t>(profile.size()));
    for (const ProfileEntry& e : profile) {
      const float c = confidence(e.rating);
      const auto y = f_.Q.row(e.item).transpose();
      M.selfadjointView<Eigen::Lower>().rankUpdate(y, c - 1.0f);
      b.noalias() += c * y;
    }
    Folded out;
    out.llt.compute(M);
    out.x = out.llt.solve(b);
    return out;
  }

  int32_t iterations_, cg_steps_;
  float reg_, alpha_, epsilon_, init_std_;
  double reg_exponent_;
  bool log_conf_, explicit_, cg_, per_rating_ = false;
  std::shared_ptr<Gram> gram_;  // YᵀY, for fold-in (one per fit or load)
};

}  // namespace

std::unique_ptr<Model> make_ials(const Json& params) { return std::make_unique<Ials>(params); }

}  // namespace cinerec
