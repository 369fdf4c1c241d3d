// The contract suite's dataset (test_contract.cpp), also the catalogue the
// model fuzz target loads saved models against (tests/fuzz/targets.cpp):
// small, deterministic, with genres, years and tags.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"
#include "util/rng.hpp"

namespace cinerec::testing {

inline constexpr int32_t kUsers = 80, kItems = 50;

// Users and items with 2-d latent tastes, ratings in half stars on 0.5–5,
// ~35% dense; a catalogue with genres (from the item's latent direction),
// years and a few tags.
inline const Dataset& synthetic() {
  static const Dataset d = [] {
    Rng rng(20240607);
    auto cat = std::make_shared<Catalog>();
    cat->genre_names = {"Action", "Comedy", "Drama", "Romance", "Sci-Fi"};
    cat->tag_names = {"funny", "dark", "space", "classic"};
    std::vector<std::array<double, 2>> q(kItems), p(kUsers);
    std::vector<double> pop(kItems);
    for (int32_t i = 0; i < kItems; ++i) {
      q[i] = {rng.normal(), rng.normal()};
      pop[i] = 0.6 * rng.normal();
      Movie m;
      m.id = 1000 + i;
      m.title = "Movie " + std::to_string(i);
      m.year = 1960 + (i * 7) % 60;
      m.genres = (q[i][0] > 0 ? 1u : 2u) | (q[i][1] > 0 ? 4u : 8u) | (i % 7 == 0 ? 16u : 0u);
      cat->movies.push_back(m);
      std::vector<TagCount> tags;
      if (q[i][0] < 0) tags.push_back({0, 1 + i % 3});
      if (q[i][1] < 0) tags.push_back({1, 2});
      if (i % 7 == 0) tags.push_back({2, 3});
      if (m.year < 1980) tags.push_back({3, 1});
      cat->movie_tags.push_back(tags);
    }
    cat->rebuild_index();
    std::vector<Rating> r;
    int64_t t = 1'000'000;
    for (int32_t u = 0; u < kUsers; ++u) {
      p[u] = {rng.normal(), rng.normal()};
      const double bias = 0.4 * rng.normal();
      for (int32_t i = 0; i < kItems; ++i) {
        if (rng.uniform() >= 0.35 && i != u % kItems) continue;
        double v = 3.2 + bias + pop[i] + 0.8 * (p[u][0] * q[i][0] + p[u][1] * q[i][1]) + 0.4 * rng.normal();
        v = std::min(5.0, std::max(0.5, std::round(v * 2) / 2));
        r.push_back({u, i, static_cast<float>(v), t++});
      }
    }
    Dataset ds;
    ds.name = "synthetic";
    ds.catalog = cat;
    for (int32_t u = 0; u < kUsers; ++u) ds.user_ids.push_back(u + 1);
    ds.ratings = RatingMatrix::from_triplets(kUsers, kItems, std::move(r));
    return ds;
  }();
  return d;
}

}  // namespace cinerec::testing
