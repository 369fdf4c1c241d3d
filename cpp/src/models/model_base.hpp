// What every algorithm keeps the same way (as Surprise's AlgoBase and
// implicit's RecommenderBase do): its name, effective parameters and trained
// flag, how a fit starts, and the errors for a model used before fit/load or
// given an index out of range, worded alike in every model. Also the order
// of an explanation's parts and how a model reads its own fold detail.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"
#include "models/progress.hpp"

namespace cinerec {

class ModelBase : public Model {
 public:
  std::string name() const override { return name_; }
  Json params() const override { return params_; }
  bool trained() const override { return trained_; }

 protected:
  explicit ModelBase(std::string name) : name_(std::move(name)) {}

  // A fit leaves the model untrained until it completes (a cancelled fit
  // stays so) and takes the context of `train`.
  ProgressReporter begin_fit(const Dataset& train, const FitOptions& options) {
    trained_ = false;
    set_context(train);
    return ProgressReporter(options, name_);
  }

  void require_trained() const {
    if (!trained_) throw Error(ErrorCode::NotTrained, name_ + " is not trained");
  }
  // what: "item" or "user".
  void check_index(int64_t index, int64_t size, const char* what) const {
    if (index < 0 || index >= size)
      throw Error(ErrorCode::InvalidArgument, name_ + ": " + what + " index " + std::to_string(index) + " out of range");
  }

  // After loading a model whose saved state is the training ratings (knn,
  // slope-one): the sizes, item counts and ratings they give the context.
  void context_from(const std::shared_ptr<const RatingMatrix>& R) {
    ctx_.n_items = R->n_items;
    ctx_.n_users = R->n_users;
    ctx_.item_counts.assign(R->n_items, 0);
    for (int32_t i = 0; i < R->n_items; ++i) ctx_.item_counts[i] = static_cast<int32_t>(R->item_count(i));
    ctx_.train = R;
  }

  std::string name_;
  Json params_;
  bool trained_ = false;
};

// The n strongest parts (largest |weight|) first; ties by item, then by
// kind and feature, so libstdc++ and libc++ (native and wasm) agree.
inline void keep_strongest(std::vector<Explanation::Part>& parts, size_t n) {
  std::sort(parts.begin(), parts.end(), [](const Explanation::Part& a, const Explanation::Part& b) {
    const float x = std::fabs(a.weight), y = std::fabs(b.weight);
    if (x != y) return x > y;
    if (a.item != b.item) return a.item < b.item;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.feature < b.feature;
  });
  if (parts.size() > n) parts.resize(n);
}

// An explanation part naming a rated movie / a feature.
inline Explanation::Part movie_part(int32_t item, float weight) {
  return {ReasonKind::RatedMovie, item, -1, weight};
}
inline Explanation::Part feature_part(ReasonKind kind, int32_t feature, float weight) {
  return {kind, -1, feature, weight};
}

// A model's own FoldDetail in a state it folded (fold() sets it for every
// profile; a fold_user state may have none: then make() builds one).
template <class D, class Make>
std::shared_ptr<const D> detail_of(const UserState& state, Make make) {
  if (state.detail) return std::static_pointer_cast<const D>(state.detail);
  return make();
}

}  // namespace cinerec
