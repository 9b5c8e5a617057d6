#include "groth16_verify.hpp"

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

#include "msm.hpp"
#include "os_random.hpp"

namespace zkpop {
namespace {

bool read_plain(const uint8_t* p, u64 out[4]) {
  std::memcpy(out, p, 32);  // little-endian limbs on every supported target
  return true;
}

// Canonical (< q) Fq element from 32 plain little-endian bytes.
bool read_fq(const uint8_t* p, Fq& out) {
  u64 v[4];
  read_plain(p, v);
  if (!Fq::is_canonical(v)) return false;
  out = Fq::from_plain(v);
  return true;
}

enum class PointCheck { Ok, NotCanonical, Bad };

PointCheck read_g1(const uint8_t* p, G1Affine& out) {
  if (!read_fq(p, out.x) || !read_fq(p + 32, out.y)) return PointCheck::NotCanonical;
  if (out.is_inf() || !is_on_curve(out)) return PointCheck::Bad;
  return PointCheck::Ok;
}

PointCheck read_g2(const uint8_t* p, G2Affine& out) {
  if (!read_fq(p, out.x.c0) || !read_fq(p + 32, out.x.c1) || !read_fq(p + 64, out.y.c0) ||
      !read_fq(p + 96, out.y.c1))
    return PointCheck::NotCanonical;
  if (out.is_inf() || !is_on_curve(out) || !g2_in_subgroup(out)) return PointCheck::Bad;
  return PointCheck::Ok;
}

struct ParsedProof {
  G1Affine a, c;
  G2Prepared b;
  std::vector<Fr> signals;
};

ProofStatus parse_proof(const uint8_t* p, const uint8_t* s, size_t n_public, ParsedProof& out) {
  PointCheck ca = read_g1(p, out.a);
  G2Affine b;
  PointCheck cb = read_g2(p + 64, b);
  PointCheck cc = read_g1(p + 192, out.c);
  if (ca == PointCheck::NotCanonical || cb == PointCheck::NotCanonical || cc == PointCheck::NotCanonical)
    return ProofStatus::NotCanonical;
  for (size_t j = 0; j < n_public; ++j) {
    u64 v[4];
    read_plain(s + 32 * j, v);
    if (!Fr::is_canonical(v)) return ProofStatus::NotCanonical;
    out.signals.push_back(Fr::from_plain(v));
  }
  if (ca == PointCheck::Bad) return ProofStatus::ABad;
  if (cb == PointCheck::Bad) return ProofStatus::BBad;
  if (cc == PointCheck::Bad) return ProofStatus::CBad;
  out.b = prepare_g2(b);
  return ProofStatus::Valid;
}

// Jacobian points to affine with one field inversion.
std::vector<G1Affine> normalize(const std::vector<G1>& pts) {
  std::vector<Fq> zs(pts.size()), scratch(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) zs[i] = pts[i].z;
  batch_inverse(zs.data(), zs.size(), scratch.data());
  std::vector<G1Affine> out(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    if (pts[i].is_inf()) {
      out[i] = G1Affine::infinity();
      continue;
    }
    Fq zi2 = zs[i].sqr();
    out[i] = G1Affine{pts[i].x * zi2, pts[i].y * zi2 * zs[i]};
  }
  return out;
}

// Random 128-bit non-zero weights, as plain limbs.
std::vector<std::array<u64, 4>> random_weights(size_t n) {
  std::vector<std::array<u64, 4>> w(n);
  for (auto& x : w) {
    do {
      os_random(x.data(), 16);
    } while (x[0] == 0 && x[1] == 0);
    x[2] = x[3] = 0;
  }
  return w;
}

// k * p for a short scalar (the 128-bit weights), double-and-add with mixed additions.
G1 mul_short(const G1Affine& p, const u64 k[4]) {
  G1 acc = G1::infinity();
  for (int b = 127; b >= 0; --b) {
    acc = dbl(acc);
    if ((k[b >> 6] >> (b & 63)) & 1) acc = add_mixed(acc, p);
  }
  return acc;
}

// prod_i e(w_i A_i, B_i) * e(-sum w_i L_i, gamma) * e(-sum w_i C_i, delta) * e(-(sum w_i) alpha, beta) == 1,
// where L_i = IC_0 + sum_j s_ij IC_j; the two sums are multi-scalar multiplications.
bool check(const VerifyingKey& vk, const std::vector<const ParsedProof*>& ps) {
  const size_t n = ps.size();
  std::vector<std::array<u64, 4>> w =
      n == 1 ? std::vector<std::array<u64, 4>>{{1, 0, 0, 0}} : random_weights(n);
  std::vector<Fr> ic_scalar(vk.n_public + 1, Fr::zero());
  std::vector<G1> g1s;
  g1s.reserve(n + 3);
  std::vector<G1Affine> cs(n);
  for (size_t i = 0; i < n; ++i) {
    Fr wi = Fr::from_plain(w[i].data());
    ic_scalar[0] += wi;
    for (size_t j = 0; j < vk.n_public; ++j) ic_scalar[j + 1] += wi * ps[i]->signals[j];
    g1s.push_back(n == 1 ? G1::from(ps[i]->a) : mul_short(ps[i]->a, w[i].data()));
    cs[i] = ps[i]->c;
  }
  static_assert(sizeof(std::array<u64, 4>) == sizeof(Scalar), "weights are laid out as Scalars");
  G1 c_sum = n == 1 ? G1::from(cs[0]) : msm(cs.data(), reinterpret_cast<const Scalar*>(w.data()), n);
  std::vector<std::array<u64, 4>> ic_plain(vk.n_public + 1);
  for (size_t j = 0; j <= vk.n_public; ++j) ic_scalar[j].to_plain(ic_plain[j].data());
  G1 l_sum = msm(vk.ic.data(), reinterpret_cast<const Scalar*>(ic_plain.data()), vk.n_public + 1);
  g1s.push_back(-l_sum);
  g1s.push_back(-c_sum);
  g1s.push_back(-mul_fr(G1::from(vk.alpha), ic_scalar[0]));
  std::vector<G1Affine> pts = normalize(g1s);
  std::vector<const G2Prepared*> qs;
  qs.reserve(n + 3);
  for (const ParsedProof* p : ps) qs.push_back(&p->b);
  qs.push_back(&vk.gamma);
  qs.push_back(&vk.delta);
  qs.push_back(&vk.beta);
  return final_exponentiation(multi_miller_loop(pts, qs)).is_one();
}

void bisect(const VerifyingKey& vk, const std::vector<ParsedProof>& parsed, const std::vector<size_t>& group,
            std::vector<ProofStatus>& status) {
  if (group.empty()) return;
  std::vector<const ParsedProof*> ps;
  for (size_t i : group) ps.push_back(&parsed[i]);
  if (check(vk, ps)) return;
  if (group.size() == 1) {
    status[group[0]] = ProofStatus::Invalid;
    return;
  }
  size_t mid = group.size() / 2;
  bisect(vk, parsed, std::vector<size_t>(group.begin(), group.begin() + mid), status);
  bisect(vk, parsed, std::vector<size_t>(group.begin() + mid, group.end()), status);
}

G2Prepared key_g2(const uint8_t* p, const char* what) {
  G2Affine q;
  PointCheck c = read_g2(p, q);
  if (c != PointCheck::Ok)
    throw std::invalid_argument(std::string(what) + (c == PointCheck::NotCanonical
                                                         ? " has a coordinate >= q"
                                                         : " is not a point of G2's prime-order subgroup"));
  return prepare_g2(q);
}

}  // namespace

VerifyingKey parse_verifying_key(const uint8_t* bytes, size_t len, size_t n_public) {
  if (len != 64 + 3 * 128 + (n_public + 1) * 64) throw std::invalid_argument("verification key has the wrong size");
  VerifyingKey vk;
  vk.n_public = n_public;
  if (read_g1(bytes, vk.alpha) != PointCheck::Ok) throw std::invalid_argument("vk_alpha_1 is not a point of G1");
  vk.beta = key_g2(bytes + 64, "vk_beta_2");
  vk.gamma = key_g2(bytes + 192, "vk_gamma_2");
  vk.delta = key_g2(bytes + 320, "vk_delta_2");
  for (size_t j = 0; j <= n_public; ++j) {
    G1Affine p;
    if (read_g1(bytes + 448 + 64 * j, p) != PointCheck::Ok)
      throw std::invalid_argument("IC[" + std::to_string(j) + "] is not a point of G1");
    vk.ic.push_back(p);
  }
  return vk;
}

std::vector<ProofStatus> verify_proofs(const VerifyingKey& vk, const uint8_t* proofs, const uint8_t* signals,
                                       size_t count) {
  std::vector<ProofStatus> status(count, ProofStatus::Valid);
  std::vector<ParsedProof> parsed(count);
  std::vector<size_t> wellformed;
  for (size_t i = 0; i < count; ++i) {
    status[i] = parse_proof(proofs + i * kProofBytes, signals + i * vk.n_public * 32, vk.n_public, parsed[i]);
    if (status[i] == ProofStatus::Valid) wellformed.push_back(i);
  }
  bisect(vk, parsed, wellformed, status);
  return status;
}

}  // namespace zkpop
