// The native `cinerec` command: one function per sub-command, each in its own
// file. Each returns the process exit code; errors are reported by main.
#pragma once
#include <string>
#include <vector>

namespace cinerec::cli {

using Args = std::vector<std::string>;

int cmd_snapshot(const Args& args);    // cmd_snapshot.cpp: build / inspect snapshots
int cmd_eval(const Args& args);        // cmd_eval.cpp: evaluate algorithms
int cmd_algorithms(const Args& args);  // cmd_eval.cpp: list algorithms
int cmd_bench(const Args& args);       // cmd_bench.cpp: micro-benchmarks for bench/README.md

}  // namespace cinerec::cli
