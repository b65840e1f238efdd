#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   scripts/workbench.sh start   install what is missing, build, start the workbench
#   scripts/workbench.sh test    install what is missing, build, run every test (ctest)
#   scripts/workbench.sh build   install what is missing and build only
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${RCMAE_BUILD_DIR:-$here/build}"
jobs="${RCMAE_JOBS:-$(nproc)}"

packages=(
  cmake ninja-build ccache g++ pkg-config
  qt6-base-dev qt6-svg-dev libgl-dev
  libtorch-dev libopenblas0-openmp libopenblas-openmp-dev libgloo-dev libsleef-dev
  libopencv-dev libqcustomplot-dev libspdlog-dev libfmt-dev nlohmann-json3-dev zlib1g-dev
  python3 python3-torch python3-numpy
  xvfb xauth dataset-fashion-mnist
  clang libclang-rt-14-dev clang-format
  dpkg-dev file appstream desktop-file-utils
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # LibTorch uses whichever libblas.so.3 is selected; the reference BLAS is ~50x slower.
  local blas
  blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)"
  case "$blas" in
    *openblas*) ;;
    *) echo "Selecting OpenBLAS for libblas.so.3 (was: $blas)"
       as_root update-alternatives --set libblas.so.3-x86_64-linux-gnu \
         /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ;;
  esac
}

build() {
  cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  cmake --build "$build_dir" -j "$jobs"
}

# libFuzzer targets for the dataset parsers, built with clang in their own directory; each
# runs a short fixed number of inputs (they compile only the parsers, no torch).
run_fuzz() {
  local fuzz_dir="$build_dir-fuzz"
  CXX=clang++ cmake -S "$here" -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DRCMAE_FUZZ=ON -DRCMAE_BUILD_GUI=OFF -DRCMAE_PCH=OFF >/dev/null
  cmake --build "$fuzz_dir" -j "$jobs" --target fuzz_idx fuzz_cifar
  ctest --test-dir "$fuzz_dir" -R '^fuzz_' --output-on-failure
}

# The torch-free code (run record, flag parser, config codec, stop signals) and its tests
# under AddressSanitizer + UndefinedBehaviorSanitizer, in their own directory: LibTorch is
# not instrumented, so nothing that links it is built there (tests/sanitize).
run_sanitized() {
  local asan_dir="$build_dir-asan"
  CXX=clang++ cmake -S "$here" -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRCMAE_ASAN=ON -DRCMAE_UBSAN=ON -DRCMAE_BUILD_GUI=OFF -DRCMAE_PCH=OFF >/dev/null
  cmake --build "$asan_dir" -j "$jobs" --target sanitized_tests
  ctest --test-dir "$asan_dir" -R '^san_' --output-on-failure
}

# The tests that start threads of their own (the GUI-worker protocol) under ThreadSanitizer,
# in build-tsan; the same torch-free subset, as LibTorch and Qt are not instrumented.
run_thread_sanitized() {
  local tsan_dir="$build_dir-tsan"
  CXX=clang++ cmake -S "$here" -B "$tsan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRCMAE_TSAN=ON -DRCMAE_BUILD_GUI=OFF -DRCMAE_PCH=OFF >/dev/null
  cmake --build "$tsan_dir" -j "$jobs" --target sanitized_tests
  ctest --test-dir "$tsan_dir" -R '^san_' --output-on-failure
}

run_tests() {
  "$here/scripts/check_format.sh"
  run_fuzz
  run_sanitized
  run_thread_sanitized
  build -DRCMAE_BUILD_TESTS=ON
  # Keep two tests at a time: most of them use both cores through LibTorch anyway.
  QT_QPA_PLATFORM=offscreen ctest --test-dir "$build_dir" --output-on-failure -j 2 --timeout 900
}

start() {
  build
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting under Xvfb (set DISPLAY to use your desktop)."
    exec xvfb-run -a "$build_dir/bin/rcmae-workbench"
  fi
  exec "$build_dir/bin/rcmae-workbench"
}

case "${1:-}" in
  start) install_missing; start ;;
  test) install_missing; run_tests ;;
  build) install_missing; build ;;
  *) echo "usage: $0 start|test|build" >&2; exit 2 ;;
esac
