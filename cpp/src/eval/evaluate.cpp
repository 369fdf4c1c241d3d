// The evaluation loop: split, fit a fresh model per fold, then one pass over
// the test users that predicts their held-out ratings and ranks the whole
// catalogue for them. Per-user results are stored and summed in user order,
// so the numbers do not depend on the number of threads.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "util/parallel.hpp"

namespace cinerec {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct UserResult {
  double sq = 0, abs = 0;
  int64_t n_rated = 0;
  bool ranked = false, skipped = false;
  UserRankMetrics m;
  std::vector<int32_t> top;
  double seconds = 0;          // scoring + top-k
  double predict_seconds = 0;  // rating predictions
};

void check_cancel(const EvalOptions& o, EvalProgress p) {
  if (o.progress && !o.progress(p)) throw Error(ErrorCode::Aborted, "evaluation cancelled");
}

double mean_defined(const std::vector<double>& v) {
  double s = 0;
  int n = 0;
  for (double x : v)
    if (std::isfinite(x)) {
      s += x;
      ++n;
    }
  return n ? s / n : kNaN;
}

}  // namespace

FoldReport score_fold(const Model& model, const Fold& fold, const EvalOptions& options) {
  if (options.k < 1) throw Error(ErrorCode::InvalidArgument, "k must be at least 1");
  const Dataset& train = fold.train;
  const RatingMatrix& T = fold.test.ratings;
  const RatingMatrix& R = train.ratings;
  const int32_t n_items = train.n_items();
  if (fold.test.n_items() != n_items || fold.test.n_users() != train.n_users())
    throw Error(ErrorCode::InvalidArgument, "train and test must share the catalogue and the user indices");
  const bool new_users = fold.is_new_user_fold();
  const bool rate = model.predicts_ratings();

  // The users to evaluate: every user with held-out ratings (new-user folds:
  // the held-out users, whose profiles are given).
  std::vector<int32_t> users;
  std::vector<int32_t> profile_of_user(new_users ? train.n_users() : 0, -1);
  if (new_users) {
    for (size_t j = 0; j < fold.new_users.size(); ++j) {
      const int32_t u = fold.new_users[j];
      if (R.user_count(u) != 0)
        throw Error(ErrorCode::Internal, "new-user fold leaks user " + std::to_string(u) + " into train");
      profile_of_user[u] = static_cast<int32_t>(j);
    }
  }
  for (int32_t u = 0; u < T.n_users; ++u)
    if (T.user_count(u) > 0) users.push_back(u);

  std::vector<UserResult> results(users.size());
  auto one_user = [&](int64_t j) {
    const int32_t u = users[j];
    UserResult& res = results[j];
    const Profile* profile = nullptr;
    if (new_users) {
      if (profile_of_user[u] < 0)
        throw Error(ErrorCode::Internal, "test user " + std::to_string(u) + " has no given profile");
      profile = &fold.profiles[profile_of_user[u]];
    }

    std::vector<int32_t> relevant;
    for (int64_t x = T.user_ptr[u]; x < T.user_ptr[u + 1]; ++x)
      if (T.user_value[x] >= options.relevance_threshold) relevant.push_back(T.user_item[x]);

    UserState state;
    const auto t0 = Clock::now();
    if (new_users || !relevant.empty()) state = new_users ? model.fold(*profile) : model.fold_user(u);
    const std::vector<float>& scores = state.scores;

    if (rate) {
      const auto tp = Clock::now();
      for (int64_t x = T.user_ptr[u]; x < T.user_ptr[u + 1]; ++x) {
        const int32_t i = T.user_item[x];
        float p;
        if (new_users) {
          p = model.predict(state, i);  // clip(scores[i]): folded once for all test items
        } else {
          p = model.predict_user(u, i);
        }
        const double e = static_cast<double>(T.user_value[x]) - p;
        res.sq += e * e;
        res.abs += std::fabs(e);
        ++res.n_rated;
      }
      res.predict_seconds = seconds_since(tp);
    }
    if (relevant.empty()) {
      res.skipped = true;
      return;
    }
    std::vector<uint8_t> candidate(n_items, 1);
    if (new_users) {
      for (const ProfileEntry& e : *profile) candidate[e.item] = 0;
    } else {
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) candidate[R.user_item[x]] = 0;
    }
    res.top = top_candidates(scores, candidate, options.k);
    res.seconds = seconds_since(t0) - res.predict_seconds;
    res.m = rank_metrics(res.top, relevant, options.k, first_relevant_rank(scores, candidate, relevant));
    res.ranked = true;
  };

  int32_t threads = std::max(1, options.threads);
  const int64_t n = static_cast<int64_t>(users.size());
  const int64_t chunk = std::max<int64_t>(32 * threads, n / 50 + 1);
  for (int64_t start = 0; start < n; start += chunk) {
    parallel_for(start, std::min(n, start + chunk), threads, one_user);
    if (options.progress) {
      EvalProgress p;
      p.stage = "rank";
      p.fraction = static_cast<double>(std::min(n, start + chunk)) / static_cast<double>(n);
      check_cancel(options, p);
    }
  }

  // Sum in user order (deterministic whatever the thread count).
  FoldReport rep;
  rep.train_ratings = R.nnz();
  rep.test_ratings = T.nnz();
  Metrics& m = rep.metrics;
  double sq = 0, ab = 0, rank_seconds = 0;
  double div_sum = 0;
  int64_t div_n = 0;
  std::vector<std::vector<int32_t>> lists;
  for (UserResult& r : results) {
    sq += r.sq;
    ab += r.abs;
    rep.predict_seconds += r.predict_seconds;
    m.ratings_predicted += r.n_rated;
    if (r.skipped) ++m.users_skipped;
    if (!r.ranked) continue;
    ++m.users_ranked;
    m.precision += r.m.precision;
    m.recall += r.m.recall;
    m.f1 += r.m.f1;
    m.ndcg += r.m.ndcg;
    m.map += r.m.ap;
    m.map_all += r.m.ap_all;
    m.hit_rate += r.m.hit;
    m.mrr += r.m.rr;
    rank_seconds += r.seconds;
    if (train.catalog) {
      const double d = intra_list_diversity(r.top, *train.catalog);
      if (std::isfinite(d)) {
        div_sum += d;
        ++div_n;
      }
    }
    lists.push_back(std::move(r.top));
  }
  if (rate && m.ratings_predicted > 0) {
    m.rmse = std::sqrt(sq / static_cast<double>(m.ratings_predicted));
    m.mae = ab / static_cast<double>(m.ratings_predicted);
  }
  if (m.users_ranked > 0) {
    const double nr = static_cast<double>(m.users_ranked);
    for (double* v : {&m.precision, &m.recall, &m.f1, &m.ndcg, &m.map, &m.map_all, &m.hit_rate, &m.mrr}) *v /= nr;
    rep.recommend_seconds_per_user = rank_seconds / nr;
  } else {
    for (double* v : {&m.precision, &m.recall, &m.f1, &m.ndcg, &m.map, &m.map_all, &m.hit_rate, &m.mrr}) *v = kNaN;
  }
  std::vector<int32_t> item_counts(n_items);
  for (int32_t i = 0; i < n_items; ++i) item_counts[i] = static_cast<int32_t>(R.item_count(i));
  int64_t train_users = 0;
  for (int32_t u = 0; u < R.n_users; ++u) train_users += R.user_count(u) > 0;
  m.coverage = lists.empty() ? kNaN : coverage(lists, n_items);
  m.novelty = novelty(lists, item_counts, train_users);
  m.diversity = div_n ? div_sum / static_cast<double>(div_n) : kNaN;
  return rep;
}

