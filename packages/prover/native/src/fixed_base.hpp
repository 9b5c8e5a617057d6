// Many scalar multiples of ONE base point (a setup's generators), by a windowed comb:
// table[k][d-1] = d * 2^(wk) * G in affine form, so k*G is one mixed addition per window and
// no doubling at all.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "curve.hpp"
#include "parallel.hpp"

namespace zkpop {

template <class F>
class FixedBase {
 public:
  // Window width chosen to minimise table building plus lookups for `count` scalars.
  FixedBase(const Jac<F>& g, size_t count) {
    size_t best = SIZE_MAX;
    for (int w = 4; w <= 16; ++w) {
      size_t win = (kBits + w - 1) / w;
      size_t cost = win * ((size_t(1) << w) + count);
      if (cost < best) best = cost, w_ = w;
    }
    windows_ = (kBits + w_ - 1) / w_;
    row_ = (size_t(1) << w_) - 1;
    table_.resize(windows_ * row_);
    std::vector<Jac<F>> bases(windows_);
    bases[0] = g;
    for (int k = 1; k < windows_; ++k) {
      bases[k] = bases[k - 1];
      for (int i = 0; i < w_; ++i) bases[k] = dbl(bases[k]);
    }
    run_tasks(windows_, [&](size_t k) {
      std::vector<Jac<F>> row(row_);
      row[0] = bases[k];
      for (size_t d = 1; d < row_; ++d) row[d] = add(row[d - 1], bases[k]);
      to_affine_batch(row.data(), row_, &table_[k * row_]);
    });
  }

  // k * G for a plain scalar k < 2^254.
  Jac<F> mul(const u64 k[4]) const {
    Jac<F> acc = Jac<F>::infinity();
    for (int win = 0; win < windows_; ++win) {
      uint32_t d = digit(k, win * w_);
      if (d) acc = add_mixed(acc, table_[win * row_ + d - 1]);
    }
    return acc;
  }

  // out[i] = scalars[i] * G (affine), on every thread.
  void mul_many(const std::vector<std::array<u64, 4>>& scalars, Affine<F>* out) const {
    parallel_for(scalars.size(), [&](size_t begin, size_t end) {
      constexpr size_t kChunk = 1024;
      std::vector<Jac<F>> tmp(kChunk);
      for (size_t i = begin; i < end; i += kChunk) {
        size_t n = std::min(kChunk, end - i);
        for (size_t j = 0; j < n; ++j) tmp[j] = mul(scalars[i + j].data());
        to_affine_batch(tmp.data(), n, out + i);
      }
    }, 256);
  }

  static void to_affine_batch(const Jac<F>* in, size_t n, Affine<F>* out) { zkpop::to_affine_batch(in, n, out); }

 private:
  static constexpr int kBits = 254;
  uint32_t digit(const u64 k[4], int pos) const {
    int limb = pos >> 6, off = pos & 63;
    u64 v = k[limb] >> off;
    if (off + w_ > 64 && limb < 3) v |= k[limb + 1] << (64 - off);
    return static_cast<uint32_t>(v & ((u64(1) << w_) - 1));
  }
  int w_ = 8;
  int windows_ = 0;
  size_t row_ = 0;
  std::vector<Affine<F>> table_;
};

}  // namespace zkpop
