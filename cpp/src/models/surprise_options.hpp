// Surprise's nested option dictionaries, accepted as they are written there
// so settings carry over:  {"sim_options": {"name": "pearson_baseline",
// "user_based": false, "min_support": 5, "shrinkage": 100},
// "bsl_options": {"method": "als", "reg_u": 12}}  becomes the flat
// parameters similarity, user_based, min_support, shrinkage, method, reg_u.
#pragma once
#include <string>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

inline Json flatten_surprise_options(const std::string& algo, const Json& given) {
  if (!given.is_object()) return given;
  Json out = given;
  for (const char* group : {"sim_options", "bsl_options"}) {
    auto it = given.find(group);
    if (it == given.end()) continue;
    out.erase(group);
    if (!it->is_object())
      throw Error(ErrorCode::InvalidArgument, algo + " parameter '" + group + "': expected an object");
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
      const std::string key = std::string(group) == "sim_options" && kv.key() == "name" ? "similarity" : kv.key();
      if (out.contains(key))
        throw Error(ErrorCode::InvalidArgument,
                    algo + " parameter '" + key + "' is given both in " + group + " and on its own");
      out[key] = kv.value();
    }
  }
  return out;
}

}  // namespace cinerec
