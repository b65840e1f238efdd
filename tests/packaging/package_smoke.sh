#!/usr/bin/env bash
# Builds the Debian package, unpacks it into a temporary root and runs what it installed:
#   package_smoke.sh BUILD_DIR
# Checks: the .deb exists and declares its dependencies; rcmae --version and a 3-step
# training run from the unpacked /usr/bin; the workbench's --help; the man page, icon,
# desktop entry and AppStream metainfo are installed (and valid, when desktop-file-validate
# and appstreamcli are available).
set -euo pipefail

build="${1:?usage: $0 BUILD_DIR}"
work="$(mktemp -d "${TMPDIR:-/tmp}/rcmae-package.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "SKIPPED: no dpkg-deb"; exit 77; }

start=$(date +%s)
cmake --build "$build" --target package >"$work/package.log" 2>&1 || { cat "$work/package.log"; fail "package target"; }
deb="$(ls -t "$build"/rcmae-workbench_*.deb 2>/dev/null | head -n1)"
[ -n "$deb" ] || fail "no rcmae-workbench_*.deb in $build"
echo "package: $deb ($(du -h "$deb" | cut -f1), $(( $(date +%s) - start )) s)"

info="$(dpkg-deb -I "$deb")"
echo "$info" | grep -E '^ (Package|Version|Depends|Recommends):'
for dep in libtorch1.13 libopenblas0-openmp libspdlog1.10 libopencv-core406; do
  echo "$info" | grep -E '^ Depends:' | grep -q "$dep" || fail "Depends lacks $dep"
done
echo "$info" | grep -E '^ Recommends:' | grep -q dataset-fashion-mnist || fail "Recommends lacks dataset-fashion-mnist"

root="$work/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/rcmae usr/share/man/man1/rcmae.1.gz; do
  [ -e "$root/$f" ] || fail "missing /$f"
done
gzip -t "$root/usr/share/man/man1/rcmae.1.gz" || fail "rcmae.1.gz is not gzip"

"$root/usr/bin/rcmae" --version
"$root/usr/bin/rcmae" train --preset micro --img 16 --steps 3 --batch 4 --quiet --out "$work/run"
[ -s "$work/run/metrics.csv" ] || fail "train wrote no metrics.csv"
echo "train: $(($(wc -l <"$work/run/metrics.csv") - 1)) metric rows"

if [ -e "$root/usr/bin/rcmae-workbench" ]; then
  desktop="$root/usr/share/applications/rcmae-workbench.desktop"
  metainfo="$(ls "$root"/usr/share/metainfo/*.metainfo.xml 2>/dev/null | head -n1)"
  [ -e "$desktop" ] || fail "missing desktop entry"
  [ -n "$metainfo" ] || fail "missing metainfo"
  [ -e "$root/usr/share/icons/hicolor/scalable/apps/rcmae-workbench.svg" ] || fail "missing icon"
  QT_QPA_PLATFORM=offscreen "$root/usr/bin/rcmae-workbench" --help >/dev/null || fail "rcmae-workbench --help"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate"
    echo "desktop-file-validate: ok"
  else
    echo "desktop-file-validate not installed: skipped"
  fi
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate"
  else
    echo "appstreamcli not installed: skipped"
  fi
fi
echo "package smoke test passed"
