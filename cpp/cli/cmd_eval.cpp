// cinerec eval — evaluate one algorithm on one protocol (docs/evaluation.md),
// and cinerec algorithms — list the registry.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/model.hpp"
#include "cinerec/movielens.hpp"
#include "cli_common.hpp"
#include "commands.hpp"

namespace cinerec::cli {

namespace {

const char* kHelp =
    "usage: cinerec eval --data PATH --algo NAME [--protocol NAME] [options]\n"
    "  --data PATH            a MovieLens folder (any official layout) or a .cinerec snapshot\n"
    "  --algo NAME            an algorithm (cinerec algorithms)\n"
    "  --protocol NAME        holdout:F | kfold:N | user-stratified:F | leave-last:N |\n"
    "                         new-users:F:G[:random|:first] | ml100k-folds | ml100k-ab\n"
    "                         (default holdout:0.2). new-users: each held-out user gives G\n"
    "                         random ratings, or with :first their first G by time\n"
    "  --train FILE --test FILE  evaluate on a split made elsewhere (any rating-file layout;\n"
    "                         ids are resolved against --data)\n"
    "  --param key=value      an algorithm parameter (JSON when it parses, else a string); repeatable\n"
    "  --preset default|best|surprise  a named parameter set (surprise: Surprise's defaults);\n"
    "                         --param overrides it\n"
    "  --k N                  list length for the ranking metrics (default 10)\n"
    "  --seed N               split and model seed (default 42)\n"
    "  --relevance-threshold X  a held-out rating is relevant iff >= X (default 0: all)\n"
    "  --threads N            fit threads and users scored in parallel (default 1)\n"
    "  --json FILE|-          also write the report as JSON (- : to stdout, no table)\n";

// The report with keys in the documented order (Json sorts keys).
nlohmann::ordered_json ordered(const Json& j, int32_t k) {
  nlohmann::ordered_json o;
  for (const char* key : {"dataset", "protocol", "algorithm", "params", "k"}) o[key] = j[key];
  const std::vector<std::string> names = metric_names(k);
  o["folds"] = nlohmann::ordered_json::array();
  for (const Json& f : j["folds"]) {
    nlohmann::ordered_json of;
    for (const char* key : {"fold", "train_ratings", "test_ratings", "ratings_predicted", "users_ranked", "users_skipped"})
      of[key] = f[key];
    for (const std::string& n : names) of[n] = f[n];
    const std::string map_all = "map_all@" + std::to_string(k);
    of[map_all] = f[map_all];
    of["fit_seconds"] = f["fit_seconds"];
    of["recommend_seconds_per_user"] = f["recommend_seconds_per_user"];
    of["predict_seconds"] = f["predict_seconds"];
    o["folds"].push_back(of);
  }
  nlohmann::ordered_json mean;
  for (const std::string& n : names) mean[n] = j["mean"][n];
  o["mean"] = mean;
  o["fit_seconds"] = j["fit_seconds"];
  o["recommend_seconds_per_user"] = j["recommend_seconds_per_user"];
  return o;
}

std::string cell(double v, int decimals = 4) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void print_table(const EvalReport& r, std::ostream& out) {
  out << r.algorithm << " on " << r.dataset << ", " << r.protocol << ", k=" << r.k << ", seed " << r.seed;
  if (r.relevance_threshold > 0) out << ", relevant if rating >= " << r.relevance_threshold;
  out << "\nparams " << r.params.dump() << "\n";
  const std::string K = std::to_string(r.k);
  const std::vector<std::string> head = {"fold", "RMSE", "MAE", "P@" + K, "R@" + K, "F1@" + K, "nDCG@" + K,
                                         "MAP@" + K, "HR@" + K, "MRR", "cov", "novelty", "div", "fit s",
                                         "ms/user"};
  auto row = [&](const std::string& name, const Metrics& m, double fit, double rec) {
    const std::vector<std::string> cells = {name, cell(m.rmse), cell(m.mae), cell(m.precision), cell(m.recall),
                                            cell(m.f1), cell(m.ndcg), cell(m.map), cell(m.hit_rate), cell(m.mrr),
                                            cell(m.coverage), cell(m.novelty, 2), cell(m.diversity), cell(fit, 3),
                                            cell(rec * 1000, 3)};
    char buf[32];
    for (size_t c = 0; c < cells.size(); ++c) {
      std::snprintf(buf, sizeof buf, c == 0 ? "%-5s" : " %8s", cells[c].c_str());
      out << buf;
    }
    out << "\n";
  };
  char buf[32];
  for (size_t c = 0; c < head.size(); ++c) {
    std::snprintf(buf, sizeof buf, c == 0 ? "%-5s" : " %8s", head[c].c_str());
    out << buf;
  }
  out << "\n";
  for (const FoldReport& f : r.folds) row(std::to_string(f.fold), f.metrics, f.fit_seconds, f.recommend_seconds_per_user);
  if (r.folds.size() > 1) row("mean", r.mean, r.fit_seconds, r.recommend_seconds_per_user);
  out << "users ranked " << r.mean.users_ranked << ", skipped (no relevant held-out item) "
      << r.mean.users_skipped << ", ratings predicted " << r.mean.ratings_predicted << "\n";
}

}  // namespace

int cmd_eval(const Args& args) {
  Options o = parse_options(args, "eval",
                            {"data", "algo", "protocol", "train", "test", "preset", "k", "seed",
                             "relevance-threshold", "threads", "json"},
                            {"param"}, {});
  if (o.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  const std::string algo = o.get("algo");
  if (algo.empty()) throw Error(ErrorCode::InvalidArgument, "eval: --algo is required (see cinerec algorithms)");
  if (!o.has("data")) throw Error(ErrorCode::InvalidArgument, "eval: --data is required (a MovieLens folder or a snapshot)");
  if (o.has("train") != o.has("test")) throw Error(ErrorCode::InvalidArgument, "eval: --train and --test go together");
  if (o.has("train") && o.has("protocol"))
    throw Error(ErrorCode::InvalidArgument, "eval: --protocol and --train/--test exclude each other");

  EvalOptions eo;
  eo.protocol = o.get("protocol", "holdout:0.2");
  eo.k = static_cast<int32_t>(o.integer("k", 10, 1, 100000));
  eo.seed = static_cast<uint64_t>(o.integer("seed", 42, 0, INT64_MAX));
  eo.threads = static_cast<int32_t>(o.integer("threads", 1, 1, 256));
  eo.relevance_threshold = o.number("relevance-threshold", 0);
  if (!o.has("train")) ProtocolSpec::parse(eo.protocol);  // a bad name fails before loading data
  const Json params = model_params(o, algo);
  make_model(algo, params);  // likewise a bad algorithm or parameter
  if (o.get("preset") == "best" && !has_tuned_preset(algo))
    std::cerr << "cinerec eval: note: no tuned preset for " << algo << "; 'best' is its defaults\n";
  const std::string json_path = o.get("json");

  const std::string data_path = o.get("data");
  Dataset data = load_data(data_path, eo.threads);
  if (is_directory(data_path)) eo.data_folder = data_path;

  ProgressBar bar;
  eo.progress = [&](const EvalProgress& p) {
    std::string label = "fold " + std::to_string(p.fold) + "/" + std::to_string(p.n_folds) + " " + p.stage;
    if (p.stage == "fit" && p.fit.total_epochs > 0)
      label += " epoch " + std::to_string(p.fit.epoch) + "/" + std::to_string(p.fit.total_epochs);
    bar.update(p.fraction, label);
    return true;
  };

  EvalReport report;
  if (o.has("train")) {
    Dataset train = load_rating_file(o.get("train"), data);
    Dataset test = load_rating_file(o.get("test"), train);
    if (test.n_users() > train.n_users()) train = test.with_ratings(train.ratings->triplets());
    report = evaluate_split(train, test, algo, params, eo);
  } else {
    report = evaluate(data, algo, params, eo);
  }
  bar.clear();

  const auto json = ordered(to_json(report), report.k);
  if (json_path == "-") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  if (!json_path.empty()) write_file(json_path, json.dump(2) + "\n");
  print_table(report, std::cout);
  return 0;
}

// One line per algorithm, name first; --json gives the same list with
// predicts_ratings, the "best" preset (null when untuned) and the "surprise"
// preset (null where the defaults are Surprise's already), for scripts.
int cmd_algorithms(const Args& args) {
  Options o = parse_options(args, "algorithms", {}, {}, {"json"});
  if (o.has("help")) {
    std::cout << "usage: cinerec algorithms [--json]\n";
    return 0;
  }
  if (!o.has("json")) {
    for (const auto& a : algorithms()) std::cout << a.name << "\t" << a.description << "\n";
    return 0;
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& a : algorithms()) {
    nlohmann::ordered_json j;
    j["name"] = a.name;
    j["description"] = a.description;
    j["predicts_ratings"] = a.predicts_ratings;
    j["best"] = has_tuned_preset(a.name) ? nlohmann::ordered_json::parse(preset_params(a.name, "best").dump())
                                         : nlohmann::ordered_json(nullptr);
    const Json surprise = preset_params(a.name, "surprise");
    j["surprise"] = surprise.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json::parse(surprise.dump());
    list.push_back(j);
  }
  std::cout << list.dump(2) << "\n";
  return 0;
}

}  // namespace cinerec::cli
