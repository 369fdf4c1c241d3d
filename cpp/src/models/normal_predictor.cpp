// random — Surprise's NormalPredictor: a rating drawn from the normal
// distribution fitted to the training ratings, r̂_ui ~ N(μ̂, σ̂²) with
//   μ̂ = Σ r / n,   σ̂ = sqrt(Σ (r − μ̂)² / n)      (maximum likelihood).
// The floor every other model must beat. Unlike Surprise, each draw is a
// pure function of (seed, user or profile, item), so repeated calls, saved
// and loaded copies agree.
#include <cmath>
#include <cstring>

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

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 29);
}

class NormalPredictor final : public ModelBase {
 public:
  explicit NormalPredictor(const Json& given) : ModelBase("random") {
    ParamReader p(name_, given);
    params_ = p.finish();
  }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    double sq = 0;
    for (float r : R.user_value) sq += (r - R.global_mean) * (r - R.global_mean);
    mu_ = R.global_mean;
    sigma_ = R.nnz() ? std::sqrt(sq / static_cast<double>(R.nnz())) : 0.0;
    seed_ = options.seed;
    n_items_ = R.n_items;
    n_users_ = R.n_users;
    progress.report("distribution", 0, 0, sigma_);
    trained_ = true;
  }

  float predict_user(int32_t user, int32_t item) const override {
    require_trained();
    check_user(user);
    check_item(item);
    return clip(draw(user_key(user), item));
  }

  // Nothing is learned about items: a seeded shuffle, so the call works.
  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    std::vector<float> s(n_items_);
    for (int32_t j = 0; j < n_items_; ++j) s[j] = static_cast<float>(Rng(mix(mix(seed_, 0x73696d), item * 1000003ULL + j)).uniform());
    return top_k(s, n, [item](int32_t j) { return j != item; });
  }

  void fold_into(UserState& state) const override {
    uint64_t key = mix(seed_, 0x70726f66);  // "prof"
    for (const ProfileEntry& e : state.profile) {
      uint32_t bits;
      std::memcpy(&bits, &e.rating, 4);
      key = mix(mix(key, static_cast<uint64_t>(e.item)), bits);
    }
    state.scores = draws(key);
  }
  void fold_user_into(UserState& state) const override { state.scores = draws(user_key(state.user)); }

  // A random draw: nothing about the person or the movie explains it.
  Explanation explain_item(const UserState&, int32_t) const override { return {}; }

  std::vector<uint8_t> save() const override {
    ByteWriter w = begin_save(*this);
    w.f32(ctx_.rating_min);
    w.f32(ctx_.rating_max);
    w.f64(mu_);
    w.f64(sigma_);
    w.u64(seed_);
    w.i32(n_users_);
    w.i32(n_items_);
    return end_save(w);
  }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    ctx_.rating_min = r.f32();
    ctx_.rating_max = r.f32();
    mu_ = r.f64();
    sigma_ = r.f64();
    seed_ = r.u64();
    n_users_ = r.i32();
    n_items_ = r.i32();
    if (n_users_ < 0 || n_items_ < 0) r.fail("random: negative sizes");
    ctx_.n_items = n_items_;
    ctx_.n_users = n_users_;
    trained_ = true;
  }

 private:
  uint64_t user_key(int32_t user) const { return mix(mix(seed_, 0x75736572), static_cast<uint64_t>(user)); }
  float draw(uint64_t key, int32_t item) const {
    return static_cast<float>(Rng(mix(key, static_cast<uint64_t>(item))).normal(mu_, sigma_));
  }
  std::vector<float> draws(uint64_t key) const {
    std::vector<float> out(n_items_);
    for (int32_t i = 0; i < n_items_; ++i) out[i] = draw(key, i);
    return out;
  }
  void check_item(int32_t item) const { check_index(item, n_items_, "item"); }
  void check_user(int32_t user) const { check_index(user, n_users_, "user"); }

  double mu_ = 0, sigma_ = 0;
  uint64_t seed_ = 0;
  int32_t n_users_ = 0, n_items_ = 0;
};

}  // namespace

std::unique_ptr<Model> make_normal_predictor(const Json& params) { return std::make_unique<NormalPredictor>(params); }

}  // namespace cinerec
