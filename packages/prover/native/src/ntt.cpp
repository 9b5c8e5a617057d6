#include "ntt.hpp"

#include <stdexcept>
#include <utility>

#include "parallel.hpp"

namespace zkpop {

Fr root_of_unity(int log_n) {
  if (log_n < 0 || log_n > FR_TWO_ADICITY) throw std::runtime_error("NTT size beyond 2^28");
  // t = (r - 1) / 2^28
  u64 t[4];
  u64 one[4] = {1, 0, 0, 0};
  sub4(t, FrParams::P, one);
  for (int s = 0; s < FR_TWO_ADICITY; ++s) {
    for (int i = 0; i < 4; ++i) t[i] = (t[i] >> 1) | (i < 3 ? t[i + 1] << 63 : 0);
  }
  Fr w = Fr::from_u64(5).pow(t);
  for (int k = FR_TWO_ADICITY; k > log_n; --k) w = w.sqr();
  return w;
}

Ntt::Ntt(int log_n) : log_n_(log_n), n_(size_t(1) << log_n) {
  Fr w = root_of_unity(log_n);
  Fr wi = w.inv();
  size_t half = n_ / 2;
  tw_.resize(half > 0 ? half : 1);
  tw_inv_.resize(half > 0 ? half : 1);
  tw_[0] = tw_inv_[0] = Fr::one();
  for (size_t j = 1; j < half; ++j) {
    tw_[j] = tw_[j - 1] * w;
    tw_inv_[j] = tw_inv_[j - 1] * wi;
  }
}

void Ntt::forward(Fr* a) const { transform(a, tw_); }
void Ntt::inverse_unscaled(Fr* a) const { transform(a, tw_inv_); }

// Decimation in time: bit-reverse, then log n butterfly stages. Stage s only mixes within
// blocks of 2^s, so with two threads each takes one half through every stage but the last
// (one fork-join instead of one per stage: a stage of a small NTT takes less time than waking a
// thread), and the last stage's butterflies are split between them.
void Ntt::transform(Fr* a, const std::vector<Fr>& tw) const {
  const size_t n = n_;
  if (n == 1) return;
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  // Butterflies [begin, end) of stage s.
  auto stage = [&](int s, size_t begin, size_t end) {
    const size_t half = size_t(1) << (s - 1);
    const int shift = log_n_ - s;  // twiddle stride n / 2^s
    for (size_t b = begin; b < end; ++b) {
      size_t j = b & (half - 1);
      size_t i = ((b >> (s - 1)) << s) + j;
      Fr v = a[i + half] * tw[j << shift];
      Fr u = a[i];
      a[i] = u + v;
      a[i + half] = u - v;
    }
  };
  int first = 1;
  if (thread_count() > 1 && n >= 4096) {
    const size_t quarter = n / 4;  // each half of the array holds n/4 butterflies per stage
    run_threads(2, [&](unsigned t) {
      for (int s = 1; s < log_n_; ++s) stage(s, t * quarter, (t + 1) * quarter);
    });
    first = log_n_;
  }
  for (int s = first; s <= log_n_; ++s) {
    parallel_for(n / 2, [&](size_t begin, size_t end) { stage(s, begin, end); }, 1024);
  }
}
}  // namespace zkpop
