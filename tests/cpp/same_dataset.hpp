// Two datasets hold the same catalogue, users and ratings (both orientations),
// timestamps too when `times`: a snapshot read back, a folder read on other
// threads.
#pragma once
#include <gtest/gtest.h>

#include "cinerec/dataset.hpp"

namespace cinerec {

inline void expect_same_dataset(const Dataset& a, const Dataset& b, bool times) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.rating_min, b.rating_min);
  EXPECT_EQ(a.rating_max, b.rating_max);
  const Catalog& x = *a.catalog;
  const Catalog& y = *b.catalog;
  EXPECT_EQ(x.genre_names, y.genre_names);
  ASSERT_EQ(x.movies.size(), y.movies.size());
  for (size_t i = 0; i < x.movies.size(); ++i) {
    const Movie& m = x.movies[i];
    const Movie& n = y.movies[i];
    ASSERT_EQ(m.id, n.id) << i;
    EXPECT_EQ(m.title, n.title) << m.id;
    EXPECT_EQ(m.year, n.year) << m.id;
    EXPECT_EQ(m.genres, n.genres) << m.id;
    EXPECT_EQ(m.imdb_id, n.imdb_id) << m.id;
    EXPECT_EQ(m.tmdb_id, n.tmdb_id) << m.id;
    EXPECT_EQ(y.find(m.id), static_cast<int32_t>(i));
  }
  EXPECT_EQ(x.tag_names, y.tag_names);
  ASSERT_EQ(x.movie_tags.size(), y.movie_tags.size());
  for (size_t i = 0; i < x.movie_tags.size(); ++i) {
    ASSERT_EQ(x.movie_tags[i].size(), y.movie_tags[i].size()) << i;
    for (size_t k = 0; k < x.movie_tags[i].size(); ++k) {
      EXPECT_EQ(x.movie_tags[i][k].tag, y.movie_tags[i][k].tag);
      EXPECT_EQ(x.movie_tags[i][k].count, y.movie_tags[i][k].count);
    }
  }
  EXPECT_EQ(x.people, y.people);
  EXPECT_EQ(x.keyword_names, y.keyword_names);
  ASSERT_EQ(x.details.size(), y.details.size());
  for (size_t i = 0; i < x.details.size(); ++i) {
    const MovieDetails& m = x.details[i];
    const MovieDetails& n = y.details[i];
    EXPECT_EQ(m.overview, n.overview) << i;
    EXPECT_EQ(m.directors, n.directors) << i;
    EXPECT_EQ(m.cast, n.cast) << i;
    EXPECT_EQ(m.keywords, n.keywords) << i;
    EXPECT_EQ(m.runtime, n.runtime) << i;
    EXPECT_EQ(m.language, n.language) << i;
  }
  EXPECT_EQ(a.user_ids, b.user_ids);
  const RatingMatrix& r = a.ratings;
  const RatingMatrix& s = b.ratings;
  EXPECT_EQ(r.n_users, s.n_users);
  EXPECT_EQ(r.n_items, s.n_items);
  EXPECT_EQ(r.user_ptr, s.user_ptr);
  EXPECT_EQ(r.user_item, s.user_item);
  EXPECT_EQ(r.user_value, s.user_value);
  EXPECT_EQ(r.item_ptr, s.item_ptr);
  EXPECT_EQ(r.item_user, s.item_user);
  EXPECT_EQ(r.item_value, s.item_value);
  EXPECT_NEAR(r.global_mean, s.global_mean, 1e-9);
  if (times) {
    EXPECT_EQ(r.user_time, s.user_time);
  }
}

}  // namespace cinerec
