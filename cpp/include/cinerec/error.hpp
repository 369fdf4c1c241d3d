// Errors with a stable code. The binding edge turns them into a status the JS
// wrapper re-throws as CinerecError with the same code name.
#pragma once
#include <stdexcept>
#include <string>

namespace cinerec {

enum class ErrorCode {
  InvalidArgument,   // a bad parameter, id or option
  ParseError,        // a MovieLens or CSV file that does not parse (file, line, reason)
  SnapshotCorrupt,   // bad magic, checksum, truncated section
  SnapshotVersion,   // a format version this build cannot read
  NotFound,          // a file or folder that does not exist
  UnknownMovie,      // a movie id not in the catalogue
  UnknownAlgorithm,  // an algorithm name not in the registry
  NotTrained,        // a model used before fit/load
  Aborted,           // cancelled through FitOptions::cancel / progress callback
  Io,                // other file I/O failure (cinerec/files.hpp; algorithms never do I/O)
  Internal,
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
