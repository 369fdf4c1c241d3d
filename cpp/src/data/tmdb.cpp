// The TMDb reader (cinerec/tmdb.hpp, docs/data.md): TMDb's /movie/{id}
// responses saved one per file, or The Movies Dataset's CSV files, joined on
// the catalogue's TMDb ids. A response that cannot be used is counted and
// skipped; a field that is missing or malformed is left out of its movie and
// the rest of the response kept.
#include "cinerec/tmdb.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>
#include <unordered_map>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"
#include "data/text.hpp"
#include "data/tmdb_parse.hpp"

namespace cinerec {
namespace tmdb {
namespace {

constexpr size_t kMaxName = 200;     // bytes of a person's name or a keyword
constexpr size_t kMaxNotes = 8;

// Control characters and runs of white space become one space; trimmed.
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// A name from a JSON value: a non-empty string of at most kMaxName bytes, else "".
std::string name_of(const Json& entry, const char* key) {
  if (!entry.is_object()) return std::string();
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_string()) return std::string();
  std::string s = clean(it->get_ref<const std::string&>());
  return s.size() <= kMaxName && text::is_valid_utf8(s) ? s : std::string();
}

void add_distinct(std::vector<std::string>& list, std::string s) {
  if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(std::move(s));
}

}  // namespace

int64_t imdb_number(std::string_view s) {
  s = text::trim(s);
  if (s.size() > 2 && (s[0] == 't' || s[0] == 'T') && (s[1] == 't' || s[1] == 'T')) s.remove_prefix(2);
  int64_t v = 0;
  return !s.empty() && s.size() <= 12 && s.find_first_not_of("0123456789") == std::string_view::npos &&
                 text::parse_int(s, v) && v > 0
             ? v
             : 0;
}

void read_overview(const Json& value, Entry& e, const TmdbOptions& options) {
  if (value.is_null()) return;
  if (!value.is_string() || !text::is_valid_utf8(value.get_ref<const std::string&>())) {
    e.problems.push_back("overview is not text");
    return;
  }
  if (!options.overview) return;
  std::string s = clean(value.get_ref<const std::string&>());
  const size_t max = std::max<size_t>(options.max_overview_bytes, 8);
  if (s.size() > max) {
    // Cut at the last space that leaves room for "…" (3 bytes), else at a
    // character boundary.
    size_t at = s.rfind(' ', max - 3);
    if (at == std::string::npos || at < max / 2) {
      at = max - 3;
      while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
    }
    s.resize(at);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    s += "\xE2\x80\xA6";
    e.overview_cut = true;
  }
  e.overview = std::move(s);
}

// TMDb's cast list: [{name, order, ...}], kept in billing order (`order`;
// entries without one after those with one, in list order).
void read_cast(const Json& list, Entry& e, const TmdbOptions& options) {
  if (!list.is_array()) {
    e.problems.push_back("cast is not a list");
    return;
  }
  std::vector<std::pair<int64_t, size_t>> order;
  for (size_t k = 0; k < list.size(); ++k) {
    const Json& c = list[k];
    int64_t o = INT64_MAX;
    if (c.is_object() && c.contains("order") && c["order"].is_number_integer()) o = c["order"].get<int64_t>();
    order.push_back({o, k});
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  bool bad = false;
  for (const auto& [o, k] : order) {
    if (static_cast<int32_t>(e.cast.size()) >= options.max_cast) break;
    std::string name = name_of(list[k], "name");
    bad = bad || name.empty();
    add_distinct(e.cast, std::move(name));
  }
  if (bad) e.problems.push_back("a cast entry without a usable name");
}

// TMDb's crew list: the entries whose job is "Director", in list order.
void read_crew(const Json& list, Entry& e) {
  if (!list.is_array()) {
    e.problems.push_back("crew is not a list");
    return;
  }
  bool bad = false;
  for (const Json& c : list) {
    if (name_of(c, "job") != "Director") continue;
    std::string name = name_of(c, "name");
    bad = bad || name.empty();
    add_distinct(e.directors, std::move(name));
  }
  if (bad) e.problems.push_back("a director without a usable name");
}

void read_keywords(const Json& list, Entry& e, const TmdbOptions& options) {
  if (!list.is_array()) {
    e.problems.push_back("keywords is not a list");
    return;
  }
  bool bad = false;
  for (const Json& k : list) {
    if (static_cast<int32_t>(e.keywords.size()) >= options.max_keywords) break;
    std::string name = name_of(k, "name");
    bad = bad || name.empty();
    add_distinct(e.keywords, std::move(name));
  }
  if (bad) e.problems.push_back("a keyword without a usable name");
}

// ISO 639-1 (two or three lower-case letters); TMDb's "xx" is "no language".
void read_language(const Json& value, Entry& e) {
  if (value.is_null()) return;
  const std::string s = value.is_string() ? value.get<std::string>() : std::string("?");
  if (s.empty() || s == "xx") return;
  if (s.size() > 3 || s.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) {
    e.problems.push_back("original_language is not a language code");
    return;
  }
  e.language = s;
}

void read_runtime(const Json& value, Entry& e) {
  if (value.is_null()) return;
  const double v = value.is_number() ? value.get<double>() : -1;
  if (!(v >= 0 && v <= 10000)) {
    e.problems.push_back("runtime is not a number of minutes");
    return;
  }
  e.runtime = static_cast<int32_t>(std::lround(v));
}

Entry parse_response(std::string_view text, const TmdbOptions& options) {
  Json j;
  try {
    j = Json::parse(text.begin(), text.end());
  } catch (const Json::exception& x) {
    std::string why = x.what();
    const size_t at = why.find("] ");  // "[json.exception.parse_error.101] parse error at ..."
    throw Skip("not valid JSON", at == std::string::npos ? why : why.substr(at + 2));
  }
  if (!j.is_object()) throw Skip("not a movie object", std::string("a JSON ") + j.type_name() + ", not an object");
  if (j.contains("success") && j["success"].is_boolean() && !j["success"].get<bool>()) {
    const std::string msg = j.contains("status_message") && j["status_message"].is_string()
                                ? j["status_message"].get<std::string>()
                                : std::string("success: false");
    throw Skip("an error response", clean(msg).substr(0, 120));
  }
  if (!j.contains("id") || !j["id"].is_number_integer() || j["id"].get<int64_t>() <= 0)
    throw Skip("not a movie object", "no positive integer 'id'");
  Entry e;
  e.id = j["id"].get<int64_t>();
  if (j.contains("imdb_id") && j["imdb_id"].is_string()) e.imdb_id = imdb_number(j["imdb_id"].get<std::string>());
  auto field = [&](const char* key, auto read) {
    auto it = j.find(key);
    if (it == j.end()) e.problems.push_back(std::string("no ") + key);
    else read(*it);
  };
  field("overview", [&](const Json& v) { read_overview(v, e, options); });
  field("runtime", [&](const Json& v) { read_runtime(v, e); });
  field("original_language", [&](const Json& v) { read_language(v, e); });
  field("credits", [&](const Json& v) {
    if (!v.is_object()) return e.problems.push_back("credits is not an object");
    if (v.contains("cast")) read_cast(v["cast"], e, options);
    else e.problems.push_back("no credits.cast");
    if (v.contains("crew")) read_crew(v["crew"], e);
    else e.problems.push_back("no credits.crew");
  });
  field("keywords", [&](const Json& v) {
    if (!v.is_object() || !v.contains("keywords")) return e.problems.push_back("keywords is not {\"keywords\": [...]}");
    read_keywords(v["keywords"], e, options);
  });
  return e;
}

// ---- Python literals -------------------------------------------------------

namespace {

class PyParser {
 public:
  explicit PyParser(std::string_view s) : s_(s) {}

  Json document() {
    Json v = value(0);
    blanks();
    if (p_ != s_.size()) fail("unexpected text after the value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw Skip("not a Python literal", why + " at offset " + std::to_string(p_));
  }
  void blanks() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  bool eat(char c) {
    blanks();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (s_.substr(p_, w.size()) != w) return false;
    const size_t e = p_ + w.size();
    if (e < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[e])) || s_[e] == '_')) return false;
    p_ = e;
    return true;
  }

  Json value(int depth) {
    if (depth > 64) fail("nested deeper than 64");
    blanks();
    if (p_ >= s_.size()) fail("unexpected end");
    const char c = s_[p_];
    if (c == '[' || c == '(') return sequence(depth, c == '[' ? ']' : ')');
    if (c == '{') return dict(depth);
    if (c == '\'' || c == '"') return string();
    if (word("None")) return Json(nullptr);
    if (word("True")) return Json(true);
    if (word("False")) return Json(false);
    return number();
  }

  Json sequence(int depth, char close) {
    ++p_;
    Json a = Json::array();
    while (!eat(close)) {
      a.push_back(value(depth + 1));
      if (!eat(',')) {
        if (!eat(close)) fail(std::string("expected ',' or '") + close + "'");
        break;
      }
    }
    return a;
  }

  Json dict(int depth) {
    ++p_;
    Json o = Json::object();
    while (!eat('}')) {
      Json k = value(depth + 1);
      if (!eat(':')) fail("expected ':'");
      Json v = value(depth + 1);
      o[k.is_string() ? k.get<std::string>() : k.dump()] = std::move(v);
      if (!eat(',')) {
        if (!eat('}')) fail("expected ',' or '}'");
        break;
      }
    }
    return o;
  }

  void utf8(std::string& out, uint32_t cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t hex(int digits) {
    uint32_t v = 0;
    for (int k = 0; k < digits; ++k, ++p_) {
      if (p_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[p_]))) fail("bad \\x/\\u escape");
      const char c = s_[p_];
      v = v * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  }

  Json string() {
    const char quote = s_[p_++];
    std::string out;
    for (;;) {
      if (p_ >= s_.size()) fail("unterminated string");
      const char c = s_[p_++];
      if (c == quote) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p_ >= s_.size()) fail("unterminated string");
      const char x = s_[p_++];
      switch (x) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += ' '; break;  // NUL has no place in a name
        case 'x': utf8(out, hex(2)); break;
        case 'u': utf8(out, hex(4)); break;
        case 'U': {
          const uint32_t cp = hex(8);
          utf8(out, cp > 0x10FFFF ? 0xFFFD : cp);
          break;
        }
        case '\n': break;  // a line continuation
        default: out += x;  // \\ \' \" and anything else as itself
      }
    }
    if (!text::is_valid_utf8(out)) fail("a string that is not UTF-8");
    return Json(std::move(out));
  }

  Json number() {
    const size_t b = p_;
    if (p_ < s_.size() && (s_[p_] == '-' || s_[p_] == '+')) ++p_;
    while (p_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[p_])) || s_[p_] == '.' ||
                              ((s_[p_] == '-' || s_[p_] == '+') && (s_[p_ - 1] == 'e' || s_[p_ - 1] == 'E'))))
      ++p_;
    const std::string_view t = s_.substr(b, p_ - b);
    int64_t i = 0;
    double d = 0;
    if (text::parse_int(t, i)) return Json(i);
    if (text::parse_double(t, d)) return Json(d);
    p_ = b;
    fail("expected a value");
  }

  std::string_view s_;
  size_t p_ = 0;
};

}  // namespace

