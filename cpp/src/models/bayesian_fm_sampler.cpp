// The relational Gibbs sampler of bayesian-fm (see bayesian_fm.cpp for the
// model, its formulas and citations; bayesian_fm.hpp for the layout).
//
// For one parameter θ (a w_f or a v_{f,d}) the FM is linear: ŷ = g + θ h, so
// its conditional posterior is Gaussian (libFM's MCMC, Rendle 2012 §4.3):
//   σ² = 1 / (α Σ h² + λ),   mean = σ² (α Σ h (e + θ h) + λ μ),   e = r − ŷ
// with h = x_f for w_f and h = x_f (s_d − x_f v_{f,d}) for v_{f,d}, s_d the
// sum of x·v_{·,d} over the whole feature vector. In the relational layout a
// rating is (user row u, item row i), s_d = S_d(u) + S_d(i), and for a
// feature of the user block every rating of row u shares c = S_d(u) − x v:
//   Σ_{r∈u} h² = x² (n c² + 2 c ΣT + ΣT²),   Σ_{r∈u} h e = x (c Σe + Σ e T)
// with T = S_d(i) of each rating's movie. So the sampler keeps per row the
// four sums ΣT, ΣT², Σe, ΣeT (one pass over the ratings per block and
// factor), updates them in O(1) per row when θ moves, and moves the
// residuals once per block and factor from the old and new S and Q2.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "cinerec/error.hpp"
#include "models/bayesian_fm.hpp"

