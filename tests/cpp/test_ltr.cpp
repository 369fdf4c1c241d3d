#include <gtest/gtest.h>

#include <cmath>

#include "cinerec/error.hpp"
#include "models/ltr.hpp"
#include "tiny_ratings.hpp"
#include "util/bytes.hpp"
#include "util/rng.hpp"

using namespace cinerec;
using namespace cinerec::testing;

namespace {

// Four users, four movies, with times (user: item@time rating):
//   u0: i0@1 4, i1@2 5, i2@3 3        u2: i0@1 5, i2@2 4, i1@3 3, i3@4 1
//   u1: i1@1 2, i0@2 4                u3: i3@1 3
// Counts i0 3, i1 3, i2 2, i3 2, so slots follow the items; with 3
// candidates i3 is in U (a profile item) but never ranked.
// Years 1990, 2000, unknown, 1980 (median of the known: 1990);
// genres Drama, Comedy, Drama|Comedy, Drama.
Dataset timed(bool with_times = true) {
  auto cat = std::make_shared<Catalog>();
  cat->genre_names = {"Drama", "Comedy"};
  const int32_t years[] = {1990, 2000, 0, 1980};
  const uint32_t genres[] = {1, 2, 3, 1};
  for (int32_t i = 0; i < 4; ++i) {
    Movie m;
    m.id = 100 + i;
    m.title = "Timed " + std::to_string(i);
    m.year = years[i];
    m.genres = genres[i];
    cat->movies.push_back(m);
  }
  cat->rebuild_index();
  const int64_t t = with_times ? 1 : 0;
  Dataset d;
  d.name = "timed";
  d.catalog = cat;
  d.user_ids = {1, 2, 3, 4};
  d.rating_min = 0.5f;
  d.rating_max = 5;
  d.ratings = RatingMatrix::from_triplets(4, 4,
                                          {{0, 0, 4, 1 * t}, {0, 1, 5, 2 * t}, {0, 2, 3, 3 * t}, {1, 1, 2, 1 * t},
                                           {1, 0, 4, 2 * t}, {2, 0, 5, 1 * t}, {2, 2, 4, 2 * t}, {2, 1, 3, 3 * t},
                                           {2, 3, 1, 4 * t}, {3, 3, 3, 1 * t}});
  return d;
}

ltr::Stats timed_stats() {
  const Dataset d = timed();
  Rng rng(1);
  ltr::StatsOptions o;
  o.n_candidates = 3;
  o.n_universe = 4;
  o.late_position = 2;
  return ltr::build_stats(d.ratings, d.catalog.get(), ltr::user_orders(d.ratings, ltr::Order::Time, rng), o,
                          d.rating_min, d.rating_max);
}

float f(const std::vector<float>& X, int32_t row, int32_t feature) { return X[row * ltr::kFeatures + feature]; }

}  // namespace

// C(j, i) users who rated both; A(j, i) users who rated j before i; L_i
// users who rated i at position >= 2.
TEST(Ltr, StatisticsByHand) {
  const ltr::Stats s = timed_stats();
  ASSERT_EQ(s.n_cand, 3);
  ASSERT_EQ(s.n_univ(), 4);
  EXPECT_EQ(s.n_users, 4);
  for (int32_t i = 0; i < 4; ++i) EXPECT_EQ(s.slot[i], i);
  EXPECT_EQ(s.late, (std::vector<int32_t>{0, 1, 1, 1}));
  const float C[4][3] = {{3, 3, 2}, {3, 3, 2}, {2, 2, 2}, {1, 1, 1}};
  const float A[4][3] = {{0, 2, 2}, {1, 0, 1}, {0, 1, 0}, {0, 0, 0}};
  for (int32_t j = 0; j < 4; ++j)
    for (int32_t i = 0; i < 3; ++i) {
      EXPECT_EQ(s.Cji(j, i), C[j][i]) << j << "," << i;
      EXPECT_EQ(s.Aji(j, i), A[j][i]) << j << "," << i;
    }
  EXPECT_FLOAT_EQ(s.year_median, 1990);
  EXPECT_NEAR(s.mean_rating(), 3.4, 1e-12);
}

