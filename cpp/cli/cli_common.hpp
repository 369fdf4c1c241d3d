// Helpers shared by the sub-commands: option parsing, loading --data (a
// MovieLens folder or a snapshot file), --param values, a progress bar for
// terminals. Files are read and written with cinerec/files.hpp.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"
#include "cinerec/files.hpp"
#include "cinerec/model.hpp"
#include "commands.hpp"

namespace cinerec::cli {

// "--name value" (or "--name=value") options; `repeated` names may occur many
// times, `flags` take no value. Anything else is an error naming the option.
// --help or -h anywhere gives Options with only "help" set.
struct Options {
  std::map<std::string, std::vector<std::string>> values;
  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::string get(const std::string& name, const std::string& def = "") const;
  int64_t integer(const std::string& name, int64_t def, int64_t lo, int64_t hi) const;
  double number(const std::string& name, double def) const;
};
Options parse_options(const Args& args, const std::string& command, const std::vector<std::string>& with_value,
                      const std::vector<std::string>& repeated, const std::vector<std::string>& flags);

// A MovieLens folder (any layout; its rating file parsed on up to `threads`
// threads) or a snapshot file. Error(NotFound) if absent.
Dataset load_data(const std::string& path, int32_t threads = 1);

// --param key=value pairs (value as JSON when it parses, else as a string)
// over a --preset (default|best|surprise) for the algorithm.
Json model_params(const Options& o, const std::string& algorithm);

// A one-line progress bar on stderr when it is a terminal.
class ProgressBar {
 public:
  ProgressBar();
  void update(double fraction, const std::string& label);
  void clear();
  // Whether it draws at all (stderr is a terminal).
  bool shown() const { return tty_; }
  ~ProgressBar() { clear(); }

 private:
  bool tty_ = false;
  bool drawn_ = false;
  int last_percent_ = -1;
  std::string last_label_;
};

}  // namespace cinerec::cli
