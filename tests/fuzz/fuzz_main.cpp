// The libFuzzer entry: one binary for every target of targets.cpp; the
// environment variable CINEREC_FUZZ_TARGET names the one to run
// (scripts/fuzz.sh sets it; `cinerec_fuzz_tool list` lists them).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "data/crc32.hpp"
#include "targets.hpp"

namespace {
const cinerec::fuzz::Target* chosen = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* name = std::getenv("CINEREC_FUZZ_TARGET");
  if (!name) {
    std::fprintf(stderr, "cinerec_fuzz: set CINEREC_FUZZ_TARGET to a target (cinerec_fuzz_tool list)\n");
    std::exit(2);
  }
  chosen = &cinerec::fuzz::target(name);
  cinerec::skip_checksums_for_fuzzing();  // mangled bytes must reach the decoders
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chosen->run(data, size);
  return 0;
}
