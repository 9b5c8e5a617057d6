#include "pairing.hpp"

#include <array>

namespace zkpop {
namespace {

// The BN parameter x = 4965661367192848881; the ate loop runs over 6x + 2.
constexpr u64 BN_X = 4965661367192848881ULL;

// Signed binary (NAF) digits of 6x + 2, least significant first.
const std::vector<int>& ate_naf() {
  static const std::vector<int> naf = [] {
    std::vector<int> d;
    u128 n = (u128)BN_X * 6 + 2;
    while (n != 0) {
      if (n & 1) {
        int digit = (n & 3) == 3 ? -1 : 1;
        d.push_back(digit);
        n = digit == 1 ? n - 1 : n + 1;
      } else {
        d.push_back(0);
      }
      n >>= 1;
    }
    return d;
  }();
  return naf;
}

// gamma[k][j] = xi^(j (p^k - 1)/6), the Frobenius coefficients of w^j, for k = 1, 2, 3.
struct FrobeniusConstants {
  std::array<std::array<Fq2, 6>, 4> gamma;
  FrobeniusConstants() {
    // (p - 1)/6 by long division of the limbs.
    u64 e[4];
    u64 one[4] = {1, 0, 0, 0};
    sub4(e, FqParams::P, one);
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
      u128 cur = (rem << 64) | e[i];
      e[i] = (u64)(cur / 6);
      rem = cur % 6;
    }
    Fq2 xi{Fq::from_u64(9), Fq::from_u64(1)};
    Fq2 g1 = pow(xi, e);
    Fq2 acc = Fq2::one();
    for (int j = 0; j < 6; ++j) {
      gamma[1][j] = acc;
      gamma[2][j] = acc * acc.conj();        // z^(p+1)
      gamma[3][j] = gamma[2][j] * acc;       // z^(p^2+p+1), since z^(p^2) = z on Fq2
      acc = acc * g1;
    }
  }
  static Fq2 pow(const Fq2& a, const u64 e[4]) {
    Fq2 r = Fq2::one();
    for (int i = 3; i >= 0; --i)
      for (int b = 63; b >= 0; --b) {
        r = r.sqr();
        if ((e[i] >> b) & 1) r = r * a;
      }
    return r;
  }
};

const FrobeniusConstants& frob() {
  static const FrobeniusConstants c;
  return c;
}

// Homogeneous projective point (X : Y : Z) on the twist: x = X/Z, y = Y/Z.
struct G2Proj {
  Fq2 x, y, z;
};

const Fq& two_inv() {
  static const Fq t = Fq::from_u64(2).inv();
  return t;
}

// T <- 2T, returning the tangent line scaled by 2YZ: (2YZ) yp - (3X^2) xp w + (Y^2 - 3b'Z^2) w^3.
LineCoeffs doubling_step(G2Proj& t) {
  const Fq2& b = curve_b<Fq2>();
  Fq2 a = (t.x * t.y) * two_inv();
  Fq2 yy = t.y.sqr();
  Fq2 zz = t.z.sqr();
  Fq2 e = b * (zz + zz + zz);  // 3b'Z^2
  Fq2 f = e + e + e;           // 9b'Z^2
  Fq2 g = (yy + f) * two_inv();
  Fq2 h = (t.y + t.z).sqr() - (yy + zz);  // 2YZ
  Fq2 xx = t.x.sqr();
  Fq2 ee = e.sqr();
  t.x = a * (yy - f);
  t.y = g.sqr() - (ee + ee + ee);
  t.z = yy * h;
  return LineCoeffs{h, -(xx + xx + xx), yy - e};
}

// T <- T + Q, returning the chord scaled by mu = X - xq Z: mu yp - theta xp w + (theta xq - mu yq) w^3.
LineCoeffs addition_step(G2Proj& t, const G2Affine& q) {
  Fq2 theta = t.y - q.y * t.z;
  Fq2 mu = t.x - q.x * t.z;
  Fq2 c = theta.sqr();
  Fq2 d = mu.sqr();
  Fq2 e = mu * d;
  Fq2 f = t.z * c;
  Fq2 g = t.x * d;
  Fq2 h = e + f - (g + g);
  t.x = mu * h;
  t.y = theta * (g - h) - e * t.y;
  t.z = t.z * e;
  return LineCoeffs{mu, -theta, theta * q.x - mu * q.y};
}

// f^x for f in the cyclotomic subgroup.
Fq12 exp_by_x(const Fq12& f) {
  Fq12 r = f;
  static_assert(BN_X >> 62 == 1, "x has 63 bits");
  for (int b = 61; b >= 0; --b) {  // bit 62, the top one, is the initial r = f
    r = r.cyclotomic_sqr();
    if ((BN_X >> b) & 1) r *= f;
  }
  return r;
}

}  // namespace

