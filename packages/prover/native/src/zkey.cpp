#include "zkey.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "binfile.hpp"

namespace zkpop {
namespace {

constexpr size_t G1_BYTES = 64;
constexpr size_t G2_BYTES = 128;
constexpr size_t FR_BYTES = 32;

G1Affine read_g1(const uint8_t* p) { return G1Affine{Fq::from_raw(p), Fq::from_raw(p + 32)}; }
G2Affine read_g2(const uint8_t* p) { return G2Affine{Fq2::from_raw(p), Fq2::from_raw(p + 64)}; }

template <class P>
std::vector<P> read_points(const BinFile& f, uint32_t type, size_t count, size_t bytes,
                           P (*read)(const uint8_t*), const ReleaseFn& release) {
  Section s = f.section(type, count * bytes);
  std::vector<P> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = read(s.data + i * bytes);
  if (release) release(s.data, s.size);
  return out;
}

// Index of each distinct value in `values` (appended when new): open addressing on the low limb,
// which for Montgomery-form values is as good as a hash. Only lives while the key is parsed.
class ValueIndex {
 public:
  explicit ValueIndex(std::vector<Fr>& values) : values_(values), slots_(1 << 12, 0) {}

  uint32_t of(const Fr& v) {
    if (2 * (values_.size() + 1) > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = v.l[0] & mask;; i = (i + 1) & mask) {
      uint32_t s = slots_[i];
      if (s == 0) {
        values_.push_back(v);
        slots_[i] = static_cast<uint32_t>(values_.size());
        return slots_[i] - 1;
      }
      if (values_[s - 1] == v) return s - 1;
    }
  }

 private:
  void grow() {
    std::vector<uint32_t>(slots_.size() * 2, 0).swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (uint32_t k = 0; k < values_.size(); ++k) {
      size_t i = values_[k].l[0] & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = k + 1;
    }
  }

  std::vector<Fr>& values_;
  std::vector<uint32_t> slots_;  // 1 + index into values_, 0 for empty
};

bool equals_modulus(const uint8_t* p, const u64* modulus) { return std::memcmp(p, modulus, 32) == 0; }

}  // namespace

std::shared_ptr<ProvingKey> parse_zkey(const uint8_t* data, size_t len, const ReleaseFn& release) {
  BinFile f(data, len, "zkey");
  auto pk = std::make_shared<ProvingKey>();
  Section h1 = f.section(1, 4);
  if (BinFile::u32(h1.data) != 1) throw std::runtime_error("zkey is not a Groth16 key");

  Section h = f.section(2);
  const uint8_t* p = h.data;
  const size_t header = 4 + 32 + 4 + 32 + 12 + 3 * G1_BYTES + 3 * G2_BYTES;
  if (h.size != header) throw std::runtime_error("unexpected Groth16 header size");
  if (BinFile::u32(p) != 32 || !equals_modulus(p + 4, FqParams::P) || BinFile::u32(p + 36) != 32 ||
      !equals_modulus(p + 40, FrParams::P))
    throw std::runtime_error("zkey is not for BN254 (bn128)");
  p += 72;
  pk->n_vars = BinFile::u32(p);
  pk->n_public = BinFile::u32(p + 4);
  pk->domain_size = BinFile::u32(p + 8);
  p += 12;
  pk->alpha1 = read_g1(p);
  pk->beta1 = read_g1(p + G1_BYTES);
  pk->beta2 = read_g2(p + 2 * G1_BYTES);
  pk->gamma2 = read_g2(p + 2 * G1_BYTES + G2_BYTES);
  pk->delta1 = read_g1(p + 2 * G1_BYTES + 2 * G2_BYTES);
  pk->delta2 = read_g2(p + 3 * G1_BYTES + 2 * G2_BYTES);

  uint32_t d = pk->domain_size;
  if (d == 0 || (d & (d - 1)) != 0) throw std::runtime_error("domain size is not a power of two");
  while ((1u << pk->log_domain) < d) ++pk->log_domain;
  if (pk->n_public + 1 > pk->n_vars) throw std::runtime_error("more public signals than signals");

  pk->ic = read_points(f, 3, pk->n_public + 1, G1_BYTES, read_g1, release);
  Section cs = f.section(4);
  if (cs.size < 4) throw std::runtime_error("truncated coefficient section");
  uint32_t n_coefs = BinFile::u32(cs.data);
  const size_t coef_bytes = 12 + FR_BYTES;
  if (cs.size != 4 + size_t(n_coefs) * coef_bytes) throw std::runtime_error("bad coefficient section size");
  const uint32_t release_every = 1u << 16;  // ~3 MB of the section at a time
  {
    ValueIndex index(pk->coef_values);
    for (uint32_t i = 0; i < n_coefs; ++i) {
      if (release && i % release_every == 0 && i > 0)
        release(cs.data + 4 + size_t(i - release_every) * coef_bytes, size_t(release_every) * coef_bytes);
      const uint8_t* c = cs.data + 4 + size_t(i) * coef_bytes;
      uint32_t matrix = BinFile::u32(c);
      QapCoef q{BinFile::u32(c + 4), BinFile::u32(c + 8), 0};
      if (matrix > 1 || q.constraint >= d || q.signal >= pk->n_vars)
        throw std::runtime_error("coefficient " + std::to_string(i) + " out of range");
      q.value = index.of(Fr::from_raw(c + 12));
      pk->coefs[matrix].push_back(q);
    }
  }
  if (release) release(cs.data, cs.size);
  for (auto& v : pk->coefs) v.shrink_to_fit();
  pk->coef_values.shrink_to_fit();
  pk->a = read_points(f, 5, pk->n_vars, G1_BYTES, read_g1, release);
  pk->b1 = read_points(f, 6, pk->n_vars, G1_BYTES, read_g1, release);
  pk->b2 = read_points(f, 7, pk->n_vars, G2_BYTES, read_g2, release);
  pk->c = read_points(f, 8, pk->n_vars - pk->n_public - 1, G1_BYTES, read_g1, release);
  pk->h = read_points(f, 9, d, G1_BYTES, read_g1, release);

  pk->ntt = std::make_unique<Ntt>(pk->log_domain);
  // snarkjs evaluates on the coset inc * <w> with inc a primitive 2n-th root of unity.
  Fr inc = root_of_unity(pk->log_domain + 1);
  Fr scale = Fr::from_u64(d).inv();
  pk->coset_scale.resize(d);
  for (uint32_t i = 0; i < d; ++i) {
    pk->coset_scale[i] = scale;
    scale *= inc;
  }
  return pk;
}

std::vector<u64> parse_wtns(const uint8_t* data, size_t len) {
  BinFile f(data, len, "wtns");
  Section h = f.section(1);
  if (h.size < 40 || BinFile::u32(h.data) != 32 || !equals_modulus(h.data + 4, FrParams::P))
    throw std::runtime_error("witness is not over the BN254 scalar field");
  uint32_t n = BinFile::u32(h.data + 36);
  Section w = f.section(2, size_t(n) * FR_BYTES);
  std::vector<u64> out(size_t(n) * 4);
  std::memcpy(out.data(), w.data, w.size);
  for (uint32_t i = 0; i < n; ++i) {
    if (!Fr::is_canonical(&out[4 * size_t(i)]))
      throw std::runtime_error("witness value " + std::to_string(i) + " is not below r");
  }
  return out;
}

}  // namespace zkpop
