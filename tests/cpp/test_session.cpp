// The Session: the service the CLI and the binding drive (one fold per
// request, ratings shared by pointer, filters by name, structured reasons).
#include <gtest/gtest.h>

#include <cmath>

#include "cinerec/error.hpp"
#include "cinerec/session.hpp"
#include "eval_fixtures.hpp"
#include "models/model_base.hpp"
#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {

// 40 users × 30 movies; movie i is Action (i % 3 == 0), Comedy (1) or Drama (2).
Dataset catalogue() {
  std::vector<uint32_t> genres;
  for (int32_t i = 0; i < 30; ++i) genres.push_back(1u << (i % 3));
  Dataset d = random_dataset(40, 30, 5);
  d.catalog = make_catalog(30, genres);
  return d;
}

const Profile kMine = {{0, 5.0f}, {3, 4.5f}, {7, 2.0f}, {12, 4.0f}};

FitOptions seeded(uint64_t seed = 3) {
  FitOptions o;
  o.seed = seed;
  return o;
}

}  // namespace

TEST(Session, ARecommendationWithReasonsFoldsOnce) {
  for (const char* algo : {"svd", "ials", "item-knn", "hybrid", "knn-basic", "content"}) {
    Session s(catalogue());
    s.train(algo, Json::object(), seeded());
    const int64_t before = s.model().folds();
    const auto top = s.recommend(kMine, 10, Filters{}, true);
    EXPECT_EQ(s.model().folds(), before + 1) << algo;
    ASSERT_EQ(top.size(), 10u) << algo;
    for (const Recommendation& r : top) {
      ASSERT_TRUE(r.why.has_value()) << algo;
      EXPECT_FLOAT_EQ(r.why->score, r.score) << algo;
      EXPECT_LE(r.why->parts.size(), kMaxReasonParts);
    }
    // explain() of one movie gives the reasons recommend gave it.
    const Why again = s.explain(kMine, top[0].item);
    ASSERT_EQ(again.parts.size(), top[0].why->parts.size()) << algo;
    for (size_t j = 0; j < again.parts.size(); ++j) {
      EXPECT_EQ(again.parts[j].kind, top[0].why->parts[j].kind) << algo;
      EXPECT_EQ(again.parts[j].item, top[0].why->parts[j].item) << algo;
      EXPECT_FLOAT_EQ(again.parts[j].weight, top[0].why->parts[j].weight) << algo;
    }
    const int64_t plain = s.model().folds();
    s.recommend(kMine, 10, Filters{}, false);
    EXPECT_EQ(s.model().folds(), plain + 1) << algo;
  }
}

TEST(Session, PredictingSeveralMoviesFoldsOnceAndAgreesWithOneByOne) {
  for (const char* algo : {"svd", "bayesian-fm", "item-knn"}) {
    Session s(catalogue());
    s.train(algo, Json::object(), seeded());
    const std::vector<int32_t> items = {29, 1, 14, 1};
    const int64_t before = s.model().folds();
    const std::vector<float> many = s.predict(kMine, items);
    EXPECT_EQ(s.model().folds(), before + 1) << algo;
    ASSERT_EQ(many.size(), items.size()) << algo;
    for (size_t k = 0; k < items.size(); ++k) EXPECT_FLOAT_EQ(many[k], s.predict(kMine, items[k])) << algo;
    EXPECT_TRUE(s.predict(kMine, std::vector<int32_t>{}).empty());
    EXPECT_THROW(s.predict(kMine, std::vector<int32_t>{3, 30}), Error) << algo;
  }
}

