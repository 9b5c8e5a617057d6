// Optimal ate pairing on BN254 (D-type sextic twist, xi = 9 + u), split so that a product of
// pairings costs one shared Miller loop and ONE final exponentiation. Not constant time: it
// only ever sees public values (verification keys and proofs).
#pragma once
#include <vector>

#include "curve.hpp"
#include "fq12.hpp"

namespace zkpop {

// A line through points of the twist, evaluated at P = (xp, yp) in G1 as
// c0*yp + (c1*xp) w + c2 w^3 (scaled by a factor in Fq2, which the final exponentiation kills).
struct LineCoeffs {
  Fq2 c0, c1, c2;
};

// Every line of the Miller loop for one G2 point, computed once (keys) or per proof.
struct G2Prepared {
  std::vector<LineCoeffs> lines;
  bool infinity = false;
};

G2Prepared prepare_g2(const G2Affine& q);

// prod_i f_{6x+2,Q_i}(P_i) with the two Frobenius lines; pairs with P or Q at infinity count as 1.
Fq12 multi_miller_loop(const std::vector<G1Affine>& ps, const std::vector<const G2Prepared*>& qs);

// f^((p^12 - 1)/r) up to a fixed exponent coprime to r: equal to one exactly when the pairing
// product is.
Fq12 final_exponentiation(const Fq12& f);

// True when q lies in the order-r subgroup of the twist (G2 has a large cofactor).
bool g2_in_subgroup(const G2Affine& q);

// Frobenius maps: p^k-power on Fq12, and the p-power endomorphism of the twist.
Fq12 frobenius(const Fq12& f, int k);
G2Affine twist_frobenius(const G2Affine& q);

}  // namespace zkpop
