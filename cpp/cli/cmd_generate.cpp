// cinerec generate: a MovieLens-shaped folder of any size (cinerec/generate.hpp),
// for benchmarks and tests at the scale of ml-25m and beyond.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cinerec/error.hpp"
#include "cinerec/generate.hpp"
#include "cli_common.hpp"
#include "commands.hpp"

namespace cinerec::cli {
namespace {

const char* kGenerateUsage =
    "usage: cinerec generate --out DIR --ratings N [--users U] [--movies M] [--tags T] [--seed S] [--threads N]\n"
    "  --out DIR       the folder to write (created if missing): ratings.csv, movies.csv, tags.csv, links.csv\n"
    "                  in the layout of ml-25m, so every reader and command takes it as MovieLens data\n"
    "  --ratings N     how many ratings (at most one per user and movie)\n"
    "  --users U       default N / 153.8 (ml-25m's mean ratings per user)\n"
    "  --movies M      default 59,047 x (N / 25,000,095)^0.6 (ml-25m's catalogue, fewer for fewer ratings)\n"
    "  --tags T        rows of tags.csv (default N / 23, ml-25m's share; 0 writes none)\n"
    "  --seed S        the same seed and sizes give the same files (default 42)\n"
    "  --threads N     threads writing ratings.csv (the files do not depend on it; default 1)\n"
    "Ratings per user have a floor of 20 and a log-normal tail, movie popularity is Zipf-like, ratings\n"
    "come from a latent-factor model on the half-star scale, timestamps from 1995 to 2019.\n";

}  // namespace

int cmd_generate(const Args& args) {
  const Options o = parse_options(args, "generate", {"out", "ratings", "users", "movies", "tags", "seed", "threads"}, {}, {});
  if (o.has("help")) {
    std::cout << kGenerateUsage;
    return 0;
  }
  if (!o.has("out") || !o.has("ratings"))
    throw Error(ErrorCode::InvalidArgument, "generate: needs --out DIR and --ratings N (see cinerec generate --help)");
  GenerateOptions g;
  g.ratings = o.integer("ratings", 0, 1, INT64_MAX);
  g.users = static_cast<int32_t>(o.integer("users", 0, 1, INT32_MAX));
  g.movies = static_cast<int32_t>(o.integer("movies", 0, 1, INT32_MAX));
  g.tags = o.integer("tags", -1, 0, INT64_MAX);
  g.seed = static_cast<uint64_t>(o.integer("seed", 42, 0, INT64_MAX));
  g.threads = static_cast<int32_t>(o.integer("threads", 1, 1, 256));
  const auto t0 = std::chrono::steady_clock::now();
  const GenerateSummary s = generate_movielens(o.get("out"), g);
  const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("wrote %s: %lld ratings, %d users, %d movies, %lld tags, %lld bytes (%.1f s)\n", o.get("out").c_str(),
              static_cast<long long>(s.ratings), s.users, s.movies, static_cast<long long>(s.tags),
              static_cast<long long>(s.bytes), sec);
  return 0;
}

}  // namespace cinerec::cli
