// svd — biased matrix factorisation trained by stochastic gradient descent
// (Funk 2006; Koren, Bell & Volinsky 2009), Surprise's SVD with the same
// parameter names.
//
//   r̂_ui = μ + b_u + b_i + q_iᵀ p_u
//   minimise Σ (r_ui − r̂_ui)² + λ (b_u² + b_i² + ‖p_u‖² + ‖q_i‖²)
//   per rating, e = r_ui − r̂_ui:
//     b_u ← b_u + γ (e − λ b_u)          b_i ← b_i + γ (e − λ b_i)
//     p_u ← p_u + γ (e q_i − λ p_u)      q_i ← q_i + γ (e p_u − λ q_i)
//
// A profile outside the training data is folded in by ridge regression of
// its ratings on the fixed item factors and biases (models/factors.hpp).
//
// On T > 1 threads an epoch runs the same updates over T × T blocks of the
// ratings, T at a time with no user or movie in common (models/strata.hpp):
// one model per seed and T, not the one-thread model.
//
// Defaults: Surprise's sizes (100 factors, 20 epochs) with init_std_dev
// 0.01, lr_all 0.015 and reg_all 0.03 (Surprise: 0.1, 0.005, 0.02), chosen by
// a grid on ml-latest-small (kfold:5, seed 7; RMSE 0.8455 against 0.8749)
// and then measured on ml-100k's u1–u5 folds, which the choice never saw:
// 0.9088 against 0.9383 (bench/tuning.md). A small initial spread lets the
// biases settle before the factors grow; the preset "surprise" gives
// Surprise's values.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "models/strata.hpp"
#include "util/huge_pages.hpp"
#include "util/rng.hpp"