namespace {

EvalReport run(const std::string& dataset_name, const ProtocolSpec& spec,
               const std::function<Fold(int32_t)>& fold_of, const std::string& algorithm,
               const Json& params, const EvalOptions& options) {
  if (options.k < 1) throw Error(ErrorCode::InvalidArgument, "k must be at least 1");
  EvalReport report;
  report.dataset = dataset_name;
  report.protocol = spec.text;
  report.algorithm = algorithm;
  report.k = options.k;
  report.seed = options.seed;
  report.relevance_threshold = options.relevance_threshold;
  report.params = make_model(algorithm, params)->params();  // validates name and params first

  const int32_t n_folds = spec.fold_count();
  // Shares of the whole run: split 5%, fit 60%, rank 35% of each fold.
  auto progress = [&](int32_t f, const char* stage, double within, const Progress* fit) {
    if (!options.progress) return;
    EvalProgress p;
    p.fold = f + 1;
    p.n_folds = n_folds;
    p.stage = stage;
    double base = 0, share = 0;
    if (p.stage == "split") share = 0.05;
    else if (p.stage == "fit") base = 0.05, share = 0.60;
    else if (p.stage == "rank" || p.stage == "rate") base = 0.65, share = 0.35;
    else base = 1.0;
    p.fraction = (f + base + share * std::min(1.0, std::max(0.0, within))) / n_folds;
    if (fit) p.fit = *fit;
    check_cancel(options, p);
  };

  for (int32_t f = 0; f < n_folds; ++f) {
    progress(f, "split", 0, nullptr);
    Fold fold = fold_of(f);
    auto model = make_model(algorithm, params);
    FitOptions fo;
    fo.seed = options.seed;
    fo.threads = std::max(1, options.threads);
    if (options.progress)
      fo.progress = [&](const Progress& p) {
        double within = p.total_epochs > 0 ? static_cast<double>(p.epoch) / p.total_epochs : 0.5;
        try {
          progress(f, "fit", within, &p);
        } catch (const Error&) {
          return false;  // the model throws Aborted itself
        }
        return true;
      };
    progress(f, "fit", 0, nullptr);
    const auto t0 = Clock::now();
    model->fit(fold.train, fo);
    const double fit_seconds = seconds_since(t0);

    EvalOptions scoring = options;
    if (options.progress)
      scoring.progress = [&](const EvalProgress& p) {
        progress(f, "rank", p.fraction, nullptr);
        return true;
      };
    FoldReport rep = score_fold(*model, fold, scoring);
    rep.fold = f + 1;
    rep.fit_seconds = fit_seconds;
    report.folds.push_back(std::move(rep));
  }
  progress(n_folds - 1, "done", 1, nullptr);

  // Means over folds (metrics undefined in a fold are left out), counts summed.
  auto avg = [&](double Metrics::*field) {
    std::vector<double> v;
    for (const FoldReport& r : report.folds) v.push_back(r.metrics.*field);
    return mean_defined(v);
  };
  Metrics& m = report.mean;
  for (double Metrics::*field :
       {&Metrics::rmse, &Metrics::mae, &Metrics::precision, &Metrics::recall, &Metrics::f1, &Metrics::ndcg,
        &Metrics::map, &Metrics::map_all, &Metrics::hit_rate, &Metrics::mrr, &Metrics::coverage,
        &Metrics::novelty, &Metrics::diversity})
    m.*field = avg(field);
  for (const FoldReport& r : report.folds) {
    m.ratings_predicted += r.metrics.ratings_predicted;
    m.users_ranked += r.metrics.users_ranked;
    m.users_skipped += r.metrics.users_skipped;
    report.fit_seconds += r.fit_seconds / n_folds;
    report.recommend_seconds_per_user += r.recommend_seconds_per_user / n_folds;
  }
  return report;
}

}  // namespace

