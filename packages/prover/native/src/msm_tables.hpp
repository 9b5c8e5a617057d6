// Shifted copies of a proving key's MSM bases (see MsmBases in msm.hpp), built once when the
// key loads: copy j of P_i is 2^(j * chunk_bits) * P_i. They trade memory, and chunk_bits
// doublings per point and copy at load, for fewer windows in every proof, so their size is
// capped by a byte budget: the largest number of copies (8, 4, 2) that fits, else none.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "msm.hpp"

namespace zkpop {

// Copies 1 .. copies-1 of base, copy-major ((copies - 1) * base.size() points). Runs on the
// calling thread only: it is meant for a background thread next to running proofs.
template <class F>
std::vector<Affine<F>> shifted_copies(const std::vector<Affine<F>>& base, int copies, int chunk_bits) {
  const size_t n = base.size();
  std::vector<Affine<F>> out(static_cast<size_t>(copies - 1) * n);
  constexpr size_t kBlock = 512;  // one batched inversion per block and copy
  std::vector<Jac<F>> tmp(kBlock);
  for (size_t i = 0; i < n; i += kBlock) {
    const size_t cnt = std::min(kBlock, n - i);
    for (int j = 1; j < copies; ++j) {
      const Affine<F>* src = j == 1 ? &base[i] : &out[static_cast<size_t>(j - 2) * n + i];
      for (size_t t = 0; t < cnt; ++t) {
        Jac<F> p = Jac<F>::from(src[t]);
        for (int b = 0; b < chunk_bits; ++b) p = dbl(p);
        tmp[t] = p;
      }
      to_affine_batch(tmp.data(), cnt, &out[static_cast<size_t>(j - 1) * n + i]);
    }
  }
  return out;
}

template <class F>
MsmBases<F> bases_with(const std::vector<Affine<F>>& base, const std::vector<Affine<F>>& table, int copies) {
  MsmBases<F> b = MsmBases<F>::plain(base.data(), base.size());
  if (copies > 1 && table.size() == static_cast<size_t>(copies - 1) * base.size()) {
    b.copies = copies;
    b.chunk_bits = chunk_bits_for(copies);
    for (int j = 1; j < copies; ++j) b.copy[j] = &table[static_cast<size_t>(j - 1) * base.size()];
  }
  return b;
}

// The number of copies whose extra points fit in budget_bytes, given the bytes of one copy.
inline int copies_for_budget(size_t one_copy_bytes, size_t budget_bytes) {
  for (int m : {8, 4, 2}) {
    if (static_cast<size_t>(m - 1) * one_copy_bytes <= budget_bytes) return m;
  }
  return 1;
}

}  // namespace zkpop
