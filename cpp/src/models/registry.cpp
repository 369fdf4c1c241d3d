// The algorithm registry: one table, the names shared by the CLI, JS and docs.
#include <functional>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"
#include "models/model_io.hpp"
#include "models/registry.hpp"

namespace cinerec {

namespace {
struct Entry {
  AlgorithmInfo info;
  std::function<std::unique_ptr<Model>(const Json&)> make;
};

const std::vector<Entry>& table() {
  static const std::vector<Entry> t = {
      // {{name, description, predicts_ratings}, factory}
      {{"svd", "biased matrix factorisation by SGD (Funk SVD; Surprise's SVD)", true}, make_svd},
      {{"baseline", "regularised user and item biases by ALS or SGD (Surprise's BaselineOnly)", true}, make_baseline},
      {{"knn-basic", "k nearest neighbours, similarity-weighted mean rating (Surprise's KNNBasic)", true}, make_knn_basic},
      {{"knn-means", "k nearest neighbours on mean-centred ratings (Surprise's KNNWithMeans)", true}, make_knn_means},
      {{"knn-zscore", "k nearest neighbours on z-scored ratings (Surprise's KNNWithZScore)", true}, make_knn_zscore},
      {{"knn-baseline", "k nearest neighbours on baseline residuals (Surprise's KNNBaseline)", true}, make_knn_baseline},
      {{"svdpp", "SVD++: factorisation with implicit feedback (Koren 2008; Surprise's SVDpp)", true}, make_svdpp},
      {{"nmf", "non-negative matrix factorisation by multiplicative updates (Surprise's NMF)", true}, make_nmf},
      {{"slope-one", "Slope One rating deviations (Lemire & Maclachlan 2005; Surprise's SlopeOne)", true}, make_slope_one},
      {{"co-clustering", "co-clustering of users and items (George & Merugu 2005; Surprise's CoClustering)", true}, make_co_clustering},
      {{"random", "a rating drawn from the normal fitted to the training ratings (Surprise's NormalPredictor)", true}, make_normal_predictor},
      {{"popularity", "most rated or best rated (damped mean) items, the same for everyone", false}, make_popularity},
      {{"ease", "EASE: closed-form item-item autoencoder for top-N (Steck 2019)", false}, make_ease},
      {{"ials", "implicit-feedback ALS with confidence weights (Hu, Koren & Volinsky 2008)", false}, make_ials},
      {{"bpr", "BPR-MF: pairwise ranking matrix factorisation (Rendle et al. 2009)", false}, make_bpr},
      {{"item-knn", "item-based top-N k-nearest neighbours (Deshpande & Karypis 2004)", false}, make_item_knn},
      {{"als", "biased matrix factorisation by alternating least squares, weighted-λ (Zhou et al. 2008)", true}, make_als},
      {{"content", "content-based: TF-IDF of genres, tags, title words and decade, cosine", false}, make_content},
      {{"hybrid", "a weighted or rank-fusion blend of other models; content carries cold items", false}, make_hybrid},
      {{"ltr", "learning to rank later ratings from features shared across items (pointwise, small MLP)", false}, make_ltr},
      {{"bayesian-fm", "factorisation machine by Gibbs sampling with SVD++ and flipped implicit features (libFM MCMC)", true}, make_bayesian_fm},
  };
  return t;
}
}  // namespace

std::vector<AlgorithmInfo> algorithms() {
  std::vector<AlgorithmInfo> out;
  for (const Entry& e : table()) out.push_back(e.info);
  return out;
}

std::unique_ptr<Model> make_model(const std::string& name, const Json& params) {
  for (const Entry& e : table())
    if (e.info.name == name) return e.make(params.is_null() ? Json::object() : params);
  std::string known;
  for (const Entry& e : table()) known += (known.empty() ? "" : ", ") + e.info.name;
  throw Error(ErrorCode::UnknownAlgorithm, "unknown algorithm '" + name + "' (known: " + known + ")");
}

Json default_params(const std::string& name) { return make_model(name)->params(); }

std::unique_ptr<Model> load_model(const std::vector<uint8_t>& bytes) {
  std::string name;
  Json params;
  read_envelope(bytes, name, params);
  try {
    auto model = make_model(name, params);
    model->load(bytes);
    return model;
  } catch (const Error& e) {
    // Sealed bytes whose algorithm, parameters or payload this build rejects
    // are as unusable as mangled ones.
    if (e.code() == ErrorCode::ModelCorrupt) throw;
    throw Error(ErrorCode::ModelCorrupt, std::string("saved model: ") + e.what());
  }
}

}  // namespace cinerec
