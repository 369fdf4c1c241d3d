// The TMDb reader (cinerec/tmdb.hpp) against the fixtures of tests/fixtures/tmdb
// (written by make-fixtures.mjs in TMDb's documented /movie/{id}?append_to_
// response=credits,keywords format and in The Movies Dataset's CSV layout),
// the TMDB snapshot section, and what the content model makes of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "cinerec/error.hpp"
#include "cinerec/model.hpp"
#include "cinerec/movielens.hpp"
#include "cinerec/session.hpp"
#include "cinerec/snapshot.hpp"
#include "cinerec/tmdb.hpp"
#include "data/tmdb_parse.hpp"
#include "same_dataset.hpp"

using namespace cinerec;

namespace {

const std::string kDir = std::string(CINEREC_SOURCE_DIR) + "/tests/fixtures/tmdb/";

Dataset plain() { return load_movielens(kDir + "movielens"); }

// The fixture's MovieLens folder with TMDb data from `folder`.
Dataset enriched(const std::string& folder, TmdbReport* report = nullptr, const TmdbOptions& o = {}) {
  Dataset d = plain();
  auto cat = std::make_shared<Catalog>(*d.catalog);
  TmdbReport r = add_tmdb(*cat, kDir + folder, o);
  if (report) *report = r;
  d.catalog = cat;
  return d;
}

const MovieDetails& details_of(const Dataset& d, int64_t movie_id) {
  const int32_t i = d.catalog->find(movie_id);
  EXPECT_GE(i, 0) << movie_id;
  return d.catalog->details.at(static_cast<size_t>(i));
}

std::vector<std::string> names(const std::vector<int32_t>& idx, const std::vector<std::string>& table) {
  std::vector<std::string> out;
  for (int32_t k : idx) out.push_back(table.at(static_cast<size_t>(k)));
  return out;
}

int32_t skipped(const TmdbReport& r, const std::string& reason) {
  auto it = r.skipped.find(reason);
  return it == r.skipped.end() ? 0 : it->second;
}

}  // namespace

TEST(Tmdb, ReadsSavedResponses) {
  TmdbReport r;
  Dataset d = enriched("responses", &r);
  EXPECT_EQ(r.layout, "responses");
  EXPECT_EQ(r.movies, 33);
  EXPECT_EQ(r.with_id, 32);  // Mad Max has no tmdbId in links.csv
  EXPECT_EQ(r.missing, 2);   // Rocky and Awakenings have no saved response
  EXPECT_EQ(r.enriched, 30);
  EXPECT_EQ(r.parsed, 30);
  EXPECT_TRUE(r.skipped.empty());
  EXPECT_EQ(r.incomplete, 0);

  const Catalog& c = *d.catalog;
  const MovieDetails& heat = details_of(d, 6);
  EXPECT_EQ(names(heat.directors, c.people), std::vector<std::string>{"Michael Mann"});  // not the Screenplay credit
  // Saved in reverse order: the reader follows `order`, and keeps the top 6.
  EXPECT_EQ(names(heat.cast, c.people), (std::vector<std::string>{"Al Pacino", "Robert De Niro", "Val Kilmer",
                                                                  "Jon Voight", "Tom Sizemore", "Amy Brenneman"}));
  std::vector<std::string> kw = names(heat.keywords, c.keyword_names);
  std::sort(kw.begin(), kw.end());
  EXPECT_EQ(kw, (std::vector<std::string>{"bank robbery", "detective", "heist", "los angeles", "obsession", "shootout"}));
  EXPECT_EQ(heat.runtime, 170);
  EXPECT_EQ(heat.language, "en");
  EXPECT_EQ(heat.overview.rfind("A driven Los Angeles detective", 0), 0u);

  const MovieDetails& lebowski = details_of(d, 1732);
  EXPECT_EQ(names(lebowski.directors, c.people), (std::vector<std::string>{"Joel Coen", "Ethan Coen"}));
  EXPECT_EQ(details_of(d, 2019).language, "ja");
  EXPECT_TRUE(details_of(d, 3702).empty());  // Mad Max: no id
  EXPECT_TRUE(details_of(d, 1954).empty());  // Rocky: no response
  EXPECT_TRUE(std::is_sorted(c.people.begin(), c.people.end()));
  EXPECT_TRUE(std::is_sorted(c.keyword_names.begin(), c.keyword_names.end()));

  TmdbOptions o;
  o.max_cast = 2;
  o.overview = false;
  Dataset lean = enriched("responses", nullptr, o);
  EXPECT_EQ(details_of(lean, 6).cast.size(), 2u);
  EXPECT_TRUE(details_of(lean, 6).overview.empty());
}

