#include "dev_setup.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

#include "curve.hpp"
#include "fixed_base.hpp"
#include "ntt.hpp"
#include "os_random.hpp"

namespace zkpop {
namespace {

using Plain = std::array<u64, 4>;

// Bounds-checked little-endian reader over the r1cs bytes.
class Reader {
 public:
  Reader(const uint8_t* p, size_t len) : p_(p), len_(len) {}
  void need(size_t n) const {
    if (pos_ + n > len_) throw std::invalid_argument("r1cs file is truncated");
  }
  template <class T>
  T read() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  uint32_t u32() { return read<uint32_t>(); }
  uint64_t u64v() { return read<uint64_t>(); }
  Plain plain32() { return read<Plain>(); }
  size_t pos() const { return pos_; }
  void seek(size_t p) { pos_ = p; }

 private:
  const uint8_t* p_;
  size_t len_;
  size_t pos_ = 0;
};

struct R1cs {
  uint32_t n_wires = 0, n_public = 0, n_constraints = 0;
  size_t constraints_pos = 0;
};

R1cs read_r1cs(Reader& r, size_t len) {
  if (r.u32() != 0x73633172) throw std::invalid_argument("not an r1cs file (bad magic)");
  r.u32();  // version
  uint32_t n_sections = r.u32();
  R1cs out;
  bool header = false, constraints = false;
  for (uint32_t i = 0; i < n_sections; ++i) {
    uint32_t type = r.u32();
    uint64_t size = r.u64v();
    size_t start = r.pos();
    if (size > len - start) throw std::invalid_argument("r1cs section runs past the end of the file");
    if (type == 1) {
      if (r.u32() != 32) throw std::invalid_argument("r1cs field elements must be 32 bytes (BN254)");
      Plain prime = r.plain32();
      if (std::memcmp(prime.data(), FrParams::P, 32) != 0)
        throw std::invalid_argument("the r1cs is not over BN254's scalar field");
      out.n_wires = r.u32();
      uint32_t pub_out = r.u32(), pub_in = r.u32();
      r.u32();    // private inputs
      r.u64v();   // labels
      out.n_constraints = r.u32();
      out.n_public = pub_out + pub_in;
      header = true;
    } else if (type == 2) {
      out.constraints_pos = start;
      constraints = true;
    }
    r.seek(start + size);
  }
  if (!header || !constraints) throw std::invalid_argument("r1cs file lacks its header or constraints");
  return out;
}

Fr random_nonzero_fr() {
  for (;;) {
    Plain v;
    os_random(v.data(), 32);
    v[3] &= 0x3fffffffffffffffULL;  // below 2^254, then reject >= r
    if (Fr::is_canonical(v.data()) && (v[0] | v[1] | v[2] | v[3])) return Fr::from_plain(v.data());
  }
}

template <class T>
void wipe(std::vector<T>& v) {
  volatile unsigned char* p = reinterpret_cast<volatile unsigned char*>(v.data());
  for (size_t i = 0; i < v.size() * sizeof(T); ++i) p[i] = 0;
  v.clear();
  v.shrink_to_fit();
}

void wipe_fr(Fr& x) {
  volatile u64* p = x.l;
  for (int i = 0; i < 4; ++i) p[i] = 0;
}

Plain plain_of(const Fr& x) {
  Plain p;
  x.to_plain(p.data());
  return p;
}

// scale * L_x(tau) for the points x_j = first * step^j (j < count) of the 2^log_n-th roots of
// unity, where L_x is the Lagrange basis polynomial of x over ALL those roots:
// L_x(tau) = (tau^n - 1)/n * x/(tau - x).
std::vector<Fr> lagrange_at(const Fr& tau, int log_n, const Fr& first, const Fr& step, size_t count,
                            const Fr& scale) {
  std::vector<Fr> x(count), den(count), scratch(count);
  Fr acc = first;
  for (size_t j = 0; j < count; ++j, acc *= step) {
    x[j] = acc;
    den[j] = tau - acc;
  }
  batch_inverse(den.data(), count, scratch.data());
  Fr tn = tau;
  for (int i = 0; i < log_n; ++i) tn = tn.sqr();
  Fr c = (tn - Fr::one()) * Fr::from_u64(u64(1) << log_n).inv() * scale;
  for (size_t j = 0; j < count; ++j) x[j] = c * x[j] * den[j];
  wipe(den);
  return x;
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  uint8_t b[4];
  std::memcpy(b, &v, 4);
  out.insert(out.end(), b, b + 4);
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  uint8_t b[8];
  std::memcpy(b, &v, 8);
  out.insert(out.end(), b, b + 8);
}
void put_limbs(std::vector<uint8_t>& out, const u64* l) {
  const uint8_t* b = reinterpret_cast<const uint8_t*>(l);
  out.insert(out.end(), b, b + 32);
}
// Affine points as zkey sections hold them: Montgomery limbs, (0, 0) for infinity.
void put_g1(std::vector<uint8_t>& out, const G1Affine& p) {
  put_limbs(out, p.x.l);
  put_limbs(out, p.y.l);
}
void put_g2(std::vector<uint8_t>& out, const G2Affine& p) {
  put_limbs(out, p.x.c0.l);
  put_limbs(out, p.x.c1.l);
  put_limbs(out, p.y.c0.l);
  put_limbs(out, p.y.c1.l);
}

class SectionWriter {
 public:
  explicit SectionWriter(std::vector<uint8_t>& out) : out_(out) {}
  void begin(uint32_t id) {
    put_u32(out_, id);
    size_pos_ = out_.size();
    put_u64(out_, 0);
  }
  void end() {
    uint64_t size = out_.size() - size_pos_ - 8;
    std::memcpy(out_.data() + size_pos_, &size, 8);
  }

