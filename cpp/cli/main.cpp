// cinerec — build snapshots, evaluate and benchmark algorithms natively.
#include <cstring>
#include <iostream>

#include "cinerec/error.hpp"
#include "commands.hpp"

namespace {
const char* kUsage =
    "usage: cinerec <command> [options]\n"
    "commands:\n"
    "  snapshot    build a compact snapshot from MovieLens data (cinerec snapshot --help)\n"
    "  eval        evaluate an algorithm on a protocol (cinerec eval --help)\n"
    "  algorithms  list the algorithms, one per line\n"
    "  train       train a model and save it (cinerec train --help)\n"
    "  recommend   recommendations from a saved model for a user or a ratings file (cinerec recommend --help)\n"
    "  similar     the movies most similar to one, from a saved model (cinerec similar --help)\n"
    "  bench       run the native micro-benchmarks\n"
    "  generate    write MovieLens-shaped data of any size (cinerec generate --help)\n"
    "  import-spark  a model from Spark MLlib ALS item factors (cinerec import-spark --help)\n";
}

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  cinerec::cli::Args args(argv + 2, argv + argc);
  try {
    if (cmd == "snapshot") return cinerec::cli::cmd_snapshot(args);
    if (cmd == "eval") return cinerec::cli::cmd_eval(args);
    if (cmd == "algorithms") return cinerec::cli::cmd_algorithms(args);
    if (cmd == "bench") return cinerec::cli::cmd_bench(args);
    if (cmd == "train") return cinerec::cli::cmd_train(args);
    if (cmd == "recommend") return cinerec::cli::cmd_recommend(args);
    if (cmd == "similar") return cinerec::cli::cmd_similar(args);
    if (cmd == "generate") return cinerec::cli::cmd_generate(args);
    if (cmd == "import-spark") return cinerec::cli::cmd_import_spark(args);
    std::cerr << "cinerec: unknown command '" << cmd << "'\n" << kUsage;
    return 2;
  } catch (const cinerec::Error& e) {
    std::cerr << "cinerec: " << cinerec::error_code_name(e.code()) << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cinerec: " << e.what() << "\n";
    return 1;
  }
}
