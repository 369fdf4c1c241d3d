#include "models/similarity.hpp"

#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "util/parallel.hpp"

namespace cinerec {

const std::vector<std::string>& similarity_names() {
  static const std::vector<std::string> names = {"cosine", "msd", "pearson", "pearson_baseline", "adjusted_cosine"};
  return names;
}

SimKind similarity_from_name(const std::string& name) {
  const auto& n = similarity_names();
  for (size_t k = 0; k < n.size(); ++k)
    if (n[k] == name) return static_cast<SimKind>(k);
  throw Error(ErrorCode::InvalidArgument, "unknown similarity '" + name + "'");
}

SimInput make_sim_input(const RatingMatrix& R, const SimOptions& o, const Biases* biases) {
  SimInput in;
  const bool ub = o.user_based;
  in.n_x = ub ? R.n_users : R.n_items;
  in.n_y = ub ? R.n_items : R.n_users;
  in.rows.ptr = ub ? &R.user_ptr : &R.item_ptr;
  in.rows.idx = ub ? &R.user_item : &R.item_user;
  in.cols.ptr = ub ? &R.item_ptr : &R.user_ptr;
  in.cols.idx = ub ? &R.item_user : &R.user_item;
  std::vector<float> csr = R.user_value, csc = R.item_value;
  if (o.kind == SimKind::PearsonBaseline) {
    if (!biases) throw Error(ErrorCode::Internal, "pearson_baseline needs baselines");
    for (int32_t u = 0; u < R.n_users; ++u)
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x)
        csr[x] -= biases->mu + biases->bu[u] + biases->bi[R.user_item[x]];
    for (int32_t i = 0; i < R.n_items; ++i)
      for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x)
        csc[x] -= biases->mu + biases->bu[R.item_user[x]] + biases->bi[i];
  } else if (o.kind == SimKind::AdjustedCosine) {
    // Centre by the mean of the other side: user means for item-item,
    // item means for user-user.
    in.y_mean.assign(in.n_y, 0.0f);
    const std::vector<int64_t>& yp = *in.cols.ptr;
    const std::vector<float>& yv = ub ? R.item_value : R.user_value;
    for (int32_t y = 0; y < in.n_y; ++y) {
      double s = 0;
      for (int64_t x = yp[y]; x < yp[y + 1]; ++x) s += yv[x];
      in.y_mean[y] = yp[y + 1] > yp[y] ? static_cast<float>(s / static_cast<double>(yp[y + 1] - yp[y])) : 0.0f;
    }
    for (int32_t u = 0; u < R.n_users; ++u)
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x)
        csr[x] -= in.y_mean[ub ? R.user_item[x] : u];
    for (int32_t i = 0; i < R.n_items; ++i)
      for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x)
        csc[x] -= in.y_mean[ub ? i : R.item_user[x]];
  }
  in.rows.val = ub ? std::move(csr) : std::move(csc);
  in.cols.val = ub ? std::move(csc) : std::move(csr);
  return in;
}

float profile_sim_value(const SimOptions& o, const Biases* biases, float profile_bias, const SimInput& in,
                        int32_t item, float rating) {
  if (o.kind == SimKind::PearsonBaseline) return rating - (biases->mu + profile_bias + biases->bi[item]);
  if (o.kind == SimKind::AdjustedCosine) return rating - in.y_mean[item];
  return rating;
}

namespace {

// Co-rated sums of one entity with many others, in scratch arrays of size n_x.
struct Accumulator {
  explicit Accumulator(int32_t n, bool sums)
      : freq(n, 0), prods(n, 0), sqi(n, 0), sqj(n, 0), si(sums ? n : 0, 0), sj(sums ? n : 0, 0) {
    touched.reserve(n);
  }
  std::vector<int32_t> freq;
  std::vector<double> prods, sqi, sqj, si, sj;
  std::vector<int32_t> touched;

