// How much each rating in a profile pulls toward items like it, for the models
// that add up item vectors over a profile (item-knn with explicit feedback,
// content): the mean-centred rating r_j − r̄, so a profile's own scale does
// not matter and low ratings push away. When every rating is the same (a
// single rating, or all 4s) centring leaves nothing, so those profiles are
// centred on the middle of the rating scale instead: a lone 5 is a like, a
// lone 1 a dislike.
#pragma once
#include <cmath>
#include <vector>

#include "cinerec/dataset.hpp"

namespace cinerec {

inline std::vector<float> centred_weights(const Profile& profile, float rating_min, float rating_max) {
  std::vector<float> w(profile.size(), 0.0f);
  if (profile.empty()) return w;
  double mean = 0;
  for (const ProfileEntry& e : profile) mean += e.rating;
  mean /= static_cast<double>(profile.size());
  bool all_same = true;
  for (const ProfileEntry& e : profile) all_same = all_same && std::fabs(e.rating - mean) < 1e-6;
  const double centre = all_same ? 0.5 * (rating_min + rating_max) : mean;
  for (size_t j = 0; j < profile.size(); ++j) w[j] = static_cast<float>(profile[j].rating - centre);
  return w;
}

}  // namespace cinerec
