// The in-memory data every algorithm reads: a catalogue (movies, genres, tags,
// links) and a sparse rating matrix stored both by user (CSR) and by item (CSC).
// Raw MovieLens ids meet dense indices here and only here (STYLE.md #3).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace cinerec {

struct Movie {
  int64_t id = 0;          // MovieLens movieId
  std::string title;       // without the trailing "(year)"
  int32_t year = 0;        // 0 when unknown
  uint32_t genres = 0;     // bitset over Catalog::genre_names
  int64_t imdb_id = 0;     // 0 when unknown
  int64_t tmdb_id = 0;     // 0 when unknown
};

struct TagCount {
  int32_t tag = 0;         // index into Catalog::tag_names
  int32_t count = 0;
};

// What TMDb adds about a movie (cinerec snapshot --tmdb, cinerec/tmdb.hpp),
// all optional: a movie without TMDb data has an empty one.
struct MovieDetails {
  std::string overview;            // the plot summary, "" when unknown
  std::vector<int32_t> directors;  // indices into Catalog::people, in credit order
  std::vector<int32_t> cast;       // indices into Catalog::people, top-billed first
  std::vector<int32_t> keywords;   // indices into Catalog::keyword_names, ascending
  int32_t runtime = 0;             // minutes, 0 when unknown
  std::string language;            // original language (ISO 639-1, "en"), "" when unknown
  bool empty() const {
    return overview.empty() && directors.empty() && cast.empty() && keywords.empty() && runtime == 0 &&
           language.empty();
  }
};

// Everything about movies that is not a rating. Shared between a dataset and
// its train/test splits.
struct Catalog {
  std::vector<std::string> genre_names;           // at most 32
  std::vector<Movie> movies;                      // dense item index = position
  std::vector<std::string> tag_names;             // empty when the source has no tags
  std::vector<std::vector<TagCount>> movie_tags;  // per item; empty or size == movies
  std::vector<std::string> people;                // directors and cast (TMDb), names sorted
  std::vector<std::string> keyword_names;         // TMDb keywords, sorted
  std::vector<MovieDetails> details;              // per item; empty or size == movies
  std::unordered_map<int64_t, int32_t> index_of;  // movieId -> item index

  int32_t size() const { return static_cast<int32_t>(movies.size()); }
  // Dense index for a MovieLens id; throws Error(UnknownMovie).
  int32_t item(int64_t movie_id) const;
  // -1 when unknown.
  int32_t find(int64_t movie_id) const;
  void rebuild_index();
  bool has_genre(int32_t item, int32_t genre) const {
    return (movies[item].genres >> genre) & 1u;
  }
  // The genre bit for a name, -1 when unknown (case-sensitive, MovieLens names).
  int32_t genre_bit(const std::string& name) const;
};

struct Rating {
  int32_t user = 0;  // dense user index
  int32_t item = 0;  // dense item index
  float value = 0;
  int64_t timestamp = 0;  // seconds since epoch, 0 when unknown
};

// A sparse user x item matrix in CSR (by user) and CSC (by item) form.
// Entries are sorted by item within a user row and by user within an item column.
struct RatingMatrix {
  int32_t n_users = 0;
  int32_t n_items = 0;
  std::vector<int64_t> user_ptr;   // size n_users + 1
  std::vector<int32_t> user_item;  // size nnz
  std::vector<float> user_value;   // size nnz
  std::vector<int64_t> user_time;  // size nnz, or empty when unknown
  std::vector<int64_t> item_ptr;   // size n_items + 1
  std::vector<int32_t> item_user;  // size nnz
  std::vector<float> item_value;   // size nnz
  double global_mean = 0;

