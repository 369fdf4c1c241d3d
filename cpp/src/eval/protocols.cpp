// Protocols: how a dataset is split into train and test (docs/evaluation.md).
// Every random draw comes from util/rng.hpp's Rng so that a seed gives the
// same split natively and in wasm.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "cinerec/error.hpp"
#include "cinerec/eval.hpp"
#include "cinerec/movielens.hpp"
#include "util/rng.hpp"

namespace cinerec {

namespace {

const char* kForms =
    "holdout:F, kfold:N, user-stratified:F, leave-last:N, new-users:F:G[:random|:first], ml100k-folds, "
    "ml100k-ab";

[[noreturn]] void bad(const std::string& text, const std::string& why) {
  throw Error(ErrorCode::InvalidArgument,
              "protocol '" + text + "': " + why + " (expected one of " + kForms + ")");
}

std::vector<std::string> split_colon(const std::string& s) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == ':') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

double parse_fraction(const std::string& text, const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(v > 0 && v < 1))
    bad(text, "'" + s + "' is not a fraction strictly between 0 and 1");
  return v;
}

int32_t parse_count(const std::string& text, const std::string& s, int32_t lo, int32_t hi) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < lo || v > hi)
    bad(text, "'" + s + "' is not an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return static_cast<int32_t>(v);
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

int64_t round_count(double x) { return static_cast<int64_t>(std::floor(x + 0.5)); }

void need_timestamps(const Dataset& data, const ProtocolSpec& spec, const std::string& instead = "") {
  if (data.ratings->user_time.empty() && data.ratings->nnz() > 0)
    throw Error(ErrorCode::InvalidArgument,
                "protocol " + spec.text + " needs rating timestamps, and '" + data.name +
                    "' has none (build the snapshot with `cinerec snapshot --timestamps`" +
                    (instead.empty() ? "" : ", or use " + instead) + ")");
}

// A user's rating positions (CSR offsets) from earliest to latest; ties: the
// lower item index counts as earlier.
std::vector<int64_t> by_time(const RatingMatrix& R, int32_t u) {
  std::vector<int64_t> idx;
  for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) idx.push_back(x);
  std::sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) {
    if (R.user_time[a] != R.user_time[b]) return R.user_time[a] < R.user_time[b];
    return R.user_item[a] < R.user_item[b];
  });
  return idx;
}

// Builds a fold from a per-rating mask (1 = test) over data's CSR order.
Fold by_mask(const Dataset& data, const std::vector<Rating>& all, const std::vector<uint8_t>& test_mask) {
  std::vector<Rating> train, test;
  train.reserve(all.size());
  for (size_t x = 0; x < all.size(); ++x) (test_mask[x] ? test : train).push_back(all[x]);
  Fold f;
  f.train = data.with_ratings(std::move(train));
  f.test = data.with_ratings(std::move(test));
  return f;
}

Fold official_files(const Dataset& data, const std::string& folder, const std::string& base_name,
                    const std::string& test_name) {
  if (folder.empty())
    throw Error(ErrorCode::InvalidArgument,
                "protocol needs the ml-100k folder with " + base_name + " and " + test_name +
                    " (not available without files, e.g. in the browser)");
  const std::string sep = folder.back() == '/' ? "" : "/";
  Dataset train = load_rating_file(folder + sep + base_name, data);
  Dataset test = load_rating_file(folder + sep + test_name, train);
  if (test.n_users() > train.n_users()) train = test.with_ratings(train.ratings->triplets());
  Fold f;
  f.train = std::move(train);
  f.test = std::move(test);
  return f;
}

}  // namespace

