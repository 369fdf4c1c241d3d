#include "models/baselines.hpp"

#include <cmath>

#include "cinerec/error.hpp"
#include "util/bytes.hpp"

namespace cinerec {

BaselineOptions read_baseline_options(ParamReader& p, const BaselineOptions& d) {
  BaselineOptions o;
  o.sgd = p.choice("method", d.sgd ? "sgd" : "als", {"als", "sgd"}) == "sgd";
  o.n_epochs = p.integer("n_epochs", o.sgd ? 20 : d.n_epochs, 0, 10000);
  o.reg_u = p.number("reg_u", d.reg_u, 0, 1e6);
  o.reg_i = p.number("reg_i", d.reg_i, 0, 1e6);
  o.reg = p.number("reg", d.reg, 0, 1e6);
  o.learning_rate = p.number("learning_rate", d.learning_rate, 0, 10);
  return o;
}

static double train_rmse(const RatingMatrix& R, const Biases& b) {
  double sq = 0;
  for (int32_t u = 0; u < R.n_users; ++u)
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
      double e = R.user_value[x] - (b.mu + b.bu[u] + b.bi[R.user_item[x]]);
      sq += e * e;
    }
  return R.nnz() ? std::sqrt(sq / static_cast<double>(R.nnz())) : 0.0;
}

Biases fit_biases(const RatingMatrix& R, const BaselineOptions& o, const std::string& who,
                  const std::function<bool(int32_t, double)>& on_epoch) {
  Biases b;
  b.mu = static_cast<float>(R.global_mean);
  std::vector<double> bu(R.n_users, 0.0), bi(R.n_items, 0.0);
  const double mu = R.global_mean;
  for (int32_t epoch = 1; epoch <= o.n_epochs; ++epoch) {
    if (!o.sgd) {
      for (int32_t i = 0; i < R.n_items; ++i) {
        double dev = 0;
        for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x) dev += R.item_value[x] - mu - bu[R.item_user[x]];
        const double den = o.reg_i + static_cast<double>(R.item_count(i));
        bi[i] = den > 0 ? dev / den : 0.0;
      }
      for (int32_t u = 0; u < R.n_users; ++u) {
        double dev = 0;
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) dev += R.user_value[x] - mu - bi[R.user_item[x]];
        const double den = o.reg_u + static_cast<double>(R.user_count(u));
        bu[u] = den > 0 ? dev / den : 0.0;
      }
    } else {
      for (int32_t u = 0; u < R.n_users; ++u)
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
          const int32_t i = R.user_item[x];
          const double e = R.user_value[x] - (mu + bu[u] + bi[i]);
          bu[u] += o.learning_rate * (e - o.reg * bu[u]);
          bi[i] += o.learning_rate * (e - o.reg * bi[i]);
        }
    }
    if (on_epoch) {
      b.bu.assign(bu.begin(), bu.end());
      b.bi.assign(bi.begin(), bi.end());
      if (!on_epoch(epoch, train_rmse(R, b))) throw Error(ErrorCode::Aborted, who + ": training cancelled");
    }
  }
  b.bu.assign(bu.begin(), bu.end());
  b.bi.assign(bi.begin(), bi.end());
  return b;
}

float fold_in_user_bias(const Biases& b, const Profile& profile, double reg_u) {
  double dev = 0;
  for (const ProfileEntry& e : profile) dev += e.rating - b.mu - b.bi[e.item];
  const double den = reg_u + static_cast<double>(profile.size());
  return den > 0 ? static_cast<float>(dev / den) : 0.0f;
}

void save_biases(ByteWriter& w, const Biases& b) {
  w.f32(b.mu);
  w.vec(b.bu);
  w.vec(b.bi);
}

Biases load_biases(ByteReader& r) {
  Biases b;
  b.mu = r.f32();
  b.bu = r.vec<float>();
  b.bi = r.vec<float>();
  return b;
}

}  // namespace cinerec
