// knn-basic, knn-means, knn-zscore, knn-baseline — neighbourhood rating
// prediction, Surprise's KNNBasic / KNNWithMeans / KNNWithZScore /
// KNNBaseline (Herlocker et al. 1999; Koren 2010, "Factor in the neighbors",
// TKDD 4(1), eq. 3) with the same parameters and defaults.
//
// For user u and item i with x the compared entity (u when user_based, else
// i), N_k(x) the k entities most similar to x among those that rated i (user-
// based) or that u rated (item-based), keeping only positive similarities:
//   basic     r̂ = Σ sim(x,v) r_v / Σ sim(x,v)
//   means     r̂ = μ_x + Σ sim(x,v) (r_v − μ_v) / Σ sim(x,v)
//   zscore    r̂ = μ_x + σ_x Σ sim(x,v) (r_v − μ_v) / σ_v / Σ sim(x,v)
//   baseline  r̂ = b_ui + Σ sim(x,v) (r_v − b_v) / Σ sim(x,v),  b_ui = μ + b_u + b_i
// With fewer than min_k neighbours, basic predicts the global mean and the
// others drop the neighbour term (Surprise's rule). Similarities: see
// models/similarity.hpp; there is no training loop, only baselines (ALS/SGD,
// when pearson_baseline or the baseline variant needs them) and similarities.
//
// Not in Surprise: a user with no ratings (an empty profile) gets the
// baseline μ + b_i instead of the global mean, so that a new visitor sees a
// damped popularity order rather than ties.
//
// Similarities are stored exactly (all pairs, Surprise's arithmetic) up to
// 12,000 users or items in the compared orientation. Above that, or when
// max_neighbours is set, each user or item keeps only its max_neighbours most
// similar (400 when left at 0 above 12,000), so a neighbourhood is chosen
// among those (models/similarity.hpp); MovieLens 25M's 62,000 movies then
// take 200 MB instead of 7.7 GB.
//
// Fold-in: item-based scoring reads the profile directly; user-based scoring
// computes the profile's similarity to every training user on the fly.
// Surprise's sim_options / bsl_options dictionaries are accepted too
// (models/surprise_options.hpp). Saved bytes hold the training ratings;
// load() recomputes the similarities (a pure function of the ratings and
// parameters) rather than storing n².
#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/baselines.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/progress.hpp"
#include "models/rating_store.hpp"
#include "models/registry.hpp"
#include "models/similarity.hpp"
#include "models/surprise_options.hpp"
#include "models/topk.hpp"

namespace cinerec {
namespace {

enum class Variant { Basic, Means, ZScore, Baseline };

const char* variant_name(Variant v) {
  switch (v) {
    case Variant::Basic: return "knn-basic";
    case Variant::Means: return "knn-means";
    case Variant::ZScore: return "knn-zscore";
    case Variant::Baseline: return "knn-baseline";
  }
  return "knn";
}

struct Neighbour {
  float sim;
  float r;
  int32_t id;  // the neighbour x (a user or an item)
};

// The user side of a prediction: a training user or a folded-in profile
// (whose items and ratings it holds), kept in the UserState for explain().
struct UserView : FoldDetail {
  std::vector<int32_t> own_items;
  std::vector<float> own_ratings;
  const int32_t* items = nullptr;
  const float* ratings = nullptr;
  size_t n = 0;
  float mean = 0, sigma = 1, bias = 0;
  std::vector<float> sims;  // user-based: similarity to every training user
};

class Knn final : public ModelBase {
 public:
  Knn(Variant v, const Json& given) : ModelBase(variant_name(v)), variant_(v) {
    ParamReader p(name_, flatten_surprise_options(name_, given));
    k_ = p.integer("k", 40, 1, 1000000);
    min_k_ = p.integer("min_k", 1, 0, 1000000);
    opt_.user_based = p.boolean("user_based", true);
    opt_.kind = similarity_from_name(
        p.choice("similarity", v == Variant::Baseline ? "pearson_baseline" : "msd", similarity_names()));
    opt_.min_support = p.integer("min_support", 1, 0, 1000000000);
    opt_.shrinkage = p.number("shrinkage", 100, 0, 1e9);
    max_neighbours_ = p.integer("max_neighbours", 0, 0, 1000000);
    bsl_ = read_baseline_options(p);
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    prepare(ctx_.train, &progress, options.threads);
    trained_ = true;
  }

  float predict_user(int32_t user, int32_t item) const override {
    require_trained();
    check_user(user);
    check_item(item);
    std::vector<Neighbour> buf;
    return clip(predict_one(*view_of(user), item, buf, nullptr));
  }

  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    std::vector<float> s;
    if (!opt_.user_based) {
      sim_.row(item, s);
    } else {  // cosine of the item columns, on demand
      SimOptions co;
      co.kind = SimKind::Cosine;
      co.user_based = false;
      co.min_support = std::max(1, opt_.min_support);
      SimInput in = make_sim_input(*R_, co, nullptr);
      const std::vector<int32_t> ys(R_->item_user.begin() + R_->item_ptr[item], R_->item_user.begin() + R_->item_ptr[item + 1]);
      const std::vector<float> vals(R_->item_value.begin() + R_->item_ptr[item], R_->item_value.begin() + R_->item_ptr[item + 1]);
      s = similarities_to_all(in, co, ys, vals);
    }
    return top_k(s, n, [item](int32_t j) { return j != item; });
  }