ProtocolSpec ProtocolSpec::parse(const std::string& text) {
  std::vector<std::string> p = split_colon(text);
  const std::string& name = p[0];
  ProtocolSpec s;
  auto arity = [&](size_t lo, size_t hi) {
    if (p.size() - 1 < lo || p.size() - 1 > hi) bad(text, "wrong number of ':' arguments");
  };
  if (name == "holdout") {
    arity(0, 1);
    s.kind = Kind::Holdout;
    s.fraction = p.size() > 1 ? parse_fraction(text, p[1]) : 0.2;
    s.text = "holdout:" + fmt(s.fraction);
  } else if (name == "kfold") {
    arity(0, 1);
    s.kind = Kind::KFold;
    s.n = p.size() > 1 ? parse_count(text, p[1], 2, 100) : 5;
    s.text = "kfold:" + std::to_string(s.n);
  } else if (name == "user-stratified") {
    arity(0, 1);
    s.kind = Kind::UserStratified;
    s.fraction = p.size() > 1 ? parse_fraction(text, p[1]) : 0.25;
    s.text = "user-stratified:" + fmt(s.fraction);
  } else if (name == "leave-last") {
    arity(0, 1);
    s.kind = Kind::LeaveLast;
    s.n = p.size() > 1 ? parse_count(text, p[1], 1, 1000000) : 1;
    s.text = "leave-last:" + std::to_string(s.n);
  } else if (name == "new-users") {
    arity(0, 3);
    s.kind = Kind::NewUsers;
    s.fraction = p.size() > 1 ? parse_fraction(text, p[1]) : 0.1;
    s.n = p.size() > 2 ? parse_count(text, p[2], 0, 1000000) : 10;
    if (p.size() > 3 && p[3] != "random" && p[3] != "first")
      bad(text, "'" + p[3] + "' is not a way to choose the profile (random or first)");
    s.given = p.size() > 3 && p[3] == "first" ? Given::First : Given::Random;
    // Random is the default and keeps the name reports have always carried.
    s.text = "new-users:" + fmt(s.fraction) + ":" + std::to_string(s.n);
    if (s.given == Given::First) s.text += ":first";
  } else if (name == "ml100k-folds") {
    arity(0, 0);
    s.kind = Kind::Ml100kFolds;
    s.text = name;
  } else if (name == "ml100k-ab") {
    arity(0, 0);
    s.kind = Kind::Ml100kAb;
    s.text = name;
  } else if (name == "given") {
    arity(0, 0);
    s.kind = Kind::Given;
    s.text = name;
  } else {
    bad(text, "unknown protocol");
  }
  return s;
}

int32_t ProtocolSpec::fold_count() const {
  switch (kind) {
    case Kind::KFold: return n;
    case Kind::Ml100kFolds: return 5;
    case Kind::Ml100kAb: return 2;
    default: return 1;
  }
}