  int64_t nnz() const { return static_cast<int64_t>(user_item.size()); }
  int64_t user_count(int32_t u) const { return user_ptr[u + 1] - user_ptr[u]; }
  int64_t item_count(int32_t i) const { return item_ptr[i + 1] - item_ptr[i]; }
  // Builds both orientations. Duplicate (user, item) pairs keep the latest
  // (largest timestamp, then last given).
  static RatingMatrix from_triplets(int32_t n_users, int32_t n_items,
                                    std::vector<Rating> ratings);
  // Takes a CSR that is already valid (user_ptr of size n_users + 1 from 0 to
  // nnz, items strictly ascending within each row and below n_items; times
  // empty or of size nnz) and adds the CSC and the mean, without sorting.
  // Throws Error(InvalidArgument) when it is not valid. (data/csr.cpp)
  static RatingMatrix from_csr(int32_t n_users, int32_t n_items, std::vector<int64_t> user_ptr,
                               std::vector<int32_t> user_item, std::vector<float> user_value,
                               std::vector<int64_t> user_time = {});
  std::vector<Rating> triplets() const;
};

// Ratings held by pointer: a Dataset, its copies and every model fitted on
// it or attached to it read the same bytes (at MovieLens-25M size one copy
// is ~600 MB). Assigning a RatingMatrix moves it in; access is `->` or `*`.
class SharedRatings {
 public:
  SharedRatings() : p_(std::make_shared<const RatingMatrix>()) {}
  SharedRatings(RatingMatrix m) : p_(std::make_shared<const RatingMatrix>(std::move(m))) {}  // NOLINT: implicit
  const RatingMatrix* operator->() const { return p_.get(); }
  const RatingMatrix& operator*() const { return *p_; }
  operator const RatingMatrix&() const { return *p_; }  // NOLINT: implicit
  const std::shared_ptr<const RatingMatrix>& shared() const { return p_; }

 private:
  std::shared_ptr<const RatingMatrix> p_;
};

// What a catalogue (a snapshot built without its ratings, docs/snapshot-format.md
// STAT) keeps of the ratings it was built from: enough for filters, popular
// lists and the statistics the app shows, not for training.
struct RatingSummary {
  int32_t n_users = 0;          // users the ratings came from
  int64_t n_ratings = 0;
  double global_mean = 0;
  std::vector<int32_t> counts;  // ratings per movie
  std::vector<float> means;     // mean rating per movie, NaN when it has none
};
// The summary of a dataset's ratings (or its own summary, for a catalogue).
RatingSummary summarise_ratings(const struct Dataset& data);

struct Dataset {
  std::string name;                        // e.g. "ml-latest-small"
  std::shared_ptr<const Catalog> catalog;  // never null once loaded
  std::vector<int64_t> user_ids;           // dense user index -> raw userId
  SharedRatings ratings;
  float rating_min = 0.5f;  // the scale, for clipping predictions
  float rating_max = 5.0f;
  // Set only for a catalogue: the ratings are empty (no users) and this is
  // what is known of them. Such a dataset cannot train a model.
  std::shared_ptr<const RatingSummary> summary;
  // A saved model the snapshot carries (Model::save bytes, item factors
  // restored to f32), loaded by a Session without training; null when none.
  std::shared_ptr<const std::vector<uint8_t>> model;
  // True when read_snapshot checked `model`'s bytes (its MODL section's
  // CRC): the Session then does not check the model's own CRC again.
  bool model_checked = false;

  bool is_catalogue() const { return summary != nullptr; }
  int32_t n_users() const { return ratings->n_users; }
  int32_t n_items() const { return ratings->n_items; }
  // The same catalogue, users and scale with other ratings (for splits).
  Dataset with_ratings(std::vector<Rating> ratings) const;
};

// A person's ratings in dense item indices. The browser user is a profile,
// not a row of the training matrix (DESIGN.md "The model contract").
struct ProfileEntry {
  int32_t item = 0;
  float rating = 0;
};
using Profile = std::vector<ProfileEntry>;

// The dataset plus one more user holding the profile's ratings (the browser
// user's "retrain with my ratings"). Throws Error(InvalidArgument) for an item
// index out of range or a rating off the dataset's scale.
Dataset with_extra_user(const Dataset& data, const Profile& profile, int64_t user_id);

// The training row of user u as a profile.
Profile profile_of(const RatingMatrix& m, int32_t user);

}  // namespace cinerec
