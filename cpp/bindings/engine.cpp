#include "engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "convert.hpp"

namespace cinerec::bindings {

namespace {

uint64_t seed_from(double seed) {
  if (!(seed >= 0) || seed > 9007199254740991.0 || seed != std::floor(seed))
    throw Error(ErrorCode::InvalidArgument, "seed must be a non-negative integer");
  return static_cast<uint64_t>(seed);
}

// Calls a JS progress function; a missing function never cancels.
bool call_progress(const val& fn, val arg) {
  if (fn.isUndefined() || fn.isNull()) return true;
  return fn(arg).as<bool>();
}

}  // namespace

const Dataset& Engine::data() const {
  if (!data_) throw Error(ErrorCode::InvalidArgument, "no snapshot loaded");
  return *data_;
}

const Model& Engine::model() const {
  if (!model_ || !model_->trained())
    throw Error(ErrorCode::NotTrained, "no trained model: call train() or loadModel() first");
  return *model_;
}

Json Engine::model_json() const {
  if (!model_) return nullptr;
  Json j = {{"algorithm", model_->name()},
            {"params", model_->params()},
            {"predictsRatings", model_->predicts_ratings()},
            {"trained", model_->trained()}};
  j["seed"] = train_seconds_ >= 0 ? Json(seed_) : Json(nullptr);
  j["trainSeconds"] = train_seconds_ >= 0 ? Json(train_seconds_) : Json(nullptr);
  return j;
}

val Engine::loadSnapshot(const val& bytes) {
  return guarded([&] {
    std::vector<uint8_t> buf = from_js<uint8_t>(bytes);
    SnapshotInfo info = snapshot_info(buf.data(), buf.size());
    auto d = std::make_unique<Dataset>(read_snapshot(buf));
    model_.reset();
    data_ = std::move(d);
    Json j = {{"version", info.version},       {"name", info.name},
              {"source", info.source},         {"movies", info.n_movies},
              {"users", info.n_users},         {"ratings", info.n_ratings},
              {"hasTags", info.has_tags},      {"hasLinks", info.has_links},
              {"hasTimestamps", info.has_timestamps},
              {"bytes", buf.size()},
              {"ratingMin", data_->rating_min}, {"ratingMax", data_->rating_max}};
    val r = ok();
    r.set("info", dump_json(j));
    return r;
  });
}

// Fields: movieIds (Float64Array), years (Int16Array, 0 = unknown), genres
// (Uint32Array bitsets over genreNames), ratingCounts (Int32Array),
// meanRatings (Float32Array, NaN = no ratings), titles (JSON text: array),
// genreNames (JSON text); with links: imdbIds, tmdbIds (Float64Array, 0 =
// unknown); with tags: tagNames (JSON text), tagPtr (Int32Array, n+1),
// tagIds, tagCounts (Int32Array, per movie most used first).
val Engine::catalog() const {
  return guarded([&] {
    const Dataset& d = data();
    const Catalog& c = *d.catalog;
    const size_t n = c.movies.size();
    std::vector<double> ids(n), imdb(n), tmdb(n);
    std::vector<int16_t> years(n);
    std::vector<uint32_t> genres(n);
    std::vector<int32_t> counts(n);
    std::vector<float> means(n);
    Json titles = Json::array();
    bool links = false;
    for (size_t i = 0; i < n; ++i) {
      const Movie& m = c.movies[i];
      ids[i] = static_cast<double>(m.id);
      imdb[i] = static_cast<double>(m.imdb_id);
      tmdb[i] = static_cast<double>(m.tmdb_id);
      links = links || m.imdb_id || m.tmdb_id;
      years[i] = static_cast<int16_t>(m.year > 0 && m.year < 32768 ? m.year : 0);
      genres[i] = m.genres;
      titles.push_back(m.title);
      const RatingMatrix& R = d.ratings;
      if (static_cast<int32_t>(i) < R.n_items) {
        double sum = 0;
        for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) sum += R.item_value[x];
        counts[i] = static_cast<int32_t>(R.item_count(static_cast<int32_t>(i)));
        means[i] = counts[i] ? static_cast<float>(sum / counts[i]) : NAN;
      } else {
        means[i] = NAN;
      }
    }
    val r = ok();
    r.set("movieIds", to_js(ids));
    r.set("years", to_js(years));
    r.set("genres", to_js(genres));
    r.set("ratingCounts", to_js(counts));
    r.set("meanRatings", to_js(means));
    r.set("titles", dump_json(titles));
    r.set("genreNames", dump_json(Json(c.genre_names)));
    if (links) {
      r.set("imdbIds", to_js(imdb));
      r.set("tmdbIds", to_js(tmdb));
    }
    if (!c.tag_names.empty() && c.movie_tags.size() == n) {
      std::vector<int32_t> ptr(n + 1, 0), tag_ids, tag_counts;
      for (size_t i = 0; i < n; ++i) {
        std::vector<TagCount> t = c.movie_tags[i];
        std::stable_sort(t.begin(), t.end(), [](const TagCount& a, const TagCount& b) { return a.count > b.count; });
        for (const TagCount& tc : t) {
          tag_ids.push_back(tc.tag);
          tag_counts.push_back(tc.count);
        }
        ptr[i + 1] = static_cast<int32_t>(tag_ids.size());
      }
      r.set("tagNames", dump_json(Json(c.tag_names)));
      r.set("tagPtr", to_js(ptr));
      r.set("tagIds", to_js(tag_ids));
      r.set("tagCounts", to_js(tag_counts));
    }
    return r;
  });
}

