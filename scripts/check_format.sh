#!/usr/bin/env bash
# clang-format (the repository's .clang-format) over every C++ file git tracks. Prints the
# offending files and exits 1 when one drifts; run `clang-format -i FILE` on them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null ||
                     find app core ui tests bench -type f \( -name '*.cpp' -o -name '*.h' \) | sort)
bad=()
for file in "${files[@]}"; do
  clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "Not formatted (run: clang-format -i FILE):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "clang-format: all ${#files[@]} C++ files are formatted"