  // Adds the entries (ys[t], vals[t]) of entity a against every b > after.
  template <bool Sums>
  void add(const SimInput& in, const int32_t* ys, const float* vals, size_t n, int32_t after) {
    const std::vector<int64_t>& cp = *in.cols.ptr;
    const int32_t* cx = in.cols.idx->data();
    const float* cv = in.cols.val.data();
    for (size_t t = 0; t < n; ++t) {
      const int32_t y = ys[t];
      const double va = vals[t];
      const int32_t* begin = cx + cp[y];
      const int32_t* end = cx + cp[y + 1];
      const int32_t* p = after < 0 ? begin : std::upper_bound(begin, end, after);
      for (; p < end; ++p) {
        const int32_t b = *p;
        const double vb = cv[p - cx];
        if (freq[b]++ == 0) touched.push_back(b);
        prods[b] += va * vb;
        sqi[b] += va * va;
        sqj[b] += vb * vb;
        if (Sums) {
          si[b] += va;
          sj[b] += vb;
        }
      }
    }
  }

  float finish(int32_t b, const SimOptions& o) const {
    const int32_t n = freq[b];
    if (n == 0 || n < o.min_support) return 0.0f;
    double s = 0;
    switch (o.kind) {
      case SimKind::Cosine:
      case SimKind::AdjustedCosine: {
        const double den = std::sqrt(sqi[b] * sqj[b]);
        s = den > 0 ? prods[b] / den : 0.0;
        break;
      }
      case SimKind::Msd: {
        const double sqdiff = std::max(0.0, sqi[b] + sqj[b] - 2 * prods[b]);
        s = 1.0 / (sqdiff / n + 1.0);
        break;
      }
      case SimKind::Pearson: {
        const double num = n * prods[b] - si[b] * sj[b];
        const double d2 = (n * sqi[b] - si[b] * si[b]) * (n * sqj[b] - sj[b] * sj[b]);
        s = d2 > 0 ? num / std::sqrt(d2) : 0.0;
        break;
      }
      case SimKind::PearsonBaseline: {
        const double den = std::sqrt(sqi[b] * sqj[b]);
        s = den > 0 ? prods[b] / den : 0.0;
        s *= (n - 1.0) / (n - 1.0 + o.shrinkage);
        break;
      }
    }
    return static_cast<float>(s);
  }

  void clear() {
    const bool sums = !si.empty();
    for (int32_t b : touched) {
      freq[b] = 0;
      prods[b] = sqi[b] = sqj[b] = 0;
      if (sums) si[b] = sj[b] = 0;
    }
    touched.clear();
  }
};

}  // namespace

void SimilarityMatrix::row(int32_t a, std::vector<float>& out) const {
  out.resize(n_);
  if (pruned()) {
    std::fill(out.begin(), out.end(), 0.0f);
    for (int64_t t = ptr_[a]; t < ptr_[a + 1]; ++t) out[nb_[t]] = nsim_[t];
    out[a] = 1.0f;
    return;
  }
  for (int32_t b = 0; b < n_; ++b) out[b] = (*this)(a, b);
}

