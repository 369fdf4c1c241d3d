// Readers for the official MovieLens layouts (docs/data.md). Each file is read
// whole and parsed in place; raw ids become dense indices here (STYLE.md #3):
// movies in ascending movieId, users in ascending userId.
#include "cinerec/movielens.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <unordered_map>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"
#include "data/rows.hpp"
#include "data/text.hpp"
#include "util/parallel.hpp"

namespace cinerec {
namespace {

using text::CsvReader;
using text::LineReader;
using text::quoted;
using Fields = std::vector<std::string_view>;

// MovieLens order; genres outside it follow, sorted.
const char* const kCanonicalGenres[] = {
    "Action",  "Adventure", "Animation", "Children", "Comedy",  "Crime",    "Documentary",
    "Drama",   "Fantasy",   "Film-Noir", "Horror",   "IMAX",    "Musical",  "Mystery",
    "Romance", "Sci-Fi",    "Thriller",  "War",      "Western"};
constexpr int kMaxGenres = 32;

// ml-100k's u.genre, used when the file is absent.
const char* const kMl100kGenres[] = {
    "unknown", "Action",  "Adventure", "Animation", "Children's", "Comedy",   "Crime",
    "Documentary", "Drama", "Fantasy",  "Film-Noir", "Horror",     "Musical",  "Mystery",
    "Romance", "Sci-Fi",  "Thriller",  "War",       "Western"};

const char* const kRatingScale = "expected 0.5 to 5 in steps of 0.5";

std::string arrange_title(std::string_view s);  // below, with split_title_year

std::string join_path(const std::string& folder, const char* file) {
  if (folder.empty()) return file;
  return folder.back() == '/' ? folder + file : folder + "/" + file;
}

std::string base_name(std::string folder) {
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  size_t slash = folder.rfind('/');
  return slash == std::string::npos ? folder : folder.substr(slash + 1);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <class Reader>
int64_t parse_id(std::string_view f, const Reader& r, const char* what) {
  int64_t v;
  if (!text::parse_int(f, v))
    r.fail(std::string(what) + " " + quoted(text::trim(f)) + " is not an integer (expected a whole number)");
  return v;
}

template <class Reader>
float parse_rating(std::string_view f, const Reader& r, bool& half) {
  double v;
  if (!text::parse_double(f, v))
    r.fail("rating " + quoted(text::trim(f)) + " is not a number (" + kRatingScale + ")");
  double twice = v * 2;
  if (!(v >= 0.5 && v <= 5.0) || twice != std::floor(twice))
    r.fail("rating " + quoted(text::trim(f)) + " is out of the scale (" + kRatingScale + ")");
  if (twice != 2 * std::floor(v)) half = true;
  return static_cast<float>(v);
}

// The column positions of a CSV file, from its header (names matched
// case-insensitively) or, when the first record is data, from defaults.
struct Columns {
  std::vector<int> at;  // per wanted name, -1 when absent
  size_t count = 0;     // fields per record
  std::string names;    // for messages: "userId,movieId,rating,timestamp"
  bool header = false;

  int operator[](size_t k) const { return at[k]; }
};

// wanted: the names in their default order; required: how many of the first
// names must be present.
Columns read_columns(const Fields& first, const CsvReader& r, std::vector<const char*> wanted,
                     size_t required) {
  Columns c;
  c.at.assign(wanted.size(), -1);
  int64_t probe;
  c.header = !first.empty() && !text::parse_int(first[0], probe);
  if (!c.header) {
    if (first.size() < required)
      r.fail("expected at least " + std::to_string(required) + " fields, found " +
             std::to_string(first.size()));
    for (size_t k = 0; k < wanted.size() && k < first.size(); ++k) c.at[k] = static_cast<int>(k);
    c.count = first.size();
    for (size_t k = 0; k < c.count && k < wanted.size(); ++k) c.names += (k ? "," : "") + std::string(wanted[k]);
    return c;
  }
  c.count = first.size();
  for (size_t f = 0; f < first.size(); ++f) {
    c.names += (f ? "," : "") + std::string(text::trim(first[f]));
    for (size_t k = 0; k < wanted.size(); ++k)
      if (c.at[k] < 0 && iequals(text::trim(first[f]), wanted[k])) c.at[k] = static_cast<int>(f);
  }
  for (size_t k = 0; k < required; ++k) {
    if (c.at[k] < 0) {
      std::string expected;
      for (size_t j = 0; j < required; ++j) expected += (j ? "," : "") + std::string(wanted[j]);
      r.fail("the header has no column '" + std::string(wanted[k]) + "' (expected columns " + expected + ")");
    }
  }
  return c;
}

void check_field_count(const Fields& f, const Columns& c, const CsvReader& r) {
  if (f.size() != c.count)
    r.fail("expected " + std::to_string(c.count) + " fields (" + c.names + "), found " +
           std::to_string(f.size()));
}

// Once the first record, in f, gave the columns c: calls row() with every
// data record in f in turn, the first one too when it was not a header.
template <class Row>
void each_record(CsvReader& r, Fields& f, const Columns& c, Row row) {
  bool have = !c.header;
  for (;;) {
    if (!have && !r.next(f)) break;
    have = false;
    check_field_count(f, c, r);
    row();
  }
}

// Genre names as they appear in the files; the canonical order is fixed once
// all movies are read.
class GenreSet {
 public:
  template <class Reader>
  uint64_t bit(std::string_view raw, const Reader& r) {
    std::string_view name = text::trim(raw);
    if (name.empty() || name == "(no genres listed)" || name == "unknown") return 0;
    if (name == "Children's") name = "Children";
    for (size_t k = 0; k < names_.size(); ++k)
      if (names_[k] == name) return uint64_t{1} << k;
    if (names_.size() == 64)
      r.fail("too many distinct genres (a snapshot holds at most " + std::to_string(kMaxGenres) + ")");
    names_.emplace_back(name);
    return uint64_t{1} << (names_.size() - 1);
  }

  // The bits of a '|'-separated list ("Action|Comedy").
  template <class Reader>
  uint64_t bits(std::string_view list, const Reader& r) {
    uint64_t out = 0;
    size_t start = 0;
    for (;;) {
      size_t bar = list.find('|', start);
      out |= bit(list.substr(start, bar == std::string_view::npos ? bar : bar - start), r);
      if (bar == std::string_view::npos) return out;
      start = bar + 1;
    }
  }

  // Fills the catalogue's genre names and returns the map temp bit -> final bit.
  std::vector<int> finish(Catalog& cat, const std::string& path) const {
    std::vector<std::pair<int, std::string>> order;  // (canonical rank or 100, name)
    for (const std::string& n : names_) {
      int rank = 100;
      for (int k = 0; k < static_cast<int>(std::size(kCanonicalGenres)); ++k)
        if (n == kCanonicalGenres[k]) rank = k;
      order.emplace_back(rank, n);
    }
    std::sort(order.begin(), order.end());
    if (order.size() > static_cast<size_t>(kMaxGenres))
      throw Error(ErrorCode::ParseError, path + ": " + std::to_string(order.size()) +
                                             " distinct genres (expected at most " +
                                             std::to_string(kMaxGenres) + ")");
    cat.genre_names.clear();
    for (auto& o : order) cat.genre_names.push_back(o.second);
    std::vector<int> remap(names_.size());
    for (size_t k = 0; k < names_.size(); ++k)
      remap[k] = static_cast<int>(std::find(cat.genre_names.begin(), cat.genre_names.end(), names_[k]) -
                                  cat.genre_names.begin());
    return remap;
  }

 private:
  std::vector<std::string> names_;
};

struct RawMovie {
  int64_t id = 0;
  std::string title;
  int32_t year = 0;
  uint64_t genres = 0;  // temp bits of GenreSet
  int64_t line = 0;
};

// Ratings in the order read, one chunk per piece of a file: no array grows
// by copying, pieces are read in parallel, and a chunk is freed as soon as
// its ratings are in the matrix.
struct RatingChunk {
  std::vector<int64_t> user;  // userId (finish() turns it into the dense index)
  std::vector<int32_t> item;
  std::vector<uint8_t> half;  // the rating in half-stars
  std::vector<int64_t> time;
  bool half_stars = false;    // some rating is not a whole star

  explicit RatingChunk(size_t expected = 0) {
    user.reserve(expected);
    item.reserve(expected);
    half.reserve(expected);
    time.reserve(expected);
  }
  void add(int64_t u, int32_t i, float value, int64_t t) {
    user.push_back(u);
    item.push_back(i);
    half.push_back(static_cast<uint8_t>(value * 2));  // parse_rating allows half-stars only
    time.push_back(t);
  }
};

// Parses [begin, end), whole lines whose first is line `line`, on up to
// `threads` threads: parse(piece_begin, piece_end, its first line, chunk)
// for pieces cut after line breaks. The chunks are appended in file order;
// when pieces fail, the error of the first one in the file is thrown (what a
// sequential read reports). Returns the number of line breaks.
template <class Parse>
int64_t parse_pieces(std::vector<RatingChunk>& chunks, char* begin, char* end, int64_t line, int32_t threads,
                     const Parse& parse) {
  const size_t bytes = static_cast<size_t>(end - begin);
  const int64_t n = threads > 1 ? std::clamp<int64_t>(static_cast<int64_t>(bytes >> 18), 1, 4 * threads) : 1;
  std::vector<char*> cut(n + 1, end);
  cut[0] = begin;
  for (int64_t k = 1; k < n; ++k) {
    char* at = std::max(cut[k - 1], begin + bytes * k / n);
    char* nl = at < end ? static_cast<char*>(std::memchr(at, '\n', static_cast<size_t>(end - at))) : nullptr;
    cut[k] = nl ? nl + 1 : end;
  }
  std::vector<int64_t> first(n + 1, 0);
  parallel_for(0, n, threads, [&](int64_t k) { first[k + 1] = std::count(cut[k], cut[k + 1], '\n'); });
  first[0] = line;
  for (int64_t k = 0; k < n; ++k) first[k + 1] += first[k];
  std::vector<RatingChunk> out(n);
  std::vector<std::exception_ptr> failed(n);
  parallel_for(0, n, threads, [&](int64_t k) {
    try {
      out[k] = RatingChunk(static_cast<size_t>(cut[k + 1] - cut[k]) / 16);
      parse(cut[k], cut[k + 1], first[k], out[k]);
    } catch (...) {
      failed[k] = std::current_exception();
    }
  });
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
  for (RatingChunk& c : out) chunks.push_back(std::move(c));
  return first[n] - line;
}

// The lines of a rating file without quoting (u.data, ratings.dat), a block
// at a time, each block in parallel pieces.
template <class Parse>
void read_rating_lines(std::vector<RatingChunk>& chunks, const std::string& path, int32_t threads, const Parse& parse) {
  LineBlocks in(path, text::rating_block_bytes());
  char *p, *e;
  for (int64_t line = 1; in.next(p, e);) line += parse_pieces(chunks, p, e, line, threads, parse);
}

// Collects a folder's contents and turns them into a Dataset.
struct Builder {
  std::string name;
  std::string movies_path;
  GenreSet genres;
  std::vector<RawMovie> raw_movies;
  std::shared_ptr<Catalog> catalog = std::make_shared<Catalog>();
  const Catalog* lookup = nullptr;  // another dataset's catalogue (load_rating_file)
  std::vector<RatingChunk> chunks;
  int32_t threads = 1;
  // movieId -> item index by position for ids in [item_base, item_base + size)
  std::vector<int32_t> item_table;
  int64_t item_base = 0;
  // tags
  std::string tag_buf;
  std::unordered_map<std::string, int32_t> tag_ids;
  std::vector<std::string> tag_text;
  std::vector<std::pair<int32_t, int32_t>> tag_uses;  // (item, temp tag id)

  void finish_movies() {
    std::stable_sort(raw_movies.begin(), raw_movies.end(),
                     [](const RawMovie& a, const RawMovie& b) { return a.id < b.id; });
    for (size_t k = 1; k < raw_movies.size(); ++k) {
      if (raw_movies[k].id == raw_movies[k - 1].id) {
        const RawMovie& later =
            raw_movies[k].line > raw_movies[k - 1].line ? raw_movies[k] : raw_movies[k - 1];
        const RawMovie& first =
            raw_movies[k].line > raw_movies[k - 1].line ? raw_movies[k - 1] : raw_movies[k];
        text::fail(movies_path, later.line,
                   "duplicate movieId " + std::to_string(later.id) + " (first at line " +
                       std::to_string(first.line) + "; expected each movie once)");
      }
    }
    std::vector<int> remap = genres.finish(*catalog, movies_path);
    catalog->movies.resize(raw_movies.size());
    for (size_t k = 0; k < raw_movies.size(); ++k) {
      RawMovie& r = raw_movies[k];
      Movie& m = catalog->movies[k];
      m.id = r.id;
      m.title = std::move(r.title);
      m.year = r.year;
      for (size_t b = 0; b < remap.size(); ++b)
        if ((r.genres >> b) & 1u) m.genres |= uint32_t{1} << remap[b];
    }
    raw_movies.clear();
    raw_movies.shrink_to_fit();
    catalog->rebuild_index();
  }

  // A table from movieId to item index when the ids are dense enough (as in
  // MovieLens): one load per rating instead of a hash lookup.
  void index_items() {
    const Catalog& c = *(lookup ? lookup : catalog.get());
    item_table.clear();
    if (c.movies.empty()) return;
    int64_t lo = c.movies.front().id, hi = lo;
    for (const Movie& m : c.movies) lo = std::min(lo, m.id), hi = std::max(hi, m.id);
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
    if (span > 4 * c.movies.size() + 4096) return;
    item_base = lo;
    item_table.assign(span, -1);
    for (size_t k = 0; k < c.movies.size(); ++k) item_table[static_cast<size_t>(c.movies[k].id - lo)] = static_cast<int32_t>(k);
  }

  template <class Reader>
  int32_t item(int64_t movie_id, const Reader& r) const {
    const uint64_t at = static_cast<uint64_t>(movie_id) - static_cast<uint64_t>(item_base);
    int32_t i = !item_table.empty() ? (at < item_table.size() ? item_table[at] : -1)
                                    : (lookup ? lookup : catalog.get())->find(movie_id);
    if (i < 0)
      r.fail("unknown movieId " + std::to_string(movie_id) + " (expected an id listed in " +
             base_name(movies_path) + ")");
    return i;
  }

  template <class Reader>
  void add_tag(int32_t item, std::string_view raw, const Reader&) {
    tag_buf.assign(text::trim(raw));
    text::ascii_lower(tag_buf);
    if (tag_buf.empty()) return;
    auto it = tag_ids.find(tag_buf);
    int32_t id;
    if (it == tag_ids.end()) {
      id = static_cast<int32_t>(tag_text.size());
      tag_ids.emplace(tag_buf, id);
      tag_text.push_back(tag_buf);
    } else {
      id = it->second;
    }
    tag_uses.emplace_back(item, id);
  }

  void finish_tags() {
    if (tag_text.empty()) return;
    std::vector<int32_t> order(tag_text.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int32_t>(k);
    std::sort(order.begin(), order.end(),
              [&](int32_t a, int32_t b) { return tag_text[a] < tag_text[b]; });
    std::vector<int32_t> final_id(order.size());
    catalog->tag_names.resize(order.size());
    for (size_t k = 0; k < order.size(); ++k) {
      final_id[order[k]] = static_cast<int32_t>(k);
      catalog->tag_names[k] = std::move(tag_text[order[k]]);
    }
    for (auto& u : tag_uses) u.second = final_id[u.second];
    std::sort(tag_uses.begin(), tag_uses.end());
    catalog->movie_tags.assign(catalog->movies.size(), {});
    for (size_t k = 0; k < tag_uses.size();) {
      size_t e = k;
      while (e < tag_uses.size() && tag_uses[e] == tag_uses[k]) ++e;
      catalog->movie_tags[tag_uses[k].first].push_back({tag_uses[k].second, static_cast<int32_t>(e - k)});
      k = e;
    }
    for (auto& list : catalog->movie_tags)
      std::stable_sort(list.begin(), list.end(),
                       [](const TagCount& a, const TagCount& b) { return a.count > b.count; });
  }

  bool half_stars() const {
    return std::any_of(chunks.begin(), chunks.end(), [](const RatingChunk& c) { return c.half_stars; });
  }

  // The distinct userIds, ascending.
  std::vector<int64_t> user_ids() const {
    std::vector<std::vector<int64_t>> seen(chunks.size());
    parallel_for(0, static_cast<int64_t>(chunks.size()), threads, [&](int64_t k) {
      std::vector<int64_t>& ids = seen[k];
      for (int64_t u : chunks[k].user)  // files list a user's ratings together: skip repeats
        if (ids.empty() || ids.back() != u) ids.push_back(u);
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    });
    std::vector<int64_t> all;
    for (auto& ids : seen) {
      all.insert(all.end(), ids.begin(), ids.end());
      ids = std::vector<int64_t>();
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
  }

  // The rating matrix from the chunks, user ids turned into dense indices by
  // dense(id); each chunk is freed once its ratings are placed.
  template <class Dense>
  RatingMatrix matrix(int32_t n_users, int32_t n_items, const Dense& dense) {
    parallel_for(0, static_cast<int64_t>(chunks.size()), threads, [&](int64_t k) {
      for (int64_t& u : chunks[k].user) u = dense(u);
    });
    bool timed = false;
    for (const RatingChunk& c : chunks) timed = timed || std::any_of(c.time.begin(), c.time.end(), [](int64_t t) { return t != 0; });
    RowFiller rows(n_users, n_items, timed);
    for (const RatingChunk& c : chunks)
      for (int64_t u : c.user) rows.count(static_cast<int32_t>(u));
    rows.start();
    for (RatingChunk& c : chunks) {
      for (size_t x = 0; x < c.user.size(); ++x)
        rows.put(static_cast<int32_t>(c.user[x]), c.item[x], static_cast<float>(c.half[x]) * 0.5f, c.time[x]);
      c = RatingChunk();
    }
    chunks.clear();
    return rows.finish(threads);
  }

  Dataset finish() {
    finish_tags();
    Dataset d;
    d.name = name;
    d.user_ids = user_ids();
    const std::vector<int64_t>& users = d.user_ids;
    d.rating_min = half_stars() ? 0.5f : 1.0f;
    d.rating_max = 5.0f;
    const int32_t n_users = static_cast<int32_t>(users.size());
    // userId -> index by position when the ids are dense enough, else by search.
    const uint64_t span = users.empty() ? 0 : static_cast<uint64_t>(users.back()) - static_cast<uint64_t>(users.front()) + 1;
    if (!users.empty() && span <= 4 * users.size() + 4096) {
      std::vector<int32_t> table(span, 0);
      for (int32_t u = 0; u < n_users; ++u) table[static_cast<size_t>(users[u] - users.front())] = u;
      d.ratings = matrix(n_users, catalog->size(), [&](int64_t id) { return table[static_cast<size_t>(id - users.front())]; });
    } else {
      d.ratings = matrix(n_users, catalog->size(), [&](int64_t id) {
        return static_cast<int64_t>(std::lower_bound(users.begin(), users.end(), id) - users.begin());
      });
    }
    d.catalog = std::move(catalog);
    return d;
  }
};

// ---- CSV layout (ml-latest, ml-latest-small, ml-20m, ml-25m, dslabs export) --

void read_movies_csv(Builder& b, const std::string& path) {
  std::string buf = read_file(path);
  text::strip_bom(buf);
  text::ensure_utf8(buf);
  b.movies_path = path;
  CsvReader r(buf, path);
  Fields f;
  if (!r.next(f)) return;
  // "year" is optional: the dslabs export has the year apart from the title.
  Columns c = read_columns(f, r, {"movieId", "title", "genres", "year"}, 3);
  each_record(r, f, c, [&] {
    RawMovie m;
    m.line = r.line();
    m.id = parse_id(f[c[0]], r, "movieId");
    std::string_view year = c[3] >= 0 ? text::trim(f[c[3]]) : std::string_view();
    if (!year.empty() && year != "NA") {
      int64_t y = parse_id(year, r, "year");
      if (y < 0 || y > 9999) r.fail("year " + quoted(year) + " is out of range (expected 0 to 9999)");
      m.title = arrange_title(text::trim(f[c[1]]));
      m.year = static_cast<int32_t>(y);
    } else {
      split_title_year(std::string(f[c[1]]), m.title, m.year);
    }
    m.genres |= b.genres.bits(f[c[2]], r);
    b.raw_movies.push_back(std::move(m));
  });
  b.finish_movies();
}

// One record of ratings.csv (or a rating file in its form).
template <class Reader>
void add_csv_rating(const Builder& b, const Fields& f, const Columns& c, const Reader& r, RatingChunk& out) {
  check_field_count(f, c, r);
  const int64_t user = parse_id(f[c[0]], r, "userId");
  const int32_t item = b.item(parse_id(f[c[1]], r, "movieId"), r);
  const float value = parse_rating(f[c[2]], r, out.half_stars);
  out.add(user, item, value, c[3] >= 0 ? parse_id(f[c[3]], r, "timestamp") : 0);
}

// ratings.csv, or a rating file in its form, a block of lines at a time
// (next(begin, end) as LineBlocks::next; to_end(begin) as LineBlocks::to_end):
// the header or the first record's field count from the first block, then
// the records in parallel pieces. Once a block holds a '"', a quoted field
// may hold a line break, so the rest of the text is read in one piece.
template <class Next, class ToEnd>
void read_ratings_csv(Builder& b, const std::string& path, Next next, ToEnd to_end) {
  b.index_items();
  Columns c;
  bool have_columns = false, first_block = true;
  int64_t line = 1;
  char *p, *e;
  Fields f;
  while (next(p, e)) {
    if (first_block && e - p >= 3 && p[0] == '\xEF' && p[1] == '\xBB' && p[2] == '\xBF') p += 3;
    first_block = false;
    if (std::memchr(p, '"', static_cast<size_t>(e - p))) {
      char* block = p;  // p moves with the buffer when the rest of the file is read on
      const size_t skip = static_cast<size_t>(p - block);
      e = to_end(block);
      p = block + skip;
      RatingChunk out;
      CsvReader r(p, e, path, line);
      if (!have_columns) {
        if (!r.next(f)) return;
        c = read_columns(f, r, {"userId", "movieId", "rating", "timestamp"}, 3);
        have_columns = true;
        if (!c.header) add_csv_rating(b, f, c, r, out);
      }
      while (r.next(f)) add_csv_rating(b, f, c, r, out);
      b.chunks.push_back(std::move(out));
      return;
    }
    if (!have_columns) {  // the first record is the first line that is not blank
      char* q = p;
      char* eol = e;
      for (; q < e; q = eol + 1, ++line) {
        eol = static_cast<char*>(std::memchr(q, '\n', static_cast<size_t>(e - q)));
        if (!eol) eol = e;
        if (!text::trim(std::string_view(q, static_cast<size_t>(eol - q))).empty()) break;
      }
      if (q >= e) continue;  // only blank lines so far
      CsvReader r(q, eol, path, line);
      r.next(f);
      c = read_columns(f, r, {"userId", "movieId", "rating", "timestamp"}, 3);
      have_columns = true;
      p = q;
      if (c.header) {
        p = eol < e ? eol + 1 : e;
        ++line;
      }
    }
    line += parse_pieces(b.chunks, p, e, line, b.threads, [&](char* lo, char* hi, int64_t at, RatingChunk& out) {
      CsvReader r(lo, hi, path, at);
      Fields g;
      while (r.next(g)) add_csv_rating(b, g, c, r, out);
    });
  }
}

void read_ratings_csv(Builder& b, const std::string& path) {
  LineBlocks in(path, text::rating_block_bytes());
  read_ratings_csv(b, path, [&](char*& p, char*& e) { return in.next(p, e); },
                   [&](char*& p) { return in.to_end(p); });
}

// A rating file already in memory, as one block.
void read_ratings_csv(Builder& b, std::string& buf, const std::string& path) {
  bool given = false;
  read_ratings_csv(
      b, path,
      [&](char*& p, char*& e) {
        if (given || buf.empty()) return false;
        given = true;
        p = &buf[0];
        e = p + buf.size();
        return true;
      },
      [&](char*& p) {
        p = &buf[0];
        return p + buf.size();
      });
}

}  // namespace

std::vector<std::pair<int64_t, float>> parse_person_ratings(std::string buf, const std::string& path) {
  text::strip_bom(buf);
  CsvReader r(buf, path);
  Fields f;
  std::vector<std::pair<int64_t, float>> out;
  if (!r.next(f)) return out;
  Columns c = read_columns(f, r, {"movieId", "rating", "userId"}, 2);
  if (!c.header && c.count != 2)
    r.fail("expected a header naming movieId and rating, or two columns movieId,rating; found " +
           std::to_string(c.count) + " columns");
  bool half = false;
  int64_t user = 0;
  bool have_user = false;
  each_record(r, f, c, [&] {
    if (c[2] >= 0) {
      const int64_t u = parse_id(f[c[2]], r, "userId");
      if (have_user && u != user)
        r.fail("ratings of more than one user (" + std::to_string(user) + " and " + std::to_string(u) +
               "); keep one person's rows");
      user = u;
      have_user = true;
    }
    out.emplace_back(parse_id(f[c[0]], r, "movieId"), parse_rating(f[c[1]], r, half));
  });
  return out;
}

std::vector<std::pair<int64_t, float>> read_person_ratings(const std::string& path) {
  return parse_person_ratings(read_file(path), path);
}

namespace {

void read_tags_csv(Builder& b, const std::string& path) {
  std::string buf = read_file(path);
  text::strip_bom(buf);
  text::ensure_utf8(buf);
  CsvReader r(buf, path);
  Fields f;
  if (!r.next(f)) return;
  Columns c = read_columns(f, r, {"movieId", "tag", "userId", "timestamp"}, 2);
  if (!c.header) r.fail("expected a header line (userId,movieId,tag,timestamp)");
  each_record(r, f, c, [&] { b.add_tag(b.item(parse_id(f[c[0]], r, "movieId"), r), f[c[1]], r); });
}

void read_links_csv(Builder& b, const std::string& path) {
  std::string buf = read_file(path);
  text::strip_bom(buf);
  CsvReader r(buf, path);
  Fields f;
  if (!r.next(f)) return;
  Columns c = read_columns(f, r, {"movieId", "imdbId", "tmdbId"}, 1);
  each_record(r, f, c, [&] {
    Movie& m = b.catalog->movies[b.item(parse_id(f[c[0]], r, "movieId"), r)];
    auto id = [&](int col, const char* what) -> int64_t {
      if (col < 0) return 0;
      std::string_view v = text::trim(f[col]);
      if (v.empty()) return 0;
      int64_t x = parse_id(v, r, what);
      if (x < 0) r.fail(std::string(what) + " " + quoted(v) + " is negative (expected a positive id)");
      return x;
    };
    m.imdb_id = id(c[1], "imdbId");
    m.tmdb_id = id(c[2], "tmdbId");
  });
}

Dataset load_csv(const std::string& folder, int32_t threads) {
  Builder b;
  b.name = base_name(folder);
  b.threads = threads;
  read_movies_csv(b, join_path(folder, "movies.csv"));
  read_ratings_csv(b, join_path(folder, "ratings.csv"));
  if (file_exists(join_path(folder, "tags.csv"))) read_tags_csv(b, join_path(folder, "tags.csv"));
  if (file_exists(join_path(folder, "links.csv"))) read_links_csv(b, join_path(folder, "links.csv"));
  return b.finish();
}

// ---- ml-100k ---------------------------------------------------------------

std::vector<std::string> read_u_genre(const std::string& path) {
  if (!file_exists(path)) return {std::begin(kMl100kGenres), std::end(kMl100kGenres)};
  std::string buf = read_file(path);
  text::ensure_utf8(buf);
  LineReader r(buf, path, "|");
  Fields f;
  std::vector<std::string> names;
  while (r.next(f)) {
    if (f.size() != 2) r.fail("expected 2 fields (name|index), found " + std::to_string(f.size()));
    int64_t k = parse_id(f[1], r, "genre index");
    if (k != static_cast<int64_t>(names.size()))
      r.fail("genre index " + std::to_string(k) + " out of order (expected " +
             std::to_string(names.size()) + ")");
    names.emplace_back(text::trim(f[0]));
  }
  if (names.empty()) text::fail(path, 1, "no genres (expected lines name|index)");
  return names;
}

void read_u_item(Builder& b, const std::string& path, const std::vector<std::string>& genre_names) {
  std::string buf = read_file(path);
  text::ensure_utf8(buf);  // latin-1 in the official files
  b.movies_path = path;
  LineReader r(buf, path, "|");
  Fields f;
  const size_t want = 5 + genre_names.size();
  std::vector<uint64_t> bits;
  for (const std::string& g : genre_names) bits.push_back(b.genres.bit(g, r));
  while (r.next(f)) {
    if (f.size() != want)
      r.fail("expected " + std::to_string(want) +
             " fields separated by | (id|title|release date|video release date|IMDb URL|" +
             std::to_string(genre_names.size()) + " genre flags), found " + std::to_string(f.size()));
    RawMovie m;
    m.line = r.line();
    m.id = parse_id(f[0], r, "movie id");
    split_title_year(std::string(f[1]), m.title, m.year);
    std::string_view date = text::trim(f[2]);  // "01-Jan-1995"
    int64_t y;
    if (m.year == 0 && date.size() >= 4 && text::parse_int(date.substr(date.size() - 4), y))
      m.year = static_cast<int32_t>(y);
    for (size_t g = 0; g < genre_names.size(); ++g) {
      std::string_view flag = text::trim(f[5 + g]);
      if (flag == "1") m.genres |= bits[g];
      else if (flag != "0")
        r.fail("genre flag " + quoted(flag) + " for " + genre_names[g] + " (expected 0 or 1)");
    }
    b.raw_movies.push_back(std::move(m));
  }
  b.finish_movies();
}

void read_whitespace_ratings(Builder& b, const std::string& path) {
  b.index_items();
  read_rating_lines(b.chunks, path, b.threads, [&](const char* lo, const char* hi, int64_t at, RatingChunk& out) {
    LineReader r(lo, hi, path, "", at);
    Fields f;
    while (r.next(f)) {
      if (f.size() != 4 && f.size() != 3)
        r.fail("expected 4 fields separated by tabs (user id, item id, rating, timestamp), found " +
               std::to_string(f.size()));
      const int64_t user = parse_id(f[0], r, "user id");
      const int32_t item = b.item(parse_id(f[1], r, "item id"), r);
      const float value = parse_rating(f[2], r, out.half_stars);
      out.add(user, item, value, f.size() == 4 ? parse_id(f[3], r, "timestamp") : 0);
    }
  });
}

Dataset load_100k(const std::string& folder, int32_t threads) {
  Builder b;
  b.name = base_name(folder);
  b.threads = threads;
  read_u_item(b, join_path(folder, "u.item"), read_u_genre(join_path(folder, "u.genre")));
  read_whitespace_ratings(b, join_path(folder, "u.data"));
  return b.finish();
}

// ---- ml-1m / ml-10m "::" layout --------------------------------------------

// Joins fields [from, to) back with "::" (a title or tag holding "::").
std::string rejoin(const Fields& f, size_t from, size_t to) {
  std::string s;
  for (size_t k = from; k < to; ++k) {
    if (k > from) s += "::";
    s.append(f[k].data(), f[k].size());
  }
  return s;
}

void read_movies_dat(Builder& b, const std::string& path) {
  std::string buf = read_file(path);
  text::ensure_utf8(buf);  // ml-1m is latin-1
  b.movies_path = path;
  LineReader r(buf, path, "::");
  Fields f;
  while (r.next(f)) {
    if (f.size() < 3)
      r.fail("expected 3 fields separated by :: (MovieID::Title::Genres), found " + std::to_string(f.size()));
    RawMovie m;
    m.line = r.line();
    m.id = parse_id(f[0], r, "MovieID");
    split_title_year(rejoin(f, 1, f.size() - 1), m.title, m.year);
    m.genres |= b.genres.bits(f.back(), r);
    b.raw_movies.push_back(std::move(m));
  }
  b.finish_movies();
}

void read_ratings_dat(Builder& b, const std::string& path) {
  b.index_items();
  read_rating_lines(b.chunks, path, b.threads, [&](const char* lo, const char* hi, int64_t at, RatingChunk& out) {
    LineReader r(lo, hi, path, "::", at);
    Fields f;
    while (r.next(f)) {
      if (f.size() != 4)
        r.fail("expected 4 fields separated by :: (UserID::MovieID::Rating::Timestamp), found " +
               std::to_string(f.size()));
      const int64_t user = parse_id(f[0], r, "UserID");
      const int32_t item = b.item(parse_id(f[1], r, "MovieID"), r);
      const float value = parse_rating(f[2], r, out.half_stars);
      out.add(user, item, value, parse_id(f[3], r, "Timestamp"));
    }
  });
}

void read_tags_dat(Builder& b, const std::string& path) {
  std::string buf = read_file(path);
  text::ensure_utf8(buf);
  LineReader r(buf, path, "::");
  Fields f;
  while (r.next(f)) {
    if (f.size() < 4)
      r.fail("expected 4 fields separated by :: (UserID::MovieID::Tag::Timestamp), found " +
             std::to_string(f.size()));
    b.add_tag(b.item(parse_id(f[1], r, "MovieID"), r), rejoin(f, 2, f.size() - 1), r);
  }
}

Dataset load_dat(const std::string& folder, int32_t threads) {
  Builder b;
  b.name = base_name(folder);
  b.threads = threads;
  read_movies_dat(b, join_path(folder, "movies.dat"));
  read_ratings_dat(b, join_path(folder, "ratings.dat"));
  if (file_exists(join_path(folder, "tags.dat"))) read_tags_dat(b, join_path(folder, "tags.dat"));
  return b.finish();
}

// ---- titles ----------------------------------------------------------------

// "(1995)", "(1975-1979)", "(2007-)" at the end of a title: the first year.
bool trailing_year(std::string_view s, size_t& open, int32_t& year) {
  if (s.empty() || s.back() != ')') return false;
  open = s.rfind('(');
  if (open == std::string_view::npos) return false;
  std::string_view in = s.substr(open + 1, s.size() - open - 2);
  if (in.size() < 4) return false;
  for (int k = 0; k < 4; ++k)
    if (in[k] < '0' || in[k] > '9') return false;
  std::string_view rest = in.substr(4);
  if (!rest.empty()) {
    // a range: '-' or an en dash, then nothing or four digits
    if (rest[0] == '-') rest.remove_prefix(1);
    else if (rest.substr(0, 3) == "\xE2\x80\x93") rest.remove_prefix(3);
    else return false;
    if (!rest.empty()) {
      if (rest.size() != 4) return false;
      for (char c : rest)
        if (c < '0' || c > '9') return false;
    }
  }
  year = (in[0] - '0') * 1000 + (in[1] - '0') * 100 + (in[2] - '0') * 10 + (in[3] - '0');
  return true;
}

// "Shawshank Redemption, The" -> "The Shawshank Redemption". Only a known
// article after the last ", " moves, so "Me, Myself and I" stays.
std::string move_article(std::string_view part) {
  static const char* const kArticles[] = {"The", "A",   "An",  "Les", "Le",  "La", "L'",
                                          "Il",  "El",  "Der", "Die", "Das", "Los", "Las",
                                          "Lo",  "Gli", "Un",  "Une", "Una", "Ein", "Eine"};
  size_t c = part.rfind(", ");
  if (c == std::string_view::npos || c == 0) return std::string(part);
  std::string_view art = part.substr(c + 2);
  for (const char* a : kArticles) {
    if (art == a) {
      std::string out(art);
      if (art.back() != '\'') out += ' ';
      out.append(part.data(), c);
      return out;
    }
  }
  return std::string(part);
}

// A title without its year: the article goes in front, in the main title and
// in each trailing " (alternative title)".
std::string arrange_title(std::string_view s) {
  std::vector<std::string_view> alts;
  while (!s.empty() && s.back() == ')') {
    int depth = 0;
    size_t k = s.size();
    size_t open_at = std::string_view::npos;
    while (k-- > 0) {
      if (s[k] == ')') ++depth;
      else if (s[k] == '(' && --depth == 0) {
        open_at = k;
        break;
      }
    }
    if (open_at == std::string_view::npos || open_at == 0 || s[open_at - 1] != ' ') break;
    alts.push_back(s.substr(open_at + 1, s.size() - open_at - 2));
    s = text::trim(s.substr(0, open_at));
  }
  std::string title = move_article(s);
  for (size_t k = alts.size(); k-- > 0;) {
    title += " (";
    title += move_article(text::trim(alts[k]));
    title += ')';
  }
  return title;
}

}  // namespace

// ---- public ----------------------------------------------------------------

std::string latin1_to_utf8(const std::string& s) { return text::latin1_to_utf8(s); }

void split_title_year(const std::string& raw, std::string& title, int32_t& year) {
  std::string_view s = text::trim(raw);
  year = 0;
  size_t open;
  int32_t y;
  if (trailing_year(s, open, y) && (open == 0 || s[open - 1] == ' ' || s[open - 1] == '\t')) {
    year = y;
    s = text::trim(s.substr(0, open));
  }
  title = arrange_title(s);
}

MovieLensLayout detect_layout(const std::string& folder) {
  auto has = [&](const char* f) { return file_exists(join_path(folder, f)); };
  if (has("ratings.csv") && has("movies.csv")) return MovieLensLayout::Csv;
  if (has("u.data") && has("u.item")) return MovieLensLayout::Ml100k;
  if (has("ratings.dat") && has("movies.dat")) return MovieLensLayout::Dat;
  throw Error(ErrorCode::NotFound,
              folder + ": no MovieLens files (expected ratings.csv + movies.csv, u.data + u.item, "
                       "or ratings.dat + movies.dat)");
}

Dataset load_movielens(const std::string& folder, MovieLensLayout layout, int32_t threads) {
  if (layout == MovieLensLayout::Auto) layout = detect_layout(folder);
  switch (layout) {
    case MovieLensLayout::Csv: return load_csv(folder, threads);
    case MovieLensLayout::Ml100k: return load_100k(folder, threads);
    case MovieLensLayout::Dat: return load_dat(folder, threads);
    case MovieLensLayout::Auto: break;
  }
  throw Error(ErrorCode::InvalidArgument, "unknown MovieLens layout");
}

Dataset load_rating_file(const std::string& path, const Dataset& like) {
  if (!like.catalog) throw Error(ErrorCode::InvalidArgument, "load_rating_file: the dataset has no catalogue");
  std::string buf = read_file(path);
  text::strip_bom(buf);

  Builder b;  // only its rating checks and item lookup are used
  b.lookup = like.catalog.get();
  b.movies_path = "the catalogue of " + (like.name.empty() ? std::string("the dataset") : like.name);

  size_t first = buf.find_first_not_of(" \t\r\n");
  size_t eol = buf.find('\n', first == std::string::npos ? 0 : first);
  std::string_view head = first == std::string::npos
                              ? std::string_view()
                              : std::string_view(buf).substr(first, eol == std::string::npos ? eol : eol - first);
  if (head.find("::") != std::string_view::npos) {
    read_ratings_dat(b, path);
  } else if (head.find(',') != std::string_view::npos) {
    read_ratings_csv(b, buf, path);
  } else {
    read_whitespace_ratings(b, path);
  }

  Dataset d;
  d.name = like.name;
  d.catalog = like.catalog;
  d.user_ids = like.user_ids;
  std::unordered_map<int64_t, int32_t> user_index;
  user_index.reserve(d.user_ids.size() * 2);
  for (size_t u = 0; u < d.user_ids.size(); ++u) user_index.emplace(d.user_ids[u], static_cast<int32_t>(u));
  for (int64_t id : b.user_ids()) {  // users new to the dataset follow, ascending
    if (user_index.emplace(id, static_cast<int32_t>(d.user_ids.size())).second) d.user_ids.push_back(id);
  }
  d.rating_min = std::min(like.rating_min, b.half_stars() ? 0.5f : 1.0f);
  d.rating_max = like.rating_max;
  d.ratings = b.matrix(static_cast<int32_t>(d.user_ids.size()), like.catalog->size(),
                       [&](int64_t id) { return user_index.find(id)->second; });
  return d;
}

}  // namespace cinerec
