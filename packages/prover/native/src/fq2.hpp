// Fq2 = Fq[u]/(u^2 + 1), the base field of G2. Components are Montgomery-form Fq elements;
// snarkjs stores them as (c0, c1), 32 bytes each.
#pragma once
#include <vector>

#include "field.hpp"

namespace zkpop {

struct Fq2 {
  Fq c0, c1;

  static Fq2 zero() { return Fq2{Fq::zero(), Fq::zero()}; }
  static Fq2 one() { return Fq2{Fq::one(), Fq::zero()}; }
  bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  bool operator==(const Fq2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq2& o) const { return !(*this == o); }

  ZKPOP_INLINE friend Fq2 operator+(const Fq2& a, const Fq2& b) { return Fq2{a.c0 + b.c0, a.c1 + b.c1}; }
  ZKPOP_INLINE friend Fq2 operator-(const Fq2& a, const Fq2& b) { return Fq2{a.c0 - b.c0, a.c1 - b.c1}; }
  ZKPOP_INLINE Fq2 operator-() const { return Fq2{-c0, -c1}; }
  ZKPOP_INLINE Fq2 dbl() const { return Fq2{c0.dbl(), c1.dbl()}; }
  // Karatsuba: 3 Fq products.
  friend Fq2 operator*(const Fq2& a, const Fq2& b) {
    Fq v0 = a.c0 * b.c0;
    Fq v1 = a.c1 * b.c1;
    return Fq2{v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
  }
  // (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u: 2 Fq products.
  Fq2 sqr() const {
    Fq m = c0 * c1;
    return Fq2{(c0 + c1) * (c0 - c1), m.dbl()};
  }
  Fq2 operator*(const Fq& s) const { return Fq2{c0 * s, c1 * s}; }
  Fq2& operator+=(const Fq2& o) { return *this = *this + o; }
  Fq2& operator-=(const Fq2& o) { return *this = *this - o; }
  Fq2& operator*=(const Fq2& o) { return *this = *this * o; }
  Fq2 conj() const { return Fq2{c0, -c1}; }
  // 1/(a0 + a1 u) = (a0 - a1 u)/(a0^2 + a1^2); the inverse of zero is zero.
  Fq2 inv() const {
    Fq n = (c0.sqr() + c1.sqr()).inv();
    return Fq2{c0 * n, -(c1 * n)};
  }
  static Fq2 from_raw(const void* bytes) {
    const unsigned char* b = static_cast<const unsigned char*>(bytes);
    return Fq2{Fq::from_raw(b), Fq::from_raw(b + 32)};
  }
};

// Batch inversion in Fq2 through the norms: 1/x = conj(x) / N(x) with N(x) = c0^2 + c1^2 in Fq,
// so the shared inversion runs in Fq: 7 Fq products per element instead of 9 for Montgomery's
// trick on Fq2 elements. Zeros stay zero. scratch is unused (the generic signature).
inline void batch_inverse(Fq2* v, size_t n, Fq2* /*scratch*/) {
  std::vector<Fq> norm(n), tmp(n);
  for (size_t i = 0; i < n; ++i) norm[i] = v[i].c0.sqr() + v[i].c1.sqr();
  batch_inverse(norm.data(), n, tmp.data());
  for (size_t i = 0; i < n; ++i) v[i] = Fq2{v[i].c0 * norm[i], -(v[i].c1 * norm[i])};
}

}  // namespace zkpop