Json python_literal(std::string_view text) { return PyParser(text).document(); }

// ---- joining ---------------------------------------------------------------

namespace {

struct Build {
  TmdbReport report;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  void note(const std::string& where, const std::string& what) {
    if (report.notes.size() < kMaxNotes) report.notes.push_back(where + ": " + what);
  }
  void skip(const std::string& where, const Skip& s) {
    ++report.skipped[s.reason];
    note(where, s.reason + (*s.what() ? std::string(" (") + s.what() + ")" : std::string()));
  }
  // Counts what a used entry lacked.
  void used(const std::string& where, const Entry& e) {
    if (!e.problems.empty()) {
      ++report.incomplete;
      std::string all;
      for (const std::string& p : e.problems) all += (all.empty() ? "" : ", ") + p;
      note(where, all + " (the rest kept)");
    }
    if (e.overview_cut) ++report.overviews_cut;
  }
};

// TMDBID.json files, one per distinct TMDb id of the catalogue.
void read_responses(const Catalog& cat, const std::string& folder, const TmdbOptions& options, Build& b,
                    std::vector<const Entry*>& of_movie, std::unordered_map<int64_t, Entry>& entries) {
  std::unordered_map<int64_t, bool> seen;  // id → a usable entry exists
  for (size_t i = 0; i < cat.movies.size(); ++i) {
    const int64_t id = cat.movies[i].tmdb_id;
    if (id <= 0) continue;
    ++b.report.with_id;
    auto known = seen.find(id);
    if (known == seen.end()) {
      const std::string name = std::to_string(id) + ".json";
      const std::string path = folder + "/" + name;
      bool ok = false;
      if (!file_exists(path)) {
        seen[id] = false;
        ++b.report.missing;
        continue;
      }
      try {
        std::error_code ec;
        const uintmax_t size = std::filesystem::file_size(path, ec);
        if (ec) throw Skip("unreadable", ec.message());
        if (size > options.max_response_bytes)
          throw Skip("too large", std::to_string(size) + " bytes, more than " +
                                      std::to_string(options.max_response_bytes));
        std::string text;
        try {
          text = read_file(path);
        } catch (const Error& x) {
          throw Skip("unreadable", x.what());
        }
        ++b.report.parsed;
        b.report.bytes += static_cast<int64_t>(text.size());
        Entry e = parse_response(text, options);
        if (e.id != id) throw Skip("another movie's id", "it holds TMDb movie " + std::to_string(e.id));
        b.used(name, e);
        entries.emplace(id, std::move(e));
        ok = true;
      } catch (const Skip& s) {
        b.skip(name, s);
      }
      known = seen.emplace(id, ok).first;
    }
    if (known->second) of_movie[i] = &entries.at(id);
  }
  if (b.report.with_id > 0 && b.report.missing == b.report.with_id)
    throw Error(ErrorCode::NotFound,
                "tmdb: " + folder + " holds no response for any of the " + std::to_string(b.report.with_id) +
                    " movies with a TMDb id (expected TMDBID.json files as scripts/fetch-tmdb.sh saves them, "
                    "or The Movies Dataset's movies_metadata.csv)");
}

// The columns of a CSV header, by name (-1 when absent).
std::vector<int> columns(const std::vector<std::string_view>& header, std::initializer_list<const char*> names) {
  std::vector<int> at;
  for (const char* n : names) {
    int found = -1;
    for (size_t k = 0; k < header.size() && found < 0; ++k)
      if (text::trim(header[k]) == n) found = static_cast<int>(k);
    at.push_back(found);
  }
  return at;
}

// Reads a CSV file of The Movies Dataset: row(fields, line) for each record
// after the header; the named columns must exist.
template <class Row>
void each_row(const std::string& path, std::initializer_list<const char*> names, Row row) {
  std::string text = read_file(path);
  text::strip_bom(text);
  text::CsvReader r(text, path);
  std::vector<std::string_view> f;
  if (!r.next(f)) r.fail("empty file (expected a header line)");
  const std::vector<int> at = columns(f, names);
  for (size_t k = 0; k < at.size(); ++k)
    if (at[k] < 0) r.fail("the header has no column '" + std::string(names.begin()[k]) + "'");
  const size_t count = f.size();
  while (r.next(f)) row(f, at, f.size() == count, r.line());
}

// The Movies Dataset (Kaggle, from TMDb): movies_metadata.csv, and
// credits.csv / keywords.csv whose list columns are Python literals.
void read_movies_dataset(const Catalog& cat, const std::string& folder, const TmdbOptions& options, Build& b,
                         std::vector<const Entry*>& of_movie, std::unordered_map<int64_t, Entry>& entries) {
  std::set<int64_t> want_tmdb, want_imdb;
  for (const Movie& m : cat.movies) {
    if (m.tmdb_id > 0) want_tmdb.insert(m.tmdb_id);
    else if (m.imdb_id > 0) want_imdb.insert(m.imdb_id);
    b.report.with_id += m.tmdb_id > 0 || m.imdb_id > 0;
  }
  std::unordered_map<int64_t, int64_t> by_imdb;  // imdb number → tmdb id
  const std::string meta = folder + "/movies_metadata.csv";
  const std::string where = "movies_metadata.csv";
  each_row(meta, {"id", "imdb_id", "overview", "runtime", "original_language"},
           [&](const auto& f, const std::vector<int>& at, bool complete, int64_t line) {
             const std::string row = where + ":" + std::to_string(line);
             if (!complete) return b.skip(row, Skip("wrong number of fields", ""));
             int64_t id = 0;
             if (!text::parse_int(f[at[0]], id) || id <= 0)
               return b.skip(row, Skip("not a movie id", "id " + text::quoted(f[at[0]])));
             const int64_t imdb = imdb_number(f[at[1]]);
             if (!want_tmdb.count(id) && !want_imdb.count(imdb)) return;
             if (entries.count(id)) return b.skip(row, Skip("a second row for one movie", "id " + std::to_string(id)));
             ++b.report.parsed;
             for (const auto& x : f) b.report.bytes += static_cast<int64_t>(x.size()) + 1;
             Entry e;
             e.id = id;
             e.imdb_id = imdb;
             read_overview(f[at[2]].empty() ? Json(nullptr) : Json(std::string(f[at[2]])), e, options);
             double runtime = 0;
             if (!text::trim(f[at[3]]).empty())
               read_runtime(text::parse_double(f[at[3]], runtime) ? Json(runtime) : Json("?"), e);
             read_language(Json(std::string(text::trim(f[at[4]]))), e);
             if (imdb > 0) by_imdb.emplace(imdb, id);
             entries.emplace(id, std::move(e));
           });
  // The list columns: only rows of movies wanted, each parsed once.
  std::set<int64_t> credited, keyworded;
  auto lists = [&](const char* file, std::initializer_list<const char*> names, std::set<int64_t>& done,
                   auto read) {
    const std::string path = folder + "/" + file;
    if (!file_exists(path)) {
      b.note(file, "absent (no cast, crew or keywords from it)");
      return;
    }
    each_row(path, names, [&](const auto& f, const std::vector<int>& at, bool complete, int64_t line) {
      int64_t id = 0;
      if (!complete || !text::parse_int(f[at[0]], id)) return;
      auto it = entries.find(id);
      if (it == entries.end() || !done.insert(id).second) return;
      for (const auto& x : f) b.report.bytes += static_cast<int64_t>(x.size()) + 1;
      try {
        read(f, at, it->second);
      } catch (const Skip& s) {
        it->second.problems.push_back(std::string(file) + ":" + std::to_string(line) + " " + s.what());
      }
    });
    for (auto& [id, e] : entries)
      if (!done.count(id)) e.problems.push_back(std::string("no row in ") + file);
  };
  lists("credits.csv", {"id", "cast", "crew"}, credited, [&](const auto& f, const std::vector<int>& at, Entry& e) {
    read_cast(python_literal(f[at[1]]), e, options);
    read_crew(python_literal(f[at[2]]), e);
  });
  lists("keywords.csv", {"id", "keywords"}, keyworded, [&](const auto& f, const std::vector<int>& at, Entry& e) {
    read_keywords(python_literal(f[at[1]]), e, options);
  });
  for (const auto& [id, e] : entries) b.used("movie " + std::to_string(id), e);
  for (size_t i = 0; i < cat.movies.size(); ++i) {
    const Movie& m = cat.movies[i];
    int64_t id = m.tmdb_id;
    if (id <= 0 && m.imdb_id > 0) {
      auto it = by_imdb.find(m.imdb_id);
      id = it == by_imdb.end() ? 0 : it->second;
    }
    auto it = entries.find(id);
    if (it != entries.end()) of_movie[i] = &it->second;
    else if (m.tmdb_id > 0 || m.imdb_id > 0) ++b.report.missing;
  }
}

// Names → sorted tables; per movie, indices.
std::vector<std::string> table(const std::vector<const Entry*>& of_movie,
                               std::vector<std::string> Entry::*a, std::vector<std::string> Entry::*c = nullptr) {
  std::set<std::string> names;
  for (const Entry* e : of_movie)
    if (e) {
      names.insert((e->*a).begin(), (e->*a).end());
      if (c) names.insert((e->*c).begin(), (e->*c).end());
    }
  return std::vector<std::string>(names.begin(), names.end());
}

std::vector<int32_t> indices(const std::vector<std::string>& names, const std::vector<std::string>& sorted) {
  std::vector<int32_t> out;
  for (const std::string& n : names)
    out.push_back(static_cast<int32_t>(std::lower_bound(sorted.begin(), sorted.end(), n) - sorted.begin()));
  return out;
}

}  // namespace
}  // namespace tmdb

