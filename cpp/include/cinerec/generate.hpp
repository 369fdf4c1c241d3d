// MovieLens-shaped data of any size, for tests and benchmarks at scales no
// committed file has (25M ratings and beyond): a folder in the official CSV
// layout (ratings.csv, movies.csv, tags.csv, links.csv) that the same readers
// load as they load ml-25m. The shape follows MovieLens: every user has at
// least 20 ratings (fewer only when there are too few ratings for that) and
// activity has a log-normal tail; movie popularity is Zipf-like over a random
// ranking; ratings come from a small latent-factor model with user and movie
// biases plus noise, on the half-star scale (some users use whole stars only);
// timestamps lie between 1995-01-09 and 2019-11-21 in per-user bursts, never
// before the movie's year. The files depend on the options and the seed only
// (not on the number of threads).
#pragma once
#include <cstdint>
#include <string>

namespace cinerec {

struct GenerateOptions {
  int64_t ratings = 100000;
  int32_t users = 0;   // 0: ratings / 153.8, ml-25m's mean activity
  int32_t movies = 0;  // 0: 59,047 · (ratings / 25,000,095)^0.6 (ml-25m's catalogue, fewer for less)
  int64_t tags = -1;   // -1: ratings / 23, ml-25m's share; 0: no tags.csv
  uint64_t seed = 42;
  int32_t threads = 1;
};

struct GenerateSummary {
  int64_t ratings = 0;
  int32_t users = 0;
  int32_t movies = 0;
  int64_t tags = 0;
  int64_t bytes = 0;  // of all the files written
};

// Writes the folder (created if missing; files written to NAME.tmp, then
// renamed). Throws Error(InvalidArgument) for sizes that cannot be met (more
// ratings than users × movies, more users than ratings), Error(Io) on write
// failures.
GenerateSummary generate_movielens(const std::string& folder, const GenerateOptions& options);

}  // namespace cinerec
