// ltr — learning to rank what a new person rates next, from features shared
// across items: a pointwise ranker (Liu 2009, "Learning to Rank for
// Information Retrieval", Found. Trends IR 3(3), §2 the pointwise approach;
// trained by gradient descent on a logistic loss as in Burges et al. 2005,
// "Learning to rank using gradient descent", ICML) over 24 features of a
// (profile, candidate) pair, with a per-candidate bias and a linear part
// beside the hidden layer (the "wide & deep" shape of Cheng et al. 2016,
// DLRS). It is the winner of the study of issue 11 (experiments/ltr.py,
// `fit_ltr_mlp`) for people whose first ratings are popular films.
//
// Statistics of the training users over U, the n_universe most rated items
// (candidates: the n_candidates most rated; ties by the lower index), each
// user's ratings in time order (ties: the lower item index first):
//   n_i  ratings,  L_i  users who rated i at position ≥ late_position,
//   C_ji users who rated both,  A_ji users who rated j before i,
//   m_i = (Σ r_ui + d·μ) / (n_i + d)  (damped mean, d = damping).
// Features of candidate i for a profile P (items j ∈ P ∩ U, |P∩U| = m):
//   popularity   log(1+n_i), log(1+L_i), (L_i+1)/(n_i+2)
//   co-occurrence log(1e-3 + mean_j C_ji/n_j), mean_j and max_j of
//                cos_ji = C_ji/√(n_i n_j), log(1e-3 + mean_j A_ji/n_j),
//                max_j A_ji/n_j, log(1e-2 + mean_j lift_ji) with
//                lift_ji = (C_ji/n_j)/(n_i/N), mean_j w_j cos_ji with
//                w_j = r_j − mean rating of P∩U (the middle of the scale
//                when all are equal; models/profile_weights.hpp)
//   year (y_i, or the catalogue's median year when unknown; ȳ, s_y the
//        profile's mean and sd, sd 5 under two known years)
//                |y_i−ȳ|/10, (y_i−ȳ)/10, |y_i−ȳ|/(s_y+3), (y_i−1995)/10,
//                (ȳ−1995)/10, the share of P in i's year bin (15 bins),
//                |y_i−ȳ|/10 · (y_i−1995)/10
//   genre        cosine and dot of i's genres with P's mean genre vector
//   profile      o = mean_j log(1+n_j), log(1+n_i)·(o−4), m_i − 3.5,
//                k = log|P|, log(1+n_i)·k
// (all 0 for the co-occurrence block when m = 0). |P| in k is clamped to
// the cuts' range, so a profile of 2 or 300 ratings is not an extrapolation.
//
// Training rows (leave-one-user-out): every training user u and cut k ∈
// cuts with more than k ratings gives the profile "u's first k ratings" and,
// for each candidate outside it, the label "u rated it later". Every count
// above is taken with u's own ratings subtracted (n_i − [u rated i], C_ji −
// [u rated i], A_ji − [u rated i after j], n_j − 1, N − 1, L_i, Σ r_ui, μ),
// so a training row sees the statistics a new person would: without it the
// label leaks into its own features (the target leakage that ordered target
// statistics avoid, Prokhorenkova et al. 2018, "CatBoost", NeurIPS §3). A
// negative is kept with probability p (`negatives`) and weighted 1/p.
//
// The network, on features standardised over the training rows (z):
//   s_i = b0 + b_i + vᵀ relu(Wᵀz + c) + aᵀz       (W: 24 × hidden)
//   minimise (1/B) Σ ŵ·BCE(σ(s), y) + ½·l2·‖θ‖²   per batch of B rows,
//   ŵ = weight / mean weight; Adam (Kingma & Ba 2015): with g = ∇ + l2·θ,
//   m ← 0.9m + 0.1g,  v ← 0.999v + 0.001g²,
//   θ ← θ − lr·(m/(1−0.9ᵗ)) / (√(v/(1−0.999ᵗ)) + 1e-8).
// W starts N(0, 1/24), everything else at 0; rows are visited in a new
// seeded order each epoch. Scoring a profile is a 1000 × 24 feature block and
// one pass of the network; items outside the candidates rank below them by
// their number of ratings.
//
// Explanations are exact: a ReLU network is linear where its active units do
// not change, so s_i = b0 + b_i + Σ_{k active} v_k c_k + Σ_f z_f β_f with
// β = a + W·(v ⊙ active) (gradient × input, relative to the mean training
// row). The co-occurrence terms z_f β_f go to the rated movies, each by its
// share of the statistic (C_ji/n_j, cos_ji, A_ji/n_j; the whole of a max to
// its arg max; w_j cos_ji/m − μ_f/m for the rating-weighted mean, which adds
// up exactly); popularity terms and b_i − mean b to Popularity, m_i to
// MovieMean, the year terms to the candidate's Decade, the genre terms to its
// genres by each genre's share of the dot product. Profile-only terms (ȳ, o,
// k) and the biases are the same kind of thing for every movie and are left
// out, so the parts do not add up to the score.
//
// Data without timestamps (a snapshot built without --timestamps): the
// training order is then `order`'s fallback (see Order in ltr.hpp and the
// figures in docs/algorithms-topn.md).
//
// Saved: the network, the per-item counts, years and genres, and each
// training user's sequence of U items (uint16 slots, about 2 bytes per
// rating of a U item), from which load() rebuilds C and A exactly.
#include "models/ltr.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "cinerec/error.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/profile_weights.hpp"
#include "models/registry.hpp"
#include "models/topk.hpp"
#include "util/bytes.hpp"
#include "util/rng.hpp"