Fq12 frobenius(const Fq12& f, int k) {
  const auto& g = frob().gamma[k];
  auto map = [&](const Fq2& c, int j) { return (k & 1 ? c.conj() : c) * g[j]; };
  return Fq12{Fq6{map(f.c0.c0, 0), map(f.c0.c1, 2), map(f.c0.c2, 4)},
              Fq6{map(f.c1.c0, 1), map(f.c1.c1, 3), map(f.c1.c2, 5)}};
}

G2Affine twist_frobenius(const G2Affine& q) {
  const auto& g = frob().gamma[1];
  return G2Affine{q.x.conj() * g[2], q.y.conj() * g[3]};
}

G2Prepared prepare_g2(const G2Affine& q) {
  G2Prepared out;
  if (q.is_inf()) {
    out.infinity = true;
    return out;
  }
  const auto& naf = ate_naf();
  G2Proj t{q.x, q.y, Fq2::one()};
  G2Affine neg_q = -q;
  for (int i = (int)naf.size() - 2; i >= 0; --i) {
    out.lines.push_back(doubling_step(t));
    if (naf[i] == 1) out.lines.push_back(addition_step(t, q));
    if (naf[i] == -1) out.lines.push_back(addition_step(t, neg_q));
  }
  // The optimal ate correction: lines through pi(Q) and -pi^2(Q).
  G2Affine q1 = twist_frobenius(q);
  const auto& g2 = frob().gamma[2];
  G2Affine minus_q2{q.x * g2[2], -(q.y * g2[3])};
  out.lines.push_back(addition_step(t, q1));
  out.lines.push_back(addition_step(t, minus_q2));
  return out;
}

Fq12 multi_miller_loop(const std::vector<G1Affine>& ps, const std::vector<const G2Prepared*>& qs) {
  std::vector<size_t> live;
  for (size_t k = 0; k < ps.size(); ++k)
    if (!ps[k].is_inf() && !qs[k]->infinity) live.push_back(k);
  Fq12 f = Fq12::one();
  size_t idx = 0;
  auto apply = [&](size_t line) {
    for (size_t k : live) {
      const LineCoeffs& l = qs[k]->lines[line];
      f = f.mul_by_line(l.c0 * ps[k].y, l.c1 * ps[k].x, l.c2);
    }
  };
  const auto& naf = ate_naf();
  for (int i = (int)naf.size() - 2; i >= 0; --i) {
    if (i != (int)naf.size() - 2) f = f.sqr();
    apply(idx++);
    if (naf[i] != 0) apply(idx++);
  }
  apply(idx++);
  apply(idx++);
  return f;
}

Fq12 final_exponentiation(const Fq12& f) {
  // Easy part: f^((p^6 - 1)(p^2 + 1)) lands in the cyclotomic subgroup (inverse = conjugate).
  Fq12 r = f.conj() * f.inv();
  r = frobenius(r, 2) * r;
  // Hard part: r^(2x(6x^2 + 3x + 1)(p^4 - p^2 + 1)/r), the addition chain of Fuentes-Castaneda,
  // Knapp and Rodriguez-Henriquez ("Faster hashing to G2"), in the form arkworks documents.
  auto exp_by_neg_x = [](const Fq12& a) { return exp_by_x(a).conj(); };
  Fq12 y0 = exp_by_neg_x(r);
  Fq12 y1 = y0.cyclotomic_sqr();
  Fq12 y2 = y1.cyclotomic_sqr();
  Fq12 y3 = y2 * y1;
  Fq12 y4 = exp_by_neg_x(y3);
  Fq12 y5 = y4.cyclotomic_sqr();
  Fq12 y6 = exp_by_neg_x(y5);
  y3 = y3.conj();
  y6 = y6.conj();
  Fq12 y7 = y6 * y4;
  Fq12 y8 = y7 * y3;
  Fq12 y9 = y8 * y1;
  Fq12 y10 = y8 * y4;
  Fq12 y11 = y10 * r;
  Fq12 y13 = frobenius(y9, 1) * y11;
  Fq12 y14 = frobenius(y8, 2) * y13;
  Fq12 y15 = frobenius(r.conj() * y9, 3);
  return y15 * y14;
}

bool g2_in_subgroup(const G2Affine& q) {
  if (q.is_inf()) return true;
  // On G2 the endomorphism psi (twist, Frobenius, untwist) acts as [p] = [6x^2] (p - r = 6x^2);
  // on a BN twist psi(Q) = [6x^2]Q holds for G2 points only (El Housni, Guillevic, Piellard,
  // "Co-factor clearing and subgroup membership testing on pairing-friendly curves", 2022).
  // A 127-bit multiplication instead of the 254-bit [r]Q.
  const u128 k = (u128)BN_X * BN_X * 6;
  G2 acc = G2::infinity();
  for (int b = 127; b >= 0; --b) {
    acc = dbl(acc);
    if ((k >> b) & 1) acc = add_mixed(acc, q);
  }
  return equal(acc, G2::from(twist_frobenius(q)));
}

}  // namespace zkpop
