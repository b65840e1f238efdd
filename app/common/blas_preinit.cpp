// Makes OpenBLAS use the CPU's real kernels when its own detection fell back to generic ones.
//
// Debian's torch uses OpenBLAS built with DYNAMIC_ARCH: when the library loads, it reads the
// CPUID to choose its kernels. On virtual machines that report a generic CPU model (seen on
// this project's build machine: an AVX-512 Sapphire Rapids guest reported as "Intel Xeon
// Processor") it falls back to the SSE3 "Prescott" kernels and every float matmul runs ~3x
// slower (tiny preset, batch 32, 1 thread: 10.5 s -> 3.9 s per RC-MAE step). OpenBLAS honours
// OPENBLAS_CORETYPE, but reads it only once, in its library constructor, and an environment
// set before libc's own initialisation is discarded. So this constructor (it runs after the
// shared libraries', before main) asks OpenBLAS which kernels it chose and, if they are
// generic while the CPU has AVX2/AVX-512, re-executes the program once with OPENBLAS_CORETYPE
// set. Nothing else has happened yet, so the restart is invisible apart from ~0.1 s.
//
// The choice follows the CPU's own feature bits (libgcc checks them against the registers the
// OS enabled): AVX-512 F/BW/VL/DQ (+BF16) -> SkylakeX (Cooperlake), AVX2+FMA -> Haswell.
// A user's OPENBLAS_CORETYPE (even empty) is kept; RCMAE_BLAS_CORE_AUTO=0 turns this off.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace {

const char* wanted_core() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return __builtin_cpu_supports("avx512bf16") ? "Cooperlake" : "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return nullptr;
}

// OpenBLAS's names for kernels older than Haswell (no AVX2/FMA).
bool generic_core(const char* name) {
  for (const char* old : {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Katmai",
                          "Coppermine", "Northwood", "Banias", "Atom", "Sandybridge", "unknown"})
    if (std::strcmp(name, old) == 0) return true;
  return false;
}

__attribute__((constructor(101))) void fix_blas_core() {
  if (std::getenv("OPENBLAS_CORETYPE")) return;
  const char* off = std::getenv("RCMAE_BLAS_CORE_AUTO");
  if (off && std::strcmp(off, "0") == 0) return;
  using CoreName = char* (*)();
  auto corename = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!corename) return;  // not OpenBLAS
  const char* current = corename();
  const char* core = wanted_core();
  if (!current || !core || !generic_core(current)) return;
  if (setenv("OPENBLAS_CORETYPE", core, 0) != 0) return;
  // The original arguments, from the kernel's copy.
  static char buffer[1 << 16];
  static char* argv[1024];
  int fd = open("/proc/self/cmdline", 0);
  if (fd < 0) return;
  ssize_t size = read(fd, buffer, sizeof(buffer) - 1);
  close(fd);
  if (size <= 0 || size >= static_cast<ssize_t>(sizeof(buffer) - 1)) return;
  int argc = 0;
  for (ssize_t i = 0; i < size && argc < 1023; i += std::strlen(buffer + i) + 1) argv[argc++] = buffer + i;
  argv[argc] = nullptr;
  execv("/proc/self/exe", argv);
  unsetenv("OPENBLAS_CORETYPE");  // exec failed: carry on with the generic kernels
}

}  // namespace
