// The compact snapshot (docs/snapshot-format.md): a versioned little-endian
// binary with a section table and a CRC-32 per section.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"

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
  uint64_t file_bytes = 0;
  std::vector<std::string> genre_names;
  std::vector<SnapshotSection> sections;  // in file order
};

struct SnapshotWriteOptions {
  std::string source;        // free text recorded in the header, e.g. "dslabs::movielens"
  bool timestamps = false;   // include rating timestamps (larger; for leave-last eval)
};

// Serialises a dataset. Deterministic: the same dataset gives the same bytes.
std::vector<uint8_t> write_snapshot(const Dataset& data, const SnapshotWriteOptions& options = {});
// Parses bytes; throws Error(SnapshotCorrupt / SnapshotVersion) with a
// message naming the section and what was wrong.
Dataset read_snapshot(const uint8_t* bytes, size_t size);
inline Dataset read_snapshot(const std::vector<uint8_t>& bytes) {
  return read_snapshot(bytes.data(), bytes.size());
}
// Reads the header and META only (checks the header's and META's checksums,
// not the other sections'); throws like read_snapshot.
SnapshotInfo snapshot_info(const uint8_t* bytes, size_t size);

}  // namespace cinerec
