// slope-one — Slope One (Lemire & Maclachlan 2005, "Slope One Predictors for
// Online Rating-Based Collaborative Filtering", SDM), Surprise's SlopeOne.
//
//   dev(i, j) = Σ_{v ∈ U_ij} (r_vi − r_vj) / |U_ij|     (U_ij: users who rated both)
//   R_i(u)    = { j ∈ I_u : |U_ij| > 0 }
//   default (Surprise):  r̂_ui = μ_u + Σ_{j∈R_i(u)} dev(i, j) / |R_i(u)|
//   weighted = true:     r̂_ui = Σ_j (dev(i, j) + r_uj) |U_ij| / Σ_j |U_ij|
//                        (the paper's weighted Slope One)
// No training loop: the deviations are computed on demand, per profile item,
// from the training ratings (one pass over the raters of that item), so the
// model holds O(ratings), not the n² deviation table. An item nobody rated
// predicts the global mean; an empty profile gets each movie's mean damped
// towards the global mean by 10 pseudo-ratings (Surprise has no answer there).
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "cinerec/error.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/progress.hpp"
#include "models/rating_store.hpp"
#include "models/registry.hpp"
#include "models/topk.hpp"

namespace cinerec {
namespace {

constexpr double kDamping = 10;

class SlopeOne final : public ModelBase {
 public:
  explicit SlopeOne(const Json& given) : ModelBase("slope-one") {
    ParamReader p(name_, given);
    weighted_ = p.boolean("weighted", false);
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    R_ = ctx_.train;
    progress.report("deviations");
    trained_ = true;
  }

  // One item for a training user: a single pass over the item's raters,
  // collecting dev(i, j) for the user's items j.
  float predict_user(int32_t user, int32_t item) const override {
    require_trained();
    check_item(item);
    const RatingMatrix& M = *R_;
    check_index(user, M.n_users, "user");
    const float mu = static_cast<float>(M.global_mean);
    if (M.item_count(item) == 0 || M.user_count(user) == 0) return clip(mu);
    std::vector<int32_t> slot(M.n_items, -1);
    std::vector<float> mine;
    double user_sum = 0;
    for (int64_t x = M.user_ptr[user]; x < M.user_ptr[user + 1]; ++x) {
      slot[M.user_item[x]] = static_cast<int32_t>(mine.size());
      mine.push_back(M.user_value[x]);
      user_sum += M.user_value[x];
    }
    std::vector<double> sum(mine.size(), 0.0);
    std::vector<int32_t> cnt(mine.size(), 0);
    for (int64_t t = M.item_ptr[item]; t < M.item_ptr[item + 1]; ++t) {
      const int32_t v = M.item_user[t];
      const float rvi = M.item_value[t];
      for (int64_t x = M.user_ptr[v]; x < M.user_ptr[v + 1]; ++x) {
        const int32_t s = slot[M.user_item[x]];
        if (s < 0) continue;
        sum[s] += rvi - M.user_value[x];
        cnt[s] += 1;
      }
    }
    double num = 0, den = 0;
    for (size_t s = 0; s < mine.size(); ++s) {
      if (!cnt[s]) continue;
      if (weighted_) num += sum[s] + static_cast<double>(mine[s]) * cnt[s], den += cnt[s];
      else num += sum[s] / cnt[s], den += 1;
    }
    const double mean_u = user_sum / static_cast<double>(mine.size());
    if (weighted_) return clip(static_cast<float>(den > 0 ? num / den : mean_u));
    return clip(static_cast<float>(mean_u + (den > 0 ? num / den : 0.0)));
  }

  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    std::vector<double> sum;
    std::vector<int32_t> cnt;
    deviations_from(item, sum, cnt);
    // Co-rated often and rated alike: support / (support + 10) / (1 + |dev|).
    std::vector<float> s(R_->n_items, 0.0f);
    for (int32_t i = 0; i < R_->n_items; ++i)
      if (cnt[i] > 0) {
        const double dev = sum[i] / cnt[i];
        s[i] = static_cast<float>(cnt[i] / (cnt[i] + kDamping) / (1.0 + std::fabs(dev)));
      }
    return top_k(s, n, [item](int32_t j) { return j != item; });
  }

  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>();
    state.scores = score_all(state.profile, d->den);
    state.detail = std::move(d);
  }

