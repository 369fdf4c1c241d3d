// Splits: disjoint, covering, deterministic per seed, the right proportions,
// and no leak of held-out users into training.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/movielens.hpp"
#include "eval_fixtures.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {

using Key = std::pair<int32_t, int32_t>;

std::map<Key, float> as_map(const RatingMatrix& m) {
  std::map<Key, float> out;
  for (const Rating& r : m.triplets()) out[{r.user, r.item}] = r.value;
  return out;
}

// Train and test are disjoint and together are exactly the data.
void expect_partition(const Dataset& data, const Fold& f) {
  auto all = as_map(data.ratings), tr = as_map(f.train.ratings), te = as_map(f.test.ratings);
  EXPECT_EQ(tr.size() + te.size(), all.size());
  for (const auto& [k, v] : te) EXPECT_EQ(tr.count(k), 0u) << "rating in both train and test";
  std::map<Key, float> joined = tr;
  joined.insert(te.begin(), te.end());
  EXPECT_EQ(joined, all);
}

bool same_split(const Fold& a, const Fold& b) { return as_map(a.test.ratings) == as_map(b.test.ratings); }

Fold fold_of(const Dataset& d, const std::string& p, int32_t f = 0, uint64_t seed = 42) {
  return make_fold(d, ProtocolSpec::parse(p), f, seed);
}

bool has_shared_data() {
  struct stat st;
  return stat(CINEREC_SHARED_DATA "/ml-100k/u1.base", &st) == 0;
}

}  // namespace

TEST(ProtocolSpec, ParsesTheDocumentedNames) {
  EXPECT_EQ(ProtocolSpec::parse("holdout:0.2").text, "holdout:0.2");
  EXPECT_EQ(ProtocolSpec::parse("kfold:5").fold_count(), 5);
  EXPECT_EQ(ProtocolSpec::parse("user-stratified:0.25").fraction, 0.25);
  EXPECT_EQ(ProtocolSpec::parse("leave-last:1").n, 1);
  ProtocolSpec nu = ProtocolSpec::parse("new-users:0.1:10");
  EXPECT_EQ(nu.kind, ProtocolSpec::Kind::NewUsers);
  EXPECT_DOUBLE_EQ(nu.fraction, 0.1);
  EXPECT_EQ(nu.n, 10);
  EXPECT_EQ(nu.given, ProtocolSpec::Given::Random);
  ProtocolSpec first = ProtocolSpec::parse("new-users:0.1:10:first");
  EXPECT_EQ(first.given, ProtocolSpec::Given::First);
  EXPECT_EQ(first.text, "new-users:0.1:10:first");
  // Random is the default and keeps its old name.
  EXPECT_EQ(ProtocolSpec::parse("new-users:0.1:10:random").given, ProtocolSpec::Given::Random);
  EXPECT_EQ(ProtocolSpec::parse("new-users:0.1:10:random").text, "new-users:0.1:10");
  EXPECT_EQ(ProtocolSpec::parse("ml100k-folds").fold_count(), 5);
  EXPECT_EQ(ProtocolSpec::parse("ml100k-ab").fold_count(), 2);
  EXPECT_EQ(ProtocolSpec::parse("kfold").text, "kfold:5");
}

TEST(ProtocolSpec, RefusesBadNamesWithAMessage) {
  for (const char* bad : {"", "holdout:0", "holdout:1.5", "holdout:x", "kfold:1", "kfold:2:3", "leave-last:0",
                          "new-users:0.1:-1", "new-users:0.1:10:last", "new-users:0.1:10:first:2",
                          "ml100k-folds:2", "bogus"}) {
    try {
      ProtocolSpec::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
      EXPECT_NE(std::string(e.what()).find("expected one of"), std::string::npos);
    }
  }
}

TEST(Holdout, PartitionsTheRatingsInTheRightProportion) {
  Dataset d = random_dataset(40, 30, 1);
  Fold f = fold_of(d, "holdout:0.2");
  expect_partition(d, f);
  EXPECT_EQ(f.test.ratings->nnz(), std::llround(0.2 * d.ratings->nnz()));
  EXPECT_EQ(f.train.n_users(), d.n_users());
  EXPECT_EQ(f.test.n_items(), d.n_items());
}

