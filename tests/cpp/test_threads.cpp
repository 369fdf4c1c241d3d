// Training on several threads: the alternating solves and the similarity
// models give the model of one thread; the blocked SGD of svd and bpr gives
// one model per seed and thread count, as good as one thread's.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <unistd.h>

#include <map>
#include <tuple>

#include "cinerec/generate.hpp"
#include "cinerec/model.hpp"
#include "cinerec/movielens.hpp"

using namespace cinerec;

namespace {

// Generated MovieLens-shaped ratings (cinerec/generate.hpp), loaded once per size.
const Dataset& data(int64_t ratings, int32_t users, int32_t movies) {
  static std::map<std::tuple<int64_t, int32_t, int32_t>, Dataset> cache;
  auto key = std::make_tuple(ratings, users, movies);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  // One folder per process: the normal and the sanitized suites (and ctest -j)
  // run at once, and one must not rewrite the files another is reading.
  const std::string dir = testing::TempDir() + "cinerec_threads_" + std::to_string(::getpid()) + "_" +
                          std::to_string(ratings) + "_" + std::to_string(users);
  GenerateOptions o;
  o.ratings = ratings;
  o.users = users;
  o.movies = movies;
  o.tags = 0;
  generate_movielens(dir, o);
  Dataset d = load_movielens(dir);
  std::filesystem::remove_all(dir);
  return cache.emplace(key, std::move(d)).first->second;
}

std::vector<uint8_t> fitted(const std::string& algo, const Json& params, const Dataset& d, int32_t threads,
                            std::vector<double>* losses = nullptr) {
  auto m = make_model(algo, params);
  FitOptions fo;
  fo.seed = 5;
  fo.threads = threads;
  if (losses)
    fo.progress = [&](const Progress& p) {
      losses->push_back(p.loss);
      return true;
    };
  m->fit(d, fo);
  return m->save();
}

// RMSE of a rating model's predictions for ratings it was not trained on.
double rmse(const std::string& algo, const Json& params, const Dataset& d, int32_t threads) {
  std::vector<Rating> train, test;
  const std::vector<Rating> all = d.ratings->triplets();
  for (size_t k = 0; k < all.size(); ++k) (k % 5 == 0 ? test : train).push_back(all[k]);
  const Dataset t = d.with_ratings(train);
  auto m = make_model(algo, params);
  FitOptions fo;
  fo.threads = threads;
  m->fit(t, fo);
  double sq = 0;
  for (const Rating& r : test) sq += std::pow(m->predict_user(r.user, r.item) - r.value, 2);
  return std::sqrt(sq / static_cast<double>(test.size()));
}

}  // namespace

TEST(Threads, AlternatingSolvesAndSimilaritiesGiveTheModelOfOneThread) {
  const Dataset& d = data(30000, 200, 1500);
  const std::pair<const char*, Json> cases[] = {
      {"ials", {{"factors", 16}, {"iterations", 4}}},
      {"ials", {{"factors", 8}, {"iterations", 3}, {"solver", "cholesky"}}},
      {"als", {{"n_factors", 12}, {"n_epochs", 4}}},
      {"item-knn", {{"k", 30}}},
      {"item-knn", {{"k", 30}, {"feedback", "explicit"}, {"similarity", "pearson"}}},
      {"knn-baseline", {{"user_based", false}}},
  };
  for (const auto& [algo, params] : cases) {
    const std::vector<uint8_t> one = fitted(algo, params, d, 1);
    for (int32_t threads : {2, 3}) EXPECT_EQ(fitted(algo, params, d, threads), one) << algo << " " << params << " on " << threads;
  }
}

TEST(Threads, IalsBeyondOneGramBlockIsTheSameOnAnyNumberOfThreadsAboveOne) {
  // More than 32768 users: YᵀY and XᵀX are summed in blocks.
  const Dataset& d = data(40000, 36000, 400);
  const Json params = {{"factors", 8}, {"iterations", 2}};
  EXPECT_EQ(fitted("ials", params, d, 2), fitted("ials", params, d, 3));
}

TEST(Threads, BlockedSgdIsDeterministicPerThreadCountAndAsGood) {
  const Dataset& d = data(30000, 200, 1500);
  const std::pair<const char*, Json> cases[] = {
      {"svd", {{"n_factors", 20}, {"n_epochs", 10}}},
      {"bpr", {{"factors", 16}, {"iterations", 10}}},
  };
  for (const auto& [algo, params] : cases) {
    std::vector<double> serial;
    const std::vector<uint8_t> one = fitted(algo, params, d, 1, &serial);
    for (int32_t threads : {2, 3}) {
      std::vector<double> losses;
      const std::vector<uint8_t> bytes = fitted(algo, params, d, threads, &losses);
      EXPECT_EQ(fitted(algo, params, d, threads), bytes) << algo << " on " << threads;
      EXPECT_NE(one, bytes) << algo << ": blocks visit ratings in another order";
      ASSERT_EQ(losses.size(), 10u);
      EXPECT_LT(losses.back(), losses.front()) << algo << " on " << threads;
      EXPECT_NEAR(losses.back(), serial.back(), 0.02 * serial.back()) << algo << " on " << threads;
    }
  }
  const double one = rmse("svd", Json::object(), d, 1);
  for (int32_t threads : {2, 4}) EXPECT_NEAR(rmse("svd", Json::object(), d, threads), one, 0.01 * one) << threads;
}
