// Beside the fuzzer (scripts/fuzz.sh):
//   cinerec_fuzz_tool list         the targets, one "name<TAB>what" a line
//   cinerec_fuzz_tool seeds DIR    the model target's seed corpus: one saved model per
//                                  algorithm of the registry, trained on fuzz::model_dataset()
//                                  with small parameters so the files stay small (committed
//                                  in tests/fuzz/corpus/model/; rewrite after a format change)
#include <cstdio>
#include <string>

#include "cinerec/files.hpp"
#include "cinerec/model.hpp"
#include "targets.hpp"

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "list" && argc == 2) {
    for (const auto& t : cinerec::fuzz::targets()) std::printf("%s\t%s\n", t.name, t.what);
    return 0;
  }
  if (command != "seeds" || argc != 3) {
    std::fprintf(stderr, "usage: cinerec_fuzz_tool list | seeds OUT_DIR\n");
    return 2;
  }
  using cinerec::Json;
  // Smaller than the defaults where a default makes the file large.
  const Json small = {{"svd", {{"n_factors", 4}, {"n_epochs", 3}}},
                      {"svdpp", {{"n_factors", 3}, {"n_epochs", 2}}},
                      {"nmf", {{"n_factors", 3}, {"n_epochs", 3}}},
                      {"als", {{"n_factors", 4}, {"n_epochs", 2}}},
                      {"item-knn", {{"k", 5}}},
                      {"ials", {{"factors", 4}, {"iterations", 2}}},
                      {"bpr", {{"factors", 4}, {"iterations", 2}}},
                      {"knn-basic", {{"k", 5}}},
                      {"knn-baseline", {{"k", 5}}}};
  for (const cinerec::AlgorithmInfo& a : cinerec::algorithms()) {
    try {
      auto m = cinerec::make_model(a.name, small.contains(a.name) ? small[a.name] : Json::object());
      cinerec::FitOptions o;
      o.seed = 7;
      m->fit(cinerec::fuzz::model_dataset(), o);
      const std::vector<uint8_t> bytes = m->save();
      cinerec::write_file(std::string(argv[2]) + "/" + a.name + ".model", bytes);
      std::printf("%-14s %6zu bytes\n", a.name.c_str(), bytes.size());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", a.name.c_str(), e.what());
      return 1;
    }
  }
  return 0;
}
