#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cinerec/model.hpp"

using namespace cinerec;

namespace {
// Three movies:
//   0 "Heat"           Action|Crime  1995  tags: heist ×2
//   1 "The Godfather"  Crime|Drama   1972  tags: mafia
//   2 "Heat Wave"      Drama         1990
Dataset three_movies() {
  auto cat = std::make_shared<Catalog>();
  cat->genre_names = {"Action", "Crime", "Drama"};
  cat->tag_names = {"heist", "Mafia"};
  auto movie = [](int64_t id, const char* title, int32_t year, uint32_t genres) {
    Movie m;
    m.id = id;
    m.title = title;
    m.year = year;
    m.genres = genres;
    return m;
  };
  cat->movies = {movie(1, "Heat", 1995, 1u | 2u), movie(2, "The Godfather", 1972, 2u | 4u),
                 movie(3, "Heat Wave", 1990, 4u)};
  cat->movie_tags = {{{0, 2}}, {{1, 1}}, {}};
  cat->rebuild_index();
  Dataset d;
  d.name = "three";
  d.catalog = cat;
  d.user_ids = {1};
  d.rating_min = 1;
  d.rating_max = 5;
  d.ratings = RatingMatrix::from_triplets(1, 3, {{0, 0, 4.0f, 0}});
  return d;
}

std::unique_ptr<Model> fit(const Json& params) {
  auto m = make_model("content", params);
  m->fit(three_movies(), FitOptions{});
  return m;
}

const double kIdf1 = std::log(4.0 / 2.0) + 1;  // df = 1 of N = 3: 1.693147
const double kIdf2 = std::log(4.0 / 3.0) + 1;  // df = 2: 1.287682
}  // namespace

// "genre:Crime": the part's kind and the name the model gives its feature.
std::string feature(const Model& m, const Explanation::Part& p) {
  return std::string(reason_kind_name(p.kind)) + ":" + m.feature_name(p.kind, p.feature);
}

// Movie 0 by hand (min_df 1, default weights genre 1, tag 1, title 0.5, decade 0.5):
//   genre group  Action idf1, Crime idf2 → normalised (0.795962, 0.605348) × 1
//   tag group    heist → 1 × 1;  title group  heat → 1 × 0.5;  decade 1990s → 1 × 0.5
//   ‖v‖² = 1 + 1 + 0.25 + 0.25 = 2.5
// A profile of movie 0 alone has p ∝ v_0, so explain(p, 0) lists v_0f² per feature.
TEST(Content, TfIdfWeightsOfAThreeMovieCatalogue) {
  auto m = fit({{"min_df", 1}});
  const Explanation e = m->explain({{0, 5.0f}}, 0);
  EXPECT_NEAR(e.score, 1.0, 1e-5);
  const double g = std::sqrt(kIdf1 * kIdf1 + kIdf2 * kIdf2);
  const std::vector<std::pair<std::string, double>> want = {
      {"tag:heist", 1.0 / 2.5},
      {"genre:Action", (kIdf1 / g) * (kIdf1 / g) / 2.5},
      {"genre:Crime", (kIdf2 / g) * (kIdf2 / g) / 2.5},
      {"word:heat", 0.25 / 2.5},  // ties break by kind (a word before a decade)
      {"decade:1990s", 0.25 / 2.5},
  };
  ASSERT_EQ(e.parts.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(e.parts[k].item, -1);
    EXPECT_EQ(feature(*m, e.parts[k]), want[k].first);
    EXPECT_NEAR(e.parts[k].weight, want[k].second, 1e-5) << want[k].first;
  }
}

// Cosines: v_2 = (Drama 1, heat .302674, wave .397981, 1990s .5) / √1.5,
//   cos(0, 2) = (0.5 · 0.302674 + 0.5 · 0.5) / (√2.5 · √1.5) = 0.207249
//   cos(0, 1) = Crime only: (0.605348 / √2.5) · (0.707107 / √2.5) = 0.171218
//   cos(1, 2) = Drama only: (0.707107 / √2.5) · (1 / √1.5) = 0.365148
TEST(Content, CosineSimilarItems) {
  auto m = fit({{"min_df", 1}});
  const auto sim = m->similar_items(0, 5);
  ASSERT_EQ(sim.size(), 2u);
  EXPECT_EQ(sim[0].item, 2);
  EXPECT_NEAR(sim[0].score, 0.207249, 1e-5);
  EXPECT_EQ(sim[1].item, 1);
  EXPECT_NEAR(sim[1].score, 0.171218, 1e-5);
  EXPECT_NEAR(m->similar_items(1, 1)[0].score, 0.365148, 1e-5);
}

// Profile {0: 5, 1: 1}: mean-centred weights +2 and −2, so movie 2 (closer to
// the disliked 1 than to the liked 0) scores below zero.
TEST(Content, ProfileIsMeanCentred) {
  auto m = fit({{"min_df", 1}});
  const auto s = m->score({{0, 5.0f}, {1, 1.0f}});
  const double p_norm = 2 * std::sqrt(2 - 2 * 0.171218);  // ‖2 v0 − 2 v1‖
  EXPECT_NEAR(s[2], 2 * (0.207249 - 0.365148) / p_norm, 1e-5);
  // One rating is centred on the middle of the scale: a lone 5 is a like.
  EXPECT_GT(m->score({{0, 5.0f}})[2], 0.0f);
  EXPECT_LT(m->score({{0, 1.0f}})[2], 0.0f);
}

TEST(Content, StopWordsMinDfAndWeights) {
  auto m = fit({{"min_df", 1}});
  for (const auto& part : m->explain({{1, 5.0f}}, 1).parts) EXPECT_NE(feature(*m, part), "word:the");
  // Default min_df 2 keeps only features two movies share: Crime, heat, 1990s for movie 0.
  auto shared = fit(Json::object());
  std::vector<std::string> names;
  for (const auto& part : shared->explain({{0, 5.0f}}, 0).parts) names.push_back(feature(*shared, part));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"decade:1990s", "genre:Crime", "word:heat"}));
  // A zero weight removes a group: without genres, 0 and 1 share nothing.
  auto no_genre = fit({{"min_df", 1}, {"genre_weight", 0}});
  EXPECT_FLOAT_EQ(no_genre->score({{0, 5.0f}})[1], 0.0f);
}

TEST(Content, SaveLoadWithoutTheCatalogue) {
  auto m = fit({{"min_df", 1}});
  auto back = load_model(m->save());  // no attach: the vectors travel in the bytes
  EXPECT_EQ(back->score({{0, 5.0f}, {1, 2.0f}}), m->score({{0, 5.0f}, {1, 2.0f}}));
  EXPECT_EQ(back->explain({{0, 5.0f}}, 2).parts.size(), m->explain({{0, 5.0f}}, 2).parts.size());
}
