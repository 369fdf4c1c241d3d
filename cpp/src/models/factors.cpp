#include "models/factors.hpp"

#include <algorithm>
#include <cmath>

#include "models/model_io.hpp"
#include "models/topk.hpp"
#include "util/bytes.hpp"
#include "util/huge_pages.hpp"
#include "util/rng.hpp"

namespace cinerec {

RidgeFold ridge_fold_in(const RowMatrixXf& Q, const Profile& profile, std::vector<float> targets,
                        float lambda, bool with_bias) {
  const int k = static_cast<int>(Q.cols());
  const int d = k + (with_bias ? 1 : 0);
  const int n = static_cast<int>(profile.size());
  RidgeFold out;
  out.with_bias = with_bias;
  out.targets = std::move(targets);
  out.p = Eigen::VectorXf::Zero(k);
  out.A.resize(n, d);
  if (n == 0) return out;
  Eigen::VectorXf y(n);
  for (int j = 0; j < n; ++j) {
    out.A.row(j).head(k) = Q.row(profile[j].item);
    if (with_bias) out.A(j, k) = 1.0f;
    y(j) = out.targets[j];
  }
  Eigen::MatrixXf G = out.A.transpose() * out.A;
  G.diagonal().array() += lambda;
  out.llt.compute(G);
  Eigen::VectorXf x = out.llt.solve(out.A.transpose() * y);
  out.p = x.head(k);
  if (with_bias) out.bias = x(k);
  return out;
}

Eigen::VectorXf RidgeFold::shares(const Eigen::VectorXf& a) const {
  Eigen::VectorXf w = A * llt.solve(a);
  for (Eigen::Index j = 0; j < w.size(); ++j) w(j) *= targets[j];
  return w;
}

std::vector<Scored> cosine_neighbours(const RowMatrixXf& Q, int32_t item, int32_t n) {
  const int32_t m = static_cast<int32_t>(Q.rows());
  Eigen::VectorXf norms = Q.rowwise().norm();
  Eigen::VectorXf dots = Q * Q.row(item).transpose();
  std::vector<float> s(m);
  const float ni = norms(item);
  for (int32_t j = 0; j < m; ++j) {
    float den = ni * norms(j);
    s[j] = den > 0 ? dots(j) / den : 0.0f;
  }
  return top_k(s, n, [item](int32_t j) { return j != item; });
}

RowMatrixXf random_normal(Rng& rng, int64_t rows, int64_t cols, double mean, double sd) {
  RowMatrixXf m(rows, cols);
  advise_huge_pages(m.data(), sizeof(float) * static_cast<size_t>(m.size()));
  for (int64_t x = 0; x < m.size(); ++x) m.data()[x] = static_cast<float>(rng.normal(mean, sd));
  return m;
}

void save_matrix(ByteWriter& w, const RowMatrixXf& m) {
  w.i64(m.rows());
  w.i64(m.cols());
  w.raw(m.data(), sizeof(float) * m.size());
}

RowMatrixXf load_matrix(ByteReader& r) {
  int64_t rows = r.i64(), cols = r.i64();
  if (rows < 0 || cols < 0 || (cols && static_cast<uint64_t>(rows) > r.remaining() / 4 / static_cast<uint64_t>(cols)))
    r.fail("matrix size runs past the end");
  RowMatrixXf m(rows, cols);
  const uint8_t* p = r.take(sizeof(float) * rows * cols);
  if (m.size()) std::memcpy(m.data(), p, sizeof(float) * rows * cols);  // an empty matrix's data() is null
  return m;
}

std::vector<float> BiasedFactors::scores(const Eigen::VectorXf& p, float b) const {
  Eigen::VectorXf s = Q * p;
  std::vector<float> out(Q.rows());
  for (int64_t i = 0; i < Q.rows(); ++i) out[i] = mu + b + bi[i] + s(i);
  return out;
}

void BiasedFactors::save(ByteWriter& w, bool users) const {
  w.f32(mu);
  w.vec(users ? bu : std::vector<float>{});
  w.vec(bi);
  save_matrix(w, users ? P : RowMatrixXf(0, P.cols()));
  save_matrix(w, Q);
}

void BiasedFactors::load(ByteReader& r, int32_t n_factors, const std::string& algorithm) {
  mu = r.f32();
  bu = r.vec<float>();
  bi = r.vec<float>();
  P = load_matrix(r);
  Q = load_matrix(r);
  if (P.cols() != n_factors || Q.cols() != n_factors || bi.size() != static_cast<size_t>(Q.rows()) ||
      bu.size() != static_cast<size_t>(P.rows()))
    r.fail(algorithm + ": shapes do not match the parameters");
}

void read_sgd_rates(ParamReader& p, double lr_all, double reg_all, std::initializer_list<SgdTerm> terms) {
  lr_all = p.number("lr_all", lr_all, 0, 10);
  reg_all = p.number("reg_all", reg_all, 0, 1000);
  for (const SgdTerm& t : terms) *t.lr = static_cast<float>(p.number(std::string("lr_") + t.name, lr_all, 0, 10));
  for (const SgdTerm& t : terms) *t.reg = static_cast<float>(p.number(std::string("reg_") + t.name, reg_all, 0, 1000));
}

void FactorModel::fold_into(UserState& state) const {
  auto d = std::make_shared<RidgeFold>(ridge(state.profile));
  state.scores = f_.scores(d->p, d->bias);
  state.detail = std::move(d);
}

void FactorModel::fold_user_into(UserState& state) const {
  check_user(state.user);
  state.scores = f_.scores(user_factors(state.user), f_.bu[state.user]);
}

float FactorModel::predict_user(int32_t user, int32_t item) const {
  require_trained();
  check_user(user);
  check_item(item);
  return clip(f_.mu + f_.bu[user] + f_.bi[item] + f_.Q.row(item).dot(user_factors(user)));
}

std::vector<Scored> FactorModel::similar_items(int32_t item, int32_t n) const {
  require_trained();
  check_item(item);
  return cosine_neighbours(f_.Q, item, n);
}

// Each rated movie's share of the folded-in score (RidgeFold::shares).
Explanation FactorModel::explain_item(const UserState& state, int32_t item) const {
  auto d = detail_of<RidgeFold>(state, [&] { return std::make_shared<RidgeFold>(ridge(state.profile)); });
  const int k = n_factors_;
  Eigen::VectorXf a(k + (d->with_bias ? 1 : 0));
  a.head(k) = f_.Q.row(item).transpose();
  if (d->with_bias) a(k) = 1.0f;
  const Eigen::VectorXf w = d->shares(a);
  Explanation e;
  for (size_t j = 0; j < state.profile.size(); ++j)
    e.parts.push_back(movie_part(state.profile[j].item, w(static_cast<Eigen::Index>(j))));
  keep_strongest(e.parts, 5);
  return e;
}

std::vector<uint8_t> FactorModel::save() const { return save_state(true); }

std::vector<uint8_t> FactorModel::save_state(bool users) const {
  ByteWriter w = begin_save(*this);
  w.f32(ctx_.rating_min);
  w.f32(ctx_.rating_max);
  f_.save(w, users);
  save_extra(w, users);
  return end_save(w);
}

void FactorModel::load(const std::vector<uint8_t>& bytes) {
  ByteReader r = begin_load(bytes, name());
  ctx_.rating_min = r.f32();
  ctx_.rating_max = r.f32();
  f_.load(r, n_factors_, name_);
  load_extra(r);
  ctx_.n_items = static_cast<int32_t>(f_.Q.rows());
  ctx_.n_users = static_cast<int32_t>(f_.P.rows());
  trained_ = true;
}

RidgeFold FactorModel::ridge(const Profile& profile, const std::vector<float>* offsets) const {
  std::vector<float> targets(profile.size());
  for (size_t j = 0; j < profile.size(); ++j) {
    const int32_t i = profile[j].item;
    targets[j] = profile[j].rating - f_.mu - f_.bi[i] - (offsets ? (*offsets)[j] : 0.0f);
  }
  return ridge_fold_in(f_.Q, profile, std::move(targets), fold_lambda(profile.size()), biased_);
}

}  // namespace cinerec
