// Reports fit progress through FitOptions::progress and turns a "false" from
// the callback into Error(Aborted), so every model cancels the same way.
#pragma once
#include <chrono>
#include <cmath>
#include <string>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

class ProgressReporter {
 public:
  ProgressReporter(const FitOptions& options, std::string who)
      : options_(options), who_(std::move(who)), start_(std::chrono::steady_clock::now()) {}
  // epoch is 1-based (0 for a stage without epochs); loss NaN when none.
  void report(const std::string& stage, int32_t epoch = 0, int32_t total = 0,
              double loss = std::nan("")) const {
    if (!options_.progress) return;
    Progress p;
    p.epoch = epoch;
    p.total_epochs = total;
    p.loss = loss;
    p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    p.stage = stage;
    if (!options_.progress(p)) throw Error(ErrorCode::Aborted, who_ + ": training cancelled");
  }
  bool active() const { return static_cast<bool>(options_.progress); }

 private:
  const FitOptions& options_;
  std::string who_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace cinerec
