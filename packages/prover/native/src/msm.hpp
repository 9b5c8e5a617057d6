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
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
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

// The bases of one MSM. Copy 0 is the key's points P_i; with copies = m > 1, copy j holds
// 2^(j * chunk_bits) * P_i (precomputed once per key, see msm_tables.hpp), so each scalar's
// bits split into m chunks of chunk_bits bits, one per copy: the MSM runs as one over m * n
// points with m-times shorter scalars, which needs m-times fewer windows, hence fewer bucket
// reductions and doublings, and pays for wider windows.
template <class F>
struct MsmBases {
  static constexpr int kMaxCopies = 8;
  const Affine<F>* copy[kMaxCopies] = {};
  int copies = 1;
  int chunk_bits = 256;
  size_t n = 0;

  static MsmBases plain(const Affine<F>* points, size_t n) {
    MsmBases b;
    b.copy[0] = points;
    b.n = n;
    return b;
  }
};

// Bits of a scalar < r / 2 (< 2^253) after folding, split across copies.
constexpr int kFoldedBits = 253;
inline int chunk_bits_for(int copies) { return (kFoldedBits + copies - 1) / copies; }

// The signed-window digits of one set of scalars, for bases with `copies` copies. Independent
// of the group: the A, B1 and B2 MSMs take the same witness scalars and share one recoding.
struct MsmDigits {
  size_t n = 0;
  size_t total = 0;  // copies * n virtual points
  int copies = 1;
  int c = 2;
  int windows = 0;
  std::vector<int16_t> digits;  // window-major: digits[w * total + j * n + i], sign included
  std::vector<uint8_t> used;    // per window: any nonzero digit

  MsmDigits(const Scalar* scalars, size_t n_, int copies_, int chunk_bits) : n(n_), copies(copies_) {
    const int m = copies;
    const int cb = m == 1 ? 256 : chunk_bits;
    total = n * static_cast<size_t>(m);
    // Fold k > r/2 to r - k with the sign carried into the digits, so small negative field
    // values (common in witnesses) cost as little as small positive ones; each copy j takes
    // chunk j of the folded scalar (virtual point j * n + i).
    std::vector<u64> folded(4 * n);
    std::vector<uint8_t> negate(n, 0);
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
        negate[i] = 1;
      } else {
        for (int j = 0; j < 4; ++j) k[j] = scalars[i][j];
      }
      for (int j = 0; j < m; ++j) {
        u64 chunk[4];
        extract_bits(k, j * cb, cb, chunk);
        ++hist[bit_length(chunk)];
      }
    }
    choose_window(hist);
    digits.assign(static_cast<size_t>(windows) * total, 0);  // int16: |digit| <= 2^14
    used.assign(windows, 0);
    for (int j = 0; j < m; ++j) {
      for (size_t i = 0; i < n; ++i) {
        u64 k[4];
        extract_bits(&folded[4 * i], j * cb, cb, k);
        const size_t v = static_cast<size_t>(j) * n + i;
        int len = bit_length(k);
        int carry = 0;
        for (int w = 0; w < windows; ++w) {
          if (w * c >= len && carry == 0) break;
          int d = static_cast<int>(bits_at(k, w * c, c)) + carry;
          carry = d > (1 << (c - 1)) ? 1 : 0;
          d -= carry << c;
          digits[static_cast<size_t>(w) * total + v] = static_cast<int16_t>(negate[i] ? -d : d);
          if (d) used[w] = 1;
        }
      }
    }
  }

 private:
  // Cost model in point additions: one per nonzero digit plus ~2 * 1.3 per bucket per used
  // window (the bucket reduction uses full Jacobian additions, dearer than mixed ones).
  void choose_window(const int hist[257]) {
    double best = 1e300;
    int max_len = 0;
    for (int len = 1; len <= 256; ++len) {
      if (hist[len]) max_len = len;
    }
    for (int width = 2; width <= 15; ++width) {
      double adds = 0;
      for (int len = 1; len <= max_len; ++len) adds += static_cast<double>(hist[len]) * ((len + width - 1) / width);
      int used_windows = (max_len + width - 1) / width + 1;
      double cost = adds + used_windows * 3.0 * static_cast<double>(1 << (width - 1));
      if (cost < best) {
        best = cost;
        c = width;
      }
    }
    // One window more than the bits need, for the carry of the signed recoding.
    windows = (max_len + c - 1) / c + 1;
  }

  // Bits [pos, pos + len) of k as a number (len <= 256).
  static void extract_bits(const u64 k[4], int pos, int len, u64 out[4]) {
    for (int i = 0; i < 4; ++i) {
      int bit = pos + 64 * i;
      u64 v = 0;
      if (bit < 256) {
        int limb = bit >> 6, off = bit & 63;
        v = k[limb] >> off;
        if (off && limb < 3) v |= k[limb + 1] << (64 - off);
      }
      int keep = len - 64 * i;
      out[i] = keep <= 0 ? 0 : keep >= 64 ? v : v & ((u64(1) << keep) - 1);
    }
  }
};

template <class F>
class MsmPlan {
 public:
  // points and scalars must outlive the plan.
  MsmPlan(const Affine<F>* points, const Scalar* scalars, size_t n)
      : MsmPlan(MsmBases<F>::plain(points, n), scalars) {}