// Loaded statistics count the pairs only when a profile first needs them
// (an empty profile never does), and then count what training counted.
TEST(Ltr, LoadedStatisticsCountThePairsOnFirstUse) {
  const ltr::Stats built = timed_stats();
  ByteWriter w;
  built.save(w);
  ltr::Stats s;
  ByteReader r(w.bytes().data(), w.bytes().size(), ErrorCode::ModelCorrupt, "test");
  s.load(r);
  EXPECT_TRUE(s.C.empty());
  EXPECT_TRUE(s.A.empty());
  const int32_t cands[] = {0, 1, 2};
  std::vector<float> X(3 * ltr::kFeatures), Y(3 * ltr::kFeatures);
  ltr::features(s, {}, nullptr, cands, 3, {5, 20}, X.data());
  EXPECT_TRUE(s.C.empty()) << "an empty profile built the pair counts";
  const Profile p = {{0, 5.0f}, {3, 1.0f}};
  ltr::features(s, p, nullptr, cands, 3, {5, 20}, X.data());
  ltr::features(built, p, nullptr, cands, 3, {5, 20}, Y.data());
  EXPECT_EQ(X, Y);
  ASSERT_EQ(s.C.size(), built.C.size());
  EXPECT_EQ(s.C, built.C);
  EXPECT_EQ(s.A, built.A);
}

