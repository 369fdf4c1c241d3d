// Errors with a stable code. The binding edge turns them into a status the JS
// wrapper re-throws as CinerecError with the same code name.
#pragma once
#include <stdexcept>
#include <string>

namespace cinerec {

// Every error code of cinerec, C++ and JS alike: X(Enum, "CODE", "when it
// happens, for people"). This table is the only list: scripts/error-codes.mjs
// reads it and writes web/lib/error-codes.js, the CinerecErrorCode union in
// web/lib/index.d.ts and the codes table of docs/api.md, in this order
// (tests/js/error-codes.test.mjs fails when they disagree). SNAPSHOT_NOT_FOUND,
// NETWORK, WASM_LOAD_FAILED and DISPOSED are raised by web/lib only (fetching,
// starting the worker, dispose); PARSE_ERROR, NOT_FOUND and IO_ERROR come from
// reading files (the CLI). A description is one string literal.
#define CINEREC_ERROR_CODES(X)                                                                               \
  X(SnapshotNotFound, "SNAPSHOT_NOT_FOUND",                                                                  \
    "the snapshot URL answered 404/410, or the snapshot file does not exist")                                \
  X(Network, "NETWORK", "the snapshot fetch failed otherwise (offline, CORS, 5xx)")                          \
  X(WasmLoadFailed, "WASM_LOAD_FAILED",                                                                      \
    "the wasm could not be fetched, compiled or instantiated, or the worker did not start")                  \
  X(SnapshotCorrupt, "SNAPSHOT_CORRUPT",                                                                     \
    "a bad magic, checksum or truncated section (the C++ reader's message names the section)")               \
  X(SnapshotVersion, "SNAPSHOT_VERSION", "a snapshot format version this build cannot read")                 \
  X(ModelCorrupt, "MODEL_CORRUPT",                                                                           \
    "saved model bytes that are mangled, truncated, of another format version or not a cinerec model")       \
  X(InvalidArgument, "INVALID_ARGUMENT",                                                                     \
    "a bad option, parameter, rating, genre or `n` (the message names it)")                                  \
  X(UnknownMovie, "UNKNOWN_MOVIE", "a `movieId` not in the catalogue")                                       \
  X(UnknownAlgorithm, "UNKNOWN_ALGORITHM", "an algorithm name not in the registry (`rec.algorithms`)")       \
  X(NotTrained, "NOT_TRAINED", "`recommend`/`similar`/... before any model was trained or loaded")           \
  X(Catalogue, "CATALOGUE",                                                                                  \
    "`fit`/`evaluate` on a catalogue: a snapshot that carries a model and no ratings cannot retrain")          \
  X(Aborted, "ABORTED", "an `AbortSignal` fired, or a progress callback cancelled the work")                 \
  X(Disposed, "DISPOSED", "a call after `dispose()`")                                                        \
  X(ParseError, "PARSE_ERROR",                                                                               \
    "a MovieLens or CSV file that does not parse (the message gives file, line and reason)")                 \
  X(NotFound, "NOT_FOUND",                                                                                   \
    "a MovieLens file or folder that does not exist (a missing snapshot is `SNAPSHOT_NOT_FOUND`)")           \
  X(Io, "IO_ERROR", "another failure reading or writing a file (cinerec/files.hpp; algorithms do no I/O)")             \
  X(Internal, "INTERNAL",                                                                                    \
    "a bug: a C++ exception without a code, an unknown code, or the wasm trapped (the worker is restarted)")

enum class ErrorCode {
#define CINEREC_ERROR_ENUM(name, str, description) name,
  CINEREC_ERROR_CODES(CINEREC_ERROR_ENUM)
#undef CINEREC_ERROR_ENUM
};

// The names shared with JS (CinerecError.code) and the CLI.
const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace cinerec
