// Montgomery multiplication for 4-limb fields with the BMI2/ADX instructions (mulx, adcx,
// adox): two independent carry chains let the products of one row and the reduction overlap.
// Used when the CPU has them (checked once at load); field.hpp falls back to portable C++.
// ZKPOP_NO_ADX=1 forces the portable code (tests run both).
#pragma once
#include <cstdint>
#include <cstdlib>

namespace zkpop {

#if defined(__x86_64__) && defined(__GNUC__)
#define ZKPOP_HAVE_ADX_ASM 1

inline bool detect_adx() {
  if (const char* off = std::getenv("ZKPOP_NO_ADX")) {
    if (off[0] == '1') return false;
  }
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx");
}

// Read on every product: a predictable branch, cheaper than an indirect call.
inline const bool kUseAdx = detect_adx();

// t = a*b*2^-256 mod p, fully reduced. CIOS without the extra carry
// words, valid because p's top limb is below 2^62: every intermediate fits in 5 limbs. The
// five accumulator registers rotate one place per row instead of being shifted.
template <class Params>
inline __attribute__((always_inline)) void mont_mul_adx(uint64_t t[4], const uint64_t* a, const uint64_t* b) {
  uint64_t r0, r1, r2, r3, r4, lo, hi, z;
  asm(
      "xorq %[z], %[z]\n\t"
      "movq 0(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[r0], %[r1]\n\t"
      "mulxq 8(%[a]), %[lo], %[r2]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "mulxq 16(%[a]), %[lo], %[r3]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "mulxq 24(%[a]), %[lo], %[r4]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adcxq %[z], %[r4]\n\t"
      "movq %[r0], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "adcxq %[z], %[r4]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 8(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[hi], %[r2]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 24(%[a]), %[lo], %[r0]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[z], %[r0]\n\t"
      "adoxq %[z], %[r0]\n\t"
      "movq %[r1], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "adcxq %[z], %[r0]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 16(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r2]\n\t"
      "adcxq %[hi], %[r3]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq 24(%[a]), %[lo], %[r1]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[z], %[r1]\n\t"
      "adoxq %[z], %[r1]\n\t"
      "movq %[r2], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r2]\n\t"
      "adoxq %[hi], %[r3]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "adcxq %[z], %[r1]\n\t"
      "xorq %[z], %[z]\n\t"
      "movq 24(%[b]), %%rdx\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r3]\n\t"
      "adcxq %[hi], %[r4]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r4]\n\t"
      "adcxq %[hi], %[r0]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[r0]\n\t"
      "adcxq %[hi], %[r1]\n\t"
      "mulxq 24(%[a]), %[lo], %[r2]\n\t"
      "adoxq %[lo], %[r1]\n\t"
      "adcxq %[z], %[r2]\n\t"
      "adoxq %[z], %[r2]\n\t"
      "movq %[r3], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorq %[z], %[z]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r3]\n\t"
      "adoxq %[hi], %[r4]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r4]\n\t"
      "adoxq %[hi], %[r0]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r0]\n\t"
      "adoxq %[hi], %[r1]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adcxq %[lo], %[r1]\n\t"
      "adoxq %[hi], %[r2]\n\t"
      "adcxq %[z], %[r2]\n\t"
      // t < 2p: subtract p unless that borrows.
      "movq %[r4], %[lo]\n\t"
      "subq %[p0], %[lo]\n\t"
      "movq %[r0], %[hi]\n\t"
      "sbbq %[p1], %[hi]\n\t"
      "movq %[r1], %[z]\n\t"
      "sbbq %[p2], %[z]\n\t"
      "movq %[r2], %%rdx\n\t"
      "sbbq %[p3], %%rdx\n\t"
      "cmovncq %[lo], %[r4]\n\t"
      "cmovncq %[hi], %[r0]\n\t"
      "cmovncq %[z], %[r1]\n\t"
      "cmovncq %%rdx, %[r2]\n\t"
      : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4), [lo] "=&r"(lo),
        [hi] "=&r"(hi), [z] "=&r"(z)
      : [a] "r"(a), [b] "r"(b), [p0] "m"(Params::P[0]), [p1] "m"(Params::P[1]), [p2] "m"(Params::P[2]),
        [p3] "m"(Params::P[3]), [inv] "m"(Params::INV), "m"(*reinterpret_cast<const uint64_t(*)[4]>(a)),
        "m"(*reinterpret_cast<const uint64_t(*)[4]>(b))
      : "rdx", "cc");
  t[0] = r4;
  t[1] = r0;
  t[2] = r1;
  t[3] = r2;
}
#else
inline const bool kUseAdx = false;
template <class Params>
inline void mont_mul_adx(uint64_t*, const uint64_t*, const uint64_t*) {}
#endif

}  // namespace zkpop
