// Fq6 = Fq2[v]/(v^3 - xi), xi = 9 + u: the middle of the BN254 tower used by the pairing.
#pragma once
#include "fq2.hpp"

namespace zkpop {

// Multiplication by the cubic non-residue xi = 9 + u: (a0 + a1 u)(9 + u) = (9a0 - a1) + (a0 + 9a1) u.
inline Fq2 mul_by_xi(const Fq2& a) {
  Fq nine_a0 = a.c0.dbl().dbl().dbl() + a.c0;
  Fq nine_a1 = a.c1.dbl().dbl().dbl() + a.c1;
  return Fq2{nine_a0 - a.c1, a.c0 + nine_a1};
}

struct Fq6 {
  Fq2 c0, c1, c2;

  static Fq6 zero() { return Fq6{Fq2::zero(), Fq2::zero(), Fq2::zero()}; }
  static Fq6 one() { return Fq6{Fq2::one(), Fq2::zero(), Fq2::zero()}; }
  bool is_zero() const { return c0.is_zero() && c1.is_zero() && c2.is_zero(); }
  bool operator==(const Fq6& o) const { return c0 == o.c0 && c1 == o.c1 && c2 == o.c2; }

  friend Fq6 operator+(const Fq6& a, const Fq6& b) { return Fq6{a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
  friend Fq6 operator-(const Fq6& a, const Fq6& b) { return Fq6{a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
  Fq6 operator-() const { return Fq6{-c0, -c1, -c2}; }

  // Karatsuba over the cubic extension: 6 Fq2 products.
  friend Fq6 operator*(const Fq6& a, const Fq6& b) {
    Fq2 t0 = a.c0 * b.c0;
    Fq2 t1 = a.c1 * b.c1;
    Fq2 t2 = a.c2 * b.c2;
    return Fq6{t0 + mul_by_xi((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2),
               (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + mul_by_xi(t2),
               (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1};
  }
  Fq6 operator*(const Fq2& s) const { return Fq6{c0 * s, c1 * s, c2 * s}; }
  Fq6 sqr() const { return *this * *this; }

  // this * v = (xi c2, c0, c1).
  Fq6 mul_by_v() const { return Fq6{mul_by_xi(c2), c0, c1}; }

  // this * (b0 + b1 v): 5 Fq2 products (the shape of a line's w-part).
  Fq6 mul_by_01(const Fq2& b0, const Fq2& b1) const {
    Fq2 t0 = c0 * b0;
    Fq2 t1 = c1 * b1;
    return Fq6{t0 + mul_by_xi(c2 * b1), (c0 + c1) * (b0 + b1) - t0 - t1, t1 + c2 * b0};
  }

  Fq6 inv() const {
    Fq2 a = c0.sqr() - mul_by_xi(c1 * c2);
    Fq2 b = mul_by_xi(c2.sqr()) - c0 * c1;
    Fq2 c = c1.sqr() - c0 * c2;
    Fq2 t = (c0 * a + mul_by_xi(c2 * b + c1 * c)).inv();
    return Fq6{a * t, b * t, c * t};
  }
};

}  // namespace zkpop
