// The iden3 binary container used by .zkey and .wtns files: 4-byte magic, u32 version,
// u32 section count, then sections of (u32 type, u64 size, bytes).
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace zkpop {

struct Section {
  const uint8_t* data;
  size_t size;
};

class BinFile {
 public:
  BinFile(const uint8_t* data, size_t len, const char magic[4]) {
    if (len < 12 || std::memcmp(data, magic, 4) != 0)
      throw std::runtime_error(std::string("not a ") + std::string(magic, 4) + " file");
    uint32_t n = u32(data + 8);
    size_t pos = 12;
    for (uint32_t i = 0; i < n; ++i) {
      if (pos + 12 > len) throw std::runtime_error("truncated section header");
      uint32_t type = u32(data + pos);
      uint64_t size;
      std::memcpy(&size, data + pos + 4, 8);
      pos += 12;
      if (size > len - pos) throw std::runtime_error("truncated section " + std::to_string(type));
      sections_[type] = Section{data + pos, static_cast<size_t>(size)};
      pos += size;
    }
  }

  // The section of that type; its size must be expected_size when given.
  Section section(uint32_t type, size_t expected_size = SIZE_MAX) const {
    auto it = sections_.find(type);
    if (it == sections_.end()) throw std::runtime_error("missing section " + std::to_string(type));
    if (expected_size != SIZE_MAX && it->second.size != expected_size)
      throw std::runtime_error("section " + std::to_string(type) + " has " + std::to_string(it->second.size) +
                               " bytes, expected " + std::to_string(expected_size));
    return it->second;
  }

  static uint32_t u32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }

 private:
  std::map<uint32_t, Section> sections_;
};

}  // namespace zkpop
