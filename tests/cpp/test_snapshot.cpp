// The snapshot writer and reader against each other, against bytes assembled
// by hand from docs/snapshot-format.md, and against damaged files.
#include <gtest/gtest.h>

#include <random>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"
#include "cinerec/movielens.hpp"
#include "cinerec/snapshot.hpp"
#include "data/crc32.hpp"
#include "same_dataset.hpp"
#include "util/bytes.hpp"

using namespace cinerec;

namespace {

const std::string kSource = CINEREC_SOURCE_DIR;
const std::string kFixtures = kSource + "/tests/fixtures/movielens/";
const std::string kShared = CINEREC_SHARED_DATA;

template <class F>
std::string error_of(F f, ErrorCode code = ErrorCode::SnapshotCorrupt) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(error_code_name(e.code())), error_code_name(code)) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

struct Entry {
  std::string tag;
  uint64_t offset, length;
  uint32_t crc;
};

// The section table, read by hand (docs/snapshot-format.md "File layout").
std::vector<Entry> table_of(const std::vector<uint8_t>& b) {
  ByteReader r(b.data(), b.size(), ErrorCode::Internal, "test");
  r.seek(12);
  uint32_t n = r.u32();
  r.u64();
  std::vector<Entry> out;
  for (uint32_t k = 0; k < n; ++k) {
    Entry e;
    e.tag = std::string(reinterpret_cast<const char*>(r.take(4)), 4);
    e.offset = r.u64();
    e.length = r.u64();
    e.crc = r.u32();
    out.push_back(e);
  }
  return out;
}

// Recomputes every checksum, so that damage reaches the section decoders.
void fix_checksums(std::vector<uint8_t>& b) {
  if (b.size() < 28) return;
  uint32_t n;
  std::memcpy(&n, b.data() + 12, 4);
  if (n == 0 || n > 64 || b.size() < 28 + 24 * size_t{n}) return;
  for (uint32_t k = 0; k < n; ++k) {
    uint8_t* e = b.data() + 24 + 24 * k;
    uint64_t off, len;
    std::memcpy(&off, e + 4, 8);
    std::memcpy(&len, e + 12, 8);
    if (off <= b.size() && len <= b.size() - off) {
      uint32_t c = crc32(b.data() + off, len);
      std::memcpy(e + 20, &c, 4);
    }
  }
  uint32_t c = crc32(b.data(), 24 + 24 * size_t{n});
  std::memcpy(b.data() + 24 + 24 * n, &c, 4);
}

// A snapshot file from section bodies, following the specification alone.
std::vector<uint8_t> assemble(const std::vector<std::pair<std::string, std::vector<uint8_t>>>& sections) {
  ByteWriter w;
  w.raw("CINEREC\0", 8);
  w.u32(1);
  w.u32(static_cast<uint32_t>(sections.size()));
  uint64_t offset = 24 + 24 * sections.size() + 4, total = offset;
  for (const auto& s : sections) total += s.second.size();
  w.u64(total);
  for (const auto& s : sections) {
    w.raw(s.first.data(), 4);
    w.u64(offset);
    w.u64(s.second.size());
    w.u32(crc32(s.second.data(), s.second.size()));
    offset += s.second.size();
  }
  w.u32(crc32(w.bytes().data(), w.size()));
  for (const auto& s : sections) w.raw(s.second.data(), s.second.size());
  return w.bytes();
}

std::vector<uint8_t> text_bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

const char* kHandMeta =
    R"({"format":"cinerec-snapshot","genres":["Comedy","Drama"],"n_movies":2,"n_ratings":3,"n_tags":0,)"
    R"("n_users":2,"name":"hand","rating_max":5.0,"rating_min":0.5,"source":"by hand"})";

