// cinerec snapshot: build a compact snapshot from a MovieLens folder, or
// describe one (docs/snapshot-format.md, docs/data.md).
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"
#include "cinerec/movielens.hpp"
#include "cinerec/session.hpp"
#include "cinerec/snapshot.hpp"
#include "cinerec/tmdb.hpp"
#include "cli_common.hpp"
#include "commands.hpp"

namespace cinerec::cli {
namespace {

const char* kSnapshotUsage =
    "usage: cinerec snapshot --from DIR --out FILE [--name NAME] [--source TEXT] [--timestamps] [--threads N]\n"
    "                        [--tmdb TMDB_DIR [--tmdb-cast N] [--no-overview]]\n"
    "                        [--model MODEL] [--ratings all|none] [--factors f32|f16|i8|i8-col]\n"
    "       cinerec snapshot --info FILE\n"
    "  --from DIR      a MovieLens folder: ml-latest(-small)/ml-20m/ml-25m (ratings.csv, movies.csv),\n"
    "                  ml-100k (u.data, u.item), ml-1m/ml-10m (ratings.dat, movies.dat)\n"
    "  --out FILE      the snapshot to write (written to FILE.tmp, then renamed)\n"
    "  --name NAME     dataset name recorded in the snapshot (default: the folder's name)\n"
    "  --source TEXT   free text recorded in the snapshot (default: \"MovieLens folder NAME\")\n"
    "  --timestamps    keep rating timestamps (larger; needed by time-based evaluation)\n"
    "  --tmdb DIR      add overview, directors, cast, keywords, runtime and language from TMDb data\n"
    "                  on disk: TMDBID.json responses (scripts/fetch-tmdb.sh) or The Movies Dataset's\n"
    "                  movies_metadata.csv, credits.csv, keywords.csv; joined on links.csv's ids\n"
    "  --tmdb-cast N   top-billed cast kept per movie (default 6)\n"
    "  --no-overview   leave the overviews out (most of the TMDb bytes)\n"
    "  --threads N     threads parsing the rating file (the snapshot does not depend on it; default 1)\n"
    "  --model MODEL   embed a model saved by cinerec train on the same data: the browser then\n"
    "                  recommends without training (docs/snapshot-format.md, MODL)\n"
    "  --ratings none  a catalogue: movies, per-movie statistics and the model, no ratings; browsers\n"
    "                  fold in against the model and cannot retrain (needs --model; default all)\n"
    "  --factors E     how the model's item factors are stored: f32 (default), f16, i8 (a scale per\n"
    "                  movie) or i8-col (a scale per factor); models without item factors take f32 only\n"
    "  --info FILE     print what a snapshot holds and check every section's checksum\n";

std::string base_name(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string tmdb_summary(const Catalog& c) {
  int32_t movies = 0, overviews = 0;
  for (const MovieDetails& d : c.details) {
    movies += !d.empty();
    overviews += !d.overview.empty();
  }
  return std::to_string(movies) + " movies (" + std::to_string(overviews) + " overviews), " +
         std::to_string(c.people.size()) + " people, " + std::to_string(c.keyword_names.size()) + " keywords";
}

// The build report of --tmdb: counts, throughput, and the first problems.
void print_tmdb_report(const TmdbReport& r, const std::string& folder) {
  std::printf("tmdb: %s in %s: %d movies, %d with an id, %d enriched; %lld responses (%.1f MB) parsed in %.2f s "
              "(%.0f/s)",
              r.layout.c_str(), folder.c_str(), r.movies, r.with_id, r.enriched, static_cast<long long>(r.parsed),
              r.bytes / 1e6, r.seconds, r.seconds > 0 ? r.parsed / r.seconds : 0.0);
  if (r.missing) std::printf("; %d without a response", r.missing);
  int32_t skipped = 0;
  for (const auto& kv : r.skipped) skipped += kv.second;
  if (skipped) {
    std::printf("; skipped %d:", skipped);
    const char* sep = " ";
    for (const auto& [reason, count] : r.skipped) {
      std::printf("%s%d %s", sep, count, reason.c_str());
      sep = ", ";
    }
  }
  if (r.incomplete) std::printf("; %d incomplete (fields left out)", r.incomplete);
  if (r.overviews_cut) std::printf("; %d overviews cut", r.overviews_cut);
  std::printf("\n");
  for (const std::string& n : r.notes) std::printf("  %s\n", n.c_str());
}

int info(const std::string& path) {
  std::vector<uint8_t> bytes = read_file_bytes(path);
  SnapshotInfo i = snapshot_info(bytes.data(), bytes.size());
  auto t0 = std::chrono::steady_clock::now();
  Dataset d = read_snapshot(bytes);  // checks every section, not only META
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "file        " << path << "\n"
            << "bytes       " << i.file_bytes << "\n"
            << "version     " << i.version << "\n"
            << "name        " << i.name << "\n"
            << "source      " << i.source << "\n"
            << "movies      " << i.n_movies << "\n"
            << "users       " << i.n_users << "\n"
            << "ratings     " << i.n_ratings << "\n"
            << "scale       " << d.rating_min << " to " << d.rating_max << "\n"
            << "genres      " << i.genre_names.size() << "\n"
            << "tags        " << (i.has_tags ? std::to_string(d.catalog->tag_names.size()) + " names" : "no") << "\n"
            << "links       " << (i.has_links ? "yes" : "no") << "\n"
            << "timestamps  " << (i.has_timestamps ? "yes" : "no") << "\n"
            << "catalogue   " << (i.catalogue ? "yes (no ratings; per-movie statistics of " +
                                                    std::to_string(d.summary->n_ratings) + " ratings)"
                                              : std::string("no")) << "\n"
            << "model       " << (i.model.empty() ? std::string("none") : i.model + ", item factors " + i.model_factors)
            << "\n"
            << "tmdb        " << (i.has_tmdb ? tmdb_summary(*d.catalog) : "no") << "\n"
            << "sections   ";
  for (const SnapshotSection& s : i.sections) std::cout << " " << s.tag << ":" << s.length;
  std::printf("\nchecksums   ok (parsed in %.1f ms)\n", ms);
  return 0;
}

}  // namespace

int cmd_snapshot(const Args& args) {
  const Options o = parse_options(args, "snapshot",
                                  {"from", "out", "name", "source", "info", "threads", "tmdb", "tmdb-cast", "model",
                                   "ratings", "factors"},
                                  {}, {"timestamps", "no-overview"});
  if (o.has("help")) {
    std::cout << kSnapshotUsage;
    return 0;
  }
  const std::string from = o.get("from"), out = o.get("out");
  const bool timestamps = o.has("timestamps");
  if (o.has("info")) {
    if (o.has("from") || o.has("out"))
      throw Error(ErrorCode::InvalidArgument, "snapshot: --info does not go with --from/--out");
    return info(o.get("info"));
  }
  if (from.empty() || out.empty())
    throw Error(ErrorCode::InvalidArgument,
                "snapshot: needs --from DIR and --out FILE, or --info FILE (see cinerec snapshot --help)");

  const std::string ratings = o.get("ratings", "all");
  if (ratings != "all" && ratings != "none")
    throw Error(ErrorCode::InvalidArgument, "snapshot: --ratings must be all or none, got '" + ratings + "'");
  if (ratings == "none" && !o.has("model"))
    throw Error(ErrorCode::InvalidArgument, "snapshot: --ratings none makes a catalogue, which needs --model MODEL");
  if (o.has("factors") && !o.has("model"))
    throw Error(ErrorCode::InvalidArgument, "snapshot: --factors needs --model MODEL");
  const FactorEncoding encoding = factor_encoding(o.get("factors", "f32"));

  auto t0 = std::chrono::steady_clock::now();
  // A MovieLens folder, or a snapshot file (e.g. to add a model to one); a
  // path that is neither is reported as a missing MovieLens folder.
  const int32_t threads = static_cast<int32_t>(o.integer("threads", 1, 1, 256));
  Dataset d = file_exists(from) ? load_data(from, threads) : load_movielens(from, MovieLensLayout::Auto, threads);
  double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (o.has("name")) d.name = o.get("name");
  if (o.has("tmdb")) {
    TmdbOptions t;
    t.max_cast = static_cast<int32_t>(o.integer("tmdb-cast", t.max_cast, 0, 1000));
    t.overview = !o.has("no-overview");
    auto cat = std::make_shared<Catalog>(*d.catalog);
    print_tmdb_report(add_tmdb(*cat, o.get("tmdb"), t), o.get("tmdb"));
    d.catalog = std::move(cat);
  } else if (o.has("tmdb-cast") || o.has("no-overview")) {
    throw Error(ErrorCode::InvalidArgument, "snapshot: --tmdb-cast and --no-overview go with --tmdb DIR");
  }
  SnapshotWriteOptions options;
  options.source = o.has("source") ? o.get("source") : "MovieLens folder " + base_name(from);
  options.timestamps = timestamps;
  options.ratings = ratings == "all";
  if (o.has("model")) {
    // Loaded against this data, so a model for another catalogue is refused here, by name.
    const std::string path = o.get("model");
    Session s(d);
    try {
      s.load_model(read_file_bytes(path));
    } catch (const Error& e) {
      throw Error(e.code(), path + ": " + e.what());
    }
    options.model = snapshot_model(s.model(), encoding);
  }
  std::vector<uint8_t> bytes = write_snapshot(d, options);
  write_file(out, bytes);
  std::printf("wrote %s: %zu bytes, %d movies, %d users, %lld ratings%s%s%s%s (loaded in %.0f ms)\n",
              out.c_str(), bytes.size(), d.n_items(), options.ratings ? d.n_users() : 0,
              static_cast<long long>(options.ratings ? d.ratings->nnz() : 0),
              d.catalog->tag_names.empty() ? "" : ", tags",
              options.ratings && timestamps && !d.ratings->user_time.empty() ? ", timestamps" : "",
              d.catalog->details.empty() ? "" : ", TMDb details",
              options.model ? (std::string(", model ") + factor_encoding_name(encoding)).c_str() : "", load_ms);
  return 0;
}

}  // namespace cinerec::cli
