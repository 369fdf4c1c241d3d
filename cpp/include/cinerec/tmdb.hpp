// TMDb data joined at build time (docs/data.md "Cast, crew and plot from
// TMDb"): `cinerec snapshot --tmdb DIR` adds each movie's overview, directors,
// top-billed cast, keywords, runtime and original language to the catalogue,
// from files on disk — TMDb's own /movie/{id}?append_to_response=credits,keywords
// responses saved by scripts/fetch-tmdb.sh, or the TMDb-derived CSV layout of
// "The Movies Dataset" (movies_metadata.csv, credits.csv, keywords.csv).
// Nothing here touches the network; the browser never talks to TMDb.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"

namespace cinerec {

struct TmdbOptions {
  int32_t max_cast = 6;                     // top-billed cast kept per movie
  int32_t max_keywords = 30;                // keywords kept per movie
  bool overview = true;                     // false: leave the overviews out
  size_t max_overview_bytes = 2000;         // longer ones are cut at a word (counted)
  size_t max_response_bytes = 8u << 20;     // a larger response file is skipped (counted)
};

// What a build did, for its one-paragraph report. A response that cannot be
// used is skipped and counted by reason; nothing in the data stops a build
// except a CSV file that does not parse as CSV.
struct TmdbReport {
  std::string layout;         // "responses" (ID.json files) or "movies-dataset" (CSV)
  int32_t movies = 0;         // in the catalogue
  int32_t with_id = 0;        // with a TMDb id (CSV layout: or an IMDb id)
  int32_t missing = 0;        // of those, no response found
  int32_t enriched = 0;       // that got TMDb data
  int64_t parsed = 0;         // responses (files or CSV rows) parsed
  int64_t bytes = 0;          // bytes of the responses parsed
  double seconds = 0;         // reading and parsing them
  std::map<std::string, int32_t> skipped;  // reason → responses skipped
  int32_t incomplete = 0;     // used, but a field was missing or malformed
  int32_t overviews_cut = 0;  // longer than max_overview_bytes
  std::vector<std::string> notes;  // the first problems, "FILE: reason"
};

// Reads a TMDb folder (the layout is detected: movies_metadata.csv, else
// TMDBID.json files) and fills catalog.people, keyword_names and details,
// joined on each movie's tmdb_id (the CSV layout falls back on imdb_id).
// Replaces any TMDb data the catalogue had. Error(NotFound) when the folder
// does not exist or holds no response for any movie; Error(ParseError) for a
// CSV file that does not parse.
TmdbReport add_tmdb(Catalog& catalog, const std::string& folder, const TmdbOptions& options = {});

}  // namespace cinerec
