#include <gtest/gtest.h>

#include "factor_fixtures.hpp"
#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

// BPR maximises the AUC of observed over unobserved items; on two clearly
// separated taste groups its held-out AUC goes from chance to near 1.
TEST(Bpr, TrainingImprovesHeldOutAuc) {
  const TwoGroups g = two_groups();
  auto untrained = fitted("bpr", {{"factors", 8}, {"iterations", 0}}, g.train);
  auto trained = fitted("bpr", {{"factors", 8}, {"iterations", 200}, {"learning_rate", 0.05}}, g.train);
  const double before = held_out_auc(g, [&](int32_t u) { return untrained->score_user(u); });
  const double after = held_out_auc(g, [&](int32_t u) { return trained->score_user(u); });
  EXPECT_LT(before, 0.75);
  EXPECT_GT(after, 0.9);
  EXPECT_GT(after, before + 0.2);
}

TEST(Bpr, LossFallsAndFoldInFindsTheGroup) {
  const TwoGroups g = two_groups();
  std::vector<double> loss;
  FitOptions o;
  o.progress = [&](const Progress& p) {
    loss.push_back(p.loss);
    return true;
  };
  auto m = make_model("bpr", {{"factors", 8}, {"iterations", 100}, {"learning_rate", 0.05}});
  m->fit(g.train, o);
  ASSERT_EQ(loss.size(), 100u);
  EXPECT_LT(loss.back(), 0.5 * loss.front());
  // A visitor who rated group-A items gets group-A items first, the same way
  // every time (the fold-in generator is seeded from the profile).
  const Profile p = {{2, 5.0f}, {4, 4.0f}, {7, 5.0f}};
  const auto top = m->recommend(p, 5);
  for (const Scored& s : top) EXPECT_LT(s.item, 10) << s.item;
  EXPECT_EQ(m->score(p), m->score(p));
  EXPECT_EQ(m->score(p), m->score({{7, 5.0f}, {2, 5.0f}, {4, 4.0f}})) << "profile order changed the fold-in";
}

// The fold-in keeps each rated movie's share of the user vector, so the parts
// of explain() add up to the score minus the item bias.
TEST(Bpr, ExplanationPartsAddUpToTheScore) {
  const TwoGroups g = two_groups();
  auto m = fitted("bpr", {{"factors", 8}, {"iterations", 50}, {"learning_rate", 0.05}}, g.train);
  const Profile p = {{2, 5.0f}, {4, 4.0f}, {13, 3.0f}};
  const auto s = m->score(p);
  for (int32_t item : {0, 9, 15}) {
    const Explanation e = m->explain(p, item);
    EXPECT_NEAR(e.score, s[item], 1e-4);
    double sum = 0;
    for (const auto& part : e.parts) sum += part.weight;  // the items' shares and the item bias
    EXPECT_NEAR(sum, s[item], 1e-3) << "item " << item;
  }
}
