// Two taste groups for the implicit and factor-model tests: users 0..9 rate
// items 0..9 (group A), users 10..19 rate items 10..19 (group B), each user
// about 70% of their group's items, none of the other group's. Every user's
// first unrated group item (if any) is kept aside as a held-out positive.
#pragma once
#include <memory>
#include <vector>

#include "cinerec/dataset.hpp"
#include "util/rng.hpp"

namespace cinerec::testing {

struct TwoGroups {
  Dataset train;
  std::vector<int32_t> held_out;  // per user, an item of their group not in train (-1 if none)
};

inline TwoGroups two_groups(uint64_t seed = 5) {
  auto cat = std::make_shared<Catalog>();
  cat->genre_names = {"A", "B"};
  for (int32_t i = 0; i < 20; ++i) {
    Movie m;
    m.id = 100 + i;
    m.title = "Item " + std::to_string(i);
    m.genres = i < 10 ? 1u : 2u;
    cat->movies.push_back(m);
  }
  cat->rebuild_index();
  Rng rng(seed);
  TwoGroups g;
  std::vector<Rating> r;
  for (int32_t u = 0; u < 20; ++u) {
    const int32_t base = u < 10 ? 0 : 10;
    int32_t held = -1;
    for (int32_t i = base; i < base + 10; ++i) {
      if (rng.uniform() < 0.7) r.push_back({u, i, static_cast<float>(3 + rng.below(3)), 0});
      else if (held < 0) held = i;
    }
    g.held_out.push_back(held);
  }
  g.train.name = "two-groups";
  g.train.catalog = cat;
  for (int32_t u = 0; u < 20; ++u) g.train.user_ids.push_back(u + 1);
  g.train.rating_min = 1;
  g.train.rating_max = 5;
  g.train.ratings = RatingMatrix::from_triplets(20, 20, std::move(r));
  return g;
}

// Mean AUC of the held-out positive against every item the user has not rated.
template <class ScoreUser>
double held_out_auc(const TwoGroups& g, ScoreUser score_user) {
  double total = 0;
  int32_t users = 0;
  const RatingMatrix& R = g.train.ratings;
  for (int32_t u = 0; u < R.n_users; ++u) {
    const int32_t pos = g.held_out[u];
    if (pos < 0) continue;
    const std::vector<float> s = score_user(u);
    std::vector<uint8_t> rated(R.n_items, 0);
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) rated[R.user_item[x]] = 1;
    double wins = 0;
    int32_t negatives = 0;
    for (int32_t j = 0; j < R.n_items; ++j) {
      if (rated[j] || j == pos) continue;
      ++negatives;
      wins += s[pos] > s[j] ? 1.0 : s[pos] == s[j] ? 0.5 : 0.0;
    }
    if (negatives) {
      total += wins / negatives;
      ++users;
    }
  }
  return users ? total / users : 0.0;
}

}  // namespace cinerec::testing
