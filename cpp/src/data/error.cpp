#include "cinerec/error.hpp"

namespace cinerec {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::ParseError: return "PARSE_ERROR";
    case ErrorCode::SnapshotCorrupt: return "SNAPSHOT_CORRUPT";
    case ErrorCode::SnapshotVersion: return "SNAPSHOT_VERSION";
    case ErrorCode::NotFound: return "NOT_FOUND";
    case ErrorCode::UnknownMovie: return "UNKNOWN_MOVIE";
    case ErrorCode::UnknownAlgorithm: return "UNKNOWN_ALGORITHM";
    case ErrorCode::NotTrained: return "NOT_TRAINED";
    case ErrorCode::Aborted: return "ABORTED";
    case ErrorCode::Io: return "IO_ERROR";
    case ErrorCode::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace cinerec
