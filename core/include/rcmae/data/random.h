#pragma once
// The data layer's random numbers: a seeded 64-bit generator with our own uniform helpers,
// so that a seed gives the same images and batches whatever the standard library (the
// std:: distributions are implementation-defined).
#include <cstdint>
#include <random>
#include <vector>

namespace rcmae {

// One splitmix64 step: a fixed, well mixed 64-bit value for each input.
uint64_t splitmix64(uint64_t x);
// splitmix64: mixes seeds so that (seed, epoch, batch) triples give unrelated streams.
uint64_t mix_seed(uint64_t a, uint64_t b);
uint64_t mix_seed(uint64_t a, uint64_t b, uint64_t c);

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t bits() { return engine_(); }
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Integer in [lo, hi] (inclusive); lo when hi < lo.
  int64_t uniform_int(int64_t lo, int64_t hi);
  bool coin() { return (engine_() >> 63) != 0; }

 private:
  std::mt19937_64 engine_;
};

// A seeded Fisher-Yates permutation of 0..n-1.
std::vector<int64_t> permutation(int64_t n, uint64_t seed);

}  // namespace rcmae
