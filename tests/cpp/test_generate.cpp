// The MovieLens-shaped generator: the folder loads through the same readers
// as MovieLens, in the sizes asked, with MovieLens' shape (activity floor,
// heavy tails, half stars, timestamps), and the files depend on the seed only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"
#include "cinerec/generate.hpp"
#include "cinerec/movielens.hpp"

using namespace cinerec;

namespace {

std::string folder(const std::string& name) { return testing::TempDir() + "cinerec_gen_" + name; }

GenerateOptions sizes(int64_t ratings, int32_t users, int32_t movies, uint64_t seed = 7, int32_t threads = 1) {
  GenerateOptions o;
  o.ratings = ratings;
  o.users = users;
  o.movies = movies;
  o.seed = seed;
  o.threads = threads;
  return o;
}

}  // namespace

TEST(Generate, LoadsThroughTheMovieLensReadersWithItsShape) {
  const std::string dir = folder("shape");
  const GenerateSummary s = generate_movielens(dir, sizes(60000, 400, 3000));
  EXPECT_EQ(s.ratings, 60000);
  EXPECT_EQ(s.tags, 60000 / 23);
  EXPECT_EQ(detect_layout(dir), MovieLensLayout::Csv);
  const Dataset d = load_movielens(dir);
  const RatingMatrix& R = d.ratings;
  ASSERT_EQ(R.nnz(), 60000);  // no (user, movie) twice
  ASSERT_EQ(d.n_users(), 400);
  ASSERT_EQ(d.n_items(), 3000);
  EXPECT_EQ(d.user_ids.front(), 1);
  EXPECT_EQ(d.user_ids.back(), 400);
  EXPECT_FLOAT_EQ(d.rating_min, 0.5f);

  // Activity: the floor of 20, a long tail, nobody above half the movies.
  std::vector<int64_t> per_user;
  for (int32_t u = 0; u < d.n_users(); ++u) per_user.push_back(R.user_count(u));
  std::sort(per_user.begin(), per_user.end());
  EXPECT_EQ(per_user.front(), 20);
  EXPECT_LE(per_user.back(), 1500);
  EXPECT_GT(per_user.back(), 5 * per_user[per_user.size() / 2]);
  // Popularity: the top 1% of movies hold far more than 1% of the ratings,
  // and many movies have hardly any.
  std::vector<int64_t> per_item;
  for (int32_t i = 0; i < d.n_items(); ++i) per_item.push_back(R.item_count(i));
  std::sort(per_item.rbegin(), per_item.rend());
  int64_t top = 0;
  for (int k = 0; k < 30; ++k) top += per_item[k];
  EXPECT_GT(top, 60000 / 20);
  EXPECT_LT(per_item.front(), 400);  // no movie rated by everyone
  EXPECT_GT(std::count_if(per_item.begin(), per_item.end(), [](int64_t c) { return c <= 5; }), 3000 / 5);

  // Half stars around MovieLens' mean, timestamps in MovieLens' years.
  double sum = 0;
  for (float v : R.user_value) {
    EXPECT_EQ(v * 2, std::floor(v * 2));
    sum += v;
  }
  EXPECT_NEAR(sum / 60000, 3.55, 0.25);
  ASSERT_EQ(R.user_time.size(), 60000u);
  for (int64_t t : R.user_time) {
    EXPECT_GE(t, 789652009);
    EXPECT_LE(t, 1574327703);
  }

  // The catalogue: years, genres, links, tags; "Title, The (year)" quoted in
  // the file and read back with the article in front.
  const Catalog& c = *d.catalog;
  EXPECT_FALSE(c.tag_names.empty());
  EXPECT_GE(c.genre_names.size(), 15u);
  int the = 0;
  for (const Movie& m : c.movies) {
    EXPECT_GE(m.year, 1902);
    EXPECT_LE(m.year, 2019);
    EXPECT_GT(m.imdb_id, 0);
    the += m.title.rfind("The ", 0) == 0;
  }
  EXPECT_GT(the, 300);
}

TEST(Generate, TheFilesDependOnTheSeedOnly) {
  generate_movielens(folder("a"), sizes(20000, 150, 800, 11, 1));
  generate_movielens(folder("b"), sizes(20000, 150, 800, 11, 3));
  generate_movielens(folder("c"), sizes(20000, 150, 800, 12, 2));
  for (const char* f : {"ratings.csv", "movies.csv", "tags.csv", "links.csv"}) {
    EXPECT_EQ(read_file(folder("a") + "/" + f), read_file(folder("b") + "/" + f)) << f;
  }
  EXPECT_NE(read_file(folder("a") + "/ratings.csv"), read_file(folder("c") + "/ratings.csv"));
}

TEST(Generate, MeetsTheEdgesOfItsSizes) {
  // One rating each; every pair; defaults from the rating count; no tags.
  Dataset d = load_movielens((generate_movielens(folder("one"), sizes(50, 50, 10)), folder("one")));
  EXPECT_EQ(d.ratings->nnz(), 50);
  EXPECT_EQ(d.n_users(), 50);
  d = load_movielens((generate_movielens(folder("full"), sizes(12, 3, 4)), folder("full")));
  EXPECT_EQ(d.ratings->nnz(), 12);
  GenerateOptions o;
  o.ratings = 3000;
  o.tags = 0;
  const GenerateSummary s = generate_movielens(folder("defaults"), o);
  EXPECT_EQ(s.users, 20);  // 3000 / 153.8
  EXPECT_GE(static_cast<int64_t>(s.users) * s.movies, 3000);
  EXPECT_FALSE(file_exists(folder("defaults") + "/tags.csv"));
  EXPECT_EQ(load_movielens(folder("defaults")).ratings->nnz(), 3000);

  for (auto bad : {sizes(13, 3, 4), sizes(2, 3, 4), sizes(0, 1, 1)}) {
    try {
      generate_movielens(folder("bad"), bad);
      ADD_FAILURE() << "no error for " << bad.ratings << " ratings";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
    }
  }
}
