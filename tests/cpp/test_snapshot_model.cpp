// Models inside snapshots and catalogues (docs/snapshot-format.md STAT, MODL):
// hand-made bytes, the quantisation error the page promises, a catalogue
// that folds in and refuses to train, and the damage readers must refuse.
#include <gtest/gtest.h>

#include <Eigen/Core>

#include <cmath>
#include <cstring>

#include "cinerec/error.hpp"
#include "cinerec/session.hpp"
#include "cinerec/snapshot.hpp"
#include "data/crc32.hpp"
#include "models/model_io.hpp"
#include "tiny_ratings.hpp"
#include "util/bytes.hpp"

using namespace cinerec;

namespace {

template <class F>
std::string error_of(F f, ErrorCode code) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(error_code_name(e.code())), error_code_name(code)) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

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

// tiny_ratings (3 movies 10, 11, 12, scale 1..5, no genres used) as a catalogue.
const char* kTinyMeta =
    R"({"format":"cinerec-snapshot","genres":["Drama"],"n_movies":3,"n_ratings":0,"n_tags":0,)"
    R"("n_users":0,"name":"tiny","rating_max":5.0,"rating_min":1.0,"source":"by hand"})";
const std::vector<uint8_t> kTinyMovies = {
    0x03, 0x14, 0x02, 0x02,   // n = 3; ids 10, +1, +1 (zigzag)
    0x06, 0x06, 0x06,         // title lengths
    'T', 'i', 'n', 'y', ' ', '0', 'T', 'i', 'n', 'y', ' ', '1', 'T', 'i', 'n', 'y', ' ', '2',
    0x00, 0x00, 0x00,         // years unknown
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // no genres
};
const std::vector<uint8_t> kNoRatings = {0x00, 0x00};

// STAT of tiny_ratings: 4 users, 10 ratings, μ = 3.1; counts 3, 4, 3;
// means 4, 9/4, 10/3.
std::vector<uint8_t> tiny_stats() {
  ByteWriter w;
  w.u8(4);
  w.u8(10);
  w.f64(3.1);
  w.u8(3);
  w.u8(4);
  w.u8(3);
  w.f32(4.0f);
  w.f32(2.25f);
  w.f32(10.0f / 3.0f);
  return w.bytes();
}

std::unique_ptr<Model> trained(const std::string& algo, const Json& params = Json::object()) {
  std::unique_ptr<Model> m = make_model(algo, params);
  FitOptions o;
  m->fit(cinerec::testing::tiny_ratings(), o);
  return m;
}

std::vector<float> factors_of(const Model& m) {
  const Model::ItemFactors q = m.item_factors();
  return std::vector<float>(q.data, q.data + q.rows * q.cols);
}

// The saved model's item-factor block, by hand: after the i64 rows and cols
// that precede it (save_matrix), found by its bytes.
size_t block_at(const std::vector<uint8_t>& saved, const Model& m) {
  const Model::ItemFactors q = m.item_factors();
  const size_t block = 4 * static_cast<size_t>(q.rows * q.cols);
  for (size_t at = 16; at + block <= saved.size(); ++at)
    if (std::memcmp(saved.data() + at, q.data, block) == 0) return at;
  ADD_FAILURE() << "no factor block";
  return 0;
}

Dataset catalogue_of(std::vector<uint8_t> modl) {
  return read_snapshot(assemble({{"META", text_bytes(kTinyMeta)},
                                 {"MOVI", kTinyMovies},
                                 {"RATE", kNoRatings},
                                 {"STAT", tiny_stats()},
                                 {"MODL", std::move(modl)}}));
}

}  // namespace