// Two movies (10 "Up" 2009 Comedy, 300 "Heat" 1995 Drama), users 5 and 9:
// user 5 rated Up 4.5 and Heat 1.0, user 9 rated Heat 3.0.
const std::vector<uint8_t> kHandMovies = {
    0x02,                    // n = 2
    0x14,                    // id delta +10 (zigzag 20)
    0xC4, 0x04,              // id delta +290 (zigzag 580)
    0x02, 0x04,              // title lengths 2, 4
    'U', 'p', 'H', 'e', 'a', 't',
    0xB2, 0x1F,              // year 2009 (zigzag 4018)
    0x96, 0x1F,              // year 1995 (zigzag 3990)
    0x01, 0x00, 0x00, 0x00,  // Comedy
    0x02, 0x00, 0x00, 0x00,  // Drama
};
const std::vector<uint8_t> kHandRatings = {
    0x02, 0x03,  // 2 users, 3 ratings
    0x0A, 0x08,  // user ids 5, then +4
    0x02, 0x01,  // row lengths
    0x00, 0x01,  // user 5: item 0, then gap 1
    0x01,        // user 9: item 1
    0x09, 0x02, 0x06,  // 4.5, 1.0, 3.0 in half-stars
};

std::vector<uint8_t> hand_made() {
  return assemble({{"META", text_bytes(kHandMeta)}, {"MOVI", kHandMovies}, {"RATE", kHandRatings}});
}

Dataset tricky() { return load_movielens(kFixtures + "csv-tricky"); }

}  // namespace

TEST(Snapshot, Crc32CheckValue) {
  const char* s = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(s), 9), 0xCBF43926u);
  EXPECT_EQ(crc32(nullptr, 0), 0u);
}

TEST(Snapshot, ReadsHandMadeBytesAndWritesThemBack) {
  std::vector<uint8_t> bytes = hand_made();
  Dataset d = read_snapshot(bytes);
  EXPECT_EQ(d.name, "hand");
  EXPECT_FLOAT_EQ(d.rating_min, 0.5f);
  ASSERT_EQ(d.n_items(), 2);
  EXPECT_EQ(d.catalog->movies[0].id, 10);
  EXPECT_EQ(d.catalog->movies[0].title, "Up");
  EXPECT_EQ(d.catalog->movies[0].year, 2009);
  EXPECT_EQ(d.catalog->movies[1].id, 300);
  EXPECT_EQ(d.catalog->movies[1].title, "Heat");
  EXPECT_EQ(d.catalog->movies[1].year, 1995);
  EXPECT_TRUE(d.catalog->has_genre(1, 1));
  EXPECT_EQ(d.user_ids, (std::vector<int64_t>{5, 9}));
  EXPECT_EQ(d.ratings->user_ptr, (std::vector<int64_t>{0, 2, 3}));
  EXPECT_EQ(d.ratings->user_item, (std::vector<int32_t>{0, 1, 1}));
  EXPECT_EQ(d.ratings->user_value, (std::vector<float>{4.5f, 1.0f, 3.0f}));
  EXPECT_EQ(d.ratings->item_user, (std::vector<int32_t>{0, 0, 1}));
  EXPECT_TRUE(d.ratings->user_time.empty());
  // The writer produces exactly the bytes of the specification.
  SnapshotWriteOptions o;
  o.source = "by hand";
  EXPECT_EQ(write_snapshot(d, o), bytes);

  SnapshotInfo info = snapshot_info(bytes.data(), bytes.size());
  EXPECT_EQ(info.version, 1u);
  EXPECT_EQ(info.source, "by hand");
  EXPECT_EQ(info.n_movies, 2);
  EXPECT_EQ(info.n_users, 2);
  EXPECT_EQ(info.n_ratings, 3);
  EXPECT_FALSE(info.has_tags || info.has_links || info.has_timestamps);
  ASSERT_EQ(info.sections.size(), 3u);
  EXPECT_EQ(info.sections[2].tag, "RATE");
  EXPECT_EQ(info.sections[2].length, kHandRatings.size());
}

TEST(Snapshot, RoundTripsEveryField) {
  Dataset d = tricky();
  SnapshotWriteOptions o;
  o.source = "fixture";
  o.timestamps = true;
  std::vector<uint8_t> bytes = write_snapshot(d, o);
  Dataset back = read_snapshot(bytes);
  expect_same_dataset(d, back, true);
  SnapshotInfo info = snapshot_info(bytes.data(), bytes.size());
  EXPECT_TRUE(info.has_tags && info.has_links && info.has_timestamps);
  EXPECT_EQ(info.name, "csv-tricky");
  EXPECT_EQ(info.genre_names, d.catalog->genre_names);

  // Without timestamps the times are gone and the rest is the same.
  Dataset lean = read_snapshot(write_snapshot(d));
  EXPECT_TRUE(lean.ratings->user_time.empty());
  expect_same_dataset(d, lean, false);
}

