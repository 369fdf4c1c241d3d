#include "reason_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace cinerec::cli {
namespace {

// A rating at or above this counts as liked when choosing a reason.
constexpr float kLiked = 3.5f;

// "5★", "3.5★" (as JS prints a number: no trailing ".0").
std::string stars(float r) {
  char buf[32];
  if (r == std::floor(r)) std::snprintf(buf, sizeof buf, "%d★", static_cast<int>(r));
  else std::snprintf(buf, sizeof buf, "%.1f★", r);
  return buf;
}

// 1234567 → "1,234,567" (toLocaleString('en')).
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

}  // namespace

std::string reason_text(const Session& s, const Why& why, const Profile& profile, int32_t item) {
  const Catalog& cat = s.catalog();
  std::unordered_map<int32_t, float> rating_of;
  for (const ProfileEntry& e : profile) rating_of[e.item] = e.rating;  // the last one wins, as in the library
  auto liked = [&](int32_t i) {
    auto it = rating_of.find(i);
    return it != rating_of.end() && it->second >= kLiked;
  };
  std::vector<const Reason*> up;
  for (const Reason& p : why.parts)
    if (p.weight > 0) up.push_back(&p);
  for (const Reason* p : up)
    if (p->kind == ReasonKind::RatedMovie && liked(p->item))
      return "because you rated " + cat.movies[p->item].title + " " + stars(rating_of[p->item]);

  std::vector<std::string> genres;
  for (const Reason* p : up)
    if (p->kind == ReasonKind::Genre &&
        std::find(cat.genre_names.begin(), cat.genre_names.end(), p->name) != cat.genre_names.end() &&
        std::find(genres.begin(), genres.end(), p->name) == genres.end())
      genres.push_back(p->name);
  if (genres.empty() && item >= 0 && !profile.empty()) {
    std::map<int32_t, int32_t> counts;  // genre index → liked movies with it
    for (const auto& [i, r] : rating_of) {
      if (r < kLiked) continue;
      for (int32_t g = 0; g < static_cast<int32_t>(cat.genre_names.size()); ++g)
        if (cat.has_genre(i, g)) ++counts[g];
    }
    std::vector<int32_t> own;
    for (int32_t g = 0; g < static_cast<int32_t>(cat.genre_names.size()); ++g)
      if (cat.has_genre(item, g) && counts.count(g)) own.push_back(g);
    std::stable_sort(own.begin(), own.end(), [&](int32_t a, int32_t b) { return counts[a] > counts[b]; });
    for (int32_t g : own) genres.push_back(cat.genre_names[g]);
  }
  // A person in common says more than a shared genre.
  for (const Reason* p : up) {
    if (p->kind == ReasonKind::Director) return "same director: " + p->name;
    if (p->kind == ReasonKind::Cast) return "with " + p->name;
  }
  if (!genres.empty()) return "matches: " + genres[0] + (genres.size() > 1 ? ", " + genres[1] : "");
  for (const Reason* p : up)
    if (p->kind == ReasonKind::Keyword) return "about “" + p->name + "”, like movies you liked";
  for (const Reason* p : up)
    if (p->kind == ReasonKind::Tag) return "tagged “" + p->name + "”, like movies you liked";
  if (profile.empty() && item >= 0) {
    const int32_t n = s.stats().counts[item];
    const float mean = s.stats().means[item];
    if (n > 0 && std::isfinite(mean)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", mean);
      return std::string("popular and well liked: ") + buf + "★ from " + grouped(n) + (n == 1 ? " rating" : " ratings");
    }
  }
  auto any = [&](std::initializer_list<ReasonKind> kinds) {
    return std::any_of(up.begin(), up.end(), [&](const Reason* p) {
      return std::find(kinds.begin(), kinds.end(), p->kind) != kinds.end();
    });
  };
  if (profile.empty() || any({ReasonKind::Popularity})) return "popular with viewers";
  if (any({ReasonKind::SimilarUser, ReasonKind::Group})) return "liked by people with similar taste";
  if (any({ReasonKind::MovieMean})) return "rated highly by viewers";
  return "";
}

}  // namespace cinerec::cli