TEST(SnapshotModel, ReadsAHandMadeCatalogueAndWritesItBack) {
  const auto model = trained("als", {{"n_factors", 2}});
  const std::vector<uint8_t> saved = model->save_for_new_users();
  ByteWriter modl;
  modl.u8(0);  // f32
  ASSERT_LT(saved.size(), 1u << 14);
  modl.u8(static_cast<uint8_t>(saved.size() | 0x80));  // uvarint, two bytes
  modl.u8(static_cast<uint8_t>(saved.size() >> 7));
  modl.raw(saved.data(), saved.size());
  const std::vector<uint8_t> bytes = assemble({{"META", text_bytes(kTinyMeta)},
                                               {"MOVI", kTinyMovies},
                                               {"RATE", kNoRatings},
                                               {"STAT", tiny_stats()},
                                               {"MODL", modl.bytes()}});
  Dataset d = read_snapshot(bytes);
  ASSERT_TRUE(d.is_catalogue());
  EXPECT_EQ(d.n_users(), 0);
  EXPECT_EQ(d.summary->n_users, 4);
  EXPECT_EQ(d.summary->n_ratings, 10);
  EXPECT_EQ(d.summary->counts, (std::vector<int32_t>{3, 4, 3}));
  EXPECT_FLOAT_EQ(d.summary->means[1], 2.25f);
  EXPECT_DOUBLE_EQ(d.ratings->global_mean, 3.1);
  ASSERT_TRUE(d.model);
  EXPECT_EQ(*d.model, saved);  // f32: byte for byte

  const SnapshotInfo info = snapshot_info(bytes.data(), bytes.size());
  EXPECT_TRUE(info.catalogue);
  EXPECT_EQ(info.model, "als");
  EXPECT_EQ(info.model_factors, "f32");

  // The writer produces the same bytes from the dataset and the model.
  SnapshotWriteOptions o;
  o.source = "by hand";
  o.ratings = false;
  o.model = snapshot_model(*model, FactorEncoding::F32);
  EXPECT_EQ(write_snapshot(d, o), bytes);
  // ...and from the full ratings: STAT summarises them.
  Dataset full = cinerec::testing::tiny_ratings();
  EXPECT_EQ(write_snapshot(full, o), bytes);
}

TEST(SnapshotModel, QuantisedFactorsFollowTheSpecification) {
  const auto model = trained("als", {{"n_factors", 3}});
  const std::vector<uint8_t> saved = model->save_for_new_users();
  const std::vector<float> q = factors_of(*model);
  const size_t at = block_at(saved, *model), cells = q.size(), k = 3;
  ASSERT_EQ(cells, 9u);
  for (FactorEncoding e : {FactorEncoding::F16, FactorEncoding::I8Row, FactorEncoding::I8Column}) {
    SCOPED_TRACE(factor_encoding_name(e));
    // MODL by hand: the saved model minus its block, then the block encoded.
    // `model` is the saved model whose envelope goes in (its header, with the
    // CRC, is in the first `at` bytes).
    ByteWriter block;
    auto modl = [&](const std::vector<uint8_t>& model) {
      ByteWriter w;
      w.u8(static_cast<uint8_t>(e));
      const size_t m = model.size() - 4 * cells;
      w.u8(static_cast<uint8_t>(m | 0x80));
      w.u8(static_cast<uint8_t>(m >> 7));
      w.raw(model.data(), at);
      w.raw(model.data() + at + 4 * cells, model.size() - at - 4 * cells);
      EXPECT_LT(at, 1u << 14);
      w.u8(static_cast<uint8_t>(at | 0x80));
      w.u8(static_cast<uint8_t>(at >> 7));
      w.u8(3);  // n
      w.u8(3);  // k
      w.raw(block.bytes().data(), block.size());
      return w.bytes();
    };
    ByteWriter& w = block;
    std::vector<float> expected(cells);
    if (e == FactorEncoding::F16) {
      for (size_t c = 0; c < cells; ++c) {
        const Eigen::half h(q[c]);
        w.u16(Eigen::numext::bit_cast<uint16_t>(h));
        expected[c] = static_cast<float>(h);
        // the documented bound: relative 2^-11 for normal magnitudes
        EXPECT_LE(std::fabs(expected[c] - q[c]), std::ldexp(std::fabs(q[c]), -11) + std::ldexp(1.0f, -25));
      }
    } else {
      const bool by_row = e == FactorEncoding::I8Row;
      std::vector<float> scale(3, 0.0f);
      for (size_t c = 0; c < cells; ++c) scale[by_row ? c / k : c % k] = std::max(scale[by_row ? c / k : c % k], std::fabs(q[c]));
      for (float& s : scale) {
        s /= 127.0f;
        w.f32(s);
      }
      for (size_t c = 0; c < cells; ++c) {
        const float s = scale[by_row ? c / k : c % k];
        const int8_t v = static_cast<int8_t>(std::lround(q[c] / s));
        w.u8(static_cast<uint8_t>(v));
        expected[c] = v * s;
        EXPECT_LE(std::fabs(expected[c] - q[c]), s / 2 * 1.0001f);  // ≤ max|row or column| / 254
      }
    }
    // The model sealed as the writer seals it: over the factors as restored.
    std::vector<uint8_t> restored = saved;
    std::memcpy(restored.data() + at, expected.data(), 4 * cells);
    reseal(restored);
    ASSERT_NE(restored, saved);
    {
      const Dataset d = catalogue_of(modl(restored));
      ASSERT_TRUE(d.model && d.model_checked);
      EXPECT_EQ(*d.model, restored);  // the reader's bytes are a valid saved model as they are
      EXPECT_EQ(factors_of(*load_model(*d.model)), expected);
      Session s(d);
      ASSERT_TRUE(s.has_model());
      EXPECT_EQ(factors_of(s.model()), expected);
    }
    {
      // A file from an older writer sealed the model over the unquantised
      // factors: the section's CRC covered its bytes, so the Session loads it.
      const Dataset d = catalogue_of(modl(saved));
      Session s(d);
      ASSERT_TRUE(s.has_model());
      EXPECT_EQ(factors_of(s.model()), expected);
      // Outside a snapshot the same bytes are refused (their CRC does not match).
      error_of([&] { load_model(*d.model); }, ErrorCode::ModelCorrupt);
    }
    // The writer encodes alike.
    SnapshotWriteOptions o;
    o.source = "by hand";
    o.ratings = false;
    o.model = snapshot_model(*model, e);
    EXPECT_EQ(write_snapshot(cinerec::testing::tiny_ratings(), o),
              assemble({{"META", text_bytes(kTinyMeta)}, {"MOVI", kTinyMovies}, {"RATE", kNoRatings},
                        {"STAT", tiny_stats()}, {"MODL", modl(restored)}}));
  }
}