TEST(Session, ModelsShareTheTrainingRatings) {
  Session s(catalogue());
  const RatingMatrix* bytes = s.data().ratings.shared().get();
  const Dataset copy = s.data();  // a copy of the dataset shares them too
  EXPECT_EQ(copy.ratings.shared().get(), bytes);
  for (const char* algo : {"svd", "knn-basic", "hybrid"}) {
    s.train(algo, Json::object(), seeded());
    EXPECT_EQ(s.model().context().train.get(), bytes) << algo;
    // A loaded model is attached to the same bytes, not to a copy.
    const std::vector<uint8_t> saved = s.save_model();
    s.load_model(saved);
    EXPECT_EQ(s.model().context().train.get(), bytes) << algo;
  }
  // The hybrid's components read the same bytes: one copy for all of them.
  auto hybrid = make_model("hybrid");
  hybrid->fit(s.data(), seeded());
  EXPECT_EQ(hybrid->context().train.get(), bytes);
  // Every holder is a pointer to the one matrix: the session's data, `copy`,
  // and the contexts of both hybrids (the loaded one and this) and of their
  // two components each.
  EXPECT_EQ(s.data().ratings.shared().use_count(), 2 + 3 + 3);
}

TEST(Session, StatisticsPerMovie) {
  Session s(tiny_ratings());
  EXPECT_EQ(s.stats().counts, (std::vector<int32_t>{3, 4, 3}));
  EXPECT_FLOAT_EQ(s.stats().means[0], 4.0f);
  EXPECT_FLOAT_EQ(s.stats().means[1], 9.0f / 4);
  EXPECT_FLOAT_EQ(s.stats().means[2], 10.0f / 3);
}

TEST(Session, FiltersByName) {
  Session s(catalogue());
  s.train("popularity", Json::object(), seeded());
  FilterSpec spec;
  spec.genres = {"Comedy"};
  spec.exclude = {1, 4};
  const auto top = s.recommend({}, 30, s.filters(spec), false);
  ASSERT_EQ(top.size(), 8u);  // 10 comedies, two excluded
  for (const Recommendation& r : top) {
    EXPECT_EQ(r.item % 3, 1);
    EXPECT_NE(r.item, 1);
    EXPECT_NE(r.item, 4);
  }
  spec.genres = {"Western"};
  try {
    s.filters(spec);
    ADD_FAILURE() << "an unknown genre was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("'Western'"), std::string::npos) << e.what();
  }
}

TEST(Session, ProfilesByMovieId) {
  Session s(tiny_ratings());  // movieIds 10, 11, 12; scale 1 to 5
  const Profile p = s.profile({{12, 4.0f}, {10, 2.0f}, {12, 5.0f}});
  ASSERT_EQ(p.size(), 2u);  // a movie rated twice keeps the last rating
  EXPECT_EQ(p[0].item, 2);
  EXPECT_FLOAT_EQ(p[0].rating, 5.0f);
  EXPECT_EQ(p[1].item, 0);
  try {
    s.profile({{99, 4.0f}});
    ADD_FAILURE() << "an unknown movie was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::UnknownMovie);
  }
  try {
    s.profile({{10, 0.5f}});
    ADD_FAILURE() << "a rating off the scale was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("movie 10"), std::string::npos) << e.what();
  }
}

TEST(Session, AFailedTrainingKeepsTheCurrentModel) {
  Session s(catalogue());
  EXPECT_FALSE(s.has_model());
  EXPECT_THROW(s.recommend(kMine, 5, Filters{}, false), Error);
  s.train("svd", Json::object(), seeded(9));
  ASSERT_TRUE(s.model_info());
  EXPECT_EQ(*s.model_info()->seed, 9u);
  EXPECT_GE(*s.model_info()->train_seconds, 0.0);
  FitOptions cancel = seeded();
  cancel.progress = [](const Progress&) { return false; };
  try {
    s.train("ials", Json::object(), cancel);
    ADD_FAILURE() << "a cancelled training succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Aborted);
  }
  EXPECT_THROW(s.train("no-such-model", Json::object(), seeded()), Error);
  EXPECT_EQ(s.model_info()->algorithm, "svd");
  EXPECT_EQ(s.model().name(), "svd");
  // With the person's ratings: one more user, and the info says how many.
  s.train("item-knn", Json::object(), seeded(), kMine);
  EXPECT_EQ(s.model_info()->trained_with_ratings, 4);
  EXPECT_EQ(s.model().context().n_users, 41);
}

