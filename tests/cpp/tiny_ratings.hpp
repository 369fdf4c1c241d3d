// The 4 users × 3 items worked by hand in the per-algorithm tests:
//        i0  i1  i2
//   u0    5   3   4
//   u1    3   1   ·
//   u2    4   3   5
//   u3    ·   2   1
// μ = 31/10 = 3.1.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"

namespace cinerec::testing {

inline Dataset tiny_ratings() {
  auto cat = std::make_shared<Catalog>();
  cat->genre_names = {"Drama"};
  for (int32_t i = 0; i < 3; ++i) {
    Movie m;
    m.id = 10 + i;
    m.title = "Tiny " + std::to_string(i);
    cat->movies.push_back(m);
  }
  cat->rebuild_index();
  Dataset d;
  d.name = "tiny";
  d.catalog = cat;
  d.user_ids = {1, 2, 3, 4};
  d.rating_min = 1;
  d.rating_max = 5;
  d.ratings = RatingMatrix::from_triplets(
      4, 3, {{0, 0, 5}, {0, 1, 3}, {0, 2, 4}, {1, 0, 3}, {1, 1, 1}, {2, 0, 4}, {2, 1, 3}, {2, 2, 5}, {3, 1, 2}, {3, 2, 1}});
  return d;
}

// tiny_ratings with the given genre names and each movie's genre bits.
inline Dataset tiny_with_genres(std::vector<std::string> names, std::vector<uint32_t> bits) {
  Dataset d = tiny_ratings();
  auto cat = std::make_shared<Catalog>(*d.catalog);
  cat->genre_names = std::move(names);
  for (size_t i = 0; i < bits.size(); ++i) cat->movies[i].genres = bits[i];
  d.catalog = cat;
  return d;
}

inline std::unique_ptr<Model> fitted(const std::string& name, const Json& params, const Dataset& d, uint64_t seed = 1) {
  auto m = make_model(name, params);
  FitOptions o;
  o.seed = seed;
  m->fit(d, o);
  return m;
}

}  // namespace cinerec::testing
