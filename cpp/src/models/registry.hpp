// Factories of every algorithm, one per line, defined in its own source file.
#pragma once
#include <memory>

#include "cinerec/model.hpp"

namespace cinerec {

std::unique_ptr<Model> make_svd(const Json& params);
std::unique_ptr<Model> make_baseline(const Json& params);
std::unique_ptr<Model> make_knn_basic(const Json& params);
std::unique_ptr<Model> make_knn_means(const Json& params);
std::unique_ptr<Model> make_knn_zscore(const Json& params);
std::unique_ptr<Model> make_knn_baseline(const Json& params);
std::unique_ptr<Model> make_svdpp(const Json& params);
std::unique_ptr<Model> make_nmf(const Json& params);
std::unique_ptr<Model> make_slope_one(const Json& params);
std::unique_ptr<Model> make_co_clustering(const Json& params);
std::unique_ptr<Model> make_normal_predictor(const Json& params);
std::unique_ptr<Model> make_popularity(const Json& params);
std::unique_ptr<Model> make_ease(const Json& params);
std::unique_ptr<Model> make_ials(const Json& params);
std::unique_ptr<Model> make_bpr(const Json& params);
std::unique_ptr<Model> make_item_knn(const Json& params);
std::unique_ptr<Model> make_als(const Json& params);
std::unique_ptr<Model> make_content(const Json& params);
std::unique_ptr<Model> make_hybrid(const Json& params);
std::unique_ptr<Model> make_ltr(const Json& params);
std::unique_ptr<Model> make_bayesian_fm(const Json& params);

}  // namespace cinerec
