#include "cinerec/error.hpp"

namespace cinerec {

const char* error_code_name(ErrorCode code) {
  switch (code) {
#define CINEREC_ERROR_NAME(name, str, description) \
  case ErrorCode::name:                            \
    return str;
    CINEREC_ERROR_CODES(CINEREC_ERROR_NAME)
#undef CINEREC_ERROR_NAME
  }
  return "INTERNAL";
}

}  // namespace cinerec
