#include "cinerec/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cinerec/error.hpp"
#include "data/rows.hpp"

namespace cinerec {

int32_t Catalog::find(int64_t movie_id) const {
  auto it = index_of.find(movie_id);
  return it == index_of.end() ? -1 : it->second;
}

int32_t Catalog::item(int64_t movie_id) const {
  int32_t i = find(movie_id);
  if (i < 0) throw Error(ErrorCode::UnknownMovie, "no movie with id " + std::to_string(movie_id));
  return i;
}

void Catalog::rebuild_index() {
  index_of.clear();
  index_of.reserve(movies.size() * 2);
  for (size_t i = 0; i < movies.size(); ++i) index_of[movies[i].id] = static_cast<int32_t>(i);
}

int32_t Catalog::genre_bit(const std::string& name) const {
  for (size_t g = 0; g < genre_names.size(); ++g)
    if (genre_names[g] == name) return static_cast<int32_t>(g);
  return -1;
}

RatingMatrix RatingMatrix::from_triplets(int32_t n_users, int32_t n_items,
                                         std::vector<Rating> ratings) {
  bool any_time = false;
  for (const Rating& r : ratings) {
    if (r.user < 0 || r.user >= n_users || r.item < 0 || r.item >= n_items)
      throw Error(ErrorCode::InvalidArgument, "rating index out of range");
    any_time |= r.timestamp != 0;
  }
  RowFiller rows(n_users, n_items, any_time);
  for (const Rating& r : ratings) rows.count(r.user);
  rows.start();
  for (const Rating& r : ratings) rows.put(r.user, r.item, r.value, r.timestamp);
  ratings = std::vector<Rating>();
  return rows.finish(1);
}

std::vector<Rating> RatingMatrix::triplets() const {
  std::vector<Rating> out;
  out.reserve(user_item.size());
  for (int32_t u = 0; u < n_users; ++u)
    for (int64_t k = user_ptr[u]; k < user_ptr[u + 1]; ++k)
      out.push_back({u, user_item[k], user_value[k], user_time.empty() ? 0 : user_time[k]});
  return out;
}

Dataset Dataset::with_ratings(std::vector<Rating> r) const {
  Dataset d;
  d.name = name;
  d.catalog = catalog;
  d.user_ids = user_ids;
  d.rating_min = rating_min;
  d.rating_max = rating_max;
  d.ratings = RatingMatrix::from_triplets(n_users(), n_items(), std::move(r));
  return d;
}

Dataset with_extra_user(const Dataset& data, const Profile& profile, int64_t user_id) {
  const int32_t u = data.n_users();
  std::vector<Rating> t = data.ratings->triplets();
  t.reserve(t.size() + profile.size());
  for (const ProfileEntry& e : profile) {
    if (e.item < 0 || e.item >= data.n_items())
      throw Error(ErrorCode::InvalidArgument, "profile item index " + std::to_string(e.item) + " out of range");
    if (!(e.rating >= data.rating_min && e.rating <= data.rating_max))
      throw Error(ErrorCode::InvalidArgument, "profile rating " + std::to_string(e.rating) + " is off the scale " +
                                                  std::to_string(data.rating_min) + " to " + std::to_string(data.rating_max));
    t.push_back({u, e.item, e.rating, 0});
  }
  Dataset d;
  d.name = data.name;
  d.catalog = data.catalog;
  d.user_ids = data.user_ids;
  d.user_ids.push_back(user_id);
  d.rating_min = data.rating_min;
  d.rating_max = data.rating_max;
  d.ratings = RatingMatrix::from_triplets(u + 1, data.n_items(), std::move(t));
  return d;
}

Profile profile_of(const RatingMatrix& m, int32_t user) {
  Profile p;
  p.reserve(static_cast<size_t>(m.user_count(user)));
  for (int64_t k = m.user_ptr[user]; k < m.user_ptr[user + 1]; ++k)
    p.push_back({m.user_item[k], m.user_value[k]});
  return p;
}

}  // namespace cinerec

namespace cinerec {

RatingSummary summarise_ratings(const Dataset& d) {
  if (d.summary) return *d.summary;
  const RatingMatrix& R = *d.ratings;
  const int32_t n = d.catalog ? d.catalog->size() : R.n_items;
  RatingSummary s;
  s.n_users = R.n_users;
  s.n_ratings = R.nnz();
  s.global_mean = R.global_mean;
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

}  // namespace cinerec
