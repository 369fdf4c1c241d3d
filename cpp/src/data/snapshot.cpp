// The compact snapshot, as specified in docs/snapshot-format.md. Every count
// read from the file is checked against the bytes that remain before anything
// is allocated, so a corrupt or hostile file ends in Error(SnapshotCorrupt).
#include "cinerec/snapshot.hpp"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "cinerec/error.hpp"
#include "data/crc32.hpp"
#include "models/model_io.hpp"
#include "util/bytes.hpp"

namespace cinerec {
namespace {

using Json = nlohmann::json;

constexpr uint8_t kMagic[8] = {'C', 'I', 'N', 'E', 'R', 'E', 'C', 0};
constexpr size_t kHeaderBytes = 24;  // magic, version, section count, file size
constexpr size_t kEntryBytes = 24;   // tag, offset, length, crc
constexpr uint32_t kMaxSections = 64;

constexpr uint32_t make_tag(const char (&s)[5]) {
  return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
         uint32_t(uint8_t(s[3])) << 24;
}
constexpr uint32_t kMeta = make_tag("META");
constexpr uint32_t kMovies = make_tag("MOVI");
constexpr uint32_t kTags = make_tag("TAGS");
constexpr uint32_t kLinks = make_tag("LINK");
constexpr uint32_t kRatings = make_tag("RATE");
constexpr uint32_t kTimes = make_tag("TIME");
constexpr uint32_t kTmdb = make_tag("TMDB");
constexpr uint32_t kStats = make_tag("STAT");
constexpr uint32_t kModel = make_tag("MODL");

std::string tag_text(uint32_t tag) {
  std::string s(4, '?');
  for (int k = 0; k < 4; ++k) {
    char c = static_cast<char>((tag >> (8 * k)) & 0xFFu);
    if (c >= 0x20 && c < 0x7F) s[k] = c;
  }
  return s;
}

// "RATE (ratings)" for messages.
std::string section_label(uint32_t tag) {
  const char* what = nullptr;
  switch (tag) {
    case kMeta: what = "metadata"; break;
    case kMovies: what = "movies"; break;
    case kTags: what = "tags"; break;
    case kLinks: what = "links"; break;
    case kRatings: what = "ratings"; break;
    case kTimes: what = "timestamps"; break;
    case kTmdb: what = "TMDb details"; break;
    case kStats: what = "movie statistics"; break;
    case kModel: what = "model"; break;
    default: break;
  }
  return what ? tag_text(tag) + " (" + what + ")" : tag_text(tag);
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

[[noreturn]] void corrupt(const std::string& why) {
  throw Error(ErrorCode::SnapshotCorrupt, "snapshot: " + why);
}

// ---- varints ---------------------------------------------------------------

void put_uvarint(ByteWriter& w, uint64_t v) {
  while (v >= 0x80) {
    w.u8(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  w.u8(static_cast<uint8_t>(v));
}

void put_svarint(ByteWriter& w, int64_t v) {
  put_uvarint(w, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

uint64_t get_uvarint(ByteReader& r) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t b = r.u8();
    if (shift == 63 && b > 1) r.fail("varint does not fit in 64 bits");
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
  r.fail("varint longer than 10 bytes");
}

int64_t get_svarint(ByteReader& r) {
  uint64_t z = get_uvarint(r);
  return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
}

// A count of elements that take at least `min_bytes` each in what remains.
uint64_t get_count(ByteReader& r, size_t min_bytes, uint64_t max, const char* what) {
  uint64_t n = get_uvarint(r);
  if (n > max || n > r.remaining() / min_bytes)
    r.fail(std::string(what) + " count " + std::to_string(n) + " cannot fit in the " +
           std::to_string(r.remaining()) + " bytes left");
  return n;
}

void put_strings(ByteWriter& w, const std::vector<std::string>& s) {
  for (const std::string& x : s) put_uvarint(w, x.size());
  for (const std::string& x : s) w.raw(x.data(), x.size());
}

std::vector<std::string> get_strings(ByteReader& r, uint64_t n, const char* what) {
  std::vector<uint64_t> len(n);
  uint64_t total = 0;
  for (uint64_t k = 0; k < n; ++k) {
    len[k] = get_uvarint(r);
    if (len[k] > r.remaining() || total + len[k] > r.remaining())
      r.fail(std::string(what) + " string lengths run past the end of the section");
    total += len[k];
  }
  const char* p = reinterpret_cast<const char*>(r.take(total));
  std::vector<std::string> out(n);
  for (uint64_t k = 0; k < n; ++k) {
    out[k].assign(p, len[k]);
    p += len[k];
  }
  return out;
}

void expect_end(ByteReader& r) {
  if (!r.done()) r.fail(std::to_string(r.remaining()) + " unexpected bytes at the end of the section");
}

// ---- the header ------------------------------------------------------------

struct Section {
  uint32_t tag = 0;
  uint64_t offset = 0;
  uint64_t length = 0;
  uint32_t crc = 0;
};

// Checks magic, version, table, header CRC, file size and section bounds.
std::vector<Section> read_table(const uint8_t* bytes, size_t size) {
  if (size == 0) corrupt("empty file (expected a cinerec snapshot)");
  if (size < sizeof kMagic) {
    if (size > 0 && std::equal(bytes, bytes + size, kMagic))
      corrupt("truncated: " + std::to_string(size) + " bytes, shorter than the header");
    corrupt("not a cinerec snapshot (bad magic)");
  }
  if (!std::equal(kMagic, kMagic + sizeof kMagic, bytes)) corrupt("not a cinerec snapshot (bad magic)");
  ByteReader r(bytes, size, ErrorCode::SnapshotCorrupt, "snapshot header");
  r.seek(sizeof kMagic);
  if (r.remaining() < 4) corrupt("truncated: " + std::to_string(size) + " bytes, shorter than the header");
  uint32_t version = r.u32();
  if (version != kSnapshotVersion)
    throw Error(ErrorCode::SnapshotVersion,
                "snapshot format version " + std::to_string(version) + ", this build reads " +
                    std::to_string(kSnapshotVersion) +
                    (version > kSnapshotVersion ? " (the file is newer: update cinerec)"
                                                : " (rebuild the snapshot with cinerec snapshot)"));
  if (size < kHeaderBytes) corrupt("truncated: " + std::to_string(size) + " bytes, shorter than the header");
  uint32_t count = r.u32();
  uint64_t file_size = r.u64();
  if (count == 0 || count > kMaxSections)
    corrupt("section count " + std::to_string(count) + " out of range (expected 1 to " +
            std::to_string(kMaxSections) + ")");
  const size_t table_end = kHeaderBytes + kEntryBytes * count;
  const size_t data_start = table_end + 4;
  if (size < data_start)
    corrupt("truncated: the file has " + std::to_string(size) + " bytes, its header and section table need " +
            std::to_string(data_start));
  std::vector<Section> sections(count);
  for (Section& s : sections) {
    s.tag = r.u32();
    s.offset = r.u64();
    s.length = r.u64();
    s.crc = r.u32();
  }
  uint32_t stored = r.u32();
  uint32_t computed = crc32(bytes, table_end);
  if (checksums_verified() && stored != computed)
    corrupt("header checksum mismatch (stored " + hex32(stored) + ", computed " + hex32(computed) + ")");
  if (file_size != size) {
    if (size < file_size)
      corrupt("truncated: the file has " + std::to_string(size) + " bytes, its header says " +
              std::to_string(file_size));
    corrupt(std::to_string(size - file_size) + " unexpected bytes after the end (the header says " +
            std::to_string(file_size) + " bytes)");
  }
  for (size_t k = 0; k < sections.size(); ++k) {
    const Section& s = sections[k];
    if (s.offset < data_start || s.offset > size || s.length > size - s.offset)
      corrupt("section " + section_label(s.tag) + " runs past the end of the file (offset " +
              std::to_string(s.offset) + ", length " + std::to_string(s.length) + ", file size " +
              std::to_string(size) + ")");
    for (size_t j = 0; j < k; ++j)
      if (sections[j].tag == s.tag) corrupt("section " + section_label(s.tag) + " appears twice");
  }
  for (uint32_t need : {kMeta, kMovies, kRatings})
    if (std::none_of(sections.begin(), sections.end(), [&](const Section& s) { return s.tag == need; }))
      corrupt("no " + section_label(need) + " section");
  return sections;
}

void check_crc(const uint8_t* bytes, const Section& s) {
  uint32_t computed = crc32(bytes + s.offset, s.length);
  if (checksums_verified() && computed != s.crc)
    corrupt("section " + section_label(s.tag) + ": checksum mismatch (stored " + hex32(s.crc) +
            ", computed " + hex32(computed) + ")");
}

const Section* find(const std::vector<Section>& sections, uint32_t tag) {
  for (const Section& s : sections)
    if (s.tag == tag) return &s;
  return nullptr;
}

ByteReader section_reader(const uint8_t* bytes, const Section& s) {
  return ByteReader(bytes + s.offset, s.length, ErrorCode::SnapshotCorrupt,
                    "snapshot section " + section_label(s.tag));
}

// ---- META ------------------------------------------------------------------

struct Meta {
  std::string name, source;
  uint64_t n_movies = 0, n_users = 0, n_ratings = 0, n_tags = 0;
  double rating_min = 0.5, rating_max = 5;
  std::vector<std::string> genres;
};

Meta read_meta(const uint8_t* bytes, const Section& s) {
  ByteReader r = section_reader(bytes, s);
  const char* p = reinterpret_cast<const char*>(r.take(s.length));
  Json j;
  try {
    j = Json::parse(p, p + s.length);
  } catch (const Json::exception&) {
    r.fail("not valid JSON");
  }
  if (!j.is_object()) r.fail("not a JSON object");
  Meta m;
  auto count = [&](const char* key, uint64_t max) -> uint64_t {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned() || it->get<uint64_t>() > max)
      r.fail(std::string("field '") + key + "' missing or not a count");
    return it->get<uint64_t>();
  };
  auto string = [&](const char* key) -> std::string {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) r.fail(std::string("field '") + key + "' missing or not a string");
    return it->get<std::string>();
  };
  auto number = [&](const char* key) -> double {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number()) r.fail(std::string("field '") + key + "' missing or not a number");
    return it->get<double>();
  };
  m.name = string("name");
  m.source = string("source");
  const uint64_t kInt32 = static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
  m.n_movies = count("n_movies", kInt32);
  m.n_users = count("n_users", kInt32);
  m.n_ratings = count("n_ratings", std::numeric_limits<int64_t>::max());
  m.n_tags = j.contains("n_tags") ? count("n_tags", kInt32) : 0;
  m.rating_min = number("rating_min");
  m.rating_max = number("rating_max");
  if (!(m.rating_min >= 0 && m.rating_min <= m.rating_max && m.rating_max <= 127.5))
    r.fail("rating scale " + std::to_string(m.rating_min) + " to " + std::to_string(m.rating_max) +
           " is not usable (expected 0 <= min <= max <= 127.5)");
  auto g = j.find("genres");
  if (g == j.end() || !g->is_array() || g->size() > 32) r.fail("field 'genres' missing or longer than 32");
  for (const Json& x : *g) {
    if (!x.is_string()) r.fail("field 'genres' holds a non-string");
    m.genres.push_back(x.get<std::string>());
  }
  return m;
}

// ---- the other sections ----------------------------------------------------

void read_movies(const uint8_t* bytes, const Section& s, const Meta& meta, Catalog& cat) {
  ByteReader r = section_reader(bytes, s);
  // a movie takes at least 1 (id) + 1 (title length) + 1 (year) + 4 (genres) bytes
  uint64_t n = get_count(r, 7, std::numeric_limits<int32_t>::max(), "movie");
  if (n != meta.n_movies)
    r.fail(std::to_string(n) + " movies, META says " + std::to_string(meta.n_movies));
  cat.movies.resize(n);
  uint64_t id = 0;
  for (Movie& m : cat.movies) {
    id += static_cast<uint64_t>(get_svarint(r));
    m.id = static_cast<int64_t>(id);
  }
  std::vector<std::string> titles = get_strings(r, n, "title");
  for (uint64_t k = 0; k < n; ++k) cat.movies[k].title = std::move(titles[k]);
  for (Movie& m : cat.movies) {
    int64_t y = get_svarint(r);
    if (y < std::numeric_limits<int32_t>::min() || y > std::numeric_limits<int32_t>::max())
      r.fail("year " + std::to_string(y) + " out of range");
    m.year = static_cast<int32_t>(y);
  }
  const uint32_t allowed = cat.genre_names.size() >= 32 ? ~0u : (1u << cat.genre_names.size()) - 1;
  for (Movie& m : cat.movies) {
    m.genres = r.u32();
    if (m.genres & ~allowed)
      r.fail("movie " + std::to_string(m.id) + " has a genre bit beyond the " +
             std::to_string(cat.genre_names.size()) + " genres");
  }
  expect_end(r);
  cat.rebuild_index();
  if (cat.index_of.size() != cat.movies.size()) {
    std::vector<int64_t> ids;
    for (const Movie& m : cat.movies) ids.push_back(m.id);
    std::sort(ids.begin(), ids.end());
    int64_t dup = *std::adjacent_find(ids.begin(), ids.end());
    r.fail("movie id " + std::to_string(dup) + " appears twice");
  }
}

void read_tags(const uint8_t* bytes, const Section& s, const Meta& meta, Catalog& cat) {
  ByteReader r = section_reader(bytes, s);
  uint64_t t = get_count(r, 1, std::numeric_limits<int32_t>::max(), "tag name");
  if (t != meta.n_tags) r.fail(std::to_string(t) + " tag names, META says " + std::to_string(meta.n_tags));
  cat.tag_names = get_strings(r, t, "tag name");
  if (cat.movies.size() > r.remaining()) r.fail("fewer bytes than movies");
  cat.movie_tags.assign(cat.movies.size(), {});
  for (auto& list : cat.movie_tags) {
    uint64_t k = get_count(r, 2, std::numeric_limits<int32_t>::max(), "tag");
    list.resize(k);
    for (TagCount& tc : list) {
      uint64_t tag = get_uvarint(r);
      uint64_t count = get_uvarint(r);
      if (tag >= t) r.fail("tag index " + std::to_string(tag) + " beyond the " + std::to_string(t) + " names");
      if (count < 1 || count > static_cast<uint64_t>(std::numeric_limits<int32_t>::max()))
        r.fail("tag count " + std::to_string(count) + " out of range");
      tc.tag = static_cast<int32_t>(tag);
      tc.count = static_cast<int32_t>(count);
    }
  }
  expect_end(r);
}

void read_links(const uint8_t* bytes, const Section& s, Catalog& cat) {
  ByteReader r = section_reader(bytes, s);
  const uint64_t max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (Movie& m : cat.movies) {
    uint64_t imdb = get_uvarint(r), tmdb = get_uvarint(r);
    if (imdb > max || tmdb > max) r.fail("link id out of range");
    m.imdb_id = static_cast<int64_t>(imdb);
    m.tmdb_id = static_cast<int64_t>(tmdb);
  }
  expect_end(r);
}

void read_tmdb(const uint8_t* bytes, const Section& s, Catalog& cat) {
  ByteReader r = section_reader(bytes, s);
  const uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
  const uint64_t people = get_count(r, 1, kMax, "person");
  cat.people = get_strings(r, people, "person name");
  const uint64_t keywords = get_count(r, 1, kMax, "keyword");
  cat.keyword_names = get_strings(r, keywords, "keyword");
  const uint64_t n_languages = get_count(r, 1, kMax, "language");
  const std::vector<std::string> languages = get_strings(r, n_languages, "language");
  // a movie takes at least 6 bytes: runtime, language, three list lengths, overview length
  if (cat.movies.size() > r.remaining() / 6) r.fail("fewer bytes than the movies need");
  cat.details.assign(cat.movies.size(), MovieDetails{});
  for (MovieDetails& d : cat.details) {
    const uint64_t minutes = get_uvarint(r);
    if (minutes > kMax) r.fail("runtime " + std::to_string(minutes) + " out of range");
    d.runtime = static_cast<int32_t>(minutes);
  }
  for (MovieDetails& d : cat.details) {
    const uint64_t l = get_uvarint(r);
    if (l > n_languages) r.fail("language index " + std::to_string(l) + " beyond the " + std::to_string(n_languages) + " codes");
    if (l) d.language = languages[l - 1];
  }
  auto lists = [&](std::vector<int32_t> MovieDetails::*list, uint64_t limit, const char* what) {
    for (MovieDetails& d : cat.details) {
      (d.*list).resize(get_count(r, 1, kMax, what));
      for (int32_t& x : d.*list) {
        const uint64_t v = get_uvarint(r);
        if (v >= limit) r.fail(std::string(what) + " index " + std::to_string(v) + " beyond the " + std::to_string(limit) + " names");
        x = static_cast<int32_t>(v);
      }
    }
  };
  lists(&MovieDetails::directors, people, "director");
  lists(&MovieDetails::cast, people, "cast");
  lists(&MovieDetails::keywords, keywords, "keyword");
  std::vector<std::string> overviews = get_strings(r, cat.movies.size(), "overview");
  for (size_t i = 0; i < overviews.size(); ++i) cat.details[i].overview = std::move(overviews[i]);
  expect_end(r);
}

struct RatingRows {
  std::vector<int64_t> user_ids;
  std::vector<int64_t> ptr;
  std::vector<int32_t> item;
  std::vector<float> value;
  std::vector<int64_t> time;
};

RatingRows read_ratings(const uint8_t* bytes, const Section& s, const Meta& meta, int32_t n_items) {
  ByteReader r = section_reader(bytes, s);
  // a user takes at least 2 bytes (id, row length), a rating 2 (item code, half-stars)
  uint64_t n_users = get_count(r, 2, std::numeric_limits<int32_t>::max(), "user");
  uint64_t nnz = get_count(r, 2, std::numeric_limits<int64_t>::max(), "rating");
  if (n_users != meta.n_users) r.fail(std::to_string(n_users) + " users, META says " + std::to_string(meta.n_users));
  if (nnz != meta.n_ratings) r.fail(std::to_string(nnz) + " ratings, META says " + std::to_string(meta.n_ratings));
  if (2 * n_users + 2 * nnz > r.remaining()) r.fail("users and ratings cannot fit in the section");
  RatingRows out;
  out.user_ids.resize(n_users);
  uint64_t id = 0;
  for (int64_t& u : out.user_ids) {
    id += static_cast<uint64_t>(get_svarint(r));
    u = static_cast<int64_t>(id);
  }
  {
    std::vector<int64_t> sorted = out.user_ids;
    std::sort(sorted.begin(), sorted.end());
    auto dup = std::adjacent_find(sorted.begin(), sorted.end());
    if (dup != sorted.end()) r.fail("user id " + std::to_string(*dup) + " appears twice");
  }
  out.ptr.resize(n_users + 1);
  out.ptr[0] = 0;
  for (uint64_t u = 0; u < n_users; ++u) {
    uint64_t len = get_uvarint(r);
    uint64_t total = static_cast<uint64_t>(out.ptr[u]);
    if (len > nnz - total) r.fail("row lengths add up to more than the " + std::to_string(nnz) + " ratings");
    out.ptr[u + 1] = static_cast<int64_t>(total + len);
  }
  if (static_cast<uint64_t>(out.ptr[n_users]) != nnz)
    r.fail("row lengths add up to " + std::to_string(out.ptr[n_users]) + ", not " + std::to_string(nnz));
  out.item.resize(nnz);
  for (uint64_t u = 0; u < n_users; ++u) {
    uint64_t item = 0;
    for (int64_t k = out.ptr[u]; k < out.ptr[u + 1]; ++k) {
      uint64_t code = get_uvarint(r);
      if (k > out.ptr[u] && code == 0) r.fail("items of user " + std::to_string(out.user_ids[u]) + " not ascending");
      if (code >= static_cast<uint64_t>(n_items) - item)  // item < n_items here, no overflow
        r.fail("item index beyond the " + std::to_string(n_items) + " movies");
      item += code;
      out.item[k] = static_cast<int32_t>(item);
    }
  }
  const uint8_t* half = r.take(nnz);
  const int lo = std::max(1, static_cast<int>(std::lround(meta.rating_min * 2)));
  const int hi = static_cast<int>(std::lround(meta.rating_max * 2));
  out.value.resize(nnz);
  for (size_t x = 0; x < nnz; ++x) {
    if (half[x] < lo || half[x] > hi)
      r.fail("rating byte " + std::to_string(half[x]) + " outside the scale " + std::to_string(lo) + ".." +
             std::to_string(hi) + " half-stars");
    out.value[x] = static_cast<float>(half[x]) * 0.5f;
  }
  expect_end(r);
  return out;
}

void read_times(const uint8_t* bytes, const Section& s, RatingRows& rows) {
  ByteReader r = section_reader(bytes, s);
  if (rows.item.size() > r.remaining()) r.fail("fewer bytes than ratings");
  rows.time.resize(rows.item.size());
  uint64_t t = 0;
  for (int64_t& x : rows.time) {
    t += static_cast<uint64_t>(get_svarint(r));
    x = static_cast<int64_t>(t);
  }
  expect_end(r);
}

// STAT: what a catalogue keeps of the ratings it left out.
RatingSummary read_stats(const uint8_t* bytes, const Section& s, const Meta& meta, int32_t n_items) {
  ByteReader r = section_reader(bytes, s);
  RatingSummary out;
  const uint64_t users = get_uvarint(r), ratings = get_uvarint(r);
  if (users > static_cast<uint64_t>(std::numeric_limits<int32_t>::max()) ||
      ratings > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    r.fail("user or rating count out of range");
  out.n_users = static_cast<int32_t>(users);
  out.n_ratings = static_cast<int64_t>(ratings);
  out.global_mean = r.f64();
  if (static_cast<uint64_t>(n_items) > r.remaining() / 5) r.fail("fewer bytes than movies");
  out.counts.resize(n_items);
  uint64_t total = 0;
  for (int32_t& c : out.counts) {
    const uint64_t v = get_uvarint(r);
    if (v > users || v > ratings - total) r.fail("a movie's rating count exceeds the users or the ratings");
    total += v;
    c = static_cast<int32_t>(v);
  }
  if (total != ratings) r.fail("movie rating counts add up to " + std::to_string(total) + ", not " + std::to_string(ratings));
  out.means.resize(n_items);
  for (int32_t i = 0; i < n_items; ++i) {
    const float m = r.f32();
    const bool rated = out.counts[i] > 0;
    if (rated != std::isfinite(m) || (rated && (m < meta.rating_min || m > meta.rating_max)))
      r.fail("mean rating of movie " + std::to_string(i) + " is " + std::to_string(m) + " for " +
             std::to_string(out.counts[i]) + " ratings (expected NaN for none, else within the scale)");
    out.means[i] = m;
  }
  if (ratings > 0 && !(out.global_mean >= meta.rating_min && out.global_mean <= meta.rating_max))
    r.fail("global mean outside the rating scale");
  expect_end(r);
  return out;
}

uint16_t to_half(float x) { return Eigen::numext::bit_cast<uint16_t>(Eigen::half(x)); }
float from_half(uint16_t h) { return static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(h)); }

// MODL: the saved model, its item-factor block restored to f32.
std::vector<uint8_t> read_model(const uint8_t* bytes, const Section& s, int32_t n_items, std::string* encoding_name) {
  ByteReader r = section_reader(bytes, s);
  const uint8_t e = r.u8();
  if (e > static_cast<uint8_t>(FactorEncoding::I8Column)) r.fail("unknown factor encoding " + std::to_string(e));
  const auto encoding = static_cast<FactorEncoding>(e);
  if (encoding_name) *encoding_name = factor_encoding_name(encoding);
  const uint64_t m = get_count(r, 1, std::numeric_limits<uint32_t>::max(), "model byte");
  const uint8_t* model = r.take(m);
  if (encoding == FactorEncoding::F32) {
    expect_end(r);
    return std::vector<uint8_t>(model, model + m);
  }
  const uint64_t at = get_uvarint(r), n = get_uvarint(r), k = get_uvarint(r);
  if (at > m) r.fail("the item factors go back at byte " + std::to_string(at) + " of a " + std::to_string(m) + "-byte model");
  if (n != static_cast<uint64_t>(n_items))
    r.fail("item factors for " + std::to_string(n) + " movies, the catalogue has " + std::to_string(n_items));
  if (k == 0 || k > 65536) r.fail("factor count " + std::to_string(k) + " out of range (1..65536)");
  const uint64_t cells = n * k;
  const uint64_t scales = encoding == FactorEncoding::I8Row ? n : encoding == FactorEncoding::I8Column ? k : 0;
  const uint64_t need = (encoding == FactorEncoding::F16 ? 2 * cells : cells) + 4 * scales;
  if (need != r.remaining())
    r.fail(std::to_string(r.remaining()) + " bytes of item factors, expected " + std::to_string(need));
  std::vector<float> q(cells);
  if (encoding == FactorEncoding::F16) {
    for (float& x : q) x = from_half(r.u16());
  } else {
    std::vector<float> scale(scales);
    for (float& x : scale)
      if (!(std::isfinite(x = r.f32()) && x >= 0)) r.fail("a factor scale is negative or not finite");
    const auto* v = reinterpret_cast<const int8_t*>(r.take(cells));
    for (uint64_t c = 0; c < cells; ++c)
      q[c] = static_cast<float>(v[c]) * scale[encoding == FactorEncoding::I8Row ? c / k : c % k];
  }
  std::vector<uint8_t> out;
  out.reserve(m + 4 * cells);
  out.insert(out.end(), model, model + at);
  const auto* f = reinterpret_cast<const uint8_t*>(q.data());
  out.insert(out.end(), f, f + 4 * cells);
  out.insert(out.end(), model + at, model + m);
  // Not resealed: the writer sealed the model over these restored factors
  // (older writers sealed it over the unquantised ones;
  // the Session does not check that CRC again, the section's CRC covered
  // every byte: Dataset::model_checked).
  return out;
}

// ---- writing ---------------------------------------------------------------

[[noreturn]] void invalid(const std::string& why) {
  throw Error(ErrorCode::InvalidArgument, "write_snapshot: " + why);
}

}  // namespace

std::vector<uint8_t> write_snapshot(const Dataset& d, const SnapshotWriteOptions& options) {
  if (!d.catalog) invalid("the dataset has no catalogue");
  const Catalog& cat = *d.catalog;
  const RatingMatrix& m = d.ratings;
  const size_t n = cat.movies.size();
  if (m.n_items != static_cast<int32_t>(n))
    invalid("the ratings have " + std::to_string(m.n_items) + " items, the catalogue " + std::to_string(n) + " movies");
  if (d.user_ids.size() != static_cast<size_t>(m.n_users))
    invalid(std::to_string(d.user_ids.size()) + " user ids for " + std::to_string(m.n_users) + " users");
  if (m.user_ptr.size() != static_cast<size_t>(m.n_users) + 1 || m.user_value.size() != m.user_item.size())
    invalid("the rating matrix is not in CSR form");
  if (cat.genre_names.size() > 32) invalid("more than 32 genres");
  if (!cat.movie_tags.empty() && cat.movie_tags.size() != n) invalid("movie_tags does not match the movies");
  if (!(d.rating_min >= 0 && d.rating_min <= d.rating_max && d.rating_max <= 127.5f))
    invalid("rating scale is not usable");

  std::vector<std::pair<uint32_t, ByteWriter>> sections;

  {  // META
    Json j = Json::object();
    j["format"] = "cinerec-snapshot";
    j["name"] = d.name;
    j["source"] = options.source;
    j["n_movies"] = static_cast<uint64_t>(n);
    j["n_users"] = static_cast<uint64_t>(options.ratings ? m.n_users : 0);
    j["n_ratings"] = static_cast<uint64_t>(options.ratings ? m.nnz() : 0);
    j["n_tags"] = static_cast<uint64_t>(cat.tag_names.size());
    j["rating_min"] = static_cast<double>(d.rating_min);
    j["rating_max"] = static_cast<double>(d.rating_max);
    j["genres"] = cat.genre_names;
    std::string text;
    try {
      text = j.dump();
    } catch (const Json::exception&) {
      invalid("the name, source or genre names are not valid UTF-8");
    }
    ByteWriter w;
    w.raw(text.data(), text.size());
    sections.emplace_back(kMeta, std::move(w));
  }
  {  // MOVI
    ByteWriter w;
    put_uvarint(w, n);
    int64_t prev = 0;
    for (const Movie& mv : cat.movies) {
      put_svarint(w, static_cast<int64_t>(static_cast<uint64_t>(mv.id) - static_cast<uint64_t>(prev)));
      prev = mv.id;
    }
    for (const Movie& mv : cat.movies) put_uvarint(w, mv.title.size());
    for (const Movie& mv : cat.movies) w.raw(mv.title.data(), mv.title.size());
    for (const Movie& mv : cat.movies) put_svarint(w, mv.year);
    const uint32_t allowed = cat.genre_names.size() >= 32 ? ~0u : (1u << cat.genre_names.size()) - 1;
    for (const Movie& mv : cat.movies) {
      if (mv.genres & ~allowed) invalid("movie " + std::to_string(mv.id) + " has a genre bit beyond the genre names");
      w.u32(mv.genres);
    }
    sections.emplace_back(kMovies, std::move(w));
  }
  if (!cat.tag_names.empty()) {  // TAGS
    ByteWriter w;
    put_uvarint(w, cat.tag_names.size());
    put_strings(w, cat.tag_names);
    for (size_t i = 0; i < n; ++i) {
      if (cat.movie_tags.empty()) {
        put_uvarint(w, 0);
        continue;
      }
      const auto& list = cat.movie_tags[i];
      put_uvarint(w, list.size());
      for (const TagCount& tc : list) {
        if (tc.tag < 0 || static_cast<size_t>(tc.tag) >= cat.tag_names.size() || tc.count < 1)
          invalid("a tag count of movie " + std::to_string(cat.movies[i].id) + " is out of range");
        put_uvarint(w, static_cast<uint64_t>(tc.tag));
        put_uvarint(w, static_cast<uint64_t>(tc.count));
      }
    }
    sections.emplace_back(kTags, std::move(w));
  }
  if (std::any_of(cat.movies.begin(), cat.movies.end(),
                  [](const Movie& mv) { return mv.imdb_id != 0 || mv.tmdb_id != 0; })) {  // LINK
    ByteWriter w;
    for (const Movie& mv : cat.movies) {
      if (mv.imdb_id < 0 || mv.tmdb_id < 0) invalid("negative link id for movie " + std::to_string(mv.id));
      put_uvarint(w, static_cast<uint64_t>(mv.imdb_id));
      put_uvarint(w, static_cast<uint64_t>(mv.tmdb_id));
    }
    sections.emplace_back(kLinks, std::move(w));
  }
  if (!cat.details.empty() && cat.details.size() != n) invalid("details does not match the movies");
  if (std::any_of(cat.details.begin(), cat.details.end(), [](const MovieDetails& x) { return !x.empty(); })) {  // TMDB
    ByteWriter w;
    put_uvarint(w, cat.people.size());
    put_strings(w, cat.people);
    put_uvarint(w, cat.keyword_names.size());
    put_strings(w, cat.keyword_names);
    std::vector<std::string> languages;
    for (const MovieDetails& x : cat.details)
      if (!x.language.empty()) languages.push_back(x.language);
    std::sort(languages.begin(), languages.end());
    languages.erase(std::unique(languages.begin(), languages.end()), languages.end());
    put_uvarint(w, languages.size());
    put_strings(w, languages);
    for (const MovieDetails& x : cat.details) {
      if (x.runtime < 0) invalid("negative runtime");
      put_uvarint(w, static_cast<uint64_t>(x.runtime));
    }
    for (const MovieDetails& x : cat.details)
      put_uvarint(w, x.language.empty() ? 0 : std::lower_bound(languages.begin(), languages.end(), x.language) - languages.begin() + 1);
    auto lists = [&](std::vector<int32_t> MovieDetails::*list, size_t limit) {
      for (const MovieDetails& x : cat.details) {
        put_uvarint(w, (x.*list).size());
        for (int32_t v : x.*list) {
          if (v < 0 || static_cast<size_t>(v) >= limit) invalid("a TMDb name index is out of range");
          put_uvarint(w, static_cast<uint64_t>(v));
        }
      }
    };
    lists(&MovieDetails::directors, cat.people.size());
    lists(&MovieDetails::cast, cat.people.size());
    lists(&MovieDetails::keywords, cat.keyword_names.size());
    for (const MovieDetails& x : cat.details) put_uvarint(w, x.overview.size());
    for (const MovieDetails& x : cat.details) w.raw(x.overview.data(), x.overview.size());
    sections.emplace_back(kTmdb, std::move(w));
  }
  if (!options.ratings) {  // a catalogue: RATE holds no users
    ByteWriter w;
    put_uvarint(w, 0);
    put_uvarint(w, 0);
    sections.emplace_back(kRatings, std::move(w));
  } else {  // RATE
    ByteWriter w;
    put_uvarint(w, static_cast<uint64_t>(m.n_users));
    put_uvarint(w, static_cast<uint64_t>(m.nnz()));
    int64_t prev = 0;
    for (int64_t id : d.user_ids) {
      put_svarint(w, static_cast<int64_t>(static_cast<uint64_t>(id) - static_cast<uint64_t>(prev)));
      prev = id;
    }
    for (int32_t u = 0; u < m.n_users; ++u) put_uvarint(w, static_cast<uint64_t>(m.user_count(u)));
    for (int32_t u = 0; u < m.n_users; ++u) {
      int32_t last = -1;
      for (int64_t k = m.user_ptr[u]; k < m.user_ptr[u + 1]; ++k) {
        int32_t item = m.user_item[k];
        if (item <= last || item >= m.n_items) invalid("the items of a user row are not ascending or out of range");
        put_uvarint(w, static_cast<uint64_t>(last < 0 ? item : item - last));
        last = item;
      }
    }
    for (int64_t k = 0; k < m.nnz(); ++k) {
      float v = m.user_value[k];
      float twice = v * 2.0f;
      if (!(v >= d.rating_min && v <= d.rating_max) || twice != std::floor(twice) || twice < 1)
        invalid("rating " + std::to_string(v) + " is not a half-star on the scale " + std::to_string(d.rating_min) +
                " to " + std::to_string(d.rating_max) + " (a snapshot stores ratings as half-stars)");
      w.u8(static_cast<uint8_t>(twice));
    }
    sections.emplace_back(kRatings, std::move(w));
  }
  if (options.ratings && d.is_catalogue()) invalid("a catalogue has no ratings to write (use ratings = false)");
  if (options.ratings && options.timestamps && !m.user_time.empty()) {  // TIME
    ByteWriter w;
    int64_t prev = 0;
    for (int64_t t : m.user_time) {
      put_svarint(w, static_cast<int64_t>(static_cast<uint64_t>(t) - static_cast<uint64_t>(prev)));
      prev = t;
    }
    sections.emplace_back(kTimes, std::move(w));
  }
  if (!options.ratings) {  // STAT
    const RatingSummary sum = summarise_ratings(d);
    if (sum.counts.size() != n || sum.means.size() != n) invalid("the rating summary does not match the movies");
    ByteWriter w;
    put_uvarint(w, static_cast<uint64_t>(sum.n_users));
    put_uvarint(w, static_cast<uint64_t>(sum.n_ratings));
    w.f64(sum.global_mean);
    for (int32_t c : sum.counts) put_uvarint(w, static_cast<uint64_t>(c));
    for (size_t i = 0; i < n; ++i) w.f32(sum.counts[i] ? sum.means[i] : NAN);
    sections.emplace_back(kStats, std::move(w));
  }
  if (options.model) {  // MODL
    const SnapshotModel& sm = *options.model;
    const std::vector<uint8_t>& b = sm.bytes;
    ByteWriter w;
    w.u8(static_cast<uint8_t>(sm.encoding));
    if (sm.encoding == FactorEncoding::F32) {
      put_uvarint(w, b.size());
      w.raw(b.data(), b.size());
    } else {
      const uint64_t cells = static_cast<uint64_t>(sm.rows) * static_cast<uint64_t>(sm.cols);
      if (sm.factors_at < 0 || sm.rows != static_cast<int64_t>(n) || sm.cols < 1 ||
          static_cast<uint64_t>(sm.factors_at) + 4 * cells > b.size())
        invalid("the model's item factors (" + std::to_string(sm.rows) + " × " + std::to_string(sm.cols) +
                ") do not fit the " + std::to_string(n) + " movies");
      const uint64_t at = static_cast<uint64_t>(sm.factors_at);
      std::vector<float> q(cells);
      std::memcpy(q.data(), b.data() + at, 4 * cells);
      const int64_t k = sm.cols;
      // The block as stored, and the model as a reader restores it (the same
      // expressions as read_model's): the model is sealed over the restored
      // factors, so the reader's bytes are a valid saved model as they are.
      ByteWriter block;
      std::vector<uint8_t> restored = b;
      std::vector<float> r(cells);
      if (sm.encoding == FactorEncoding::F16) {
        for (uint64_t c = 0; c < cells; ++c) {
          const uint16_t h = to_half(q[c]);
          block.u16(h);
          r[c] = from_half(h);
        }
      } else {
        const bool by_row = sm.encoding == FactorEncoding::I8Row;
        std::vector<float> scale(by_row ? sm.rows : k, 0.0f);
        for (uint64_t c = 0; c < cells; ++c) {
          float& sc = scale[by_row ? c / k : c % k];
          sc = std::max(sc, std::fabs(q[c]));
        }
        for (float& sc : scale) {
          if (!std::isfinite(sc)) invalid("the model's item factors are not finite");
          sc /= 127.0f;
          block.f32(sc);
        }
        for (uint64_t c = 0; c < cells; ++c) {
          const float sc = scale[by_row ? c / k : c % k];
          const long v = sc > 0 ? std::lround(q[c] / sc) : 0;
          const auto i8 = static_cast<int8_t>(std::clamp(v, -127L, 127L));
          block.u8(static_cast<uint8_t>(i8));
          r[c] = static_cast<float>(i8) * sc;
        }
      }
      std::memcpy(restored.data() + at, r.data(), 4 * cells);
      reseal(restored);
      put_uvarint(w, b.size() - 4 * cells);
      w.raw(restored.data(), at);
      w.raw(restored.data() + at + 4 * cells, restored.size() - at - 4 * cells);
      put_uvarint(w, at);
      put_uvarint(w, static_cast<uint64_t>(sm.rows));
      put_uvarint(w, static_cast<uint64_t>(sm.cols));
      w.raw(block.bytes().data(), block.size());
    }
    sections.emplace_back(kModel, std::move(w));
  }

  ByteWriter out;
  out.raw(kMagic, sizeof kMagic);
  out.u32(kSnapshotVersion);
  out.u32(static_cast<uint32_t>(sections.size()));
  const size_t size_at = out.size();
  out.u64(0);  // file size, patched below
  uint64_t offset = kHeaderBytes + kEntryBytes * sections.size() + 4;
  for (auto& [tag, w] : sections) {
    out.u32(tag);
    out.u64(offset);
    out.u64(w.size());
    out.u32(crc32(w.bytes().data(), w.size()));
    offset += w.size();
  }
  out.patch_u64(size_at, offset);
  out.u32(crc32(out.bytes().data(), out.size()));
  out.bytes().reserve(offset);
  for (auto& s : sections) out.raw(s.second.bytes().data(), s.second.size());
  return std::move(out.bytes());
}

Dataset read_snapshot(const uint8_t* bytes, size_t size) {
  if (!bytes && size) throw Error(ErrorCode::InvalidArgument, "read_snapshot: null bytes");
  std::vector<Section> sections = read_table(bytes, size);
  for (const Section& s : sections) check_crc(bytes, s);

  Meta meta = read_meta(bytes, *find(sections, kMeta));
  auto cat = std::make_shared<Catalog>();
  cat->genre_names = meta.genres;
  read_movies(bytes, *find(sections, kMovies), meta, *cat);
  if (const Section* s = find(sections, kTags)) read_tags(bytes, *s, meta, *cat);
  else if (meta.n_tags != 0) corrupt("META says " + std::to_string(meta.n_tags) + " tags but there is no TAGS section");
  if (const Section* s = find(sections, kLinks)) read_links(bytes, *s, *cat);
  if (const Section* s = find(sections, kTmdb)) read_tmdb(bytes, *s, *cat);
  RatingRows rows = read_ratings(bytes, *find(sections, kRatings), meta, cat->size());
  if (const Section* s = find(sections, kTimes)) read_times(bytes, *s, rows);
  std::shared_ptr<const RatingSummary> summary;
  if (const Section* s = find(sections, kStats)) {
    if (!rows.item.empty()) corrupt("section STAT (movie statistics) in a snapshot that has its ratings");
    summary = std::make_shared<const RatingSummary>(read_stats(bytes, *s, meta, cat->size()));
  }
  std::shared_ptr<const std::vector<uint8_t>> model;
  if (const Section* s = find(sections, kModel))
    model = std::make_shared<const std::vector<uint8_t>>(read_model(bytes, *s, cat->size(), nullptr));

  Dataset d;
  d.name = meta.name;
  d.rating_min = static_cast<float>(meta.rating_min);
  d.rating_max = static_cast<float>(meta.rating_max);
  d.user_ids = std::move(rows.user_ids);
  d.ratings = RatingMatrix::from_csr(static_cast<int32_t>(d.user_ids.size()), cat->size(), std::move(rows.ptr),
                                      std::move(rows.item), std::move(rows.value), std::move(rows.time));
  if (summary) {
    RatingMatrix empty = *d.ratings;
    empty.global_mean = summary->global_mean;  // what popular lists and reasons compare with
    d.ratings = std::move(empty);
  }
  d.summary = std::move(summary);
  d.model_checked = model != nullptr;
  d.model = std::move(model);
  d.catalog = std::move(cat);
  return d;
}

FactorEncoding factor_encoding(const std::string& name) {
  if (name == "f32") return FactorEncoding::F32;
  if (name == "f16") return FactorEncoding::F16;
  if (name == "i8") return FactorEncoding::I8Row;
  if (name == "i8-col") return FactorEncoding::I8Column;
  throw Error(ErrorCode::InvalidArgument, "factor encoding must be f32, f16, i8 or i8-col, got '" + name + "'");
}

const char* factor_encoding_name(FactorEncoding e) {
  switch (e) {
    case FactorEncoding::F16: return "f16";
    case FactorEncoding::I8Row: return "i8";
    case FactorEncoding::I8Column: return "i8-col";
    default: return "f32";
  }
}

SnapshotModel snapshot_model(const Model& model, FactorEncoding encoding) {
  SnapshotModel sm;
  sm.bytes = model.save_for_new_users();
  sm.encoding = encoding;
  const Model::ItemFactors q = model.item_factors();
  if (encoding == FactorEncoding::F32) return sm;
  if (!q.data || q.rows == 0 || q.cols == 0)
    throw Error(ErrorCode::InvalidArgument, std::string("--factors ") + factor_encoding_name(encoding) + ": " +
                                                model.name() + " has no item factors to quantise (use f32)");
  // The saved bytes hold the factors as one row-major f32 block (save_matrix:
  // i64 rows, i64 cols, then the floats): find it by its exact bytes.
  const size_t block = 4 * static_cast<size_t>(q.rows) * static_cast<size_t>(q.cols);
  uint8_t head[16];
  std::memcpy(head, &q.rows, 8);
  std::memcpy(head + 8, &q.cols, 8);
  const std::vector<uint8_t>& b = sm.bytes;
  for (size_t at = 0; at + 16 + block <= b.size(); ++at) {
    if (std::memcmp(b.data() + at, head, 16) == 0 && std::memcmp(b.data() + at + 16, q.data, block) == 0) {
      sm.factors_at = static_cast<int64_t>(at + 16);
      sm.rows = q.rows;
      sm.cols = q.cols;
      return sm;
    }
  }
  throw Error(ErrorCode::Internal, model.name() + ": its item factors are not stored as one block in its saved bytes");
}

SnapshotInfo snapshot_info(const uint8_t* bytes, size_t size) {
  if (!bytes && size) throw Error(ErrorCode::InvalidArgument, "snapshot_info: null bytes");
  std::vector<Section> sections = read_table(bytes, size);
  const Section& meta_section = *find(sections, kMeta);
  check_crc(bytes, meta_section);
  Meta meta = read_meta(bytes, meta_section);
  SnapshotInfo info;
  info.version = kSnapshotVersion;
  info.name = meta.name;
  info.source = meta.source;
  info.n_movies = static_cast<int32_t>(meta.n_movies);
  info.n_users = static_cast<int32_t>(meta.n_users);
  info.n_ratings = static_cast<int64_t>(meta.n_ratings);
  info.has_tags = find(sections, kTags) != nullptr;
  info.has_links = find(sections, kLinks) != nullptr;
  info.has_timestamps = find(sections, kTimes) != nullptr;
  info.catalogue = find(sections, kStats) != nullptr;
  if (const Section* s = find(sections, kModel)) {
    // the algorithm is in the saved model's envelope (models/model_io.hpp):
    // the 20-byte header (magic, format, body length, CRC-32), then the name (u32 length + bytes)
    check_crc(bytes, *s);
    ByteReader r = section_reader(bytes, *s);
    const uint8_t e = r.u8();
    info.model_factors = e <= 3 ? factor_encoding_name(static_cast<FactorEncoding>(e)) : "?";
    const uint64_t m = get_uvarint(r);
    if (m >= kModelHeaderBytes + 4 && m <= r.remaining()) {
      ByteReader env(r.take(m), m, ErrorCode::SnapshotCorrupt, "snapshot section MODL (model)");
      env.take(kModelHeaderBytes);
      info.model = env.str();
    }
  }
  info.has_tmdb = find(sections, kTmdb) != nullptr;
  info.file_bytes = size;
  info.genre_names = meta.genres;
  for (const Section& s : sections) info.sections.push_back({tag_text(s.tag), s.offset, s.length, s.crc});
  return info;
}

}  // namespace cinerec
