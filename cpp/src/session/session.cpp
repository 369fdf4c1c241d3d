#include "cinerec/session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include "cinerec/error.hpp"
#include "cinerec/snapshot.hpp"

namespace cinerec {

namespace {

MovieStats movie_stats(const Dataset& d) {
  const RatingMatrix& R = *d.ratings;
  const int32_t n = d.catalog->size();
  MovieStats s;
  s.counts.assign(n, 0);
  s.means.assign(n, NAN);
  for (int32_t i = 0; i < n && i < R.n_items; ++i) {
    double sum = 0;
    for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) sum += R.item_value[x];
    s.counts[i] = static_cast<int32_t>(R.item_count(i));
    if (s.counts[i]) s.means[i] = static_cast<float>(sum / s.counts[i]);
  }
  return s;
}

ModelInfo info_of(const Model& m) {
  ModelInfo info;
  info.algorithm = m.name();
  info.params = m.params();
  info.predicts_ratings = m.predicts_ratings();
  return info;
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

}  // namespace

Session::Session(Dataset data) : data_(std::move(data)) {
  if (!data_.catalog) throw Error(ErrorCode::InvalidArgument, "a session needs a catalogue");
  stats_ = movie_stats(data_);
}

Session Session::from_snapshot(const std::vector<uint8_t>& bytes) { return Session(read_snapshot(bytes)); }

std::vector<std::vector<TagCount>> Session::tags_most_used() const {
  const Catalog& c = catalog();
  std::vector<std::vector<TagCount>> out(c.movie_tags.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = c.movie_tags[i];
    std::stable_sort(out[i].begin(), out[i].end(), [](const TagCount& a, const TagCount& b) { return a.count > b.count; });
  }
  return out;
}

const Model& Session::model() const {
  if (!model_ || !model_->trained())
    throw Error(ErrorCode::NotTrained, "no trained model: call train() or loadModel() first");
  return *model_;
}

const ModelInfo& Session::train(const std::string& algorithm, const Json& params, const FitOptions& options,
                                const Profile& mine) {
  std::unique_ptr<Dataset> with_mine;
  if (!mine.empty()) with_mine = std::make_unique<Dataset>(with_extra_user(data_, mine, -1));
  std::unique_ptr<Model> m = make_model(algorithm, params);
  const auto start = std::chrono::steady_clock::now();
  m->fit(with_mine ? *with_mine : data_, options);
  ModelInfo info = info_of(*m);
  info.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  info.seed = options.seed;
  info.trained_with_ratings = static_cast<int32_t>(mine.size());
  model_ = std::move(m);
  info_ = std::move(info);
  return *info_;
}

const ModelInfo& Session::load_model(const std::vector<uint8_t>& bytes) {
  std::unique_ptr<Model> m = cinerec::load_model(bytes);
  if (m->context().n_items != data_.n_items())
    throw Error(ErrorCode::InvalidArgument, "the model was trained on " + std::to_string(m->context().n_items) +
                                                " movies but the snapshot has " + std::to_string(data_.n_items()));
  m->attach(data_);
  info_ = info_of(*m);
  model_ = std::move(m);
  return *info_;
}

std::vector<uint8_t> Session::save_model() const { return model().save(); }

Profile Session::profile(const std::vector<std::pair<int64_t, float>>& ratings) const {
  std::unordered_map<int32_t, size_t> at;
  Profile p;
  for (const auto& [movie_id, rating] : ratings) {
    const int32_t item = catalog().item(movie_id);
    if (!(rating >= data_.rating_min && rating <= data_.rating_max))
      throw Error(ErrorCode::InvalidArgument, "the rating of movie " + std::to_string(movie_id) + " (" +
                                                  std::to_string(rating) + ") is off the scale " +
                                                  std::to_string(data_.rating_min) + " to " +
                                                  std::to_string(data_.rating_max));
    auto it = at.find(item);
    if (it != at.end()) {
      p[it->second].rating = rating;
    } else {
      at.emplace(item, p.size());
      p.push_back({item, rating});
    }
  }
  return p;
}

Filters Session::filters(const FilterSpec& spec) const {
  Filters f;
  for (const std::string& g : spec.genres) {
    const int32_t bit = catalog().genre_bit(g);
    if (bit < 0) throw Error(ErrorCode::InvalidArgument, "unknown genre '" + g + "'");
    f.genres_any |= 1u << bit;
  }
  f.year_min = spec.year_min;
  f.year_max = spec.year_max;
  if (spec.min_ratings < 0) throw Error(ErrorCode::InvalidArgument, "minRatings must be >= 0");
  f.min_ratings = spec.min_ratings;
  f.exclude = spec.exclude;
  return f;
}

void Session::check_item(int32_t item) const {
  if (item < 0 || item >= data_.n_items())
    throw Error(ErrorCode::InvalidArgument, "item index " + std::to_string(item) + " out of range");
}

std::vector<Recommendation> Session::recommend(const Profile& profile, int32_t n, const Filters& filters,
                                               bool reasons) const {
  const Model& m = model();
  const UserState state = m.fold(profile);
  std::vector<Recommendation> out;
  for (const Scored& s : m.recommend(state, n, filters)) {
    Recommendation r{s.item, s.score, std::nullopt};
    if (reasons) r.why = why(m.explain(state, s.item));
    out.push_back(std::move(r));
  }
  return out;
}

Why Session::explain(const Profile& profile, int32_t item) const {
  check_item(item);
  const Model& m = model();
  return why(m.explain(m.fold(profile), item));
}

float Session::predict(const Profile& profile, int32_t item) const {
  check_item(item);
  const Model& m = model();
  return m.predict(m.fold(profile), item);
}

std::vector<Scored> Session::similar(int32_t item, int32_t n) const {
  const Model& m = model();
  check_item(item);
  if (n < 0) throw Error(ErrorCode::InvalidArgument, "n must be >= 0");
  return m.similar_items(item, n);
}

EvalReport Session::evaluate(const std::string& algorithm, const Json& params, const EvalOptions& options) const {
  return cinerec::evaluate(data_, algorithm, params, options);
}

Why Session::why(const Explanation& e) const {
  const Model& m = model();
  Why w;
  w.score = e.score;
  for (size_t j = 0; j < e.parts.size() && j < kMaxReasonParts; ++j) {
    const Explanation::Part& p = e.parts[j];
    Reason r;
    r.kind = p.kind;
    r.item = p.item;
    r.feature = p.feature;
    r.weight = p.weight;
    if (p.kind != ReasonKind::RatedMovie && p.feature >= 0) r.name = m.feature_name(p.kind, p.feature);
    w.parts.push_back(std::move(r));
  }
  return w;
}

Json to_json(const ModelInfo& info) {
  return {{"algorithm", info.algorithm},
          {"params", info.params},
          {"predictsRatings", info.predicts_ratings},
          {"seed", info.seed ? Json(*info.seed) : Json(nullptr)},
          {"trainSeconds", info.train_seconds ? Json(*info.train_seconds) : Json(nullptr)},
          {"trainedWithRatings", info.trained_with_ratings}};
}

Json to_json(const Why& why) {
  Json parts = Json::array();
  for (const Reason& r : why.parts) {
    Json o = {{"kind", reason_kind_name(r.kind)}, {"weight", number_or_null(r.weight)}};
    if (r.kind == ReasonKind::RatedMovie) o["item"] = r.item;
    else if (!r.name.empty()) o["name"] = r.name;
    parts.push_back(std::move(o));
  }
  return {{"score", number_or_null(why.score)}, {"parts", std::move(parts)}};
}

}  // namespace cinerec
