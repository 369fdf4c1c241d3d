// Reading large rating files: LineBlocks hands out whole lines whatever the
// block size, and the readers give the same dataset, and the same first error,
// on any number of threads, with quoted fields anywhere in the file.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "cinerec/error.hpp"
#include "cinerec/files.hpp"
#include "cinerec/generate.hpp"
#include "cinerec/movielens.hpp"
#include "data/text.hpp"
#include "same_dataset.hpp"

using namespace cinerec;

namespace {

std::string dir_of(const std::string& name) {
  const std::string dir = testing::TempDir() + "cinerec_large_" + name;
  ::mkdir(dir.c_str(), 0755);
  return dir;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// Rating files read 1 MB at a time (in pieces of 256 KB): every test
// crosses block and piece boundaries.
class MovieLensLarge : public testing::Test {
 protected:
  void SetUp() override { text::rating_block_bytes() = 1 << 20; }
  void TearDown() override { text::rating_block_bytes() = saved_; }
  size_t saved_ = text::rating_block_bytes();
};

// A folder of `ratings` generated ratings whose ratings.csv is then rewritten by edit().
template <class Edit>
std::string folder(const std::string& name, int64_t ratings, Edit edit) {
  const std::string dir = dir_of(name);
  GenerateOptions o;
  o.ratings = ratings;
  o.tags = 0;
  generate_movielens(dir, o);
  std::string text = read_file(dir + "/ratings.csv");
  edit(text);
  write(dir + "/ratings.csv", text);
  return dir;
}

// The offset of the start of line n (1-based) of text.
size_t line_start(const std::string& text, int64_t n) {
  size_t at = 0;
  for (int64_t k = 1; k < n; ++k) at = text.find('\n', at) + 1;
  return at;
}

}  // namespace

TEST(LineBlocks, HandsOutWholeLinesWhateverTheBlockSize) {
  const std::string path = dir_of("blocks") + "/lines.txt";
  std::string text;
  for (int k = 0; k < 500; ++k) text += std::string(static_cast<size_t>(k % 37), 'a' + k % 26) + "\n";
  text += std::string(1000, 'L') + "\n";  // longer than the small blocks
  text += "no final line break";
  write(path, text);
  for (size_t block : {1, 7, 64, 100, 4096, 1 << 20}) {
    LineBlocks in(path, block);
    std::string back;
    char *p, *e;
    while (in.next(p, e)) {
      ASSERT_LT(p, e);
      back.append(p, e);
      if (back.size() < text.size()) {
        EXPECT_EQ(e[-1], '\n') << block;
      }
    }
    EXPECT_EQ(back, text) << block;
  }
  LineBlocks in(path, 64);
  char *p, *e;
  ASSERT_TRUE(in.next(p, e));
  e = in.to_end(p);
  EXPECT_EQ(std::string(p, e), text);
  EXPECT_FALSE(in.next(p, e));
  EXPECT_THROW(LineBlocks(dir_of("blocks") + "/absent.txt", 64), Error);
}

TEST_F(MovieLensLarge, TheSameDatasetOnAnyNumberOfThreads) {
  // About 5 MB of ratings.csv: several pieces per block.
  const std::string dir = folder("threads", 200000, [](std::string&) {});
  const Dataset one = load_movielens(dir, MovieLensLayout::Auto, 1);
  EXPECT_EQ(one.ratings->nnz(), 200000);
  for (int32_t threads : {2, 3, 8}) expect_same_dataset(one, load_movielens(dir, MovieLensLayout::Auto, threads), true);
}

TEST_F(MovieLensLarge, QuotesLateInTheFileAndDuplicatesReadAsInOnePiece) {
  // A quoted field far into the file (the rest is read in one piece from
  // its block), a quoted line break, and a user's rating given again at the
  // end of the file, twice with the same latest time (the last given wins).
  std::string user, movie;
  const std::string dir = folder("quotes", 200000, [&](std::string& t) {
    size_t at = line_start(t, 150000);
    const size_t comma = t.find(',', at);
    t.replace(at, comma - at, "\"" + t.substr(at, comma - at) + "\"");
    at = line_start(t, 20);
    const std::string row = t.substr(at, t.find('\n', at) - at);
    user = row.substr(0, row.find(','));
    const size_t c2 = row.find(',', user.size() + 1);
    movie = row.substr(user.size() + 1, c2 - user.size() - 1);
    t += user + "," + movie + ",0.5,2000000000\n" + user + ",\"" + movie + "\",1.5,\"2000000001\n\"\n" + user + "," +
         movie + ",1.0,2000000001\n";
  });
  const Dataset one = load_movielens(dir, MovieLensLayout::Auto, 1);
  EXPECT_EQ(one.ratings->nnz(), 200000);
  EXPECT_FLOAT_EQ(one.rating_min, 0.5f);
  const RatingMatrix& R = one.ratings;
  const int32_t u = static_cast<int32_t>(std::stoll(user)) - 1, i = one.catalog->item(std::stoll(movie));
  const auto at = std::lower_bound(R.user_item.begin() + R.user_ptr[u], R.user_item.begin() + R.user_ptr[u + 1], i);
  EXPECT_FLOAT_EQ(R.user_value[at - R.user_item.begin()], 1.0f);  // the latest, given after the 1.5 at that time
  EXPECT_EQ(R.user_time[at - R.user_item.begin()], 2000000001);
  expect_same_dataset(one, load_movielens(dir, MovieLensLayout::Auto, 4), true);
}

TEST_F(MovieLensLarge, TheFirstErrorInTheFileIsReported) {
  const std::string dir = folder("errors", 200000, [](std::string& t) {
    for (int64_t line : {170000, 60000}) {  // the later one first, so offsets hold
      const size_t at = line_start(t, line);
      t.replace(at, t.find(',', at) - at, "u" + std::to_string(line));
    }
  });
  for (int32_t threads : {1, 4}) {
    try {
      load_movielens(dir, MovieLensLayout::Auto, threads);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("ratings.csv:60000: userId 'u60000' is not an integer"), std::string::npos)
          << threads << " threads: " << e.what();
    }
  }
}
