// The recommendation filters as one predicate over item indices, shared by
// Model::recommend and the Session's popular list so both honour them alike.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

class ItemFilter {
 public:
  // item_counts: ratings per item for min_ratings (shorter = not checked
  // past its end); profile: excluded when filters.exclude_rated.
  ItemFilter(const Filters& filters, const Catalog* catalog, const std::vector<int32_t>& item_counts,
             int32_t n_items, const Profile& profile)
      : f_(filters), catalog_(catalog), counts_(item_counts), banned_(n_items, 0) {
    if (f_.exclude_rated)
      for (const ProfileEntry& e : profile) banned_[e.item] = 1;
    for (int32_t i : f_.exclude)
      if (i >= 0 && i < n_items) banned_[i] = 1;
  }
  // Whether item passes, given its score (non-finite scores never do).
  bool operator()(int32_t i, float score) const {
    if (banned_[i] || !std::isfinite(score)) return false;
    if (f_.min_ratings > 0 && i < static_cast<int32_t>(counts_.size()) && counts_[i] < f_.min_ratings) return false;
    if (catalog_) {
      const Movie& m = catalog_->movies[i];
      if (f_.genres_any && !(m.genres & f_.genres_any)) return false;
      if (f_.year_min && m.year < f_.year_min) return false;
      if (f_.year_max && m.year > f_.year_max) return false;
    }
    return true;
  }

 private:
  const Filters& f_;
  const Catalog* catalog_;
  const std::vector<int32_t>& counts_;
  std::vector<uint8_t> banned_;
};

}  // namespace cinerec
