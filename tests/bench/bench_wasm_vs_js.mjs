// The metrics workload (CSV import + business metrics over one million generated orders) three
// ways in one go: the native CLI, the calculator wasm module in node, and PapaParse + plain JS
// aggregation (js_baseline.mjs). Each way reads the same file from disk; the best of --runs runs
// counts. The answers are compared too: wasm must equal native exactly, and the JS baseline must
// reproduce the core's numbers (otherwise the comparison would be unfair). The calculator runs in
// both its builds, with wasm SIMD and without; native and the two wasm builds take turns within each
// round, so each sees the same neighbours, and each round's ratio to native is reported (median).
// --no-papa skips the (slow) PapaParse baseline.
//
//   npm run bench:wasm                              # after: bash web/build.sh, and a native build
//   node tests/bench/bench_wasm_vs_js.mjs --orders 1000000 --runs 3
//   LOYALTY_CLI=build/core/cli/loyalty npm run bench:wasm
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { papaMetrics } from './js_baseline.mjs';
import { arg, findCli, ordersCsv, root } from './workloads.mjs';

const orderCount = Number(arg('orders', 1_000_000));
const runs = Number(arg('runs', 3));
const dist = resolve(root, process.env.LOYALTY_WASM_DIST || 'web/dist');

function best(label, fn) {
    const times = [];
    let result;
    for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        result = fn();
        times.push(performance.now() - t0);
        process.stderr.write(`  ${label} run ${i + 1}: ${times.at(-1).toFixed(0)} ms\n`);
    }
    return { ms: Math.min(...times), result };
}

const cli = findCli();
const csvPath = ordersCsv(orderCount);
const bytes = statSync(csvPath).size;
console.log(`metrics over ${orderCount.toLocaleString('en')} orders: ${relative(root, csvPath)} (${(bytes / 1e6).toFixed(1)} MB)`);
console.log(`native: ${relative(root, cli)}; wasm: ${relative(root, dist)}; node ${process.version}\n`);

const runNative = () => {
    const r = spawnSync(cli, ['metrics', csvPath], { maxBuffer: 1 << 28, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loyalty metrics failed (${r.status}): ${r.stderr || r.stdout.slice(0, 400)}`);
    return JSON.parse(r.stdout);
};

const { createLoyaltyEngine } = await import(pathToFileURL(join(dist, 'engine.js')).href);
const engines = {
    simd: await createLoyaltyEngine({ module: 'calculator', baseUrl: pathToFileURL(dist + '/'), simd: true }),
    plain: await createLoyaltyEngine({ module: 'calculator', baseUrl: pathToFileURL(dist + '/'), simd: false }),
};
const times = { native: [], simd: [], plain: [] };
const results = {};
for (let i = 0; i < runs; i++) {
    for (const way of ['native', 'simd', 'plain']) {
        const t0 = performance.now();
        results[way] = way === 'native' ? runNative() : await engines[way].metricsFromBytes(readFileSync(csvPath), {});
        times[way].push(performance.now() - t0);
        process.stderr.write(`  ${way} run ${i + 1}: ${times[way].at(-1).toFixed(0)} ms\n`);
    }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const native = { ms: Math.min(...times.native), result: results.native };
const wasm = { ms: Math.min(...times.simd), result: results.simd };
const plain = { ms: Math.min(...times.plain), result: results.plain };
assert.deepEqual(plain.result, native.result, 'the wasm build without SIMD and native answer differently');

const papa = process.argv.includes('--no-papa') ? null : best('papaparse', () => papaMetrics(readFileSync(csvPath, 'utf8')));

// Same answers, or the timings mean nothing.
assert.equal(wasm.result.ok, true, JSON.stringify(wasm.result).slice(0, 400));
assert.deepEqual(wasm.result, native.result, 'the wasm and native answers differ');
const keys = ['orders', 'customers', 'repeat_customers', 'new_customers', 'revenue', 'refunds', 'refunded', 'average_order_value',
    'purchase_frequency', 'repeat_purchase_rate', 'active_at_start', 'active_at_end', 'retained', 'retention_rate', 'churn_rate', 'lifetime_value'];
const pick = (o) => Object.fromEntries(keys.map((k) => [k, o[k]]));
if (papa) {
    assert.deepEqual(pick(papa.result), pick(wasm.result), 'the PapaParse baseline computes different metrics');
    assert.deepEqual(papa.result.months.map(pick), wasm.result.months.map(pick), 'the PapaParse baseline computes different monthly metrics');
    assert.equal(papa.result.import.bad_rows, wasm.result.import.bad_rows);
}

const rate = (ms) => `${((orderCount / ms) * 1000 / 1e6).toFixed(2)} M orders/s`;
console.log(`| way | best of ${runs} | median | throughput (best) |`);
console.log('| --- | --- | --- | --- |');
console.log(`| native CLI (\`loyalty metrics\`) | ${native.ms.toFixed(0)} ms | ${median(times.native).toFixed(0)} ms | ${rate(native.ms)} |`);
console.log(`| wasm SIMD in node (\`metricsFromBytes\`) | ${wasm.ms.toFixed(0)} ms | ${median(times.simd).toFixed(0)} ms | ${rate(wasm.ms)} |`);
console.log(`| wasm without SIMD | ${plain.ms.toFixed(0)} ms | ${median(times.plain).toFixed(0)} ms | ${rate(plain.ms)} |`);
if (papa) console.log(`| PapaParse + JS | ${papa.ms.toFixed(0)} ms | – | ${rate(papa.ms)} |`);
console.log('');
// The ratio of each round (the ways ran back to back in it), then their median.
const ratio = (way) => median(times[way].map((t, i) => t / times.native[i]));
const wasmVsNative = ratio('simd');
const plainVsNative = ratio('plain');
const simdVsPlain = median(times.simd.map((t, i) => t / times.plain[i]));
console.log(`wasm SIMD / native time: ${wasmVsNative.toFixed(2)}x, median of ${runs} rounds (targets: issue 3 at most 2x, issue 13 at most 1.3x)`);
console.log(`wasm without SIMD / native time: ${plainVsNative.toFixed(2)}x; SIMD / without: ${simdVsPlain.toFixed(2)}x`);
if (papa) console.log(`PapaParse / wasm time: ${(papa.ms / wasm.ms).toFixed(2)}x (target: at least 5x)`);
console.log(`answers: wasm (both builds) == native (whole response)${papa ? '; PapaParse baseline == core (period and monthly metrics)' : ''}`);
if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ orders: orderCount, bytes, native_ms: times.native, simd_ms: times.simd, plain_ms: times.plain, papaparse_ms: papa && papa.ms,
        wasm_simd_vs_native: wasmVsNative, wasm_plain_vs_native: plainVsNative, simd_vs_plain: simdVsPlain }));
}
