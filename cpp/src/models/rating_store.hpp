// Saving the training ratings inside a model, for the models whose
// predictions read other users' ratings (neighbourhood models, Slope One):
// the CSR by user is written, the CSC by item rebuilt on load.
#pragma once
#include "cinerec/dataset.hpp"
#include "cinerec/model.hpp"
#include "models/model_io.hpp"
#include "util/bytes.hpp"

namespace cinerec {

inline void save_ratings(ByteWriter& w, const RatingMatrix& m) {
  w.i32(m.n_users);
  w.i32(m.n_items);
  w.vec(m.user_ptr);
  w.vec(m.user_item);
  w.vec(m.user_value);
}

// The movies a saved rating matrix may name. Users are bounded by the bytes
// (a row pointer each), movies are not — a matrix of a few ratings can claim
// any count, and the CSC rebuilt on load allocates one pointer per movie (a
// claim of 721 million asked for 5.8 GB; found by the model fuzz target). 2^24
// is far above any catalogue: ml-32m has 87,585 movies.
constexpr int32_t kMaxSavedItems = 1 << 24;

inline RatingMatrix load_ratings(ByteReader& r) {
  const int32_t n_users = r.i32(), n_items = r.i32();
  if (n_items > kMaxSavedItems)
    r.fail("rating matrix of " + std::to_string(n_items) + " movies, more than the " + std::to_string(kMaxSavedItems) +
           " a saved model may hold");
  std::vector<int64_t> ptr = r.vec<int64_t>();
  std::vector<int32_t> item = r.vec<int32_t>();
  std::vector<float> value = r.vec<float>();
  if (n_users < 0 || n_items < 0 || ptr.size() != static_cast<size_t>(n_users) + 1 || item.size() != value.size() ||
      ptr.back() != static_cast<int64_t>(item.size()))
    r.fail("rating matrix shapes do not agree");
  // Every row pointer first: from 0, never decreasing, so that each row lies
  // inside the arrays (checked row by row, a later row could end past them;
  // found by the model fuzz target).
  if (ptr.front() != 0) r.fail("rating matrix row pointers do not start at 0");
  for (int32_t u = 0; u < n_users; ++u)
    if (ptr[u] > ptr[u + 1]) r.fail("rating matrix row pointers decrease");
  std::vector<Rating> t;
  t.reserve(item.size());
  for (int32_t u = 0; u < n_users; ++u)
    for (int64_t x = ptr[u]; x < ptr[u + 1]; ++x) t.push_back({u, item[x], value[x], 0});
  try {
    return RatingMatrix::from_triplets(n_users, n_items, std::move(t));
  } catch (const Error&) {
    r.fail("rating matrix index out of range");
  }
}

// The saved bytes of such a model: the envelope, the rating scale, the ratings.
inline std::vector<uint8_t> save_with_ratings(const Model& model, const RatingMatrix& m) {
  ByteWriter w = begin_save(model);
  w.f32(model.context().rating_min);
  w.f32(model.context().rating_max);
  save_ratings(w, m);
  return end_save(w);
}

}  // namespace cinerec
