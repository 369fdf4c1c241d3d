// Reads an algorithm's parameters from JSON with defaults and ranges, and
// refuses unknown names so a typo never silently falls back to a default.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"

namespace cinerec {

class ParamReader {
 public:
  ParamReader(std::string algorithm, const Json& given) : algo_(std::move(algorithm)), given_(given) {
    if (!given_.is_null() && !given_.is_object())
      fail("", "parameters must be a JSON object");
  }
  int32_t integer(const std::string& key, int32_t def, int32_t lo, int32_t hi) {
    int32_t v = def;
    if (const Json* j = take(key)) {
      if (!j->is_number()) fail(key, "expected an integer");
      double d = j->get<double>();
      if (d != static_cast<double>(static_cast<int64_t>(d))) fail(key, "expected an integer");
      if (d < lo || d > hi) fail(key, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      v = static_cast<int32_t>(d);
    }
    out_[key] = v;
    return v;
  }
  double number(const std::string& key, double def, double lo, double hi) {
    double v = def;
    if (const Json* j = take(key)) {
      if (!j->is_number()) fail(key, "expected a number");
      v = j->get<double>();
      if (!(v >= lo && v <= hi)) fail(key, "expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]");
    }
    out_[key] = v;
    return v;
  }
  bool boolean(const std::string& key, bool def) {
    bool v = def;
    if (const Json* j = take(key)) {
      if (j->is_boolean()) v = j->get<bool>();
      else if (j->is_number_integer() && (j->get<int>() == 0 || j->get<int>() == 1)) v = j->get<int>() == 1;
      else if (j->is_string() && (*j == "true" || *j == "false")) v = *j == "true";
      else fail(key, "expected true or false");
    }
    out_[key] = v;
    return v;
  }
  std::string choice(const std::string& key, const std::string& def, const std::vector<std::string>& options) {
    std::string v = def;
    if (const Json* j = take(key)) {
      if (!j->is_string()) fail(key, "expected one of " + join(options));
      v = j->get<std::string>();
      bool ok = false;
      for (const auto& o : options) ok = ok || o == v;
      if (!ok) fail(key, "expected one of " + join(options) + ", got '" + v + "'");
    }
    out_[key] = v;
    return v;
  }
  // Raw access for structured parameters (e.g. hybrid components).
  Json raw(const std::string& key, const Json& def) {
    Json v = def;
    if (const Json* j = take(key)) v = *j;
    out_[key] = v;
    return v;
  }
  // Throws for any given key that was not read.
  Json finish() {
    if (given_.is_object())
      for (auto it = given_.begin(); it != given_.end(); ++it)
        if (!used_.count(it.key()))
          fail(it.key(), "unknown parameter for " + algo_ + " (known: " + known() + ")");
    return out_;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw Error(ErrorCode::InvalidArgument,
                algo_ + (key.empty() ? "" : " parameter '" + key + "'") + ": " + why);
  }

 private:
  const Json* take(const std::string& key) {
    used_.insert(key);
    if (!given_.is_object()) return nullptr;
    auto it = given_.find(key);
    if (it == given_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  std::string known() const {
    std::string s;
    for (auto it = out_.begin(); it != out_.end(); ++it) s += (s.empty() ? "" : ", ") + it.key();
    return s;
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "|") + x;
    return s;
  }
  static std::string fmt(double d) {
    std::string s = std::to_string(d);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  std::string algo_;
  Json given_;
  Json out_ = Json::object();
  std::set<std::string> used_;
};

}  // namespace cinerec
