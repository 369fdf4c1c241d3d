// content — content-based filtering with TF-IDF item vectors and cosine
// similarity (Lops, de Gemmis & Semeraro 2011, "Content-based Recommender
// Systems: State of the Art and Trends"; TF-IDF as in Salton & Buckley 1988
// and scikit-learn's TfidfVectorizer with smooth_idf and sublinear_tf).
//
// Features of a movie, in eight groups, named as explain() shows them:
//   genre:Crime      each genre of the movie, tf = 1
//   tag:heist        each tag people gave it (lowercased), tf = 1 + ln(count)
//   word:godfather   each title word (lowercased, stop-words and 1-letter
//                    words removed), tf = 1 + ln(count)
//   decade:1970s     the decade of its year, tf = 1
// and, on a snapshot with TMDb details (cinerec snapshot --tmdb):
//   director:Michael Mann   each director, tf = 1
//   cast:Al Pacino          each top-billed actor, tf = 1
//   keyword:bank robbery    each TMDb keyword, tf = 1
//   plot:robbery            each overview word (as title words), tf = 1 + ln(count)
//   idf_f = ln((1 + N) / (1 + df_f)) + 1,  features with df_f < min_df dropped
//   v_i = Σ_groups w_g · normalise(tf·idf of the group) , then v_i ← v_i / ‖v_i‖
// so each group's share is set by its weight (genre_weight, tag_weight,
// title_weight, decade_weight, director_weight, cast_weight, keyword_weight,
// overview_weight), whatever the number of tags or words. A movie without a
// group (no tags, no TMDb details) has no share in it: on a snapshot without
// TMDb details the vectors are exactly those of the first four groups. The
// four TMDb weights are guesses, not tuned: no TMDb data was reachable where
// they were chosen (bench/README-tmdb.md gives the command that measures them).
// People are keyed by name: two people of the same name are one feature.
//
// A user's profile vector is the rating-weighted, mean-centred sum of the
// vectors of what they rated (profile_weights.hpp), and
//   score(profile)_i = cos(p, v_i) = pᵀ v_i / ‖p‖.
// There is no training on ratings: fit builds the vectors from the catalogue
// and an inverted index (feature → items), so scoring a profile and finding an
// item's neighbours touch only items that share a feature, and no n×n matrix
// is ever formed (the 20 nearest movies of all 9,742 in ml-latest-small take
// a fraction of a second).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "cinerec/error.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/profile_weights.hpp"
#include "models/registry.hpp"
#include "models/topk.hpp"

namespace cinerec {
namespace {

const std::set<std::string>& stop_words() {
  static const std::set<std::string> s = {
      // English
      "about", "after", "all", "also", "an", "and", "another", "any", "are", "as", "at", "be", "been",
      "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "down",
      "each", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "if", "in",
      "into", "is", "it", "its", "just", "me", "more", "most", "my", "no", "not", "of", "off", "on",
      "one", "only", "or", "other", "our", "out", "over", "own", "same", "she", "so", "some", "such",
      "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
      "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
      "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
      // articles and particles of the other languages in MovieLens titles, and "a.k.a."
      "aka", "da", "das", "de", "dei", "del", "della", "der", "des", "di", "die", "du", "een", "ein",
      "eine", "el", "en", "et", "het", "il", "la", "las", "le", "les", "lo", "los", "och", "un", "una",
      "und", "une", "y"};
  return s;
}

// Lowercased words of a title: runs of ASCII letters and digits, with any
// non-ASCII UTF-8 bytes kept inside words.
std::vector<std::string> title_words(const std::string& title) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.size() >= 2 && !stop_words().count(cur)) out.push_back(cur);
    cur.clear();
  };
  for (unsigned char c : title) {
    if (c >= 0x80 || std::isalnum(c)) cur += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    else if (c != '\'') flush();  // "Schindler's" stays one word
  }
  flush();
  return out;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The n best positive scores, as top_k would give them, but fast on a dense
