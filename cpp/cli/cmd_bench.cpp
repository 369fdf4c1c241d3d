// cinerec bench — micro-benchmarks printed as one JSON object, for the
// scripts that write bench/README.md's tables:
//   fit        fit time of an algorithm on a whole dataset
//   recommend  fold-in + top-n latency for profiles outside the training data
//   snapshot   parse time of a snapshot file (bytes already in memory)
//   load       load time of a MovieLens folder or snapshot file (with I/O)
//   similar    the n most similar items for every item of the catalogue
//   quantise   what storing a model's item factors as f16/i8 in a catalogue
//              costs: size, and RMSE/ranking of held-out new users against f32
// fit --holdout F fits on a random (1-F) of the ratings and predicts the rest
// one rating at a time (Surprise's fit + test), timing both and giving RMSE.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <random>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/model.hpp"
#include "cinerec/session.hpp"
#include "cinerec/snapshot.hpp"
#include "cli_common.hpp"
#include "commands.hpp"

namespace cinerec::cli {

namespace {

using Clock = std::chrono::steady_clock;
using OJson = nlohmann::ordered_json;

const char* kHelp =
    "usage: cinerec bench <fit|recommend|snapshot|load|similar> [options]   (prints JSON)\n"
    "  fit        --data PATH --algo NAME [--param k=v]... [--preset P] [--threads N] [--repeat N] [--seed N]\n"
    "             [--holdout F]   fit on a random 1-F of the ratings, predict the rest (RMSE, predict time)\n"
    "  recommend  --data PATH --algo NAME [--param k=v]... [--profile-size 20] [--n 10] [--repeat 200] [--seed N]\n"
    "  snapshot   --data FILE [--repeat N]\n"
    "  load       --data PATH [--repeat N] [--threads N]\n"
    "  similar    --data PATH --algo NAME [--param k=v]... [--n 20] [--repeat 3] [--seed N]\n"
    "  quantise   --data PATH --algo NAME [--param k=v]... [--protocol new-users:0.1:10] [--k 10] [--threads N]\n"
    "             [--seed N]   fit once on the train part; for each factor encoding, a catalogue snapshot\n"
    "             of it with the model, read back, scored on the held-out users (as folded-in profiles)\n";

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the whole process (every thread), user and system.
double cpu_seconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double max_rss_mb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

// The runs in order: the first one apart (what a one-off CLI call or a page
// pays), then the order statistics of all of them.
OJson summary(std::vector<double> seconds) {
  OJson j;
  j["first_seconds"] = seconds.empty() ? 0.0 : seconds.front();
  std::sort(seconds.begin(), seconds.end());
  double sum = 0;
  for (double s : seconds) sum += s;
  const size_t n = seconds.size();
  j["runs"] = n;
  j["min_seconds"] = n ? seconds.front() : 0.0;
  j["median_seconds"] = n ? seconds[n / 2] : 0.0;
  j["mean_seconds"] = n ? sum / static_cast<double>(n) : 0.0;
  j["p95_seconds"] = n ? seconds[std::min(n - 1, static_cast<size_t>(0.95 * static_cast<double>(n)))] : 0.0;
  return j;
}

}  // namespace

int cmd_bench(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kHelp;
    return args.empty() ? 2 : 0;
  }
  const std::string what = args[0];
  const Args rest(args.begin() + 1, args.end());
  OJson out;
  out["bench"] = what;

