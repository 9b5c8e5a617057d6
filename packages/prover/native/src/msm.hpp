// Multi-scalar multiplication sum(k_i * P_i) by Pippenger's bucket method with signed
// windows (digits in [-2^(c-1), 2^(c-1)], so 2^(c-1) buckets per window).
//
// Scalars are plain integers < r (as in a .wtns file). A scalar above r/2 is replaced by
// r - k with the point negated, so small negative field values (common in witnesses) cost as
// little as small positive ones. Zero scalars are skipped and a scalar of 1 costs one
// addition; the window width is chosen from the histogram of scalar bit lengths.
//
// An MsmPlan splits the work into independent per-window tasks, so the prover can run the
// windows of all its MSMs on one shared pool of threads and finish with combine().
#pragma once
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "curve.hpp"
#include "parallel.hpp"

namespace zkpop {

using Scalar = u64[4];

inline int bit_length(const u64 k[4]) {
  for (int i = 3; i >= 0; --i) {
    if (k[i]) return 64 * i + 64 - __builtin_clzll(k[i]);
  }
  return 0;
}

// Bits [pos, pos + c) of k (c <= 32), zero past bit 255.
inline uint32_t bits_at(const u64 k[4], int pos, int c) {
  if (pos >= 256) return 0;
  int limb = pos >> 6, off = pos & 63;
  u64 v = k[limb] >> off;
  if (off + c > 64 && limb < 3) v |= k[limb + 1] << (64 - off);
  return static_cast<uint32_t>(v & ((1ULL << c) - 1));
}

template <class F>
class MsmPlan {
 public:
  // points and scalars must outlive the plan.
  MsmPlan(const Affine<F>* points, const Scalar* scalars, size_t n) : points_(points), n_(n) {
    negate_.assign(n, 0);
    std::vector<u64> folded(4 * n);
    int hist[257] = {0};
    const u64* r = FrParams::P;
    u64 half[4];
    // half = (r - 1) / 2
    for (int i = 0; i < 4; ++i) half[i] = (r[i] >> 1) | (i < 3 ? r[i + 1] << 63 : 0);
    for (size_t i = 0; i < n; ++i) {
      u64* k = &folded[4 * i];
      if (geq4(scalars[i], half) && !(scalars[i][0] == half[0] && scalars[i][1] == half[1] &&
                                      scalars[i][2] == half[2] && scalars[i][3] == half[3])) {
        sub4(k, r, scalars[i]);
        negate_[i] = 1;
      } else {
        for (int j = 0; j < 4; ++j) k[j] = scalars[i][j];
      }
      ++hist[bit_length(k)];
    }
    choose_window(hist);
    digits_.assign(static_cast<size_t>(windows_) * n, 0);
    window_used_.assign(windows_, 0);
    for (size_t i = 0; i < n; ++i) {
      const u64* k = &folded[4 * i];
      int len = bit_length(k);
      int carry = 0;
      for (int w = 0; w < windows_; ++w) {
        if (w * c_ >= len && carry == 0) break;
        int v = static_cast<int>(bits_at(k, w * c_, c_)) + carry;
        carry = v > (1 << (c_ - 1)) ? 1 : 0;
        v -= carry << c_;
        digits_[static_cast<size_t>(w) * n + i] = v;
        if (v) window_used_[w] = 1;
      }
    }
    sums_.assign(windows_, Jac<F>::infinity());
  }

  int windows() const { return windows_; }
  int window_bits() const { return c_; }

  // Sum over buckets of one window; independent of every other window.
  void run_window(int w) {
    if (!window_used_[w]) return;
    size_t nb = size_t(1) << (c_ - 1);
    std::vector<Jac<F>> buckets(nb, Jac<F>::infinity());
    const int* d = &digits_[static_cast<size_t>(w) * n_];
    for (size_t i = 0; i < n_; ++i) {
      int v = d[i];
      if (v == 0) continue;
      bool neg = (v < 0) != (negate_[i] != 0);
      size_t b = static_cast<size_t>(std::abs(v)) - 1;
      buckets[b] = add_mixed(buckets[b], neg ? -points_[i] : points_[i]);
    }
    // sum_b (b+1) * bucket[b] as a running sum from the top bucket down.
    Jac<F> running = Jac<F>::infinity(), total = Jac<F>::infinity();
    for (size_t b = nb; b-- > 0;) {
      running = add(running, buckets[b]);
      total = add(total, running);
    }
    sums_[w] = total;
  }

  // Horner over the window sums; call after every run_window.
  Jac<F> combine() const {
    Jac<F> acc = Jac<F>::infinity();
    for (int w = windows_ - 1; w >= 0; --w) {
      if (!acc.is_inf()) {
        for (int i = 0; i < c_; ++i) acc = dbl(acc);
      }
      acc = add(acc, sums_[w]);
    }
    return acc;
  }

 private:
  // Cost model in point additions: one per nonzero digit plus ~2 * 1.3 per bucket per used
  // window (the bucket reduction uses full Jacobian additions, dearer than mixed ones).
  void choose_window(const int hist[257]) {
    double best = 1e300;
    for (int c = 2; c <= 16; ++c) {
      double adds = 0;
      int max_len = 0;
      for (int len = 1; len <= 256; ++len) {
        if (!hist[len]) continue;
        adds += static_cast<double>(hist[len]) * ((len + c - 1) / c);
        max_len = len;
      }
      int used = (max_len + c - 1) / c + 1;
      double cost = adds + used * 2.6 * static_cast<double>(1 << (c - 1));
      if (cost < best) {
        best = cost;
        c_ = c;
      }
    }
    windows_ = (256 + c_ - 1) / c_ + 1;
  }

  const Affine<F>* points_;
  size_t n_;
  int c_ = 2;
  int windows_ = 0;
  std::vector<uint8_t> negate_;
  std::vector<int> digits_;  // window-major: digits_[w * n + i]
  std::vector<uint8_t> window_used_;
  std::vector<Jac<F>> sums_;
};

// One MSM on all threads.
template <class F>
Jac<F> msm(const Affine<F>* points, const Scalar* scalars, size_t n) {
  MsmPlan<F> plan(points, scalars, n);
  run_tasks(plan.windows(), [&](size_t w) { plan.run_window(static_cast<int>(w)); });
  return plan.combine();
}

}  // namespace zkpop
