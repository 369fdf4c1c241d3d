// Small datasets and a model with fixed scores for the evaluation tests.
#pragma once
#include <memory>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/error.hpp"
#include "cinerec/model.hpp"
#include "util/rng.hpp"

namespace cinerec::testing {

// A catalogue of n items; item i has genre bits genres[i] (or none).
inline std::shared_ptr<Catalog> make_catalog(int32_t n, const std::vector<uint32_t>& genres = {}) {
  auto c = std::make_shared<Catalog>();
  c->genre_names = {"Action", "Comedy", "Drama"};
  for (int32_t i = 0; i < n; ++i) {
    Movie m;
    m.id = 100 + i;
    m.title = "Movie " + std::to_string(i);
    m.genres = i < static_cast<int32_t>(genres.size()) ? genres[i] : 0;
    c->movies.push_back(m);
  }
  c->rebuild_index();
  return c;
}

inline Dataset make_dataset(int32_t n_users, int32_t n_items, std::vector<Rating> ratings,
                            std::shared_ptr<Catalog> catalog = nullptr) {
  Dataset d;
  d.name = "fixture";
  d.catalog = catalog ? catalog : make_catalog(n_items);
  for (int32_t u = 0; u < n_users; ++u) d.user_ids.push_back(1000 + u);
  d.rating_min = 1;
  d.rating_max = 5;
  d.ratings = RatingMatrix::from_triplets(n_users, n_items, std::move(ratings));
  return d;
}

// Each user rates a random ~40% of the items, with distinct timestamps.
inline Dataset random_dataset(int32_t n_users, int32_t n_items, uint64_t seed) {
  Rng rng(seed);
  std::vector<Rating> r;
  int64_t t = 1000;
  for (int32_t u = 0; u < n_users; ++u)
    for (int32_t i = 0; i < n_items; ++i)
      if (rng.uniform() < 0.4 || i == u % n_items)
        r.push_back({u, i, static_cast<float>(1 + rng.below(5)), t + static_cast<int64_t>(rng.below(100000))});
  return make_dataset(n_users, n_items, r);
}

// Scores are a fixed table per training user; a profile scores by the table
// row `profile_row`. predicts_ratings is configurable.
class FixedModel final : public Model {
 public:
  FixedModel(std::vector<std::vector<float>> table, bool rates = true, std::vector<float> profile_row = {})
      : table_(std::move(table)), rates_(rates), profile_row_(std::move(profile_row)) {}
  std::string name() const override { return "fixed"; }
  Json params() const override { return Json::object(); }
  bool trained() const override { return true; }
  void fit(const Dataset& train, const FitOptions&) override { set_context(train); }
  float predict_user(int32_t u, int32_t i) const override { return clip(table_.at(u).at(i)); }
  std::vector<Scored> similar_items(int32_t, int32_t) const override { return {}; }
  std::vector<uint8_t> save() const override { return {}; }
  void load(const std::vector<uint8_t>&) override {}
  bool predicts_ratings() const override { return rates_; }

 protected:
  void fold_into(UserState& s) const override { s.scores = profile_row_; }
  void fold_user_into(UserState& s) const override { s.scores = table_.at(s.user); }
  Explanation explain_item(const UserState&, int32_t) const override { return {}; }

 private:
  std::vector<std::vector<float>> table_;
  bool rates_;
  std::vector<float> profile_row_;
};

}  // namespace cinerec::testing