namespace cinerec {
namespace {

// 8-float lanes (one AVX register natively, two simd128 in wasm) with a
// fixed summation order, so native and wasm round the same way.
typedef float F8 __attribute__((vector_size(32)));
inline F8 load8(const float* p) {
  F8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store8(float* p, F8 v) { std::memcpy(p, &v, sizeof v); }

// k is a multiple of 8 (fit pads the rows).
inline float dot8(const float* a, const float* b, int32_t k) {
  // Two independent accumulators: the dot is on the critical path of every
  // update, and one would serialise on the add latency; four were slower
  // in wasm (an svd fit in V8: 112 ms with four, 105 ms with two).
  F8 acc0 = {0, 0, 0, 0, 0, 0, 0, 0}, acc1 = acc0;
  int32_t f = 0;
  for (; f + 16 <= k; f += 16) {
    acc0 += load8(a + f) * load8(b + f);
    acc1 += load8(a + f + 8) * load8(b + f + 8);
  }
  for (; f + 8 <= k; f += 8) acc0 += load8(a + f) * load8(b + f);
  const F8 acc = acc0 + acc1;
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

// p ← ap·p + cp·q and q ← aq·q + cq·p, both from the old values; k is a
// multiple of 8.
inline void step8(float* p, float* q, int32_t k, float ap, float cp, float aq, float cq) {
  for (int32_t f = 0; f < k; f += 8) {
    const F8 pv = load8(p + f), qv = load8(q + f);
    store8(p + f, ap * pv + cp * qv);
    store8(q + f, aq * qv + cq * pv);
  }
}

// The ratings in the visiting order, grouped by block (models/strata.hpp).
struct Blocks {
  std::vector<int64_t> ptr;  // T·T + 1
  std::vector<int32_t> user, item;
  std::vector<float> value;
};

Blocks by_block(const Strata& st, std::vector<int32_t>& ord_user, std::vector<int32_t>& ord_item,
                std::vector<float>& ord_value) {
  const int64_t nnz = static_cast<int64_t>(ord_user.size());
  Blocks b;
  b.ptr.assign(static_cast<size_t>(st.T) * st.T + 1, 0);
  for (int64_t o = 0; o < nnz; ++o) ++b.ptr[st.block(ord_user[o], ord_item[o]) + 1];
  for (size_t k = 1; k < b.ptr.size(); ++k) b.ptr[k] += b.ptr[k - 1];
  std::vector<int64_t> at(b.ptr.begin(), b.ptr.end() - 1);
  b.user.resize(nnz);
  b.item.resize(nnz);
  b.value.resize(nnz);
  for (int64_t o = 0; o < nnz; ++o) {
    const int64_t x = at[st.block(ord_user[o], ord_item[o])]++;
    b.user[x] = ord_user[o], b.item[x] = ord_item[o], b.value[x] = ord_value[o];
  }
  ord_user = std::vector<int32_t>();
  ord_item = std::vector<int32_t>();
  ord_value = std::vector<float>();
  return b;
}

class Svd final : public FactorModel {
 public:
  explicit Svd(const Json& given) : FactorModel("svd") {
    ParamReader p(name_, given);
    n_factors_ = p.integer("n_factors", 100, 1, 1024);
    n_epochs_ = p.integer("n_epochs", 20, 0, 10000);
    biased_ = p.boolean("biased", true);
    init_mean_ = static_cast<float>(p.number("init_mean", 0.0, -10, 10));
    init_std_ = static_cast<float>(p.number("init_std_dev", 0.01, 0, 10));
    read_sgd_rates(p, 0.015, 0.03,
                   {{"bu", &lr_bu_, &reg_bu_}, {"bi", &lr_bi_, &reg_bi_}, {"pu", &lr_pu_, &reg_pu_}, {"qi", &lr_qi_, &reg_qi_}});
    // Ridge strength per profile rating when folding in a new user; the
    // SGD objective applies reg_pu once per rating, so this mirrors it, plus
    // a floor that keeps tiny profiles from overfitting.
    fold_in_reg_ = static_cast<float>(p.number("fold_in_reg", 0.1, 0, 1000));
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    const ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    const int32_t k = n_factors_;
    Rng rng(options.seed);
    // Training runs on copies whose rows are padded with zeros to a multiple
    // of 8 floats, so every factor loop is whole 8-lane steps (the padding
    // stays zero: 0·a + 0·c = 0).
    // The arrays are written once, by the draws and the zero padding (huge
    // pages where the system has them: fewer faults on a first fit, fewer
    // TLB misses on the random rows of q_i).
    const int32_t K = (k + 7) / 8 * 8;
    HugeArray<float> P(static_cast<size_t>(R.n_users) * K), Q(static_cast<size_t>(R.n_items) * K);
    for (HugeArray<float>* m : {&P, &Q}) {
      const int64_t rows = static_cast<int64_t>(m->size() / K);
      for (int64_t r = 0; r < rows; ++r) std::fill(m->data() + r * K + k, m->data() + (r + 1) * K, 0.0f);
      fill_normal(rng, m->data(), rows * k, init_mean_, init_std_, k, K);
    }
    f_.bu.assign(R.n_users, 0.0f);
    f_.bi.assign(R.n_items, 0.0f);
    f_.mu = biased_ ? static_cast<float>(R.global_mean) : 0.0f;

    // The visiting order, drawn once from the seed: users in a random order,
    // each user's ratings in a random order (grouped by user as Surprise
    // visits them), copied out so that an epoch reads them sequentially.
    const int64_t nnz = R.nnz();
    std::vector<int32_t> user_order(R.n_users);
    for (int32_t u = 0; u < R.n_users; ++u) user_order[u] = u;
    rng.shuffle(user_order);
    std::vector<int32_t> ord_user(nnz), ord_item(nnz);
    std::vector<float> ord_value(nnz);
    {
      std::vector<int64_t> block;
      int64_t at = 0;
      for (int32_t u : user_order) {
        block.clear();
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) block.push_back(x);
        rng.shuffle(block);
        for (int64_t x : block) ord_user[at] = u, ord_item[at] = R.user_item[x], ord_value[at] = R.user_value[x], ++at;
      }
    }

    // The update written as p ← a p + (γe) q with a = 1 − γλ, one fused pass
    // over the k factors; sgd() runs it over a sequence of ratings.
    const float ap = 1.0f - lr_pu_ * reg_pu_, aq = 1.0f - lr_qi_ * reg_qi_;
    float* bu = f_.bu.data();
    float* bi = f_.bi.data();
    const float mu = f_.mu;
    auto sgd = [&](const int32_t* ou, const int32_t* oi, const float* ov, int64_t n) {
      constexpr int64_t kAhead = 8;
      double sq = 0;
      for (int64_t o = 0; o < n; ++o) {
        const int32_t u = ou[o], i = oi[o];
        if (o + kAhead < n) {
          // q_i rows are spread over megabytes: fetch a later rating's row now.
          const char* next = reinterpret_cast<const char*>(&Q[static_cast<size_t>(oi[o + kAhead]) * K]);
          for (int32_t b = 0; b < K * 4; b += 64) __builtin_prefetch(next + b, 1);
        }
        float* pu = &P[static_cast<size_t>(u) * K];
        float* qi = &Q[static_cast<size_t>(i) * K];
        const float e = ov[o] - (mu + bu[u] + bi[i] + dot8(pu, qi, K));
        sq += static_cast<double>(e) * e;
        if (biased_) {
          bu[u] += lr_bu_ * (e - reg_bu_ * bu[u]);
          bi[i] += lr_bi_ * (e - reg_bi_ * bi[i]);
        }
        step8(pu, qi, K, ap, lr_pu_ * e, aq, lr_qi_ * e);
      }
      return sq;
    };
    const int32_t strata = std::min({std::max(1, options.threads), R.n_users, R.n_items});
    if (strata <= 1) {
      for (int32_t epoch = 1; epoch <= n_epochs_; ++epoch) {
        const double sq = sgd(ord_user.data(), ord_item.data(), ord_value.data(), nnz);
        progress.report("epoch", epoch, n_epochs_, nnz ? std::sqrt(sq / static_cast<double>(nnz)) : 0.0);
      }
    } else {
      // Parallel: users in the visiting order and movies in a random one cut
      // into blocks (models/strata.hpp), each block in the visiting order.
      std::vector<int32_t> item_order(R.n_items);
      for (int32_t i = 0; i < R.n_items; ++i) item_order[i] = i;
      rng.shuffle(item_order);
      const Strata st(R, user_order, item_order, strata);
      const Blocks b = by_block(st, ord_user, ord_item, ord_value);
      std::vector<double> sq(b.ptr.size() - 1);
      for (int32_t epoch = 1; epoch <= n_epochs_; ++epoch) {
        st.epoch([&](int64_t block) {
          const int64_t lo = b.ptr[block], hi = b.ptr[block + 1];
          sq[block] = sgd(b.user.data() + lo, b.item.data() + lo, b.value.data() + lo, hi - lo);
        });
        double total = 0;
        for (double x : sq) total += x;
        progress.report("epoch", epoch, n_epochs_, nnz ? std::sqrt(total / static_cast<double>(nnz)) : 0.0);
      }
    }
    f_.P.resize(R.n_users, k);
    f_.Q.resize(R.n_items, k);
    advise_huge_pages(f_.P.data(), sizeof(float) * static_cast<size_t>(f_.P.size()));
    advise_huge_pages(f_.Q.data(), sizeof(float) * static_cast<size_t>(f_.Q.size()));
    for (int32_t u = 0; u < R.n_users; ++u) std::copy_n(&P[static_cast<size_t>(u) * K], k, f_.P.row(u).data());
    for (int32_t i = 0; i < R.n_items; ++i) std::copy_n(&Q[static_cast<size_t>(i) * K], k, f_.Q.row(i).data());
    // A movie with no training ratings keeps b_i = 0 but would keep its random
    // initial q_i, adding noise to every prediction for it; Surprise leaves the
    // factor term out for an unknown item, which a zero q_i does here.
    for (int32_t i = 0; i < R.n_items; ++i)
      if (R.item_count(i) == 0) f_.Q.row(i).setZero();
    trained_ = true;
  }

 private:
  float fold_lambda(size_t n) const override {
    return reg_pu_ * static_cast<float>(n) + fold_in_reg_ * n_factors_ * 0.1f + 1e-4f;
  }

  int32_t n_epochs_;
  float init_mean_, init_std_;
  float lr_bu_, lr_bi_, lr_pu_, lr_qi_, reg_bu_, reg_bi_, reg_pu_, reg_qi_, fold_in_reg_;
};

}  // namespace

std::unique_ptr<Model> make_svd(const Json& params) { return std::make_unique<Svd>(params); }

}  // namespace cinerec