TEST(Holdout, IsDeterministicPerSeed) {
  Dataset d = random_dataset(40, 30, 1);
  EXPECT_TRUE(same_split(fold_of(d, "holdout:0.2", 0, 5), fold_of(d, "holdout:0.2", 0, 5)));
  EXPECT_FALSE(same_split(fold_of(d, "holdout:0.2", 0, 5), fold_of(d, "holdout:0.2", 0, 6)));
}

TEST(KFold, TestSetsPartitionTheData) {
  Dataset d = random_dataset(40, 30, 2);
  std::map<Key, int> seen;
  for (int32_t f = 0; f < 5; ++f) {
    Fold fold = fold_of(d, "kfold:5", f);
    expect_partition(d, fold);
    const int64_t n = fold.test.ratings->nnz();
    EXPECT_GE(n, d.ratings->nnz() / 5);
    EXPECT_LE(n, d.ratings->nnz() / 5 + 1);
    for (const auto& [k, v] : as_map(fold.test.ratings)) seen[k]++;
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), d.ratings->nnz());
  for (const auto& [k, c] : seen) EXPECT_EQ(c, 1);
  EXPECT_TRUE(same_split(fold_of(d, "kfold:5", 3, 9), fold_of(d, "kfold:5", 3, 9)));
  EXPECT_FALSE(same_split(fold_of(d, "kfold:5", 3, 9), fold_of(d, "kfold:5", 3, 10)));
}

TEST(UserStratified, EachUserGivesTheFractionToTest) {
  Dataset d = random_dataset(50, 40, 3);
  Fold f = fold_of(d, "user-stratified:0.25");
  expect_partition(d, f);
  for (int32_t u = 0; u < d.n_users(); ++u) {
    const int64_t n = d.ratings->user_count(u);
    EXPECT_EQ(f.test.ratings->user_count(u), static_cast<int64_t>(std::floor(0.25 * n + 0.5))) << "user " << u;
  }
  EXPECT_TRUE(same_split(fold_of(d, "user-stratified:0.25", 0, 1), fold_of(d, "user-stratified:0.25", 0, 1)));
  EXPECT_FALSE(same_split(fold_of(d, "user-stratified:0.25", 0, 1), fold_of(d, "user-stratified:0.25", 0, 2)));
}

TEST(LeaveLast, HoldsOutTheLatestRatings) {
  Dataset d = random_dataset(30, 30, 4);
  Fold f = fold_of(d, "leave-last:2");
  expect_partition(d, f);
  const RatingMatrix& R = d.ratings;
  for (int32_t u = 0; u < R.n_users; ++u) {
    std::vector<std::pair<int64_t, int32_t>> by_time;
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) by_time.push_back({R.user_time[x], R.user_item[x]});
    std::sort(by_time.begin(), by_time.end());
    std::set<int32_t> expected;
    if (by_time.size() > 2)
      for (size_t j = by_time.size() - 2; j < by_time.size(); ++j) expected.insert(by_time[j].second);
    std::set<int32_t> got;
    for (int64_t x = f.test.ratings->user_ptr[u]; x < f.test.ratings->user_ptr[u + 1]; ++x)
      got.insert(f.test.ratings->user_item[x]);
    EXPECT_EQ(got, expected) << "user " << u;
    // Every training rating is no later than the earliest held-out one.
    if (!got.empty()) {
      const int64_t first_test = by_time[by_time.size() - 2].first;
      const RatingMatrix& T = f.train.ratings;
      for (int64_t x = T.user_ptr[u]; x < T.user_ptr[u + 1]; ++x) EXPECT_LE(T.user_time[x], first_test);
    }
  }
}

