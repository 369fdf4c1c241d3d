#include <gtest/gtest.h>

#include "cinerec/dataset.hpp"

using namespace cinerec;

TEST(RatingMatrix, BuildsBothOrientationsAndKeepsLatestDuplicate) {
  std::vector<Rating> r = {{0, 1, 4.0f, 10}, {1, 0, 3.0f, 5}, {0, 1, 2.0f, 20}, {0, 0, 5.0f, 1}};
  RatingMatrix m = RatingMatrix::from_triplets(2, 2, r);
  ASSERT_EQ(m.nnz(), 3);
  EXPECT_EQ(m.user_count(0), 2);
  EXPECT_EQ(m.user_item[0], 0);
  EXPECT_FLOAT_EQ(m.user_value[1], 2.0f);  // the later duplicate wins
  EXPECT_EQ(m.item_count(0), 2);
  EXPECT_EQ(m.item_user[0], 0);
  EXPECT_EQ(m.item_user[1], 1);
  EXPECT_NEAR(m.global_mean, (5.0 + 2.0 + 3.0) / 3.0, 1e-9);
}