// vector: the n-th largest of the block maxima is a lower bound of the n-th
// largest score, so only the few scores above it reach the heap.
std::vector<Scored> top_positive(const std::vector<float>& s, int32_t n) {
  constexpr size_t kBlock = 64;
  std::vector<float> maxima;
  maxima.reserve(s.size() / kBlock + 1);
  for (size_t b = 0; b < s.size(); b += kBlock) {
    float m = 0.0f;
    const size_t e = std::min(s.size(), b + kBlock);
    for (size_t j = b; j < e; ++j) m = std::max(m, s[j]);
    maxima.push_back(m);
  }
  float bound = 0.0f;  // scores must be > 0 anyway
  if (n > 0 && static_cast<size_t>(n) <= maxima.size()) {
    std::nth_element(maxima.begin(), maxima.begin() + (n - 1), maxima.end(), std::greater<float>());
    bound = maxima[n - 1];
  }
  std::vector<float> kept;
  std::vector<int32_t> index;
  for (size_t j = 0; j < s.size(); ++j)
    if (s[j] >= bound && s[j] > 0.0f) {
      kept.push_back(s[j]);
      index.push_back(static_cast<int32_t>(j));
    }
  std::vector<Scored> out = top_k(kept, n);
  for (Scored& x : out) x.item = index[x.item];
  return out;
}

class Content final : public ModelBase {
 public:
  explicit Content(const Json& given) : ModelBase("content") {
    ParamReader p(name_, given);
    w_[0] = static_cast<float>(p.number("genre_weight", 1.0, 0, 1000));
    w_[1] = static_cast<float>(p.number("tag_weight", 1.0, 0, 1000));
    w_[2] = static_cast<float>(p.number("title_weight", 0.5, 0, 1000));
    w_[3] = static_cast<float>(p.number("decade_weight", 0.5, 0, 1000));
    w_[4] = static_cast<float>(p.number("director_weight", 1.0, 0, 1000));
    w_[5] = static_cast<float>(p.number("cast_weight", 0.75, 0, 1000));
    w_[6] = static_cast<float>(p.number("keyword_weight", 0.75, 0, 1000));
    w_[7] = static_cast<float>(p.number("overview_weight", 0.5, 0, 1000));
    min_df_ = p.integer("min_df", 2, 1, 1000000);
    params_ = p.finish();
  }

  bool predicts_ratings() const override { return false; }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const Catalog* cat = train.catalog.get();
    if (!cat || cat->size() != train.n_items())
      throw Error(ErrorCode::InvalidArgument, "content: the dataset has no catalogue matching its items");
    const int32_t n = cat->size();
    const bool tags = cat->movie_tags.size() == static_cast<size_t>(n) && !cat->tag_names.empty();
    const bool details = cat->details.size() == static_cast<size_t>(n);

    // Raw term frequencies per item, with feature names interned.
    std::map<std::string, int32_t> index;
    std::vector<std::string> names;
    std::vector<int32_t> group_of;
    std::vector<std::map<int32_t, float>> tf(n);
    auto add = [&](int32_t item, int32_t group, const std::string& feature, float count) {
      auto it = index.find(feature);
      if (it == index.end()) {
        it = index.emplace(feature, static_cast<int32_t>(names.size())).first;
        names.push_back(feature);
        group_of.push_back(group);
      }
      tf[item][it->second] += count;
    };
    for (int32_t i = 0; i < n; ++i) {
      const Movie& m = cat->movies[i];
      for (size_t g = 0; g < cat->genre_names.size() && g < 32; ++g)
        if ((m.genres >> g) & 1u) add(i, 0, "genre:" + cat->genre_names[g], 1.0f);
      if (tags)
        for (const TagCount& t : cat->movie_tags[i])
          if (t.tag >= 0 && t.tag < static_cast<int32_t>(cat->tag_names.size()) && t.count > 0)
            add(i, 1, "tag:" + lower(cat->tag_names[t.tag]), static_cast<float>(t.count));
      for (const std::string& w : title_words(m.title)) add(i, 2, "word:" + w, 1.0f);
      if (m.year > 0) add(i, 3, "decade:" + std::to_string(m.year / 10 * 10) + "s", 1.0f);
      if (!details) continue;
      const MovieDetails& d = cat->details[i];
      auto name = [](const std::vector<std::string>& names, int32_t k) {
        return k >= 0 && static_cast<size_t>(k) < names.size() ? names[k] : std::string();
      };
      for (int32_t k : d.directors) add(i, 4, "director:" + name(cat->people, k), 1.0f);
      for (int32_t k : d.cast) add(i, 5, "cast:" + name(cat->people, k), 1.0f);
      for (int32_t k : d.keywords) add(i, 6, "keyword:" + name(cat->keyword_names, k), 1.0f);
      for (const std::string& w : title_words(d.overview)) add(i, 7, "plot:" + w, 1.0f);
    }

