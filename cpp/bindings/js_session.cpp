#include "js_session.hpp"

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/snapshot.hpp"
#include "convert.hpp"

namespace cinerec::bindings {

Session& JsSession::session() const {
  if (!session_) throw Error(ErrorCode::InvalidArgument, "no snapshot loaded");
  return *session_;
}

val JsSession::loadSnapshot(const val& bytes) {
  return guarded([&] {
    std::vector<uint8_t> buf = from_js<uint8_t>(bytes);
    SnapshotInfo info = snapshot_info(buf.data(), buf.size());
    auto s = std::make_unique<Session>(Session::from_snapshot(buf));
    session_ = std::move(s);
    val r = ok();
    r.set("info", dump_json(snapshot_info_json(info, buf.size(), session_->data())));
    // the model the snapshot carries, loaded without training (null when none)
    const auto& model = session_->model_info();
    r.set("model", model ? val(dump_json(to_json(*model))) : val::null());
    return r;
  });
}

// Fields: movieIds (Float64Array), years (Int16Array, 0 = unknown), genres
// (Uint32Array bitsets over genreNames), ratingCounts (Int32Array),
// meanRatings (Float32Array, NaN = no ratings), titles (JSON text: array),
// genreNames (JSON text); with links: imdbIds, tmdbIds (Float64Array, 0 =
// unknown); with tags: tagNames (JSON text), tagPtr (Int32Array, n+1),
// tagIds, tagCounts (Int32Array, per movie most used first); with TMDb
// details (cinerec snapshot --tmdb): details (JSON text: {people, keywords,
// movies: [[overview, [director], [cast], [keyword], runtime, language] or
// null per movie]}, names as indices into people / keywords).
val JsSession::catalog() const {
  return guarded([&] {
    const Session& s = session();
    const Catalog& c = s.catalog();
    const size_t n = c.movies.size();
    std::vector<double> ids(n), imdb(n), tmdb(n);
    std::vector<int16_t> years(n);
    std::vector<uint32_t> genres(n);
    // Titles as one UTF-8 block and n + 1 byte offsets: web/lib decodes a
    // title when it is first shown (a JSON array of 59,047 titles took ~40 ms
    // to write here and ~15 ms to parse in the page).
    std::vector<uint8_t> title_bytes;
    std::vector<int32_t> title_ptr(n + 1, 0);
    bool links = false;
    for (size_t i = 0; i < n; ++i) {
      const Movie& m = c.movies[i];
      ids[i] = static_cast<double>(m.id);
      imdb[i] = static_cast<double>(m.imdb_id);
      tmdb[i] = static_cast<double>(m.tmdb_id);
      links = links || m.imdb_id || m.tmdb_id;
      years[i] = static_cast<int16_t>(m.year > 0 && m.year < 32768 ? m.year : 0);
      genres[i] = m.genres;
      title_bytes.insert(title_bytes.end(), m.title.begin(), m.title.end());
      title_ptr[i + 1] = static_cast<int32_t>(title_bytes.size());
    }
    val r = ok();
    r.set("movieIds", to_js(ids));
    r.set("years", to_js(years));
    r.set("genres", to_js(genres));
    r.set("ratingCounts", to_js(s.stats().counts));
    r.set("meanRatings", to_js(s.stats().means));
    r.set("titleBytes", to_js(title_bytes));
    r.set("titlePtr", to_js(title_ptr));
    r.set("genreNames", dump_json(Json(c.genre_names)));
    if (links) {
      r.set("imdbIds", to_js(imdb));
      r.set("tmdbIds", to_js(tmdb));
    }
    if (!c.tag_names.empty() && c.movie_tags.size() == n) {
      std::vector<int32_t> ptr(n + 1, 0), tag_ids, tag_counts;
      const std::vector<std::vector<TagCount>> tags = s.tags_most_used();
      for (size_t i = 0; i < n; ++i) {
        for (const TagCount& tc : tags[i]) {
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
    if (c.details.size() == n) {
      Json movies = Json::array();
      for (const MovieDetails& d : c.details)
        movies.push_back(d.empty() ? Json(nullptr)
                                   : Json::array({d.overview, d.directors, d.cast, d.keywords, d.runtime, d.language}));
      r.set("details", dump_json(Json{{"people", c.people}, {"keywords", c.keyword_names}, {"movies", std::move(movies)}}));
    }
    return r;
  });
}

val JsSession::algorithms() {
  return guarded([] {
    val r = ok();
    r.set("json", dump_json(algorithms_json()));
    return r;
  });
}

val JsSession::train(const std::string& algorithm, const std::string& params_json, double seed,
                     const val& progress, const val& items, const val& ratings) {
  return guarded([&] {
    FitOptions options;
    options.seed = seed_from_js(seed);
    options.progress = [&progress](const Progress& p) { return call_progress(progress, progress_js(p)); };
    const ModelInfo& info =
        session().train(algorithm, parse_json(params_json, "params"), options, profile_from_js(items, ratings));
    val r = ok();
    r.set("model", dump_json(to_json(info)));
    return r;
  });
}

val JsSession::modelInfo() const {
  return guarded([&] {
    const auto& info = session().model_info();
    val r = ok();
    r.set("model", dump_json(info ? to_json(*info) : Json(nullptr)));
    return r;
  });
}

val JsSession::recommend(const val& items, const val& ratings, int n, const val& exclude,
                         const std::string& filters_json, bool reasons) const {
  return guarded([&] {
    const Session& s = session();
    FilterSpec spec = filter_spec_from_json(parse_json(filters_json, "filters"));
    spec.exclude = from_js<int32_t>(exclude);
    const std::vector<Recommendation> top = s.recommend(profile_from_js(items, ratings), n, s.filters(spec), reasons);
    val r = ok();
    set_scored(r, top);
    if (reasons) {
      Json why = Json::array();
      for (const Recommendation& x : top) why.push_back(to_json(*x.why));
      r.set("reasons", dump_json(why));
    } else {
      r.set("reasons", std::string());
    }
    return r;
  });
}

val JsSession::predict(const val& items, const val& ratings, const val& targets) const {
  return guarded([&] {
    val r = ok();
    r.set("values", to_js(session().predict(profile_from_js(items, ratings), from_js<int32_t>(targets))));
    return r;
  });
}

val JsSession::similar(int item, int n, const std::string& options_json) const {
  return guarded([&] {
    val r = ok();
    set_scored(r, session().similar(item, n, similar_options_from_json(parse_json(options_json, "options"))));
    return r;
  });
}

val JsSession::explain(const val& items, const val& ratings, int item) const {
  return guarded([&] {
    val r = ok();
    r.set("json", dump_json(to_json(session().explain(profile_from_js(items, ratings), item))));
    return r;
  });
}

val JsSession::saveModel() const {
  return guarded([&] {
    val r = ok();
    r.set("bytes", to_js(session().save_model()));
    return r;
  });
}

val JsSession::loadModel(const val& bytes) {
  return guarded([&] {
    const ModelInfo& info = session().load_model(from_js<uint8_t>(bytes));
    val r = ok();
    r.set("model", dump_json(to_json(info)));
    return r;
  });
}

val JsSession::evaluate(const std::string& algorithm, const std::string& params_json,
                        const std::string& options_json, const val& progress) const {
  return guarded([&] {
    EvalOptions options = eval_options_from_json(parse_json(options_json, "options"));
    options.progress = [&progress](const EvalProgress& p) { return call_progress(progress, eval_progress_js(p)); };
    val r = ok();
    r.set("json", dump_json(to_json(session().evaluate(algorithm, parse_json(params_json, "params"), options))));
    return r;
  });
}

}  // namespace cinerec::bindings