TEST(Session, ALoadedModelMustMatchTheCatalogue) {
  Session small(tiny_ratings());
  small.train("svd", Json::object(), seeded());
  Session s(catalogue());
  try {
    s.load_model(small.save_model());
    ADD_FAILURE() << "a model of 3 movies was loaded for 30";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("3 movies"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(s.has_model());
  s.train("svd", Json::object(), seeded());
  s.load_model(s.save_model());
  EXPECT_FALSE(s.model_info()->seed.has_value());  // unknown for a loaded model
}

TEST(Session, ReasonsNameTheirFeatures) {
  Session s(catalogue());
  s.train("content", Json{{"min_df", 1}}, seeded());
  const Why w = s.explain(kMine, 6);  // an Action movie, like the liked 0 and 3
  bool genre = false;
  for (const Reason& r : w.parts)
    if (r.kind == ReasonKind::Genre) {
      genre = true;
      EXPECT_EQ(r.name, "Action");
    }
  EXPECT_TRUE(genre);
  const Json j = to_json(w);
  EXPECT_EQ(j["parts"][0]["kind"], reason_kind_name(w.parts[0].kind));
}

// 30 users; items 0-3 Action, 4 Comedy. Item 1 is rated as item 0 by the
// same 30 people, item 2 the opposite way by 20 of them, item 4 (another
// genre) as item 0 by 25, item 3 by two people only.
Dataset neighbours() {
  std::vector<Rating> r;
  for (int32_t u = 0; u < 30; ++u) {
    const float x = static_cast<float>(1 + u % 5);
    r.push_back({u, 0, x});
    r.push_back({u, 1, x});
    if (u < 20) r.push_back({u, 2, 6 - x});
    if (u < 2) r.push_back({u, 3, x});
    if (u < 25) r.push_back({u, 4, x});
  }
  return make_dataset(30, 5, r, make_catalog(5, {1, 1, 1, 1, 2}));
}

TEST(Session, SimilarByRatingsWeighsEvidenceAndNeedsNoModel) {
  Session s(neighbours());
  EXPECT_EQ(s.similar_floor(), 2);  // a small catalogue: the least rated movie's count
  const std::vector<Scored> top = s.similar(0, 3);
  // Item 1: the same 30 people, the same ratings, the same genre. Item 4: 25
  // people alike but another genre. Item 2 (rated the opposite way) and item
  // 3 (two co-raters, under the support of 3) are no neighbours by ratings;
  // the list is filled with Action movies instead.
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].item, 1);
  const float expected = 1.0f * (30.0f / 40.0f) * 1.0f * 1.0f;  // cosine, shrinkage, (1+pearson)/2, (1+jaccard)/2
  EXPECT_NEAR(top[0].score, expected, 1e-5);
  EXPECT_EQ(top[1].item, 4);
  EXPECT_NEAR(top[1].score, 25.0f / std::sqrt(30.0f * 25.0f) * (25.0f / 35.0f) * 0.5f, 1e-5);
  EXPECT_EQ(top[2].item, 3);  // the same genre, filled in below the evidence
  EXPECT_LT(top[2].score, top[1].score);
  EXPECT_FALSE(s.has_model());
  try {
    s.similar(0, 3, {SimilarBy::Model, -1});
    ADD_FAILURE() << "similar by model without a model";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotTrained);
  }
}

