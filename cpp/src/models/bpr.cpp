// bpr — Bayesian Personalised Ranking matrix factorisation (Rendle,
// Freudenthaler, Gantner & Schmidt-Thieme 2009, "BPR: Bayesian Personalized
// Ranking from Implicit Feedback"), with an item bias as in the `implicit`
// library's BayesianPersonalizedRanking. Parameter names follow `implicit`:
// factors, learning_rate, regularization, iterations.
//
//   x̂_ui = b_i + p_uᵀ q_i,   x̂_uij = x̂_ui − x̂_uj
//   maximise Σ_{(u,i,j)} ln σ(x̂_uij) − λ (‖p_u‖² + ‖q_i‖² + ‖q_j‖² + b_i² + b_j²)
//   for (u, i) a rated pair and j an item u has not rated, z = σ(−x̂_uij):
//     p_u ← p_u + η (z (q_i − q_j) − λ p_u)
//     q_i ← q_i + η (z p_u − λ q_i)        b_i ← b_i + η (z − λ b_i)
//     q_j ← q_j + η (−z p_u − λ q_j)       b_j ← b_j + η (−z − λ b_j)
//
// Each iteration draws as many triples as there are ratings: (u, i) uniformly
// among the ratings, j uniformly among the items u has not rated, all from
// the portable Rng seeded by FitOptions::seed. On T > 1 threads the ratings
// are cut into T × T blocks (models/strata.hpp) and j is drawn within the
// block's movie group, from a generator per iteration and block. Progress reports the mean
// −ln σ(x̂_uij) over the iteration's triples.
//
// Fold-in of a profile: the same SGD on the user vector only, the item
// factors fixed: `fold_in_iterations` passes over the profile, each positive
// paired with a sampled negative, from p = 0, with a generator seeded from the
// profile itself so a profile always gets the same vector. The updates are
// kept per profile item (p = Σ_j a_j, each update added to the positive's a_j
// and the decay applied to all), so explain() splits the score exactly into
// each rated movie's share.
#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "models/strata.hpp"
#include "util/rng.hpp"

namespace cinerec {
namespace {

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// pᵀ(a − b) with eight independent partial sums, a fixed order that
// compilers vectorise (a single running sum would serialise the adds).
inline float dot_diff(const float* __restrict p, const float* __restrict a, const float* __restrict b, int32_t k) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int32_t f = 0;
  for (; f + 8 <= k; f += 8)
    for (int32_t l = 0; l < 8; ++l) acc[l] += p[f + l] * (a[f + l] - b[f + l]);
  float d = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; f < k; ++f) d += p[f] * (a[f] - b[f]);
  return d;
}

class Bpr final : public FactorModel {
 public:
  explicit Bpr(const Json& given) : FactorModel("bpr") {
    ParamReader p(name_, given);
    n_factors_ = p.integer("factors", 64, 1, 1024);
    lr_ = static_cast<float>(p.number("learning_rate", 0.02, 0, 10));
    reg_ = static_cast<float>(p.number("regularization", 0.02, 0, 100));
    iterations_ = p.integer("iterations", 150, 0, 10000);
    init_std_ = static_cast<float>(p.number("init_std_dev", 0.1, 0, 10));
    fold_iterations_ = p.integer("fold_in_iterations", 50, 1, 10000);
    params_ = p.finish();
  }

  bool predicts_ratings() const override { return false; }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    const int32_t k = n_factors_;
    Rng rng(options.seed);
    RowMatrixXf& P = f_.P;
    RowMatrixXf& Q = f_.Q;
    std::vector<float>& bias = f_.bi;
    P = random_normal(rng, R.n_users, k, 0, init_std_);
    Q = random_normal(rng, R.n_items, k, 0, init_std_);
    bias.assign(R.n_items, 0.0f);
    f_.mu = 0;
    f_.bu.assign(R.n_users, 0.0f);
    seed_ = options.seed;

