// `status` of one long-standing customer (issue 10 §2: "within 3x of native"), natively and in the
// widget's wasm module, side by side in one run. The request is the same text both ways: the
// example programme and a customer with --events events (default 10,000: purchases, refunds,
// redemptions). Each round times the native core in the CLI (`loyalty status FILE --time 3`: the
// median of 3 runs in the process, without its start or the file read) and the widget module in
// node (the median of 3 calls); the two take turns, so both see the same neighbours. The answers
// must be the same text. Prints each round and the median of the rounds' ratios.
//
//   node tests/bench/status_native_vs_wasm.mjs --events 10000 --rounds 9
//   (after `npm run build:wasm` and a native build; LOYALTY_CLI picks the CLI)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { arg, exampleProgram, findCli, longCustomer, root } from './workloads.mjs';

const events = Number(arg('events', 10_000));
const rounds = Number(arg('rounds', 9));
const dist = resolve(root, process.env.LOYALTY_WASM_DIST || 'web/dist');
const cli = findCli();

const program = exampleProgram();
const long = longCustomer(events);
const request = JSON.stringify({ program, customer: long.customer, now: long.now });
const dir = mkdtempSync(join(tmpdir(), 'status-bench-'));
const longFile = join(dir, 'long.json');
writeFileSync(longFile, request);
const perRound = 3;

const { createLoyaltyEngine } = await import(pathToFileURL(join(dist, 'engine.js')).href);
const widget = await createLoyaltyEngine({ module: 'widget', baseUrl: pathToFileURL(dist + '/') });

/** The native core's median milliseconds of one `status` over the request, and its answer. */
function native() {
    const r = spawnSync(cli, ['status', longFile, '--time', String(perRound)], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const m = /status: ([\d.]+) ms median/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`native status failed: ${r.stdout.slice(0, 300)}${r.stderr}`);
    return { ms: Number(m[1]), text: r.stdout.trim() };
}

/** The widget module's median milliseconds of one `status` over the same text, and its answer. */
function wasm() {
    const ms = [];
    let text = '';
    for (let i = 0; i < perRound; i++) {
        const t0 = performance.now();
        text = String(widget.runText('status', request)).trim();
        ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { ms: ms[Math.floor(ms.length / 2)], text };
}

// Warm both (the first wasm calls compile lazily), and check they answer the same.
const first = native();
assert.equal(wasm().text, first.text, 'the widget module and the CLI answer differently');
assert.ok(JSON.parse(first.text).ok, first.text.slice(0, 300));

const ratios = [];
const rows = [];
for (let round = 0; round < rounds; round++) {
    const [n, w] = round % 2 === 0 ? [native(), wasm()] : [wasm(), native()].reverse();
    ratios.push(w.ms / n.ms);
    rows.push({ round: round + 1, native_ms: +n.ms.toFixed(2), wasm_ms: +w.ms.toFixed(2), ratio: +(w.ms / n.ms).toFixed(2) });
    process.stderr.write(`  round ${round + 1}: native ${n.ms.toFixed(1)} ms, wasm ${w.ms.toFixed(1)} ms, ${(w.ms / n.ms).toFixed(2)}x\n`);
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
    events: long.customer.events.length,
    request_bytes: request.length,
    answer_bytes: first.text.length,
    rounds: rows,
    median_native_ms: median(rows.map((r) => r.native_ms)),
    median_wasm_ms: median(rows.map((r) => r.wasm_ms)),
    median_ratio: +median(ratios).toFixed(2),
}));