TEST(Snapshot, SameDatasetSameBytes) {
  SnapshotWriteOptions o;
  o.timestamps = true;
  std::vector<uint8_t> a = write_snapshot(tricky(), o);
  std::vector<uint8_t> b = write_snapshot(tricky(), o);
  EXPECT_EQ(a, b);
  EXPECT_EQ(write_snapshot(read_snapshot(a), o), a);  // a read snapshot writes itself again
}

TEST(Snapshot, RefusesTruncatedFiles) {
  std::vector<uint8_t> bytes = write_snapshot(tricky());
  EXPECT_NE(error_of([&] { read_snapshot(bytes.data(), 0); }).find("empty"), std::string::npos);
  for (size_t len : {size_t{1}, size_t{7}, size_t{8}, size_t{11}, size_t{16}, size_t{27}, size_t{60},
                     size_t{150}, bytes.size() / 2, bytes.size() - 1}) {
    std::string msg = error_of([&] { read_snapshot(bytes.data(), len); });
    EXPECT_NE(msg.find("truncated"), std::string::npos) << len << ": " << msg;
    error_of([&] { snapshot_info(bytes.data(), len); });
  }
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_NE(error_of([&] { read_snapshot(longer); }).find("1 unexpected bytes after the end"), std::string::npos);
}

TEST(Snapshot, AFlippedByteNamesItsSection) {
  std::vector<uint8_t> bytes = write_snapshot(tricky(), {"x", true});
  std::vector<Entry> table = table_of(bytes);
  ASSERT_EQ(table.size(), 6u);  // META MOVI TAGS LINK RATE TIME
  for (const Entry& e : table) {
    for (uint64_t at : {e.offset, e.offset + e.length / 2, e.offset + e.length - 1}) {
      std::vector<uint8_t> bad = bytes;
      bad[at] ^= 0x10;
      std::string msg = error_of([&] { read_snapshot(bad); });
      EXPECT_NE(msg.find("section " + e.tag), std::string::npos) << msg;
      EXPECT_NE(msg.find("checksum mismatch"), std::string::npos) << msg;
    }
  }
  std::vector<uint8_t> bad = bytes;
  bad[30] ^= 1;  // inside the section table
  EXPECT_NE(error_of([&] { read_snapshot(bad); }).find("header checksum mismatch"), std::string::npos);
}

TEST(Snapshot, RefusesWrongMagicAndOtherVersions) {
  std::vector<uint8_t> bytes = write_snapshot(tricky());
  std::vector<uint8_t> bad = bytes;
  bad[0] = 'X';
  EXPECT_EQ(error_of([&] { read_snapshot(bad); }), "snapshot: not a cinerec snapshot (bad magic)");
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
  EXPECT_NE(error_of([&] { read_snapshot(png); }).find("bad magic"), std::string::npos);

  bad = bytes;
  bad[8] = 2;
  std::string msg = error_of([&] { read_snapshot(bad); }, ErrorCode::SnapshotVersion);
  EXPECT_NE(msg.find("version 2, this build reads 1"), std::string::npos) << msg;
  error_of([&] { snapshot_info(bad.data(), bad.size()); }, ErrorCode::SnapshotVersion);
  bad[8] = 0;
  error_of([&] { read_snapshot(bad); }, ErrorCode::SnapshotVersion);
}

