// Development Groth16 setup straight from toxic waste: draws tau, alpha, beta, gamma, delta
// from the OS CSPRNG, evaluates the circuit's QAP at tau and writes every proving-key point
// with fixed-base multiplications, as a snarkjs-compatible .zkey. No powers of tau file; the
// secrets are wiped before returning. SINGLE PARTY: whoever runs it can forge proofs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace zkpop {

struct DevSetupInfo {
  uint32_t n_vars = 0, n_public = 0, n_constraints = 0, domain_size = 0;
};

// Progress: a stage name and the fraction of the work done so far.
using SetupProgress = std::function<void(const std::string& stage, double done)>;

// r1cs: the bytes of a circom .r1cs file over BN254. Throws std::invalid_argument on a file it
// cannot use.
std::vector<uint8_t> dev_setup_zkey(const uint8_t* r1cs, size_t len, DevSetupInfo* info,
                                    const SetupProgress& progress);

}  // namespace zkpop
