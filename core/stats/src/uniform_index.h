#pragma once
// Uniform indices in [0, n) from a fixed seed, the same with every compiler and standard
// library: the generator (xoshiro256**, seeded through splitmix64, both by Blackman and Vigna)
// and the mapping to indices are ours. std::uniform_int_distribution's mapping is left to the
// library, and std::mt19937_64 is several times slower here, where a bootstrap of 1000 items
// with 2000 resamples draws two million indices.
#include <cstddef>
#include <cstdint>

namespace rcmae::stats {

class UniformIndex {
 public:
  // n in [1, 2^32 - 1]: each 64-bit draw gives two 32-bit candidates.
  UniformIndex(uint32_t n, uint64_t seed) : n_(n), reject_below_(uint32_t(0u - n) % n) {
    for (uint64_t& word : state_) word = splitmix64(seed);
  }

  // Fills out[0, count). Lemire's multiply-and-shift: the high half of x * n is uniform in
  // [0, n) once the few x whose low half falls under 2^32 mod n are rejected (without that,
  // some indices would come up 1 / 2^32 more often than others).
  void fill(uint32_t* out, size_t count) {
    size_t filled = 0;
    while (filled < count) {
      const uint64_t bits = next64();
      for (const uint32_t half : {uint32_t(bits), uint32_t(bits >> 32)}) {
        const uint64_t product = uint64_t(half) * n_;
        if (uint32_t(product) < reject_below_ || filled == count) continue;
        out[filled++] = uint32_t(product >> 32);
      }
    }
  }

 private:
  static uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  // Spreads a seed (1, 2, 3, ...) over the whole state, so nearby seeds give unrelated streams.
  static uint64_t splitmix64(uint64_t& seed) {
    uint64_t z = (seed += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  uint64_t next64() {  // xoshiro256**
    const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  uint64_t state_[4];
  uint32_t n_;
  uint32_t reject_below_;
};

}  // namespace rcmae::stats
