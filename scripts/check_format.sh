#!/usr/bin/env bash
# clang-format (the repository's .clang-format) on the paths already formatted whole: a
# ratchet. Formatting everything at once would touch every file (a full rebuild and a clash
# with work in flight); a folder joins `formatted` in the commit that formats it, and from
# then on CI keeps it formatted. Prints the offending files and exits 1 when one drifts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
formatted=(
  core/run
  core/include/rcmae/cli
  core/src/cli
  core/session
)

cd "$here"
mapfile -t files < <(find "${formatted[@]}" -type f \( -name '*.cpp' -o -name '*.h' \) | sort)
bad=()
for file in "${files[@]}"; do
  clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "Not formatted (run: clang-format -i FILE):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "clang-format: ${#files[@]} files in ${formatted[*]} are formatted"