TEST(SnapshotModel, ACatalogueFoldsInAndCannotTrain) {
  const auto model = trained("svd", {{"n_factors", 2}, {"n_epochs", 5}});
  SnapshotWriteOptions o;
  o.ratings = false;
  o.model = snapshot_model(*model, FactorEncoding::F32);
  Session s = Session::from_snapshot(write_snapshot(cinerec::testing::tiny_ratings(), o));
  ASSERT_TRUE(s.is_catalogue());
  ASSERT_TRUE(s.has_model());
  EXPECT_EQ(s.model_info()->algorithm, "svd");
  const Profile p = {{0, 5.0f}};
  const std::vector<float> want = model->score(p);
  EXPECT_EQ(s.model().score(p), want);
  const auto top = s.recommend(p, 2, Filters{}, true);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].score, std::max(want[1], want[2]));
  // The statistics survive: the popular list and the min-ratings filter work.
  EXPECT_EQ(s.stats().counts, (std::vector<int32_t>{3, 4, 3}));
  Filters f;
  f.min_ratings = 4;
  const auto only = s.recommend(p, 3, f, false);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].item, 1);
  EXPECT_EQ(s.recommend({}, 3, Filters{}, false).size(), 3u);
  const std::string e = error_of([&] { s.train("svd", Json::object(), FitOptions{}); }, ErrorCode::Catalogue);
  EXPECT_NE(e.find("catalogue"), std::string::npos) << e;
  error_of([&] { s.evaluate("svd", Json::object(), EvalOptions{}); }, ErrorCode::Catalogue);
  // A snapshot with its ratings and a model loads the model and can still train.
  SnapshotWriteOptions with;
  with.model = snapshot_model(*model, FactorEncoding::F32);
  Session full = Session::from_snapshot(write_snapshot(cinerec::testing::tiny_ratings(), with));
  EXPECT_FALSE(full.is_catalogue());
  EXPECT_EQ(full.model().score(p), want);
  EXPECT_NO_THROW(full.train("baseline", Json::object(), FitOptions{}));
}

TEST(SnapshotModel, EveryFactorModelRoundTripsQuantised) {
  for (const char* algo : {"svd", "svdpp", "als", "ials", "bpr", "nmf"}) {
    SCOPED_TRACE(algo);
    const auto model = trained(algo);
    for (FactorEncoding e : {FactorEncoding::F32, FactorEncoding::F16, FactorEncoding::I8Row, FactorEncoding::I8Column}) {
      SnapshotWriteOptions o;
      o.ratings = false;
      o.model = snapshot_model(*model, e);
      Session s = Session::from_snapshot(write_snapshot(cinerec::testing::tiny_ratings(), o));
      const std::vector<float> a = factors_of(*model), b = factors_of(s.model());
      ASSERT_EQ(a.size(), b.size());
      float big = 0, err = 0;
      for (size_t c = 0; c < a.size(); ++c) big = std::max(big, std::fabs(a[c])), err = std::max(err, std::fabs(a[c] - b[c]));
      if (e == FactorEncoding::F32) EXPECT_EQ(err, 0.0f);
      else EXPECT_LE(err, big / 254 * 1.0001f + 1e-7f);
    }
  }
}

