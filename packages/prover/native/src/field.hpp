// Prime fields of BN254 in Montgomery form: 4 little-endian 64-bit limbs, R = 2^256.
// A value x is stored as x*R mod p, the same representation snarkjs/ffjavascript use in
// .zkey files, so zkey bytes can be copied into limbs without conversion.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#include "mont_adx.hpp"

namespace zkpop {

using u64 = uint64_t;

// Field operations are a few instructions around a product: inlined into the point formulas
// they avoid call overhead and spills, and GCC's heuristics otherwise inline them in one
// instantiation and not in another (the G2 MSM ran 20% slower after an unrelated edit).
#define ZKPOP_INLINE inline __attribute__((always_inline))
using u128 = unsigned __int128;

// Field parameters: modulus, -p^-1 mod 2^64, R mod p, R^2 mod p.
struct FqParams {
  static constexpr u64 P[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL,
                               0x30644e72e131a029ULL};
  static constexpr u64 INV = 0x87d20782e4866389ULL;
  static constexpr u64 ONE[4] = {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL,
                                 0x0e0a77c19a07df2fULL};
  static constexpr u64 R2[4] = {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL,
                                0x06d89f71cab8351fULL};
};

struct FrParams {
  static constexpr u64 P[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                               0x30644e72e131a029ULL};
  static constexpr u64 INV = 0xc2e1f593efffffffULL;
  static constexpr u64 ONE[4] = {0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL,
                                 0x0e0a77c19a07df2fULL};
  static constexpr u64 R2[4] = {0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL,
                                0x0216d0b17f4e44a5ULL};
};

// Plain 256-bit integer helpers (little-endian limbs).
ZKPOP_INLINE bool geq4(const u64* a, const u64* b) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}
// r = a - b, returns the borrow. The carry intrinsics compile to sbb/adc chains; GCC's code
// for the 128-bit formulation is several times longer.
ZKPOP_INLINE u64 sub4(u64* r, const u64* a, const u64* b) {
#if defined(__x86_64__)
  unsigned long long t0, t1, t2, t3;
  unsigned char c = _subborrow_u64(0, a[0], b[0], &t0);
  c = _subborrow_u64(c, a[1], b[1], &t1);
  c = _subborrow_u64(c, a[2], b[2], &t2);
  c = _subborrow_u64(c, a[3], b[3], &t3);
  r[0] = t0, r[1] = t1, r[2] = t2, r[3] = t3;
  return c;
#else
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = (u128)a[i] - b[i] - borrow;
    r[i] = (u64)d;
    borrow = (u64)(d >> 64) & 1;
  }
  return borrow;
#endif
}
// r = a + b, returns the carry.
ZKPOP_INLINE u64 add4(u64* r, const u64* a, const u64* b) {
#if defined(__x86_64__)
  unsigned long long t0, t1, t2, t3;
  unsigned char c = _addcarry_u64(0, a[0], b[0], &t0);
  c = _addcarry_u64(c, a[1], b[1], &t1);
  c = _addcarry_u64(c, a[2], b[2], &t2);
  c = _addcarry_u64(c, a[3], b[3], &t3);
  r[0] = t0, r[1] = t1, r[2] = t2, r[3] = t3;
  return c;
#else
  u64 carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 s = (u128)a[i] + b[i] + carry;
    r[i] = (u64)s;
    carry = (u64)(s >> 64);
  }
  return carry;
#endif
}

template <class Params>
struct Fp {
  u64 l[4];

  static Fp zero() { return Fp{{0, 0, 0, 0}}; }
  static Fp one() { return Fp{{Params::ONE[0], Params::ONE[1], Params::ONE[2], Params::ONE[3]}}; }
  static const u64* modulus() { return Params::P; }

  bool is_zero() const { return (l[0] | l[1] | l[2] | l[3]) == 0; }
  bool operator==(const Fp& o) const {
    return l[0] == o.l[0] && l[1] == o.l[1] && l[2] == o.l[2] && l[3] == o.l[3];
  }
  bool operator!=(const Fp& o) const { return !(*this == o); }

  // Branch-free: whether a reduction is needed is a coin flip, which a branch would
  // mispredict half the time.
  ZKPOP_INLINE friend Fp operator+(const Fp& a, const Fp& b) {
    Fp r;
    add4(r.l, a.l, b.l);  // p < 2^254: no carry out of 256 bits
    r.reduce_once();
    return r;
  }
  ZKPOP_INLINE friend Fp operator-(const Fp& a, const Fp& b) {
    Fp r;
    u64 mask = 0 - sub4(r.l, a.l, b.l);  // all ones when a < b: add p back
    const u64 back[4] = {Params::P[0] & mask, Params::P[1] & mask, Params::P[2] & mask, Params::P[3] & mask};
    add4(r.l, r.l, back);
    return r;
  }
  ZKPOP_INLINE Fp operator-() const {
    if (is_zero()) return *this;
    Fp r;
    sub4(r.l, Params::P, l);
    return r;
  }
  ZKPOP_INLINE Fp dbl() const { return *this + *this; }