TEST(LeaveLast, NeedsTimestamps) {
  Dataset d = make_dataset(2, 3, {{0, 0, 4, 0}, {0, 1, 3, 0}, {1, 2, 5, 0}});
  try {
    fold_of(d, "leave-last:1");
    FAIL() << "no error without timestamps";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("timestamps"), std::string::npos);
  }
}

TEST(NewUsers, HeldOutUsersNeverReachTraining) {
  Dataset d = random_dataset(50, 40, 5);
  Fold f = fold_of(d, "new-users:0.2:5");
  ASSERT_TRUE(f.is_new_user_fold());
  EXPECT_EQ(f.new_users.size(), 10u);  // 20% of 50 users
  ASSERT_EQ(f.profiles.size(), f.new_users.size());
  std::set<int32_t> held(f.new_users.begin(), f.new_users.end());
  for (size_t j = 0; j < f.new_users.size(); ++j) {
    EXPECT_EQ(f.train.ratings->user_count(f.new_users[j]), 0) << "held-out user " << f.new_users[j] << " has rows in train";
    EXPECT_EQ(f.profiles[j].size(), 5u);
  }
  // Profile + test of each held-out user are their ratings, disjoint; others
  // are whole in train and absent from test.
  auto all = as_map(d.ratings), tr = as_map(f.train.ratings), te = as_map(f.test.ratings);
  for (size_t j = 0; j < f.new_users.size(); ++j) {
    const int32_t u = f.new_users[j];
    std::map<Key, float> mine;
    for (const ProfileEntry& e : f.profiles[j]) {
      EXPECT_EQ(te.count({u, e.item}), 0u) << "a given rating is also in test";
      mine[{u, e.item}] = e.rating;
    }
    for (const auto& [k, v] : te)
      if (k.first == u) mine[k] = v;
    std::map<Key, float> truth;
    for (const auto& [k, v] : all)
      if (k.first == u) truth[k] = v;
    EXPECT_EQ(mine, truth);
  }
  for (const auto& [k, v] : all) {
    if (held.count(k.first)) continue;
    EXPECT_EQ(tr.count(k), 1u);
    EXPECT_EQ(te.count(k), 0u);
  }
  Fold again = fold_of(d, "new-users:0.2:5");
  EXPECT_EQ(again.new_users, f.new_users);
  EXPECT_TRUE(same_split(again, f));
  EXPECT_NE(fold_of(d, "new-users:0.2:5", 0, 43).new_users, f.new_users);
}

namespace {

std::map<int32_t, float> profile_map(const Profile& p) {
  std::map<int32_t, float> out;
  for (const ProfileEntry& e : p) out[e.item] = e.rating;
  return out;
}

std::map<int32_t, float> test_row(const Fold& f, int32_t u) {
  std::map<int32_t, float> out;
  const RatingMatrix& T = f.test.ratings;
  for (int64_t x = T.user_ptr[u]; x < T.user_ptr[u + 1]; ++x) out[T.user_item[x]] = T.user_value[x];
  return out;
}

}  // namespace

