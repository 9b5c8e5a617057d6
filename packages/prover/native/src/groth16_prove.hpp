// Groth16 prover, bit-compatible with snarkjs's groth16.prove: the same QAP evaluation on the
// odd coset, the same proving-key sections and the same final assembly, with r and s drawn
// from the OS CSPRNG.
#pragma once
#include <atomic>
#include <functional>
#include <stdexcept>

#include "zkey.hpp"

namespace zkpop {

struct Groth16Proof {
  G1Affine a;
  G2Affine b;
  G1Affine c;
};

struct ProofCancelled : std::runtime_error {
  ProofCancelled() : std::runtime_error("proof cancelled") {}
};

// witness: n_vars plain values, 4 limbs each. cancelled is polled between steps (throws
// ProofCancelled once it returns true).
Groth16Proof groth16_prove(const ProvingKey& pk, const u64* witness, const std::function<bool()>& cancelled);

// How many copies of the MSM bases fit in budget_bytes of extra memory (1: none), and their size.
int msm_table_copies(const ProvingKey& pk, size_t budget_bytes, size_t* bytes);

// Builds the copies on the calling thread (seconds for a big key: run it off the JS thread).
// Proofs started before pk.set_tables() run without them.
std::shared_ptr<const MsmTables> build_msm_tables(const ProvingKey& pk, int copies);

// A uniformly random element of Fr from getrandom(2).
Fr random_fr();

}  // namespace zkpop
