#include "cinerec/session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <unordered_map>

#include "cinerec/error.hpp"
#include "cinerec/snapshot.hpp"
#include "data/crc32.hpp"
#include "models/item_filter.hpp"
#include "models/topk.hpp"

namespace cinerec {

namespace {

MovieStats movie_stats(const Dataset& d) {
  RatingSummary r = summarise_ratings(d);
  return {std::move(r.counts), std::move(r.means)};
}

ModelInfo info_of(const Model& m) {
  ModelInfo info;
  info.algorithm = m.name();
  info.params = m.params();
  info.predicts_ratings = m.predicts_ratings();
  return info;
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

std::vector<float> user_means(const RatingMatrix& R) {
  std::vector<float> means(R.n_users, 0.0f);
  for (int32_t u = 0; u < R.n_users; ++u) {
    double sum = 0;
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) sum += R.user_value[x];
    if (R.user_count(u)) means[u] = static_cast<float>(sum / R.user_count(u));
  }
  return means;
}

// Rating counts of the rated movies, most first.
std::vector<int32_t> counts_descending(const MovieStats& s) {
  std::vector<int32_t> c;
  for (int32_t x : s.counts)
    if (x > 0) c.push_back(x);
  std::sort(c.begin(), c.end(), std::greater<>());
  return c;
}

constexpr int32_t kSimilarFloor = 20;     // ratings a neighbour needs (lowered on small catalogues)
constexpr float kSimilarShrink = 10;      // c / (c + 10)
constexpr int32_t kSimilarSupport = 3;    // co-raters a neighbour by ratings needs
constexpr double kPopularTopShare = 0.02; // m = the count of the movie at the top 2%

float genre_jaccard(uint32_t a, uint32_t b) {
  const int both = __builtin_popcount(a & b), any = __builtin_popcount(a | b);
  return any ? static_cast<float>(both) / any : 0.0f;
}

}  // namespace

Session::Session(Dataset data) : data_(std::move(data)) {
  if (!data_.catalog) throw Error(ErrorCode::InvalidArgument, "a session needs a catalogue");
  stats_ = movie_stats(data_);
  user_means_ = user_means(*data_.ratings);
  const std::vector<int32_t> c = counts_descending(stats_);
  if (!c.empty()) {
    const size_t rank = std::min(c.size() - 1, std::max<size_t>(100, c.size() / 10));
    floor_ = std::max(1, std::min(kSimilarFloor, c[rank]));
    prior_ = static_cast<float>(std::max(1, c[static_cast<size_t>(kPopularTopShare * (c.size() - 1))]));
  }
  if (data_.model) {
    try {
      if (data_.model_checked) {
        const ModelBytesChecked by_the_section;
        load_model(*data_.model);
      } else {
        load_model(*data_.model);
      }
    } catch (const Error& e) {
      throw Error(ErrorCode::SnapshotCorrupt, "snapshot section MODL (model): " + std::string(e.what()));
    }
  }
}

void Session::check_trainable(const char* what) const {
  if (data_.is_catalogue())
    throw Error(ErrorCode::Catalogue,
                std::string(what) + ": this snapshot is a catalogue (movies and a trained " +
                    (info_ ? info_->algorithm : std::string("model")) +
                    " model, no ratings): it recommends by folding your ratings in, and cannot train or evaluate");
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
  check_trainable("train");
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
  if (profile.empty() && has_popularity()) return popular(n, filters, reasons);
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

std::vector<float> Session::predict(const Profile& profile, const std::vector<int32_t>& items) const {
  for (int32_t item : items) check_item(item);
  const Model& m = model();
  const UserState state = m.fold(profile);
  std::vector<float> out;
  out.reserve(items.size());
  for (int32_t item : items) out.push_back(m.predict(state, item));
  return out;
}

float Session::damped_mean(int32_t item) const {
  const double C = data_.ratings->global_mean;
  const int32_t n = stats_.counts[item];
  const double sum = n ? static_cast<double>(stats_.means[item]) * n : 0.0;
  return static_cast<float>((sum + prior_ * C) / (n + prior_));
}

std::vector<Recommendation> Session::popular(int32_t n, const Filters& filters, bool reasons) const {
  if (n < 0) throw Error(ErrorCode::InvalidArgument, "n must be >= 0");
  const int32_t items = data_.n_items();
  std::vector<float> score(items, NAN);
  for (int32_t i = 0; i < items; ++i)
    if (stats_.counts[i] > 0) score[i] = damped_mean(i);
  const ItemFilter pass(filters, data_.catalog.get(), stats_.counts, items, Profile{});
  std::vector<Recommendation> out;
  for (const Scored& s : top_k(score, n, [&](int32_t i) { return pass(i, score[i]); })) {
    Recommendation r{s.item, s.score, std::nullopt};
    if (reasons) {
      Why w;
      w.score = s.score;
      Reason count;
      count.kind = ReasonKind::Popularity;
      count.weight = static_cast<float>(stats_.counts[s.item]);
      Reason mean;
      mean.kind = ReasonKind::MovieMean;
      mean.weight = static_cast<float>(stats_.means[s.item] - data_.ratings->global_mean);
      w.parts = {count, mean};
      r.why = std::move(w);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Scored> Session::similar(int32_t item, int32_t n, const SimilarOptions& options) const {
  check_item(item);
  if (n < 0) throw Error(ErrorCode::InvalidArgument, "n must be >= 0");
  if (options.min_ratings < -1) throw Error(ErrorCode::InvalidArgument, "minRatings must be >= 0");
  const int32_t floor = options.min_ratings < 0 ? floor_ : options.min_ratings;
  if (options.by == SimilarBy::Ratings && data_.ratings->nnz() > 0) return similar_by_ratings(item, n, floor);
  const Model& m = model();
  if (floor <= 1) return m.similar_items(item, n);
  std::vector<Scored> out;
  for (const Scored& s : m.similar_items(item, data_.n_items())) {
    if (static_cast<int32_t>(out.size()) >= n) break;
    if (stats_.counts[s.item] >= floor) out.push_back(s);
  }
  return out;
}

std::vector<Scored> Session::similar_by_ratings(int32_t item, int32_t n, int32_t floor) const {
  const RatingMatrix& R = *data_.ratings;
  const Catalog& cat = catalog();
  const int32_t items = data_.n_items();
  // Per candidate: co-raters, and the sums of the centred ratings' products.
  std::vector<int32_t> co(items, 0);
  std::vector<float> xy(items, 0), xx(items, 0), yy(items, 0);
  std::vector<int32_t> touched;
  for (int64_t a = R.item_ptr[item]; a < R.item_ptr[item + 1]; ++a) {
    const int32_t u = R.item_user[a];
    const float xi = R.item_value[a] - user_means_[u];
    for (int64_t b = R.user_ptr[u]; b < R.user_ptr[u + 1]; ++b) {
      const int32_t j = R.user_item[b];
      if (j == item) continue;
      const float xj = R.user_value[b] - user_means_[u];
      if (co[j]++ == 0) touched.push_back(j);
      xy[j] += xi * xj;
      xx[j] += xi * xi;
      yy[j] += xj * xj;
    }
  }
  const float ni = static_cast<float>(stats_.counts[item]);
  const uint32_t gi = cat.movies[item].genres;
  std::vector<float> score(items, NAN);
  for (int32_t j : touched) {
    const int32_t c = co[j];
    if (c < kSimilarSupport || stats_.counts[j] < floor) continue;
    const float cosine = c / std::sqrt(ni * stats_.counts[j]);
    const float shrink = c / (c + kSimilarShrink);
    const float denom = std::sqrt(xx[j] * yy[j]);
    const float pearson = denom > 0 ? std::clamp(xy[j] / denom, -1.0f, 1.0f) : 0.0f;
    if (denom > 0 && pearson <= 0) {  // not rated alike: no neighbour, and not a filler either
      score[j] = 0;
      continue;
    }
    score[j] = cosine * shrink * (1 + pearson) / 2 * (1 + genre_jaccard(gi, cat.movies[j].genres)) / 2;
  }
  std::vector<Scored> out = top_k(score, n, [&](int32_t j) { return std::isfinite(score[j]) && score[j] > 0; });
  if (static_cast<int32_t>(out.size()) >= n) return out;

  // Too little evidence (an obscure movie): fill with films of the same
  // genres and era, the best liked first, below every neighbour by ratings.
  const float cap = 0.5f * (out.empty() ? 1.0f : out.back().score);
  const int32_t year = cat.movies[item].year;
  std::vector<float> fill(items, NAN);
  for (int32_t j = 0; j < items; ++j) {
    if (j == item || std::isfinite(score[j]) || stats_.counts[j] < std::max(1, floor)) continue;
    const float jaccard = genre_jaccard(gi, cat.movies[j].genres);
    if (jaccard <= 0) continue;
    const int32_t gap = year && cat.movies[j].year ? std::abs(year - cat.movies[j].year) : 30;
    fill[j] = cap * jaccard / (1.0f + gap / 10.0f) * damped_mean(j) / data_.rating_max;
  }
  for (const Scored& s : top_k(fill, n - static_cast<int32_t>(out.size()),
                               [&](int32_t j) { return std::isfinite(fill[j]); }))
    out.push_back(s);
  return out;
}

EvalReport Session::evaluate(const std::string& algorithm, const Json& params, const EvalOptions& options) const {
  check_trainable("evaluate");
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
