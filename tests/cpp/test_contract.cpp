// The contract suite (STYLE.md #10): every registered algorithm, on a small
// synthetic dataset with a fixed seed, against the model contract of
// DESIGN.md. The per-algorithm rows live in contract_cases.hpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"
#include "contract_cases.hpp"
#include "synthetic_data.hpp"
#include "util/rng.hpp"

using namespace cinerec;
using cinerec::testing::ContractCase;
using cinerec::testing::contract_cases;

namespace {

using cinerec::testing::kItems;
using cinerec::testing::kUsers;
using cinerec::testing::synthetic;

// A visitor who is not in the training data.
Profile outsider() {
  return {{1, 4.5f}, {4, 2.0f}, {7, 5.0f}, {12, 3.5f}, {18, 1.0f}, {23, 4.0f}, {31, 3.0f}, {40, 4.5f}};
}

FitOptions options(uint64_t seed = 7) {
  FitOptions o;
  o.seed = seed;
  return o;
}

std::unique_ptr<Model> trained(const ContractCase& c, const Json& extra = Json::object(), uint64_t seed = 7) {
  Json params = Json::parse(c.params);
  for (auto it = extra.begin(); it != extra.end(); ++it) params[it.key()] = it.value();
  auto m = make_model(c.algorithm, params);
  m->fit(synthetic(), options(seed));
  return m;
}

std::vector<std::string> registered() {
  std::vector<std::string> names;
  for (const AlgorithmInfo& a : algorithms()) names.push_back(a.name);
  return names;
}

std::vector<size_t> rows_of(const std::string& algorithm) {
  std::vector<size_t> rows;
  for (size_t k = 0; k < contract_cases().size(); ++k)
    if (contract_cases()[k].algorithm == algorithm) rows.push_back(k);
  return rows;
}

std::string describe(const ContractCase& c) { return c.algorithm + " " + c.params; }

bool same(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](float x, float y) {
           return x == y || (std::isnan(x) && std::isnan(y));
         });
}

}  // namespace

TEST(Contract, EveryRegisteredAlgorithmHasARow) {
  for (const std::string& name : registered())
    EXPECT_FALSE(rows_of(name).empty()) << "no row for '" << name << "' in tests/cpp/contract_cases.hpp";
}

TEST(Contract, EveryRowNamesARegisteredAlgorithm) {
  const std::vector<std::string> names = registered();
  for (const ContractCase& c : contract_cases())
    EXPECT_NE(std::find(names.begin(), names.end(), c.algorithm), names.end()) << c.algorithm;
}

class ContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Runs body for every row of this algorithm.
  template <class F>
  void each_row(F body) {
    const auto rows = rows_of(GetParam());
    ASSERT_FALSE(rows.empty()) << "no row for '" << GetParam() << "' in tests/cpp/contract_cases.hpp";
    for (size_t k : rows) {
      SCOPED_TRACE(describe(contract_cases()[k]));
      body(contract_cases()[k]);
    }
  }
};

TEST_P(ContractTest, SameSeedGivesIdenticalScores) {
  each_row([](const ContractCase& c) {
    auto a = trained(c), b = trained(c);
    EXPECT_TRUE(same(a->score(outsider()), b->score(outsider())));
    EXPECT_TRUE(same(a->score_user(3), b->score_user(3)));
  });
}

TEST_P(ContractTest, ReportsProgressAndCancels) {
  each_row([](const ContractCase& c) {
    auto m = make_model(c.algorithm, Json::parse(c.params));
    int32_t calls = 0;
    FitOptions o = options();
    o.progress = [&](const Progress& p) {
      ++calls;
      EXPECT_FALSE(p.stage.empty());
      EXPECT_GE(p.elapsed_seconds, 0);
      return true;
    };
    m->fit(synthetic(), o);
    EXPECT_GE(calls, 1) << "fit never called progress";

    auto cancelled = make_model(c.algorithm, Json::parse(c.params));
    calls = 0;
    o.progress = [&](const Progress&) {
      ++calls;
      return false;
    };
    try {
      cancelled->fit(synthetic(), o);
      ADD_FAILURE() << "fit did not throw when progress returned false";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Aborted) << e.what();
    }
    EXPECT_EQ(calls, 1) << "fit went on after being cancelled";
    EXPECT_FALSE(cancelled->trained());
  });
}

