#include "convert.hpp"

#include <cmath>

#include "cinerec/error.hpp"

namespace cinerec::bindings {

Json parse_json(const std::string& text, const char* what) {
  if (text.empty()) return Json::object();
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    throw Error(ErrorCode::InvalidArgument, std::string(what) + " is not valid JSON: " + e.what());
  }
}

std::string dump_json(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

val ok() {
  val r = val::object();
  r.set("ok", true);
  return r;
}

val failure(const std::string& code, const std::string& message) {
  val r = val::object();
  r.set("ok", false);
  r.set("code", code);
  r.set("message", message);
  return r;
}

Profile profile_from_js(const val& items, const val& ratings) {
  std::vector<int32_t> it = from_js<int32_t>(items);
  std::vector<float> rt = from_js<float>(ratings);
  if (it.size() != rt.size())
    throw Error(ErrorCode::InvalidArgument, "profile: " + std::to_string(it.size()) + " items but " +
                                                std::to_string(rt.size()) + " ratings");
  Profile p(it.size());
  for (size_t j = 0; j < it.size(); ++j) {
    if (!std::isfinite(rt[j]))
      throw Error(ErrorCode::InvalidArgument, "profile: rating " + std::to_string(j) + " is not a number");
    p[j] = {it[j], rt[j]};
  }
  return p;
}

uint64_t seed_from_js(double seed) {
  if (!(seed >= 0) || seed > 9007199254740991.0 || seed != std::floor(seed))
    throw Error(ErrorCode::InvalidArgument, "seed must be a non-negative integer");
  return static_cast<uint64_t>(seed);
}

bool call_progress(const val& fn, val arg) {
  if (fn.isUndefined() || fn.isNull()) return true;
  return fn(arg).as<bool>();
}

val progress_js(const Progress& p) {
  val o = val::object();
  o.set("epoch", p.epoch);
  o.set("totalEpochs", p.total_epochs);
  if (std::isfinite(p.loss)) o.set("loss", p.loss);
  else o.set("loss", val::null());
  o.set("elapsed", p.elapsed_seconds);
  o.set("stage", p.stage);
  return o;
}

val eval_progress_js(const EvalProgress& p) {
  val e = val::object();
  e.set("fold", p.fold);
  e.set("folds", p.n_folds);
  e.set("stage", p.stage);
  e.set("fraction", p.fraction);
  if (p.stage == "fit") e.set("fit", progress_js(p.fit));
  return e;
}

Json snapshot_info_json(const SnapshotInfo& info, size_t bytes, const Dataset& data) {
  return {{"version", info.version},       {"name", info.name},
          {"source", info.source},         {"movies", info.n_movies},
          {"users", info.n_users},         {"ratings", info.n_ratings},
          {"hasTags", info.has_tags},      {"hasLinks", info.has_links},
          {"hasTimestamps", info.has_timestamps},
          {"hasTmdb", info.has_tmdb},
          {"bytes", bytes},
          {"ratingMin", data.rating_min}, {"ratingMax", data.rating_max},
          {"catalogue", info.catalogue},
          // a catalogue's ratings are left out: what they were (its STAT section)
          {"ratedBy", data.summary ? Json{{"users", data.summary->n_users}, {"ratings", data.summary->n_ratings}}
                                   : Json(nullptr)},
          {"modelFactors", info.model.empty() ? Json(nullptr) : Json(info.model_factors)}};
}

Json algorithms_json() {
  Json a = Json::array();
  for (const AlgorithmInfo& info : cinerec::algorithms())
    a.push_back({{"name", info.name}, {"description", info.description},
                 {"predictsRatings", info.predicts_ratings}, {"params", default_params(info.name)}});
  return a;
}

FilterSpec filter_spec_from_json(const Json& f) {
  FilterSpec spec;
  if (f.contains("genres")) {
    if (!f["genres"].is_array()) throw Error(ErrorCode::InvalidArgument, "filters.genres must be an array of names");
    for (const Json& g : f["genres"]) spec.genres.push_back(g.is_string() ? g.get<std::string>() : g.dump());
  }
  auto integer = [&](const char* key) {
    if (!f.contains(key)) return 0;
    if (!f[key].is_number_integer()) throw Error(ErrorCode::InvalidArgument, std::string("filters.") + key + " must be an integer");
    return f[key].get<int32_t>();
  };
  spec.year_min = integer("yearMin");
  spec.year_max = integer("yearMax");
  spec.min_ratings = integer("minRatings");
  return spec;
}

SimilarOptions similar_options_from_json(const Json& o) {
  SimilarOptions options;
  if (o.contains("by")) {
    const Json& by = o["by"];
    if (by == "ratings") options.by = SimilarBy::Ratings;
    else if (by == "model") options.by = SimilarBy::Model;
    else throw Error(ErrorCode::InvalidArgument, "by must be \"ratings\" or \"model\", got " + by.dump());
  }
  if (o.contains("minRatings")) {
    if (!o["minRatings"].is_number_integer() || o["minRatings"].get<int64_t>() < 0)
      throw Error(ErrorCode::InvalidArgument, "minRatings must be an integer >= 0, got " + o["minRatings"].dump());
    options.min_ratings = o["minRatings"].get<int32_t>();
  }
  return options;
}

EvalOptions eval_options_from_json(const Json& o) {
  EvalOptions options;
  try {
    options.protocol = o.value("protocol", options.protocol);
    options.k = o.value("k", options.k);
    if (o.contains("seed")) options.seed = seed_from_js(o["seed"].get<double>());
    options.relevance_threshold = o.value("relevanceThreshold", options.relevance_threshold);
  } catch (const Json::exception& e) {
    throw Error(ErrorCode::InvalidArgument, std::string("evaluation options: ") + e.what());
  }
  return options;
}

}  // namespace cinerec::bindings
