#!/usr/bin/env bash
# Builds the wasm modules once per optimisation choice of the widget module and measures each: gzip
# size of what a page downloads, and speed on fixed workloads (web/tools/wasm-speed.mjs; status and
# preview run in the widget module, metrics in the calculator module, whose flags stay the defaults). Prints a markdown table for
# docs/performance.md. Slow: every variant compiles the whole core (about 3-6 minutes each on 2
# cores). Build folders: build-wasm-opt-<name>.
#
#   bash web/tools/measure-wasm-options.sh                 # every variant
#   bash web/tools/measure-wasm-options.sh o2-oz oz        # some
#   ORDERS=200000 bash web/tools/measure-wasm-options.sh   # a smaller metrics workload
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# name | compile flags | link flags | exceptions (none|wasm|default) | malloc
variants=(
    "o2-oz|-O2|-Oz|none|emmalloc"
    "oz|-Oz|-Oz|none|emmalloc"
    "os|-Os|-Os|none|emmalloc"
    "o2|-O2|-O2|none|emmalloc"
    "o3|-O3|-O3|none|emmalloc"
    "o2-oz-dlmalloc|-O2|-Oz|none|dlmalloc"
    "o2-oz-default-exc|-O2|-Oz|default|emmalloc"
    "o2-oz-wasm-exc|-O2|-Oz|wasm|emmalloc"
    "oz-lto|-Oz -flto|-Oz -flto|none|emmalloc"
)
wanted=("$@")
orders="${ORDERS:-1000000}"
results=()

for v in "${variants[@]}"; do
    IFS='|' read -r name compile link exceptions malloc <<<"$v"
    if [[ ${#wanted[@]} -gt 0 && ! " ${wanted[*]} " =~ " $name " ]]; then continue; fi
    dir="build-wasm-opt-$name"
    echo "== $name: compile $compile, link $link, exceptions $exceptions, $malloc" >&2
    emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release \
        "-DLOYALTY_WASM_WIDGET_COMPILE_OPT=$compile" \
        "-DLOYALTY_WASM_LINK_OPT=$link" \
        "-DLOYALTY_WASM_EXCEPTIONS=$exceptions" \
        "-DLOYALTY_WASM_MALLOC=$malloc" >/dev/null
    start=$(date +%s)
    cmake --build "$dir" -j2 --target loyalty_wasm_widget loyalty_wasm_calculator >/dev/null
    build_s=$(( $(date +%s) - start ))
    sizes=$(node -e '
        const fs = require("fs"), zlib = require("zlib");
        const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
        const d = process.argv[1];
        console.log(JSON.stringify({
            widget_wasm_gz: gz(d + "/loyalty-widget.wasm"), widget_js_gz: gz(d + "/loyalty-widget.js"),
            widget_wasm: fs.statSync(d + "/loyalty-widget.wasm").size,
            calculator_wasm_gz: gz(d + "/loyalty-calculator.wasm"), calculator_js_gz: gz(d + "/loyalty-calculator.js"),
        }));' "$dir/wasm")
    speed=$(node web/tools/wasm-speed.mjs --dir "$dir/wasm" --orders "$orders")
    results+=("$(node -e 'console.log(JSON.stringify({name: process.argv[1], compile: process.argv[2], link: process.argv[3], exceptions: process.argv[4], malloc: process.argv[5], build_s: +process.argv[6], ...JSON.parse(process.argv[7]), ...JSON.parse(process.argv[8])}))' \
        "$name" "$compile" "$link" "$exceptions" "$malloc" "$build_s" "$sizes" "$speed")")
    echo "${results[-1]}" >&2
done

printf '%s\n' "${results[@]}" | node -e '
    const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse);
    const kb = (n) => (n / 1024).toFixed(1);
    console.log("| variant | compile | link | exceptions | malloc | widget wasm+glue gzip KB | calculator wasm+glue gzip KB | status 10k events ms | preview ms | validate ms | metrics 1M orders ms (no program / replay) |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(`| ${r.name} | ${r.compile} | ${r.link} | ${r.exceptions} | ${r.malloc} | ${kb(r.widget_wasm_gz + r.widget_js_gz)} | ${kb(r.calculator_wasm_gz + r.calculator_js_gz)} | ${r.status_10k_events_ms} | ${r.preview_1k_events_ms} | ${r.validate_ms} | ${r.metrics_no_program_ms ?? "-"} / ${r.metrics_with_replay_ms ?? "-"} |`);
'
