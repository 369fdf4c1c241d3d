// The fuzz targets (tests/fuzz/README.md): one per input path of cinerec,
// each a function of untrusted bytes that must return or throw
// cinerec::Error — never crash, leak, hang or break a dataset's invariants
// (a broken invariant traps, so the fuzzer reports it).
//
// The same functions run three ways: under libFuzzer (fuzz_main.cpp, built
// with -DCINEREC_FUZZ=ON; it turns checksum verification off so mangled
// bytes reach the decoders), and in GoogleTest (tests/cpp/test_fuzz_regressions.cpp)
// over every committed crash input in tests/fuzz/regressions/<target>/ and
// the seed corpora, in the normal and the sanitizer builds.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cinerec/dataset.hpp"

namespace cinerec::fuzz {

struct Target {
  const char* name;  // also the corpus folder: tests/fuzz/corpus/<name>
  const char* what;
  // Bytes in; Error is fine, anything else is a finding. Checksums are
  // compared unless the fuzz driver turned them off.
  void (*run)(const uint8_t* data, size_t size);
};

// Every target, in the order scripts/fuzz.sh runs them.
const std::vector<Target>& targets();
const Target& target(const std::string& name);

// The catalogue the model target loads saved models against and the seed
// models are trained on: the contract suite's (tests/cpp/synthetic_data.hpp).
const Dataset& model_dataset();

// Multi-file inputs (a MovieLens folder) are one byte string with the files
// separated by this line; tests/fuzz/dict/movielens-*.dict hand it to libFuzzer.
constexpr const char* kFileSeparator = "\n--cinerec-next-file--\n";
std::vector<std::string> split_files(const uint8_t* data, size_t size);

// Checks what a reader returned (indices in range, CSR/CSC agree, ratings
// finite and on the scale); traps when it does not hold.
void check_dataset(const Dataset& d);

}  // namespace cinerec::fuzz
