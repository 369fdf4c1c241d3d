// popularity — the same ranking for everyone: the most rated items (`count`),
// or the best-rated ones with a damped mean that pulls items with few ratings
// toward the global mean (`damped_mean`, the "Bayesian average" of
// Funk 2006 / LensKit's Bias(items=True, damping=d) item term):
//
//   count:        s_i = |U_i|
//   damped_mean:  s_i = (Σ_{u∈U_i} r_ui + d·μ) / (|U_i| + d)
//
// No training loop: one pass over the item columns. Scores do not depend on
// the profile (the profile only matters through Filters::exclude_rated).
// similar_items returns the most popular items that share a genre with the
// item (the most popular overall when no catalogue is attached), which is
// what "people also watch" means for a model that knows no co-occurrence.
#include <cmath>

#include "cinerec/error.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "models/topk.hpp"

namespace cinerec {
namespace {

class Popularity final : public ModelBase {
 public:
  explicit Popularity(const Json& given) : ModelBase("popularity") {
    ParamReader p(name_, given);
    mode_ = p.choice("mode", "count", {"count", "damped_mean"});
    damping_ = static_cast<float>(p.number("damping", 10.0, 0, 1e6));
    params_ = p.finish();
  }

  // A damped mean is an estimate on the rating scale; a count is not.
  bool predicts_ratings() const override { return mode_ == "damped_mean"; }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    const double mu = R.global_mean;
    scores_.assign(R.n_items, 0.0f);
    counts_.assign(R.n_items, 0);
    for (int32_t i = 0; i < R.n_items; ++i) {
      double sum = 0;
      for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) sum += R.item_value[x];
      const int64_t n = R.item_count(i);
      counts_[i] = static_cast<int32_t>(n);
      if (mode_ == "count")
        scores_[i] = static_cast<float>(n);
      else
        scores_[i] = (n + damping_ > 0) ? static_cast<float>((sum + damping_ * mu) / (n + damping_))
                                        : static_cast<float>(mu);
    }
    progress.report("counts");
    trained_ = true;
  }

  float predict_user(int32_t, int32_t item) const override {
    require_trained();
    check_item(item);
    return clip(scores_[item]);
  }

  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    const Catalog* cat = ctx_.catalog.get();
    const bool genres = cat && cat->size() == static_cast<int32_t>(scores_.size());
    const uint32_t g = genres ? cat->movies[item].genres : 0;
    std::vector<Scored> out = top_k(scores_, n, [&](int32_t j) {
      return j != item && (!g || (cat->movies[j].genres & g));
    });
    if (static_cast<int32_t>(out.size()) < n) {  // too few sharing a genre: fill by popularity
      std::vector<uint8_t> taken(scores_.size(), 0);
      taken[item] = 1;
      for (const Scored& s : out) taken[s.item] = 1;
      for (const Scored& s : top_k(scores_, n - static_cast<int32_t>(out.size()),
                                   [&](int32_t j) { return !taken[j]; }))
        out.push_back(s);
    }
    return out;
  }

  // The same scores for everyone: a fold copies them.
  void fold_into(UserState& state) const override { state.scores = scores_; }

  Explanation explain_item(const UserState&, int32_t item) const override {
    Explanation e;
    e.parts.push_back(feature_part(ReasonKind::Popularity, -1, static_cast<float>(counts_[item])));
    if (mode_ == "damped_mean") e.parts.push_back(feature_part(ReasonKind::MovieMean, -1, scores_[item]));
    return e;
  }

  std::vector<uint8_t> save() const override {
    ByteWriter w = begin_save(*this);
    w.vec(scores_);
    w.vec(counts_);
    return end_save(w);
  }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    scores_ = r.vec<float>();
    counts_ = r.vec<int32_t>();
    if (scores_.size() != counts_.size()) r.fail("popularity: scores and counts differ in length");
    ctx_.n_items = static_cast<int32_t>(scores_.size());
    ctx_.item_counts = counts_;
    trained_ = true;
  }

 private:
  void check_item(int32_t item) const { check_index(item, scores_.size(), "item"); }

  std::string mode_;
  float damping_;
  std::vector<float> scores_;
  std::vector<int32_t> counts_;
};

}  // namespace

std::unique_ptr<Model> make_popularity(const Json& params) { return std::make_unique<Popularity>(params); }

}  // namespace cinerec
