// The MovieLens-shaped generator (cinerec/generate.hpp). Everything random
// comes from the portable Rng: the movies and the users' activity from
// streams of the seed, each user's ratings from a stream of (seed, user), so
// users can be written by any number of threads and the files stay the same.
#include "cinerec/generate.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <tuple>
#include <vector>

#include "cinerec/error.hpp"
#include "util/parallel.hpp"
#include "util/rng.hpp"

namespace cinerec {
namespace {

constexpr int64_t kFirstTime = 789652009;   // 1995-01-09, ml-25m's first rating
constexpr int64_t kLastTime = 1574327703;   // 2019-11-21, its last
constexpr int kDims = 8;                    // latent factors behind the ratings
constexpr int32_t kUsersPerPiece = 256;     // one piece of ratings.csv per task
constexpr double kPopularitySpread = 2.2;   // σ of log movie popularity
constexpr double kTopShare = 0.004;         // of all picks, for the most popular movies
constexpr double kActivitySpread = 1.5;     // σ of log user activity above the floor

uint64_t mix(uint64_t seed, uint64_t stream) {
  uint64_t z = seed ^ (stream * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Draws index k with probability w[k] / Σw in O(1) (Vose's alias method).
class Alias {
 public:
  explicit Alias(const std::vector<double>& w) : prob_(w.size()), alias_(w.size()) {
    const size_t n = w.size();
    double sum = 0;
    for (double x : w) sum += x;
    std::vector<double> p(n);
    std::vector<int32_t> small, large;
    for (size_t k = 0; k < n; ++k) {
      p[k] = w[k] * static_cast<double>(n) / sum;
      (p[k] < 1 ? small : large).push_back(static_cast<int32_t>(k));
    }
    while (!small.empty() && !large.empty()) {
      const int32_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = p[s];
      alias_[s] = l;
      p[l] -= 1 - p[s];
      if (p[l] < 1) {
        large.pop_back();
        small.push_back(l);
      }
    }
    for (int32_t k : large) prob_[k] = 1, alias_[k] = k;
    for (int32_t k : small) prob_[k] = 1, alias_[k] = k;
  }
  int32_t draw(Rng& rng) const {
    const auto k = static_cast<int32_t>(rng.below(prob_.size()));
    return rng.uniform() < prob_[k] ? k : alias_[k];
  }

 private:
  std::vector<double> prob_;
  std::vector<int32_t> alias_;
};

// Seconds since the epoch of 1 January of a year (days from civil, H. Hinnant).
int64_t new_year(int64_t y) {
  y -= 1;  // months Jan–Feb count with the year before
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = 306;  // 1 January, counted from 1 March
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (era * 146097 + doe - 719468) * 86400;
}

void put(std::string& s, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}

// A CSV field, quoted when it holds a comma or a quote.
void put_field(std::string& s, const std::string& f) {
  if (f.find_first_of(",\"\n") == std::string::npos) {
    s += f;
    return;
  }
  s += '"';
  for (char c : f) {
    if (c == '"') s += '"';
    s += c;
  }
  s += '"';
}

// A file written to path.tmp and renamed over path once complete.
class OutFile {
 public:
  explicit OutFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (!f_) fail(errno);
  }
  ~OutFile() {
    if (f_) {
      std::fclose(f_);
      std::remove(tmp_.c_str());
    }
  }
  void write(const std::string& s) {
    if (!s.empty() && std::fwrite(s.data(), 1, s.size(), f_) != s.size()) fail(errno);
    bytes_ += static_cast<int64_t>(s.size());
  }
  int64_t close() {
    std::FILE* f = f_;
    f_ = nullptr;
    if (std::fclose(f) != 0 || std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      const int err = errno;
      std::remove(tmp_.c_str());
      fail(err);
    }
    return bytes_;
  }

 private:
  [[noreturn]] void fail(int err) const {
    throw Error(ErrorCode::Io, path_ + ": cannot write: " + std::strerror(err));
  }
  std::string path_, tmp_;
  std::FILE* f_ = nullptr;
  int64_t bytes_ = 0;
};

const char* const kAdjectives[] = {"Silent", "Last", "Dark", "Golden", "Broken", "Hidden", "Lost", "Wild",
                                   "Crimson", "Frozen", "Secret", "Little", "Long", "Final", "Empty", "Burning",
                                   "Electric", "Quiet", "Distant", "Bitter", "Sweet", "Iron", "Paper", "Glass",
                                   "Midnight", "Summer", "Winter", "Northern", "Endless", "Savage"};
const char* const kNouns[] = {"River", "Road", "City", "Heart", "Garden", "Kingdom", "Game", "Night", "House",
                              "Dream", "Shadow", "Island", "Mirror", "Storm", "Letter", "Journey", "Promise",
                              "Station", "Harbor", "Machine", "Horizon", "Empire", "Song", "Voyage", "Witness",
                              "Hunter", "Stranger", "Planet", "Family", "Memory", "Caf\xC3\xA9", "R\xC3\xAAve"};
const char* const kTagWords[] = {"funny", "dark", "twist ending", "atmospheric", "visually appealing", "classic",
                                 "sci-fi", "based on a book", "quirky", "violence", "romance", "thought-provoking",
                                 "slow", "soundtrack", "great acting", "dialogue", "satire", "surreal", "heist",
                                 "time travel", "space", "war", "friendship", "revenge", "boring", "cult film",
                                 "nostalgic", "music", "family", "animation", "philosophical", "dystopia"};
// ml-25m's genres and how many movies carry each (the shares, not the counts, matter).
const std::pair<const char*, double> kGenres[] = {
    {"Drama", 25606},    {"Comedy", 16870},   {"Thriller", 8654}, {"Romance", 7719},  {"Action", 7348},
    {"Horror", 5989},    {"Documentary", 5605}, {"Crime", 5319},  {"Adventure", 4145}, {"Sci-Fi", 3595},
    {"Children", 2935},  {"Animation", 2929}, {"Mystery", 2925},  {"Fantasy", 2731},  {"War", 1874},
    {"Western", 1399},   {"Musical", 1054},   {"Film-Noir", 353}, {"IMAX", 195}};

template <size_t N>
const char* pick(const char* const (&words)[N], Rng& rng) {
  return words[rng.below(N)];
}

constexpr int kGenreCount = static_cast<int>(std::size(kGenres));
constexpr double kMainstream = 0.4;  // share of a user's picks drawn by popularity alone

struct Movies {
  std::vector<int64_t> id;
  std::vector<int32_t> year;
  std::vector<double> weight;  // popularity
  std::vector<float> bias;
  std::vector<float> factors;  // kDims per movie
  std::vector<int8_t> taste;   // the genre whose fans pick it (its first), kGenreCount for none
};

Movies make_movies(int32_t m, uint64_t seed, std::string& movies_csv, std::string& links_csv) {
  Rng rng(mix(seed, 1));
  Movies mv;
  mv.id.resize(m);
  mv.year.resize(m);
  mv.weight.resize(m);
  mv.bias.resize(m);
  mv.factors.resize(static_cast<size_t>(m) * kDims);
  mv.taste.resize(m);
  std::vector<double> genre_w;
  for (const auto& g : kGenres) genre_w.push_back(g.second);
  const Alias genre(genre_w);
  int64_t id = 0;
  movies_csv = "movieId,title,genres\n";
  links_csv = "movieId,imdbId,tmdbId\n";
  std::string title;
  for (int32_t k = 0; k < m; ++k) {
    id += 1 + static_cast<int64_t>(rng.below(5));  // ids with gaps, as MovieLens has
    mv.id[k] = id;
    mv.year[k] = static_cast<int32_t>(std::clamp(2019.0 - std::floor(-22.0 * std::log(1.0 - rng.uniform())), 1902.0, 2019.0));
    // Popularity: log-normal, a long tail of movies hardly anyone rated;
    // popular movies are rated a little higher.
    const double z = rng.normal();
    mv.weight[k] = std::exp(kPopularitySpread * z);
    mv.bias[k] = static_cast<float>(rng.normal(0, 0.35) + 0.1 * z);
    for (int f = 0; f < kDims; ++f) mv.factors[static_cast<size_t>(k) * kDims + f] = static_cast<float>(rng.normal(0, 0.42));
    // "Adj Noun", "Adj Noun, The" (MovieLens moves articles), sequels, alternative titles.
    const double form = rng.uniform();
    title = pick(kAdjectives, rng);
    title += ' ';
    title += pick(kNouns, rng);
    if (form < 0.2) title += ", The";
    else if (form < 0.3) title += " " + std::to_string(2 + rng.below(3));
    else if (form < 0.35) title += std::string(" (") + pick(kNouns, rng) + " " + pick(kAdjectives, rng) + ")";
    else if (form < 0.45) title += std::string(": ") + pick(kNouns, rng) + " of the " + pick(kNouns, rng);
    title += " (" + std::to_string(mv.year[k]) + ")";
    put(movies_csv, id);
    movies_csv += ',';
    put_field(movies_csv, title);
    movies_csv += ',';
    mv.taste[k] = kGenreCount;
    if (rng.uniform() < 0.03) {
      movies_csv += "(no genres listed)";
    } else {
      const int count = 1 + (rng.uniform() < 0.5) + (rng.uniform() < 0.2) + (rng.uniform() < 0.05);
      std::vector<std::string> names;
      for (int g = 0; g < count; ++g) {
        const int32_t drawn = genre.draw(rng);
        if (g == 0) mv.taste[k] = static_cast<int8_t>(drawn);
        names.emplace_back(kGenres[drawn].first);
      }
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (size_t g = 0; g < names.size(); ++g) movies_csv += (g ? "|" : "") + names[g];
    }
    movies_csv += '\n';
    char imdb[16];
    std::snprintf(imdb, sizeof imdb, "%07lld", static_cast<long long>((k * 7919LL + 1234) % 9000000 + 10000));
    put(links_csv, id);
    links_csv += ',';
    links_csv += imdb;
    links_csv += ',';
    if (k % 500 != 499) put(links_csv, 1000 + 3LL * k + static_cast<int64_t>(rng.below(3)));
    links_csv += '\n';
  }
  // A flat head: no movie takes more than kTopShare of the picks (the most
  // rated movie of ml-25m, ml-latest-small and ml-100k has 0.3–0.6% of the
  // ratings; log-normal alone would give one movie several percent).
  for (int pass = 0; pass < 4; ++pass) {
    double sum = 0;
    for (double w : mv.weight) sum += w;
    for (double& w : mv.weight) w = std::min(w, kTopShare * sum);
  }
  return mv;
}

// How users pick movies: kMainstream of the picks by popularity alone, the
// rest among the movies of the user's favourite genres (by popularity
// there), so that users who share tastes share movies.
struct Picker {
  explicit Picker(const Movies& mv) : popular(mv.weight), total(0), group_total(kGenreCount + 1, 0.0) {
    std::vector<std::vector<double>> w(kGenreCount + 1);
    members.resize(kGenreCount + 1);
    for (size_t k = 0; k < mv.weight.size(); ++k) {
      members[mv.taste[k]].push_back(static_cast<int32_t>(k));
      w[mv.taste[k]].push_back(mv.weight[k]);
      group_total[mv.taste[k]] += mv.weight[k];
      total += mv.weight[k];
    }
    for (auto& g : w) groups.emplace_back(g.empty() ? std::vector<double>{1.0} : g);
    std::vector<double> genre_w;
    for (const auto& g : kGenres) genre_w.push_back(g.second);
    genre.emplace_back(genre_w);
  }
  // A movie for a user whose favourite genres are fav (shares 0.5, 0.3, 0.2).
  int32_t draw(const int (&fav)[3], Rng& rng) const {
    const double x = rng.uniform();
    if (x >= kMainstream) {
      const int g = fav[x < kMainstream + 0.3 ? 0 : x < kMainstream + 0.48 ? 1 : 2];
      if (!members[g].empty()) return members[g][groups[g].draw(rng)];
    }
    return popular.draw(rng);
  }
  // The chance of each draw() landing on movie k (unnormalised where a
  // favourite genre has no movies: that share falls to popularity).
  double chance(const Movies& mv, const int (&fav)[3], int32_t k) const {
    double p = kMainstream * mv.weight[k] / total;
    const double share[3] = {0.3, 0.18, 0.12};
    for (int f = 0; f < 3; ++f) {
      if (members[fav[f]].empty()) p += share[f] * mv.weight[k] / total;
      else if (mv.taste[k] == fav[f]) p += share[f] * mv.weight[k] / group_total[fav[f]];
    }
    return p;
  }

  Alias popular;
  double total;
  std::vector<double> group_total;
  std::vector<std::vector<int32_t>> members;
  std::vector<Alias> groups, genre;  // genre: one table, favourite genres by their frequency
};

// Ratings per user: a floor of 20 (MovieLens keeps users with 20 or more)
// and a log-normal share of the rest, at most half the movies (ml-100k's
// most active user rated 44% of them) unless the sizes need more.
std::vector<int32_t> user_counts(int64_t n, int32_t users, int32_t movies, uint64_t seed) {
  Rng rng(mix(seed, 2));
  const int64_t floor_count = std::min<int64_t>(20, n / users);
  const int64_t cap = n <= static_cast<int64_t>(users) * (movies / 2) ? movies / 2 : movies;
  std::vector<double> a(users);
  for (double& x : a) x = std::exp(kActivitySpread * rng.normal());
  std::vector<int64_t> c(users, floor_count);
  // Shares of what is left over the users below the cap, until the cap and
  // rounding leave less than one rating each; then one more each in turn.
  int64_t rest = n - floor_count * users;
  for (int64_t given = 1; rest > 0 && given > 0;) {
    double open = 0;
    for (int32_t u = 0; u < users; ++u)
      if (c[u] < cap) open += a[u];
    given = 0;
    for (int32_t u = 0; u < users; ++u) {
      if (c[u] >= cap) continue;
      const int64_t add = std::min(cap - c[u], static_cast<int64_t>(std::floor(static_cast<double>(rest) * a[u] / open)));
      c[u] += add;
      given += add;
    }
    rest -= given;
  }
  for (int32_t u = 0; rest > 0; u = (u + 1) % users) {
    if (c[u] < cap) ++c[u], --rest;
  }
  return std::vector<int32_t>(c.begin(), c.end());
}

struct Scratch {
  std::vector<uint64_t> taken;                // a bit per movie
  std::vector<std::pair<double, int32_t>> keys;  // heavy users: a key per movie
  std::vector<int32_t> items;
  std::string text;
};

class RatingWriter {
 public:
  RatingWriter(const Movies& mv, const Picker& picker, const std::vector<int32_t>& counts, uint64_t seed)
      : mv_(mv), picker_(picker), counts_(counts), seed_(seed), m_(static_cast<int32_t>(mv.id.size())) {}

  Scratch scratch() const {
    Scratch s;
    s.taken.assign((static_cast<size_t>(m_) + 63) / 64, 0);
    return s;
  }

  // Appends user u's rows, sorted by movieId as in MovieLens.
  void user(int32_t u, Scratch& s) const {
    Rng rng(mix(seed_, 1000003ULL + static_cast<uint64_t>(u)));
    const int32_t n = counts_[u];
    int fav[3];
    for (int& f : fav) f = picker_.genre[0].draw(rng);
    s.items.clear();
    if (static_cast<int64_t>(n) * 3 <= m_) {  // rejection: cheap while most of the mass is free
      while (static_cast<int32_t>(s.items.size()) < n) {
        const int32_t k = picker_.draw(fav, rng);
        uint64_t& word = s.taken[k >> 6];
        const uint64_t bit = uint64_t{1} << (k & 63);
        if (word & bit) continue;
        word |= bit;
        s.items.push_back(k);
      }
      for (int32_t k : s.items) s.taken[k >> 6] = 0;
    } else {  // weighted sampling without replacement (Efraimidis & Spirakis 2006)
      s.keys.resize(m_);
      for (int32_t k = 0; k < m_; ++k) s.keys[k] = {std::log(1.0 - rng.uniform()) / picker_.chance(mv_, fav, k), k};
      std::nth_element(s.keys.begin(), s.keys.begin() + (n - 1), s.keys.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      for (int32_t j = 0; j < n; ++j) s.items.push_back(s.keys[j].second);
    }
    std::sort(s.items.begin(), s.items.end());

    float p[kDims];
    for (float& x : p) x = static_cast<float>(rng.normal(0, 0.42));
    const double bu = rng.normal(0, 0.4);
    const bool whole_stars = rng.uniform() < 0.55;
    const int64_t t0 = kFirstTime + static_cast<int64_t>(static_cast<double>(kLastTime - kFirstTime) * std::pow(rng.uniform(), 0.8));
    double span = rng.uniform() < 0.45 ? 3600.0 * (1 + 5 * rng.uniform()) : 86400.0 * std::exp(rng.normal(std::log(60.0), 1.6));
    span = std::min(span, static_cast<double>(kLastTime - t0));
    for (int32_t k : s.items) {
      double dot = 0;
      for (int f = 0; f < kDims; ++f) dot += p[f] * mv_.factors[static_cast<size_t>(k) * kDims + f];
      const bool fan = mv_.taste[k] == fav[0] || mv_.taste[k] == fav[1] || mv_.taste[k] == fav[2];
      const double score = 3.3 + bu + mv_.bias[k] + dot + (fan ? 0.25 : 0.0) + rng.normal(0, 0.7);
      const int half = whole_stars ? 2 * static_cast<int>(std::clamp(std::round(score), 1.0, 5.0))
                                   : static_cast<int>(std::clamp(std::round(2 * score), 1.0, 10.0));
      int64_t t = t0 + static_cast<int64_t>(span * std::pow(rng.uniform(), 3));
      const int64_t release = new_year(mv_.year[k]);
      if (t < release) t = std::min(kLastTime, release + static_cast<int64_t>(rng.below(180 * 86400)));
      put(s.text, u + 1);
      s.text += ',';
      put(s.text, mv_.id[k]);
      s.text += ',';
      put(s.text, half / 2);
      s.text += half % 2 ? ".5," : ".0,";
      put(s.text, t);
      s.text += '\n';
    }
  }

 private:
  const Movies& mv_;
  const Picker& picker_;
  const std::vector<int32_t>& counts_;
  uint64_t seed_;
  int32_t m_;
};

std::string tags_csv(int64_t n, int32_t users, const Movies& mv, const Picker& picker, uint64_t seed) {
  Rng rng(mix(seed, 3));
  const int32_t taggers = std::max(1, users / 11);  // ml-25m: 14,592 of 162,541 users tagged
  std::vector<int32_t> who(taggers);
  for (int32_t& w : who) w = static_cast<int32_t>(rng.below(static_cast<uint64_t>(users)));
  std::vector<double> w;
  for (int32_t k = 0; k < taggers; ++k) w.push_back(std::pow(k + 1.0, -1.1));
  const Alias tagger(w);
  const int32_t words = static_cast<int32_t>(std::size(kTagWords));
  const int32_t vocabulary = static_cast<int32_t>(std::min<int64_t>(words * words, 30 + n / 50));
  w.clear();
  for (int32_t k = 0; k < vocabulary; ++k) w.push_back(std::pow(k + 1.0, -1.05));
  const Alias tag(w);
  std::vector<std::tuple<int32_t, int32_t, int64_t, int32_t>> rows(n);  // user, movie, time, tag
  for (auto& r : rows) {
    const int32_t k = picker.popular.draw(rng);
    const int64_t from = std::max(kFirstTime, new_year(mv.year[k]));
    r = {who[tagger.draw(rng)], k, from + static_cast<int64_t>(rng.below(static_cast<uint64_t>(kLastTime - from + 1))),
         tag.draw(rng)};
  }
  std::sort(rows.begin(), rows.end());
  std::string out = "userId,movieId,tag,timestamp\n", text;
  for (const auto& [u, k, t, g] : rows) {
    // Tag g: one word, two words, or (every 97th) two joined by a comma.
    text = kTagWords[g % words];
    if (g >= words) text = std::string(kTagWords[g / words % words]) + (g % 97 == 0 ? ", " : " ") + text;
    put(out, u + 1);
    out += ',';
    put(out, mv.id[k]);
    out += ',';
    put_field(out, text);
    out += ',';
    put(out, t);
    out += '\n';
  }
  return out;
}

std::string join(const std::string& folder, const char* file) {
  return folder.empty() || folder.back() == '/' ? folder + file : folder + "/" + file;
}

}  // namespace

GenerateSummary generate_movielens(const std::string& folder, const GenerateOptions& o) {
  auto bad = [](const std::string& why) { throw Error(ErrorCode::InvalidArgument, "generate: " + why); };
  const int64_t n = o.ratings;
  if (n < 1) bad("--ratings must be at least 1");
  const int64_t users = o.users > 0 ? o.users : std::max<int64_t>(1, std::llround(static_cast<double>(n) / 153.8));
  int64_t movies = o.movies;
  if (movies <= 0)
    movies = std::max<int64_t>((n + users - 1) / users,
                               std::llround(59047.0 * std::pow(static_cast<double>(n) / 25000095.0, 0.6)));
  if (o.users < 0 || o.movies < 0) bad("--users and --movies must be positive");
  if (users > n) bad(std::to_string(users) + " users need at least as many ratings (one each); got " + std::to_string(n));
  if (movies > INT32_MAX / 2 || users > INT32_MAX / 2) bad("too many users or movies");
  if (n > users * movies)
    bad(std::to_string(n) + " ratings do not fit " + std::to_string(users) + " users × " + std::to_string(movies) +
        " movies (at most one rating per user and movie)");
  const int64_t n_tags = o.tags < 0 ? n / 23 : o.tags;

  if (::mkdir(folder.c_str(), 0755) != 0 && errno != EEXIST)
    throw Error(ErrorCode::Io, folder + ": cannot create the folder: " + std::strerror(errno));

  GenerateSummary sum;
  sum.ratings = n;
  sum.users = static_cast<int32_t>(users);
  sum.movies = static_cast<int32_t>(movies);
  sum.tags = n_tags;
  std::string movies_csv, links_csv;
  const Movies mv = make_movies(sum.movies, o.seed, movies_csv, links_csv);
  const Picker picker(mv);
  for (auto [file, text] : {std::pair<const char*, const std::string*>{"movies.csv", &movies_csv}, {"links.csv", &links_csv}}) {
    OutFile f(join(folder, file));
    f.write(*text);
    sum.bytes += f.close();
  }
  movies_csv = links_csv = std::string();
  if (n_tags > 0) {
    OutFile f(join(folder, "tags.csv"));
    f.write(tags_csv(n_tags, sum.users, mv, picker, o.seed));
    sum.bytes += f.close();
  } else {
    std::remove(join(folder, "tags.csv").c_str());
  }

  const std::vector<int32_t> counts = user_counts(n, sum.users, sum.movies, o.seed);
  const RatingWriter writer(mv, picker, counts, o.seed);
  OutFile f(join(folder, "ratings.csv"));
  f.write("userId,movieId,rating,timestamp\n");
  // Pieces of users written in order; a batch of pieces at a time in parallel.
  const int64_t pieces = (users + kUsersPerPiece - 1) / kUsersPerPiece;
  const int64_t batch = 64;
  std::vector<std::string> text(batch);
  for (int64_t first = 0; first < pieces; first += batch) {
    const int64_t last = std::min(pieces, first + batch);
    parallel_for(first, last, o.threads, [&] { return writer.scratch(); }, [&](Scratch& s, int64_t piece) {
      s.text.clear();
      const int64_t hi = std::min<int64_t>(users, (piece + 1) * kUsersPerPiece);
      for (int64_t u = piece * kUsersPerPiece; u < hi; ++u) writer.user(static_cast<int32_t>(u), s);
      text[piece - first].swap(s.text);
    });
    for (int64_t p = first; p < last; ++p) f.write(text[p - first]);
  }
  sum.bytes += f.close();
  return sum;
}

}  // namespace cinerec
