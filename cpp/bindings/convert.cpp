#include "convert.hpp"

#include <cmath>

#include "cinerec/error.hpp"

namespace cinerec::bindings {

Json parse_json(const std::string& text, const char* what) {
  if (text.empty()) return Json::object();
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    throw Error(ErrorCode::InvalidArgument, std::string(what) + " is not valid JSON: " + e.what());
  }
}

std::string dump_json(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

val ok() {
  val r = val::object();
  r.set("ok", true);
  return r;
}

val failure(const std::string& code, const std::string& message) {
  val r = val::object();
  r.set("ok", false);
  r.set("code", code);
  r.set("message", message);
  return r;
}

Profile profile_from_js(const val& items, const val& ratings) {
  std::vector<int32_t> it = from_js<int32_t>(items);
  std::vector<float> rt = from_js<float>(ratings);
  if (it.size() != rt.size())
    throw Error(ErrorCode::InvalidArgument, "profile: " + std::to_string(it.size()) + " items but " +
                                                std::to_string(rt.size()) + " ratings");
  Profile p(it.size());
  for (size_t j = 0; j < it.size(); ++j) {
    if (!std::isfinite(rt[j]))
      throw Error(ErrorCode::InvalidArgument, "profile: rating " + std::to_string(j) + " is not a number");
    p[j] = {it[j], rt[j]};
  }
  return p;
}

static Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

void set_scored(val& r, const std::vector<Scored>& top) {
  std::vector<int32_t> items(top.size());
  std::vector<float> scores(top.size());
  for (size_t j = 0; j < top.size(); ++j) {
    items[j] = top[j].item;
    scores[j] = top[j].score;
  }
  r.set("items", to_js(items));
  r.set("scores", to_js(scores));
}

Json explanation_json(const Explanation& e, size_t max_parts) {
  Json parts = Json::array();
  for (size_t j = 0; j < e.parts.size() && j < max_parts; ++j) {
    const Explanation::Part& p = e.parts[j];
    Json o = {{"kind", p.kind}, {"weight", number_or_null(p.weight)}};
    if (p.kind == "item") o["item"] = p.item;
    else o["feature"] = p.feature;
    parts.push_back(std::move(o));
  }
  return {{"score", number_or_null(e.score)}, {"summary", e.summary}, {"parts", std::move(parts)}};
}

val progress_js(const Progress& p) {
  val o = val::object();
  o.set("epoch", p.epoch);
  o.set("totalEpochs", p.total_epochs);
  if (std::isfinite(p.loss)) o.set("loss", p.loss);
  else o.set("loss", val::null());
  o.set("elapsed", p.elapsed_seconds);
  o.set("stage", p.stage);
  return o;
}

}  // namespace cinerec::bindings
