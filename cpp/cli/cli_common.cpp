#include "cli_common.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/movielens.hpp"
#include "cinerec/snapshot.hpp"

namespace cinerec::cli {

namespace {
[[noreturn]] void bad(const std::string& msg) { throw Error(ErrorCode::InvalidArgument, msg); }
bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

std::string Options::get(const std::string& name, const std::string& def) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? def : it->second.back();
}

int64_t Options::integer(const std::string& name, int64_t def, int64_t lo, int64_t hi) const {
  if (!has(name)) return def;
  const std::string s = get(name);
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end || v < lo || v > hi)
    bad("--" + name + " expects an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got '" + s + "'");
  return v;
}

double Options::number(const std::string& name, double def) const {
  if (!has(name)) return def;
  const std::string s = get(name);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end) bad("--" + name + " expects a number, got '" + s + "'");
  return v;
}

Options parse_options(const Args& args, const std::string& command, const std::vector<std::string>& with_value,
                      const std::vector<std::string>& repeated, const std::vector<std::string>& flags) {
  Options o;
  if (contains(args, "--help") || contains(args, "-h")) {
    o.values["help"].push_back("1");
    return o;
  }
  for (size_t a = 0; a < args.size(); ++a) {
    const std::string& arg = args[a];
    if (arg.rfind("--", 0) != 0) bad(command + ": unexpected argument '" + arg + "' (see cinerec " + command + " --help)");
    std::string name = arg.substr(2), value;
    const size_t eq = name.find('=');
    bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (contains(flags, name)) {
      if (inline_value) bad(command + ": --" + name + " takes no value");
      o.values[name].push_back("1");
      continue;
    }
    if (!contains(with_value, name) && !contains(repeated, name))
      bad(command + ": unknown option '--" + name + "' (see cinerec " + command + " --help)");
    if (!inline_value) {
      if (a + 1 >= args.size()) bad(command + ": --" + name + " needs a value");
      value = args[++a];
    }
    if (!contains(repeated, name) && o.has(name)) bad(command + ": --" + name + " given twice");
    o.values[name].push_back(value);
  }
  return o;
}

Dataset load_data(const std::string& path, int32_t threads) {
  if (path.empty()) bad("--data is required (a MovieLens folder or a .cinerec snapshot)");
  if (is_directory(path)) return load_movielens(path, MovieLensLayout::Auto, threads);
  return read_snapshot(read_file_bytes(path));
}

Json model_params(const Options& o, const std::string& algorithm) {
  Json params = preset_params(algorithm, o.get("preset", "default"));
  auto it = o.values.find("param");
  if (it == o.values.end()) return params;
  for (const std::string& kv : it->second) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) bad("--param expects key=value, got '" + kv + "'");
    const std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
    Json v = Json::parse(value, nullptr, false);
    params[key] = v.is_discarded() ? Json(value) : v;
  }
  return params;
}

ProgressBar::ProgressBar() : tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(double fraction, const std::string& label) {
  if (!tty_) return;
  const int percent = static_cast<int>(std::min(1.0, std::max(0.0, fraction)) * 100);
  if (percent == last_percent_ && label == last_label_) return;
  last_percent_ = percent;
  last_label_ = label;
  const int width = 30, filled = percent * width / 100;
  std::string bar(filled, '#');
  bar += std::string(width - filled, '.');
  std::fprintf(stderr, "\r[%s] %3d%% %-40.40s", bar.c_str(), percent, label.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%80s\r", "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace cinerec::cli
