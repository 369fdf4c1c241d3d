// cinerec import-spark: a model from the item factors Spark MLlib's ALS
// learned (scripts/spark/README.md), folded in by the objective Spark trained
// with. Two layouts are read: ALSModel.save(path) (metadata/ and
// itemFactors/ Parquet, read by scripts/spark/read-factors.mjs with
// hyparquet) and model.itemFactors.write.json(path) (JSON lines).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cinerec/error.hpp"
#include "cinerec/import.hpp"
#include "cli_common.hpp"

namespace cinerec::cli {
namespace {

const char* kHelp =
    "usage: cinerec import-spark --from DIR --data PATH --out MODEL [--params FILE] [--reg L] [--implicit] [--alpha A]\n"
    "  --from DIR      what Spark wrote: ALSModel.save(DIR) (metadata/, itemFactors/ Parquet), or\n"
    "                  model.itemFactors.write.json(DIR) (part-*.json lines {\"id\", \"features\"})\n"
    "  --data PATH     the catalogue the factors belong to (a MovieLens folder or a .cinerec snapshot);\n"
    "                  Spark's item ids are its movieIds\n"
    "  --out MODEL     the model (als for explicit ALS, ials for implicitPrefs), written to MODEL.tmp then renamed\n"
    "  --params FILE   the job's parameters (default DIR/cinerec-spark.json, written by scripts/spark/train_als.py):\n"
    "                  {\"regParam\", \"implicitPrefs\", \"alpha\", \"rank\", \"maxIter\", \"nonnegative\"}\n"
    "  --reg L, --implicit, --alpha A\n"
    "                  the same, without a parameters file (ALSModel keeps only the rank; nothing is guessed)\n";

[[noreturn]] void bad(const std::string& why) { throw Error(ErrorCode::InvalidArgument, "import-spark: " + why); }

// Runs argv and returns its standard output; its stderr passes through. A
// non-zero exit is an error carrying the child's one-line message.
std::string run_capture(const std::vector<std::string>& argv) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw Error(ErrorCode::Io, "import-spark: cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) throw Error(ErrorCode::Io, "import-spark: cannot start " + argv[0]);
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "import-spark: cannot run %s (is Node.js installed?)\n", argv[0].c_str());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  std::string text, message;
  char buf[65536];
  // stderr is small (one line); read stdout to the end first, then stderr.
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  for (ssize_t n; (n = read(err[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<size_t>(n));
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
    if (message.rfind("import-spark: ", 0) == 0) message = message.substr(14);
    throw Error(ErrorCode::ParseError, "import-spark: " + (message.empty() ? argv[0] + " failed" : message));
  }
  return text;
}

std::string script_dir() {
  if (const char* s = std::getenv("CINEREC_SCRIPTS")) return s;
  return std::string(CINEREC_SOURCE_DIR) + "/scripts";
}

struct Factor {
  int64_t id;
  std::vector<float> features;
  std::string where;  // "file:line" for messages
};

// JSON lines {"id": int, "features": [numbers]} (blank lines skipped). Lines
// holding "spark" instead start a new file: {"spark": metadata, "file": path}.
void read_lines(const std::string& text, const std::string& file, std::vector<Factor>& out, Json* spark) {
  std::istringstream in(text);
  std::string line, current = file;
  for (int64_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = current + ":" + std::to_string(n);
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error(ErrorCode::ParseError, "import-spark: " + where + ": not a JSON object");
    if (j.contains("spark")) {
      if (spark && !j["spark"].is_null()) *spark = j["spark"];
      current = j.value("file", file);
      n = 0;
      continue;
    }
    if (!j.contains("id") || !j["id"].is_number_integer())
      throw Error(ErrorCode::ParseError, "import-spark: " + where + ": expected an integer \"id\"");
    if (!j.contains("features") || !j["features"].is_array())
      throw Error(ErrorCode::ParseError, "import-spark: " + where + ": expected \"features\": an array of numbers");
    Factor f{j["id"].get<int64_t>(), {}, where};
    for (const Json& x : j["features"]) {
      if (!x.is_number() || !std::isfinite(x.get<double>()))
        throw Error(ErrorCode::ParseError, "import-spark: " + where + ": a feature is not a finite number");
      f.features.push_back(x.get<float>());
    }
    out.push_back(std::move(f));
  }
}

std::vector<std::string> part_files(const std::filesystem::path& dir, const std::string& suffix) {
  std::vector<std::string> parts;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.rfind("part-", 0) == 0 && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      parts.push_back(e.path().string());
  }
  std::sort(parts.begin(), parts.end());
  return parts;
}

}  // namespace

int cmd_import_spark(const Args& args) {
  const Options o = parse_options(args, "import-spark", {"from", "data", "out", "params", "reg", "alpha"}, {}, {"implicit"});
  if (o.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  for (const char* need : {"from", "data", "out"})
    if (!o.has(need)) bad(std::string("--") + need + " is required (see cinerec import-spark --help)");
  const std::filesystem::path from = o.get("from");
  if (!std::filesystem::is_directory(from)) throw Error(ErrorCode::NotFound, o.get("from") + ": no such folder");

  // The estimator's parameters: a sidecar file or flags, never a guess.
  const std::string sidecar = o.has("params") ? o.get("params") : (from / "cinerec-spark.json").string();
  const bool flags = o.has("reg") || o.has("implicit") || o.has("alpha");
  Json job = Json::object();
  if (file_exists(sidecar)) {
    if (flags) bad(sidecar + " already gives the parameters: leave out --reg/--implicit/--alpha, or the file");
    job = Json::parse(read_file(sidecar), nullptr, false);
    if (job.is_discarded() || !job.is_object()) throw Error(ErrorCode::ParseError, "import-spark: " + sidecar + ": not a JSON object");
  } else if (o.has("params")) {
    throw Error(ErrorCode::NotFound, sidecar + ": no such file");
  } else if (!o.has("reg")) {
    bad("Spark's saved model keeps its rank but not regParam, implicitPrefs or alpha: give the job's parameters file "
        "(--params, or " + sidecar + ") or --reg L [--implicit --alpha A]");
  } else {
    job["regParam"] = o.number("reg", 0);
    job["implicitPrefs"] = o.has("implicit");
    if (o.has("alpha")) job["alpha"] = o.number("alpha", 0);
  }
  auto number = [&](const char* key) {
    if (!job.contains(key) || !job[key].is_number()) bad(sidecar + ": \"" + key + "\" is missing or not a number");
    return job[key].get<double>();
  };
  const double reg = number("regParam");
  const bool implicit = job.value("implicitPrefs", false);
  if (!(reg > 0)) bad("regParam must be positive, got " + std::to_string(reg));
  if (implicit && !job.contains("alpha")) bad("implicitPrefs needs alpha (--alpha A, or \"alpha\" in " + sidecar + ")");
  const double alpha = implicit ? number("alpha") : 0;
  if (job.value("nonnegative", false)) bad("a model trained with nonnegative = true folds in by NNLS, which cinerec does not do");

  // The factors.
  std::vector<Factor> factors;
  Json spark = nullptr;
  std::string source;
  if (std::filesystem::is_directory(from / "itemFactors")) {
    source = (from / "itemFactors").string();
    if (!part_files(from / "itemFactors", ".json").empty()) {
      for (const std::string& f : part_files(from / "itemFactors", ".json")) read_lines(read_file(f), f, factors, nullptr);
    } else {
      const std::string text = run_capture({"node", script_dir() + "/spark/read-factors.mjs", from.string(), "itemFactors"});
      read_lines(text, source, factors, &spark);
    }
  } else {
    const std::vector<std::string> parts = part_files(from, ".json");
    if (parts.empty())
      throw Error(ErrorCode::NotFound, o.get("from") + ": neither ALSModel.save's itemFactors/ nor part-*.json files");
    source = o.get("from");
    for (const std::string& f : parts) read_lines(read_file(f), f, factors, nullptr);
  }
  if (factors.empty()) throw Error(ErrorCode::ParseError, "import-spark: " + source + ": no item factors");
  const size_t k = factors[0].features.size();
  if (k == 0) bad(factors[0].where + ": item " + std::to_string(factors[0].id) + " has no features");
  if (spark.is_object() && spark.contains("rank") && spark["rank"] != Json(k))
    bad(factors[0].where + ": " + std::to_string(k) + " features but the model's metadata says rank " + spark["rank"].dump());
  if (job.contains("rank") && job["rank"] != Json(k))
    bad(factors[0].where + ": " + std::to_string(k) + " features but " + sidecar + " says rank " + job["rank"].dump());

  const Dataset data = load_data(o.get("data"));
  const Catalog& cat = *data.catalog;
  const RatingSummary summary = summarise_ratings(data);
  std::vector<float> q(static_cast<size_t>(data.n_items()) * k, 0.0f);
  std::vector<uint8_t> seen(static_cast<size_t>(data.n_items()), 0);
  for (const Factor& f : factors) {
    if (f.features.size() != k)
      bad(f.where + ": item " + std::to_string(f.id) + " has " + std::to_string(f.features.size()) +
          " features, the first item " + std::to_string(k) + " (factors of mixed length)");
    const int32_t i = cat.find(f.id);
    if (i < 0) throw Error(ErrorCode::UnknownMovie, "import-spark: " + f.where + ": item " + std::to_string(f.id) +
                                                        " is not a movie of " + o.get("data"));
    if (seen[i]) bad(f.where + ": item " + std::to_string(f.id) + " appears twice");
    seen[i] = 1;
    std::copy(f.features.begin(), f.features.end(), q.begin() + static_cast<std::ptrdiff_t>(i * k));
  }
  // Spark learns factors for every item with a rating; a rated movie without
  // any means the factors belong to other data.
  int32_t unrated = 0;
  for (int32_t i = 0; i < data.n_items(); ++i) {
    if (seen[i]) continue;
    if (summary.counts[i] > 0)
      bad(source + ": movie " + std::to_string(cat.movies[i].id) + " has " + std::to_string(summary.counts[i]) +
          " ratings in " + o.get("data") + " but no factors (were they trained on other data?)");
    ++unrated;  // never rated: zero factors, as Spark would have none
  }

  Json params;
  std::string algorithm;
  if (implicit) {
    // Spark: c = 1 + α·|r|, preference 1 for r > 0, λ·n_u (ALS-WR) on both sides.
    algorithm = "ials";
    params = {{"factors", k}, {"regularization", reg}, {"alpha", alpha}, {"feedback", "explicit"},
              {"confidence", "linear"}, {"regularization_scale", "ratings"}};
    if (job.contains("maxIter")) params["iterations"] = job["maxIter"];
  } else {
    // Spark: min Σ (r − xᵀy)² + λ (Σ n_u ‖x_u‖² + Σ n_i ‖y_i‖²), no biases.
    algorithm = "als";
    params = {{"n_factors", k}, {"reg", reg}, {"biased", false}};
    if (job.contains("maxIter")) params["n_epochs"] = job["maxIter"];
  }
  std::unique_ptr<Model> model = model_from_item_factors(algorithm, params, data, q, static_cast<int32_t>(k));
  const std::vector<uint8_t> bytes = model->save();
  write_file(o.get("out"), bytes);
  std::fprintf(stderr, "import-spark: %zu item factors of rank %zu from %s -> %s (%s, %d movies never rated get zeros), %zu bytes to %s\n",
               factors.size(), k, source.c_str(), algorithm.c_str(), model->params().dump().c_str(), unrated,
               bytes.size(), o.get("out").c_str());
  return 0;
}

}  // namespace cinerec::cli
