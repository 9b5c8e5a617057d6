// Decimal <-> 256-bit integer conversion (snarkjs's JSON carries field elements as decimal
// strings).
#pragma once
#include <algorithm>
#include <stdexcept>
#include <string>

#include "field.hpp"

namespace zkpop {

inline std::string to_decimal(const u64 x[4]) {
  u64 v[4] = {x[0], x[1], x[2], x[3]};
  std::string out;
  const u64 base = 10000000000000000000ULL;  // 10^19
  while (v[0] | v[1] | v[2] | v[3]) {
    u64 rem = 0;
    for (int i = 3; i >= 0; --i) {
      u128 cur = ((u128)rem << 64) | v[i];
      v[i] = (u64)(cur / base);
      rem = (u64)(cur % base);
    }
    bool more = v[0] | v[1] | v[2] | v[3];
    for (int d = 0; d < 19 && (more || rem); ++d) {
      out.push_back(static_cast<char>('0' + rem % 10));
      rem /= 10;
    }
  }
  if (out.empty()) out = "0";
  std::reverse(out.begin(), out.end());
  return out;
}

// Throws std::invalid_argument on anything but digits or on values >= 2^256.
inline void from_decimal(const std::string& s, u64 out[4]) {
  if (s.empty()) throw std::invalid_argument("empty number");
  u64 v[4] = {0, 0, 0, 0};
  for (char ch : s) {
    if (ch < '0' || ch > '9') throw std::invalid_argument("not a decimal number: " + s);
    u128 carry = static_cast<u64>(ch - '0');
    for (int i = 0; i < 4; ++i) {
      u128 cur = (u128)v[i] * 10 + carry;
      v[i] = (u64)cur;
      carry = cur >> 64;
    }
    if (carry) throw std::invalid_argument("number above 2^256: " + s);
  }
  for (int i = 0; i < 4; ++i) out[i] = v[i];
}

template <class F>
std::string field_to_decimal(const F& a) {
  u64 p[4];
  a.to_plain(p);
  return to_decimal(p);
}

// Parses a canonical decimal field element; throws std::invalid_argument if >= p.
template <class F>
F field_from_decimal(const std::string& s) {
  u64 p[4];
  from_decimal(s, p);
  if (!F::is_canonical(p)) throw std::invalid_argument("not a canonical field element: " + s);
  return F::from_plain(p);
}

}  // namespace zkpop
