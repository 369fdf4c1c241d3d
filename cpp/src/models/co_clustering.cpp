// co-clustering — George & Merugu 2005, "A Scalable Collaborative Filtering
// Framework based on Co-clustering" (ICDM), Surprise's CoClustering.
//
//   r̂_ui = C̄_uc,ic + (μ_u − C̄_uc) + (μ_i − C̄_ic)
// with uc, ic the clusters of u and i, C̄_uc, C̄_ic the mean rating in a user
// and an item cluster and C̄_uc,ic in their co-cluster. Starting from random
// clusters, each epoch recomputes the averages, then moves every user to
// the cluster that minimises Σ_{i∈I_u} (r_ui − r̂_ui)², then every item
// likewise (with the users' new clusters, the epoch's averages).
// An unknown user or item predicts the global mean (Surprise's rule). A
// profile outside the training data takes its own mean and the user cluster
// with the smallest squared error over its ratings; an empty profile gets
// each movie's mean damped towards the global mean by 10 pseudo-ratings.
#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/progress.hpp"
#include "models/registry.hpp"
#include "models/topk.hpp"
#include "util/rng.hpp"

namespace cinerec {
namespace {

constexpr double kDamping = 10;

class CoClustering final : public ModelBase {
 public:
  explicit CoClustering(const Json& given) : ModelBase("co-clustering") {
    ParamReader p(name_, given);
    n_cu_ = p.integer("n_cltr_u", 3, 1, 1000);
    n_ci_ = p.integer("n_cltr_i", 3, 1, 1000);
    n_epochs_ = p.integer("n_epochs", 20, 0, 10000);
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    mu_ = static_cast<float>(R.global_mean);
    Rng rng(options.seed);
    cu_.resize(R.n_users);
    ci_.resize(R.n_items);
    for (auto& c : cu_) c = static_cast<int32_t>(rng.below(n_cu_));
    for (auto& c : ci_) c = static_cast<int32_t>(rng.below(n_ci_));
    user_mean_.assign(R.n_users, mu_);
    item_mean_.assign(R.n_items, mu_);
    user_count_.assign(R.n_users, 0);
    item_count_.assign(R.n_items, 0);
    for (int32_t u = 0; u < R.n_users; ++u) {
      double s = 0;
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) s += R.user_value[x];
      user_count_[u] = static_cast<int32_t>(R.user_count(u));
      if (user_count_[u]) user_mean_[u] = static_cast<float>(s / user_count_[u]);
    }
    for (int32_t i = 0; i < R.n_items; ++i) {
      double s = 0;
      for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) s += R.item_value[x];
      item_count_[i] = static_cast<int32_t>(R.item_count(i));
      if (item_count_[i]) item_mean_[i] = static_cast<float>(s / item_count_[i]);
    }
    std::vector<double> err_u(n_cu_), err_i(n_ci_);
    for (int32_t epoch = 1; epoch <= n_epochs_; ++epoch) {
      averages(R);
      for (int32_t u = 0; u < R.n_users; ++u) {
        if (!user_count_[u]) continue;
        std::fill(err_u.begin(), err_u.end(), 0.0);
        for (int32_t uc = 0; uc < n_cu_; ++uc)
          for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
            const int32_t i = R.user_item[x];
            const double e = R.user_value[x] - estimate(user_mean_[u], uc, i);
            err_u[uc] += e * e;
          }
        cu_[u] = static_cast<int32_t>(std::min_element(err_u.begin(), err_u.end()) - err_u.begin());
      }
      for (int32_t i = 0; i < R.n_items; ++i) {
        if (!item_count_[i]) continue;
        std::fill(err_i.begin(), err_i.end(), 0.0);
        for (int32_t ic = 0; ic < n_ci_; ++ic)
          for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) {
            const int32_t u = R.item_user[x];
            const int32_t uc = cu_[u];
            const double est = avg_co_[uc * n_ci_ + ic] + user_mean_[u] - avg_u_[uc] + item_mean_[i] - avg_i_[ic];
            const double e = R.item_value[x] - est;
            err_i[ic] += e * e;
          }
        ci_[i] = static_cast<int32_t>(std::min_element(err_i.begin(), err_i.end()) - err_i.begin());
      }
      if (progress.active()) {
        averages(R);
        progress.report("epoch", epoch, n_epochs_, train_rmse(R));
      }
    }
    averages(R);
    if (n_epochs_ == 0) progress.report("clusters");
    trained_ = true;
  }

  float predict_user(int32_t user, int32_t item) const override {
    require_trained();
    check_user(user);
    check_item(item);
    if (!user_count_[user] || !item_count_[item]) return clip(mu_);
    return clip(static_cast<float>(estimate(user_mean_[user], cu_[user], item)));
  }

  // Items of the same cluster first, then by how close their mean rating is.
  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    std::vector<float> s(ci_.size());
    for (size_t j = 0; j < s.size(); ++j)
      s[j] = (ci_[j] == ci_[item] ? 10.0f : 0.0f) - std::fabs(item_mean_[j] - item_mean_[item]);
    return top_k(s, n, [item](int32_t j) { return j != item; });
  }

  void fold_into(UserState& state) const override {
    const Profile& profile = state.profile;
    if (profile.empty()) {
      state.scores.resize(item_mean_.size());
      for (size_t i = 0; i < item_mean_.size(); ++i)
        state.scores[i] =
            static_cast<float>((item_mean_[i] * item_count_[i] + kDamping * mu_) / (item_count_[i] + kDamping));
      return;
    }
    auto d = std::make_shared<Folded>();
    double s = 0;
    for (const ProfileEntry& e : profile) s += e.rating;
    d->mean = static_cast<float>(s / static_cast<double>(profile.size()));
    d->cluster = cluster_of(profile, d->mean);
    state.scores = scores_for(d->mean, d->cluster);
    state.detail = std::move(d);
  }
  void fold_user_into(UserState& state) const override {
    check_user(state.user);
    if (!user_count_[state.user]) return fold_into(state);
    auto d = std::make_shared<Folded>();
    d->mean = user_mean_[state.user];
    d->cluster = cu_[state.user];
    state.scores = scores_for(d->mean, d->cluster);
    state.detail = std::move(d);
  }

  // r̂ = avg_co(u, i) + (μ_u − avg_u) + (μ_i − avg_i): the three terms.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    Explanation ex;
    if (!state.detail || !item_count_[item]) return ex;  // the movie's (damped) average alone
    const Folded& d = static_cast<const Folded&>(*state.detail);
    const int32_t uc = d.cluster, ic = ci_[item];
    ex.parts.push_back(feature_part(ReasonKind::UserMean, -1, static_cast<float>(d.mean - avg_u_[uc])));
    ex.parts.push_back(feature_part(ReasonKind::MovieMean, -1, static_cast<float>(item_mean_[item] - avg_i_[ic])));
    ex.parts.push_back(feature_part(ReasonKind::Group, uc * n_ci_ + ic, static_cast<float>(avg_co_[uc * n_ci_ + ic])));
    return ex;
  }

  std::string feature_name(ReasonKind kind, int32_t feature) const override {
    if (kind != ReasonKind::Group || feature < 0) return std::string();
    return "user group " + std::to_string(feature / n_ci_) + " × movie group " + std::to_string(feature % n_ci_);
  }

  std::vector<uint8_t> save() const override {
    ByteWriter w = begin_save(*this);
    w.f32(ctx_.rating_min);
    w.f32(ctx_.rating_max);
    w.f32(mu_);
    w.vec(cu_);
    w.vec(ci_);
    w.vec(user_mean_);
    w.vec(item_mean_);
    w.vec(user_count_);
    w.vec(item_count_);
    w.vec(avg_u_);
    w.vec(avg_i_);
    w.vec(avg_co_);
    return end_save(w);
  }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    ctx_.rating_min = r.f32();
    ctx_.rating_max = r.f32();
    mu_ = r.f32();
    cu_ = r.vec<int32_t>();
    ci_ = r.vec<int32_t>();
    user_mean_ = r.vec<float>();
    item_mean_ = r.vec<float>();
    user_count_ = r.vec<int32_t>();
    item_count_ = r.vec<int32_t>();
    avg_u_ = r.vec<double>();
    avg_i_ = r.vec<double>();
    avg_co_ = r.vec<double>();
    if (user_mean_.size() != cu_.size() || item_mean_.size() != ci_.size() || user_count_.size() != cu_.size() ||
        item_count_.size() != ci_.size() || avg_u_.size() != static_cast<size_t>(n_cu_) ||
        avg_i_.size() != static_cast<size_t>(n_ci_) || avg_co_.size() != static_cast<size_t>(n_cu_) * n_ci_)
      r.fail("co-clustering: shapes do not match the parameters");
    for (int32_t c : cu_)
      if (c < 0 || c >= n_cu_) r.fail("co-clustering: user cluster out of range");
    for (int32_t c : ci_)
      if (c < 0 || c >= n_ci_) r.fail("co-clustering: item cluster out of range");
    ctx_.n_items = static_cast<int32_t>(ci_.size());
    ctx_.n_users = static_cast<int32_t>(cu_.size());
    ctx_.item_counts = item_count_;
    trained_ = true;
  }

 private:
  struct Folded : FoldDetail {
    float mean = 0;       // the person's mean rating
    int32_t cluster = 0;  // their user cluster
  };
  // Surprise's compute_averages: cluster and co-cluster means, the global
  // mean for an empty one.
  void averages(const RatingMatrix& R) {
    std::vector<double> su(n_cu_, 0), si(n_ci_, 0), sc(static_cast<size_t>(n_cu_) * n_ci_, 0);
    std::vector<int64_t> nu(n_cu_, 0), ni(n_ci_, 0), nc(static_cast<size_t>(n_cu_) * n_ci_, 0);
    for (int32_t u = 0; u < R.n_users; ++u)
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
        const int32_t uc = cu_[u], ic = ci_[R.user_item[x]];
        const double r = R.user_value[x];
        su[uc] += r, nu[uc] += 1;
        si[ic] += r, ni[ic] += 1;
        sc[uc * n_ci_ + ic] += r, nc[uc * n_ci_ + ic] += 1;
      }
    avg_u_.resize(n_cu_);
    avg_i_.resize(n_ci_);
    avg_co_.resize(sc.size());
    for (int32_t c = 0; c < n_cu_; ++c) avg_u_[c] = nu[c] ? su[c] / nu[c] : mu_;
    for (int32_t c = 0; c < n_ci_; ++c) avg_i_[c] = ni[c] ? si[c] / ni[c] : mu_;
    for (size_t c = 0; c < sc.size(); ++c) avg_co_[c] = nc[c] ? sc[c] / nc[c] : mu_;
  }
  double estimate(float user_mean, int32_t uc, int32_t i) const {
    const int32_t ic = ci_[i];
    return avg_co_[uc * n_ci_ + ic] + user_mean - avg_u_[uc] + item_mean_[i] - avg_i_[ic];
  }
  double train_rmse(const RatingMatrix& R) const {
    double sq = 0;
    for (int32_t u = 0; u < R.n_users; ++u)
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
        const double e = R.user_value[x] - estimate(user_mean_[u], cu_[u], R.user_item[x]);
        sq += e * e;
      }
    return R.nnz() ? std::sqrt(sq / static_cast<double>(R.nnz())) : 0.0;
  }
  int32_t cluster_of(const Profile& profile, float mean) const {
    int32_t best = 0;
    double best_err = 0;
    for (int32_t uc = 0; uc < n_cu_; ++uc) {
      double err = 0;
      for (const ProfileEntry& e : profile) {
        if (!item_count_[e.item]) continue;
        const double d = e.rating - estimate(mean, uc, e.item);
        err += d * d;
      }
      if (uc == 0 || err < best_err) best = uc, best_err = err;
    }
    return best;
  }
  std::vector<float> scores_for(float mean, int32_t uc) const {
    std::vector<float> out(ci_.size());
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = item_count_[i] ? static_cast<float>(estimate(mean, uc, static_cast<int32_t>(i))) : mu_;
    return out;
  }
  void check_item(int32_t item) const { check_index(item, ci_.size(), "item"); }
  void check_user(int32_t user) const { check_index(user, cu_.size(), "user"); }

  int32_t n_cu_, n_ci_, n_epochs_;
  float mu_ = 0;
  std::vector<int32_t> cu_, ci_, user_count_, item_count_;
  std::vector<float> user_mean_, item_mean_;
  std::vector<double> avg_u_, avg_i_, avg_co_;
};

}  // namespace

std::unique_ptr<Model> make_co_clustering(const Json& params) { return std::make_unique<CoClustering>(params); }

}  // namespace cinerec
