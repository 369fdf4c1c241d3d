// The native `cinerec` command: one function per sub-command, each in its own
// file. Each returns the process exit code; errors are reported by main.
#pragma once
#include <string>
#include <vector>

namespace cinerec::cli {

using Args = std::vector<std::string>;

int cmd_snapshot(const Args& args);    // cmd_snapshot.cpp: build / inspect snapshots
int cmd_generate(const Args& args);    // cmd_generate.cpp: MovieLens-shaped data of any size
int cmd_eval(const Args& args);        // cmd_eval.cpp: evaluate algorithms
int cmd_algorithms(const Args& args);  // cmd_eval.cpp: list algorithms
int cmd_bench(const Args& args);       // cmd_bench.cpp: micro-benchmarks for bench/README.md
int cmd_train(const Args& args);       // cmd_model.cpp: train a model, save its bytes
int cmd_recommend(const Args& args);   // cmd_model.cpp: recommendations for a user or a ratings file
int cmd_similar(const Args& args);     // cmd_model.cpp: the movies most similar to one
int cmd_import_spark(const Args& args);  // cmd_import_spark.cpp: a model from Spark MLlib ALS factors

}  // namespace cinerec::cli
