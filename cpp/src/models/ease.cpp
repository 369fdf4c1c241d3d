// ease — Embarrassingly Shallow Autoencoder (Steck 2019, "Embarrassingly
// Shallow Autoencoders for Sparse Data", WWW '19): an item-item weight matrix
// in closed form,
//
//   minimise ‖X − X B‖²_F + λ ‖B‖²_F   subject to diag(B) = 0
//   P = (XᵀX + λ I)⁻¹,   B = I − P · diagMat(1 ⊘ diag(P)),
//   i.e. B_ij = −P_ij / P_jj (i ≠ j),  B_jj = 0
//   score(x) = x B    (x: the profile's row, binary or ratings)
//
// X is the training matrix, binary (`implicit`, the default) or with the
// ratings as values; ratings below `threshold` are left out. With `dropout`
// p > 0 the penalty becomes λI + p/(1−p)·diagMat(diag(XᵀX)), the full-rank
// emphasised denoising autoencoder of Steck 2020 ("Autoencoders that don't
// overfit towards the identity", NeurIPS); p = 0 (the default) is plain EASE,
// and p = 0.5 with λ = 200 gains ~0.003 Precision@10 on ml-100k. There is no
// training loop: a sparse Gram matrix, an in-place Cholesky factorisation
// (Eigen LLT on floats), then LAPACK's potri done in place by recursion
// (L⁻¹, then P = L⁻ᵀL⁻¹): about n³ flops for n items and one n×n matrix.
// A profile outside the training data is scored directly (x B), no fold-in.
//
// Size. Fitting needs one n×n float matrix (n²·4 bytes, worked in place) plus
// a quarter of that for a temporary; the model keeps n²·4 bytes; time grows as
// n³. Measured on this machine (2 shared cores): ml-100k's 1,682 items fit in
// ~0.1 s natively and ~0.35 s in wasm (node); 5,000 items take ~2 s natively,
// ~10 s in wasm and 125 MB. So EASE is practical in the browser up to about
// 5,000 items. Above `max_items` (default 5000) the model keeps only the
// `max_items` most rated items: they are scored by EASE as usual; every other
// item scores below all of them, ordered by its training count (so it is
// recommended only after every modelled item), and profile items outside the
// kept set do not contribute. The native CLI can raise `max_items` for bigger
// catalogues (memory and time grow as above).
#include <algorithm>
#include <cmath>

#include "cinerec/error.hpp"
#include "models/factors.hpp"
#include "models/model_base.hpp"
#include "models/model_io.hpp"
#include "models/params.hpp"
#include "models/registry.hpp"
#include "models/topk.hpp"

namespace cinerec {
namespace {

using MatrixRef = Eigen::Ref<Eigen::MatrixXf>;

// In-place inverse of a lower-triangular matrix (LAPACK's trtri, recursive):
//   [A 0; B C]⁻¹ = [A⁻¹ 0; −C⁻¹ B A⁻¹  C⁻¹], about n³/3 flops.
// Only the lower triangle is read or written.
void invert_lower(MatrixRef L) {
  const Eigen::Index n = L.rows();
  if (n <= 64) {
    Eigen::MatrixXf I = Eigen::MatrixXf::Identity(n, n);
    L.triangularView<Eigen::Lower>().solveInPlace(I);
    L.triangularView<Eigen::Lower>() = I;
    return;
  }
  const Eigen::Index n1 = (n / 2 + 15) / 16 * 16, n2 = n - n1;
  invert_lower(L.topLeftCorner(n1, n1));
  invert_lower(L.bottomRightCorner(n2, n2));
  Eigen::MatrixXf T = L.bottomLeftCorner(n2, n1) * L.topLeftCorner(n1, n1).triangularView<Eigen::Lower>();
  L.bottomLeftCorner(n2, n1).noalias() = -(L.bottomRightCorner(n2, n2).triangularView<Eigen::Lower>() * T);
}

// In place: the lower triangle of a lower-triangular L becomes the lower
// triangle of LᵀL (LAPACK's lauum, recursive), about n³/3 flops:
//   [A 0; B C]ᵀ[A 0; B C] = [AᵀA + BᵀB  BᵀC; CᵀB  CᵀC].
void lower_gram(MatrixRef L) {
  const Eigen::Index n = L.rows();
  if (n <= 64) {
    const Eigen::MatrixXf A = L.triangularView<Eigen::Lower>();
    const Eigen::MatrixXf P = A.transpose() * A;
    L.triangularView<Eigen::Lower>() = P;
    return;
  }
  const Eigen::Index n1 = (n / 2 + 15) / 16 * 16, n2 = n - n1;
  lower_gram(L.topLeftCorner(n1, n1));
  L.topLeftCorner(n1, n1).selfadjointView<Eigen::Lower>().rankUpdate(L.bottomLeftCorner(n2, n1).transpose());
  L.bottomLeftCorner(n2, n1) =
      L.bottomRightCorner(n2, n2).triangularView<Eigen::Lower>().transpose() * L.bottomLeftCorner(n2, n1);
  lower_gram(L.bottomRightCorner(n2, n2));
}

class Ease final : public ModelBase {
 public:
  explicit Ease(const Json& given) : ModelBase("ease") {
    ParamReader p(name_, given);
    lambda_ = static_cast<float>(p.number("lambda", 400.0, 1e-6, 1e9));
    implicit_ = p.boolean("implicit", true);
    threshold_ = static_cast<float>(p.number("threshold", 0.0, -1e9, 1e9));
    dropout_ = static_cast<float>(p.number("dropout", 0.0, 0.0, 0.95));
    max_items_ = p.integer("max_items", 5000, 1, 100000);
    params_ = p.finish();
  }

