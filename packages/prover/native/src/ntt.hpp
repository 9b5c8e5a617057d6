// Radix-2 number-theoretic transforms over Fr (Montgomery form) with the roots of unity
// ffjavascript uses: w_28 = 5^((r-1)/2^28) (5 is the smallest non-residue), w_k = w_{k+1}^2.
// Matching its roots matters: the prover's H evaluations must come out in the order the
// zkey's H points were made for.
#pragma once
#include <cstddef>
#include <vector>

#include "field.hpp"

namespace zkpop {

constexpr int FR_TWO_ADICITY = 28;

// A primitive 2^log_n-th root of unity (log_n <= 28).
Fr root_of_unity(int log_n);

class Ntt {
 public:
  explicit Ntt(int log_n);
  size_t size() const { return n_; }
  int log_size() const { return log_n_; }
  // In place: coefficients -> evaluations at w^0..w^(n-1).
  void forward(Fr* a) const;
  // In place: evaluations -> coefficients times n (the 1/n factor is left to the caller).
  void inverse_unscaled(Fr* a) const;

 private:
  void transform(Fr* a, const std::vector<Fr>& twiddles) const;
  int log_n_;
  size_t n_;
  std::vector<Fr> tw_;      // w^j, j < n/2
  std::vector<Fr> tw_inv_;  // w^-j, j < n/2
};

}  // namespace zkpop
