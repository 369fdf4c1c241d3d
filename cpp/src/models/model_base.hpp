// What every algorithm keeps the same way (as Surprise's AlgoBase and
// implicit's RecommenderBase do): its name, effective parameters and trained
// flag, how a fit starts, and the errors for a model used before fit/load or
// given an index out of range, worded alike in every model. Also the order
// of an explanation's parts.
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

// How keep_strongest orders parts of equal |weight|: by item, then feature
// name; as they were given; or as std::sort leaves them (the models written
// without a tie-break keep it, so their explanations stay as they were).
enum class Ties { ByItem, InGivenOrder, Unspecified };

// The n strongest parts (largest |weight|) first.
inline void keep_strongest(std::vector<Explanation::Part>& parts, size_t n, Ties ties = Ties::ByItem) {
  auto stronger = [](const Explanation::Part& a, const Explanation::Part& b) {
    return std::fabs(a.weight) > std::fabs(b.weight);
  };
  if (ties == Ties::ByItem) {
    std::sort(parts.begin(), parts.end(), [](const Explanation::Part& a, const Explanation::Part& b) {
      const float x = std::fabs(a.weight), y = std::fabs(b.weight);
      if (x != y) return x > y;
      return a.item < b.item || (a.item == b.item && a.feature < b.feature);
    });
  } else if (ties == Ties::InGivenOrder) {
    std::stable_sort(parts.begin(), parts.end(), stronger);
  } else {
    std::sort(parts.begin(), parts.end(), stronger);
  }
  if (parts.size() > n) parts.resize(n);
}

}  // namespace cinerec
