// Readers for every official MovieLens layout. All report errors as
// Error(ParseError) with "file:line: reason", or Error(NotFound).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cinerec/dataset.hpp"

namespace cinerec {

enum class MovieLensLayout {
  Auto,
  Csv,     // ml-latest, ml-latest-small, ml-20m, ml-25m: ratings.csv, movies.csv [, tags.csv, links.csv]
  Ml100k,  // u.data (tab), u.item (latin-1, '|', genre flags), u.genre
  Dat,     // ml-1m, ml-10m: ratings.dat, movies.dat [, tags.dat] with "::"
};

// Detects the layout of a folder from the files it holds.
MovieLensLayout detect_layout(const std::string& folder);

// Loads a whole MovieLens folder: catalogue, users, ratings (with timestamps).
// The rating file is read a block at a time (64 MB), each block parsed on up
// to `threads` threads; the result does not depend on them.
Dataset load_movielens(const std::string& folder, MovieLensLayout layout = MovieLensLayout::Auto,
                       int32_t threads = 1);

// Loads a single rating file (any layout: "u,i,r,t" CSV with or without
// header, tab-separated u.data/u1.base, or "::" .dat) against an existing
// dataset's catalogue and user map. Unknown users are added (the returned
// dataset's user_ids grows); unknown movies are an error.
Dataset load_rating_file(const std::string& path, const Dataset& like);

// One person's ratings from a CSV file: a header naming movieId and rating
// (other columns such as userId or timestamp are allowed: a MovieLens
// ratings.csv filtered to one user works), or no header and exactly the two
// columns movieId,rating. Ratings are checked against MovieLens' half-star
// scale; a userId column with more than one user is an error.
std::vector<std::pair<int64_t, float>> read_person_ratings(const std::string& path);
std::vector<std::pair<int64_t, float>> parse_person_ratings(std::string text, const std::string& path);

// Splits "Title (1995)" into title and year; handles "Title, The (1995)"
// by moving the article to the front, and titles without a year.
void split_title_year(const std::string& raw, std::string& title, int32_t& year);

// Converts latin-1 bytes to UTF-8 (ml-100k's u.item).
std::string latin1_to_utf8(const std::string& s);

}  // namespace cinerec
