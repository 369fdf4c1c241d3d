#include "targets.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"
#include "cinerec/movielens.hpp"
#include "cinerec/session.hpp"
#include "cinerec/snapshot.hpp"
#include "synthetic_data.hpp"

namespace cinerec::fuzz {
namespace {

[[noreturn]] void broken(const std::string& why) {
  std::fprintf(stderr, "fuzz: invariant broken: %s\n", why.c_str());
  std::abort();
}
#define CINEREC_FUZZ_CHECK(cond) \
  if (!(cond)) broken(#cond)

// A private scratch folder for the multi-file inputs, removed at exit.
const std::string& scratch() {
  static const std::string dir = [] {
    const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string tmpl = std::string(base) + "/cinerec-fuzz-XXXXXX";
    if (!mkdtemp(tmpl.data())) broken("cannot create a scratch folder in " + std::string(base));
    static std::string keep;
    keep = tmpl;
    std::atexit([] { std::filesystem::remove_all(keep); });
    return tmpl;
  }();
  return dir;
}

// Writes the files of a multi-file input into a fresh folder: names[k] gets
// part k; names beyond the parts are absent.
std::string folder_of(const std::vector<std::string>& parts, const std::vector<const char*>& names,
                      const char* leaf) {
  const std::string dir = scratch() + "/" + leaf;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (size_t k = 0; k < names.size() && k < parts.size(); ++k) {
    std::ofstream out(dir + "/" + names[k], std::ios::binary);
    out.write(parts[k].data(), static_cast<std::streamsize>(parts[k].size()));
  }
  return dir;
}

void use_session(const Session& s) {
  // What the app does right after loading: tags, statistics, a profile.
  (void)s.tags_most_used();
  CINEREC_FUZZ_CHECK(s.stats().counts.size() == static_cast<size_t>(s.catalog().size()));
}

void snapshot(const uint8_t* data, size_t size) {
  try {
    (void)snapshot_info(data, size);
  } catch (const Error&) {
  }
  try {
    Session s = Session::from_snapshot(std::vector<uint8_t>(data, data + size));
    check_dataset(s.data());
    use_session(s);
  } catch (const Error&) {
  }
}

void movielens(const uint8_t* data, size_t size, MovieLensLayout layout, const std::vector<const char*>& names,
               const char* leaf) {
  const std::vector<std::string> parts = split_files(data, size);
  const std::string dir = folder_of(parts, names, leaf);
  try {
    Dataset d = load_movielens(dir, layout);
    check_dataset(d);
    // ml-100k's u1.base and the like: one more rating file against the folder.
    if (layout == MovieLensLayout::Ml100k && parts.size() > names.size()) {
      std::ofstream(dir + "/u1.base", std::ios::binary) << parts[names.size()];
      check_dataset(load_rating_file(dir + "/u1.base", d));
    }
  } catch (const Error&) {
  }
}

void movielens_csv(const uint8_t* data, size_t size) {
  movielens(data, size, MovieLensLayout::Csv, {"movies.csv", "ratings.csv", "tags.csv", "links.csv"}, "csv");
}
void movielens_100k(const uint8_t* data, size_t size) {
  movielens(data, size, MovieLensLayout::Ml100k, {"u.item", "u.data", "u.genre"}, "ml100k");
}
void movielens_dat(const uint8_t* data, size_t size) {
  movielens(data, size, MovieLensLayout::Dat, {"movies.dat", "ratings.dat", "tags.dat"}, "dat");
}

void model(const uint8_t* data, size_t size) {
  Session s(model_dataset());
  try {
    s.load_model(std::vector<uint8_t>(data, data + size));
  } catch (const Error&) {
    return;
  }
  // A model that loads must answer like any other (errors allowed, no crash).
  const int32_t n = s.catalog().size();
  const Profile profile = {{0, 4.5f}, {3, 2.0f}, {7, 5.0f}, {n - 1, 3.0f}};
  try {
    const auto recs = s.recommend(profile, 10, Filters{}, true);
    for (const Recommendation& r : recs) CINEREC_FUZZ_CHECK(r.item >= 0 && r.item < n);
    (void)s.explain(profile, recs.empty() ? 1 : recs[0].item);
    (void)s.predict(profile, 2);
  } catch (const Error&) {
  }
  try {
    (void)s.recommend({}, 5, Filters{}, true);
  } catch (const Error&) {
  }
  for (int32_t item : {0, n - 1}) {
    try {
      for (const Scored& x : s.similar(item, 5)) CINEREC_FUZZ_CHECK(x.item >= 0 && x.item < n && x.item != item);
    } catch (const Error&) {
    }
  }
}

void person_ratings(const uint8_t* data, size_t size) {
  try {
    for (const auto& [movie, rating] : parse_person_ratings(std::string(data, data + size), "ratings.csv"))
      CINEREC_FUZZ_CHECK(rating >= 0.5f && rating <= 5.0f && std::fmod(rating * 2, 1.0f) == 0);
  } catch (const Error&) {
  }
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> t = {
      {"snapshot", "a .cinerec snapshot: Session::from_snapshot, snapshot_info", snapshot},
      {"movielens-csv", "an ml-latest folder: movies.csv, ratings.csv, tags.csv, links.csv", movielens_csv},
      {"movielens-100k", "an ml-100k folder: u.item, u.data, u.genre, then u1.base", movielens_100k},
      {"movielens-dat", "an ml-1m/ml-10m folder: movies.dat, ratings.dat, tags.dat", movielens_dat},
      {"model", "a saved model of any algorithm: Session::load_model, then recommend/explain/similar", model},
      {"person-ratings", "the CLI's --ratings file: parse_person_ratings", person_ratings},
      // The Spark import (item factors from Spark MLlib ALS) gets its row here
      // with its reader: {"spark-import", "...", spark_import}, and seeds in
      // tests/fuzz/corpus/spark-import/.
  };
  return t;
}

const Target& target(const std::string& name) {
  for (const Target& t : targets())
    if (name == t.name) return t;
  broken("no fuzz target named " + name);
}

std::vector<std::string> split_files(const uint8_t* data, size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const std::string sep = kFileSeparator;
  std::vector<std::string> parts;
  size_t at = 0;
  for (size_t next; (next = all.find(sep, at)) != std::string::npos; at = next + sep.size())
    parts.push_back(all.substr(at, next - at));
  parts.push_back(all.substr(at));
  return parts;
}

void check_dataset(const Dataset& d) {
  CINEREC_FUZZ_CHECK(d.catalog != nullptr);
  const Catalog& c = *d.catalog;
  const RatingMatrix& m = *d.ratings;
  CINEREC_FUZZ_CHECK(m.n_items == c.size());
  CINEREC_FUZZ_CHECK(m.n_users == static_cast<int32_t>(d.user_ids.size()));
  CINEREC_FUZZ_CHECK(c.genre_names.size() <= 32);
  CINEREC_FUZZ_CHECK(c.movie_tags.empty() || c.movie_tags.size() == c.movies.size());
  for (const auto& tags : c.movie_tags)
    for (const TagCount& t : tags) CINEREC_FUZZ_CHECK(t.tag >= 0 && t.tag < static_cast<int32_t>(c.tag_names.size()));
  for (int32_t i = 0; i < c.size(); ++i) CINEREC_FUZZ_CHECK(c.find(c.movies[i].id) == i);
  CINEREC_FUZZ_CHECK(std::isfinite(d.rating_min) && std::isfinite(d.rating_max) && d.rating_min <= d.rating_max);
  CINEREC_FUZZ_CHECK(m.user_ptr.size() == static_cast<size_t>(m.n_users) + 1);
  CINEREC_FUZZ_CHECK(m.item_ptr.size() == static_cast<size_t>(m.n_items) + 1);
  CINEREC_FUZZ_CHECK(m.user_ptr.front() == 0 && m.user_ptr.back() == m.nnz());
  CINEREC_FUZZ_CHECK(m.item_ptr.front() == 0 && m.item_ptr.back() == m.nnz());
  CINEREC_FUZZ_CHECK(m.user_value.size() == m.user_item.size() && m.item_user.size() == m.user_item.size());
  CINEREC_FUZZ_CHECK(m.user_time.empty() || m.user_time.size() == m.user_item.size());
  for (int32_t u = 0; u < m.n_users; ++u) {
    CINEREC_FUZZ_CHECK(m.user_ptr[u] <= m.user_ptr[u + 1]);
    for (int64_t x = m.user_ptr[u]; x < m.user_ptr[u + 1]; ++x) {
      CINEREC_FUZZ_CHECK(m.user_item[x] >= 0 && m.user_item[x] < m.n_items);
      CINEREC_FUZZ_CHECK(x == m.user_ptr[u] || m.user_item[x - 1] < m.user_item[x]);
      CINEREC_FUZZ_CHECK(m.user_value[x] >= d.rating_min && m.user_value[x] <= d.rating_max);
    }
  }
  for (int32_t i = 0; i < m.n_items; ++i) {
    CINEREC_FUZZ_CHECK(m.item_ptr[i] <= m.item_ptr[i + 1]);
    for (int64_t x = m.item_ptr[i]; x < m.item_ptr[i + 1]; ++x)
      CINEREC_FUZZ_CHECK(m.item_user[x] >= 0 && m.item_user[x] < m.n_users);
  }
}

const Dataset& model_dataset() { return testing::synthetic(); }

}  // namespace cinerec::fuzz