namespace cinerec {
namespace ltr {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

const char* feature_name(int32_t f) {
  static const char* const names[kFeatures] = {
      "logn",     "loglate",  "latefrac",  "cond_mean", "cos_mean",  "cos_max",     "after_mean", "after_max",
      "lift_mean", "cos_rating", "ydist",  "ydiff",     "yz",        "yitem",       "yprof",      "ybin",
      "genre_cos", "genre_sum", "prof_obsc", "logn_x_obsc", "mean_r", "k",          "logn_x_k",   "ydist_x_yitem"};
  return f >= 0 && f < kFeatures ? names[f] : "";
}

int32_t year_bin(int32_t year) {
  static const int32_t edges[] = {1960, 1970, 1980, 1985, 1990, 1995, 1998, 2001, 2004, 2007, 2010, 2013, 2016};
  if (year <= 0) return kYearBins - 1;
  int32_t b = 0;
  while (b < 13 && year >= edges[b]) ++b;
  return b;
}

std::vector<std::vector<int64_t>> user_orders(const RatingMatrix& R, Order order, Rng& rng) {
  std::vector<std::vector<int64_t>> out(R.n_users);
  if (order == Order::Time && R.user_time.empty() && R.nnz() > 0)
    throw Error(ErrorCode::InvalidArgument, "ltr: ordering by time needs timestamps");
  for (int32_t u = 0; u < R.n_users; ++u) {
    std::vector<int64_t>& o = out[u];
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) o.push_back(x);
    switch (order) {
      case Order::Time:
        std::sort(o.begin(), o.end(), [&](int64_t a, int64_t b) {
          if (R.user_time[a] != R.user_time[b]) return R.user_time[a] < R.user_time[b];
          return R.user_item[a] < R.user_item[b];
        });
        break;
      case Order::Random:
        rng.shuffle(o);
        break;
      case Order::Popularity:
        std::sort(o.begin(), o.end(), [&](int64_t a, int64_t b) {
          const int64_t ca = R.item_count(R.user_item[a]), cb = R.item_count(R.user_item[b]);
          return ca != cb ? ca > cb : R.user_item[a] < R.user_item[b];
        });
        break;
    }
  }
  return out;
}

Stats build_stats(const RatingMatrix& R, const Catalog* catalog, const std::vector<std::vector<int64_t>>& orders,
                  const StatsOptions& o, float rating_min, float rating_max) {
  Stats s;
  const int32_t n = R.n_items;
  s.n_items = n;
  s.late_position = o.late_position;
  s.damping = o.damping;
  s.rating_min = rating_min;
  s.rating_max = rating_max;
  s.count.resize(n);
  for (int32_t i = 0; i < n; ++i) s.count[i] = static_cast<int32_t>(R.item_count(i));
  std::vector<int32_t> by(n);
  std::iota(by.begin(), by.end(), 0);
  std::stable_sort(by.begin(), by.end(), [&](int32_t a, int32_t b) { return s.count[a] > s.count[b]; });
  s.n_cand = std::min(o.n_candidates, n);
  const int32_t n_univ = std::min(std::max(o.n_universe, o.n_candidates), n);
  s.univ.assign(by.begin(), by.begin() + n_univ);
  s.slot.assign(n, -1);
  for (int32_t k = 0; k < n_univ; ++k) s.slot[s.univ[k]] = k;

  s.rating_sum.assign(s.n_cand, 0.0);
  for (int32_t c = 0; c < s.n_cand; ++c)
    for (int64_t x = R.item_ptr[s.univ[c]]; x < R.item_ptr[s.univ[c] + 1]; ++x) s.rating_sum[c] += R.item_value[x];
  for (float r : R.user_value) s.global_sum += r;
  s.global_n = R.nnz();

  s.late.assign(n_univ, 0);
  s.seq_ptr.assign(1, 0);
  for (int32_t u = 0; u < R.n_users; ++u) {
    const std::vector<int64_t>& ord = orders[u];
    if (ord.empty()) continue;
    ++s.n_users;
    for (size_t p = 0; p < ord.size(); ++p) {
      const int32_t sl = s.slot[R.user_item[ord[p]]];
      if (sl < 0) continue;
      s.seq.push_back(static_cast<uint16_t>(sl));
      if (static_cast<int64_t>(p) >= o.late_position) ++s.late[sl];
    }
    s.seq_ptr.push_back(static_cast<uint32_t>(s.seq.size()));
  }

  s.year.assign(n, 0);
  s.genres.assign(n, 0);
  if (catalog && catalog->size() == n) {
    s.genre_names = catalog->genre_names;
    for (int32_t i = 0; i < n; ++i) {
      s.year[i] = static_cast<int16_t>(std::clamp(catalog->movies[i].year, 0, 32767));
      s.genres[i] = catalog->movies[i].genres;
    }
  }
  std::vector<int32_t> known;
  for (int16_t y : s.year)
    if (y > 0) known.push_back(y);
  if (!known.empty()) {
    std::sort(known.begin(), known.end());
    const size_t h = known.size() / 2;
    s.year_median = known.size() % 2 ? static_cast<float>(known[h]) : 0.5f * static_cast<float>(known[h - 1] + known[h]);
  }
  s.build_pairs();
  return s;
}

void Stats::ensure_pairs() const {
  if (pairs_pending) std::call_once(*pairs_pending, [this] { build_pairs(); });
}

void Stats::build_pairs() const {
  const size_t nu = univ.size();
  C.assign(nu * n_cand, 0.0f);
  A.assign(nu * n_cand, 0.0f);
  std::vector<std::pair<int32_t, int32_t>> cands;  // (position, candidate slot)
  for (size_t u = 0; u + 1 < seq_ptr.size(); ++u) {
    const uint16_t* s = seq.data() + seq_ptr[u];
    const int32_t len = static_cast<int32_t>(seq_ptr[u + 1] - seq_ptr[u]);
    cands.clear();
    for (int32_t p = 0; p < len; ++p)
      if (s[p] < n_cand) cands.push_back({p, s[p]});
    for (int32_t p = 0; p < len; ++p) {
      float* crow = &C[static_cast<size_t>(s[p]) * n_cand];
      float* arow = &A[static_cast<size_t>(s[p]) * n_cand];
      for (const auto& [q, i] : cands) {
        crow[i] += 1.0f;
        arow[i] += q > p ? 1.0f : 0.0f;
      }
    }
  }
}

void Stats::save(ByteWriter& w) const {
  w.i32(n_items);
  w.i32(n_users);
  w.i32(n_cand);
  w.i32(late_position);
  w.f32(damping);
  w.f32(rating_min);
  w.f32(rating_max);
  w.f32(year_median);
  w.vec(count);
  w.vec(univ);
  w.vec(late);
  w.vec(rating_sum);
  w.f64(global_sum);
  w.i64(global_n);
  w.vec(year);
  w.vec(genres);
  w.u32(static_cast<uint32_t>(genre_names.size()));
  for (const std::string& g : genre_names) w.str(g);
  w.vec(seq_ptr);
  w.vec(seq);
}

void Stats::load(ByteReader& r) {
  n_items = r.i32();
  n_users = r.i32();
  n_cand = r.i32();
  late_position = r.i32();
  damping = r.f32();
  rating_min = r.f32();
  rating_max = r.f32();
  year_median = r.f32();
  count = r.vec<int32_t>();
  univ = r.vec<int32_t>();
  late = r.vec<int32_t>();
  rating_sum = r.vec<double>();
  global_sum = r.f64();
  global_n = r.i64();
  year = r.vec<int16_t>();
  genres = r.vec<uint32_t>();
  const uint32_t ng = r.u32();
  if (ng > 32) r.fail("ltr: more than 32 genres");
  genre_names.clear();
  for (uint32_t g = 0; g < ng; ++g) genre_names.push_back(r.str());
  seq_ptr = r.vec<uint32_t>();
  seq = r.vec<uint16_t>();
  const size_t nu = univ.size();
  if (n_items < 0 || count.size() != static_cast<size_t>(n_items) || year.size() != count.size() ||
      genres.size() != count.size() || nu > count.size() || n_cand < 0 || static_cast<size_t>(n_cand) > nu ||
      late.size() != nu || rating_sum.size() != static_cast<size_t>(n_cand) || n_users < 0 ||
      seq_ptr.size() != static_cast<size_t>(n_users) + 1 || seq_ptr.front() != 0 || seq_ptr.back() != seq.size())
    r.fail("ltr: statistics do not match");
  slot.assign(n_items, -1);
  for (size_t k = 0; k < nu; ++k) {
    if (univ[k] < 0 || univ[k] >= n_items || slot[univ[k]] >= 0) r.fail("ltr: bad item list");
    slot[univ[k]] = static_cast<int32_t>(k);
  }
  for (size_t k = 1; k < seq_ptr.size(); ++k)
    if (seq_ptr[k] < seq_ptr[k - 1]) r.fail("ltr: sequence offsets decrease");
  for (uint16_t x : seq)
    if (x >= nu) r.fail("ltr: sequence item out of range");
  C.clear();
  A.clear();
  pairs_pending = std::make_shared<std::once_flag>();  // built by the first profile that needs them
}

void features(const Stats& s, const Profile& profile, const LeftOut* out, const int32_t* cands, int32_t n,
              ProfileSize size, float* X) {
  const int32_t nc = s.n_cand;
  const double loo = out ? 1.0 : 0.0;
  // The profile's entries in U, and their pull (centred ratings).
  std::vector<int32_t> ps, ppos;
  Profile in_u;
  for (size_t k = 0; k < profile.size(); ++k) {
    const int32_t sl = s.slot[profile[k].item];
    if (sl < 0) continue;
    ps.push_back(sl);
    in_u.push_back(profile[k]);
    ppos.push_back(out ? out->profile_pos[k] : -1);
  }
  const std::vector<float> w = centred_weights(in_u, s.rating_min, s.rating_max);
  const size_t m = ps.size();
  const double nU = s.n_users - loo;
  std::vector<double> inv_nj(m), inv_sqrt_nj(m);
  double obs = 0;
  for (size_t t = 0; t < m; ++t) {
    const double c = s.count[s.univ[ps[t]]] - loo;
    obs += std::log1p(c);
    inv_nj[t] = 1.0 / std::max(c, 1.0);
    inv_sqrt_nj[t] = 1.0 / std::sqrt(std::max(c, 1.0));
  }
  if (m) obs /= static_cast<double>(m);

  // Year and genre summaries over the whole profile.
  const double np = static_cast<double>(profile.size());
  double ysum = 0, ysq = 0;
  int32_t yn = 0;
  double ybin[kYearBins] = {0};
  double gp[32] = {0};
  for (const ProfileEntry& e : profile) {
    const int32_t y = s.year[e.item];
    if (y > 0) ysum += y, ++yn;
    ybin[year_bin(y)] += 1;
    for (uint32_t g = s.genres[e.item]; g; g &= g - 1) gp[__builtin_ctz(g)] += 1;
  }
  const double ymean = yn ? ysum / yn : s.year_median;
  for (const ProfileEntry& e : profile) {
    const int32_t y = s.year[e.item];
    if (y > 0) ysq += (y - ymean) * (y - ymean);
  }
  const double ysd = yn > 1 ? std::sqrt(ysq / yn) : 5.0;
  double gp2 = 0;
  if (np > 0) {
    for (double& b : ybin) b /= np;
    for (double& g : gp) g /= np, gp2 += g * g;
  }
  const double logk = std::log(static_cast<double>(std::clamp<int64_t>(static_cast<int64_t>(profile.size()), size.lo, size.hi)));
  const double mu = out && s.global_n > out->n_ratings
                        ? (s.global_sum - out->rating_sum) / static_cast<double>(s.global_n - out->n_ratings)
                        : s.mean_rating();

  // Co-occurrence with the profile, candidate by candidate.
  std::vector<double> nn(n), inv_sqrt_nn(n), cond(n, 0.0), cosm(n, 0.0), cmax(n, 0.0), after(n, 0.0), amax(n, 0.0),
      wcos(n, 0.0);
  if (m) s.ensure_pairs();
  for (int32_t q = 0; q < n; ++q) {
    const int32_t c = cands[q];
    const bool rated = out && out->cand_pos[c] >= 0;
    nn[q] = std::max(s.count[s.univ[c]] - (rated ? 1.0 : 0.0), 1.0);
    inv_sqrt_nn[q] = 1.0 / std::sqrt(nn[q]);
  }
  for (size_t t = 0; t < m; ++t) {
    const float* crow = &s.C[static_cast<size_t>(ps[t]) * nc];
    const float* arow = &s.A[static_cast<size_t>(ps[t]) * nc];
    const double a = inv_nj[t], b = inv_sqrt_nj[t], wj = w[t];
    const int32_t pj = ppos[t];
    for (int32_t q = 0; q < n; ++q) {
      const int32_t c = cands[q];
      double cji = crow[c], aji = arow[c];
      if (out) {
        const int32_t pi = out->cand_pos[c];
        if (pi >= 0) {
          cji -= 1;
          if (pi > pj) aji -= 1;
        }
      }
      const double cos = cji * b * inv_sqrt_nn[q];
      cond[q] += cji * a;
      cosm[q] += cos;
      cmax[q] = std::max(cmax[q], cos);
      after[q] += aji * a;
      amax[q] = std::max(amax[q], aji * a);
      wcos[q] += wj * cos;
    }
  }

  const double inv_m = m ? 1.0 / static_cast<double>(m) : 0.0;
  for (int32_t q = 0; q < n; ++q) {
    const int32_t c = cands[q], item = s.univ[c];
    const bool rated = out && out->cand_pos[c] >= 0;
    const bool late = rated && out->cand_pos[c] >= s.late_position;
    const double ni = s.count[item] - (rated ? 1.0 : 0.0);
    const double Li = s.late[c] - (late ? 1.0 : 0.0);
    double f[kFeatures];
    f[kLogN] = std::log1p(ni);
    f[kLogLate] = std::log1p(Li);
    f[kLateFrac] = (Li + 1) / (ni + 2);
    if (m) {
      f[kCondMean] = std::log(1e-3 + cond[q] * inv_m);
      f[kCosMean] = cosm[q] * inv_m;
      f[kCosMax] = cmax[q];
      f[kAfterMean] = std::log(1e-3 + after[q] * inv_m);
      f[kAfterMax] = amax[q];
      f[kLiftMean] = std::log(1e-2 + cond[q] * inv_m * nU / nn[q]);
      f[kCosRating] = wcos[q] * inv_m;
    } else {
      f[kCondMean] = f[kCosMean] = f[kCosMax] = f[kAfterMean] = f[kAfterMax] = f[kLiftMean] = f[kCosRating] = 0;
    }
    const int32_t y = s.year[item];
    const double yk = y > 0 ? y : s.year_median;
    f[kYDist] = std::fabs(yk - ymean) / 10;
    f[kYDiff] = (yk - ymean) / 10;
    f[kYZ] = std::fabs(yk - ymean) / (ysd + 3);
    f[kYItem] = (yk - 1995) / 10;
    f[kYProf] = (ymean - 1995) / 10;
    f[kYBin] = ybin[year_bin(y)];
    double dot = 0;
    int32_t ng = 0;
    for (uint32_t g = s.genres[item]; g; g &= g - 1) dot += gp[__builtin_ctz(g)], ++ng;
    f[kGenreCos] = dot / (std::sqrt(ng * gp2) + 1e-9);
    f[kGenreSum] = dot;
    f[kProfObsc] = obs;
    f[kLogNxObsc] = f[kLogN] * (obs - 4);
    const double sum = s.rating_sum[c] - (rated ? out->cand_rating[c] : 0.0);
    f[kMeanR] = (ni + s.damping > 0 ? (sum + s.damping * mu) / (ni + s.damping) : mu) - 3.5;
    f[kLogK] = logk;
    f[kLogNxK] = f[kLogN] * logk;
    f[kYDistxYItem] = f[kYDist] * f[kYItem];
    for (int32_t k = 0; k < kFeatures; ++k) X[static_cast<size_t>(q) * kFeatures + k] = static_cast<float>(f[k]);
  }
}

void Net::init(int32_t hidden, int32_t n_bias, Rng& rng) {
  h = hidden;
  nb = n_bias;
  theta.assign(off_b() + nb, 0.0f);
  fill_normal(rng, theta.data(), static_cast<int64_t>(d) * h, 0.0f, static_cast<float>(1.0 / std::sqrt(d)));
}

void Net::standardise(float* X, int64_t n) const {
  for (int64_t r = 0; r < n; ++r)
    for (int32_t k = 0; k < d; ++k) X[r * d + k] = (X[r * d + k] - mu[k]) / sd[k];
}

void Net::logits(const float* Z, const int32_t* items, int32_t n, float* out) const {
  // Copies into Eigen's own (aligned) storage: Eigen's vectorised sums over
  // a Map start where the buffer's alignment lets them, so the same data at
  // another address would sum in another order and change the last bits.
  const RowMat Zm = Eigen::Map<const RowMat>(Z, n, d);
  const RowMat W = Eigen::Map<const RowMat>(theta.data(), d, h);
  const Eigen::RowVectorXf c = Eigen::Map<const Eigen::RowVectorXf>(theta.data() + off_c(), h);
  const Eigen::VectorXf v = Eigen::Map<const Eigen::VectorXf>(theta.data() + off_v(), h);
  const Eigen::VectorXf a = Eigen::Map<const Eigen::VectorXf>(theta.data() + off_a(), d);
  RowMat H = Zm * W;
  H.rowwise() += c;
  const Eigen::VectorXf s = H.cwiseMax(0.0f) * v + Zm * a;
  const float b0 = theta[off_b0()];
  const float* b = theta.data() + off_b();
  for (int32_t q = 0; q < n; ++q) out[q] = s[q] + b0 + b[items ? items[q] : q];
}

double train_step(Net& net, Adam& opt, const float* Z, const float* y, const float* w, const int32_t* items,
                  int32_t n) {
  const int32_t d = net.d, h = net.h;
  float* th = net.theta.data();
  // Aligned copies, as in Net::logits, so a step does not depend on where
  // the batch happens to sit in memory.
  const RowMat Zb = Eigen::Map<const RowMat>(Z, n, d);
  const RowMat W = Eigen::Map<const RowMat>(th, d, h);
  const Eigen::RowVectorXf c = Eigen::Map<const Eigen::RowVectorXf>(th + net.off_c(), h);
  const Eigen::VectorXf v = Eigen::Map<const Eigen::VectorXf>(th + net.off_v(), h);
  const Eigen::VectorXf a = Eigen::Map<const Eigen::VectorXf>(th + net.off_a(), d);
  RowMat H = Zb * W;
  H.rowwise() += c;
  const RowMat R = H.cwiseMax(0.0f);
  const Eigen::VectorXf s = R * v + Zb * a;
  const float b0 = th[net.off_b0()];
  const float* b = th + net.off_b();

  Eigen::VectorXf g(n);
  double loss = 0;
  const float inv_n = 1.0f / static_cast<float>(n);
  for (int32_t q = 0; q < n; ++q) {
    const float z = s[q] + b0 + b[items[q]];
    const float p = 1.0f / (1.0f + std::exp(-z));
    g[q] = w[q] * (p - y[q]) * inv_n;
    const double softplus = z > 0 ? z + std::log1p(std::exp(-static_cast<double>(z))) : std::log1p(std::exp(static_cast<double>(z)));
    loss += w[q] * (softplus - y[q] * z);
  }
  std::vector<float> G(net.theta.size(), 0.0f);
  const Eigen::VectorXf gv = R.transpose() * g, ga = Zb.transpose() * g;
  RowMat Gr = g * v.transpose();
  Gr.array() *= (H.array() > 0.0f).cast<float>();
  const RowMat gW = Zb.transpose() * Gr;
  const Eigen::RowVectorXf gc = Gr.colwise().sum();
  std::copy_n(gW.data(), static_cast<size_t>(d) * h, G.data());
  std::copy_n(gc.data(), h, G.data() + net.off_c());
  std::copy_n(gv.data(), h, G.data() + net.off_v());
  std::copy_n(ga.data(), d, G.data() + net.off_a());
  G[net.off_b0()] = g.sum();
  float* gb = G.data() + net.off_b();
  for (int32_t q = 0; q < n; ++q) gb[items[q]] += g[q];

  if (opt.m.size() != net.theta.size()) opt.m.assign(net.theta.size(), 0.0f), opt.v.assign(net.theta.size(), 0.0f);
  ++opt.t;
  const float bc1 = static_cast<float>(1.0 - std::pow(0.9, static_cast<double>(opt.t)));
  const float bc2 = static_cast<float>(1.0 - std::pow(0.999, static_cast<double>(opt.t)));
  for (size_t k = 0; k < net.theta.size(); ++k) {
    const float gk = G[k] + opt.l2 * th[k];
    opt.m[k] = 0.9f * opt.m[k] + 0.1f * gk;
    opt.v[k] = 0.999f * opt.v[k] + 0.001f * gk * gk;
    th[k] -= opt.lr * (opt.m[k] / bc1) / (std::sqrt(opt.v[k] / bc2) + 1e-8f);
  }
  return loss;
}

}  // namespace ltr