  // Each rated movie j's term for the target i, dev(i, j) (weighted: (dev +
  // r_j) |U_ij|), over the denominator the fold found for i. One pass over
  // the target's raters collects dev(i, j) for the profile's items.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    Explanation ex;
    if (state.profile.empty() || !state.detail) return ex;  // the damped item mean
    const double den = static_cast<const Folded&>(*state.detail).den[item];
    if (!(den > 0)) return ex;
    const RatingMatrix& M = *R_;
    std::unordered_map<int32_t, size_t> slot;
    for (size_t j = 0; j < state.profile.size(); ++j) slot.emplace(state.profile[j].item, j);
    std::vector<double> sum(state.profile.size(), 0.0);
    std::vector<int32_t> cnt(state.profile.size(), 0);
    for (int64_t t = M.item_ptr[item]; t < M.item_ptr[item + 1]; ++t) {
      const int32_t v = M.item_user[t];
      for (int64_t x = M.user_ptr[v]; x < M.user_ptr[v + 1]; ++x) {
        auto it = slot.find(M.user_item[x]);
        if (it == slot.end()) continue;
        sum[it->second] += M.item_value[t] - M.user_value[x];
        cnt[it->second] += 1;
      }
    }
    for (size_t j = 0; j < state.profile.size(); ++j) {
      if (!cnt[j]) continue;
      const double dev = sum[j] / cnt[j];
      const double term = weighted_ ? (dev + state.profile[j].rating) * cnt[j] : dev;
      ex.parts.push_back(movie_part(state.profile[j].item, static_cast<float>(term / den)));
    }
    keep_strongest(ex.parts, 10);
    return ex;
  }

  std::vector<uint8_t> save() const override { return save_with_ratings(*this, *R_); }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    ctx_.rating_min = r.f32();
    ctx_.rating_max = r.f32();
    auto R = std::make_shared<const RatingMatrix>(load_ratings(r));
    context_from(R);
    R_ = R;
    trained_ = true;
  }

 private:
  // For profile item j: sum[i] = Σ_{v∈U_ij} (r_vi − r_vj) and
  // cnt[i] = |U_ij| for every item i.
  void deviations_from(int32_t j, std::vector<double>& sum, std::vector<int32_t>& cnt) const {
    const RatingMatrix& M = *R_;
    if (sum.size() != static_cast<size_t>(M.n_items)) {
      sum.assign(M.n_items, 0.0);
      cnt.assign(M.n_items, 0);
    } else {
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(cnt.begin(), cnt.end(), 0);
    }
    for (int64_t t = M.item_ptr[j]; t < M.item_ptr[j + 1]; ++t) {
      const int32_t v = M.item_user[t];
      const float rvj = M.item_value[t];
      for (int64_t x = M.user_ptr[v]; x < M.user_ptr[v + 1]; ++x) {
        sum[M.user_item[x]] += M.user_value[x] - rvj;
        cnt[M.user_item[x]] += 1;
      }
    }
  }

  // Scores for every item; den gets each item's denominator (explain_item).
  std::vector<float> score_all(const Profile& profile, std::vector<double>& den) const {
    const RatingMatrix& M = *R_;
    const int32_t n = M.n_items;
    std::vector<float> out(n);
    const float mu = static_cast<float>(M.global_mean);
    if (profile.empty()) {
      for (int32_t i = 0; i < n; ++i) {
        double s = 0;
        for (int64_t t = M.item_ptr[i]; t < M.item_ptr[i + 1]; ++t) s += M.item_value[t];
        out[i] = static_cast<float>((s + kDamping * mu) / (static_cast<double>(M.item_count(i)) + kDamping));
      }
      return out;
    }
    double user_sum = 0;
    for (const ProfileEntry& e : profile) user_sum += e.rating;
    const double mean_u = user_sum / static_cast<double>(profile.size());
    std::vector<double> num(n, 0.0), sum;
    den.assign(n, 0.0);
    std::vector<int32_t> cnt;
    for (const ProfileEntry& e : profile) {
      deviations_from(e.item, sum, cnt);
      for (int32_t i = 0; i < n; ++i) {
        if (cnt[i] == 0) continue;
        // sum[i] / cnt[i] is dev(i, j).
        if (weighted_) {
          num[i] += sum[i] + static_cast<double>(e.rating) * cnt[i];
          den[i] += cnt[i];
        } else {
          num[i] += sum[i] / cnt[i];
          den[i] += 1;
        }
      }
    }
    for (int32_t i = 0; i < n; ++i) {
      if (M.item_count(i) == 0) out[i] = mu;
      else if (weighted_) out[i] = den[i] > 0 ? static_cast<float>(num[i] / den[i]) : static_cast<float>(mean_u);
      else out[i] = static_cast<float>(mean_u + (den[i] > 0 ? num[i] / den[i] : 0.0));
    }
    return out;
  }

  void check_item(int32_t item) const { check_index(item, R_->n_items, "item"); }

  struct Folded : FoldDetail {
    std::vector<double> den;  // per item: Σ |U_ij| (weighted) or the number of j with U_ij ≠ ∅
  };

  bool weighted_;
  std::shared_ptr<const RatingMatrix> R_;
};

}  // namespace

std::unique_ptr<Model> make_slope_one(const Json& params) { return std::make_unique<SlopeOne>(params); }

}  // namespace cinerec