TEST(Snapshot, RefusesBadTablesAndInconsistentSections) {
  const auto meta = text_bytes(kHandMeta);
  struct Case {
    const char* name;
    std::vector<uint8_t> bytes;
    const char* expected;
  };
  std::vector<Case> cases;
  {
    std::vector<uint8_t> b = hand_made();
    uint64_t len = kHandRatings.size() + 100;
    std::memcpy(b.data() + 24 + 2 * 24 + 12, &len, 8);  // RATE's length
    fix_checksums(b);
    cases.push_back({"past the end", b, "section RATE (ratings) runs past the end of the file"});
  }
  cases.push_back({"missing RATE", assemble({{"META", meta}, {"MOVI", kHandMovies}}), "no RATE (ratings) section"});
  cases.push_back({"twice", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", kHandRatings}, {"RATE", kHandRatings}}),
                   "section RATE (ratings) appears twice"});
  {
    std::string m = kHandMeta;
    m.replace(m.find("\"n_ratings\":3"), 13, "\"n_ratings\":4");
    cases.push_back({"count", assemble({{"META", text_bytes(m)}, {"MOVI", kHandMovies}, {"RATE", kHandRatings}}),
                     "section RATE (ratings): 3 ratings, META says 4"});
  }
  cases.push_back({"json", assemble({{"META", text_bytes("{\"name\":")}, {"MOVI", kHandMovies}, {"RATE", kHandRatings}}),
                   "section META (metadata): not valid JSON"});
  {
    std::string m = kHandMeta;
    m.replace(m.find("\"name\":\"hand\""), 13, "\"name\":17    ");
    cases.push_back({"field", assemble({{"META", text_bytes(m)}, {"MOVI", kHandMovies}, {"RATE", kHandRatings}}),
                     "field 'name' missing or not a string"});
  }
  {
    auto r = kHandRatings;
    r[3] = 0x00;  // second user id delta 0: user 5 twice
    cases.push_back({"dup user", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "user id 5 appears twice"});
  }
  {
    auto r = kHandRatings;
    r[7] = 0x00;  // gap 0: the same item twice in a row
    cases.push_back({"ascending", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "not ascending"});
  }
  {
    auto r = kHandRatings;
    r[8] = 0x02;  // item 2 of 2 movies
    cases.push_back({"item range", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "item index beyond the 2 movies"});
  }
  {
    auto r = kHandRatings;
    r[10] = 0x00;  // a rating of 0 half-stars
    cases.push_back({"rating byte", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "rating byte 0 outside the scale"});
    r[10] = 11;  // 5.5 stars
    cases.push_back({"rating high", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "rating byte 11 outside the scale"});
  }
  {
    auto r = kHandRatings;
    r[4] = 0x03;  // row lengths 3 + 1 > 3 ratings
    cases.push_back({"rows", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "row lengths add up to more"});
  }
  {
    auto r = kHandRatings;
    r.push_back(0);
    cases.push_back({"trailing", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}),
                     "section RATE (ratings): 1 unexpected bytes at the end of the section"});
  }
  {
    auto m = kHandMovies;
    m[3] = 0x00;  // second id delta 0: movie 10 twice
    m.erase(m.begin() + 2);
    cases.push_back({"dup movie", assemble({{"META", meta}, {"MOVI", m}, {"RATE", kHandRatings}}), "movie id 10 appears twice"});
  }
  {
    auto m = kHandMovies;
    m[m.size() - 4] = 0x04;  // genre bit 2 of 2 genres
    cases.push_back({"genre bit", assemble({{"META", meta}, {"MOVI", m}, {"RATE", kHandRatings}}), "genre bit beyond the 2 genres"});
  }
  {
    auto m = kHandMovies;
    m[0] = 0x7F;  // 127 movies in 24 bytes
    cases.push_back({"movie count", assemble({{"META", meta}, {"MOVI", m}, {"RATE", kHandRatings}}), "movie count 127 cannot fit"});
  }
  {
    auto r = kHandRatings;
    r[1] = 0xFF;  // an endless varint
    r.insert(r.begin() + 2, 9, 0xFF);
    cases.push_back({"varint", assemble({{"META", meta}, {"MOVI", kHandMovies}, {"RATE", r}}), "varint"});
  }
  for (const Case& c : cases) {
    std::string msg = error_of([&] { read_snapshot(c.bytes); });
    EXPECT_NE(msg.find(c.expected), std::string::npos) << c.name << ": " << msg;
  }
}

TEST(Snapshot, SkipsUnknownSections) {
  std::vector<uint8_t> b = assemble({{"META", text_bytes(kHandMeta)}, {"MOVI", kHandMovies},
                                     {"IF16", {1, 2, 3}}, {"RATE", kHandRatings}});
  EXPECT_EQ(read_snapshot(b).ratings->nnz(), 3);
  b[b.size() - kHandRatings.size() - 2] ^= 1;  // but their checksum still counts
  EXPECT_NE(error_of([&] { read_snapshot(b); }).find("section IF16: checksum mismatch"), std::string::npos);
}

