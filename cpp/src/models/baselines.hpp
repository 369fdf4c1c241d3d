// Regularised user and item biases, r̂_ui = μ + b_u + b_i, shared by
// `baseline`, `knn-baseline` and the pearson_baseline similarity
// (Koren 2010, "Factor in the neighbors", section 2.1; Surprise's
// baseline_only.py / optimize_baselines.pyx with the same bsl_options).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cinerec/model.hpp"
#include "models/params.hpp"

namespace cinerec {

class ByteWriter;
class ByteReader;

struct BaselineOptions {
  bool sgd = false;         // method: "als" (default) or "sgd"
  int32_t n_epochs = 10;    // Surprise: 10 for ALS, 20 for SGD
  double reg_u = 15;        // ALS
  double reg_i = 10;        // ALS
  double reg = 0.02;        // SGD
  double learning_rate = 0.005;  // SGD
};

// Reads method, n_epochs, reg_u, reg_i, reg, learning_rate (Surprise's
// bsl_options names) into `p`'s effective parameters; `defaults` gives the
// values of what is not set (Surprise's unless the caller says otherwise).
BaselineOptions read_baseline_options(ParamReader& p, const BaselineOptions& defaults = BaselineOptions());

struct Biases {
  float mu = 0;
  std::vector<float> bu, bi;
};

// Fits the biases. `on_epoch(epoch, train_rmse)` is called after each epoch
// when set; when it returns false, throws Error(Aborted) naming `who`.
// ALS, per epoch:  b_i = Σ_u (r_ui − μ − b_u) / (reg_i + |U_i|)  for every i,
//                  then b_u = Σ_i (r_ui − μ − b_i) / (reg_u + |I_u|).
// SGD, per rating in user order, e = r_ui − μ − b_u − b_i:
//                  b_u += lr (e − reg b_u),  b_i += lr (e − reg b_i).
Biases fit_biases(const RatingMatrix& R, const BaselineOptions& o, const std::string& who,
                  const std::function<bool(int32_t, double)>& on_epoch = {});

// The bias of a profile outside the training data, by the ALS user step
// against the fixed item biases: Σ (r − μ − b_i) / (reg_u + n).
float fold_in_user_bias(const Biases& b, const Profile& profile, double reg_u);

void save_biases(ByteWriter& w, const Biases& b);
Biases load_biases(ByteReader& r);

}  // namespace cinerec