TEST(Tmdb, TheCsvLayoutGivesTheSameDetails) {
  TmdbReport r;
  Dataset csv = enriched("movies-dataset", &r);
  EXPECT_EQ(r.layout, "movies-dataset");
  EXPECT_EQ(r.with_id, 33);  // Mad Max by its IMDb id
  EXPECT_EQ(r.enriched, 31);
  EXPECT_EQ(r.missing, 2);
  // The rows the real file has too: shifted, cut short, a second row.
  EXPECT_EQ(skipped(r, "not a movie id"), 1);
  EXPECT_EQ(skipped(r, "wrong number of fields"), 1);
  EXPECT_EQ(skipped(r, "a second row for one movie"), 1);
  EXPECT_EQ(r.incomplete, 0);

  Dataset json = enriched("responses");
  const Catalog& a = *json.catalog;
  const Catalog& b = *csv.catalog;
  for (size_t i = 0; i < a.movies.size(); ++i) {
    const MovieDetails& x = a.details[i];
    const MovieDetails& y = b.details[i];
    const int64_t id = a.movies[i].id;
    if (id == 3702) {  // Mad Max: only in the CSV layout, joined on the IMDb id
      EXPECT_TRUE(x.empty());
      EXPECT_EQ(names(y.directors, b.people), std::vector<std::string>{"George Miller"});
      continue;
    }
    EXPECT_EQ(x.overview, y.overview) << id;  // the first row wins over the duplicate
    EXPECT_EQ(names(x.directors, a.people), names(y.directors, b.people)) << id;
    EXPECT_EQ(names(x.cast, a.people), names(y.cast, b.people)) << id;
    EXPECT_EQ(names(x.keywords, a.keyword_names), names(y.keywords, b.keyword_names)) << id;
    EXPECT_EQ(x.runtime, y.runtime) << id;
    EXPECT_EQ(x.language, y.language) << id;
  }
}

TEST(Tmdb, BadResponsesAreCountedAndSkipped) {
  TmdbReport r;
  Dataset d = enriched("bad-responses", &r);
  EXPECT_EQ(r.with_id, 32);
  EXPECT_EQ(r.missing, 25);
  EXPECT_EQ(skipped(r, "not valid JSON"), 1);         // 949: cut off
  EXPECT_EQ(skipped(r, "another movie's id"), 1);     // 238 holds 240
  EXPECT_EQ(skipped(r, "an error response"), 1);      // 103: TMDb's 404 body
  EXPECT_EQ(skipped(r, "not a movie object"), 1);     // 111: []
  EXPECT_EQ(r.incomplete, 2);                         // 240 (fields missing), 524 (broken entries)
  EXPECT_EQ(r.enriched, 3);
  EXPECT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find(".json: "), std::string::npos);

  EXPECT_TRUE(details_of(d, 6).empty());
  EXPECT_TRUE(details_of(d, 858).empty());
  const MovieDetails& part2 = details_of(d, 1221);
  EXPECT_EQ(part2.runtime, 202);
  EXPECT_TRUE(part2.overview.empty() && part2.cast.empty() && part2.keywords.empty());
  // Casino: the two broken cast entries and the nameless director are left
  // out, the keywords (not a list) and the runtime ("long") too; the rest kept.
  const MovieDetails& casino = details_of(d, 16);
  const Catalog& c = *d.catalog;
  EXPECT_EQ(names(casino.cast, c.people),
            (std::vector<std::string>{"Joe Pesci", "James Woods", "Don Rickles", "Alan King"}));
  EXPECT_EQ(names(casino.directors, c.people), std::vector<std::string>{"Martin Scorsese"});
  EXPECT_TRUE(casino.keywords.empty());
  EXPECT_EQ(casino.runtime, 0);
  EXPECT_FALSE(casino.overview.empty());
}

