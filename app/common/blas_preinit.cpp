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
//
// The same restart sets OMP_WAIT_POLICY=PASSIVE unless the user set a policy. libgomp's
// default lets idle threads spin for a while before sleeping; on a 2-core laptop where
// anything else runs (a build, a browser, the projector software), a spinning thread holds
// the core its partner needs and a step gets 4-20x slower (teaching recipe, 2 threads, load
// ~3: 0.50-3.6 s per step by default, 0.13-0.17 s passive). Passive waiting costs some speed
// on an idle machine (docs/PERFORMANCE.md); OMP_WAIT_POLICY=ACTIVE restores spinning.
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

// OpenBLAS kernels generic on a CPU with AVX2/AVX-512: sets OPENBLAS_CORETYPE, returns true.
bool fix_blas_core() {
  if (std::getenv("OPENBLAS_CORETYPE")) return false;
  const char* off = std::getenv("RCMAE_BLAS_CORE_AUTO");
  if (off && std::strcmp(off, "0") == 0) return false;
  using CoreName = char* (*)();
  auto corename = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!corename) return false;  // not OpenBLAS
  const char* current = corename();
  const char* core = wanted_core();
  if (!current || !core || !generic_core(current)) return false;
  return setenv("OPENBLAS_CORETYPE", core, 0) == 0;
}

// No OpenMP wait policy chosen by the user: sets PASSIVE, returns true.
bool choose_passive_waiting() {
  if (std::getenv("OMP_WAIT_POLICY")) return false;
  return setenv("OMP_WAIT_POLICY", "PASSIVE", 0) == 0;
}

__attribute__((constructor(101))) void restart_with_runtime_settings() {
  const bool blas = fix_blas_core();
  const bool passive = choose_passive_waiting();
  if (!blas && !passive) return;
  // The original arguments, from the kernel's copy.
  static char buffer[1 << 16];
  static char* argv[1024];
  int fd = open("/proc/self/cmdline", 0);
  if (fd < 0) return;
  ssize_t size = read(fd, buffer, sizeof(buffer) - 1);
  close(fd);
  if (size <= 0 || size >= static_cast<ssize_t>(sizeof(buffer) - 1)) return;
  int argc = 0;
  for (ssize_t i = 0; i < size && argc < 1023; i += std::strlen(buffer + i) + 1)
    argv[argc++] = buffer + i;
  argv[argc] = nullptr;
  execv("/proc/self/exe", argv);
  // exec failed: carry on as we are (the settings would only apply to child processes)
  if (blas) unsetenv("OPENBLAS_CORETYPE");
  if (passive) unsetenv("OMP_WAIT_POLICY");
}

}  // namespace
