// The error-code table (cpp/include/cinerec/error.hpp): one name per code,
// the names JS and the CLI match on.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "cinerec/error.hpp"

namespace cinerec {
namespace {

TEST(ErrorCodes, EveryCodeHasItsOwnUpperCaseName) {
  std::set<std::string> names;
  auto check = [&](ErrorCode code, const std::string& name, const std::string& description) {
    EXPECT_EQ(error_code_name(code), name);
    EXPECT_TRUE(std::regex_match(name, std::regex("[A-Z_]+"))) << name;
    EXPECT_FALSE(description.empty()) << name;
    EXPECT_TRUE(names.insert(name).second) << "twice: " << name;
  };
#define CINEREC_CHECK_CODE(name, str, description) check(ErrorCode::name, str, description);
  CINEREC_ERROR_CODES(CINEREC_CHECK_CODE)
#undef CINEREC_CHECK_CODE
  EXPECT_TRUE(names.count("INTERNAL"));
}

TEST(ErrorCodes, NamesTheCliAndJsMatchOn) {
  EXPECT_STREQ(error_code_name(ErrorCode::InvalidArgument), "INVALID_ARGUMENT");
  EXPECT_STREQ(error_code_name(ErrorCode::ParseError), "PARSE_ERROR");
  EXPECT_STREQ(error_code_name(ErrorCode::NotFound), "NOT_FOUND");
  EXPECT_STREQ(error_code_name(ErrorCode::Io), "IO_ERROR");
  EXPECT_STREQ(error_code_name(ErrorCode::Internal), "INTERNAL");
  Error e(ErrorCode::SnapshotVersion, "snapshot: version 99");
  EXPECT_EQ(e.code(), ErrorCode::SnapshotVersion);
  EXPECT_STREQ(e.what(), "snapshot: version 99");
}

}  // namespace
}  // namespace cinerec
