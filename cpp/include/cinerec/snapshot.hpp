// The compact snapshot (docs/snapshot-format.md): a versioned little-endian
// binary with a section table and a CRC-32 per section.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <optional>

#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

constexpr uint32_t kSnapshotVersion = 1;

struct SnapshotSection {
  std::string tag;       // "META", "MOVI", "TAGS", "LINK", "TMDB", "RATE", ...
  uint64_t offset = 0;   // from the start of the file
  uint64_t length = 0;   // bytes
  uint32_t crc32 = 0;
};

struct SnapshotInfo {
  uint32_t version = 0;
  std::string name;         // dataset name
  std::string source;       // where it was built from
  int32_t n_movies = 0;
  int32_t n_users = 0;
  int64_t n_ratings = 0;
  bool has_tags = false;
  bool has_links = false;
  bool has_timestamps = false;
  bool has_tmdb = false;    // a TMDB section: overviews, directors, cast, keywords
  bool catalogue = false;       // STAT instead of ratings: n_users/n_ratings are 0, the summary has them
  std::string model;            // the algorithm of the model it carries (MODL), "" when none
  std::string model_factors;    // how its item factors are stored: "f32", "f16", "i8", "i8-col"
  uint64_t file_bytes = 0;
  std::vector<std::string> genre_names;
  std::vector<SnapshotSection> sections;  // in file order
};

// How a snapshot stores a model's item factors (docs/snapshot-format.md MODL).
enum class FactorEncoding : uint8_t {
  F32 = 0,       // as saved
  F16 = 1,       // IEEE binary16, round to nearest even
  I8Row = 2,     // int8 with one f32 scale per item: max|row| / 127
  I8Column = 3,  // int8 with one f32 scale per factor: max|column| / 127
};
// "f32", "f16", "i8" (per row), "i8-col"; anything else is InvalidArgument.
FactorEncoding factor_encoding(const std::string& name);
const char* factor_encoding_name(FactorEncoding e);

// A trained model ready to embed: its saved bytes and where in them its item
// factors lie (Model::item_factors), so they can be stored quantised.
struct SnapshotModel {
  std::vector<uint8_t> bytes;  // Model::save
  int64_t factors_at = -1;     // offset of the rows × cols f32 block in bytes; -1 = no item factors
  int64_t rows = 0, cols = 0;
  FactorEncoding encoding = FactorEncoding::F32;
};
// Throws InvalidArgument when a quantised encoding is asked of a model
// without item factors (item-item models, popularity...), naming it.
SnapshotModel snapshot_model(const Model& model, FactorEncoding encoding);

struct SnapshotWriteOptions {
  std::string source;        // free text recorded in the header, e.g. "dslabs::movielens"
  bool timestamps = false;   // include rating timestamps (larger; for leave-last eval)
  bool ratings = true;       // false: a catalogue (STAT, the per-movie summary, instead of the ratings)
  std::optional<SnapshotModel> model;  // embed it (MODL)
};

// Serialises a dataset. Deterministic: the same dataset gives the same bytes.
std::vector<uint8_t> write_snapshot(const Dataset& data, const SnapshotWriteOptions& options = {});
// Parses bytes; throws Error(SnapshotCorrupt / SnapshotVersion) with a
// message naming the section and what was wrong. A model section becomes
// Dataset::model (item factors dequantised to f32); a catalogue's STAT
// becomes Dataset::summary.
Dataset read_snapshot(const uint8_t* bytes, size_t size);
inline Dataset read_snapshot(const std::vector<uint8_t>& bytes) {
  return read_snapshot(bytes.data(), bytes.size());
}
// Reads the header and META only (checks the header's and META's checksums,
// not the other sections'); throws like read_snapshot.
SnapshotInfo snapshot_info(const uint8_t* bytes, size_t size);

}  // namespace cinerec
