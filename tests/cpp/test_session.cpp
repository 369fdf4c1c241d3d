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