  // Montgomery product a*b/R mod p: CIOS (Koc et al. 1996) without the extra carry words,
  // valid because the top limb of p is below 2^63 - 1 (the "no-carry" variant described by
  // the gnark authors).
  ZKPOP_INLINE friend Fp operator*(const Fp& a, const Fp& b) {
    Fp r;
    if (kUseAdx) {
      mont_mul_adx<Params>(r.l, a.l, b.l);
    } else {
      mul_portable(r.l, a.l, b.l);
      r.reduce_once();
    }
    return r;
  }
  static void mul_portable(u64 t[4], const u64* al, const u64* bl) {
    t[0] = t[1] = t[2] = t[3] = 0;
    for (int i = 0; i < 4; ++i) {
      u128 x = (u128)al[0] * bl[i] + t[0];
      u64 hi = (u64)(x >> 64);
      t[0] = (u64)x;
      u64 m = t[0] * Params::INV;
      x = (u128)m * Params::P[0] + t[0];
      u64 c = (u64)(x >> 64);
      for (int j = 1; j < 4; ++j) {
        x = (u128)al[j] * bl[i] + t[j] + hi;
        hi = (u64)(x >> 64);
        u64 tj = (u64)x;
        x = (u128)m * Params::P[j] + tj + c;
        c = (u64)(x >> 64);
        t[j - 1] = (u64)x;
      }
      t[3] = c + hi;
    }
  }
  // x < 2p -> x mod p, without a branch on the data.
  ZKPOP_INLINE void reduce_once() {
    u64 d[4];
    u64 borrow = sub4(d, l, Params::P);
    u64 keep = 0 - borrow;  // all ones when x < p
    for (int i = 0; i < 4; ++i) l[i] = (l[i] & keep) | (d[i] & ~keep);
  }
  Fp& operator+=(const Fp& o) { return *this = *this + o; }
  Fp& operator-=(const Fp& o) { return *this = *this - o; }
  ZKPOP_INLINE Fp& operator*=(const Fp& o) { return *this = *this * o; }
  ZKPOP_INLINE Fp sqr() const { return *this * *this; }

  // Conversions between plain integers (< p) and Montgomery form.
  static Fp from_plain(const u64 x[4]) {
    Fp a{{x[0], x[1], x[2], x[3]}};
    Fp r2{{Params::R2[0], Params::R2[1], Params::R2[2], Params::R2[3]}};
    return a * r2;
  }
  static Fp from_u64(u64 v) {
    u64 x[4] = {v, 0, 0, 0};
    return from_plain(x);
  }
  void to_plain(u64 out[4]) const {
    Fp o{{1, 0, 0, 0}};
    Fp r = *this * o;
    std::memcpy(out, r.l, 32);
  }
  // Montgomery limbs copied as stored (zkey sections hold this form).
  static Fp from_raw(const void* bytes) {
    Fp r;
    std::memcpy(r.l, bytes, 32);
    return r;
  }
  // True when the plain 256-bit integer is a canonical field element (< p).
  static bool is_canonical(const u64 x[4]) { return !geq4(x, Params::P); }

  // a^e for a plain exponent given as 4 limbs.
  Fp pow(const u64 e[4]) const {
    Fp r = one();
    for (int i = 3; i >= 0; --i) {
      for (int b = 63; b >= 0; --b) {
        r = r.sqr();
        if ((e[i] >> b) & 1) r *= *this;
      }
    }
    return r;
  }
  // Inverse by Fermat (a^(p-2)); the inverse of zero is zero.
  Fp inv() const {
    u64 e[4];
    u64 two[4] = {2, 0, 0, 0};
    sub4(e, Params::P, two);
    return pow(e);
  }
};

using Fq = Fp<FqParams>;
using Fr = Fp<FrParams>;

// Inverts every element of v in place with one field inversion (Montgomery's trick).
// Zeros stay zero. scratch must hold n elements.
template <class F>
void batch_inverse(F* v, size_t n, F* scratch) {
  F acc = F::one();
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = acc;
    if (!v[i].is_zero()) acc *= v[i];
  }
  acc = acc.inv();
  for (size_t i = n; i-- > 0;) {
    if (v[i].is_zero()) continue;
    F t = acc * scratch[i];
    acc *= v[i];
    v[i] = t;
  }
}

}  // namespace zkpop
