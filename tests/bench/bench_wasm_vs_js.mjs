// The metrics workload (CSV import + business metrics over one million generated orders) three
// ways in one go: the native CLI, the calculator wasm module in node, and PapaParse + plain JS
// aggregation (js_baseline.mjs). Each way reads the same file from disk; the best of --runs runs
// counts. The answers are compared too: wasm must equal native exactly, and the JS baseline must
// reproduce the core's numbers (otherwise the comparison would be unfair).
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
import { findCli, ordersCsv, root } from './workloads.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
};
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

async function bestAsync(label, fn) {
    const times = [];
    let result;
    for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        result = await fn();
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

const native = best('native', () => {
    const r = spawnSync(cli, ['metrics', csvPath], { maxBuffer: 1 << 28, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loyalty metrics failed (${r.status}): ${r.stderr || r.stdout.slice(0, 400)}`);
    return JSON.parse(r.stdout);
});

const { createLoyaltyEngine } = await import(pathToFileURL(join(dist, 'engine.js')).href);
const engine = await createLoyaltyEngine({ module: 'calculator', baseUrl: pathToFileURL(dist + '/') });
const wasm = await bestAsync('wasm', () => engine.metricsFromBytes(readFileSync(csvPath), {}));

const papa = best('papaparse', () => papaMetrics(readFileSync(csvPath, 'utf8')));

// Same answers, or the timings mean nothing.
assert.equal(wasm.result.ok, true, JSON.stringify(wasm.result).slice(0, 400));
assert.deepEqual(wasm.result, native.result, 'the wasm and native answers differ');
const keys = ['orders', 'customers', 'repeat_customers', 'new_customers', 'revenue', 'refunds', 'refunded', 'average_order_value',
    'purchase_frequency', 'repeat_purchase_rate', 'active_at_start', 'active_at_end', 'retained', 'retention_rate', 'churn_rate', 'lifetime_value'];
const pick = (o) => Object.fromEntries(keys.map((k) => [k, o[k]]));
assert.deepEqual(pick(papa.result), pick(wasm.result), 'the PapaParse baseline computes different metrics');
assert.deepEqual(papa.result.months.map(pick), wasm.result.months.map(pick), 'the PapaParse baseline computes different monthly metrics');
assert.equal(papa.result.import.bad_rows, wasm.result.import.bad_rows);

const rate = (ms) => `${((orderCount / ms) * 1000 / 1e6).toFixed(2)} M orders/s`;
console.log('| way | best of ' + runs + ' | throughput |');
console.log('| --- | --- | --- |');
console.log(`| native CLI (\`loyalty metrics\`) | ${native.ms.toFixed(0)} ms | ${rate(native.ms)} |`);
console.log(`| wasm in node (\`metricsFromBytes\`) | ${wasm.ms.toFixed(0)} ms | ${rate(wasm.ms)} |`);
console.log(`| PapaParse + JS | ${papa.ms.toFixed(0)} ms | ${rate(papa.ms)} |`);
console.log('');
const wasmVsNative = wasm.ms / native.ms;
const papaVsWasm = papa.ms / wasm.ms;
console.log(`wasm / native time: ${wasmVsNative.toFixed(2)}x (target: at most 2x)`);
console.log(`PapaParse / wasm time: ${papaVsWasm.toFixed(2)}x (target: at least 5x)`);
console.log('answers: wasm == native (whole response); PapaParse baseline == core (period and monthly metrics)');
if (argv.includes('--json')) {
    console.log(JSON.stringify({ orders: orderCount, bytes, native_ms: native.ms, wasm_ms: wasm.ms, papaparse_ms: papa.ms, wasm_vs_native: wasmVsNative, papaparse_vs_wasm: papaVsWasm }));
}