TmdbReport add_tmdb(Catalog& cat, const std::string& folder, const TmdbOptions& options) {
  using namespace tmdb;
  if (!is_directory(folder)) throw Error(ErrorCode::NotFound, "tmdb: no folder " + folder);
  if (options.max_cast < 0 || options.max_keywords < 0)
    throw Error(ErrorCode::InvalidArgument, "tmdb: max_cast and max_keywords must be >= 0");
  Build b;
  b.report.movies = cat.size();
  std::vector<const Entry*> of_movie(cat.movies.size(), nullptr);
  std::unordered_map<int64_t, Entry> entries;
  if (file_exists(folder + "/movies_metadata.csv")) {
    b.report.layout = "movies-dataset";
    read_movies_dataset(cat, folder, options, b, of_movie, entries);
  } else {
    b.report.layout = "responses";
    read_responses(cat, folder, options, b, of_movie, entries);
  }

  cat.people = table(of_movie, &Entry::directors, &Entry::cast);
  cat.keyword_names = table(of_movie, &Entry::keywords);
  cat.details.assign(cat.movies.size(), MovieDetails{});
  for (size_t i = 0; i < of_movie.size(); ++i) {
    const Entry* e = of_movie[i];
    if (!e) continue;
    MovieDetails& d = cat.details[i];
    d.overview = e->overview;
    d.directors = indices(e->directors, cat.people);
    d.cast = indices(e->cast, cat.people);
    d.keywords = indices(e->keywords, cat.keyword_names);
    std::sort(d.keywords.begin(), d.keywords.end());
    d.runtime = e->runtime;
    d.language = e->language;
    b.report.enriched += !d.empty();
  }
  if (b.report.enriched == 0) {
    cat.details.clear();
    cat.people.clear();
    cat.keyword_names.clear();
  }
  b.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - b.start).count();
  return b.report;
}

}  // namespace cinerec