    // Document frequencies, the kept features (in name order, so the layout
    // does not depend on the catalogue's order), and idf.
    std::vector<int32_t> df(names.size(), 0);
    for (const auto& row : tf)
      for (const auto& kv : row) ++df[kv.first];
    std::vector<int32_t> remap(names.size(), -1);
    features_.clear();
    groups_.clear();
    idf_.clear();
    for (const auto& kv : index) {  // std::map: sorted by name
      const int32_t f = kv.second;
      if (df[f] < min_df_) continue;
      remap[f] = static_cast<int32_t>(features_.size());
      features_.push_back(names[f]);
      groups_.push_back(static_cast<uint8_t>(group_of[f]));
      idf_.push_back(static_cast<float>(std::log((1.0 + n) / (1.0 + df[f])) + 1.0));
    }

    ptr_.assign(1, 0);
    feat_.clear();
    val_.clear();
    std::vector<std::pair<int32_t, float>> row;
    for (int32_t i = 0; i < n; ++i) {
      row.clear();
      for (const auto& kv : tf[i]) {
        const int32_t f = remap[kv.first];
        if (f < 0) continue;
        const float t = kLogTf[groups_[f]] ? 1.0f + std::log(kv.second) : 1.0f;
        row.push_back({f, t * idf_[f]});
      }
      std::sort(row.begin(), row.end());
      double group_sq[kGroups] = {};
      for (const auto& e : row) group_sq[groups_[e.first]] += static_cast<double>(e.second) * e.second;
      double total = 0;
      for (auto& e : row) {
        const int g = groups_[e.first];
        e.second = group_sq[g] > 0 ? static_cast<float>(w_[g] * e.second / std::sqrt(group_sq[g])) : 0.0f;
        total += static_cast<double>(e.second) * e.second;
      }
      for (const auto& e : row) {
        if (e.second == 0.0f) continue;
        feat_.push_back(e.first);
        val_.push_back(static_cast<float>(e.second / std::sqrt(total)));
      }
      ptr_.push_back(static_cast<int64_t>(feat_.size()));
    }
    build_postings();
    progress.report("features");
    trained_ = true;
  }

  // The profile's unit feature vector p/|p| against every item's (inverted index).
  void fold_into(UserState& state) const override {
    auto d = std::make_shared<Folded>();
    d->p = profile_vector(state.profile);
    std::vector<float>& s = state.scores;
    s.assign(n_items(), 0.0f);
    double norm = 0;
    for (float x : d->p) norm += static_cast<double>(x) * x;
    if (norm > 0) {
      const float inv = static_cast<float>(1.0 / std::sqrt(norm));
      for (float& x : d->p) x *= inv;
      for (size_t f = 0; f < d->p.size(); ++f) {
        const float pf = d->p[f];
        if (pf == 0.0f) continue;
        for (int64_t x = post_ptr_[f]; x < post_ptr_[f + 1]; ++x) s[post_item_[x]] += pf * post_val_[x];
      }
    }
    state.detail = std::move(d);
  }

  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    std::vector<float> s(n_items(), 0.0f);
    for (int64_t x = ptr_[item]; x < ptr_[item + 1]; ++x) {
      const float v = val_[x];
      const int32_t f = feat_[x];
      for (int64_t y = post_ptr_[f]; y < post_ptr_[f + 1]; ++y) s[post_item_[y]] += v * post_val_[y];
    }
    s[item] = 0.0f;
    return top_positive(s, n);
  }

  // The features the item shares with the profile, each p_f · v_if.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    auto d = detail_of<Folded>(state, [&] {
      UserState again = fold(state.profile);
      return std::static_pointer_cast<const Folded>(again.detail);
    });
    Explanation e;
    for (int64_t x = ptr_[item]; x < ptr_[item + 1]; ++x) {
      const float c = d->p[feat_[x]] * val_[x];
      if (c == 0.0f) continue;
      e.parts.push_back(feature_part(kKinds[groups_[feat_[x]]], feat_[x], c));
    }
    keep_strongest(e.parts, 5);
    return e;
  }

  // "genre:Comedy" → "Comedy", "director:Michael Mann" → "Michael Mann".
  std::string feature_name(ReasonKind, int32_t feature) const override {
    if (feature < 0 || static_cast<size_t>(feature) >= features_.size()) return std::string();
    const std::string& f = features_[feature];
    const size_t colon = f.find(':');
    return colon == std::string::npos ? f : f.substr(colon + 1);
  }

  std::vector<uint8_t> save() const override {
    ByteWriter w = begin_save(*this);
    w.f32(ctx_.rating_min);
    w.f32(ctx_.rating_max);
    w.u64(features_.size());
    for (const std::string& f : features_) w.str(f);
    w.vec(groups_);
    w.vec(idf_);
    w.vec(ptr_);
    w.vec(feat_);
    w.vec(val_);
    return end_save(w);
  }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    ctx_.rating_min = r.f32();
    ctx_.rating_max = r.f32();
    const uint64_t nf = r.u64();
    if (nf > r.remaining() / 4) r.fail("content: feature count runs past the end");
    features_.clear();
    for (uint64_t f = 0; f < nf; ++f) features_.push_back(r.str());
    groups_ = r.vec<uint8_t>();
    idf_ = r.vec<float>();
    ptr_ = r.vec<int64_t>();
    feat_ = r.vec<int32_t>();
    val_ = r.vec<float>();
    if (groups_.size() != nf || idf_.size() != nf || ptr_.empty() || ptr_.front() != 0 ||
        static_cast<size_t>(ptr_.back()) != feat_.size() || feat_.size() != val_.size())
      r.fail("content: vectors do not match");
    for (size_t x = 1; x < ptr_.size(); ++x)
      if (ptr_[x] < ptr_[x - 1]) r.fail("content: offsets decrease");
    for (int32_t f : feat_)
      if (f < 0 || static_cast<uint64_t>(f) >= nf) r.fail("content: feature index out of range");
    for (uint8_t g : groups_)
      if (g >= kGroups) r.fail("content: unknown feature group");
    build_postings();
    ctx_.n_items = n_items();
    trained_ = true;
  }

 private:
  int32_t n_items() const { return static_cast<int32_t>(ptr_.size()) - 1; }
  void check_item(int32_t item) const { check_index(item, n_items(), "item"); }
  // Transposes the item vectors into feature → (item, value) lists.
  void build_postings() {
    const size_t nf = features_.size();
    post_ptr_.assign(nf + 1, 0);
    for (int32_t f : feat_) ++post_ptr_[f + 1];
    for (size_t f = 0; f < nf; ++f) post_ptr_[f + 1] += post_ptr_[f];
    post_item_.resize(feat_.size());
    post_val_.resize(feat_.size());
    std::vector<int64_t> fill(post_ptr_.begin(), post_ptr_.end() - 1);
    for (int32_t i = 0; i < n_items(); ++i)
      for (int64_t x = ptr_[i]; x < ptr_[i + 1]; ++x) {
        const int64_t at = fill[feat_[x]]++;
        post_item_[at] = i;
        post_val_[at] = val_[x];
      }
  }
  // p = Σ_j w_j v_j over the profile, dense over the features.
  std::vector<float> profile_vector(const Profile& profile) const {
    const std::vector<float> w = centred_weights(profile, ctx_.rating_min, ctx_.rating_max);
    std::vector<float> p(features_.size(), 0.0f);
    for (size_t j = 0; j < profile.size(); ++j) {
      const int32_t i = profile[j].item;
      for (int64_t x = ptr_[i]; x < ptr_[i + 1]; ++x) p[feat_[x]] += w[j] * val_[x];
    }
    return p;
  }

  struct Folded : FoldDetail {
    std::vector<float> p;  // the profile's feature vector, unit length (or zero)
  };
  // The explanation kind of each feature group, and whether its tf is 1 + ln(count).
  static constexpr int kGroups = 8;
  static constexpr ReasonKind kKinds[kGroups] = {ReasonKind::Genre,    ReasonKind::Tag,  ReasonKind::TitleWord,
                                                 ReasonKind::Decade,   ReasonKind::Director, ReasonKind::Cast,
                                                 ReasonKind::Keyword,  ReasonKind::OverviewWord};
  static constexpr bool kLogTf[kGroups] = {false, true, true, false, false, false, false, true};

  float w_[kGroups];
  int32_t min_df_;
  std::vector<std::string> features_;
  std::vector<uint8_t> groups_;  // 0 genre, 1 tag, 2 title word, 3 decade, 4 director, 5 cast, 6 keyword, 7 plot
  std::vector<float> idf_;
  std::vector<int64_t> ptr_;     // item → its features (CSR), L2-normalised
  std::vector<int32_t> feat_;
  std::vector<float> val_;
  std::vector<int64_t> post_ptr_;  // feature → items (the inverted index)
  std::vector<int32_t> post_item_;
  std::vector<float> post_val_;
};

}  // namespace

std::unique_ptr<Model> make_content(const Json& params) { return std::make_unique<Content>(params); }

}  // namespace cinerec
