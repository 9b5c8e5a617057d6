// A snarkjs Groth16 proving key (.zkey), parsed once into aligned in-memory arrays so repeated
// proofs do no parsing. Points stay in the file's Montgomery affine form.
#pragma once
#include <cstdint>
#include <atomic>
#include <memory>
#include <vector>

#include "curve.hpp"
#include "ntt.hpp"

namespace zkpop {

struct QapCoef {
  uint32_t matrix;      // 0 = A, 1 = B (C is A*B on the domain)
  uint32_t constraint;  // row: the evaluation point w^constraint
  uint32_t signal;      // witness index
  Fr value;             // as stored: value * R^2, so a Montgomery product with a plain witness
                        // value gives (value * witness) in Montgomery form
};

// Copies 1 .. copies-1 of each MSM's bases (copy j = 2^(j * chunk_bits_for(copies)) * P_i).
struct MsmTables {
  int copies = 1;
  size_t bytes = 0;
  double build_ms = 0;
  std::vector<G1Affine> a, b1, c, h;
  std::vector<G2Affine> b2;
};

struct ProvingKey {
  uint32_t n_vars = 0, n_public = 0, domain_size = 0;
  int log_domain = 0;
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, gamma2, delta2;
  std::vector<G1Affine> ic;  // section 3
  std::vector<QapCoef> coefs;
  std::vector<G1Affine> a, b1, c, h;
  std::vector<G2Affine> b2;
  // Prover tables for this domain.
  std::unique_ptr<Ntt> ntt;
  std::vector<Fr> coset_scale;  // inc^i / n: inverse-NTT scale and shift to the odd coset
  // Shifted copies of the MSM bases (msm_tables.hpp); null until built. May be set from another
  // thread while proofs run, so read and write it only through these two.
  std::shared_ptr<const MsmTables> tables() const { return std::atomic_load(&msm_tables_); }
  void set_tables(std::shared_ptr<const MsmTables> t) { std::atomic_store(&msm_tables_, std::move(t)); }

 private:
  std::shared_ptr<const MsmTables> msm_tables_;
};

// Throws std::runtime_error naming what is wrong.
std::shared_ptr<ProvingKey> parse_zkey(const uint8_t* data, size_t len);

// Witness values (plain, < r) of a .wtns file, 4 limbs each.
std::vector<u64> parse_wtns(const uint8_t* data, size_t len);

}  // namespace zkpop