TEST(Tmdb, FoldersThatCannotBeUsed) {
  Catalog cat = *plain().catalog;
  try {
    add_tmdb(cat, kDir + "no-such-folder");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
    EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos);
  }
  try {
    add_tmdb(cat, kDir + "movielens");  // a folder without one response
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotFound);
    EXPECT_NE(std::string(e.what()).find("holds no response"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(cat.details.empty());
}

TEST(Tmdb, ResponseFields) {
  TmdbOptions o;
  o.max_overview_bytes = 40;
  const std::string long_text(5000, 'x');
  tmdb::Entry e = tmdb::parse_response(
      R"({"id": 7, "imdb_id": "tt0000042", "overview": "One two three four five six seven eight nine ten eleven",
          "runtime": 99.6, "original_language": "xx",
          "credits": {"cast": [{"name": "B", "order": 1}, {"name": "A", "order": 0}, {"name": "A", "order": 2},
                               {"name": "  C\tD  "}],
                      "crew": [{"job": "Director", "name": "E"}, {"job": "Director", "name": "E"},
                               {"job": "Writer", "name": "F"}]},
          "keywords": {"keywords": [{"name": "k"}, {"id": 3}]}})",
      o);
  EXPECT_EQ(e.id, 7);
  EXPECT_EQ(e.imdb_id, 42);
  EXPECT_EQ(e.overview, "One two three four five six seven\xE2\x80\xA6");  // cut at a word, marked
  EXPECT_TRUE(e.overview_cut);
  EXPECT_EQ(e.runtime, 100);
  EXPECT_EQ(e.language, "");  // "xx": no language
  EXPECT_EQ(e.cast, (std::vector<std::string>{"A", "B", "C D"}));
  EXPECT_EQ(e.directors, std::vector<std::string>{"E"});
  EXPECT_EQ(e.keywords, std::vector<std::string>{"k"});
  ASSERT_EQ(e.problems.size(), 1u);
  EXPECT_EQ(e.problems[0], "a keyword without a usable name");

  // A huge overview is cut, not refused; a huge name is left out.
  tmdb::Entry big = tmdb::parse_response(
      "{\"id\": 1, \"overview\": \"" + long_text + "\", \"credits\": {\"cast\": [{\"name\": \"" + long_text +
          "\"}], \"crew\": []}, \"keywords\": {\"keywords\": []}, \"runtime\": null, \"original_language\": \"en\"}",
      TmdbOptions{});
  EXPECT_LE(big.overview.size(), TmdbOptions{}.max_overview_bytes);
  EXPECT_TRUE(big.cast.empty());

  auto reason = [](const std::string& text) {
    try {
      tmdb::parse_response(text, TmdbOptions{});
    } catch (const tmdb::Skip& s) {
      return s.reason;
    }
    return std::string("parsed");
  };
  EXPECT_EQ(reason("{\"id\": 3"), "not valid JSON");
  EXPECT_EQ(reason("\"text\""), "not a movie object");
  EXPECT_EQ(reason("{\"id\": -3}"), "not a movie object");
  EXPECT_EQ(reason("{\"id\": \"3\"}"), "not a movie object");
  EXPECT_EQ(reason("{\"success\": false, \"status_message\": \"Invalid API key\"}"), "an error response");
  EXPECT_EQ(reason("{\"id\": 3}"), "parsed");
}

