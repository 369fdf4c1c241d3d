// A small, portable PRNG (SplitMix64 seeding xoshiro256**) so that a seed
// gives the same model natively and in wasm: std:: distributions differ
// between libstdc++ and libc++.
#pragma once
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace cinerec {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n).
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  // Standard normal by Box-Muller (no caching, so the stream is simple).
  double normal() {
    double u1 = uniform();
    double u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Normal draws by Marsaglia's polar method, both outputs of each pair kept:
// the initial factors are a million draws on ml-latest-small, and the polar
// form needs one log and one sqrt per pair where Box–Muller also needs a sin
// and a cos (which took a tenth of svd's fit). Draw x goes to
// out[x / row · stride + x % row]: rows of `row` draws laid `stride` apart
// (the same draws as a contiguous fill, into padded rows).
inline void fill_normal(Rng& rng, float* out, int64_t n, float mean, float sd, int64_t row = 0, int64_t stride = 0) {
  if (row <= 0) row = stride = n;
  auto at = [&](int64_t x) -> float& { return out[x / row * stride + x % row]; };
  for (int64_t x = 0; x < n; x += 2) {
    double a, b, s;
    do {
      a = 2.0 * rng.uniform() - 1.0;
      b = 2.0 * rng.uniform() - 1.0;
      s = a * a + b * b;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    at(x) = static_cast<float>(mean + sd * a * m);
    if (x + 1 < n) at(x + 1) = static_cast<float>(mean + sd * b * m);
  }
}

}  // namespace cinerec
