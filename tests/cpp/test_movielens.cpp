// The MovieLens readers against hand-made folders (tests/fixtures/movielens),
// malformed files written on the fly, and the real data in ../shared/data.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include "cinerec/error.hpp"
#include "cinerec/movielens.hpp"

using namespace cinerec;

namespace {

const std::string kFixtures = std::string(CINEREC_SOURCE_DIR) + "/tests/fixtures/movielens/";
const std::string kShared = CINEREC_SHARED_DATA;

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// A folder under the test temp dir holding the given files.
std::string make_folder(const std::string& name, const std::map<std::string, std::string>& files) {
  std::string dir = testing::TempDir() + "cinerec_ml_" + name;
  ::mkdir(dir.c_str(), 0755);
  for (const char* f : {"movies.csv", "ratings.csv", "tags.csv", "links.csv", "u.data", "u.item", "u.genre",
                        "movies.dat", "ratings.dat", "tags.dat"})
    std::remove((dir + "/" + f).c_str());
  for (const auto& [file, text] : files) {
    std::ofstream out(dir + "/" + file, std::ios::binary);
    out << text;
  }
  return dir;
}

// The message of the Error that `load` throws, checking its code.
template <class F>
std::string error_of(F load, ErrorCode code = ErrorCode::ParseError) {
  try {
    load();
  } catch (const Error& e) {
    EXPECT_EQ(error_code_name(e.code()), std::string(error_code_name(code))) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a cinerec::Error: " << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

const Movie& movie(const Dataset& d, int64_t id) { return d.catalog->movies[d.catalog->item(id)]; }

std::vector<std::string> genres_of(const Dataset& d, int64_t id) {
  std::vector<std::string> out;
  const Catalog& c = *d.catalog;
  for (size_t g = 0; g < c.genre_names.size(); ++g)
    if (movie(d, id).genres >> g & 1u) out.push_back(c.genre_names[g]);
  return out;
}

float rating_of(const Dataset& d, int64_t user_id, int64_t movie_id) {
  int32_t u = -1;
  for (size_t k = 0; k < d.user_ids.size(); ++k)
    if (d.user_ids[k] == user_id) u = static_cast<int32_t>(k);
  int32_t i = d.catalog->item(movie_id);
  const RatingMatrix& m = d.ratings;
  for (int64_t k = m.user_ptr[u]; k < m.user_ptr[u + 1]; ++k)
    if (m.user_item[k] == i) return m.user_value[k];
  return -1;
}

const char* kMoviesOk = "movieId,title,genres\n1,Toy Story (1995),Comedy\n2,Heat (1995),Action\n";

}  // namespace

TEST(MovieLens, SplitsTitleAndYearAndMovesArticles) {
  struct Case {
    const char* raw;
    const char* title;
    int32_t year;
  } cases[] = {
      {"Toy Story (1995)", "Toy Story", 1995},
      {"Shawshank Redemption, The (1994)", "The Shawshank Redemption", 1994},
      {"Christmas Carol, A (1938)", "A Christmas Carol", 1938},
      {"American Tail, An (1986)", "An American Tail", 1986},
      {"Misérables, Les (1995)", "Les Misérables", 1995},
      {"Armée des ombres, L' (1969)", "L'Armée des ombres", 1969},
      {"Name of the Rose, The (Name der Rose, Der) (1986)", "The Name of the Rose (Der Name der Rose)", 1986},
      {"Seven (a.k.a. Se7en) (1995)", "Seven (a.k.a. Se7en)", 1995},
      {"Léon: The Professional (a.k.a. The Professional) (Léon) (1994)",
       "Léon: The Professional (a.k.a. The Professional) (Léon)", 1994},
      {"Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)",
       "The Good, the Bad and the Ugly (Il Buono, il brutto, il cattivo)", 1966},
      {"(500) Days of Summer (2009)", "(500) Days of Summer", 2009},
      {"Fawlty Towers (1975-1979)", "Fawlty Towers", 1975},
      {"Stranger Things (2016-)", "Stranger Things", 2016},
      {"Babylon 5", "Babylon 5", 0},
      {"1984 (1984)", "1984", 1984},
      {"  Heat (1995)  ", "Heat", 1995},
      {"Me, Myself and I (1992)", "Me, Myself and I", 1992},
      {"Live Free or Die Hard (2007)", "Live Free or Die Hard", 2007},
      {"Number 23, The", "The Number 23", 0},
      {"Nikita (La Femme Nikita) (1990)", "Nikita (La Femme Nikita)", 1990},
      {"", "", 0},
      {"(1995)", "", 1995},
      {"Unbalanced (paren (1995)", "Unbalanced (paren", 1995},
  };
  for (const Case& c : cases) {
    std::string title;
    int32_t year = -1;
    split_title_year(c.raw, title, year);
    EXPECT_EQ(title, c.title) << c.raw;
    EXPECT_EQ(year, c.year) << c.raw;
  }
}

TEST(MovieLens, ConvertsLatin1ToUtf8) {
  EXPECT_EQ(latin1_to_utf8("Mis\xE9rables \xC7" "a \xFF"), "Misérables Ça ÿ");
  EXPECT_EQ(latin1_to_utf8("plain"), "plain");
  EXPECT_EQ(latin1_to_utf8(""), "");
}

TEST(MovieLens, DetectsEachLayout) {
  EXPECT_EQ(detect_layout(kFixtures + "csv-tricky"), MovieLensLayout::Csv);
  EXPECT_EQ(detect_layout(kFixtures + "ml100k-mini"), MovieLensLayout::Ml100k);
  EXPECT_EQ(detect_layout(kFixtures + "dat-mini"), MovieLensLayout::Dat);
  std::string msg = error_of([] { detect_layout(kFixtures + "no-such-folder"); }, ErrorCode::NotFound);
  EXPECT_NE(msg.find("no-such-folder"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected ratings.csv"), std::string::npos) << msg;
}

TEST(MovieLens, ReadsCsvWithQuotesCrlfBlankLinesAndUtf8) {
  Dataset d = load_movielens(kFixtures + "csv-tricky");
  const Catalog& c = *d.catalog;
  EXPECT_EQ(d.name, "csv-tricky");
  ASSERT_EQ(c.size(), 12);
  // ascending movieId, whatever the file order
  for (int32_t i = 1; i < c.size(); ++i) EXPECT_LT(c.movies[i - 1].id, c.movies[i].id);
  EXPECT_EQ(c.movies[2].id, 3);

  EXPECT_EQ(movie(d, 1).title, "Toy Story");
  EXPECT_EQ(movie(d, 1).year, 1995);
  EXPECT_EQ(movie(d, 2).title, "The Shawshank Redemption");  // quoted comma
  EXPECT_EQ(movie(d, 7).title, "11'09\"01 - September 11");   // doubled quotes
  EXPECT_EQ(movie(d, 7).year, 2002);
  EXPECT_EQ(movie(d, 10).title, "Amélie (Le Fabuleux destin d'Amélie Poulain)");  // UTF-8
  EXPECT_EQ(movie(d, 11).title, "The Good, the Bad and the Ugly (Il Buono, il brutto, il cattivo)");
  EXPECT_EQ(movie(d, 12).year, 1975);
  EXPECT_EQ(movie(d, 13).title, "Babylon 5");
  EXPECT_EQ(movie(d, 13).year, 0);
  EXPECT_EQ(movie(d, 16).title, "Zombie \"Classic\" Night");

  // MovieLens order first, the others sorted after it; only genres in use
  std::vector<std::string> names = {"Action", "Adventure", "Animation", "Children", "Comedy",
                                    "Crime",  "Drama",     "Fantasy",   "Horror",   "IMAX",
                                    "Romance", "Sci-Fi",   "Western",   "Biography", "Zombie"};
  EXPECT_EQ(c.genre_names, names);
  EXPECT_EQ(genres_of(d, 1), (std::vector<std::string>{"Adventure", "Animation", "Children", "Comedy", "Fantasy"}));
  EXPECT_EQ(genres_of(d, 15), std::vector<std::string>{});  // (no genres listed)
  EXPECT_EQ(genres_of(d, 16), (std::vector<std::string>{"Horror", "IMAX", "Zombie"}));
  EXPECT_EQ(c.genre_bit("IMAX"), 9);

  // users ascending by userId, ratings with half stars, timestamps kept
  EXPECT_EQ(d.user_ids, (std::vector<int64_t>{3, 7, 12}));
  EXPECT_EQ(d.ratings->nnz(), 8);
  EXPECT_FLOAT_EQ(d.rating_min, 0.5f);
  EXPECT_FLOAT_EQ(d.rating_max, 5.0f);
  EXPECT_FLOAT_EQ(rating_of(d, 3, 1), 0.5f);
  EXPECT_FLOAT_EQ(rating_of(d, 3, 2), 4.5f);
  EXPECT_FLOAT_EQ(rating_of(d, 7, 10), 3.5f);
  EXPECT_FLOAT_EQ(rating_of(d, 12, 14), 3.0f);
  ASSERT_EQ(d.ratings->user_time.size(), 8u);
  EXPECT_EQ(d.ratings->user_time[0], 1000000000);

  // tags: trimmed, lower-case, counted per movie, names sorted
  EXPECT_EQ(c.tag_names, (std::vector<std::string>{"funny, clever", "morgan freeman", "pixar", "prison"}));
  ASSERT_EQ(c.movie_tags.size(), 12u);
  const auto& toy = c.movie_tags[c.item(1)];
  ASSERT_EQ(toy.size(), 2u);
  EXPECT_EQ(c.tag_names[toy[0].tag], "pixar");
  EXPECT_EQ(toy[0].count, 3);
  EXPECT_EQ(c.tag_names[toy[1].tag], "funny, clever");
  EXPECT_EQ(toy[1].count, 1);
  const auto& shaw = c.movie_tags[c.item(2)];
  ASSERT_EQ(shaw.size(), 2u);
  EXPECT_EQ(c.tag_names[shaw[0].tag], "prison");
  EXPECT_EQ(shaw[0].count, 2);
  EXPECT_TRUE(c.movie_tags[c.item(5)].empty());

  // links, with an empty tmdbId
  EXPECT_EQ(movie(d, 1).imdb_id, 114709);
  EXPECT_EQ(movie(d, 1).tmdb_id, 862);
  EXPECT_EQ(movie(d, 3).imdb_id, 113228);
  EXPECT_EQ(movie(d, 3).tmdb_id, 0);
  EXPECT_EQ(movie(d, 16).imdb_id, 0);
}

TEST(MovieLens, ReadsTheDslabsExportWithAYearColumn) {
  Dataset d = load_movielens(kFixtures + "csv-year-column");
  ASSERT_EQ(d.n_items(), 4);
  EXPECT_EQ(movie(d, 1263).title, "The Deer Hunter");
  EXPECT_EQ(movie(d, 1263).year, 1978);
  EXPECT_EQ(movie(d, 1029).title, "Dumbo");
  EXPECT_EQ(movie(d, 1029).year, 1941);
  EXPECT_EQ(movie(d, 108583).title, "");  // dslabs lost this title and year
  EXPECT_EQ(movie(d, 108583).year, 0);
  EXPECT_EQ(d.ratings->nnz(), 4);
  EXPECT_FLOAT_EQ(rating_of(d, 1, 31), 2.5f);
  EXPECT_FLOAT_EQ(d.rating_min, 0.5f);
  EXPECT_TRUE(d.catalog->tag_names.empty());
}

TEST(MovieLens, ReadsMl100kWithLatin1Titles) {
  Dataset d = load_movielens(kFixtures + "ml100k-mini");
  const Catalog& c = *d.catalog;
  ASSERT_EQ(c.size(), 5);
  EXPECT_EQ(movie(d, 2).title, "Les Misérables");  // latin-1 0xE9 -> UTF-8
  EXPECT_EQ(movie(d, 4).title, "Ça commence aujourd'hui");
  EXPECT_EQ(movie(d, 4).year, 1999);
  EXPECT_EQ(movie(d, 3).title, "unknown");
  EXPECT_EQ(movie(d, 3).year, 0);
  EXPECT_EQ(movie(d, 3).genres, 0u);  // the "unknown" genre is no genre
  EXPECT_EQ(movie(d, 5).year, 1997);  // from the release date
  EXPECT_EQ(genres_of(d, 1), (std::vector<std::string>{"Animation", "Children", "Comedy"}));  // Children's
  EXPECT_EQ(genres_of(d, 5), (std::vector<std::string>{"Film-Noir", "Thriller"}));
  EXPECT_EQ(c.genre_bit("unknown"), -1);
  EXPECT_EQ(c.genre_bit("Children's"), -1);
  EXPECT_EQ(d.user_ids, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(d.ratings->nnz(), 7);
  EXPECT_FLOAT_EQ(d.rating_min, 1.0f);  // whole stars only
  EXPECT_FLOAT_EQ(rating_of(d, 2, 3), 1.0f);
  EXPECT_EQ(d.ratings->user_time.size(), 7u);
}

TEST(MovieLens, ReadsDoubleColonDatFiles) {
  Dataset d = load_movielens(kFixtures + "dat-mini");
  const Catalog& c = *d.catalog;
  ASSERT_EQ(c.size(), 3);
  EXPECT_EQ(movie(d, 2).title, "The City of Lost Children (La Cité des enfants perdus)");  // latin-1
  EXPECT_EQ(movie(d, 2).year, 1995);
  EXPECT_EQ(genres_of(d, 1), (std::vector<std::string>{"Animation", "Children", "Comedy"}));
  EXPECT_EQ(d.ratings->nnz(), 3);
  EXPECT_FLOAT_EQ(rating_of(d, 1, 3), 3.5f);
  EXPECT_FLOAT_EQ(d.rating_min, 0.5f);
  EXPECT_EQ(c.tag_names, std::vector<std::string>{"de niro"});
  ASSERT_EQ(c.movie_tags[c.item(3)].size(), 1u);
  EXPECT_EQ(c.movie_tags[c.item(3)][0].count, 2);
}

TEST(MovieLens, LoadsARatingFileAgainstADataset) {
  Dataset all = load_movielens(kFixtures + "ml100k-mini");
  Dataset base = load_rating_file(kFixtures + "ml100k-mini/u1.base", all);
  EXPECT_EQ(base.catalog, all.catalog);
  EXPECT_EQ(base.user_ids, all.user_ids);
  EXPECT_EQ(base.ratings->nnz(), 5);
  Dataset test = load_rating_file(kFixtures + "ml100k-mini/u1.test", base);
  EXPECT_EQ(test.user_ids, (std::vector<int64_t>{1, 2, 3, 4}));  // user 4 is new
  EXPECT_EQ(test.n_users(), 4);
  EXPECT_EQ(test.ratings->nnz(), 3);
  EXPECT_FLOAT_EQ(rating_of(test, 4, 5), 3.0f);

  std::string dir = make_folder("rating-file", {{"r.csv", "userId,movieId,rating,timestamp\n1,2,4.5,10\n"},
                                               {"bad.csv", "1,2,4,10\n1,77,4,11\n"}});
  Dataset csv = load_rating_file(dir + "/r.csv", all);
  EXPECT_FLOAT_EQ(rating_of(csv, 1, 2), 4.5f);
  EXPECT_FLOAT_EQ(csv.rating_min, 0.5f);  // a half star widens the whole-star scale
  EXPECT_FLOAT_EQ(base.rating_min, 1.0f);
  std::string msg = error_of([&] { load_rating_file(dir + "/bad.csv", all); });
  EXPECT_NE(msg.find("bad.csv:2: unknown movieId 77"), std::string::npos) << msg;
}

TEST(MovieLens, MalformedRowsNameFileLineAndReason) {
  struct Case {
    const char* name;
    std::map<std::string, std::string> files;
    const char* expected;  // a part of the message
  } cases[] = {
      {"missing-column", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,5\n1,2\n"}},
       "ratings.csv:3: expected 4 fields (userId,movieId,rating,timestamp), found 2"},
      {"non-numeric-rating", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\r\n\r\n1,1,good,5\r\n"}},
       "ratings.csv:3: rating 'good' is not a number (expected 0.5 to 5 in steps of 0.5)"},
      {"rating-off-scale", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.2,5\n"}},
       "ratings.csv:2: rating '4.2' is out of the scale"},
      {"rating-too-high", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,7,5\n"}},
       "ratings.csv:2: rating '7' is out of the scale"},
      {"unknown-movie", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,5\n1,999,4,5\n"}},
       "ratings.csv:3: unknown movieId 999 (expected an id listed in movies.csv)"},
      {"bad-user", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\nx1,1,4,5\n"}},
       "ratings.csv:2: userId 'x1' is not an integer"},
      {"bad-timestamp", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,\n"}},
       "ratings.csv:2: timestamp '' is not an integer"},
      {"unterminated-quote", {{"movies.csv", "movieId,title,genres\n1,Heat (1995),Action\n2,\"Broken (1999),Drama\n"}, {"ratings.csv", ""}},
       "movies.csv:3: unterminated quoted field"},
      {"junk-after-quote", {{"movies.csv", "movieId,title,genres\n1,\"Heat\" (1995),Action\n"}, {"ratings.csv", ""}},
       "movies.csv:2: unexpected ' ' after a closing quote"},
      {"header-without-genres", {{"movies.csv", "movieId,title\n1,Heat (1995)\n"}, {"ratings.csv", ""}},
       "movies.csv:1: the header has no column 'genres' (expected columns movieId,title,genres)"},
      {"duplicate-movie", {{"movies.csv", "movieId,title,genres\n1,A (1990),Drama\n2,B (1991),Drama\n1,C (1992),Drama\n"}, {"ratings.csv", ""}},
       "movies.csv:4: duplicate movieId 1 (first at line 2"},
      {"line-after-multiline-title",
       {{"movies.csv", "movieId,title,genres\n1,\"Two\nLines (1990)\",Drama\n\n2,B (1991),Drama,Extra\n"}, {"ratings.csv", ""}},
       "movies.csv:5: expected 3 fields (movieId,title,genres), found 4"},
      {"tag-unknown-movie", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n"},
                             {"tags.csv", "userId,movieId,tag,timestamp\n1,5,fun,1\n"}},
       "tags.csv:2: unknown movieId 5"},
      {"link-bad-imdb", {{"movies.csv", kMoviesOk}, {"ratings.csv", "userId,movieId,rating,timestamp\n"},
                         {"links.csv", "movieId,imdbId,tmdbId\n1,tt0114709,862\n"}},
       "links.csv:2: imdbId 'tt0114709' is not an integer"},
      {"u-item-flags", {{"u.data", "1\t1\t5\t1\n"}, {"u.item", "1|Toy Story (1995)|01-Jan-1995||url|0|0|1\n"}},
       "u.item:1: expected 24 fields separated by |"},
      {"u-item-flag-value", {{"u.data", "1\t1\t5\t1\n"}, {"u.item", "1|Toy Story (1995)|01-Jan-1995||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|yes\n"}},
       "u.item:1: genre flag 'yes' for Western (expected 0 or 1)"},
      {"u-data-fields", {{"u.item", "1|Toy Story (1995)|01-Jan-1995||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"}, {"u.data", "1\t1\t5\t1\n\n1\t1\n"}},
       "u.data:3: expected 4 fields separated by tabs"},
      {"dat-fields", {{"movies.dat", "1::Heat (1995)::Action\n"}, {"ratings.dat", "1::1::5\n"}},
       "ratings.dat:1: expected 4 fields separated by :: (UserID::MovieID::Rating::Timestamp), found 3"},
      {"dat-movie", {{"movies.dat", "1::Heat (1995)::Action\nabc::X::Drama\n"}, {"ratings.dat", ""}},
       "movies.dat:2: MovieID 'abc' is not an integer"},
  };
  for (const Case& c : cases) {
    std::string dir = make_folder(c.name, c.files);
    std::string msg = error_of([&] { load_movielens(dir); });
    EXPECT_NE(msg.find(dir + "/"), std::string::npos) << c.name << ": " << msg;  // the path
    EXPECT_NE(msg.find(c.expected), std::string::npos) << c.name << ": " << msg;
  }
}

TEST(MovieLens, MissingFilesAreNotFound) {
  std::string dir = make_folder("only-ratings", {{"ratings.csv", "userId,movieId,rating,timestamp\n"}});
  std::string msg = error_of([&] { load_movielens(dir); }, ErrorCode::NotFound);
  EXPECT_NE(msg.find("no MovieLens files"), std::string::npos) << msg;
  msg = error_of([&] { load_movielens(dir, MovieLensLayout::Csv); }, ErrorCode::NotFound);
  EXPECT_NE(msg.find(dir + "/movies.csv: no such file"), std::string::npos) << msg;
  msg = error_of([&] { load_movielens(dir + "/nowhere"); }, ErrorCode::NotFound);
}

TEST(MovieLens, NeverCrashesOnGarbage) {
  std::mt19937 rng(7);
  const std::string good_movies = "movieId,title,genres\n1,\"Heat, The (1995)\",Action|Crime\n2,Up (2009),Animation\n";
  const std::string good_ratings = "userId,movieId,rating,timestamp\n1,1,4.5,100\n2,2,3,200\n1,2,1,300\n";
  for (int round = 0; round < 300; ++round) {
    std::string movies = good_movies, ratings = good_ratings;
    std::string& target = round % 2 ? movies : ratings;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % target.size();
      const char pool[] = {'"', ',', '\n', '\r', '|', 'x', '9', '.', '-', '\0', '\xE9', ' '};
      target[at] = pool[rng() % sizeof pool];
    }
    std::string dir = make_folder("garbage", {{"movies.csv", movies}, {"ratings.csv", ratings}});
    try {
      Dataset d = load_movielens(dir);
      EXPECT_LE(d.ratings->nnz(), 4);
    } catch (const Error& e) {
      EXPECT_TRUE(e.code() == ErrorCode::ParseError) << e.what();
    }
  }
}

TEST(MovieLens, RealMlLatestSmall) {
  const std::string dir = kShared + "/ml-latest-small";
  if (!exists(dir)) GTEST_SKIP() << dir << " is absent";
  Dataset d = load_movielens(dir);
  EXPECT_EQ(d.name, "ml-latest-small");
  EXPECT_EQ(d.ratings->nnz(), 100836);
  EXPECT_EQ(d.n_users(), 610);
  EXPECT_EQ(d.n_items(), 9742);
  EXPECT_FLOAT_EQ(d.rating_min, 0.5f);
  EXPECT_EQ(d.catalog->genre_names.size(), 19u);
  EXPECT_EQ(d.catalog->genre_names.front(), "Action");
  EXPECT_FALSE(d.catalog->tag_names.empty());
  EXPECT_EQ(d.catalog->movie_tags.size(), 9742u);
  EXPECT_EQ(movie(d, 1).title, "Toy Story");
  EXPECT_EQ(movie(d, 1).year, 1995);
  EXPECT_EQ(movie(d, 1).imdb_id, 114709);
  EXPECT_EQ(movie(d, 1).tmdb_id, 862);
  EXPECT_EQ(movie(d, 318).title, "The Shawshank Redemption");
  EXPECT_EQ(movie(d, 7789).title, "11'09\"01 - September 11");
  EXPECT_EQ(d.user_ids.front(), 1);
  EXPECT_EQ(d.user_ids.back(), 610);
  EXPECT_EQ(d.ratings->user_time.size(), 100836u);
}

TEST(MovieLens, RealMl100k) {
  const std::string dir = kShared + "/ml-100k";
  if (!exists(dir)) GTEST_SKIP() << dir << " is absent";
  Dataset d = load_movielens(dir);
  EXPECT_EQ(d.ratings->nnz(), 100000);
  EXPECT_EQ(d.n_users(), 943);
  EXPECT_EQ(d.n_items(), 1682);
  EXPECT_FLOAT_EQ(d.rating_min, 1.0f);
  EXPECT_EQ(movie(d, 1).title, "Toy Story");
  EXPECT_EQ(movie(d, 1).year, 1995);
  EXPECT_EQ(genres_of(d, 1), (std::vector<std::string>{"Animation", "Children", "Comedy"}));
  int accented = 0;  // u.item is latin-1: its accents arrive as UTF-8
  for (const Movie& m : d.catalog->movies) accented += m.title.find("\xC3\xA9") != std::string::npos;
  EXPECT_GT(accented, 0);
  Dataset base = load_rating_file(dir + "/u1.base", d);
  Dataset test = load_rating_file(dir + "/u1.test", base);
  EXPECT_EQ(base.ratings->nnz() + test.ratings->nnz(), 100000);
}
