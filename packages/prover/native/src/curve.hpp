// Short Weierstrass curves y^2 = x^3 + b over F (a = 0): G1 over Fq (b = 3) and G2 over Fq2
// (the D-type twist, b = 3/(9+u)). Jacobian coordinates (x/z^2, y/z^3), infinity at z = 0.
// Affine points use (0, 0) for infinity, as snarkjs's zkey sections do.
#pragma once
#include <vector>

#include "fq2.hpp"

namespace zkpop {

template <class F>
struct Affine {
  F x, y;
  static Affine infinity() { return Affine{F::zero(), F::zero()}; }
  bool is_inf() const { return x.is_zero() && y.is_zero(); }
  Affine operator-() const { return is_inf() ? *this : Affine{x, -y}; }
  bool operator==(const Affine& o) const { return x == o.x && y == o.y; }
};

template <class F>
struct Jac {
  F x, y, z;
  static Jac infinity() { return Jac{F::one(), F::one(), F::zero()}; }
  static Jac from(const Affine<F>& a) { return a.is_inf() ? infinity() : Jac{a.x, a.y, F::one()}; }
  bool is_inf() const { return z.is_zero(); }
  Jac operator-() const { return Jac{x, -y, z}; }
};

template <class F>
F curve_b();
template <>
inline Fq curve_b<Fq>() {
  return Fq::from_u64(3);
}
template <>
inline Fq2 curve_b<Fq2>() {
  static const Fq2 b = Fq2{Fq::from_u64(9), Fq::from_u64(1)}.inv() * Fq::from_u64(3);
  return b;
}

using G1Affine = Affine<Fq>;
using G2Affine = Affine<Fq2>;
using G1 = Jac<Fq>;
using G2 = Jac<Fq2>;

// dbl-2009-l (a = 0): 2M + 5S.
template <class F>
Jac<F> dbl(const Jac<F>& p) {
  if (p.is_inf()) return p;
  F a = p.x.sqr();
  F b = p.y.sqr();
  F c = b.sqr();
  F d = ((p.x + b).sqr() - a - c).dbl();
  F e = a.dbl() + a;
  F f = e.sqr();
  Jac<F> r;
  r.x = f - d.dbl();
  F c8 = c.dbl().dbl().dbl();
  r.y = e * (d - r.x) - c8;
  r.z = (p.y * p.z).dbl();
  return r;
}

// add-2007-bl: 11M + 5S; handles equal points and infinities.
template <class F>
Jac<F> add(const Jac<F>& p, const Jac<F>& q) {
  if (p.is_inf()) return q;
  if (q.is_inf()) return p;
  F z1z1 = p.z.sqr();
  F z2z2 = q.z.sqr();
  F u1 = p.x * z2z2;
  F u2 = q.x * z1z1;
  F s1 = p.y * q.z * z2z2;
  F s2 = q.y * p.z * z1z1;
  F h = u2 - u1;
  F rr = (s2 - s1).dbl();
  if (h.is_zero()) {
    if (rr.is_zero()) return dbl(p);
    return Jac<F>::infinity();
  }
  F i = h.dbl().sqr();
  F j = h * i;
  F v = u1 * i;
  Jac<F> r;
  r.x = rr.sqr() - j - v.dbl();
  r.y = rr * (v - r.x) - (s1 * j).dbl();
  r.z = ((p.z + q.z).sqr() - z1z1 - z2z2) * h;
  return r;
}

// madd-2007-bl (q affine): 7M + 4S; handles equal points and infinities.
template <class F>
Jac<F> add_mixed(const Jac<F>& p, const Affine<F>& q) {
  if (q.is_inf()) return p;
  if (p.is_inf()) return Jac<F>::from(q);
  F z1z1 = p.z.sqr();
  F u2 = q.x * z1z1;
  F s2 = q.y * p.z * z1z1;
  F h = u2 - p.x;
  F rr = (s2 - p.y).dbl();
  if (h.is_zero()) {
    if (rr.is_zero()) return dbl(p);
    return Jac<F>::infinity();
  }
  F hh = h.sqr();
  F i = hh.dbl().dbl();
  F j = h * i;
  F v = p.x * i;
  Jac<F> r;
  r.x = rr.sqr() - j - v.dbl();
  r.y = rr * (v - r.x) - (p.y * j).dbl();
  r.z = (p.z + h).sqr() - z1z1 - hh;
  return r;
}

template <class F>
Affine<F> to_affine(const Jac<F>& p) {
  if (p.is_inf()) return Affine<F>::infinity();
  F zi = p.z.inv();
  F zi2 = zi.sqr();
  return Affine<F>{p.x * zi2, p.y * zi2 * zi};
}

// Jacobian to affine with one shared inversion; infinity becomes (0, 0).
template <class F>
void to_affine_batch(const Jac<F>* in, size_t n, Affine<F>* out) {
  std::vector<F> z(n), scratch(n);
  for (size_t i = 0; i < n; ++i) z[i] = in[i].z;
  batch_inverse(z.data(), n, scratch.data());
  for (size_t i = 0; i < n; ++i) {
    if (in[i].is_inf()) {
      out[i] = Affine<F>::infinity();
      continue;
    }
    F zi2 = z[i].sqr();
    out[i] = Affine<F>{in[i].x * zi2, in[i].y * zi2 * z[i]};
  }
}

// Same point, whatever the Jacobian representatives.
template <class F>
bool equal(const Jac<F>& p, const Jac<F>& q) {
  if (p.is_inf() || q.is_inf()) return p.is_inf() && q.is_inf();
  F z1z1 = p.z.sqr();
  F z2z2 = q.z.sqr();
  return p.x * z2z2 == q.x * z1z1 && p.y * q.z * z2z2 == q.y * p.z * z1z1;
}

template <class F>
bool is_on_curve(const Affine<F>& a) {
  if (a.is_inf()) return true;
  return a.y.sqr() == a.x.sqr() * a.x + curve_b<F>();
}

// k*p for a plain (non-Montgomery) 256-bit scalar. Double-and-add, not constant time, like
// the snarkjs prover it replaces (G1.timesFr).
template <class F>
Jac<F> mul_plain(const Jac<F>& p, const u64 k[4]) {
  Jac<F> r = Jac<F>::infinity();
  for (int i = 3; i >= 0; --i) {
    for (int b = 63; b >= 0; --b) {
      r = dbl(r);
      if ((k[i] >> b) & 1) r = add(r, p);
    }
  }
  return r;
}

template <class F>
Jac<F> mul_fr(const Jac<F>& p, const Fr& k) {
  u64 plain[4];
  k.to_plain(plain);
  return mul_plain(p, plain);
}

}  // namespace zkpop
