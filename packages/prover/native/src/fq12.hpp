// Fq12 = Fq6[w]/(w^2 - v), the target field of the BN254 pairing. As a vector over Fq2 the
// element c0 + c1 w has coefficients of w^0..w^5 = c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2.
#pragma once
#include "fq6.hpp"

namespace zkpop {

struct Fq12 {
  Fq6 c0, c1;

  static Fq12 one() { return Fq12{Fq6::one(), Fq6::zero()}; }
  bool is_one() const { return c0 == Fq6::one() && c1.is_zero(); }
  bool operator==(const Fq12& o) const { return c0 == o.c0 && c1 == o.c1; }

  friend Fq12 operator*(const Fq12& a, const Fq12& b) {
    Fq6 t0 = a.c0 * b.c0;
    Fq6 t1 = a.c1 * b.c1;
    return Fq12{t0 + t1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
  }
  Fq12& operator*=(const Fq12& o) { return *this = *this * o; }

  // (a + b w)^2 = (a + b)(a + v b) - ab - v ab + 2ab w: 2 Fq6 products.
  Fq12 sqr() const {
    Fq6 ab = c0 * c1;
    Fq6 t = (c0 + c1) * (c0 + c1.mul_by_v());
    return Fq12{t - ab - ab.mul_by_v(), ab + ab};
  }

  // The p^6-power Frobenius; the inverse on the cyclotomic subgroup.
  Fq12 conj() const { return Fq12{c0, -c1}; }

  Fq12 inv() const {
    Fq6 t = (c0.sqr() - c1.sqr().mul_by_v()).inv();
    return Fq12{c0 * t, -(c1 * t)};
  }

  // this * (a0 + (b0 + b1 v) w): the product by a line evaluation (13 Fq2 products).
  Fq12 mul_by_line(const Fq2& a0, const Fq2& b0, const Fq2& b1) const {
    Fq6 t0 = c0 * a0;
    Fq6 t1 = c1.mul_by_01(b0, b1);
    Fq6 s = (c0 + c1).mul_by_01(a0 + b0, b1);
    return Fq12{t0 + t1.mul_by_v(), s - t0 - t1};
  }
};

}  // namespace zkpop
