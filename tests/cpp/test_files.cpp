// Whole-file reads and writes: contents survive the round trip, every error
// names the path with the documented code, a failed write leaves nothing.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"

using namespace cinerec;

namespace {

std::string temp_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "cinerec_files_" + name;
  ::mkdir(dir.c_str(), 0755);
  return dir;
}

template <class F>
Error error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no cinerec::Error thrown";
  return Error(ErrorCode::Internal, "");
}

}  // namespace

TEST(Files, WriteThenReadGivesTheSameBytes) {
  const std::string path = temp_dir("roundtrip") + "/data.bin";
  std::vector<uint8_t> bytes(200000);
  for (size_t k = 0; k < bytes.size(); ++k) bytes[k] = static_cast<uint8_t>(k * 31 + 7);
  write_file(path, bytes);
  EXPECT_TRUE(file_exists(path));
  EXPECT_FALSE(file_exists(path + ".tmp"));
  EXPECT_EQ(read_file_bytes(path), bytes);
  EXPECT_EQ(read_file(path), std::string(bytes.begin(), bytes.end()));
  // Writing again replaces the file whole; an empty file is a file.
  write_file(path, std::string("short"));
  EXPECT_EQ(read_file(path), "short");
  write_file(path, std::vector<uint8_t>{});
  EXPECT_TRUE(file_exists(path));
  EXPECT_TRUE(read_file_bytes(path).empty());
}

TEST(Files, AMissingFileIsNotFoundAndNamed) {
  const std::string path = temp_dir("missing") + "/nothing-here.cinerec";
  std::remove(path.c_str());
  const Error e = error_of([&] { read_file_bytes(path); });
  EXPECT_EQ(e.code(), ErrorCode::NotFound);
  EXPECT_EQ(std::string(e.what()), path + ": no such file");
  EXPECT_EQ(error_of([&] { read_file(path + "/below"); }).code(), ErrorCode::NotFound);
  EXPECT_FALSE(file_exists(path));
}

TEST(Files, AFolderIsNotAFile) {
  const std::string dir = temp_dir("folder");
  EXPECT_TRUE(is_directory(dir));
  EXPECT_FALSE(file_exists(dir));
  const Error e = error_of([&] { read_file(dir); });
  EXPECT_EQ(e.code(), ErrorCode::Io);
  EXPECT_NE(std::string(e.what()).find(dir + ": "), std::string::npos) << e.what();
}

TEST(Files, AFailedWriteNamesThePathAndLeavesNothing) {
  const std::string dir = temp_dir("nowrite");
  const std::string path = dir + "/no-such-folder/out.cinerec";
  Error e = error_of([&] { write_file(path, std::string("x")); });
  EXPECT_EQ(e.code(), ErrorCode::Io);
  EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot write", 0), 0u) << e.what();
  // Renaming over a folder fails after the temporary file was written: it goes.
  const std::string onto = dir + "/a-folder";
  ::mkdir(onto.c_str(), 0755);
  e = error_of([&] { write_file(onto, std::string("x")); });
  EXPECT_EQ(e.code(), ErrorCode::Io);
  EXPECT_EQ(std::string(e.what()).rfind(onto + ": cannot write", 0), 0u) << e.what();
  EXPECT_FALSE(file_exists(onto + ".tmp"));
  EXPECT_TRUE(is_directory(onto));
}