TEST(NewUsersFirst, TheProfileIsTheFirstRatingsByTimeTiesByItem) {
  // Users 0 and 1 have more than 3 ratings (the only ones eligible); 2..4 have
  // 3 and stay whole in training. User 1's ratings at t=100 are a tie, broken
  // by the lower item index.
  Dataset d = make_dataset(5, 8,
                           {{0, 0, 1, 50}, {0, 1, 2, 10}, {0, 2, 3, 40}, {0, 3, 4, 20}, {0, 4, 5, 60}, {0, 5, 1, 30},
                            {1, 4, 5, 100}, {1, 2, 4, 100}, {1, 7, 3, 100}, {1, 0, 2, 100}, {1, 5, 1, 5},
                            {2, 0, 3, 1}, {2, 1, 3, 2}, {2, 2, 3, 3},
                            {3, 3, 4, 1}, {3, 4, 4, 2}, {3, 5, 4, 3},
                            {4, 5, 2, 1}, {4, 6, 2, 2}, {4, 7, 2, 3}});
  Fold f = fold_of(d, "new-users:0.5:3:first");
  ASSERT_EQ(f.new_users, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(profile_map(f.profiles[0]), (std::map<int32_t, float>{{1, 2}, {3, 4}, {5, 1}}));
  EXPECT_EQ(test_row(f, 0), (std::map<int32_t, float>{{0, 1}, {2, 3}, {4, 5}}));
  EXPECT_EQ(profile_map(f.profiles[1]), (std::map<int32_t, float>{{5, 1}, {0, 2}, {2, 4}}));
  EXPECT_EQ(test_row(f, 1), (std::map<int32_t, float>{{4, 5}, {7, 3}}));
  for (int32_t u : {0, 1}) EXPECT_EQ(f.train.ratings->user_count(u), 0) << "held-out user " << u << " in train";
  for (int32_t u : {2, 3, 4}) {
    EXPECT_EQ(f.train.ratings->user_count(u), 3) << "user " << u;
    EXPECT_EQ(f.test.ratings->user_count(u), 0) << "user " << u;
  }
  // Nothing in the profile is drawn: another seed (the same two eligible users) gives the same.
  Fold again = fold_of(d, "new-users:0.5:3:first", 0, 7);
  EXPECT_EQ(again.new_users, f.new_users);
  EXPECT_EQ(profile_map(again.profiles[1]), profile_map(f.profiles[1]));
}

TEST(NewUsersFirst, DrawsTheSameUsersAsRandomAndGivesTheEarliest) {
  Dataset d = random_dataset(50, 40, 5);
  Fold first = fold_of(d, "new-users:0.2:5:first");
  Fold random = fold_of(d, "new-users:0.2:5");
  EXPECT_EQ(first.new_users, random.new_users);
  EXPECT_FALSE(same_split(first, random));
  const RatingMatrix& R = d.ratings;
  for (size_t j = 0; j < first.new_users.size(); ++j) {
    const int32_t u = first.new_users[j];
    EXPECT_EQ(first.train.ratings->user_count(u), 0);
    std::vector<std::pair<int64_t, int32_t>> by_time;
    for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) by_time.push_back({R.user_time[x], R.user_item[x]});
    std::sort(by_time.begin(), by_time.end());
    std::set<int32_t> expected, got;
    for (size_t r = 0; r < 5; ++r) expected.insert(by_time[r].second);
    for (const ProfileEntry& e : first.profiles[j]) got.insert(e.item);
    EXPECT_EQ(got, expected) << "user " << u;
    EXPECT_EQ(first.test.ratings->user_count(u), R.user_count(u) - 5);
  }
  EvalOptions o;
  o.protocol = "new-users:0.2:5:first";
  EvalReport r = evaluate(d, "popularity", Json::object(), o);
  EXPECT_EQ(r.protocol, "new-users:0.2:5:first");
  EXPECT_EQ(r.folds.at(0).metrics.users_ranked, static_cast<int64_t>(first.new_users.size()));
}

TEST(NewUsersFirst, NeedsTimestamps) {
  Dataset d = make_dataset(3, 4, {{0, 0, 4, 0}, {0, 1, 3, 0}, {0, 2, 5, 0}, {1, 3, 5, 0}, {2, 0, 1, 0}});
  EXPECT_NO_THROW(fold_of(d, "new-users:0.5:2"));
  try {
    fold_of(d, "new-users:0.5:2:first");
    FAIL() << "no error without timestamps";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    const std::string what = e.what();
    EXPECT_NE(what.find("new-users:0.5:2:first"), std::string::npos) << what;
    EXPECT_NE(what.find("--timestamps"), std::string::npos) << what;
    EXPECT_NE(what.find("new-users:0.5:2:random"), std::string::npos) << what;
  }
}