  // The bases (and the tables they point to) must outlive the plan.
  MsmPlan(const MsmBases<F>& bases, const Scalar* scalars)
      : MsmPlan(bases, std::make_shared<const MsmDigits>(scalars, bases.n, bases.copies, bases.chunk_bits)) {}

  // Digits already made for these scalars and this many copies (shared with other plans).
  MsmPlan(const MsmBases<F>& bases, std::shared_ptr<const MsmDigits> digits)
      : bases_(bases), n_(bases.n), dg_(std::move(digits)) {
    if (dg_->n != n_ || dg_->copies != bases_.copies) throw std::logic_error("MSM digits made for other bases");
    sums_.assign(dg_->windows, Jac<F>::infinity());
  }

  int windows() const { return dg_->windows; }
  int window_bits() const { return dg_->c; }
  int copies() const { return bases_.copies; }

  // Sum over buckets of one window; independent of every other window.
  //
  // The window's points are sorted by bucket (counting sort), then each bucket's list is summed
  // pairwise in affine coordinates, level by level: all additions of a level share one field
  // inversion (Montgomery's trick), about 6 products per addition instead of 11 for a mixed
  // Jacobian addition, and no bucket ever waits for another.
  void run_window(int w) {
    if (!dg_->used[w]) return;
    const size_t nb = size_t(1) << (dg_->c - 1);
    const int16_t* d = &dg_->digits[static_cast<size_t>(w) * dg_->total];
    std::vector<uint32_t> start(nb + 1, 0), len(nb, 0);
    for (int j = 0; j < bases_.copies; ++j) {
      const Affine<F>* pts_j = bases_.copy[j];
      const int16_t* dj = d + static_cast<size_t>(j) * n_;
      for (size_t i = 0; i < n_; ++i) {
        if (dj[i] != 0 && !pts_j[i].is_inf()) ++start[std::abs(dj[i])];  // bucket |d|-1, shifted by one
      }
    }
    for (size_t b = 0; b < nb; ++b) start[b + 1] += start[b];
    std::vector<Affine<F>> pts(start[nb]);
    for (int j = 0; j < bases_.copies; ++j) {
      const Affine<F>* pts_j = bases_.copy[j];
      const int16_t* dj = d + static_cast<size_t>(j) * n_;
      for (size_t i = 0; i < n_; ++i) {
        int v = dj[i];
        if (v == 0 || pts_j[i].is_inf()) continue;
        size_t b = static_cast<size_t>(std::abs(v)) - 1;
        pts[start[b] + len[b]++] = v < 0 ? -pts_j[i] : pts_j[i];
      }
    }
    std::vector<F> den, scratch;
    for (;;) {
      size_t pairs = 0;
      for (size_t b = 0; b < nb; ++b) pairs += len[b] / 2;
      if (pairs == 0) break;
      den.resize(pairs);
      scratch.resize(pairs);
      size_t k = 0;
      for (size_t b = 0; b < nb; ++b) {
        for (uint32_t e = 0; e + 1 < len[b]; e += 2, ++k) {
          const Affine<F>& p = pts[start[b] + e];
          const Affine<F>& q = pts[start[b] + e + 1];
          if (p.is_inf() || q.is_inf()) den[k] = F::zero();
          else if (p.x != q.x) den[k] = q.x - p.x;
          else if (p.y == q.y) den[k] = p.y.dbl();  // doubling
          else den[k] = F::zero();                  // q = -p
        }
      }
      batch_inverse(den.data(), pairs, scratch.data());
      k = 0;
      for (size_t b = 0; b < nb; ++b) {
        uint32_t out = 0;
        for (uint32_t e = 0; e + 1 < len[b]; e += 2, ++k) {
          const Affine<F> p = pts[start[b] + e];
          const Affine<F> q = pts[start[b] + e + 1];
          Affine<F> r;
          if (p.is_inf()) r = q;
          else if (q.is_inf()) r = p;
          else if (den[k].is_zero()) r = Affine<F>::infinity();
          else {
            F lambda;
            if (p.x != q.x) lambda = (q.y - p.y) * den[k];
            else {
              F xx = p.x.sqr();
              lambda = (xx.dbl() + xx) * den[k];
            }
            r.x = lambda.sqr() - p.x - q.x;
            r.y = lambda * (p.x - r.x) - p.y;
          }
          pts[start[b] + out++] = r;
        }
        if (len[b] & 1) pts[start[b] + out++] = pts[start[b] + len[b] - 1];
        len[b] = out;
      }
    }
    // sum_b (b+1) * bucket[b] as a running sum from the top bucket down.
    Jac<F> running = Jac<F>::infinity(), total = Jac<F>::infinity();
    for (size_t b = nb; b-- > 0;) {
      if (len[b]) running = add_mixed(running, pts[start[b]]);
      total = add(total, running);
    }
    sums_[w] = total;
  }

  // Horner over the window sums; call after every run_window.
  Jac<F> combine() const {
    Jac<F> acc = Jac<F>::infinity();
    for (int w = dg_->windows - 1; w >= 0; --w) {
      if (!acc.is_inf()) {
        for (int i = 0; i < dg_->c; ++i) acc = dbl(acc);
      }
      acc = add(acc, sums_[w]);
    }
    return acc;
  }

 private:
  MsmBases<F> bases_;
  size_t n_;
  std::shared_ptr<const MsmDigits> dg_;
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