namespace {

using namespace ltr;

class Ltr final : public ModelBase {
 public:
  explicit Ltr(const Json& given) : ModelBase("ltr") {
    ParamReader p(name_, given);
    n_candidates_ = p.integer("n_candidates", 1000, 1, 65535);
    n_universe_ = p.integer("n_universe", 3000, 1, 65535);
    hidden_ = p.integer("hidden", 32, 1, 1024);
    epochs_ = p.integer("epochs", 5, 0, 10000);
    lr_ = static_cast<float>(p.number("learning_rate", 3e-3, 1e-7, 10));
    batch_ = p.integer("batch_size", 4096, 1, 1 << 20);
    l2_ = static_cast<float>(p.number("l2", 1e-5, 0, 10));
    negatives_ = p.number("negatives", 0.3, 1e-4, 1);
    const Json cuts = p.raw("cuts", Json::array({5, 10, 20}));
    if (!cuts.is_array() || cuts.empty() || cuts.size() > 16) p.fail("cuts", "expected an array of 1 to 16 integers");
    for (const Json& c : cuts) {
      if (!c.is_number_integer() || c.get<int64_t>() < 1 || c.get<int64_t>() > 100000)
        p.fail("cuts", "expected integers in [1, 100000]");
      if (!cuts_.empty() && c.get<int32_t>() <= cuts_.back()) p.fail("cuts", "expected ascending integers");
      cuts_.push_back(c.get<int32_t>());
    }
    late_position_ = p.integer("late_position", 10, 1, 1000000);
    damping_ = static_cast<float>(p.number("damping", 10.0, 0, 1e6));
    const std::string order = p.choice("order", "time", {"time", "random", "popularity"});
    order_ = order == "time" ? Order::Time : order == "random" ? Order::Random : Order::Popularity;
    params_ = p.finish();
  }