EvalReport evaluate(const Dataset& data, const std::string& algorithm, const Json& params,
                    const EvalOptions& options) {
  const ProtocolSpec spec = ProtocolSpec::parse(options.protocol);
  if (spec.kind == ProtocolSpec::Kind::Given)
    throw Error(ErrorCode::InvalidArgument, "protocol 'given' needs a train and a test set: use evaluate_split");
  return run(data.name, spec,
             [&](int32_t f) { return make_fold(data, spec, f, options.seed, options.data_folder); },
             algorithm, params, options);
}

EvalReport evaluate_split(const Dataset& train, const Dataset& test, const std::string& algorithm,
                          const Json& params, const EvalOptions& options) {
  if (train.n_items() != test.n_items() || train.n_users() != test.n_users())
    throw Error(ErrorCode::InvalidArgument, "train and test must share the catalogue and the user indices");
  const ProtocolSpec spec = ProtocolSpec::parse("given");
  return run(train.name, spec,
             [&](int32_t) {
               Fold f;
               f.train = train;
               f.test = test;
               return f;
             },
             algorithm, params, options);
}

std::vector<std::string> metric_names(int32_t k) {
  const std::string K = std::to_string(k);
  return {"rmse",        "mae",         "precision@" + K, "recall@" + K, "f1@" + K,  "ndcg@" + K,
          "map@" + K,    "hit_rate@" + K, "mrr",          "coverage",    "novelty", "diversity"};
}

namespace {
Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json metrics_json(const Metrics& m, int32_t k) {
  const std::vector<std::string> names = metric_names(k);
  const double values[] = {m.rmse, m.mae,      m.precision, m.recall,   m.f1,      m.ndcg,
                           m.map,  m.hit_rate, m.mrr,       m.coverage, m.novelty, m.diversity};
  Json j = Json::object();
  for (size_t x = 0; x < names.size(); ++x) j[names[x]] = num(values[x]);
  return j;
}
}  // namespace

Json to_json(const EvalReport& r) {
  Json folds = Json::array();
  for (const FoldReport& f : r.folds) {
    Json j = metrics_json(f.metrics, r.k);
    j["fold"] = f.fold;
    j["train_ratings"] = f.train_ratings;
    j["test_ratings"] = f.test_ratings;
    j["ratings_predicted"] = f.metrics.ratings_predicted;
    j["users_ranked"] = f.metrics.users_ranked;
    j["users_skipped"] = f.metrics.users_skipped;
    j["map_all@" + std::to_string(r.k)] = num(f.metrics.map_all);
    j["fit_seconds"] = f.fit_seconds;
    j["recommend_seconds_per_user"] = f.recommend_seconds_per_user;
    j["predict_seconds"] = f.predict_seconds;
    folds.push_back(std::move(j));
  }
  Json out = Json::object();
  out["dataset"] = r.dataset;
  out["protocol"] = r.protocol;
  out["algorithm"] = r.algorithm;
  out["params"] = r.params;
  out["k"] = r.k;
  out["folds"] = std::move(folds);
  out["mean"] = metrics_json(r.mean, r.k);
  out["fit_seconds"] = r.fit_seconds;
  out["recommend_seconds_per_user"] = r.recommend_seconds_per_user;
  return out;
}

}  // namespace cinerec
