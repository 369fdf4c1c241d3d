#include "cinerec/model.hpp"

#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/topk.hpp"

namespace cinerec {

void Model::set_context(const Dataset& train) {
  ctx_.n_items = train.n_items();
  ctx_.n_users = train.n_users();
  ctx_.rating_min = train.rating_min;
  ctx_.rating_max = train.rating_max;
  ctx_.catalog = train.catalog;
  ctx_.item_counts.assign(train.n_items(), 0);
  for (int32_t i = 0; i < train.n_items(); ++i)
    ctx_.item_counts[i] = static_cast<int32_t>(train.ratings.item_count(i));
  ctx_.train = std::make_shared<const RatingMatrix>(train.ratings);
}

float Model::clip(float r) const {
  if (!std::isfinite(r)) r = 0.5f * (ctx_.rating_min + ctx_.rating_max);
  return std::min(ctx_.rating_max, std::max(ctx_.rating_min, r));
}

std::vector<float> Model::score_user(int32_t user) const {
  if (!ctx_.train) throw Error(ErrorCode::NotTrained, name() + ": no training data attached");
  if (user < 0 || user >= ctx_.train->n_users)
    throw Error(ErrorCode::InvalidArgument, "user index " + std::to_string(user) + " out of range");
  return score(profile_of(*ctx_.train, user));
}

float Model::predict(int32_t user, int32_t item) const {
  if (item < 0 || item >= ctx_.n_items)
    throw Error(ErrorCode::InvalidArgument, "item index " + std::to_string(item) + " out of range");
  return clip(score_user(user)[item]);
}

float Model::predict(const Profile& profile, int32_t item) const {
  if (item < 0 || item >= ctx_.n_items)
    throw Error(ErrorCode::InvalidArgument, "item index " + std::to_string(item) + " out of range");
  return clip(score(profile)[item]);
}

std::vector<Scored> Model::recommend(const Profile& profile, int32_t n,
                                     const Filters& filters) const {
  if (!trained()) throw Error(ErrorCode::NotTrained, name() + " is not trained");
  if (n < 0) throw Error(ErrorCode::InvalidArgument, "n must be >= 0");
  for (const ProfileEntry& e : profile)
    if (e.item < 0 || e.item >= ctx_.n_items)
      throw Error(ErrorCode::InvalidArgument, "profile item index " + std::to_string(e.item) + " out of range");
  std::vector<float> s = score(profile);
  std::vector<uint8_t> banned(ctx_.n_items, 0);
  if (filters.exclude_rated)
    for (const ProfileEntry& e : profile) banned[e.item] = 1;
  for (int32_t i : filters.exclude)
    if (i >= 0 && i < ctx_.n_items) banned[i] = 1;
  const Catalog* cat = ctx_.catalog.get();
  auto keep = [&](int32_t i) {
    if (banned[i] || !std::isfinite(s[i])) return false;
    if (filters.min_ratings > 0 && i < static_cast<int32_t>(ctx_.item_counts.size()) &&
        ctx_.item_counts[i] < filters.min_ratings)
      return false;
    if (cat) {
      const Movie& m = cat->movies[i];
      if (filters.genres_any && !(m.genres & filters.genres_any)) return false;
      if (filters.year_min && m.year < filters.year_min) return false;
      if (filters.year_max && m.year > filters.year_max) return false;
    }
    return true;
  };
  return top_k(s, n, keep);
}

}  // namespace cinerec
