#include <gtest/gtest.h>

#include <cmath>

#include "factor_fixtures.hpp"
#include "tiny_ratings.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {
std::vector<double> losses(const Json& params, const Dataset& d) {
  auto m = make_model("ials", params);
  std::vector<double> out;
  FitOptions o;
  o.progress = [&](const Progress& p) {
    out.push_back(p.loss);
    return true;
  };
  m->fit(d, o);
  return out;
}
}  // namespace

// Exact ALS (Cholesky) minimises each block of the objective exactly, so the
// weighted loss never goes up from one iteration to the next.
TEST(Ials, CholeskyObjectiveNeverIncreases) {
  const TwoGroups g = two_groups();
  for (const char* feedback : {"implicit", "explicit"}) {
    SCOPED_TRACE(feedback);
    const auto l = losses({{"factors", 4}, {"iterations", 12}, {"solver", "cholesky"}, {"regularization", 0.5},
                           {"alpha", 2}, {"feedback", feedback}},
                          g.train);
    ASSERT_EQ(l.size(), 12u);
    for (size_t k = 1; k < l.size(); ++k) EXPECT_LE(l[k], l[k - 1] + 1e-6) << "iteration " << k + 1;
    EXPECT_LT(l.back(), l.front());
  }
}

// Enough conjugate-gradient steps reach the Cholesky solution.
TEST(Ials, ConjugateGradientConvergesToCholesky) {
  const TwoGroups g = two_groups();
  const Json base = {{"factors", 4}, {"iterations", 6}, {"regularization", 0.5}, {"alpha", 2}};
  Json chol = base, cg = base;
  chol["solver"] = "cholesky";
  cg["solver"] = "cg";
  cg["cg_steps"] = 30;
  const auto a = fitted("ials", chol, g.train)->score_user(3);
  const auto b = fitted("ials", cg, g.train)->score_user(3);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-3) << i;
}

TEST(Ials, RanksTheHeldOutItemOfTheRightGroup) {
  const TwoGroups g = two_groups();
  auto m = fitted("ials", {{"factors", 4}, {"regularization", 0.5}, {"alpha", 2}}, g.train);
  EXPECT_GT(held_out_auc(g, [&](int32_t u) { return m->score_user(u); }), 0.9);
  // A new visitor who rated three group-B items: group B comes first.
  const auto top = m->recommend({{10, 5.0f}, {12, 4.0f}, {15, 5.0f}}, 5);
  for (const Scored& s : top) EXPECT_GE(s.item, 10) << s.item;
}

// Hu et al. §5: ŝ_i = Σ_j (y_iᵀ W y_j) c_j with W = (YᵀCY + λI)⁻¹, so the
// parts of a small profile add up to the folded-in score.
TEST(Ials, ExplanationPartsAddUpToTheScore) {
  const TwoGroups g = two_groups();
  auto m = fitted("ials", {{"factors", 4}, {"regularization", 0.5}, {"alpha", 2}}, g.train);
  const Profile p = {{1, 5.0f}, {3, 3.0f}, {12, 4.0f}};
  const auto s = m->score(p);
  for (int32_t item : {0, 5, 11, 19}) {
    const Explanation e = m->explain(p, item);
    EXPECT_NEAR(e.score, s[item], 1e-5);
    double sum = 0;
    for (const auto& part : e.parts) sum += part.weight;
    EXPECT_NEAR(sum, s[item], 1e-4) << "item " << item;
  }
}

// Fold-in solves the user step in closed form: a training user's own row
// folds in to (nearly) the factors fit learned for it.
TEST(Ials, FoldInOfATrainingRowMatchesTheLearnedUser) {
  const TwoGroups g = two_groups();
  auto m = fitted("ials", {{"factors", 4}, {"iterations", 200}, {"solver", "cholesky"}, {"regularization", 0.5},
                           {"alpha", 2}},
                  g.train);
  const auto learned = m->score_user(7);
  const auto folded = m->score(profile_of(g.train.ratings, 7));
  for (size_t i = 0; i < learned.size(); ++i) EXPECT_NEAR(learned[i], folded[i], 2e-3) << i;
}