TEST(SnapshotModel, ModelsWithoutItemFactorsGoAsTheyAre) {
  const auto knn = trained("item-knn");
  EXPECT_EQ(knn->item_factors().data, nullptr);
  const std::string e = error_of([&] { snapshot_model(*knn, FactorEncoding::I8Row); }, ErrorCode::InvalidArgument);
  EXPECT_NE(e.find("item-knn has no item factors"), std::string::npos) << e;
  SnapshotWriteOptions o;
  o.ratings = false;
  o.model = snapshot_model(*knn, FactorEncoding::F32);
  Session s = Session::from_snapshot(write_snapshot(cinerec::testing::tiny_ratings(), o));
  EXPECT_EQ(s.model().score(Profile{{0, 5.0f}}), knn->score(Profile{{0, 5.0f}}));
}

TEST(SnapshotModel, RefusesDamagedOrForeignModelsByName) {
  const auto model = trained("als", {{"n_factors", 2}});
  const std::vector<uint8_t> saved = model->save_for_new_users();
  auto f32 = [&](const std::vector<uint8_t>& b) {
    ByteWriter w;
    w.u8(0);
    w.u8(static_cast<uint8_t>(b.size() | 0x80));
    w.u8(static_cast<uint8_t>(b.size() >> 7));
    w.raw(b.data(), b.size());
    return w.bytes();
  };
  auto session_error = [&](std::vector<uint8_t> modl) {
    return error_of([&] { Session s(catalogue_of(std::move(modl))); }, ErrorCode::SnapshotCorrupt);
  };
  std::string e = session_error({0x07, 0x00});
  EXPECT_NE(e.find("MODL (model): unknown factor encoding 7"), std::string::npos) << e;
  // a truncated saved model
  std::vector<uint8_t> cut(saved.begin(), saved.end() - 5);
  e = session_error(f32(cut));
  EXPECT_NE(e.find("MODL (model)"), std::string::npos) << e;
  // a model for another catalogue: trained on 2 movies
  Dataset two = cinerec::testing::tiny_ratings();
  two.ratings = RatingMatrix::from_triplets(2, 2, {{0, 0, 5}, {0, 1, 3}, {1, 0, 2}});
  auto other = make_model("als", {{"n_factors", 2}});
  other->fit(two, FitOptions{});
  e = session_error(f32(other->save()));
  EXPECT_NE(e.find("MODL (model): the model was trained on 2 movies but the snapshot has 3"), std::string::npos) << e;
  // quantised: a block for 2 movies in a 3-movie catalogue, and a short block
  {
    SnapshotWriteOptions o;
    o.ratings = false;
    o.model = snapshot_model(*other, FactorEncoding::I8Row);
    error_of([&] { write_snapshot(cinerec::testing::tiny_ratings(), o); }, ErrorCode::InvalidArgument);
    o.model = snapshot_model(*model, FactorEncoding::I8Row);
    const std::vector<uint8_t> b = write_snapshot(cinerec::testing::tiny_ratings(), o);
    const SnapshotInfo info = snapshot_info(b.data(), b.size());
    const SnapshotSection& m = info.sections.back();
    ASSERT_EQ(m.tag, "MODL");
    std::vector<uint8_t> body(b.begin() + static_cast<long>(m.offset), b.end());
    body.pop_back();  // one factor byte fewer (3 scales and 3 × 2 factors make 18)
    e = error_of([&] { catalogue_of(body); }, ErrorCode::SnapshotCorrupt);
    EXPECT_NE(e.find("MODL (model): 17 bytes of item factors, expected 18"), std::string::npos) << e;
  }
  // STAT with the ratings, and counts that do not add up
  e = error_of([&] {
    SnapshotWriteOptions o;
    std::vector<uint8_t> full = write_snapshot(cinerec::testing::tiny_ratings(), o);
    const SnapshotInfo info = snapshot_info(full.data(), full.size());
    std::vector<std::pair<std::string, std::vector<uint8_t>>> parts;
    for (const SnapshotSection& s : info.sections)
      parts.emplace_back(s.tag, std::vector<uint8_t>(full.begin() + static_cast<long>(s.offset),
                                                     full.begin() + static_cast<long>(s.offset + s.length)));
    parts.emplace_back("STAT", tiny_stats());
    read_snapshot(assemble(parts));
  }, ErrorCode::SnapshotCorrupt);
  EXPECT_NE(e.find("STAT (movie statistics) in a snapshot that has its ratings"), std::string::npos) << e;
  std::vector<uint8_t> stats = tiny_stats();
  stats[1] = 11;
  e = error_of([&] {
    read_snapshot(assemble({{"META", text_bytes(kTinyMeta)}, {"MOVI", kTinyMovies}, {"RATE", kNoRatings}, {"STAT", stats}}));
  }, ErrorCode::SnapshotCorrupt);
  EXPECT_NE(e.find("STAT (movie statistics): movie rating counts add up to 10, not 11"), std::string::npos) << e;
}