  void fold_into(UserState& state) const override {
    auto U = view_of(state.profile);
    state.scores = score_all(*U);
    state.detail = std::move(U);
  }
  void fold_user_into(UserState& state) const override {
    check_user(state.user);
    auto U = view_of(state.user);
    state.scores = score_all(*U);
    state.detail = std::move(U);
  }

  // The neighbours that made the prediction, each with its term's share.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    auto U = detail_of<UserView>(state, [&] { return view_of(state.profile); });
    std::vector<Neighbour> buf;
    Explanation ex;
    predict_one(*U, item, buf, &ex);
    keep_strongest(ex.parts, 10);
    return ex;
  }

  std::vector<uint8_t> save() const override { return save_with_ratings(*this, *R_); }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    const float lo = r.f32(), hi = r.f32();
    auto R = std::make_shared<const RatingMatrix>(load_ratings(r));
    trained_ = false;
    prepare(R, nullptr, 1);
    ctx_.rating_min = lo;
    ctx_.rating_max = hi;
    context_from(R);
    trained_ = true;
  }

 private:
  void prepare(std::shared_ptr<const RatingMatrix> R, const ProgressReporter* progress, int32_t threads) {
    R_ = std::move(R);
    const RatingMatrix& M = *R_;
    // Biases always: knn-baseline and pearson_baseline use them, and every
    // variant uses them for a user with no ratings.
    b_ = fit_biases(M, bsl_, name_, [&](int32_t epoch, double rmse) {
      if (progress) progress->report("baselines", epoch, bsl_.n_epochs, rmse);
      return true;
    });
    const int32_t n_x = opt_.user_based ? M.n_users : M.n_items;
    const std::vector<int64_t>& xp = opt_.user_based ? M.user_ptr : M.item_ptr;
    const std::vector<float>& xv = opt_.user_based ? M.user_value : M.item_value;
    mean_x_.assign(n_x, 0.0f);
    sigma_x_.assign(n_x, 1.0f);
    for (int32_t x = 0; x < n_x; ++x) {
      const int64_t n = xp[x + 1] - xp[x];
      if (n == 0) continue;
      double s = 0;
      for (int64_t t = xp[x]; t < xp[x + 1]; ++t) s += xv[t];
      const double mean = s / static_cast<double>(n);
      double sq = 0;
      for (int64_t t = xp[x]; t < xp[x + 1]; ++t) sq += (xv[t] - mean) * (xv[t] - mean);
      const double sd = std::sqrt(sq / static_cast<double>(n));
      mean_x_[x] = static_cast<float>(mean);
      sigma_x_[x] = sd == 0 ? 1.0f : static_cast<float>(sd);
    }
    in_ = make_sim_input(M, opt_, &b_);
    int32_t keep = max_neighbours_;
    if (keep == 0 && n_x > SimilarityMatrix::kMaxExact) keep = SimilarityMatrix::kAutoKeep;
    sim_ = SimilarityMatrix::compute(in_, opt_, threads, keep);
    if (progress) progress->report("similarities");
  }

  std::shared_ptr<UserView> view_of(int32_t user) const {
    const RatingMatrix& M = *R_;
    auto view = std::make_shared<UserView>();
    UserView& U = *view;
    U.items = M.user_item.data() + M.user_ptr[user];
    U.ratings = M.user_value.data() + M.user_ptr[user];
    U.n = static_cast<size_t>(M.user_count(user));
    U.bias = b_.bu[user];
    if (opt_.user_based) {
      U.mean = mean_x_[user];
      U.sigma = sigma_x_[user];
      sim_.row(user, U.sims);
    }
    return view;
  }

  std::shared_ptr<UserView> view_of(const Profile& profile) const {
    auto view = std::make_shared<UserView>();
    UserView& U = *view;
    std::vector<int32_t>& items = U.own_items;
    std::vector<float>& ratings = U.own_ratings;
    items.resize(profile.size());
    ratings.resize(profile.size());
    for (size_t j = 0; j < profile.size(); ++j) {
      items[j] = profile[j].item;
      ratings[j] = profile[j].rating;
    }
    U.items = items.data();
    U.ratings = ratings.data();
    U.n = profile.size();
    U.bias = fold_in_user_bias(b_, profile, bsl_.reg_u);
    if (opt_.user_based && U.n) {
      double s = 0, sq = 0;
      for (float r : ratings) s += r;
      const double mean = s / static_cast<double>(U.n);
      for (float r : ratings) sq += (r - mean) * (r - mean);
      const double sd = std::sqrt(sq / static_cast<double>(U.n));
      U.mean = static_cast<float>(mean);
      U.sigma = sd == 0 ? 1.0f : static_cast<float>(sd);
      std::vector<float> vals(U.n);
      for (size_t j = 0; j < U.n; ++j) vals[j] = profile_sim_value(opt_, &b_, U.bias, in_, items[j], ratings[j]);
      U.sims = similarities_to_all(in_, opt_, items, vals);
    }
    return view;
  }

  std::vector<float> score_all(const UserView& U) const {
    std::vector<float> out(R_->n_items);
    std::vector<Neighbour> buf;
    for (int32_t i = 0; i < R_->n_items; ++i) out[i] = predict_one(U, i, buf, nullptr);
    return out;
  }

  // Surprise's estimate() for one (user side, item), unclipped. When ex is
  // set, the contributing neighbours are added as its parts.
  float predict_one(const UserView& U, int32_t i, std::vector<Neighbour>& buf, Explanation* ex) const {
    const RatingMatrix& M = *R_;
    const float mu = b_.mu;
    const float baseline = mu + U.bias + b_.bi[i];
    if (U.n == 0) return baseline;  // no ratings yet: the damped item mean
    const bool item_known = M.item_count(i) > 0;
    if (!item_known) return variant_ == Variant::Baseline ? baseline : mu;
    buf.clear();
    if (opt_.user_based) {
      for (int64_t t = M.item_ptr[i]; t < M.item_ptr[i + 1]; ++t) {
        const int32_t v = M.item_user[t];
        const float s = U.sims[v];
        if (s > 0) buf.push_back({s, M.item_value[t], v});
      }
    } else {
      for (size_t j = 0; j < U.n; ++j) {
        const float s = sim_(i, U.items[j]);
        if (s > 0) buf.push_back({s, U.ratings[j], U.items[j]});
      }
    }
    if (static_cast<int32_t>(buf.size()) > k_) {
      std::nth_element(buf.begin(), buf.begin() + k_, buf.end(), [](const Neighbour& a, const Neighbour& b) {
        return a.sim > b.sim || (a.sim == b.sim && a.id < b.id);
      });
      buf.resize(k_);
    }
    // The x-side statistics: the user's (user-based) or the item's.
    float mean_x, sigma_x;
    if (opt_.user_based) {
      mean_x = U.mean;
      sigma_x = U.sigma;
    } else {
      mean_x = mean_x_[i];
      sigma_x = sigma_x_[i];
    }
    double sum_sim = 0, sum = 0;
    for (const Neighbour& nb : buf) sum_sim += nb.sim;
    const bool enough = static_cast<int32_t>(buf.size()) >= min_k_ && sum_sim > 0;
    float base = 0;  // what the neighbour term is added to
    switch (variant_) {
      case Variant::Basic: base = 0; break;
      case Variant::Means:
      case Variant::ZScore: base = mean_x; break;
      case Variant::Baseline: base = baseline; break;
    }
    if (!enough) return variant_ == Variant::Basic ? mu : base;  // too few neighbours
    for (const Neighbour& nb : buf) {
      double term = 0;
      switch (variant_) {
        case Variant::Basic: term = nb.r; break;
        case Variant::Means: term = nb.r - mean_x_[nb.id]; break;
        case Variant::ZScore: term = (nb.r - mean_x_[nb.id]) / sigma_x_[nb.id] * sigma_x; break;
        case Variant::Baseline:
          term = nb.r - (opt_.user_based ? mu + b_.bu[nb.id] + b_.bi[i] : mu + U.bias + b_.bi[nb.id]);
          break;
      }
      sum += nb.sim * term;
      if (ex) {
        const float w = static_cast<float>(nb.sim * term / sum_sim);
        ex->parts.push_back(opt_.user_based ? feature_part(ReasonKind::SimilarUser, nb.id, w) : movie_part(nb.id, w));
      }
    }
    return static_cast<float>(base + sum / sum_sim);
  }

  void check_item(int32_t item) const { check_index(item, R_->n_items, "item"); }
  void check_user(int32_t user) const { check_index(user, R_->n_users, "user"); }

  Variant variant_;
  int32_t k_, min_k_, max_neighbours_;
  SimOptions opt_;
  BaselineOptions bsl_;
  std::shared_ptr<const RatingMatrix> R_;
  Biases b_;
  std::vector<float> mean_x_, sigma_x_;
  SimInput in_;
  SimilarityMatrix sim_;
};

}  // namespace

std::unique_ptr<Model> make_knn_basic(const Json& params) { return std::make_unique<Knn>(Variant::Basic, params); }
std::unique_ptr<Model> make_knn_means(const Json& params) { return std::make_unique<Knn>(Variant::Means, params); }
std::unique_ptr<Model> make_knn_zscore(const Json& params) { return std::make_unique<Knn>(Variant::ZScore, params); }
std::unique_ptr<Model> make_knn_baseline(const Json& params) { return std::make_unique<Knn>(Variant::Baseline, params); }

}  // namespace cinerec