 private:
  std::vector<uint8_t>& out_;
  size_t size_pos_ = 0;
};

}  // namespace

std::vector<uint8_t> dev_setup_zkey(const uint8_t* bytes, size_t len, DevSetupInfo* info,
                                    const SetupProgress& progress) {
  Reader r(bytes, len);
  R1cs cs = read_r1cs(r, len);
  const uint32_t n_pub = cs.n_public, n_vars = cs.n_wires, n_c = cs.n_constraints;
  if (n_vars <= n_pub) throw std::invalid_argument("r1cs has no private wires");
  // snarkjs: power = floor(log2(constraints + public)) + 1, so the domain holds every row.
  uint64_t rows = uint64_t(n_c) + n_pub;
  int log_m = 1;
  while ((uint64_t(1) << log_m) <= rows) ++log_m;
  if (log_m + 1 > FR_TWO_ADICITY) throw std::invalid_argument("circuit too large for BN254's NTT domains");
  const size_t m = size_t(1) << log_m;
  if (info) *info = DevSetupInfo{n_vars, n_pub, n_c, uint32_t(m)};
  progress("toxic waste", 0);

  // The toxic waste. tau must avoid both evaluation domains (probability ~2^-226, checked).
  Fr tau, alpha = random_nonzero_fr(), beta = random_nonzero_fr(), gamma = random_nonzero_fr(),
          delta = random_nonzero_fr();
  for (;;) {
    tau = random_nonzero_fr();
    Fr t = tau;
    for (int i = 0; i < log_m + 1; ++i) t = t.sqr();
    if (t != Fr::one()) break;
  }
  Fr gamma_inv = gamma.inv(), delta_inv = delta.inv();

  // QAP polynomials of every wire at tau, and the coefficient section snarkjs's prover reads.
  const Fr w_m = root_of_unity(log_m);
  std::vector<Fr> lag = lagrange_at(tau, log_m, Fr::one(), w_m, m, Fr::one());
  std::vector<Fr> a(n_vars, Fr::zero()), b(n_vars, Fr::zero()), c(n_vars, Fr::zero());
  std::vector<uint8_t> coefs;
  uint32_t n_coefs = 0;
  auto coef_entry = [&](uint32_t matrix, uint32_t row, uint32_t wire, const Fr& v) {
    put_u32(coefs, matrix);
    put_u32(coefs, row);
    put_u32(coefs, wire);
    Fr twice = Fr::from_plain(v.l);  // value * R^2 mod r, the form snarkjs stores
    put_limbs(coefs, twice.l);
    ++n_coefs;
  };
  r.seek(cs.constraints_pos);
  for (uint32_t row = 0; row < n_c; ++row) {
    for (uint32_t matrix = 0; matrix < 3; ++matrix) {
      uint32_t terms = r.u32();
      std::vector<Fr>& acc = matrix == 0 ? a : matrix == 1 ? b : c;
      for (uint32_t t = 0; t < terms; ++t) {
        uint32_t wire = r.u32();
        Plain k = r.plain32();
        if (wire >= n_vars) throw std::invalid_argument("r1cs constraint names a wire past nWires");
        if (!Fr::is_canonical(k.data())) throw std::invalid_argument("r1cs coefficient is not below r");
        Fr kf = Fr::from_plain(k.data());
        acc[wire] += kf * lag[row];
        if (matrix < 2) coef_entry(matrix, row, wire, kf);
      }
    }
  }
  // Public inputs (and the constant wire) each get a row u_j = 1, making their A columns
  // linearly independent, as snarkjs does.
  for (uint32_t j = 0; j <= n_pub; ++j) {
    a[j] += lag[n_c + j];
    coef_entry(0, n_c + j, j, Fr::one());
  }
  wipe(lag);
  progress("scalars", 0.05);

  // Scalars of every point; G1 in one list so one comb table serves them all.
  std::vector<Plain> g1s, g2s;
  g1s.reserve(3 + (n_pub + 1) + 3 * size_t(n_vars) + m);
  g1s.push_back(plain_of(alpha));
  g1s.push_back(plain_of(beta));
  g1s.push_back(plain_of(delta));
  const size_t ic_at = g1s.size();
  for (uint32_t j = 0; j <= n_pub; ++j) g1s.push_back(plain_of((beta * a[j] + alpha * b[j] + c[j]) * gamma_inv));
  const size_t a_at = g1s.size();
  for (uint32_t j = 0; j < n_vars; ++j) g1s.push_back(plain_of(a[j]));
  const size_t b1_at = g1s.size();
  for (uint32_t j = 0; j < n_vars; ++j) g1s.push_back(plain_of(b[j]));
  const size_t c_at = g1s.size();
  for (uint32_t j = n_pub + 1; j < n_vars; ++j) g1s.push_back(plain_of((beta * a[j] + alpha * b[j] + c[j]) * delta_inv));
  const size_t h_at = g1s.size();
  {
    // H points: the Lagrange basis of the 2m-th roots of unity, at the odd ones w_2m * w_m^i
    // (snarkjs's prover evaluates A*B - C there), divided by delta.
    std::vector<Fr> h = lagrange_at(tau, log_m + 1, root_of_unity(log_m + 1), w_m, m, delta_inv);
    for (const Fr& x : h) g1s.push_back(plain_of(x));
    wipe(h);
  }
  g2s.push_back(plain_of(beta));
  g2s.push_back(plain_of(gamma));
  g2s.push_back(plain_of(delta));
  const size_t b2_at = g2s.size();
  for (uint32_t j = 0; j < n_vars; ++j) g2s.push_back(plain_of(b[j]));
  wipe(a);
  wipe(b);
  wipe(c);
  for (Fr* s : {&tau, &alpha, &beta, &gamma, &delta, &gamma_inv, &delta_inv}) wipe_fr(*s);

  progress("G1 points", 0.1);
  std::vector<G1Affine> p1(g1s.size());
  {
    FixedBase<Fq> fb(G1::from(G1Affine{Fq::from_u64(1), Fq::from_u64(2)}), g1s.size());
    fb.mul_many(g1s, p1.data());
  }
  wipe(g1s);
  progress("G2 points", 0.7);
  std::vector<G2Affine> p2(g2s.size());
  {
    u64 x0[4] = {0x46debd5cd992f6edULL, 0x674322d4f75edaddULL, 0x426a00665e5c4479ULL, 0x1800deef121f1e76ULL};
    u64 x1[4] = {0x97e485b7aef312c2ULL, 0xf1aa493335a9e712ULL, 0x7260bfb731fb5d25ULL, 0x198e9393920d483aULL};
    u64 y0[4] = {0x4ce6cc0166fa7daaULL, 0xe3d1e7690c43d37bULL, 0x4aab71808dcb408fULL, 0x12c85ea5db8c6debULL};
    u64 y1[4] = {0x55acdadcd122975bULL, 0xbc4b313370b38ef3ULL, 0xec9e99ad690c3395ULL, 0x090689d0585ff075ULL};
    G2Affine g{Fq2{Fq::from_plain(x0), Fq::from_plain(x1)}, Fq2{Fq::from_plain(y0), Fq::from_plain(y1)}};
    FixedBase<Fq2> fb(G2::from(g), g2s.size());
    fb.mul_many(g2s, p2.data());
  }
  wipe(g2s);
  progress("writing", 0.95);

  // The .zkey (iden3 binfile "zkey" v1, 10 sections), as snarkjs's zkey new + contributions
  // would leave it.
  std::vector<uint8_t> out;
  out.reserve(size_t(64) * (p1.size() + 2 * p2.size()) + coefs.size() + 4096);
  const char magic[4] = {'z', 'k', 'e', 'y'};
  out.insert(out.end(), magic, magic + 4);
  put_u32(out, 1);
  put_u32(out, 10);
  SectionWriter s(out);
  s.begin(1);
  put_u32(out, 1);  // Groth16
  s.end();
  s.begin(2);
  put_u32(out, 32);
  put_limbs(out, FqParams::P);
  put_u32(out, 32);
  put_limbs(out, FrParams::P);
  put_u32(out, n_vars);
  put_u32(out, n_pub);
  put_u32(out, uint32_t(m));
  put_g1(out, p1[0]);  // alpha
  put_g1(out, p1[1]);  // beta
  put_g2(out, p2[0]);  // beta
  put_g2(out, p2[1]);  // gamma
  put_g1(out, p1[2]);  // delta
  put_g2(out, p2[2]);  // delta
  s.end();
  s.begin(3);
  for (size_t j = 0; j <= n_pub; ++j) put_g1(out, p1[ic_at + j]);
  s.end();
  s.begin(4);
  put_u32(out, n_coefs);
  out.insert(out.end(), coefs.begin(), coefs.end());
  s.end();
  s.begin(5);
  for (size_t j = 0; j < n_vars; ++j) put_g1(out, p1[a_at + j]);
  s.end();
  s.begin(6);
  for (size_t j = 0; j < n_vars; ++j) put_g1(out, p1[b1_at + j]);
  s.end();
  s.begin(7);
  for (size_t j = 0; j < n_vars; ++j) put_g2(out, p2[b2_at + j]);
  s.end();
  s.begin(8);
  for (size_t j = c_at; j < h_at; ++j) put_g1(out, p1[j]);
  s.end();
  s.begin(9);
  for (size_t i = 0; i < m; ++i) put_g1(out, p1[h_at + i]);
  s.end();
  s.begin(10);
  out.insert(out.end(), 64, 0);  // no circuit hash: there was no powers-of-tau phase to hash
  put_u32(out, 0);               // and no contributions
  s.end();
  progress("done", 1);
  return out;
}

}  // namespace zkpop