  bool predicts_ratings() const override { return false; }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    Rng rng(options.seed);
    const Order order = order_ == Order::Time && R.user_time.empty() ? kNoTimeFallback : order_;
    const auto orders = user_orders(R, order, rng);
    StatsOptions so;
    so.n_candidates = n_candidates_;
    so.n_universe = n_universe_;
    so.late_position = late_position_;
    so.damping = damping_;
    stats_ = build_stats(R, train.catalog.get(), orders, so, train.rating_min, train.rating_max);
    progress.report("statistics", 1, 2);

    // Training rows: (user, cut) profiles × the candidates outside them.
    const int32_t nc = stats_.n_cand;
    std::vector<float> X, y;
    std::vector<int32_t> items;
    LeftOut out;
    out.cand_pos.assign(nc, -1);
    out.cand_rating.assign(nc, 0.0f);
    std::vector<int32_t> cands;
    std::vector<float> labels, block;
    Profile prof;
    for (int32_t u = 0; u < R.n_users; ++u) {
      const std::vector<int64_t>& ord = orders[u];
      const int32_t len = static_cast<int32_t>(ord.size());
      if (len == 0) continue;
      out.rating_sum = 0;
      out.n_ratings = len;
      for (int32_t p = 0; p < len; ++p) {
        const int32_t sl = stats_.slot[R.user_item[ord[p]]];
        out.rating_sum += R.user_value[ord[p]];
        if (sl >= 0 && sl < nc) out.cand_pos[sl] = p, out.cand_rating[sl] = R.user_value[ord[p]];
      }
      for (int32_t k : cuts_) {
        if (len - k < 1) continue;
        prof.clear();
        out.profile_pos.clear();
        for (int32_t p = 0; p < k; ++p) {
          prof.push_back({R.user_item[ord[p]], R.user_value[ord[p]]});
          out.profile_pos.push_back(p);
        }
        cands.clear();
        labels.clear();
        for (int32_t c = 0; c < nc; ++c) {
          const int32_t pos = out.cand_pos[c];
          if (pos >= 0 && pos < k) continue;  // in the profile
          const bool later = pos >= k;
          if (!later && !(rng.uniform() < negatives_)) continue;
          cands.push_back(c);
          labels.push_back(later ? 1.0f : 0.0f);
        }
        block.resize(cands.size() * kFeatures);
        features(stats_, prof, &out, cands.data(), static_cast<int32_t>(cands.size()), size(), block.data());
        X.insert(X.end(), block.begin(), block.end());
        y.insert(y.end(), labels.begin(), labels.end());
        items.insert(items.end(), cands.begin(), cands.end());
      }
      for (int32_t p = 0; p < len; ++p) {
        const int32_t sl = stats_.slot[R.user_item[ord[p]]];
        if (sl >= 0 && sl < nc) out.cand_pos[sl] = -1;
      }
    }
    progress.report("features", 2, 2);
    train_net(X, y, items, rng, progress);
    trained_ = true;
  }

  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>();
    const int32_t nc = stats_.n_cand;
    std::vector<int32_t> all(nc);
    std::iota(all.begin(), all.end(), 0);
    d->Z.resize(static_cast<size_t>(nc) * kFeatures);
    features(stats_, state.profile, nullptr, all.data(), nc, size(), d->Z.data());
    net_.standardise(d->Z.data(), nc);
    std::vector<float> s(nc);
    if (nc) net_.logits(d->Z.data(), nullptr, nc, s.data());
    state.scores = expand(s);
    state.detail = std::move(d);
  }

  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_index(item, stats_.n_items, "item");
    const int32_t sl = stats_.slot[item];
    const float top = static_cast<float>(max_count() + 1);
    std::vector<float> s(stats_.n_items);
    for (int32_t i = 0; i < stats_.n_items; ++i) s[i] = -1.0f + static_cast<float>(stats_.count[i]) / top;
    const uint32_t g = stats_.genres[item];
    if (sl >= 0) stats_.ensure_pairs();
    for (int32_t c = 0; c < stats_.n_cand; ++c) {
      const int32_t j = stats_.univ[c];
      if (sl >= 0) {
        s[j] = static_cast<float>(stats_.Cji(sl, c) / std::sqrt(std::max(1.0, static_cast<double>(stats_.count[item]) * stats_.count[j])));
      } else {  // outside U: no pair counts; the most rated candidates that share a genre
        s[j] = 0.5f * ((stats_.genres[j] & g) ? 1.0f : 0.0f) + 0.5f * static_cast<float>(stats_.count[j]) / top;
      }
    }
    return top_k(s, n, [item](int32_t j) { return j != item; });
  }

  // The exact decomposition of the head comment, grouped into reasons.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    Explanation e;
    const int32_t c = stats_.slot[item];
    if (c < 0 || c >= stats_.n_cand) {
      e.parts.push_back(feature_part(ReasonKind::Popularity, -1, static_cast<float>(stats_.count[item])));
      return e;
    }
    const auto d = detail_of<Folded>(state, [&] {
      UserState again;
      again.profile = state.profile;
      fold_into(again);
      return std::static_pointer_cast<const Folded>(again.detail);
    });
    const float* z = &d->Z[static_cast<size_t>(c) * kFeatures];
    const int32_t D = net_.d, H = net_.h;
    const float* th = net_.theta.data();
    double contrib[kFeatures];
    {
      std::vector<float> act(H);
      for (int32_t k = 0; k < H; ++k) {
        double pre = th[net_.off_c() + k];
        for (int32_t f = 0; f < D; ++f) pre += static_cast<double>(z[f]) * th[static_cast<size_t>(f) * H + k];
        act[k] = pre > 0 ? th[net_.off_v() + k] : 0.0f;
      }
      for (int32_t f = 0; f < D; ++f) {
        double beta = th[net_.off_a() + f];
        for (int32_t k = 0; k < H; ++k) beta += static_cast<double>(th[static_cast<size_t>(f) * H + k]) * act[k];
        contrib[f] = z[f] * beta;
      }
    }

    // The rated movies behind the co-occurrence features.
    std::vector<int32_t> js;
    std::vector<ProfileEntry> in_u;
    for (const ProfileEntry& p : state.profile)
      if (stats_.slot[p.item] >= 0) in_u.push_back(p);
    const size_t m = in_u.size();
    if (m) {
      stats_.ensure_pairs();
      const std::vector<float> w = centred_weights(in_u, stats_.rating_min, stats_.rating_max);
      std::vector<double> cond(m), cos(m), after(m), part(m, 0.0);
      const double ni = std::max(1.0, static_cast<double>(stats_.count[item]));
      for (size_t t = 0; t < m; ++t) {
        const int32_t j = stats_.slot[in_u[t].item];
        const double nj = std::max(1.0, static_cast<double>(stats_.count[in_u[t].item]));
        cond[t] = stats_.Cji(j, c) / nj;
        cos[t] = stats_.Cji(j, c) / std::sqrt(nj * ni);
        after[t] = stats_.Aji(j, c) / nj;
      }
      auto share = [&](const std::vector<double>& term, double amount) {
        double total = 0;
        for (double x : term) total += x;
        for (size_t t = 0; t < m; ++t) part[t] += amount * (total > 0 ? term[t] / total : 1.0 / static_cast<double>(m));
      };
      auto to_max = [&](const std::vector<double>& term, double amount) {
        part[std::max_element(term.begin(), term.end()) - term.begin()] += amount;
      };
      share(cond, contrib[kCondMean] + contrib[kLiftMean]);
      share(cos, contrib[kCosMean]);
      to_max(cos, contrib[kCosMax]);
      share(after, contrib[kAfterMean]);
      to_max(after, contrib[kAfterMax]);
      // w_j cos_ji/m − μ/m, scaled as the feature is: adds up to its term.
      const double beta = z[kCosRating] != 0 ? contrib[kCosRating] / z[kCosRating] : 0.0;
      for (size_t t = 0; t < m; ++t)
        part[t] += beta * (w[t] * cos[t] - net_.mu[kCosRating]) / static_cast<double>(m) / net_.sd[kCosRating];
      for (size_t t = 0; t < m; ++t) e.parts.push_back(movie_part(in_u[t].item, static_cast<float>(part[t])));
    }

    double mean_b = 0;
    for (int32_t k = 0; k < net_.nb; ++k) mean_b += th[net_.off_b() + k];
    if (net_.nb) mean_b /= net_.nb;
    const double pop = contrib[kLogN] + contrib[kLogLate] + contrib[kLateFrac] + contrib[kLogNxObsc] +
                       contrib[kLogNxK] + (th[net_.off_b() + c] - mean_b);
    e.parts.push_back(feature_part(ReasonKind::Popularity, -1, static_cast<float>(pop)));
    e.parts.push_back(feature_part(ReasonKind::MovieMean, -1, static_cast<float>(contrib[kMeanR])));
    const int32_t year = stats_.year[item];
    if (year > 0) {
      const double decade = contrib[kYDist] + contrib[kYDiff] + contrib[kYZ] + contrib[kYItem] + contrib[kYBin] +
                            contrib[kYDistxYItem];
      e.parts.push_back(feature_part(ReasonKind::Decade, year / 10 * 10, static_cast<float>(decade)));
    }
    const uint32_t gi = stats_.genres[item];
    if (gi) {
      double gp[32] = {0}, dot = 0;
      int32_t ng = 0;
      for (const ProfileEntry& p : state.profile)
        for (uint32_t g = stats_.genres[p.item]; g; g &= g - 1) gp[__builtin_ctz(g)] += 1;
      for (uint32_t g = gi; g; g &= g - 1) dot += gp[__builtin_ctz(g)], ++ng;
      const double genre = contrib[kGenreCos] + contrib[kGenreSum];
      for (uint32_t g = gi; g; g &= g - 1) {
        const int32_t bit = __builtin_ctz(g);
        e.parts.push_back(feature_part(ReasonKind::Genre, bit, static_cast<float>(genre * (dot > 0 ? gp[bit] / dot : 1.0 / ng))));
      }
    }
    keep_strongest(e.parts, 5);
    return e;
  }

  std::string feature_name(ReasonKind kind, int32_t feature) const override {
    if (kind == ReasonKind::Decade && feature > 0) return std::to_string(feature) + "s";
    if (kind == ReasonKind::Genre && feature >= 0 && static_cast<size_t>(feature) < stats_.genre_names.size())
      return stats_.genre_names[feature];
    return std::string();
  }

  std::vector<uint8_t> save() const override {
    ByteWriter w = begin_save(*this);
    stats_.save(w);
    w.i32(net_.h);
    w.vec(net_.mu);
    w.vec(net_.sd);
    w.vec(net_.theta);
    return end_save(w);
  }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    stats_.load(r);
    net_ = Net();
    net_.h = r.i32();
    net_.nb = stats_.n_cand;
    net_.mu = r.vec<float>();
    net_.sd = r.vec<float>();
    net_.theta = r.vec<float>();
    if (net_.h < 1 || net_.mu.size() != kFeatures || net_.sd.size() != kFeatures ||
        net_.theta.size() != net_.off_b() + static_cast<size_t>(net_.nb))
      r.fail("ltr: network shapes do not match");
    ctx_.n_items = stats_.n_items;
    ctx_.item_counts = stats_.count;
    ctx_.rating_min = stats_.rating_min;
    ctx_.rating_max = stats_.rating_max;
    trained_ = true;
  }

 private:
  // Without timestamps, "time" trains on this order instead.
  static constexpr Order kNoTimeFallback = Order::Random;

  struct Folded : FoldDetail {
    std::vector<float> Z;  // the candidates' standardised features
  };

  ProfileSize size() const { return {cuts_.front(), cuts_.back()}; }
  int32_t max_count() const {
    int32_t top = 0;
    for (int32_t c : stats_.count) top = std::max(top, c);
    return top;
  }

  // Scores over every item from the candidates' logits; the rest below them
  // by their number of ratings.
  std::vector<float> expand(const std::vector<float>& s) const {
    std::vector<float> out(stats_.n_items);
    const float lo = s.empty() ? 0.0f : *std::min_element(s.begin(), s.end());
    const float top = static_cast<float>(max_count() + 1);
    for (int32_t i = 0; i < stats_.n_items; ++i) {
      const int32_t c = stats_.slot[i];
      out[i] = c >= 0 && c < stats_.n_cand ? s[c] : lo - 1.0f + static_cast<float>(stats_.count[i]) / top;
    }
    return out;
  }

  void train_net(std::vector<float>& X, const std::vector<float>& y, const std::vector<int32_t>& items, Rng& rng,
                 const ProgressReporter& progress) {
    const int64_t n = static_cast<int64_t>(y.size());
    net_ = Net();
    net_.mu.assign(kFeatures, 0.0f);
    net_.sd.assign(kFeatures, 1.0f);
    if (n) {
      std::vector<double> s1(kFeatures, 0.0), s2(kFeatures, 0.0);
      for (int64_t r = 0; r < n; ++r)
        for (int32_t k = 0; k < kFeatures; ++k) s1[k] += X[r * kFeatures + k];
      for (int32_t k = 0; k < kFeatures; ++k) s1[k] /= static_cast<double>(n);
      for (int64_t r = 0; r < n; ++r)
        for (int32_t k = 0; k < kFeatures; ++k) {
          const double dx = X[r * kFeatures + k] - s1[k];
          s2[k] += dx * dx;
        }
      for (int32_t k = 0; k < kFeatures; ++k) {
        const double sd = std::sqrt(s2[k] / static_cast<double>(n));
        net_.mu[k] = static_cast<float>(s1[k]);
        net_.sd[k] = static_cast<float>(sd > 1e-6 ? sd + 1e-9 : 1.0);
      }
      net_.standardise(X.data(), n);
    }
    net_.init(hidden_, stats_.n_cand, rng);
    // Negatives weigh 1/p; all weights scaled to mean 1.
    double total = 0;
    for (float label : y) total += label > 0 ? 1.0 : 1.0 / negatives_;
    const float w_pos = n ? static_cast<float>(static_cast<double>(n) / total) : 1.0f;
    const float w_neg = static_cast<float>(w_pos / negatives_);

    Adam opt;
    opt.lr = lr_;
    opt.l2 = l2_;
    std::vector<int64_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<float> Zb, yb, wb;
    std::vector<int32_t> ib;
    for (int32_t epoch = 1; epoch <= epochs_; ++epoch) {
      rng.shuffle(perm);
      double loss = 0;
      for (int64_t at = 0; at < n; at += batch_) {
        const int32_t B = static_cast<int32_t>(std::min<int64_t>(batch_, n - at));
        Zb.resize(static_cast<size_t>(B) * kFeatures);
        yb.resize(B);
        wb.resize(B);
        ib.resize(B);
        for (int32_t q = 0; q < B; ++q) {
          const int64_t r = perm[at + q];
          std::copy_n(&X[r * kFeatures], kFeatures, &Zb[static_cast<size_t>(q) * kFeatures]);
          yb[q] = y[r];
          wb[q] = y[r] > 0 ? w_pos : w_neg;
          ib[q] = items[r];
        }
        loss += train_step(net_, opt, Zb.data(), yb.data(), wb.data(), ib.data(), B);
      }
      progress.report("epoch", epoch, epochs_, n ? loss / static_cast<double>(n) : 0.0);
    }
  }

  int32_t n_candidates_, n_universe_, hidden_, epochs_, batch_, late_position_;
  float lr_, l2_, damping_;
  double negatives_;
  std::vector<int32_t> cuts_;
  Order order_;
  Stats stats_;
  Net net_;
};

}  // namespace

std::unique_ptr<Model> make_ltr(const Json& params) { return std::make_unique<Ltr>(params); }

}  // namespace cinerec
