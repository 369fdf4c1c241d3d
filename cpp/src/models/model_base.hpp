// What every algorithm keeps the same way (as Surprise's AlgoBase and
// implicit's RecommenderBase do): its name, effective parameters and trained
// flag, how a fit starts, and the errors for a model used before fit/load or
// given an index out of range, worded alike in every model. Also the order
// of an explanation's parts.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
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

  std::string name_;
  Json params_;
  bool trained_ = false;
};

// The n strongest parts (largest |weight|) first; ties by item, then by
// feature name, so the order never depends on the sort.
inline void keep_strongest(std::vector<Explanation::Part>& parts, size_t n) {
  std::sort(parts.begin(), parts.end(), [](const Explanation::Part& a, const Explanation::Part& b) {
    const float x = std::fabs(a.weight), y = std::fabs(b.weight);
    if (x != y) return x > y;
    return a.item < b.item || (a.item == b.item && a.feature < b.feature);
  });
  if (parts.size() > n) parts.resize(n);
}

}  // namespace cinerec