  if (what == "fit" || what == "recommend" || what == "similar") {
    Options o = parse_options(rest, "bench " + what,
                              {"data", "algo", "preset", "threads", "repeat", "seed", "profile-size", "n", "holdout"},
                              {"param"}, {});
    if (o.has("help")) {
      std::cout << kHelp;
      return 0;
    }
    const std::string algo = o.get("algo");
    if (algo.empty()) throw Error(ErrorCode::InvalidArgument, "bench " + what + ": --algo is required");
    const Json params = model_params(o, algo);
    make_model(algo, params);
    FitOptions fo;
    fo.seed = static_cast<uint64_t>(o.integer("seed", 42, 0, INT64_MAX));
    fo.threads = static_cast<int32_t>(o.integer("threads", 1, 1, 256));
    Dataset data = load_data(o.get("data"), fo.threads);
    out["dataset"] = data.name;
    out["algorithm"] = algo;
    out["ratings"] = data.ratings->nnz();
    out["users"] = data.n_users();
    out["items"] = data.n_items();
    out["threads"] = fo.threads;
    if (what == "fit" && o.has("holdout")) {
      const double fraction = o.number("holdout", 0.2);
      if (!(fraction > 0 && fraction < 1))
        throw Error(ErrorCode::InvalidArgument, "bench fit: --holdout must be between 0 and 1 (e.g. 0.2)");
      const int64_t repeat = o.integer("repeat", 3, 1, 1000);
      ProtocolSpec spec = ProtocolSpec::parse("holdout:" + o.get("holdout"));
      const Fold fold = make_fold(data, spec, 0, fo.seed);
      const std::vector<Rating> test = fold.test.ratings->triplets();
      std::vector<double> tf, tp, tt;
      double rmse = 0, mae = 0;
      Json effective;
      for (int64_t r = 0; r < repeat; ++r) {
        auto model = make_model(algo, params);
        const auto t0 = Clock::now();
        model->fit(fold.train, fo);
        tf.push_back(since(t0));
        const auto t1 = Clock::now();
        double sq = 0, ab = 0;
        for (const Rating& x : test) {
          const double e = static_cast<double>(model->predict_user(x.user, x.item)) - x.value;
          sq += e * e;
          ab += std::abs(e);
        }
        tp.push_back(since(t1));
        tt.push_back(tf.back() + tp.back());
        rmse = std::sqrt(sq / static_cast<double>(test.size()));
        mae = ab / static_cast<double>(test.size());
        effective = model->params();
      }
      out["params"] = effective;
      out["holdout"] = fraction;
      out["train_ratings"] = fold.train.ratings->nnz();
      out["test_ratings"] = static_cast<int64_t>(test.size());
      out["rmse"] = rmse;
      out["mae"] = mae;
      out["fit"] = summary(tf);
      out["predict"] = summary(tp);
      out["fit_predict"] = summary(tt);
    } else if (what == "similar") {
      const int64_t repeat = o.integer("repeat", 3, 1, 1000);
      const int32_t n = static_cast<int32_t>(o.integer("n", 20, 1, 100000));
      auto model = make_model(algo, params);
      const auto t0 = Clock::now();
      model->fit(data, fo);
      out["params"] = model->params();
      out["fit_seconds"] = since(t0);
      std::vector<double> t, tt;
      int64_t pairs = 0;
      for (int64_t r = 0; r < repeat; ++r) {
        pairs = 0;
        const auto t1 = Clock::now();
        for (int32_t i = 0; i < data.n_items(); ++i) pairs += static_cast<int64_t>(model->similar_items(i, n).size());
        t.push_back(since(t1));
        tt.push_back(t.back() + out["fit_seconds"].get<double>());
      }
      out["n"] = n;
      out["pairs"] = pairs;
      out["similar_all"] = summary(t);
      out["fit_similar_all"] = summary(tt);
    } else if (what == "fit") {
      const int64_t repeat = o.integer("repeat", 3, 1, 1000);
      std::vector<double> t, cpu;
      Json effective;
      for (int64_t r = 0; r < repeat; ++r) {
        auto model = make_model(algo, params);
        const auto t0 = Clock::now();
        const double c0 = cpu_seconds();
        model->fit(data, fo);
        t.push_back(since(t0));
        cpu.push_back(cpu_seconds() - c0);
        effective = model->params();
      }
      out["params"] = effective;
      out["fit"] = summary(t);
      out["fit_cpu"] = summary(cpu);  // all threads; on a busy machine steadier than the wall clock
    } else {
      const int64_t repeat = o.integer("repeat", 200, 1, 1000000);
      const int64_t size = o.integer("profile-size", 20, 0, 100000);
      const int32_t n = static_cast<int32_t>(o.integer("n", 10, 1, 100000));
      auto model = make_model(algo, params);
      const auto t0 = Clock::now();
      model->fit(data, fo);
      out["params"] = model->params();
      out["fit_seconds"] = since(t0);
      // Profiles: `size` random ratings of random users with at least that many.
      std::vector<int32_t> users;
      for (int32_t u = 0; u < data.n_users(); ++u)
        if (data.ratings->user_count(u) >= size) users.push_back(u);
      if (users.empty()) throw Error(ErrorCode::InvalidArgument, "bench recommend: no user has --profile-size ratings");
      std::mt19937_64 rng(fo.seed);  // the CLI sees only public headers; engines are portable
      std::vector<double> t;
      for (int64_t r = 0; r < repeat; ++r) {
        Profile all = profile_of(data.ratings, users[rng() % users.size()]);
        for (size_t x = all.size(); x > 1; --x) std::swap(all[x - 1], all[rng() % x]);
        all.resize(static_cast<size_t>(size));
        const auto t1 = Clock::now();
        auto top = model->recommend(all, n);
        t.push_back(since(t1));
        if (static_cast<int32_t>(top.size()) > n) throw Error(ErrorCode::Internal, "recommend returned too many items");
      }
      out["profile_size"] = size;
      out["n"] = n;
      out["recommend"] = summary(t);
    }
  } else if (what == "quantise") {
    Options o = parse_options(rest, "bench quantise", {"data", "algo", "preset", "threads", "seed", "protocol", "k"},
                              {"param"}, {});
    if (o.has("help")) {
      std::cout << kHelp;
      return 0;
    }
    const std::string algo = o.get("algo");
    if (algo.empty()) throw Error(ErrorCode::InvalidArgument, "bench quantise: --algo is required");
    const Json params = model_params(o, algo);
    FitOptions fo;
    fo.seed = static_cast<uint64_t>(o.integer("seed", 42, 0, INT64_MAX));
    fo.threads = static_cast<int32_t>(o.integer("threads", 1, 1, 256));
    EvalOptions eo;
    eo.protocol = o.get("protocol", "new-users:0.1:10");
    eo.k = static_cast<int32_t>(o.integer("k", 10, 1, 1000));
    eo.seed = fo.seed;
    eo.threads = fo.threads;
    const Dataset data = load_data(o.get("data"), fo.threads);
    const Fold fold = make_fold(data, ProtocolSpec::parse(eo.protocol), 0, eo.seed);
    std::unique_ptr<Model> model = make_model(algo, params);
    model->fit(fold.train, fo);
    out["dataset"] = data.name;
    out["algorithm"] = algo;
    out["params"] = model->params();
    out["protocol"] = eo.protocol;
    out["k"] = eo.k;
    const FoldReport fitted = score_fold(*model, fold, eo);
    auto metrics = [&](const Metrics& m) {
      OJson j;
      j["rmse"] = std::isfinite(m.rmse) ? OJson(m.rmse) : OJson(nullptr);
      j["precision"] = m.precision;
      j["ndcg"] = m.ndcg;
      j["hit_rate"] = m.hit_rate;
      return j;
    };
    out["fitted"] = metrics(fitted.metrics);
    OJson rows = OJson::array();
    for (FactorEncoding e : {FactorEncoding::F32, FactorEncoding::F16, FactorEncoding::I8Row, FactorEncoding::I8Column}) {
      SnapshotWriteOptions so;
      so.ratings = false;
      so.model = snapshot_model(*model, e);
      const std::vector<uint8_t> bytes = write_snapshot(fold.train, so);
      const SnapshotInfo info = snapshot_info(bytes.data(), bytes.size());
      const auto t0 = Clock::now();
      Session s = Session::from_snapshot(bytes);
      const double load = since(t0);
      const FoldReport r = score_fold(s.model(), fold, eo);
      OJson row;
      row["factors"] = factor_encoding_name(e);
      row["snapshot_bytes"] = bytes.size();
      row["model_section_bytes"] = info.sections.back().length;
      row["read_and_load_seconds"] = load;
      row["metrics"] = metrics(r.metrics);
      rows.push_back(std::move(row));
    }
    out["catalogues"] = std::move(rows);
  } else if (what == "snapshot" || what == "load") {
    Options o = parse_options(rest, "bench " + what, {"data", "repeat", "threads"}, {}, {});
    if (o.has("help")) {
      std::cout << kHelp;
      return 0;
    }
    const std::string path = o.get("data");
    if (path.empty()) throw Error(ErrorCode::InvalidArgument, "bench " + what + ": --data is required");
    const int64_t repeat = o.integer("repeat", 10, 1, 100000);
    std::vector<double> t;
    Dataset d;
    if (what == "snapshot") {
      if (is_directory(path)) throw Error(ErrorCode::InvalidArgument, "bench snapshot: --data must be a snapshot file");
      const std::vector<uint8_t> bytes = read_file_bytes(path);
      out["bytes"] = bytes.size();
      for (int64_t r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        d = read_snapshot(bytes);
        t.push_back(since(t0));
      }
    } else {
      for (int64_t r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        d = Dataset();  // the last load's memory is not held during the next
        d = load_data(path, static_cast<int32_t>(o.integer("threads", 1, 1, 256)));
        t.push_back(since(t0));
      }
    }
    out["dataset"] = d.name;
    out["ratings"] = d.ratings->nnz();
    out["items"] = d.n_items();
    out[what] = summary(t);
  } else {
    throw Error(ErrorCode::InvalidArgument, "bench: unknown benchmark '" + what + "' (fit, recommend, snapshot, load, similar, quantise)");
  }
  out["max_rss_mb"] = max_rss_mb();
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace cinerec::cli
