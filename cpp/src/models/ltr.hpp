// The pieces of the ltr model (models/ltr.cpp) that its tests check one by
// one: the training statistics, the 24 features of a (profile, candidate)
// pair with and without the training user left out, and one step of the
// network's training. The formulas are in ltr.cpp's head comment.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"

namespace cinerec {
class Rng;
class ByteWriter;
class ByteReader;
}  // namespace cinerec

namespace cinerec::ltr {

constexpr int32_t kFeatures = 24;
enum Feature : int32_t {
  kLogN, kLogLate, kLateFrac,                                             // popularity
  kCondMean, kCosMean, kCosMax, kAfterMean, kAfterMax, kLiftMean, kCosRating,  // with the profile
  kYDist, kYDiff, kYZ, kYItem, kYProf, kYBin,                             // release year
  kGenreCos, kGenreSum,                                                   // genres
  kProfObsc, kLogNxObsc, kMeanR, kLogK, kLogNxK, kYDistxYItem,            // profile, interactions
};
// "logn", "cos_mean", ... (the prototype's names).
const char* feature_name(int32_t f);

// Release-year bins (one-hot, 15): below 1960, [1960, 1970), ..., [2013,
// 2016), from 2016, and unknown.
constexpr int32_t kYearBins = 15;
int32_t year_bin(int32_t year);

// How a training user's ratings are ordered: by timestamp (ties: the lower
// item index first), or, for data without timestamps, a fallback: a seeded
// random order (what "time" falls back to), or most rated first (measured
// worse: docs/algorithms-topn.md).
enum class Order : uint8_t { Time, Random, Popularity };

struct StatsOptions {
  int32_t n_candidates = 1000;
  int32_t n_universe = 3000;
  int32_t late_position = 10;
  float damping = 10;
  Order order = Order::Time;
};

// What the features read: counts over the training users, and the pair
// counts over U × candidates rebuilt from each user's sequence of U items.
struct Stats {
  int32_t n_items = 0;
  int32_t n_users = 0;  // training users with at least one rating
  int32_t n_cand = 0;   // slots [0, n_cand) are the candidates
  int32_t late_position = 10;
  float damping = 10;
  float rating_min = 0.5f, rating_max = 5.0f;
  std::vector<int32_t> count;      // per item: training ratings (n_i)
  std::vector<int32_t> univ;       // per slot: the item, most rated first (ties: lower index)
  std::vector<int32_t> slot;       // per item: its slot, or -1 outside U
  std::vector<int32_t> late;       // per slot: users who rated it at position >= late_position (L_i)
  std::vector<double> rating_sum;  // per candidate slot: Σ ratings
  double global_sum = 0;           // Σ of every training rating
  int64_t global_n = 0;
  std::vector<int16_t> year;       // per item, 0 when unknown
  std::vector<uint32_t> genres;    // per item, Catalog bits
  std::vector<std::string> genre_names;
  float year_median = 1995;        // of the catalogue's known years
  std::vector<uint32_t> seq_ptr;   // per training user with ratings: its U slots in order
  std::vector<uint16_t> seq;
  // Rebuilt from seq (never saved): C(j, i) users who rated both, A(j, i)
  // users who rated j before i; rows are U slots, columns candidate slots.
  // build_stats fills them at once (training reads every row); a loaded
  // model fills them on first use (ensure_pairs): an empty profile — a first
  // visit — needs none, so opening a snapshot with its ltr model skips the
  // 3000 × 1000 counting (~0.1–0.4 s in wasm) and its 24 MB until a rating.
  mutable std::vector<float> C, A;
  std::shared_ptr<std::once_flag> pairs_pending;  // set by load(), until ensure_pairs() ran

  int32_t n_univ() const { return static_cast<int32_t>(univ.size()); }
  // Callers run ensure_pairs() first.
  float Cji(int32_t j, int32_t i) const { return C[static_cast<size_t>(j) * n_cand + i]; }
  float Aji(int32_t j, int32_t i) const { return A[static_cast<size_t>(j) * n_cand + i]; }
  double mean_rating() const { return global_n ? global_sum / static_cast<double>(global_n) : 0.0; }
  void build_pairs() const;
  // Builds C and A once if load() left them to be built; thread-safe.
  void ensure_pairs() const;
  void save(ByteWriter& w) const;
  void load(ByteReader& r);
};

// Each user's CSR offsets in the training order (empty rows stay empty).
std::vector<std::vector<int64_t>> user_orders(const RatingMatrix& R, Order order, Rng& rng);
// The statistics of R's users in the given orders.
Stats build_stats(const RatingMatrix& R, const Catalog* catalog, const std::vector<std::vector<int64_t>>& orders,
                  const StatsOptions& options, float rating_min, float rating_max);

// A training user taken out of the statistics (leave-one-user-out): where
// they rated each candidate (-1: not rated) and with what, where each
// profile entry stands in their order, and their ratings' sum and count.
struct LeftOut {
  std::vector<int32_t> cand_pos;    // per candidate slot
  std::vector<float> cand_rating;   // per candidate slot
  std::vector<int32_t> profile_pos; // per profile entry
  double rating_sum = 0;
  int64_t n_ratings = 0;
};

// |P| as the features see it: clamped to the training cuts' range, so a
// profile of 2 or of 300 ratings is not an extrapolation of the network.
struct ProfileSize {
  int32_t lo = 5, hi = 20;
};

// Features of candidate slots cands[0..n) for a profile, into X (n × 24,
// row-major). `out`: the training user whose own ratings are subtracted from
// every count (null for a new user).
void features(const Stats& s, const Profile& profile, const LeftOut* out, const int32_t* cands, int32_t n,
              ProfileSize size, float* X);

// The network: logit = b0 + b_i + vᵀ relu(Wᵀz + c) + aᵀz on standardised z.
// All parameters in one vector so Adam and save treat them alike.
struct Net {
  int32_t d = kFeatures, h = 0, nb = 0;
  std::vector<float> theta;  // W (d × h, row-major) | c (h) | v (h) | a (d) | b0 | b (nb)
  std::vector<float> mu, sd;  // standardisation of the features (d)

  void init(int32_t hidden, int32_t n_bias, Rng& rng);
  size_t off_c() const { return static_cast<size_t>(d) * h; }
  size_t off_v() const { return off_c() + h; }
  size_t off_a() const { return off_v() + h; }
  size_t off_b0() const { return off_a() + d; }
  size_t off_b() const { return off_b0() + 1; }
  // Standardises X (n × d) in place.
  void standardise(float* X, int64_t n) const;
  // Logits of n standardised rows with bias slots items (null: slot = row).
  void logits(const float* Z, const int32_t* items, int32_t n, float* out) const;
};

struct Adam {
  float lr = 3e-3f, l2 = 1e-5f;
  std::vector<float> m, v;
  int64_t t = 0;
};

// One Adam step on a batch of n standardised rows Z (n × d) with labels y,
// weights w (already normalised to mean 1 over the training rows) and bias
// slots: the gradient of (1/n) Σ w·BCE, plus l2·θ. Returns Σ w·BCE.
double train_step(Net& net, Adam& opt, const float* Z, const float* y, const float* w, const int32_t* items,
                  int32_t n);

}  // namespace cinerec::ltr
