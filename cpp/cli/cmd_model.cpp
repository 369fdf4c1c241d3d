// cinerec train / recommend / similar: a model trained once natively, then
// used for one person, on the same cinerec::Session the browser uses.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cinerec/error.hpp"
#include "cinerec/movielens.hpp"
#include "cinerec/session.hpp"
#include "cli_common.hpp"
#include "reason_text.hpp"

namespace cinerec::cli {
namespace {

const char* kTrainHelp =
    "usage: cinerec train --data PATH --algo NAME [--param k=v]... [--preset P] [--threads N] [--seed N] --out MODEL\n"
    "  --data PATH     a MovieLens folder or a .cinerec snapshot\n"
    "  --algo NAME     an algorithm (cinerec algorithms)\n"
    "  --param k=v     a hyper-parameter (repeatable); --preset default|best|surprise underneath\n"
    "  --threads N     threads for reading a MovieLens folder and for training (default 1)\n"
    "  --seed N        the training seed (default 42)\n"
    "  --out MODEL     the saved model (the bytes rec.loadModel reads), written to MODEL.tmp then renamed\n";

const char* kRecommendHelp =
    "usage: cinerec recommend --data PATH --model MODEL (--user ID | --ratings FILE) [--n N] [--json FILE|-]\n"
    "  --model MODEL   a model saved by cinerec train (or by rec.saveModel) on the same data\n"
    "  --user ID       a user of the data: their ratings there are the profile\n"
    "  --ratings FILE  a CSV of one person's ratings: a header with movieId and rating (a MovieLens\n"
    "                  ratings.csv filtered to one user works), or two columns movieId,rating\n"
    "  --n N           how many (default 10)\n"
    "  --json FILE|-   write {algorithm, user, recommendations: [{movieId, title, year, score, reason,\n"
    "                  reasons}]}: reason is the sentence the app shows, reasons its structured parts\n";

const char* kSimilarHelp =
    "usage: cinerec similar --data PATH [--model MODEL] --movie ID [--by ratings|model] [--min-ratings N]\n"
    "                       [--n N] [--json FILE|-]\n"
    "  --movie ID        a MovieLens movieId of the data\n"
    "  --by ratings      (default) from who rated both and how alike, shrunk when few did, weighted by\n"
    "                    shared genres; needs no model (docs/api.md, similar)\n"
    "  --by model        the neighbours of the model saved in MODEL\n"
    "  --min-ratings N   neighbours need N ratings (default 20, less on small catalogues; 0 = none)\n"
    "  --json FILE|-     write {algorithm, by, movie, similar: [{movieId, title, year, score}]}\n";

std::string required(const Options& o, const std::string& name, const std::string& command) {
  const std::string v = o.get(name);
  if (v.empty()) throw Error(ErrorCode::InvalidArgument, command + ": --" + name + " is required (see cinerec " + command + " --help)");
  return v;
}

// The data and the saved model, checked against each other.
Session open_session(const Options& o, const std::string& command) {
  const std::string data = required(o, "data", command), model = required(o, "model", command);
  Session s(load_data(data));
  s.load_model(read_file_bytes(model));
  return s;
}

nlohmann::ordered_json movie_json(const Session& s, int32_t item, float score) {
  const Movie& m = s.catalog().movies[item];
  nlohmann::ordered_json j;
  j["movieId"] = m.id;
  j["title"] = m.title;
  j["year"] = m.year > 0 ? nlohmann::ordered_json(m.year) : nlohmann::ordered_json(nullptr);
  j["score"] = std::isfinite(score) ? nlohmann::ordered_json(score) : nlohmann::ordered_json(nullptr);
  return j;
}

// The structured reasons, with the rated movies' ids and titles.
nlohmann::ordered_json reasons_json(const Session& s, const Why& why) {
  nlohmann::ordered_json parts = nlohmann::ordered_json::array();
  for (const Reason& r : why.parts) {
    nlohmann::ordered_json p;
    p["kind"] = reason_kind_name(r.kind);
    if (r.kind == ReasonKind::RatedMovie) {
      p["movieId"] = s.catalog().movies[r.item].id;
      p["title"] = s.catalog().movies[r.item].title;
    } else if (!r.name.empty()) {
      p["name"] = r.name;
    }
    p["weight"] = std::isfinite(r.weight) ? nlohmann::ordered_json(r.weight) : nlohmann::ordered_json(nullptr);
    parts.push_back(std::move(p));
  }
  return parts;
}

void write_json(const nlohmann::ordered_json& j, const std::string& path) {
  const std::string text = j.dump(2) + "\n";
  if (path == "-") std::cout << text;
  else write_file(path, text);
}

// "  1    0.2254  Title (1983)" per line, then "  — reason" when given.
template <class Ranked>
void print_ranked(const Session& s, const std::vector<Ranked>& top, const std::vector<std::string>& reasons = {}) {
  for (size_t k = 0; k < top.size(); ++k) {
    const Movie& m = s.catalog().movies[top[k].item];
    const std::string year = m.year > 0 ? " (" + std::to_string(m.year) + ")" : "";
    const std::string why = k < reasons.size() && !reasons[k].empty() ? "  — " + reasons[k] : "";
    std::printf("%3zu  %8.4f  %s%s%s\n", k + 1, top[k].score, m.title.c_str(), year.c_str(), why.c_str());
  }
}

}  // namespace

int cmd_train(const Args& args) {
  Options o = parse_options(args, "train", {"data", "algo", "preset", "threads", "seed", "out"}, {"param"}, {});
  if (o.has("help")) {
    std::cout << kTrainHelp;
    return 0;
  }
  const std::string algo = required(o, "algo", "train");
  const std::string out = required(o, "out", "train");
  const Json params = model_params(o, algo);
  make_model(algo, params);  // a bad name or parameter fails before the data is read
  FitOptions fo;
  fo.seed = static_cast<uint64_t>(o.integer("seed", 42, 0, INT64_MAX));
  fo.threads = static_cast<int32_t>(o.integer("threads", 1, 1, 256));
  Session s(load_data(required(o, "data", "train"), fo.threads));
  ProgressBar bar;
  // Only for a terminal: with a callback, models also compute the loss it
  // would carry after each epoch (ials: a tenth of its training time).
  if (bar.shown())
    fo.progress = [&](const Progress& p) {
      std::string label = algo + " " + p.stage;
      if (p.total_epochs > 0) label += " " + std::to_string(p.epoch) + "/" + std::to_string(p.total_epochs);
      bar.update(p.total_epochs > 0 ? static_cast<double>(p.epoch) / p.total_epochs : 0.0, label);
      return true;
    };
  const ModelInfo& info = s.train(algo, params, fo);
  bar.clear();
  const std::vector<uint8_t> bytes = s.save_model();
  write_file(out, bytes);
  std::fprintf(stderr, "%s on %s (%d users, %d movies, %lld ratings): trained in %.2f s, %zu bytes to %s\n",
               info.algorithm.c_str(), s.data().name.c_str(), s.data().n_users(), s.data().n_items(),
               static_cast<long long>(s.data().ratings->nnz()), info.train_seconds.value_or(0), bytes.size(),
               out.c_str());
  return 0;
}

int cmd_recommend(const Args& args) {
  Options o = parse_options(args, "recommend", {"data", "model", "user", "ratings", "n", "json"}, {}, {});
  if (o.has("help")) {
    std::cout << kRecommendHelp;
    return 0;
  }
  if (o.has("user") == o.has("ratings"))
    throw Error(ErrorCode::InvalidArgument, "recommend: give one of --user ID or --ratings FILE");
  const int32_t n = static_cast<int32_t>(o.integer("n", 10, 0, 100000));
  Session s = open_session(o, "recommend");
  Profile profile;
  nlohmann::ordered_json user = nullptr;
  if (o.has("user")) {
    const int64_t id = o.integer("user", 0, INT64_MIN, INT64_MAX);
    const auto& ids = s.data().user_ids;
    int32_t u = -1;
    for (size_t k = 0; k < ids.size(); ++k)
      if (ids[k] == id) u = static_cast<int32_t>(k);
    if (u < 0) throw Error(ErrorCode::InvalidArgument, "recommend: user " + std::to_string(id) + " is not in the data");
    profile = profile_of(*s.data().ratings, u);
    user = id;
  } else {
    profile = s.profile(read_person_ratings(o.get("ratings")));
  }
  const std::vector<Recommendation> top = s.recommend(profile, n, Filters{}, true);
  nlohmann::ordered_json j;
  j["algorithm"] = s.model_info()->algorithm;
  j["user"] = user;
  j["recommendations"] = nlohmann::ordered_json::array();
  std::vector<std::string> reasons;
  for (const Recommendation& r : top) {
    nlohmann::ordered_json m = movie_json(s, r.item, r.score);
    reasons.push_back(reason_text(s, *r.why, profile, r.item));
    m["reason"] = reasons.back();
    m["reasons"] = reasons_json(s, *r.why);
    j["recommendations"].push_back(std::move(m));
  }
  if (o.has("json")) write_json(j, o.get("json"));
  else print_ranked(s, top, reasons);
  return 0;
}

int cmd_similar(const Args& args) {
  Options o = parse_options(args, "similar", {"data", "model", "movie", "by", "min-ratings", "n", "json"}, {}, {});
  if (o.has("help")) {
    std::cout << kSimilarHelp;
    return 0;
  }
  const int64_t movie = o.integer("movie", 0, INT64_MIN, INT64_MAX);
  if (!o.has("movie")) throw Error(ErrorCode::InvalidArgument, "similar: --movie is required (see cinerec similar --help)");
  const int32_t n = static_cast<int32_t>(o.integer("n", 10, 0, 100000));
  SimilarOptions options;
  const std::string by = o.has("by") ? o.get("by") : "ratings";
  if (by == "model") options.by = SimilarBy::Model;
  else if (by != "ratings") throw Error(ErrorCode::InvalidArgument, "similar: --by must be ratings or model, got '" + by + "'");
  options.min_ratings = static_cast<int32_t>(o.integer("min-ratings", -1, 0, INT32_MAX));
  if (options.by == SimilarBy::Model && !o.has("model"))
    throw Error(ErrorCode::InvalidArgument, "similar: --by model needs --model (see cinerec similar --help)");
  Session s = o.has("model") ? open_session(o, "similar") : Session(load_data(required(o, "data", "similar")));
  const int32_t item = s.catalog().item(movie);
  const std::vector<Scored> top = s.similar(item, n, options);
  nlohmann::ordered_json j;
  j["algorithm"] = s.model_info() ? nlohmann::ordered_json(s.model_info()->algorithm) : nlohmann::ordered_json(nullptr);
  j["by"] = by;
  j["movie"] = movie_json(s, item, NAN);
  j["movie"].erase("score");
  j["similar"] = nlohmann::ordered_json::array();
  for (const Scored& x : top) j["similar"].push_back(movie_json(s, x.item, x.score));
  if (o.has("json")) write_json(j, o.get("json"));
  else print_ranked(s, top);
  return 0;
}

}  // namespace cinerec::cli
