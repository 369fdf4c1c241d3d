// The pieces of the TMDb reader (cinerec/tmdb.hpp) that tests reach directly:
// one /movie/{id} response, and the Python literals of "The Movies Dataset".
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cinerec/tmdb.hpp"

namespace cinerec::tmdb {

using Json = nlohmann::json;

// One movie as TMDb describes it, names not yet interned.
struct Entry {
  int64_t id = 0;
  int64_t imdb_id = 0;
  std::string overview;
  bool overview_cut = false;
  std::vector<std::string> directors;  // credit order, distinct
  std::vector<std::string> cast;       // by billing order, distinct, at most max_cast
  std::vector<std::string> keywords;   // distinct, at most max_keywords
  int32_t runtime = 0;
  std::string language;
  std::vector<std::string> problems;   // "no credits", ... (the rest was kept)
};

// Why a response cannot be used: `reason` is the counted category ("not valid
// JSON", "another movie's id", ...), what() the detail.
struct Skip : std::runtime_error {
  Skip(std::string reason, const std::string& detail) : std::runtime_error(detail), reason(std::move(reason)) {}
  std::string reason;
};

// A /movie/{id}?append_to_response=credits,keywords response. Throws Skip.
Entry parse_response(std::string_view text, const TmdbOptions& options);

// The fields of a response or of a Movies Dataset row, into an entry.
void read_overview(const Json& value, Entry& e, const TmdbOptions& options);
void read_cast(const Json& list, Entry& e, const TmdbOptions& options);
void read_crew(const Json& list, Entry& e);
void read_keywords(const Json& list, Entry& e, const TmdbOptions& options);
void read_language(const Json& value, Entry& e);
void read_runtime(const Json& value, Entry& e);
// "tt0113277" → 113277; 0 when it is not one.
int64_t imdb_number(std::string_view s);

// A Python literal as Python's repr() writes it (lists, dicts, tuples,
// 'single' or "double" quoted strings with backslash escapes, numbers, None,
// True, False) as JSON. Throws Skip("not a Python literal", ...) naming the
// offset; nesting deeper than 64 is refused.
Json python_literal(std::string_view text);

}  // namespace cinerec::tmdb