  bool predicts_ratings() const override { return false; }

  void fit(const Dataset& train, const FitOptions& options) override {
    ProgressReporter progress = begin_fit(train, options);
    const RatingMatrix& R = train.ratings;
    const int32_t n = R.n_items;

    // The items kept: all, or the max_items most rated (ties: lower index).
    counts_.assign(n, 0);
    for (int32_t i = 0; i < n; ++i)
      for (int64_t x = R.item_ptr[i]; x < R.item_ptr[i + 1]; ++x)
        if (R.item_value[x] >= threshold_) ++counts_[i];
    kept_.clear();
    if (n <= max_items_) {
      for (int32_t i = 0; i < n; ++i) kept_.push_back(i);
    } else {
      std::vector<float> c(counts_.begin(), counts_.end());
      for (const Scored& s : top_k(c, max_items_)) kept_.push_back(s.item);
      std::sort(kept_.begin(), kept_.end());
    }
    build_slots(n);
    const Eigen::Index m = static_cast<Eigen::Index>(kept_.size());

    // G = XᵀX + λI, lower triangle only. Slots ascend with items, so each
    // user's entries are already in slot order.
    Eigen::MatrixXf G = Eigen::MatrixXf::Zero(m, m);
    std::vector<int32_t> s;
    std::vector<float> v;
    for (int32_t u = 0; u < R.n_users; ++u) {
      s.clear();
      v.clear();
      for (int64_t x = R.user_ptr[u]; x < R.user_ptr[u + 1]; ++x) {
        const int32_t slot = slot_[R.user_item[x]];
        if (slot < 0 || R.user_value[x] < threshold_) continue;
        s.push_back(slot);
        v.push_back(implicit_ ? 1.0f : R.user_value[x]);
      }
      for (size_t a = 0; a < s.size(); ++a) {
        float* col = G.col(s[a]).data();
        const float va = v[a];
        for (size_t b = a; b < s.size(); ++b) col[s[b]] += va * v[b];
      }
    }
    G.diagonal().array() = G.diagonal().array() * (1.0f + dropout_ / (1.0f - dropout_)) + lambda_;
    progress.report("gram", 1, 3);

    {
      Eigen::LLT<MatrixRef> llt(G);  // in place: G's lower triangle becomes L
      if (llt.info() != Eigen::Success)
        throw Error(ErrorCode::Internal, "ease: the Gram matrix is not positive definite; raise lambda");
    }
    progress.report("cholesky", 2, 3);

    // P = (LLᵀ)⁻¹ = L⁻ᵀL⁻¹, all in G's storage; then W = Bᵀ column by
    // column: W(:, j) is row j of B, W(i, j) = B_ji = −P_ji / P_ii, so scoring
    // adds whole columns.
    invert_lower(G);
    lower_gram(G);
    G.triangularView<Eigen::StrictlyUpper>() = G.transpose();
    W_ = std::move(G);
    const Eigen::VectorXf inv_diag = W_.diagonal().cwiseInverse();
    for (Eigen::Index j = 0; j < m; ++j) {
      W_.col(j).array() *= -inv_diag.array();
      W_(j, j) = 0.0f;
    }
    progress.report("inverse", 3, 3);
    trained_ = true;
  }

  void fold_into(UserState& state) const override {
    Eigen::VectorXf acc = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(kept_.size()));
    for (const ProfileEntry& e : state.profile) {
      const int32_t slot = slot_[e.item];
      if (slot < 0 || e.rating < threshold_) continue;
      acc.noalias() += (implicit_ ? 1.0f : e.rating) * W_.col(slot);
    }
    state.scores = expand(acc);
  }