TEST_P(ContractTest, RecommendHonoursExclusionsAndFilters) {
  each_row([](const ContractCase& c) {
    auto m = trained(c);
    const Profile prof = outsider();
    Filters f;
    f.exclude = {0, 2, 3};
    auto recs = m->recommend(prof, 15, f);
    EXPECT_EQ(recs.size(), 15u);
    std::set<int32_t> seen;
    for (const Scored& s : recs) {
      EXPECT_TRUE(seen.insert(s.item).second) << "item " << s.item << " twice";
      EXPECT_TRUE(std::isfinite(s.score));
      for (const ProfileEntry& e : prof) EXPECT_NE(s.item, e.item) << "returned a rated item";
      for (int32_t x : f.exclude) EXPECT_NE(s.item, x) << "returned an excluded item";
    }
    for (size_t k = 1; k < recs.size(); ++k) EXPECT_GE(recs[k - 1].score, recs[k].score);

    Filters g;
    g.genres_any = 4u | 16u;  // Drama or Sci-Fi
    g.year_min = 1970;
    g.year_max = 1999;
    const Catalog& cat = *synthetic().catalog;
    auto filtered = m->recommend(prof, 50, g);
    int32_t eligible = 0;
    for (int32_t i = 0; i < kItems; ++i) {
      const Movie& mv = cat.movies[i];
      bool rated = false;
      for (const ProfileEntry& e : prof) rated = rated || e.item == i;
      eligible += !rated && (mv.genres & g.genres_any) && mv.year >= 1970 && mv.year <= 1999;
    }
    EXPECT_EQ(static_cast<int32_t>(filtered.size()), eligible);
    for (const Scored& s : filtered) {
      const Movie& mv = cat.movies[s.item];
      EXPECT_TRUE(mv.genres & g.genres_any) << s.item;
      EXPECT_GE(mv.year, 1970);
      EXPECT_LE(mv.year, 1999);
    }
  });
}

TEST_P(ContractTest, ScoresAreFiniteAndPredictionsOnTheScale) {
  each_row([](const ContractCase& c) {
    auto m = trained(c);
    for (const auto& s : {m->score(outsider()), m->score_user(0), m->score_user(kUsers - 1), m->score(Profile{})}) {
      ASSERT_EQ(s.size(), static_cast<size_t>(kItems));
      for (float x : s) EXPECT_TRUE(std::isfinite(x));
    }
    if (!m->predicts_ratings()) return;
    const Dataset& d = synthetic();
    for (int32_t u : {0, 5, 42})
      for (int32_t i : {0, 9, 49}) {
        const float r = m->predict_user(u, i);
        EXPECT_GE(r, d.rating_min);
        EXPECT_LE(r, d.rating_max);
      }
    const float r = m->predict(outsider(), 10);
    EXPECT_GE(r, d.rating_min);
    EXPECT_LE(r, d.rating_max);
  });
}

TEST_P(ContractTest, TrainingUsersUseLearnedState) {
  each_row([](const ContractCase& c) {
    auto m = trained(c);
    // predict(user, item) is score_user, clipped (or ranks the same way).
    const auto s = m->score_user(11);
    if (m->predicts_ratings()) {
      for (int32_t i : {1, 20, 33}) EXPECT_NEAR(m->predict_user(11, i), std::min(5.0f, std::max(0.5f, s[i])), 1e-4);
    }
    // Scores for a training user are informative: not all equal.
    EXPECT_GT(*std::max_element(s.begin(), s.end()), *std::min_element(s.begin(), s.end()));
  });
}