Fold make_fold(const Dataset& data, const ProtocolSpec& spec, int32_t fold, uint64_t seed,
               const std::string& data_folder) {
  if (fold < 0 || fold >= spec.fold_count())
    throw Error(ErrorCode::InvalidArgument, "fold " + std::to_string(fold) + " out of range for " + spec.text);
  const RatingMatrix& R = data.ratings;
  switch (spec.kind) {
    case ProtocolSpec::Kind::Holdout:
    case ProtocolSpec::Kind::KFold: {
      // One seeded permutation of all ratings; hold-out takes its first
      // round(F * nnz), fold f of N takes positions [f nnz / N, (f+1) nnz / N).
      std::vector<Rating> all = R.triplets();
      const int64_t nnz = static_cast<int64_t>(all.size());
      std::vector<int64_t> order(nnz);
      for (int64_t x = 0; x < nnz; ++x) order[x] = x;
      Rng rng(seed);
      rng.shuffle(order);
      int64_t lo = 0, hi = 0;
      if (spec.kind == ProtocolSpec::Kind::Holdout) {
        hi = round_count(spec.fraction * static_cast<double>(nnz));
      } else {
        lo = fold * nnz / spec.n;
        hi = (fold + 1) * nnz / spec.n;
      }
      std::vector<uint8_t> mask(nnz, 0);
      for (int64_t o = lo; o < hi; ++o) mask[order[o]] = 1;
      return by_mask(data, all, mask);
    }
    case ProtocolSpec::Kind::UserStratified: {
      // Per user (in index order, one Rng stream), a seeded shuffle of their
      // ratings; the first round(F * n_u) go to test.
      std::vector<Rating> all = R.triplets();
      std::vector<uint8_t> mask(all.size(), 0);
      Rng rng(seed);
      std::vector<int64_t> idx;
      for (int32_t u = 0; u < R.n_users; ++u) {
        idx.clear();
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) idx.push_back(x);
        rng.shuffle(idx);
        const int64_t n_test = round_count(spec.fraction * static_cast<double>(idx.size()));
        for (int64_t j = 0; j < n_test; ++j) mask[idx[j]] = 1;
      }
      return by_mask(data, all, mask);
    }
    case ProtocolSpec::Kind::LeaveLast: {
      need_timestamps(data, spec);
      // Users with more than N ratings give their N latest (ties: higher item
      // index counts as later); others stay whole in train.
      std::vector<Rating> all = R.triplets();
      std::vector<uint8_t> mask(all.size(), 0);
      for (int32_t u = 0; u < R.n_users; ++u) {
        if (R.user_count(u) <= spec.n) continue;
        const std::vector<int64_t> idx = by_time(R, u);
        for (size_t j = idx.size() - spec.n; j < idx.size(); ++j) mask[idx[j]] = 1;
      }
      return by_mask(data, all, mask);
    }
    case ProtocolSpec::Kind::NewUsers: {
      // Hold out round(F * users-with-ratings) users, drawn among those with
      // more than G ratings; each gives G ratings as a profile (random: a
      // seeded shuffle; first: their G earliest) and the rest as test.
      // Held-out users keep no row in train. Both variants draw the same users
      // for a seed.
      const bool first = spec.given == ProtocolSpec::Given::First;
      if (first)
        need_timestamps(data, spec,
                        "new-users:" + fmt(spec.fraction) + ":" + std::to_string(spec.n) + ":random");
      std::vector<int32_t> eligible;
      int64_t with_ratings = 0;
      for (int32_t u = 0; u < R.n_users; ++u) {
        if (R.user_count(u) > 0) ++with_ratings;
        if (R.user_count(u) > spec.n) eligible.push_back(u);
      }
      int64_t n_hold = std::max<int64_t>(1, round_count(spec.fraction * static_cast<double>(with_ratings)));
      n_hold = std::min<int64_t>(n_hold, static_cast<int64_t>(eligible.size()));
      if (n_hold == 0)
        throw Error(ErrorCode::InvalidArgument, "protocol " + spec.text + ": no user has more than " +
                                                    std::to_string(spec.n) + " ratings");
      Rng rng(seed);
      rng.shuffle(eligible);
      eligible.resize(static_cast<size_t>(n_hold));
      std::sort(eligible.begin(), eligible.end());
      std::vector<uint8_t> held(R.n_users, 0);
      for (int32_t u : eligible) held[u] = 1;

      Fold f;
      std::vector<Rating> train, test;
      for (int32_t u = 0; u < R.n_users; ++u) {
        if (held[u]) continue;
        for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x)
          train.push_back({u, R.user_item[x], R.user_value[x], R.user_time.empty() ? 0 : R.user_time[x]});
      }
      std::vector<int64_t> idx;
      for (int32_t u : eligible) {
        if (first) {
          idx = by_time(R, u);
        } else {
          idx.clear();
          for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) idx.push_back(x);
          rng.shuffle(idx);
        }
        Profile given;
        for (size_t j = 0; j < idx.size(); ++j) {
          const int64_t x = idx[j];
          if (static_cast<int32_t>(j) < spec.n)
            given.push_back({R.user_item[x], R.user_value[x]});
          else
            test.push_back({u, R.user_item[x], R.user_value[x], R.user_time.empty() ? 0 : R.user_time[x]});
        }
        std::sort(given.begin(), given.end(),
                  [](const ProfileEntry& a, const ProfileEntry& b) { return a.item < b.item; });
        f.new_users.push_back(u);
        f.profiles.push_back(std::move(given));
      }
      f.train = data.with_ratings(std::move(train));
      f.test = data.with_ratings(std::move(test));
      return f;
    }
    case ProtocolSpec::Kind::Ml100kFolds:
      return official_files(data, data_folder, "u" + std::to_string(fold + 1) + ".base",
                            "u" + std::to_string(fold + 1) + ".test");
    case ProtocolSpec::Kind::Ml100kAb: {
      const std::string ab = fold == 0 ? "ua" : "ub";
      return official_files(data, data_folder, ab + ".base", ab + ".test");
    }
    case ProtocolSpec::Kind::Given:
      throw Error(ErrorCode::InvalidArgument, "protocol 'given' has no split of its own: use evaluate_split");
  }
  throw Error(ErrorCode::Internal, "unhandled protocol");
}

}  // namespace cinerec
