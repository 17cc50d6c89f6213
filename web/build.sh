#!/usr/bin/env bash
# Builds the WebAssembly modules with Debian's Emscripten and assembles web/dist/: everything that
# ships to a browser (the widget in web/dist/widget/, the calculator page in web/dist/calculator/),
# with web/dist/manifest.json (raw and gzip size of each file). Fails when the widget
# module (wasm + its JS glue, gzip) is over its budget: 100 KB (102,400 bytes).
#
#   bash web/build.sh            # or: npm run build:wasm
# Environment:
#   LOYALTY_WASM_BUILD_DIR   build directory (default: build-wasm)
#   LOYALTY_WASM_WIDGET_COMPILE_OPT      widget module: core compile flags (default: -Oz -finline-functions)
#   LOYALTY_WASM_LINK_OPT                widget module: link optimisation (default: -Oz)
#   LOYALTY_WASM_CALCULATOR_COMPILE_OPT  calculator: core compile flags (default: -O2 -finline-functions)
#   LOYALTY_WASM_CALCULATOR_LINK_OPT     calculator: link optimisation (default: -O2)
#   LOYALTY_WASM_CLOSURE     ON to minify the glue with Closure Compiler (default: OFF)
#   LOYALTY_WASM_EXCEPTIONS  none | default | wasm (default: none)
#   LOYALTY_WASM_MALLOC      emmalloc | dlmalloc (default: emmalloc)
#   LOYALTY_WIDGET_BUDGET    gzip bytes allowed for the widget module (default: 102400 = 100 KB)
#   LOYALTY_DIST_DIR         output folder (default: web/dist)
#   LOYALTY_CLI              the native `loyalty` CLI that writes the calculator's sample CSV
#                            (default: the first of build-ci, build, build-demo that has one)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Debian's emscripten keeps its node helpers (acorn) in /usr/share/nodejs (TOOLCHAIN.md quirk 1).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

build_dir="${LOYALTY_WASM_BUILD_DIR:-build-wasm}"
closure="${LOYALTY_WASM_CLOSURE:-OFF}"
exceptions="${LOYALTY_WASM_EXCEPTIONS:-none}"
dist="${LOYALTY_DIST_DIR:-web/dist}"

for tool in emcmake emcc cmake node npm; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (see README: apt-get install emscripten cmake nodejs npm)" >&2; exit 2; }
done

# npm dependencies (esbuild) exactly as locked; skipped when node_modules matches the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
fi

emcmake cmake -S . -B "$build_dir" \
    -DCMAKE_BUILD_TYPE=Release \
    "-DLOYALTY_WASM_WIDGET_COMPILE_OPT=${LOYALTY_WASM_WIDGET_COMPILE_OPT:--Oz -finline-functions}" \
    "-DLOYALTY_WASM_LINK_OPT=${LOYALTY_WASM_LINK_OPT:--Oz}" \
    "-DLOYALTY_WASM_CALCULATOR_COMPILE_OPT=${LOYALTY_WASM_CALCULATOR_COMPILE_OPT:--O2 -finline-functions}" \
    "-DLOYALTY_WASM_CALCULATOR_LINK_OPT=${LOYALTY_WASM_CALCULATOR_LINK_OPT:--O2}" \
    "-DLOYALTY_WASM_CLOSURE=$closure" \
    "-DLOYALTY_WASM_EXCEPTIONS=$exceptions" \
    "-DLOYALTY_WASM_MALLOC=${LOYALTY_WASM_MALLOC:-emmalloc}" >/dev/null
cmake --build "$build_dir" -j2 --target loyalty_wasm_widget loyalty_wasm_calculator loyalty_wasm_calculator_simd

node web/tools/assemble-dist.mjs --build "$build_dir/wasm" --out "$dist" \
    --budget "${LOYALTY_WIDGET_BUDGET:-102400}"

# The embeddable widget (web/dist/widget/: loader, UI chunk, hashed core); adds its files to
# web/dist/manifest.json and checks the loader's 3 KB budget. See docs/integration.md.
node web/tools/build-widget.mjs --dist "$dist"

# The site owner's calculator page (web/dist/calculator/: page, worker, calculator module and a
# sample orders CSV made by the native CLI when one is built; $LOYALTY_CLI names it). See
# docs/calculator.md.
node web/tools/build-calculator.mjs --dist "$dist"