    const int64_t nnz = R.nnz();
    std::vector<int32_t> users(nnz);
    for (int32_t u = 0; u < R.n_users; ++u)
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) users[x] = u;

    // One SGD step on the triple (u, i, j); returns −ln σ(x̂_uij). Sizes
    // and rates by value, so the factor loop vectorises as it did inline.
    float* const bi = bias.data();
    auto step = [&P, &Q, bi, k, lr = lr_, reg = reg_](int32_t u, int32_t i, int32_t j) {
      float* __restrict pu = P.row(u).data();
      float* __restrict qi = Q.row(i).data();
      float* __restrict qj = Q.row(j).data();
      const float d = bi[i] - bi[j] + dot_diff(pu, qi, qj, k);
      const float t = std::exp(-std::fabs(d));
      const float z = d > 0 ? t / (1.0f + t) : 1.0f / (1.0f + t);  // σ(−d)
      bi[i] += lr * (z - reg * bi[i]);
      bi[j] += lr * (-z - reg * bi[j]);
      const float a = lr * z, b = 1.0f - lr * reg;
      for (int32_t f = 0; f < k; ++f) {
        const float puf = pu[f], qif = qi[f], qjf = qj[f];
        pu[f] = b * puf + a * (qif - qjf);
        qi[f] = b * qif + a * puf;
        qj[f] = b * qjf - a * puf;
      }
      return (d > 0 ? 0.0f : -d) + std::log1p(t);  // −ln σ(d)
    };
    const int32_t strata = std::min({std::max(1, options.threads), R.n_users, R.n_items});
    if (strata <= 1) {
      for (int32_t it = 1; it <= iterations_; ++it) {
        double nll = 0;
        int64_t drawn = 0;
        for (int64_t s = 0; s < nnz; ++s) {
          const int64_t x = static_cast<int64_t>(rng.below(static_cast<uint64_t>(nnz)));
          const int32_t u = users[x];
          const int32_t i = R.user_item[x];
          const int32_t j = negative(R, u, rng);
          if (j < 0) continue;  // u rated every item
          ++drawn;
          if (i == j) continue;
          nll += step(u, i, j);
        }
        progress.report("iteration", it, iterations_, drawn ? nll / static_cast<double>(drawn) : 0.0);
      }
      trained_ = true;
      return;
    }
    // Parallel (models/strata.hpp): block (a, b) draws as many triples as it
    // holds ratings, (u, i) among its ratings and j among the movies of
    // group b that u has not rated, from a generator of (seed, iteration,
    // block); over an iteration every rating's block is visited once and
    // every movie group offers the negatives of every user.
    std::vector<int32_t> user_order(R.n_users), item_order(R.n_items);
    for (int32_t u = 0; u < R.n_users; ++u) user_order[u] = u;
    for (int32_t i = 0; i < R.n_items; ++i) item_order[i] = i;
    rng.shuffle(user_order);
    rng.shuffle(item_order);
    const Strata st(R, user_order, item_order, strata);
    std::vector<int64_t> ptr(static_cast<size_t>(strata) * strata + 1, 0), in_block(nnz);
    for (int64_t x = 0; x < nnz; ++x) ++ptr[st.block(users[x], R.user_item[x]) + 1];
    for (size_t b = 1; b < ptr.size(); ++b) ptr[b] += ptr[b - 1];
    {
      std::vector<int64_t> at(ptr.begin(), ptr.end() - 1);
      for (int64_t x = 0; x < nnz; ++x) in_block[at[st.block(users[x], R.user_item[x])]++] = x;
    }
    std::vector<std::vector<int32_t>> group_items(strata);
    for (int32_t i = 0; i < R.n_items; ++i) group_items[st.item_group[i]].push_back(i);
    std::vector<double> nll(ptr.size() - 1);
    std::vector<int64_t> drawn(ptr.size() - 1);
    for (int32_t it = 1; it <= iterations_; ++it) {
      st.epoch([&](int64_t block) {
        Rng r(options.seed ^ (0x9e3779b97f4a7c15ULL * static_cast<uint64_t>((it - 1) * static_cast<int64_t>(nll.size()) + block + 1)));
        const std::vector<int32_t>& pool = group_items[block % strata];
        const int64_t lo = ptr[block], n = ptr[block + 1] - lo;
        double block_nll = 0;
        int64_t block_drawn = 0;
        for (int64_t s = 0; s < n; ++s) {
          const int64_t x = in_block[lo + static_cast<int64_t>(r.below(static_cast<uint64_t>(n)))];
          const int32_t u = users[x];
          const int32_t i = R.user_item[x];
          const int32_t* rated = R.user_item.data() + R.user_ptr[u];
          const int32_t* rated_end = R.user_item.data() + R.user_ptr[u + 1];
          int32_t j = -1;
          for (int tries = 0; tries < 64 && j < 0; ++tries) {  // a user who rated (nearly) the whole group is skipped
            const int32_t c = pool[r.below(pool.size())];
            if (!std::binary_search(rated, rated_end, c)) j = c;
          }
          if (j < 0) continue;
          ++block_drawn;
          block_nll += step(u, i, j);
        }
        nll[block] = block_nll;
        drawn[block] = block_drawn;
      });
      double sum = 0;
      int64_t count = 0;
      for (size_t b = 0; b < nll.size(); ++b) sum += nll[b], count += drawn[b];
      progress.report("iteration", it, iterations_, count ? sum / static_cast<double>(count) : 0.0);
    }
    trained_ = true;
  }

  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>();
    d->p = fold(state.profile, d->parts);
    state.scores = f_.scores(d->p, 0.0f);
    state.detail = std::move(d);
  }

  // p = Σ_j parts_j, so each rated movie's share of q_iᵀp is q_iᵀ parts_j;
  // the item bias is its own part.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    auto d = detail_of<Folded>(state, [&] {
      auto f = std::make_shared<Folded>();
      f->p = fold(state.profile, f->parts);
      return f;
    });
    const Eigen::VectorXf share = d->parts.transpose() * f_.Q.row(item).transpose();
    Explanation e;
    for (size_t j = 0; j < state.profile.size(); ++j)
      e.parts.push_back(movie_part(state.profile[j].item, share(static_cast<Eigen::Index>(j))));
    keep_strongest(e.parts, 5);
    e.parts.push_back(feature_part(ReasonKind::Popularity, -1, f_.bi[item]));
    return e;
  }

 private:
  struct Folded : FoldDetail {
    Eigen::VectorXf p;
    Eigen::MatrixXf parts;  // k × n: each profile entry's share of p
  };
  void save_extra(ByteWriter& w, bool) const override { w.u64(seed_); }
  void load_extra(ByteReader& r) override { seed_ = r.u64(); }
  // A uniformly drawn item u has not rated (rows are sorted: binary search),
  // -1 if u rated everything.
  static int32_t negative(const RatingMatrix& R, int32_t u, Rng& rng) {
    const int32_t* lo = R.user_item.data() + R.user_ptr[u];
    const int32_t* hi = R.user_item.data() + R.user_ptr[u + 1];
    if (hi - lo >= R.n_items) return -1;
    for (;;) {
      const int32_t j = static_cast<int32_t>(rng.below(static_cast<uint64_t>(R.n_items)));
      if (!std::binary_search(lo, hi, j)) return j;
    }
  }

  // SGD on the user vector only; `parts` gets one column per profile entry
  // with its share of p (p = parts.rowwise().sum()).
  Eigen::VectorXf fold(const Profile& profile, Eigen::MatrixXf& parts) const {
    const int32_t k = n_factors_;
    const int32_t n = static_cast<int32_t>(profile.size());
    const int32_t n_items = static_cast<int32_t>(f_.Q.rows());
    parts = Eigen::MatrixXf::Zero(k, n);
    // Visit the entries in item order so the order of a profile is irrelevant.
    std::vector<int32_t> order(n), rated;
    for (int32_t j = 0; j < n; ++j) {
      order[j] = j;
      rated.push_back(profile[j].item);
    }
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      return profile[a].item < profile[b].item || (profile[a].item == profile[b].item && a < b);
    });
    std::sort(rated.begin(), rated.end());
    rated.erase(std::unique(rated.begin(), rated.end()), rated.end());
    uint64_t h = seed_ ^ 0x9e3779b97f4a7c15ULL;
    for (int32_t item : rated) h = (h ^ static_cast<uint64_t>(item)) * 0x100000001b3ULL;
    if (n == 0 || static_cast<int32_t>(rated.size()) >= n_items) return Eigen::VectorXf::Zero(k);
    Rng rng(h);
    // p = scale · Σ_j parts_j: the decay multiplies `scale`, an update adds
    // to one column; renormalised when scale gets small.
    Eigen::VectorXf p = Eigen::VectorXf::Zero(k);
    float scale = 1.0f;
    const float decay = 1.0f - lr_ * reg_;
    for (int32_t it = 0; it < fold_iterations_; ++it) {
      for (int32_t s = 0; s < n; ++s) {
        const int32_t j_pos = order[rng.below(static_cast<uint64_t>(n))];
        const int32_t i = profile[j_pos].item;
        int32_t j;
        do j = static_cast<int32_t>(rng.below(static_cast<uint64_t>(n_items)));
        while (std::binary_search(rated.begin(), rated.end(), j));
        const Eigen::VectorXf diff = (f_.Q.row(i) - f_.Q.row(j)).transpose();
        const float z = sigmoid(-(f_.bi[i] - f_.bi[j] + diff.dot(p)));
        scale *= decay;
        p *= decay;
        parts.col(j_pos) += (lr_ * z / scale) * diff;
        p += (lr_ * z) * diff;
        if (scale < 1e-3f) {
          parts *= scale;
          scale = 1.0f;
        }
      }
    }
    parts *= scale;
    return p;
  }

  int32_t iterations_, fold_iterations_;
  float lr_, reg_, init_std_;
  uint64_t seed_ = 0;
};

}  // namespace

std::unique_ptr<Model> make_bpr(const Json& params) { return std::make_unique<Bpr>(params); }

}  // namespace cinerec
