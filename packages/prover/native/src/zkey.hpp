// A snarkjs Groth16 proving key (.zkey), parsed once into aligned in-memory arrays so repeated
// proofs do no parsing. Points stay in the file's Montgomery affine form.
#pragma once
#include <cstdint>
#include <atomic>
#include <memory>
#include <vector>
#include <functional>

#include "curve.hpp"
#include "ntt.hpp"

namespace zkpop {

// One nonzero of matrix A or B (C is A*B on the domain), 12 bytes instead of the file's 44: a
// key's values repeat (the enrollment circuit has 995 k coefficients, 29 k distinct values), so
// each names its value in ProvingKey::coef_values.
struct QapCoef {
  uint32_t constraint;  // row: the evaluation point w^constraint
  uint32_t signal;      // witness index
  uint32_t value;       // index into ProvingKey::coef_values
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
  std::vector<QapCoef> coefs[2];  // A's and B's, each in file order
  // Distinct coefficient values as stored: value * R^2, so a Montgomery product with a plain
  // witness value gives (value * witness) in Montgomery form.
  std::vector<Fr> coef_values;
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

// Bytes of the file that have been copied into the key and are not read again.
using ReleaseFn = std::function<void(const uint8_t*, size_t)>;

// Throws std::runtime_error naming what is wrong. release, when given, is called with each part
// of the file once it is copied out, so a caller that mapped the file can drop those pages: a
// whole mapped key and its parsed copy would otherwise be resident together at peak.
std::shared_ptr<ProvingKey> parse_zkey(const uint8_t* data, size_t len, const ReleaseFn& release = {});

// Witness values (plain, < r) of a .wtns file, 4 limbs each.
std::vector<u64> parse_wtns(const uint8_t* data, size_t len);

}  // namespace zkpop