TEST(NewUsers, EvaluateNeverFitsOnHeldOutUsers) {
  // The model would see a held-out user's row through fit(): check the fold
  // handed to score_fold refuses one (the guard in score_fold).
  Dataset d = random_dataset(20, 15, 6);
  Fold f = fold_of(d, "new-users:0.25:3");
  Fold leaky = f;
  leaky.train = d;  // every user, held-out ones included
  FixedModel model(std::vector<std::vector<float>>(20, std::vector<float>(15, 1.0f)), true,
                   std::vector<float>(15, 1.0f));
  model.fit(leaky.train, {});
  EXPECT_THROW(score_fold(model, leaky, EvalOptions{}), Error);
  model.fit(f.train, {});
  EXPECT_NO_THROW(score_fold(model, f, EvalOptions{}));
}

TEST(Evaluate, IsDeterministicAndCancellable) {
  Dataset d = random_dataset(60, 40, 8);
  EvalOptions o;
  o.protocol = "kfold:3";
  o.k = 5;
  o.seed = 11;
  const Json params = {{"n_factors", 4}, {"n_epochs", 5}};
  Json a = to_json(evaluate(d, "svd", params, o));
  Json b = to_json(evaluate(d, "svd", params, o));
  EXPECT_EQ(a["folds"].size(), 3u);
  for (const char* key : {"rmse", "mae", "precision@5", "ndcg@5", "mrr"}) EXPECT_EQ(a["mean"][key], b["mean"][key]);
  EXPECT_EQ(a["params"]["n_factors"], 4);

  std::vector<std::string> stages;
  o.progress = [&](const EvalProgress& p) {
    stages.push_back(p.stage);
    EXPECT_GE(p.fraction, 0.0);
    EXPECT_LE(p.fraction, 1.0);
    return p.fold < 2;  // cancel when fold 2 starts
  };
  try {
    evaluate(d, "svd", params, o);
    FAIL() << "not cancelled";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Aborted);
  }
  EXPECT_NE(std::find(stages.begin(), stages.end(), "fit"), stages.end());
  EXPECT_NE(std::find(stages.begin(), stages.end(), "rank"), stages.end());
}

TEST(Evaluate, RefusesUnknownAlgorithmsAndBadK) {
  Dataset d = random_dataset(10, 10, 9);
  EvalOptions o;
  EXPECT_THROW(evaluate(d, "no-such-algorithm", Json::object(), o), Error);
  o.k = 0;
  EXPECT_THROW(evaluate(d, "svd", Json::object(), o), Error);
  o.k = 10;
  o.protocol = "ml100k-folds";  // no folder given (as in the browser)
  EXPECT_THROW(evaluate(d, "svd", Json::object(), o), Error);
}

TEST(Ml100kFolds, ReadsTheOfficialFiles) {
  if (!has_shared_data()) GTEST_SKIP() << "../shared/data/ml-100k is absent";
  const std::string folder = CINEREC_SHARED_DATA "/ml-100k";
  Dataset d = load_movielens(folder);
  ASSERT_EQ(d.ratings->nnz(), 100000);
  const ProtocolSpec spec = ProtocolSpec::parse("ml100k-folds");
  std::map<Key, int> seen;
  for (int32_t f = 0; f < 5; ++f) {
    Fold fold = make_fold(d, spec, f, 42, folder);
    EXPECT_EQ(fold.train.ratings->nnz(), 80000) << "u" << f + 1 << ".base";
    EXPECT_EQ(fold.test.ratings->nnz(), 20000) << "u" << f + 1 << ".test";
    EXPECT_EQ(fold.train.n_users(), fold.test.n_users());
    expect_partition(d, fold);
    for (const auto& [k, v] : as_map(fold.test.ratings)) seen[k]++;
  }
  EXPECT_EQ(seen.size(), 100000u);  // u1..u5.test partition u.data
  Fold a = make_fold(d, ProtocolSpec::parse("ml100k-ab"), 0, 42, folder);
  EXPECT_EQ(a.test.ratings->nnz(), 9430);  // 10 per user
  for (int32_t u = 0; u < a.test.n_users(); ++u) EXPECT_EQ(a.test.ratings->user_count(u), 10);
  expect_partition(d, a);
  EXPECT_THROW(make_fold(d, spec, 0, 42, "/nonexistent-folder"), Error);
}
