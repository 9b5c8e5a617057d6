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

  // Squaring in the cyclotomic subgroup (elements with f^(p^6+1) = 1, e.g. after the easy part
  // of the final exponentiation), Granger-Scott: view f = A + B w + C w^2 over
  // Fq4 = Fq2[t]/(t^2 - xi), t = w^3; then f^2 = (3A^2 - 2conj A) + (3t C^2 + 2conj B) w +
  // (3B^2 - 2conj C) w^2. 9 Fq2 squarings instead of 12 products.
  Fq12 cyclotomic_sqr() const {
    auto sq4 = [](const Fq2& a, const Fq2& b, Fq2& re, Fq2& im) {
      Fq2 t0 = a.sqr(), t1 = b.sqr();
      re = t0 + mul_by_xi(t1);
      im = (a + b).sqr() - t0 - t1;
    };
    const Fq2 &a0 = c0.c0, &a1 = c1.c1, &b0 = c1.c0, &b1 = c0.c2, &k0 = c0.c1, &k1 = c1.c2;
    Fq2 A0, A1, B0, B1, C0, C1;
    sq4(a0, a1, A0, A1);
    sq4(b0, b1, B0, B1);
    sq4(k0, k1, C0, C1);
    auto three = [](const Fq2& x) { return x + x + x; };
    Fq2 na0 = three(A0) - a0 - a0, na1 = three(A1) + a1 + a1;
    Fq2 nb0 = three(mul_by_xi(C1)) + b0 + b0, nb1 = three(C0) - b1 - b1;
    Fq2 nk0 = three(B0) - k0 - k0, nk1 = three(B1) + k1 + k1;
    return Fq12{Fq6{na0, nk0, nb1}, Fq6{nb0, na1, nk1}};
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
