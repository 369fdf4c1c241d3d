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
       {{"shrinkage", "1"}, {"similarity", R"("adjusted_cosine")"}, {"similarity", R"("pearson")"}, {"reg_i", "1"}}},
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
  };
  return cases;
}

}  // namespace cinerec::testing