TEST(Tmdb, PythonLiterals) {
  using tmdb::python_literal;
  EXPECT_EQ(python_literal(R"([{'name': 'It\'s', "job": "O'Neil", 'x': None, 'ok': True, 'n': (1, -2.5e1)}])"),
            tmdb::Json::parse(R"([{"name": "It's", "job": "O'Neil", "x": null, "ok": true, "n": [1, -25.0]}])"));
  EXPECT_EQ(python_literal(R"('Toshir\xc5\x8d \u00c5 \U0001F600 a\\b')").get<std::string>(),
            "Toshir\xC3\x85\xC2\x8D \xC3\x85 \xF0\x9F\x98\x80 a\\b");  // \x is a code point, as Python reads it
  EXPECT_EQ(python_literal("[]"), tmdb::Json::array());
  EXPECT_EQ(python_literal(" [1, 2, ] "), tmdb::Json::parse("[1, 2]"));
  auto reason = [](const std::string& text) {
    try {
      python_literal(text);
    } catch (const tmdb::Skip& s) {
      return std::string(s.what());
    }
    return std::string("parsed");
  };
  EXPECT_EQ(reason("[{'a': 'b'"), "expected ',' or '}' at offset 10");
  EXPECT_EQ(reason("['abc"), "unterminated string at offset 5");
  EXPECT_EQ(reason("[1] x"), "unexpected text after the value at offset 4");
  EXPECT_EQ(reason("[nope]"), "expected a value at offset 1");
  EXPECT_EQ(reason(std::string(100, '[') + std::string(100, ']')), "nested deeper than 64 at offset 65");
}

TEST(Tmdb, SnapshotSectionRoundTrips) {
  Dataset d = enriched("responses");
  std::vector<uint8_t> bytes = write_snapshot(d);
  SnapshotInfo info = snapshot_info(bytes.data(), bytes.size());
  EXPECT_TRUE(info.has_tmdb);
  Dataset back = read_snapshot(bytes);
  expect_same_dataset(d, back, false);
  EXPECT_EQ(write_snapshot(back), bytes);

  // The writer refuses a name index beyond its table.
  auto cat = std::make_shared<Catalog>(*d.catalog);
  cat->details[0].cast.push_back(static_cast<int32_t>(cat->people.size()));
  d.catalog = cat;
  EXPECT_THROW(write_snapshot(d), Error);
}

// A snapshot without TMDb data is byte for byte what it was, and nothing of
// the catalogue changes; an enriched catalogue with its details dropped
// writes the same bytes as the plain one.
TEST(Tmdb, WithoutTmdbNothingChanges) {
  Dataset d = plain();
  std::vector<uint8_t> bytes = write_snapshot(d);
  SnapshotInfo info = snapshot_info(bytes.data(), bytes.size());
  EXPECT_FALSE(info.has_tmdb);
  for (const SnapshotSection& s : info.sections) EXPECT_NE(s.tag, "TMDB");
  Dataset back = read_snapshot(bytes);
  EXPECT_TRUE(back.catalog->details.empty());
  EXPECT_TRUE(back.catalog->people.empty());

  Dataset e = enriched("responses");
  auto cat = std::make_shared<Catalog>(*e.catalog);
  cat->details.clear();
  cat->people.clear();
  cat->keyword_names.clear();
  e.catalog = cat;
  EXPECT_EQ(write_snapshot(e), bytes);

  // The content model of the plain catalogue: no TMDb feature, and the same
  // model whatever the TMDb weights.
  auto a = make_model("content");
  auto b = make_model("content", Json{{"director_weight", 3}, {"cast_weight", 0}, {"overview_weight", 2}});
  a->fit(d, FitOptions{});
  b->fit(d, FitOptions{});
  const Profile p = {{d.catalog->find(6), 5.0f}, {d.catalog->find(1732), 1.0f}};
  EXPECT_EQ(a->score(p), b->score(p));
  for (int32_t item = 0; item < d.n_items(); ++item)
    for (const Explanation::Part& part : a->explain(p, item).parts)
      EXPECT_TRUE(part.kind != ReasonKind::Director && part.kind != ReasonKind::Cast &&
                  part.kind != ReasonKind::Keyword && part.kind != ReasonKind::OverviewWord);
}

TEST(Tmdb, ContentNamesDirectorsAndCast) {
  Session s(enriched("responses"));
  s.train("content", Json::object(), FitOptions{});
  const Catalog& c = s.catalog();
  // Someone who liked two Michael Mann films and nothing else.
  Profile p = s.profile({{6, 5.0f}, {5867, 5.0f}, {1732, 1.0f}});
  const int32_t collateral = c.find(8798);
  Why why = s.explain(p, collateral);
  bool director = false;
  for (const Reason& r : why.parts)
    director = director || (r.kind == ReasonKind::Director && r.name == "Michael Mann" && r.weight > 0);
  EXPECT_TRUE(director) << to_json(why).dump();
  const Json j = to_json(why);
  EXPECT_NE(j.dump().find(R"("kind":"director","name":"Michael Mann")"), std::string::npos) << j.dump();

  // Al Pacino's films explain one another by him.
  Profile pacino = s.profile({{858, 5.0f}, {1221, 5.0f}});
  bool cast = false;
  for (const Reason& r : s.explain(pacino, c.find(3362)).parts)  // Dog Day Afternoon
    cast = cast || (r.kind == ReasonKind::Cast && r.name == "Al Pacino");
  EXPECT_TRUE(cast);

  // The Mann films rise: with the director weight at zero they rank lower.
  auto rank_of = [&](Session& session, int32_t item) {
    auto list = session.recommend(p, c.size(), Filters{}, false);
    for (size_t k = 0; k < list.size(); ++k)
      if (list[k].item == item) return static_cast<int32_t>(k);
    return -1;
  };
  const int32_t with = rank_of(s, collateral);
  Session without(enriched("responses"));
  without.train("content", Json{{"director_weight", 0}}, FitOptions{});
  EXPECT_LT(with, rank_of(without, collateral));
}

TEST(Tmdb, HybridPassesTheWeightsToContent) {
  Session s(enriched("responses"));
  s.train("hybrid",
          Json{{"components", Json::array({Json{{"algorithm", "popularity"}, {"weight", 0.1}},
                                           Json{{"algorithm", "content"},
                                                {"params", Json{{"director_weight", 2.0}}},
                                                {"weight", 0.9}}})}},
          FitOptions{});
  Profile p = s.profile({{6, 5.0f}, {5867, 5.0f}});
  bool director = false;
  for (const Reason& r : s.explain(p, s.catalog().find(8798)).parts)
    director = director || (r.kind == ReasonKind::Director && r.name == "Michael Mann");
  EXPECT_TRUE(director);
}

// The contract suite's rule for the four TMDb weights, on the enriched fixture
// (the contract's synthetic slice has no TMDb details to weigh).
TEST(Tmdb, EachTmdbWeightChangesTheScores) {
  const Dataset d = enriched("responses");
  const Profile p = {{d.catalog->find(6), 5.0f}, {d.catalog->find(858), 4.0f}, {d.catalog->find(1732), 1.5f}};
  auto scores = [&](const Json& params) {
    auto m = make_model("content", params);
    m->fit(d, FitOptions{});
    return m->score(p);
  };
  const std::vector<float> base = scores(Json::object());
  for (const char* key : {"director_weight", "cast_weight", "keyword_weight", "overview_weight"}) {
    const std::vector<float> changed = scores(Json{{key, 3.0}});
    float diff = 0;
    for (size_t i = 0; i < base.size(); ++i) diff = std::max(diff, std::fabs(base[i] - changed[i]));
    EXPECT_GT(diff, 1e-6f) << key;
  }
}
