// Groth16 verification (snarkjs bn128 keys and proofs) with batching: n proofs cost n + 3
// Miller loops in one shared loop and ONE final exponentiation; a failing batch is bisected
// with fresh weights to name the bad proofs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pairing.hpp"

namespace zkpop {

// Per-proof verdict; keep in step with Status in src/native-verifier.ts.
enum class ProofStatus : uint8_t {
  Valid = 0,
  Invalid = 1,       // well formed, fails the pairing equation
  ABad = 2,          // A is not a point of G1 (off the curve, or infinity)
  BBad = 3,          // B is off the twist, infinity, or outside G2's prime-order subgroup
  CBad = 4,          // C is not a point of G1
  NotCanonical = 5,  // a coordinate >= q or a public signal >= r
};

// Byte layout (every number 32 bytes, little-endian, plain, canonical):
//   key:   alpha(x,y) beta(x0,x1,y0,y1) gamma(...) delta(...) IC[0..nPublic](x,y)
//   proof: A(x,y) B(x0,x1,y0,y1) C(x,y) = 256 bytes; signals: nPublic scalars per proof.
constexpr size_t kProofBytes = 256;

struct VerifyingKey {
  size_t n_public = 0;
  G1Affine alpha;
  G2Prepared beta, gamma, delta;
  std::vector<G1Affine> ic;
};

// Throws std::invalid_argument when a point is not canonical, off its curve, or (G2) outside
// the subgroup.
VerifyingKey parse_verifying_key(const uint8_t* bytes, size_t len, size_t n_public);

// One status per proof. Weights are 128-bit values from the OS CSPRNG; a single proof is
// checked exactly (weight 1).
std::vector<ProofStatus> verify_proofs(const VerifyingKey& vk, const uint8_t* proofs, const uint8_t* signals,
                                       size_t count);

}  // namespace zkpop