// A new person {i0: 5, i3: 1}: n_j 3 and 2, weights ±2, ȳ 1985 (sd 5),
// Drama only; |P| = 2 is read as 5 (the cuts' floor).
TEST(Ltr, FeaturesOfANewProfileByHand) {
  const ltr::Stats s = timed_stats();
  const Profile p = {{0, 5.0f}, {3, 1.0f}};
  const int32_t cands[] = {1, 2};
  std::vector<float> X(2 * ltr::kFeatures);
  ltr::features(s, p, nullptr, cands, 2, {5, 20}, X.data());
  using namespace ltr;
  // i1: n 3, L 1; C 3 and 1; A 2 and 0; year 2000, Comedy.
  EXPECT_NEAR(f(X, 0, kLogN), std::log(4.0), 1e-6);
  EXPECT_NEAR(f(X, 0, kLogLate), std::log(2.0), 1e-6);
  EXPECT_NEAR(f(X, 0, kLateFrac), 0.4, 1e-6);
  EXPECT_NEAR(f(X, 0, kCondMean), std::log(1e-3 + 0.75), 1e-6);             // (3/3 + 1/2) / 2
  EXPECT_NEAR(f(X, 0, kCosMean), (1 + 1 / std::sqrt(6.0)) / 2, 1e-6);        // 3/√9, 1/√6
  EXPECT_NEAR(f(X, 0, kCosMax), 1.0, 1e-6);
  EXPECT_NEAR(f(X, 0, kAfterMean), std::log(1e-3 + 1.0 / 3), 1e-6);         // (2/3 + 0) / 2
  EXPECT_NEAR(f(X, 0, kAfterMax), 2.0 / 3, 1e-6);
  EXPECT_NEAR(f(X, 0, kLiftMean), std::log(1e-2 + 1.0), 1e-6);              // (4/3 + 2/3) / 2
  EXPECT_NEAR(f(X, 0, kCosRating), (2 - 2 / std::sqrt(6.0)) / 2, 1e-6);
  EXPECT_NEAR(f(X, 0, kYDist), 1.5, 1e-6);
  EXPECT_NEAR(f(X, 0, kYDiff), 1.5, 1e-6);
  EXPECT_NEAR(f(X, 0, kYZ), 15.0 / 8, 1e-6);
  EXPECT_NEAR(f(X, 0, kYItem), 0.5, 1e-6);
  EXPECT_NEAR(f(X, 0, kYProf), -1.0, 1e-6);
  EXPECT_NEAR(f(X, 0, kYBin), 0.0, 1e-6);
  EXPECT_NEAR(f(X, 0, kGenreCos), 0.0, 1e-6);
  EXPECT_NEAR(f(X, 0, kGenreSum), 0.0, 1e-6);
  const double obs = (std::log(4.0) + std::log(3.0)) / 2;
  EXPECT_NEAR(f(X, 0, kProfObsc), obs, 1e-6);
  EXPECT_NEAR(f(X, 0, kLogNxObsc), std::log(4.0) * (obs - 4), 1e-5);
  EXPECT_NEAR(f(X, 0, kMeanR), (10 + 10 * 3.4) / 13 - 3.5, 1e-6);
  EXPECT_NEAR(f(X, 0, kLogK), std::log(5.0), 1e-6);
  EXPECT_NEAR(f(X, 0, kLogNxK), std::log(4.0) * std::log(5.0), 1e-5);
  EXPECT_NEAR(f(X, 0, kYDistxYItem), 0.75, 1e-6);
  // i2: n 2; C 2 and 1; year unknown (median 1990, its own bin), Drama|Comedy.
  EXPECT_NEAR(f(X, 1, kLogN), std::log(3.0), 1e-6);
  EXPECT_NEAR(f(X, 1, kLateFrac), 0.5, 1e-6);
  EXPECT_NEAR(f(X, 1, kCondMean), std::log(1e-3 + 7.0 / 12), 1e-6);
  EXPECT_NEAR(f(X, 1, kCosMax), 2 / std::sqrt(6.0), 1e-6);
  EXPECT_NEAR(f(X, 1, kLiftMean), std::log(1e-2 + 7.0 / 6), 1e-6);
  EXPECT_NEAR(f(X, 1, kCosRating), (4 / std::sqrt(6.0) - 1) / 2, 1e-6);
  EXPECT_NEAR(f(X, 1, kYDist), 0.5, 1e-6);
  EXPECT_NEAR(f(X, 1, kYZ), 5.0 / 8, 1e-6);
  EXPECT_NEAR(f(X, 1, kYBin), 0.0, 1e-6);
  EXPECT_NEAR(f(X, 1, kGenreCos), 1 / std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(f(X, 1, kGenreSum), 1.0, 1e-6);
  // A profile of 30 ratings is read as 20.
  Profile big;
  for (int32_t k = 0; k < 30; ++k) big.push_back({k % 4, 3.0f});
  ltr::features(s, big, nullptr, cands, 1, {5, 20}, X.data());
  EXPECT_NEAR(f(X, 0, kLogK), std::log(20.0), 1e-6);
}

// u2 as a training row, profile = its first 2 (i0: 5, i2: 4), candidate i1
// (which u2 rated third, late): every count without u2.
//   n_i1 2, L 0; n_j 2 and 1; C 3−1 and 2−1; A(i0,i1) 2−1, A(i2,i1) 1−1;
//   N 3; μ (34−13)/6 = 3.5, Σr(i1) 10−3 → m = (7 + 35)/12 = 3.5.
TEST(Ltr, LeaveOneUserOutFeaturesByHand) {
  const ltr::Stats s = timed_stats();
  ltr::LeftOut out;
  out.cand_pos = {0, 2, 1};
  out.cand_rating = {5, 3, 4};
  out.profile_pos = {0, 1};
  out.rating_sum = 13;
  out.n_ratings = 4;
  const Profile p = {{0, 5.0f}, {2, 4.0f}};
  const int32_t cand = 1;
  std::vector<float> X(ltr::kFeatures);
  ltr::features(s, p, &out, &cand, 1, {1, 2}, X.data());
  using namespace ltr;
  EXPECT_NEAR(f(X, 0, kLogN), std::log(3.0), 1e-6);
  EXPECT_NEAR(f(X, 0, kLogLate), 0.0, 1e-6);
  EXPECT_NEAR(f(X, 0, kLateFrac), 0.25, 1e-6);
  EXPECT_NEAR(f(X, 0, kCondMean), std::log(1e-3 + 1.0), 1e-6);           // 2/2, 1/1
  EXPECT_NEAR(f(X, 0, kCosMean), (1 + 1 / std::sqrt(2.0)) / 2, 1e-6);     // 2/√4, 1/√2
  EXPECT_NEAR(f(X, 0, kAfterMean), std::log(1e-3 + 0.25), 1e-6);         // (1/2 + 0) / 2
  EXPECT_NEAR(f(X, 0, kAfterMax), 0.5, 1e-6);
  EXPECT_NEAR(f(X, 0, kLiftMean), std::log(1e-2 + 1.5), 1e-6);           // 1 / (2/3)
  EXPECT_NEAR(f(X, 0, kCosRating), (0.5 - 0.5 / std::sqrt(2.0)) / 2, 1e-6);  // weights ±0.5
  EXPECT_NEAR(f(X, 0, kProfObsc), (std::log(3.0) + std::log(2.0)) / 2, 1e-6);
  EXPECT_NEAR(f(X, 0, kMeanR), 0.0, 1e-6);
  EXPECT_NEAR(f(X, 0, kLogK), std::log(2.0), 1e-6);
}

// h = 1, two rows: z0 = (2, 0, …) item 0 label 1, z1 = (−1, 2, …) item 1
// label 0; W00 1, v 0.5, a1 0.25, b0 0.1, b1 −0.2:
//   s0 = 0.5·2 + 0.1 = 1.1, s1 = 0.25·2 + 0.1 − 0.2 = 0.4 (unit off)
//   g = (σ(s) − y)/2 = (−0.124870, 0.299344)
//   ∂v = 2 g0, ∂a0 = 2 g0 − g1, ∂a1 = 2 g1, ∂b0 = g0 + g1, ∂W00 = 2·0.5·g0,
//   ∂c = 0.5 g0, ∂b_0 = g0, ∂b_1 = g1. Adam's first step moves each
//   parameter with a gradient by lr against its sign, the rest not at all.
TEST(Ltr, OneTrainingStepByHand) {
  ltr::Net net;
  Rng rng(3);
  net.init(1, 2, rng);
  std::fill(net.theta.begin(), net.theta.end(), 0.0f);
  float* th = net.theta.data();
  th[0] = 1;  // W00
  th[net.off_v()] = 0.5f;
  th[net.off_a() + 1] = 0.25f;
  th[net.off_b0()] = 0.1f;
  th[net.off_b() + 1] = -0.2f;
  std::vector<float> Z(2 * ltr::kFeatures, 0.0f);
  Z[0] = 2;
  Z[ltr::kFeatures] = -1;
  Z[ltr::kFeatures + 1] = 2;
  const float y[] = {1, 0}, w[] = {1, 1};
  const int32_t items[] = {0, 1};
  float logit[2];
  net.logits(Z.data(), items, 2, logit);
  EXPECT_NEAR(logit[0], 1.1, 1e-6);
  EXPECT_NEAR(logit[1], 0.4, 1e-6);

  ltr::Adam opt;
  opt.lr = 0.01f;
  opt.l2 = 0;
  const std::vector<float> before = net.theta;
  const double loss = ltr::train_step(net, opt, Z.data(), y, w, items, 2);
  const double p0 = 1 / (1 + std::exp(-1.1)), p1 = 1 / (1 + std::exp(-0.4));
  EXPECT_NEAR(loss, -std::log(p0) - std::log(1 - p1), 1e-6);
  const double g0 = (p0 - 1) / 2, g1 = p1 / 2;
  // Adam's first moment after one step is 0.1·gradient.
  auto grad = [&](size_t k) { return opt.m[k] / 0.1; };
  EXPECT_NEAR(grad(0), g0, 1e-6);
  EXPECT_NEAR(grad(1), 0.0, 1e-9);  // W10: z1 = 0 on the active row
  EXPECT_NEAR(grad(net.off_c()), 0.5 * g0, 1e-6);
  EXPECT_NEAR(grad(net.off_v()), 2 * g0, 1e-6);
  EXPECT_NEAR(grad(net.off_a()), 2 * g0 - g1, 1e-6);
  EXPECT_NEAR(grad(net.off_a() + 1), 2 * g1, 1e-6);
  EXPECT_NEAR(grad(net.off_b0()), g0 + g1, 1e-6);
  EXPECT_NEAR(grad(net.off_b()), g0, 1e-6);
  EXPECT_NEAR(grad(net.off_b() + 1), g1, 1e-6);
  for (size_t k = 0; k < net.theta.size(); ++k) {
    const double g = grad(k);
    const double want = g == 0 ? before[k] : before[k] - 0.01 * (g > 0 ? 1 : -1);
    EXPECT_NEAR(net.theta[k], want, 1e-6) << "parameter " << k;
  }
  // With l2 the decay joins the gradient: b1's is g1 + l2·(−0.2).
  ltr::Adam decayed;
  decayed.l2 = 0.5f;
  net.theta = before;
  ltr::train_step(net, decayed, Z.data(), y, w, items, 2);
  EXPECT_NEAR(decayed.m[net.off_b() + 1] / 0.1, g1 + 0.5 * -0.2, 1e-6);
}

// The rated movies that share raters with a candidate are named in its
// explanation, and only rated movies are.
TEST(Ltr, ExplanationNamesTheProfileMovies) {
  const Json params = {{"n_candidates", 3}, {"n_universe", 4}, {"cuts", {1, 2}}, {"late_position", 2},
                       {"hidden", 4},       {"epochs", 20},    {"batch_size", 4}, {"negatives", 1.0}};
  auto m = fitted("ltr", params, timed());
  const Profile p = {{0, 5.0f}, {3, 1.0f}};
  const Explanation e = m->explain(p, 1);
  int32_t movies = 0;
  for (const auto& part : e.parts)
    if (part.kind == ReasonKind::RatedMovie) {
      ++movies;
      EXPECT_TRUE(part.item == 0 || part.item == 3) << part.item;
    }
  EXPECT_GE(movies, 1);
  EXPECT_FLOAT_EQ(e.score, m->score(p)[1]);
  EXPECT_FALSE(m->predicts_ratings());
}

// Without timestamps "time" trains on the seeded random order.
TEST(Ltr, DataWithoutTimesFallsBackToARandomOrder) {
  const Json base = {{"n_candidates", 3}, {"n_universe", 4}, {"cuts", {1, 2}}, {"hidden", 4}, {"epochs", 3}};
  Json random = base;
  random["order"] = "random";
  const Dataset untimed = timed(false);
  ASSERT_TRUE(untimed.ratings->user_time.empty());
  const Profile p = {{0, 5.0f}};
  EXPECT_EQ(fitted("ltr", base, untimed)->score(p), fitted("ltr", random, untimed)->score(p));
  Rng rng(1);
  try {
    ltr::user_orders(untimed.ratings, ltr::Order::Time, rng);
    FAIL() << "ordering by time without times";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("timestamps"), std::string::npos);
  }
}
