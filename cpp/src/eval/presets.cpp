// Named parameter sets for `cinerec eval --preset` and the JS API.
// "default" is the algorithm's own defaults (Surprise's where Surprise has the
// algorithm). "best" holds the parameters bench/README.md reports, each found
// by a search on ml-100k (see the comment on each row); an algorithm without
// a row has not been tuned and "best" gives its defaults.
#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"

#include <vector>

namespace cinerec {

namespace {
struct Row {
  const char* algorithm;
  const char* params;  // JSON
};

const std::vector<Row> kBest = {
};
}  // namespace

Json preset_params(const std::string& algorithm, const std::string& preset) {
  if (preset == "default") return Json::object();
  if (preset == "best") {
    for (const Row& r : kBest)
      if (algorithm == r.algorithm) return Json::parse(r.params);
    return Json::object();
  }
  throw Error(ErrorCode::InvalidArgument, "unknown preset '" + preset + "' (expected default or best)");
}

bool has_tuned_preset(const std::string& algorithm) {
  for (const Row& r : kBest)
    if (algorithm == r.algorithm) return true;
  return false;
}

}  // namespace cinerec