val Engine::algorithms() {
  return guarded([] {
    Json a = Json::array();
    for (const AlgorithmInfo& info : cinerec::algorithms())
      a.push_back({{"name", info.name}, {"description", info.description},
                   {"predictsRatings", info.predicts_ratings},
                   {"params", make_model(info.name)->params()}});
    val r = ok();
    r.set("json", dump_json(a));
    return r;
  });
}

val Engine::train(const std::string& algorithm, const std::string& params_json, double seed,
                  const val& progress, const val& items, const val& ratings) {
  return guarded([&] {
    Profile mine = profile_from_js(items, ratings);
    std::unique_ptr<Dataset> with_mine;
    if (!mine.empty()) with_mine = std::make_unique<Dataset>(with_extra_user(data(), mine, -1));
    const Dataset& d = with_mine ? *with_mine : data();
    FitOptions options;
    options.seed = seed_from(seed);
    options.progress = [&progress](const Progress& p) { return call_progress(progress, progress_js(p)); };
    std::unique_ptr<Model> m = make_model(algorithm, parse_json(params_json, "params"));
    auto start = std::chrono::steady_clock::now();
    m->fit(d, options);
    train_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    seed_ = options.seed;
    model_ = std::move(m);
    val r = ok();
    r.set("model", dump_json(model_json()));
    return r;
  });
}

val Engine::modelInfo() const {
  return guarded([&] {
    val r = ok();
    r.set("model", dump_json(model_json()));
    return r;
  });
}

val Engine::recommend(const val& items, const val& ratings, int n, const val& exclude,
                      const std::string& filters_json, bool reasons) const {
  return guarded([&] {
    const Model& m = model();
    const Catalog& c = *data().catalog;
    Profile profile = profile_from_js(items, ratings);
    Json f = parse_json(filters_json, "filters");
    Filters filters;
    filters.exclude = from_js<int32_t>(exclude);
    if (f.contains("genres")) {
      for (const Json& g : f["genres"]) {
        const std::string name = g.is_string() ? g.get<std::string>() : g.dump();
        int32_t bit = c.genre_bit(name);
        if (bit < 0) throw Error(ErrorCode::InvalidArgument, "unknown genre '" + name + "'");
        filters.genres_any |= 1u << bit;
      }
    }
    filters.year_min = f.value("yearMin", 0);
    filters.year_max = f.value("yearMax", 0);
    filters.min_ratings = f.value("minRatings", 0);
    std::vector<Scored> top = m.recommend(profile, n, filters);
    val r = ok();
    set_scored(r, top);
    if (reasons) {
      Json why = Json::array();
      for (const Scored& s : top) why.push_back(explanation_json(m.explain(profile, s.item), 8));
      r.set("reasons", dump_json(why));
    } else {
      r.set("reasons", std::string());
    }
    return r;
  });
}

val Engine::predict(const val& items, const val& ratings, int item) const {
  return guarded([&] {
    const Model& m = model();
    val r = ok();
    r.set("value", m.predict(profile_from_js(items, ratings), item));
    return r;
  });
}

val Engine::similar(int item, int n) const {
  return guarded([&] {
    const Model& m = model();
    if (n < 0) throw Error(ErrorCode::InvalidArgument, "n must be >= 0");
    std::vector<Scored> top = m.similar_items(item, n);
    val r = ok();
    set_scored(r, top);
    return r;
  });
}

val Engine::explain(const val& items, const val& ratings, int item) const {
  return guarded([&] {
    const Model& m = model();
    val r = ok();
    r.set("json", dump_json(explanation_json(m.explain(profile_from_js(items, ratings), item), 8)));
    return r;
  });
}

val Engine::saveModel() const {
  return guarded([&] {
    std::vector<uint8_t> bytes = model().save();
    val r = ok();
    r.set("bytes", to_js(bytes));
    return r;
  });
}

val Engine::loadModel(const val& bytes) {
  return guarded([&] {
    const Dataset& d = data();
    std::unique_ptr<Model> m = load_model(from_js<uint8_t>(bytes));
    if (m->context().n_items != d.n_items())
      throw Error(ErrorCode::InvalidArgument,
                  "the model was trained on " + std::to_string(m->context().n_items) +
                      " movies but the snapshot has " + std::to_string(d.n_items()));
    m->attach(d);
    model_ = std::move(m);
    train_seconds_ = -1;
    val r = ok();
    r.set("model", dump_json(model_json()));
    return r;
  });
}

val Engine::evaluate(const std::string& algorithm, const std::string& params_json,
                     const std::string& options_json, const val& progress) const {
  return guarded([&] {
    const Dataset& d = data();
    Json o = parse_json(options_json, "options");
    EvalOptions options;
    options.protocol = o.value("protocol", options.protocol);
    options.k = o.value("k", options.k);
    if (o.contains("seed")) options.seed = seed_from(o["seed"].get<double>());
    options.relevance_threshold = o.value("relevanceThreshold", options.relevance_threshold);
    options.progress = [&progress](const EvalProgress& p) {
      if (progress.isUndefined() || progress.isNull()) return true;
      val e = val::object();
      e.set("fold", p.fold);
      e.set("folds", p.n_folds);
      e.set("stage", p.stage);
      e.set("fraction", p.fraction);
      if (p.stage == "fit") e.set("fit", progress_js(p.fit));
      return call_progress(progress, e);
    };
    EvalReport report = cinerec::evaluate(d, algorithm, parse_json(params_json, "params"), options);
    val r = ok();
    r.set("json", dump_json(to_json(report)));
    return r;
  });
}

}  // namespace cinerec::bindings