  std::vector<Scored> similar_items(int32_t item, int32_t n) const override {
    require_trained();
    check_item(item);
    const int32_t slot = slot_[item];
    if (slot < 0) {  // not modelled: the most rated items
      std::vector<float> c(counts_.begin(), counts_.end());
      return top_k(c, n, [item](int32_t j) { return j != item; });
    }
    // Row `item` of B: how much having `item` in a profile raises each item.
    std::vector<float> s = expand(W_.col(slot));
    return top_k(s, n, [item](int32_t j) { return j != item; });
  }

  // Each rated movie's weight B_ji times its rating; an item outside the
  // modelled ones is ranked by its number of ratings.
  Explanation explain_item(const UserState& state, int32_t item) const override {
    Explanation e;
    const int32_t target = slot_[item];
    if (target < 0) {
      e.parts.push_back(feature_part(ReasonKind::Popularity, -1, static_cast<float>(counts_[item])));
      return e;
    }
    for (const ProfileEntry& p : state.profile) {
      const int32_t slot = slot_[p.item];
      if (slot < 0 || p.rating < threshold_) continue;
      e.parts.push_back(movie_part(p.item, (implicit_ ? 1.0f : p.rating) * W_(target, slot)));
    }
    keep_strongest(e.parts, 5);
    return e;
  }

  std::vector<uint8_t> save() const override {
    ByteWriter w = begin_save(*this);
    w.vec(counts_);
    w.vec(ctx_.item_counts);
    w.vec(kept_);
    w.i64(W_.rows());
    w.raw(W_.data(), sizeof(float) * W_.size());
    return end_save(w);
  }

  void load(const std::vector<uint8_t>& bytes) override {
    ByteReader r = begin_load(bytes, name());
    counts_ = r.vec<int32_t>();
    std::vector<int32_t> item_counts = r.vec<int32_t>();
    kept_ = r.vec<int32_t>();
    const int64_t m = r.i64();
    const int32_t n = static_cast<int32_t>(counts_.size());
    if (m != static_cast<int64_t>(kept_.size()) || m > n) r.fail("ease: shapes do not match");
    for (size_t k = 0; k < kept_.size(); ++k)
      if (kept_[k] < 0 || kept_[k] >= n || (k && kept_[k] <= kept_[k - 1])) r.fail("ease: bad item list");
    if (m && static_cast<uint64_t>(m) > r.remaining() / 4 / static_cast<uint64_t>(m)) r.fail("ease: matrix runs past the end");
    W_.resize(m, m);
    const uint8_t* w = r.take(sizeof(float) * m * m);
    if (m) std::memcpy(W_.data(), w, sizeof(float) * m * m);  // an empty matrix's data() is null
    build_slots(n);
    ctx_.n_items = n;
    ctx_.item_counts = std::move(item_counts);
    trained_ = true;
  }

 private:
  void check_item(int32_t item) const { check_index(item, slot_.size(), "item"); }
  void build_slots(int32_t n) {
    slot_.assign(n, -1);
    for (size_t k = 0; k < kept_.size(); ++k) slot_[kept_[k]] = static_cast<int32_t>(k);
  }
  // Scores over all items from scores over the kept slots; items outside the
  // kept set rank below every kept one, by their training count.
  std::vector<float> expand(const Eigen::VectorXf& acc) const {
    const int32_t n = static_cast<int32_t>(slot_.size());
    std::vector<float> out(n);
    if (static_cast<int32_t>(kept_.size()) == n) {
      for (int32_t i = 0; i < n; ++i) out[i] = acc(i);
      return out;
    }
    float lo = acc.size() ? acc.minCoeff() : 0.0f;
    int32_t top = 1;
    for (int32_t c : counts_) top = std::max(top, c + 1);
    for (int32_t i = 0; i < n; ++i)
      out[i] = slot_[i] >= 0 ? acc(slot_[i]) : lo - 1.0f + static_cast<float>(counts_[i]) / static_cast<float>(top);
    return out;
  }

  float lambda_, threshold_, dropout_;
  bool implicit_;
  int32_t max_items_;
  std::vector<int32_t> counts_, kept_, slot_;
  Eigen::MatrixXf W_;  // W = Bᵀ over the kept items: column j is B's row j
};

}  // namespace

std::unique_ptr<Model> make_ease(const Json& params) { return std::make_unique<Ease>(params); }

}  // namespace cinerec