TEST(Session, SimilarHonoursTheFloorAndFillsObscureMovies) {
  Session s(neighbours());
  // A floor of 26 ratings leaves item 4 (25) out.
  for (const Scored& x : s.similar(0, 4, {SimilarBy::Ratings, 26})) EXPECT_NE(x.item, 4);
  // Item 3 has two raters: no neighbour has the support, so the list is
  // movies of its genre, best liked first, none of them the movie itself.
  const std::vector<Scored> obscure = s.similar(3, 3);
  ASSERT_EQ(obscure.size(), 3u);
  for (const Scored& x : obscure) {
    EXPECT_TRUE(s.catalog().movies[x.item].genres & 1u) << x.item;
    EXPECT_NE(x.item, 3);
    EXPECT_GT(x.score, 0.0f);
  }
  for (size_t k = 1; k < obscure.size(); ++k) EXPECT_GE(obscure[k - 1].score, obscure[k].score);
  // By model: the model's neighbours, with the same floor.
  s.train("svd", Json::object(), seeded());
  const std::vector<Scored> by_model = s.similar(0, 4, {SimilarBy::Model, 26});
  ASSERT_EQ(by_model.size(), 1u);  // only item 1 has 26 ratings or more
  EXPECT_EQ(by_model[0].item, 1);
  EXPECT_EQ(s.similar(0, 4, {SimilarBy::Model, 0}).size(), 4u);
}

TEST(Session, AnEmptyProfileGetsWhatIsPopularAndWellLiked) {
  // Item 0: one 5-star rating. Item 1: 40 ratings of 4.5. Item 2: 40 of 2.
  // Items 3-49: 10 ratings of 4.5 each (the prior m is the count at the top 2%).
  std::vector<Rating> r;
  r.push_back({0, 0, 5});
  for (int32_t u = 0; u < 40; ++u) {
    r.push_back({u, 1, 4.5f});
    r.push_back({u, 2, 2});
  }
  for (int32_t i = 3; i < 50; ++i)
    for (int32_t u = 0; u < 10; ++u) r.push_back({u, i, 4.5f});
  Session s(make_dataset(40, 50, r));
  EXPECT_FLOAT_EQ(s.popular_prior(), 40.0f);  // of 50 counts, the one at index 0.02 × 49 = 0
  const double C = s.data().ratings->global_mean;
  s.train("svd", Json::object(), seeded());
  const auto top = s.recommend({}, 3, Filters{}, true);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].item, 1);
  EXPECT_NEAR(top[0].score, (40 * 4.5 + 40 * C) / 80, 1e-4);
  EXPECT_EQ(top[1].item, 3);  // one 5-star rating is not enough: 10 of 4.5 come first
  ASSERT_EQ(top[0].why->parts.size(), 2u);
  EXPECT_EQ(top[0].why->parts[0].kind, ReasonKind::Popularity);
  EXPECT_FLOAT_EQ(top[0].why->parts[0].weight, 40.0f);
  EXPECT_EQ(top[0].why->parts[1].kind, ReasonKind::MovieMean);
  EXPECT_NEAR(top[0].why->parts[1].weight, 4.5 - C, 1e-5);
  // Any model gives the same list, and the filters hold.
  s.train("ials", Json::object(), seeded());
  EXPECT_EQ(s.recommend({}, 3, Filters{}, false)[0].item, 1);
  Filters f;
  f.exclude = {1};
  f.min_ratings = 11;
  const auto rest = s.recommend({}, 5, f, false);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].item, 2);

  // A catalogue without ratings (only a model) has no popularity: the model ranks.
  Session bare(make_dataset(40, 50, {}));
  bare.load_model(s.save_model());
  EXPECT_EQ(bare.recommend({}, 3, Filters{}, false).size(), 3u);
}

// Equal weights keep one order on every platform: by item, then kind, then feature.
TEST(Explanation, TiesBreakByItemThenKindThenFeature) {
  std::vector<Explanation::Part> parts = {
      feature_part(ReasonKind::Decade, 4, 0.5f), movie_part(7, -0.5f), movie_part(2, 0.5f),
      feature_part(ReasonKind::Genre, 9, 0.5f),  feature_part(ReasonKind::Genre, 1, 0.5f), movie_part(3, 0.9f)};
  keep_strongest(parts, 5);
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[0].item, 3);
  EXPECT_EQ(parts[1].kind, ReasonKind::Genre);  // item −1 first, then by kind and feature
  EXPECT_EQ(parts[1].feature, 1);
  EXPECT_EQ(parts[2].feature, 9);
  EXPECT_EQ(parts[3].kind, ReasonKind::Decade);
  EXPECT_EQ(parts[4].item, 2);
}
