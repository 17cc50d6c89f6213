#!/usr/bin/env bash
# The C++ sources follow the repo's .clang-format, with Debian's clang-format-14 (a newer
# clang-format formats some constructs differently, so the version is pinned).
#   bash tests/format-check.sh         list the files that differ; exit 1 when any does
#   bash tests/format-check.sh --fix   reformat them in place
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool=clang-format-14
command -v "$tool" >/dev/null || { echo "format: $tool is missing (apt-get install clang-format-14)" >&2; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
else
    mapfile -t files < <(find core wasm demo tests -name '*.cpp' -o -name '*.h' | sort)
fi
if [[ "${1:-}" == --fix ]]; then
    printf '%s\n' "${files[@]}" | xargs -P 2 -n 20 "$tool" -i
    exit 0
fi
differ=()
for f in "${files[@]}"; do
    "$tool" --dry-run --Werror "$f" >/dev/null 2>&1 || differ+=("$f")
done
if [[ ${#differ[@]} -gt 0 ]]; then
    echo "format: ${#differ[@]} of ${#files[@]} files differ from .clang-format (bash tests/format-check.sh --fix):"
    printf '  %s\n' "${differ[@]}"
    exit 1
fi
echo "format: ${#files[@]} files follow .clang-format"
