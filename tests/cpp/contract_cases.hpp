// The contract suite's table: one row per registered algorithm.
//
//   {name, small parameters (JSON, for speed), {{parameter, another value (JSON)}, ...}}
//
// Every algorithm in the registry must have a row (the suite fails otherwise).
// Each listed parameter, set to its other value on top of the small
// parameters, must change the scores of the test profile.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace cinerec::testing {

struct ContractCase {
  std::string algorithm;
  std::string params;  // JSON object
  std::vector<std::pair<std::string, std::string>> changes;  // {parameter, JSON value}
};

inline const std::vector<ContractCase>& contract_cases() {
  static const std::vector<ContractCase> cases = {
      {"svd", R"({"n_factors": 8, "n_epochs": 5})",
       {{"n_factors", "4"}, {"n_epochs", "3"}, {"lr_all", "0.01"}, {"reg_all", "0.3"}, {"init_std_dev", "0.3"},
        {"biased", "false"}, {"fold_in_reg", "1.0"}}},
      {"baseline", R"({})",
       {{"method", R"("sgd")"}, {"n_epochs", "2"}, {"reg_u", "2"}, {"reg_i", "1"}}},
      {"baseline", R"({"method": "sgd"})",
       {{"reg", "0.5"}, {"learning_rate", "0.02"}, {"n_epochs", "3"}}},
      {"knn-basic", R"({"k": 10})",
       {{"k", "3"}, {"min_k", "20"}, {"user_based", "false"}, {"similarity", R"("cosine")"}, {"min_support", "12"}}},
      {"knn-basic", R"({"k": 10, "user_based": false, "similarity": "pearson_baseline"})",
       {{"shrinkage", "1"}, {"similarity", R"("adjusted_cosine")"}, {"similarity", R"("pearson")"}, {"reg_i", "1"},
        {"max_neighbours", "1"}}},
      {"knn-means", R"({"k": 10})",
       {{"k", "3"}, {"min_k", "20"}, {"user_based", "false"}, {"similarity", R"("pearson")"}, {"min_support", "12"}}},
      {"knn-zscore", R"({"k": 10})",
       {{"k", "3"}, {"min_k", "20"}, {"user_based", "false"}, {"similarity", R"("cosine")"}, {"min_support", "12"}}},
      {"knn-baseline", R"({"k": 10})",
       {{"k", "3"}, {"min_k", "20"}, {"user_based", "false"}, {"similarity", R"("msd")"}, {"shrinkage", "1"},
        {"min_support", "12"}, {"reg_u", "1"}, {"method", R"("sgd")"}}},
      {"svdpp", R"({"n_factors": 5, "n_epochs": 4})",
       {{"n_factors", "3"}, {"n_epochs", "2"}, {"lr_all", "0.02"}, {"reg_all", "0.3"}, {"lr_yj", "0.05"},
        {"reg_yj", "0.5"}, {"init_std_dev", "0.3"}, {"fold_in_reg", "1.0"}}},
      {"nmf", R"({"n_factors": 5, "n_epochs": 10})",
       {{"n_factors", "3"}, {"n_epochs", "4"}, {"reg_pu", "0.5"}, {"reg_qi", "0.5"}, {"biased", "true"},
        {"init_low", "0.2"}, {"init_high", "2"}}},
      {"slope-one", R"({})", {{"weighted", "true"}}},
      {"co-clustering", R"({"n_epochs": 5})",
       {{"n_cltr_u", "2"}, {"n_cltr_i", "5"}, {"n_epochs", "1"}}},
      {"random", R"({})", {}},
      {"popularity", R"({})", {{"mode", R"("damped_mean")"}}},
      {"popularity", R"({"mode": "damped_mean"})", {{"damping", "100"}}},
      {"ease", R"({"lambda": 10})",
       {{"lambda", "100"}, {"implicit", "false"}, {"threshold", "3"}, {"dropout", "0.3"}, {"max_items", "20"}}},
      {"ials", R"({"factors": 8, "iterations": 5})",
       {{"factors", "4"}, {"iterations", "2"}, {"regularization", "5"}, {"alpha", "10"}, {"confidence", R"("log")"},
        {"feedback", R"("implicit")"}, {"init_std_dev", "0.3"}, {"reg_exponent", "1"},
        {"regularization_scale", R"("ratings")"}}},
      // With 8 factors, 3 CG steps already match Cholesky: compare at 1 step.
      {"ials", R"({"factors": 8, "iterations": 5, "cg_steps": 1, "confidence": "log"})",
       {{"solver", R"("cholesky")"}, {"cg_steps", "3"}, {"epsilon", "0.1"}}},
      {"bpr", R"({"factors": 8, "iterations": 10})",
       {{"factors", "4"}, {"learning_rate", "0.1"}, {"regularization", "0.1"}, {"iterations", "3"},
        {"init_std_dev", "0.3"}, {"fold_in_iterations", "5"}}},
      {"item-knn", R"({"k": 10})",
       {{"k", "3"}, {"similarity", R"("cosine")"}, {"similarity", R"("pearson")"}, {"shrinkage", "10"},
        {"min_support", "20"}, {"normalize", "false"}, {"feedback", R"("explicit")"}}},
      {"item-knn", R"({"k": 10, "feedback": "explicit", "normalize": false})",
       {{"similarity", R"("cosine")"}, {"similarity", R"("pearson")"}}},
      {"als", R"({"n_factors": 5, "n_epochs": 5})",
       {{"n_factors", "3"}, {"n_epochs", "2"}, {"reg", "0.5"}, {"biased", "false"}, {"init_std_dev", "0.3"}}},
      {"content", R"({})",
       {{"genre_weight", "0.1"}, {"tag_weight", "3"}, {"title_weight", "2"}, {"decade_weight", "2"}, {"min_df", "10"}}},
      {"hybrid",
       R"({"components": [{"algorithm": "svd", "params": {"n_factors": 4, "n_epochs": 3}, "weight": 0.7},
                          {"algorithm": "content", "weight": 0.3}]})",
       {{"fusion", R"("rank")"}, {"normalization", R"("minmax")"}, {"cold_threshold", "40"},
        {"components", R"([{"algorithm": "svd", "params": {"n_factors": 4, "n_epochs": 3}, "weight": 0.2},
                          {"algorithm": "content", "weight": 0.8}])"}}},
      {"hybrid",
       R"({"fusion": "rank", "components": [{"algorithm": "popularity"}, {"algorithm": "item-knn", "params": {"k": 10}}]})",
       {{"rrf_k", "5"}}},
      {"ltr", R"({"n_candidates": 30, "n_universe": 40, "hidden": 8, "epochs": 3, "batch_size": 256})",
       {{"n_candidates", "20"}, {"n_universe", "45"}, {"hidden", "4"}, {"epochs", "2"}, {"learning_rate", "0.03"},
        {"batch_size", "64"}, {"l2", "0.1"}, {"negatives", "0.5"}, {"cuts", "[3, 8]"}, {"late_position", "4"},
        {"damping", "100"}, {"order", R"("random")"}, {"order", R"("popularity")"}}},
      {"bayesian-fm", R"({"n_factors": 4, "n_iter": 12, "burn_in": 4, "n_blocks": 2})",
       {{"n_factors", "2"}, {"n_iter", "10"}, {"burn_in", "6"}, {"n_blocks", "3"}, {"init_std_dev", "0.3"},
        {"rated_items", "false"}, {"raters", "false"}, {"genres", "false"}}},
  };
  return cases;
}

}  // namespace cinerec::testing