TEST_P(ContractTest, SaveLoadGivesIdenticalScoresAndRecommendations) {
  each_row([](const ContractCase& c) {
    auto m = trained(c);
    const std::vector<uint8_t> bytes = m->save();
    auto back = load_model(bytes);
    back->attach(synthetic());
    EXPECT_EQ(back->name(), c.algorithm);
    EXPECT_EQ(back->params(), m->params());
    EXPECT_TRUE(back->trained());
    EXPECT_TRUE(same(back->score(outsider()), m->score(outsider())));
    EXPECT_TRUE(same(back->score_user(6), m->score_user(6)));
    const auto a = m->recommend(outsider(), 10), b = back->recommend(outsider(), 10);
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].item, b[k].item);
      EXPECT_EQ(a[k].score, b[k].score);
    }
    EXPECT_EQ(back->save(), bytes) << "saving a loaded model changed its bytes";
  });
}

TEST_P(ContractTest, EveryListedParameterChangesTheScores) {
  each_row([](const ContractCase& c) {
    const auto base = trained(c)->score(outsider());
    for (const auto& [key, value] : c.changes) {
      SCOPED_TRACE(key + " = " + value);
      Json extra = Json::object();
      extra[key] = Json::parse(value);
      const auto changed = trained(c, extra)->score(outsider());
      float diff = 0;
      for (size_t i = 0; i < base.size(); ++i) diff = std::max(diff, std::fabs(base[i] - changed[i]));
      EXPECT_GT(diff, 1e-6f) << "setting " << key << " to " << value << " did not change any score";
    }
  });
}

TEST_P(ContractTest, UnknownParameterIsRefusedByName) {
  try {
    make_model(GetParam(), Json{{"no_such_knob", 3}});
    ADD_FAILURE() << "accepted an unknown parameter";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("no_such_knob"), std::string::npos) << e.what();
  }
}

TEST_P(ContractTest, EmptyAndUnseenProfilesGetRecommendations) {
  each_row([](const ContractCase& c) {
    auto m = trained(c);
    auto empty = m->recommend(Profile{}, 10);
    ASSERT_EQ(empty.size(), 10u);
    std::set<int32_t> distinct;
    for (const Scored& s : empty) {
      distinct.insert(s.item);
      EXPECT_TRUE(std::isfinite(s.score));
    }
    EXPECT_EQ(distinct.size(), 10u);
    // A profile with one rating, and one that is a training user's row.
    EXPECT_EQ(m->recommend({{3, 5.0f}}, 5).size(), 5u);
    const Profile own = profile_of(synthetic().ratings, 9);
    for (const Scored& s : m->recommend(own, 10))
      for (const ProfileEntry& e : own) EXPECT_NE(s.item, e.item);
  });
}

TEST_P(ContractTest, SimilarItemsAndExplain) {
  each_row([](const ContractCase& c) {
    auto m = trained(c);
    auto sim = m->similar_items(5, 8);
    EXPECT_EQ(sim.size(), 8u);
    std::set<int32_t> distinct;
    for (const Scored& s : sim) {
      EXPECT_NE(s.item, 5);
      EXPECT_GE(s.item, 0);
      EXPECT_LT(s.item, kItems);
      EXPECT_TRUE(std::isfinite(s.score));
      distinct.insert(s.item);
    }
    EXPECT_EQ(distinct.size(), sim.size());
    const Explanation e = m->explain(outsider(), 10);
    EXPECT_TRUE(std::isfinite(e.score));
    EXPECT_FLOAT_EQ(e.score, m->score(outsider())[10]);
    for (const auto& part : e.parts) {
      EXPECT_TRUE(std::isfinite(part.weight));
      if (part.kind == ReasonKind::RatedMovie) {
        EXPECT_TRUE(part.item >= 0 && part.item < kItems);
      } else {
        EXPECT_EQ(part.item, -1);
      }
    }
  });
}

TEST_P(ContractTest, UntrainedModelSaysSo) {
  auto m = make_model(GetParam());
  EXPECT_FALSE(m->trained());
  try {
    m->recommend(outsider(), 5);
    ADD_FAILURE() << "an untrained model recommended";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotTrained);
  }
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, ContractTest, ::testing::ValuesIn(registered()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string s = info.param;
                           std::replace(s.begin(), s.end(), '-', '_');
                           return s;
                         });