namespace {
// Every row in full (each pair computed from both ends: twice the work of the
// triangle, for rows that can be pruned one at a time), keeping per row the
// `keep` largest positive similarities, sorted by index.
SimilarityMatrix::Pruned compute_pruned(const SimInput& in, const SimOptions& o, int32_t threads, int32_t keep) {
  const bool sums = o.kind == SimKind::Pearson;
  const int32_t n = in.n_x;
  std::vector<std::vector<std::pair<int32_t, float>>> rows(n);
  const std::vector<int64_t>& rp = *in.rows.ptr;
  const int32_t* ry = in.rows.idx->data();
  const float* rv = in.rows.val.data();
  struct Scratch {
    Accumulator acc;
    std::vector<std::pair<int32_t, float>> cand;
  };
  auto row = [&](Scratch& scratch, int64_t j) {
    const int32_t a = static_cast<int32_t>(j);
    Accumulator& acc = scratch.acc;
    std::vector<std::pair<int32_t, float>>& cand = scratch.cand;
    const size_t len = static_cast<size_t>(rp[a + 1] - rp[a]);
    if (sums) acc.add<true>(in, ry + rp[a], rv + rp[a], len, -1);
    else acc.add<false>(in, ry + rp[a], rv + rp[a], len, -1);
    cand.clear();
    for (int32_t b : acc.touched) {
      if (b == a) continue;
      const float s = acc.finish(b, o);
      if (s > 0) cand.push_back({b, s});
    }
    acc.clear();
    if (static_cast<int32_t>(cand.size()) > keep) {
      std::nth_element(cand.begin(), cand.begin() + keep, cand.end(), [](const auto& x, const auto& y) {
        return x.second > y.second || (x.second == y.second && x.first < y.first);
      });
      cand.resize(keep);
    }
    std::sort(cand.begin(), cand.end());
    rows[a] = cand;
  };
  parallel_for(0, n, threads, [&] { return Scratch{Accumulator(n, sums), {}}; }, row);
  SimilarityMatrix::Pruned p;
  p.ptr.assign(static_cast<size_t>(n) + 1, 0);
  for (int32_t a = 0; a < n; ++a) p.ptr[a + 1] = p.ptr[a] + static_cast<int64_t>(rows[a].size());
  p.nb.resize(p.ptr[n]);
  p.sim.resize(p.ptr[n]);
  for (int32_t a = 0; a < n; ++a) {
    int64_t at = p.ptr[a];
    for (const auto& [b, s] : rows[a]) p.nb[at] = b, p.sim[at] = s, ++at;
    std::vector<std::pair<int32_t, float>>().swap(rows[a]);
  }
  return p;
}
}  // namespace

SimilarityMatrix SimilarityMatrix::compute(const SimInput& in, const SimOptions& o, int32_t threads, int32_t keep) {
  SimilarityMatrix m;
  m.n_ = in.n_x;
  if (keep > 0) {
    Pruned p = compute_pruned(in, o, threads, keep);
    m.keep_ = keep;
    m.ptr_ = std::move(p.ptr);
    m.nb_ = std::move(p.nb);
    m.nsim_ = std::move(p.sim);
    return m;
  }
  if (in.n_x > kMaxExact)
    throw Error(ErrorCode::InvalidArgument,
                std::string("exact ") + (o.user_based ? "user" : "item") + "-based similarities over " +
                    std::to_string(in.n_x) + " entities need " +
                    std::to_string(static_cast<int64_t>(in.n_x) * (in.n_x - 1) / 2 * 4 / 1000000) +
                    " MB; the limit is " + std::to_string(kMaxExact) +
                    " (set max_neighbours to keep that many per entity instead)");
  m.tri_.assign(in.n_x > 1 ? static_cast<size_t>(in.n_x) * (in.n_x - 1) / 2 : 0, 0.0f);
  const bool sums = o.kind == SimKind::Pearson;
  const std::vector<int64_t>& rp = *in.rows.ptr;
  const int32_t* ry = in.rows.idx->data();
  const float* rv = in.rows.val.data();
  auto row = [&](Accumulator& acc, int64_t j) {
    const int32_t a = static_cast<int32_t>(j);
    const size_t n = static_cast<size_t>(rp[a + 1] - rp[a]);
    if (sums) acc.add<true>(in, ry + rp[a], rv + rp[a], n, a);
    else acc.add<false>(in, ry + rp[a], rv + rp[a], n, a);
    float* out = m.tri_.data() + m.offset(a) - (a + 1);  // out[b] for b > a
    for (int32_t b : acc.touched) out[b] = acc.finish(b, o);
    acc.clear();
  };
  parallel_for(0, in.n_x, threads, [&] { return Accumulator(in.n_x, sums); }, row);
  return m;
}

std::vector<float> similarities_to_all(const SimInput& in, const SimOptions& o, const std::vector<int32_t>& ys,
                                       const std::vector<float>& vals) {
  const bool sums = o.kind == SimKind::Pearson;
  Accumulator acc(in.n_x, sums);
  if (sums) acc.add<true>(in, ys.data(), vals.data(), ys.size(), -1);
  else acc.add<false>(in, ys.data(), vals.data(), ys.size(), -1);
  std::vector<float> out(in.n_x, 0.0f);
  for (int32_t b : acc.touched) out[b] = acc.finish(b, o);
  return out;
}

}  // namespace cinerec
