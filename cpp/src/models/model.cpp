#include "cinerec/model.hpp"

#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/item_filter.hpp"
#include "models/topk.hpp"

namespace cinerec {

const char* reason_kind_name(ReasonKind kind) {
  switch (kind) {
    case ReasonKind::RatedMovie: return "movie";
    case ReasonKind::SimilarUser: return "similar-user";
    case ReasonKind::Genre: return "genre";
    case ReasonKind::Tag: return "tag";
    case ReasonKind::TitleWord: return "word";
    case ReasonKind::Decade: return "decade";
    case ReasonKind::Popularity: return "popularity";
    case ReasonKind::MovieMean: return "movie-mean";
    case ReasonKind::UserMean: return "user-mean";
    case ReasonKind::Group: return "group";
    case ReasonKind::WhichRated: return "which-rated";
    case ReasonKind::Director: return "director";
    case ReasonKind::Cast: return "cast";
    case ReasonKind::Keyword: return "keyword";
    case ReasonKind::OverviewWord: return "plot-word";
  }
  return "unknown";
}

void Model::set_context(const Dataset& train) {
  ctx_.n_items = train.n_items();
  ctx_.n_users = train.n_users();
  ctx_.rating_min = train.rating_min;
  ctx_.rating_max = train.rating_max;
  ctx_.catalog = train.catalog;
  if (train.summary && train.summary->counts.size() == static_cast<size_t>(train.n_items())) {
    ctx_.item_counts = train.summary->counts;  // a catalogue: the counts of the ratings it left out
  } else {
    ctx_.item_counts.assign(train.n_items(), 0);
    for (int32_t i = 0; i < train.n_items(); ++i)
      ctx_.item_counts[i] = static_cast<int32_t>(train.ratings->item_count(i));
  }
  ctx_.train = train.ratings.shared();
}

float Model::clip(float r) const {
  if (!std::isfinite(r)) r = 0.5f * (ctx_.rating_min + ctx_.rating_max);
  return std::min(ctx_.rating_max, std::max(ctx_.rating_min, r));
}

UserState Model::fold(const Profile& profile) const {
  if (!trained()) throw Error(ErrorCode::NotTrained, name() + " is not trained");
  for (const ProfileEntry& e : profile)
    if (e.item < 0 || e.item >= ctx_.n_items)
      throw Error(ErrorCode::InvalidArgument, "profile item index " + std::to_string(e.item) + " out of range");
  ++folds_;
  UserState s;
  s.profile = profile;
  s.model = this;
  fold_into(s);
  return s;
}

UserState Model::fold_user(int32_t user) const {
  if (!trained()) throw Error(ErrorCode::NotTrained, name() + " is not trained");
  if (user < 0 || user >= ctx_.n_users)
    throw Error(ErrorCode::InvalidArgument, name() + ": user index " + std::to_string(user) + " out of range");
  ++folds_;
  UserState s;
  s.user = user;
  s.model = this;
  if (ctx_.train && user < ctx_.train->n_users) s.profile = profile_of(*ctx_.train, user);
  fold_user_into(s);
  return s;
}

void Model::check_state(const UserState& state) const {
  if (state.model != this)
    throw Error(ErrorCode::InvalidArgument, name() + ": the user state was folded by another model");
}

const std::vector<float>& Model::score(const UserState& state) const {
  check_state(state);
  return state.scores;
}

float Model::predict(const UserState& state, int32_t item) const {
  check_state(state);
  if (item < 0 || item >= ctx_.n_items)
    throw Error(ErrorCode::InvalidArgument, name() + ": item index " + std::to_string(item) + " out of range");
  return clip(state.scores[item]);
}

float Model::predict_user(int32_t user, int32_t item) const {
  if (item < 0 || item >= ctx_.n_items)
    throw Error(ErrorCode::InvalidArgument, name() + ": item index " + std::to_string(item) + " out of range");
  return predict(fold_user(user), item);
}

Explanation Model::explain(const UserState& state, int32_t item) const {
  check_state(state);
  if (item < 0 || item >= ctx_.n_items)
    throw Error(ErrorCode::InvalidArgument, name() + ": item index " + std::to_string(item) + " out of range");
  Explanation e = explain_item(state, item);
  e.score = state.scores[item];
  return e;
}

std::string Model::feature_name(ReasonKind, int32_t) const { return std::string(); }

std::vector<Scored> Model::recommend(const UserState& state, int32_t n, const Filters& filters) const {
  check_state(state);
  if (n < 0) throw Error(ErrorCode::InvalidArgument, "n must be >= 0");
  const std::vector<float>& s = state.scores;
  const ItemFilter pass(filters, ctx_.catalog.get(), ctx_.item_counts, ctx_.n_items, state.profile);
  return top_k(s, n, [&](int32_t i) { return pass(i, s[i]); });
}

}  // namespace cinerec