namespace cinerec::bfm {

namespace {
// Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000,
// 128 layers) from the portable Rng: a sweep draws one per parameter, and
// the polar method's log and square root were a tenth of the fit. One 64-bit
// draw gives the layer (low 7 bits) and a signed 32-bit abscissa (high bits).
struct Ziggurat {
  uint32_t kn[128];
  double wn[128], fn[128];
  Ziggurat() {
    const double m1 = 2147483648.0, vn = 9.91256303526217e-3;
    double dn = 3.442619855899, tn = dn;
    const double q = vn / std::exp(-0.5 * dn * dn);
    kn[0] = static_cast<uint32_t>((dn / q) * m1);
    kn[1] = 0;
    wn[0] = q / m1;
    wn[127] = dn / m1;
    fn[0] = 1.0;
    fn[127] = std::exp(-0.5 * dn * dn);
    for (int i = 126; i >= 1; --i) {
      dn = std::sqrt(-2.0 * std::log(vn / dn + std::exp(-0.5 * dn * dn)));
      kn[i + 1] = static_cast<uint32_t>((dn / tn) * m1);
      tn = dn;
      fn[i] = std::exp(-0.5 * dn * dn);
      wn[i] = dn / m1;
    }
  }
  double draw(Rng& rng) const {
    for (;;) {
      const uint64_t bits = rng.next();
      const int32_t hz = static_cast<int32_t>(bits >> 32);
      const int iz = static_cast<int>(bits & 127);
      const uint32_t mag = hz < 0 ? 0u - static_cast<uint32_t>(hz) : static_cast<uint32_t>(hz);
      const double x = hz * wn[iz];
      if (mag < kn[iz]) return x;
      if (iz == 0) {  // the tail beyond r
        const double r = 3.442619855899;
        double a, b;
        do {
          a = -std::log(1.0 - rng.uniform()) / r;
          b = -std::log(1.0 - rng.uniform());
        } while (b + b < a * a);
        return hz > 0 ? r + a : -r - a;
      }
      if (fn[iz] + rng.uniform() * (fn[iz - 1] - fn[iz]) < std::exp(-0.5 * x * x)) return x;
    }
  }
};
const Ziggurat& ziggurat() {
  static const Ziggurat z;
  return z;
}
}  // namespace

void fill_standard_normal(Rng& rng, float* out, int64_t n) {
  const Ziggurat& z = ziggurat();
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(z.draw(rng));
}

double gamma_draw(Rng& rng, double shape) {
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = rng.normal();
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

void Block::index() {
  feat_ptr.assign(static_cast<size_t>(n_features) + 1, 0);
  for (int32_t r = 0; r < n_rows; ++r)
    if (count[r] > 0)
      for (int64_t o = row_ptr[r]; o < row_ptr[r + 1]; ++o) ++feat_ptr[row_feature[o] + 1];
  for (int32_t f = 0; f < n_features; ++f) feat_ptr[f + 1] += feat_ptr[f];
  feat_row.resize(feat_ptr[n_features]);
  feat_x.resize(feat_ptr[n_features]);
  std::vector<int64_t> at(feat_ptr.begin(), feat_ptr.end() - 1);
  for (int32_t r = 0; r < n_rows; ++r)
    if (count[r] > 0)
      for (int64_t o = row_ptr[r]; o < row_ptr[r + 1]; ++o) {
        const int64_t p = at[row_feature[o]]++;
        feat_row[p] = r;
        feat_x[p] = row_x[o];
      }
  on.resize(n_features);
  ranges.clear();
  for (int32_t f = 0; f < n_features; ++f) {
    on[f] = active(f) ? 1.0f : 0.0f;
    if (ranges.empty() || ranges.back().group != group[f]) ranges.push_back({group[f], f, f});
    ranges.back().end = f + 1;
  }
}

namespace {
// Fills the rows of a block: row r is its id (x = 1), then, when at ≥ 0, the
// rows of the other side it shares ratings with (links[ptr[r]..ptr[r+1]),
// 1/√n each, then what extra(r, add) adds.
template <class Extra>
void fill_rows(Block& b, const std::vector<int64_t>& ptr, const std::vector<int32_t>& links, int32_t at, Extra extra) {
  auto add = [&b](int32_t f, double x) {
    b.row_feature.push_back(f);
    b.row_x.push_back(static_cast<float>(x));
  };
  b.row_ptr.assign(1, 0);
  for (int32_t r = 0; r < b.n_rows; ++r) {
    add(r, 1.0);
    const int64_t n = ptr[r + 1] - ptr[r];
    if (at >= 0 && n > 0)
      for (int64_t p = ptr[r]; p < ptr[r + 1]; ++p) add(at + links[p], 1.0 / std::sqrt(static_cast<double>(n)));
    extra(r, add);
    b.row_ptr.push_back(static_cast<int64_t>(b.row_feature.size()));
    b.count.push_back(static_cast<int32_t>(n));
  }
  b.index();
}
}  // namespace

Design make_design(const RatingMatrix& R, const Catalog* catalog, const FeatureSet& fs) {
  Design d;
  d.n_users = R.n_users;
  d.n_items = R.n_items;
  // Users: id, then the movies they rated.
  Block& U = d.users;
  U.n_rows = U.n_features = R.n_users;
  if (fs.rated_items) d.rated_items_at = U.n_features, U.n_features += R.n_items;
  U.group.assign(U.n_features, kUserId);
  if (fs.rated_items) std::fill(U.group.begin() + d.rated_items_at, U.group.end(), kRatedItems);
  fill_rows(U, R.user_ptr, R.user_item, d.rated_items_at, [](int32_t, auto&&) {});
  // Movies: id, the users who rated them, their genres (1/|G(i)| each).
  Block& I = d.items;
  I.n_rows = I.n_features = R.n_items;
  if (fs.raters) d.raters_at = I.n_features, I.n_features += R.n_users;
  const int32_t n_genres = catalog ? static_cast<int32_t>(catalog->genre_names.size()) : 0;
  const bool genres = fs.genres && n_genres > 0 && catalog->size() == R.n_items;
  if (genres) d.genres_at = I.n_features, I.n_features += n_genres;
  I.group.assign(I.n_features, kItemId);
  if (d.raters_at >= 0) std::fill(I.group.begin() + d.raters_at, I.group.begin() + d.raters_at + R.n_users, kRaters);
  if (genres) std::fill(I.group.begin() + d.genres_at, I.group.end(), kGenres);
  fill_rows(I, R.item_ptr, R.item_user, d.raters_at, [&](int32_t i, auto&& add) {
    if (!genres) return;
    const uint32_t bits = catalog->movies[i].genres;
    const int m = __builtin_popcount(bits);
    for (int32_t g = 0; g < n_genres; ++g)
      if ((bits >> g) & 1u) add(d.genres_at + g, 1.0 / m);
  });
  return d;
}

double Side::own(int32_t row, int32_t k) const {
  double q = L[row];
  const size_t n = block.count.size();
  for (int32_t d = 0; d < k; ++d) {
    const double s = S[d * n + row];
    q += 0.5 * (s * s - Q2[d * n + row]);
  }
  return q;
}

Gibbs::Gibbs(const RatingMatrix& R, Design design, int32_t k, double init_std, uint64_t seed)
    : R_(&R), k_(k), rng_(seed) {
  if (k < 1) throw Error(ErrorCode::InvalidArgument, "bayesian-fm: the sampler needs at least one factor");
  u_.block = std::move(design.users);
  i_.block = std::move(design.items);
  design_ = std::move(design);
  prior_.resize(kGroups);
  for (Prior& p : prior_) {
    p.lambda_w = 1;
    p.mu_v.assign(k, 0.0);
    p.lambda_v.assign(k, 1.0);
  }
  for (Side* s : {&u_, &i_}) {
    const Block& b = s->block;
    s->w.assign(b.n_features, 0.0f);
    s->v.assign(static_cast<size_t>(k) * b.n_features, 0.0f);
    for (int32_t d = 0; d < k; ++d)
      for (int32_t f = 0; f < b.n_features; ++f)
        if (b.active(f)) s->v[static_cast<size_t>(d) * b.n_features + f] = static_cast<float>(init_std * rng_.normal());
    s->L.assign(b.n_rows, 0.0f);
    s->S.assign(static_cast<size_t>(k) * b.n_rows, 0.0f);
    s->Q2.assign(static_cast<size_t>(k) * b.n_rows, 0.0f);
    for (int32_t r = 0; r < b.n_rows; ++r) {
      if (b.count[r] == 0) continue;
      for (int64_t o = b.row_ptr[r]; o < b.row_ptr[r + 1]; ++o) {
        const int32_t f = b.row_feature[o];
        const float x = b.row_x[o];
        for (int32_t d = 0; d < k; ++d) {
          const float v = s->v[static_cast<size_t>(d) * b.n_features + f];
          s->S[static_cast<size_t>(d) * b.n_rows + r] += x * v;
          s->Q2[static_cast<size_t>(d) * b.n_rows + r] += x * x * v * v;
        }
      }
    }
  }
  e_.resize(R.nnz());
  for (int32_t u = 0; u < R.n_users; ++u)
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x)
      e_[x] = static_cast<float>(R.user_value[x] - predict_cached(u, R.user_item[x]));
  for (float x : e_) sse_ += static_cast<double>(x) * x, se_ += x;
  work_u_.assign(R.n_users, Work{});
  work_i_.assign(R.n_items, Work{});
  for (int32_t u = 0; u < R.n_users; ++u) work_u_[u].n = static_cast<float>(u_.block.count[u]);
  for (int32_t i = 0; i < R.n_items; ++i) work_i_[i].n = static_cast<float>(i_.block.count[i]);
  z_.resize(static_cast<size_t>(std::max(u_.block.n_features, i_.block.n_features)) + 1);
}

double Gibbs::predict_cached(int32_t u, int32_t i) const {
  double y = w0_ + u_.own(u, k_) + i_.own(i, k_);
  for (int32_t d = 0; d < k_; ++d)
    y += static_cast<double>(u_.S[static_cast<size_t>(d) * u_.block.n_rows + u]) *
         i_.S[static_cast<size_t>(d) * i_.block.n_rows + i];
  return y;
}

double Gibbs::predict_naive(int32_t u, int32_t i) const {
  // x = [user row | item row]; ŷ = w0 + Σ w x + Σ_d ½ ((Σ v x)² − Σ v² x²).
  struct Term {
    double x, w;
    const float* v;  // v[d * stride]
    size_t stride;
  };
  std::vector<Term> terms;
  for (const Side* s : {&u_, &i_}) {
    const Block& b = s->block;
    const int32_t row = s == &u_ ? u : i;
    for (int64_t o = b.row_ptr[row]; o < b.row_ptr[row + 1]; ++o)
      terms.push_back({b.row_x[o], s->w[b.row_feature[o]], &s->v[b.row_feature[o]], static_cast<size_t>(b.n_features)});
  }
  double y = w0_;
  for (const Term& t : terms) y += t.w * t.x;
  for (int32_t d = 0; d < k_; ++d) {
    double sum = 0, sq = 0;
    for (const Term& t : terms) {
      const double vx = t.v[d * t.stride] * t.x;
      sum += vx;
      sq += vx * vx;
    }
    y += 0.5 * (sum * sum - sq);
  }
  return y;
}

double Gibbs::train_rmse() const { return e_.empty() ? 0.0 : std::sqrt(sse_ / static_cast<double>(e_.size())); }

// libFM's hyperpriors: λ ~ Gamma(α₀ = 1, β₀ = 1), μ | λ ~ N(μ₀ = 0, 1/(γ₀ λ)), γ₀ = 1.
// Given the n active parameters θ of a group:
//   λ ~ Gamma((1 + n + 1)/2, rate (1 + μ² + Σ (θ − μ)²)/2)
//   μ ~ N(Σ θ / (n + 1), 1 / ((n + 1) λ))
void Gibbs::sample_hyper() {
  const int32_t k = k_;
  std::vector<double> n(kGroups, 0), sw(kGroups, 0), sv(static_cast<size_t>(kGroups) * k, 0);
  std::vector<double> dev_w(kGroups, 0), dev_v(static_cast<size_t>(kGroups) * k, 0);
  // Σθ and Σ(θ − μ)² over each group's active features (on = 1).
  auto sums = [](const float* x, const float* on, int32_t begin, int32_t end, double mu, double& sum, double& dev) {
    float s = 0, q = 0;
    const float m = static_cast<float>(mu);
    for (int32_t f = begin; f < end; ++f) {
      const float d = x[f] - m;
      s += on[f] * x[f];
      q += on[f] * d * d;
    }
    sum += s;
    dev += q;
  };
  for (const Side* s : {&u_, &i_}) {
    const Block& b = s->block;
    for (const Block::Range& r : b.ranges) {
      const int32_t g = r.group;
      for (int32_t f = r.begin; f < r.end; ++f) n[g] += b.on[f];
      sums(s->w.data(), b.on.data(), r.begin, r.end, prior_[g].mu_w, sw[g], dev_w[g]);
      for (int32_t d = 0; d < k; ++d)
        sums(s->v.data() + static_cast<size_t>(d) * b.n_features, b.on.data(), r.begin, r.end, prior_[g].mu_v[d],
             sv[g * k + d], dev_v[g * k + d]);
    }
  }
  for (int32_t g = 0; g < kGroups; ++g) {
    if (n[g] == 0) continue;
    Prior& p = prior_[g];
    const double shape = (1.0 + n[g] + 1.0) / 2.0;
    p.lambda_w = gamma_draw(rng_, shape) / ((1.0 + p.mu_w * p.mu_w + dev_w[g]) / 2.0);
    p.mu_w = sw[g] / (n[g] + 1.0) + normal() / std::sqrt((n[g] + 1.0) * p.lambda_w);
    for (int32_t d = 0; d < k; ++d) {
      p.lambda_v[d] = gamma_draw(rng_, shape) / ((1.0 + p.mu_v[d] * p.mu_v[d] + dev_v[g * k + d]) / 2.0);
      p.mu_v[d] = sv[g * k + d] / (n[g] + 1.0) + normal() / std::sqrt((n[g] + 1.0) * p.lambda_v[d]);
    }
  }
}

// w_f: h = x, so Σ h² = Σ_rows x² n and Σ h e = Σ_rows x Σe. work[r].l holds L;
// the row's sums for factor 0 (Σe, ΣeT) follow the residuals.
void Gibbs::sample_linear(Side& side, std::vector<Work>& work) {
  const Block& b = side.block;
  fill_standard_normal(rng_, z_.data(), b.n_features);
  const float alpha = static_cast<float>(alpha_);
  {  // the id features: row r alone, x = 1 (as in sample_factor)
    const Prior& p = prior_[b.group[0]];
    const float lambda = static_cast<float>(p.lambda_w), mu = static_cast<float>(p.mu_w);
    for (int32_t r = 0; r < b.n_rows; ++r) {
      if (b.count[r] == 0) continue;
      Work& w = work[r];
      const float th = side.w[r], prec = alpha * w.n + lambda;
      const float nt = (alpha * (w.e + th * w.n) + lambda * mu) / prec + z_[r] / std::sqrt(prec);
      const float dd = nt - th;
      w.e -= dd * w.n;
      w.et -= dd * w.t;
      w.l += dd;
      side.w[r] = nt;
    }
  }
  for (int32_t f = b.n_rows; f < b.n_features; ++f) {
    const int64_t o0 = b.feat_ptr[f], o1 = b.feat_ptr[f + 1];
    if (o0 == o1) continue;
    const Prior& p = prior_[b.group[f]];
    const float th = side.w[f];
    float h2 = 0, he = 0;
    for (int64_t o = o0; o < o1; ++o) {
      const Work& w = work[b.feat_row[o]];
      const float x = b.feat_x[o];
      h2 += x * x * w.n;
      he += x * w.e;
    }
    const float lambda = static_cast<float>(p.lambda_w), prec = alpha * h2 + lambda;
    const float nt = (alpha * (he + th * h2) + lambda * static_cast<float>(p.mu_w)) / prec + z_[f] / std::sqrt(prec);
    const float dd = nt - th;
    for (int64_t o = o0; o < o1; ++o) {
      Work& w = work[b.feat_row[o]];
      const float dx = dd * b.feat_x[o];
      w.e -= dx * w.n;
      w.et -= dx * w.t;
      w.l += dx;
    }
    side.w[f] = nt;
  }
}

// v_{f,d}: see the file comment. work[r] holds S_d, Q2_d and the four sums of row r.
void Gibbs::sample_factor(Side& side, std::vector<Work>& work, int32_t d) {
  const Block& b = side.block;
  float* V = side.v.data() + static_cast<size_t>(d) * b.n_features;
  fill_standard_normal(rng_, z_.data(), b.n_features);
  const float alpha = static_cast<float>(alpha_);
  const int32_t* rows = b.feat_row.data();
  const float* xs = b.feat_x.data();
  Work* W = work.data();
  // The id features first: feature r is row r alone with x = 1, so each is a
  // few straight-line operations on one row, independent of the next.
  {
    const Prior& p = prior_[b.group[0]];
    const float lambda = static_cast<float>(p.lambda_v[d]), mu = static_cast<float>(p.mu_v[d]);
    for (int32_t r = 0; r < b.n_rows; ++r) {
      if (b.count[r] == 0) continue;
      Work& w = W[r];
      const float th = V[r], c = w.s - th;
      const float h2 = w.n * c * c + 2 * c * w.t + w.t2, he = c * w.e + w.et;
      const float prec = alpha * h2 + lambda;
      const float nt = (alpha * (he + th * h2) + lambda * mu) / prec + z_[r] / std::sqrt(prec);
      const float dd = nt - th;
      w.e -= dd * (w.n * c + w.t);
      w.et -= dd * (c * w.t + w.t2);
      w.s += dd;
      w.q2 += nt * nt - th * th;
      V[r] = nt;
    }
  }
  for (int32_t f = b.n_rows; f < b.n_features; ++f) {
    const int64_t o0 = b.feat_ptr[f], o1 = b.feat_ptr[f + 1];
    if (o0 == o1) continue;
    const Prior& p = prior_[b.group[f]];
    const float lambda = static_cast<float>(p.lambda_v[d]), mu = static_cast<float>(p.mu_v[d]);
    const float th = V[f];
    // Two accumulators each: the sums are the loop's only dependency chain.
    float h2a = 0, h2b = 0, hea = 0, heb = 0;
    int64_t o = o0;
    for (; o + 1 < o1; o += 2) {
      const Work& w0 = W[rows[o]];
      const Work& w1 = W[rows[o + 1]];
      const float x0 = xs[o], x1 = xs[o + 1];
      const float c0 = w0.s - x0 * th, c1 = w1.s - x1 * th;
      h2a += x0 * x0 * (w0.n * c0 * c0 + 2 * c0 * w0.t + w0.t2);
      h2b += x1 * x1 * (w1.n * c1 * c1 + 2 * c1 * w1.t + w1.t2);
      hea += x0 * (c0 * w0.e + w0.et);
      heb += x1 * (c1 * w1.e + w1.et);
    }
    if (o < o1) {
      const Work& w0 = W[rows[o]];
      const float x0 = xs[o];
      const float c0 = w0.s - x0 * th;
      h2a += x0 * x0 * (w0.n * c0 * c0 + 2 * c0 * w0.t + w0.t2);
      hea += x0 * (c0 * w0.e + w0.et);
    }
    const float h2 = h2a + h2b, he = hea + heb;
    const float prec = alpha * h2 + lambda;
    const float nt = (alpha * (he + th * h2) + lambda * mu) / prec + z_[f] / std::sqrt(prec);
    const float dd = nt - th, dsq = nt * nt - th * th;
    for (o = o0; o < o1; ++o) {
      Work& w = W[rows[o]];
      const float x = xs[o];
      const float c = w.s - x * th, dx = dd * x;
      w.e -= dx * (w.n * c + w.t);
      w.et -= dx * (c * w.t + w.t2);
      w.s += dx;
      w.q2 += x * x * dsq;
    }
    V[f] = nt;
  }
}

void Gibbs::sweep() {
  const RatingMatrix& R = *R_;
  const int64_t N = R.nnz();
  const int32_t nu = R.n_users, ni = R.n_items, k = k_;
  const int64_t* ptr = R.user_ptr.data();
  const int32_t* item = R.user_item.data();
  float* e = e_.data();
  Work* wu = work_u_.data();
  Work* wi = work_i_.data();

  // Noise precision α ~ Gamma((1 + N)/2, rate (1 + Σe²)/2), from the sums the
  // last pass over the ratings kept.
  alpha_ = gamma_draw(rng_, (1.0 + static_cast<double>(N)) / 2.0) / ((1.0 + sse_) / 2.0);
  // w0, flat prior (libFM's default): h = 1; the residuals take the change
  // in the next pass.
  float dw0 = 0;
  if (N > 0) {
    const double nw = w0_ + se_ / static_cast<double>(N) + normal() / std::sqrt(alpha_ * static_cast<double>(N));
    dw0 = static_cast<float>(nw - w0_);
    w0_ = nw;
  }
  sample_hyper();

  // The user rows' sums for factor d while the residuals take the last
  // change; T(i) = S_d(i).
  auto gather_users = [&](int32_t d, auto&& delta, auto&& T) {
    const float* SU = u_.S.data() + static_cast<size_t>(d) * nu;
    const float* QU = u_.Q2.data() + static_cast<size_t>(d) * nu;
    for (int32_t u = 0; u < nu; ++u) {
      float t = 0, t2 = 0, es = 0, et = 0;
      for (int64_t x = ptr[u]; x < ptr[u + 1]; ++x) {
        const int32_t i = item[x];
        const float ex = e[x] - delta(u, i);
        e[x] = ex;
        const float ti = T(i);
        t += ti, t2 += ti * ti, es += ex, et += ex * ti;
      }
      Work& w = wu[u];
      w.s = SU[u], w.q2 = QU[u], w.t = t, w.t2 = t2, w.e = es, w.et = et;
    }
  };
  gather_users(0, [dw0](int32_t, int32_t) { return dw0; }, [S = i_.S.data()](int32_t i) { return S[i]; });
  for (int32_t u = 0; u < nu; ++u) wu[u].l = u_.L[u];

  // Factor by factor, the user block and then the item block; each block's
  // linear terms just before its first factor, on the same sums.
  for (int32_t d = 0; d < k; ++d) {
    float* SU = u_.S.data() + static_cast<size_t>(d) * nu;
    float* QU = u_.Q2.data() + static_cast<size_t>(d) * nu;
    float* SI = i_.S.data() + static_cast<size_t>(d) * ni;
    float* QI = i_.Q2.data() + static_cast<size_t>(d) * ni;
    if (d == 0) sample_linear(u_, work_u_);
    sample_factor(u_, work_u_, d);
    // e −= ΔS(u)·S(i) + Δq(u) (+ ΔL(u)); then the item rows' sums with T = S(u).
    for (int32_t i = 0; i < ni; ++i) {
      Work& w = wi[i];
      w.s = SI[i], w.q2 = QI[i], w.t = w.t2 = w.e = w.et = 0;
      if (d == 0) w.l = i_.L[i];
    }
    for (int32_t u = 0; u < nu; ++u) {
      const Work& w = wu[u];
      float dq = 0.5f * ((w.s * w.s - w.q2) - (SU[u] * SU[u] - QU[u]));
      const float ds = w.s - SU[u];
      SU[u] = w.s, QU[u] = w.q2;
      if (d == 0) dq += w.l - u_.L[u], u_.L[u] = w.l;
      const float t = w.s, t2 = t * t;
      for (int64_t x = ptr[u]; x < ptr[u + 1]; ++x) {
        Work& a = wi[item[x]];
        const float ex = e[x] - (ds * a.s + dq);
        e[x] = ex;
        a.t += t, a.t2 += t2, a.e += ex, a.et += ex * t;
      }
    }
    if (d == 0) sample_linear(i_, work_i_);
    sample_factor(i_, work_i_, d);
    // The item rows keep what the next pass reads in one place: ΔS, Δq and S_{d+1}.
    const float* next = d + 1 < k ? i_.S.data() + static_cast<size_t>(d + 1) * ni : nullptr;
    for (int32_t i = 0; i < ni; ++i) {
      Work& w = wi[i];
      float dq = 0.5f * ((w.s * w.s - w.q2) - (SI[i] * SI[i] - QI[i]));
      const float ds = w.s - SI[i];
      SI[i] = w.s, QI[i] = w.q2;
      if (d == 0) dq += w.l - i_.L[i], i_.L[i] = w.l;
      w.t = ds, w.t2 = dq;
      if (next) w.e = next[i];
    }
    // e −= ΔS(i)·S(u) + Δq(i) (+ ΔL(i)); then the user rows' sums for factor
    // d + 1, or after the last factor Σe and Σe² for the next sweep.
    if (d + 1 < k) {
      gather_users(d + 1, [&](int32_t u, int32_t i) { return wi[i].t * SU[u] + wi[i].t2; }, [wi](int32_t i) { return wi[i].e; });
    } else {
      double sse = 0, se = 0;
      for (int32_t u = 0; u < nu; ++u) {
        float q = 0, s = 0;
        for (int64_t x = ptr[u]; x < ptr[u + 1]; ++x) {
          const float ex = e[x] - (wi[item[x]].t * SU[u] + wi[item[x]].t2);
          e[x] = ex;
          q += ex * ex, s += ex;
        }
        sse += q, se += s;
      }
      sse_ = sse, se_ = se;
    }
  }
}

Draw Gibbs::draw() const {
  const int32_t k = k_;
  Draw out;
  out.w0 = w0_;
  out.alpha = alpha_;
  out.user_prior = prior_[kUserId];
  auto fill = [&](const Side& s, std::vector<float>& S, std::vector<float>& own) {
    const Block& b = s.block;
    S.assign(static_cast<size_t>(b.n_rows) * k, 0.0f);
    own.assign(b.n_rows, 0.0f);
    std::vector<double> sum(k), sq(k);
    for (int32_t r = 0; r < b.n_rows; ++r) {
      if (b.count[r] > 0) {
        for (int32_t d = 0; d < k; ++d) S[static_cast<size_t>(r) * k + d] = static_cast<float>(s.S[static_cast<size_t>(d) * b.n_rows + r]);
        own[r] = static_cast<float>(s.own(r, k));
        continue;
      }
      // A row without training ratings: its features, inactive ones at their prior mean.
      double lin = 0;
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(sq.begin(), sq.end(), 0.0);
      for (int64_t o = b.row_ptr[r]; o < b.row_ptr[r + 1]; ++o) {
        const int32_t f = b.row_feature[o];
        const double x = b.row_x[o];
        const Prior& p = prior_[b.group[f]];
        const bool on = b.active(f);
        lin += x * (on ? s.w[f] : p.mu_w);
        for (int32_t d = 0; d < k; ++d) {
          const double v = on ? s.v[static_cast<size_t>(d) * b.n_features + f] : p.mu_v[d];
          sum[d] += x * v;
          sq[d] += x * x * v * v;
        }
      }
      double q = lin;
      for (int32_t d = 0; d < k; ++d) {
        S[static_cast<size_t>(r) * k + d] = static_cast<float>(sum[d]);
        q += 0.5 * (sum[d] * sum[d] - sq[d]);
      }
      own[r] = static_cast<float>(q);
    }
  };
  fill(u_, out.user_s, out.user_own);
  fill(i_, out.item_s, out.item_own);
  if (design_.rated_items_at >= 0) {
    const Block& b = u_.block;
    const Prior& p = prior_[kRatedItems];
    out.rated_v.resize(static_cast<size_t>(design_.n_items) * k);
    out.rated_w.resize(design_.n_items);
    for (int32_t j = 0; j < design_.n_items; ++j) {
      const int32_t f = design_.rated_items_at + j;
      const bool on = b.active(f);
      out.rated_w[j] = static_cast<float>(on ? u_.w[f] : p.mu_w);
      for (int32_t d = 0; d < k; ++d)
        out.rated_v[static_cast<size_t>(j) * k + d] =
            static_cast<float>(on ? u_.v[static_cast<size_t>(d) * b.n_features + f] : p.mu_v[d]);
    }
  }
  return out;
}

}  // namespace cinerec::bfm