TEST(Snapshot, WriterRefusesWhatItCannotStore) {
  Dataset d = tricky();
  std::vector<Rating> r = d.ratings->triplets();
  r[0].value = 3.7f;
  Dataset odd = d.with_ratings(r);
  try {
    write_snapshot(odd);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("half-star"), std::string::npos) << e.what();
  }
}

TEST(Snapshot, RandomDamageNeverGetsPast) {
  std::mt19937 rng(2024);
  SnapshotWriteOptions o;
  o.timestamps = true;
  const std::vector<uint8_t> bytes = write_snapshot(tricky(), o);
  // Damage as found in the wild: every one is caught by a checksum or the header checks.
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> bad = bytes;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    if (bad == bytes) continue;
    try {
      read_snapshot(bad);
      ADD_FAILURE() << "damage went unnoticed in round " << round;
    } catch (const Error& e) {
      EXPECT_TRUE(e.code() == ErrorCode::SnapshotCorrupt || e.code() == ErrorCode::SnapshotVersion) << e.what();
    }
  }
  // Damage with valid checksums reaches the decoders: they must refuse or
  // decode cleanly, never crash (run under ASan/UBSan to see it all).
  int refused = 0;
  for (int round = 0; round < 4000; ++round) {
    std::vector<uint8_t> bad = bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      size_t at = 28 + 24 * 6 + rng() % (bad.size() - 28 - 24 * 6);  // section bytes only
      bad[at] = static_cast<uint8_t>(rng());
    }
    fix_checksums(bad);
    try {
      Dataset d = read_snapshot(bad);
      EXPECT_LE(d.ratings->nnz(), 8);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::SnapshotCorrupt) << e.what();
      ++refused;
    }
  }
  EXPECT_GT(refused, 1000);
  // Truncated and then "repaired" headers.
  for (size_t len = 0; len < bytes.size(); len += 7) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(len));
    if (cut.size() >= 24) std::memcpy(cut.data() + 16, &len, 8);
    fix_checksums(cut);
    EXPECT_THROW(read_snapshot(cut), Error) << len;
  }
}

TEST(Snapshot, RealDataRoundTrips) {
  for (const char* name : {"ml-latest-small", "ml-100k"}) {
    const std::string dir = kShared + "/" + name;
    if (!is_directory(dir)) GTEST_SKIP() << dir << " is absent";
    Dataset d = load_movielens(dir);
    SnapshotWriteOptions o;
    o.timestamps = true;
    std::vector<uint8_t> bytes = write_snapshot(d, o);
    expect_same_dataset(d, read_snapshot(bytes), true);
    std::vector<uint8_t> lean = write_snapshot(d);
    EXPECT_LT(lean.size(), 1000000u) << name;  // the budget: ~1 MB for 100k ratings
    expect_same_dataset(d, read_snapshot(lean), false);
  }
}

TEST(Snapshot, DefaultSnapshotIsReadable) {
  const std::string path = kSource + "/public/data/default.cinerec";
  ASSERT_TRUE(file_exists(path)) << path << " is missing: scripts/make-default-snapshot.sh";
  std::vector<uint8_t> bytes = read_file_bytes(path);
  Dataset d = read_snapshot(bytes);
  EXPECT_EQ(d.name, "movielens-dslabs");
  EXPECT_EQ(d.ratings->nnz(), 100004);
  EXPECT_EQ(d.n_users(), 671);
  EXPECT_EQ(d.n_items(), 9066);
  EXPECT_EQ(d.catalog->movies[d.catalog->item(1)].title, "Toy Story");
  EXPECT_EQ(d.catalog->movies[d.catalog->item(1)].year, 1995);
  // With its pretrained model (MODL, int8 item factors): under 2 MB.
  EXPECT_LT(bytes.size(), 2000000u);
  ASSERT_TRUE(d.model) << "the default snapshot carries a model (scripts/make-default-snapshot.sh)";
  EXPECT_FALSE(d.is_catalogue());
}
