// Bytes from the operating system's CSPRNG (getrandom/getentropy), never a userspace PRNG.
#pragma once
#include <cstddef>
#include <stdexcept>
#if defined(__APPLE__)
#include <sys/random.h>
#endif
#include <unistd.h>

namespace zkpop {

inline void os_random(void* out, size_t n) {
  unsigned char* p = static_cast<unsigned char*>(out);
  while (n > 0) {
    size_t k = n < 256 ? n : 256;  // getentropy's limit per call
    if (getentropy(p, k) != 0) throw std::runtime_error("the OS random number generator failed");
    p += k;
    n -= k;
  }
}

}  // namespace zkpop
