// Times the wasm modules of one build folder on fixed workloads; prints one JSON line.
//   node web/tools/wasm-speed.mjs --dir build-wasm/wasm [--orders 1000000] [--quick]
// Used by web/tools/measure-wasm-options.sh to compare optimisation levels (docs/performance.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { createLoyaltyEngine } from '../src/engine.js';
import { cart, exampleProgram, longCustomer, npsResponses, ordersCsv, root } from '../../tests/bench/workloads.mjs';

const args = Object.fromEntries(
    process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]?.startsWith('--') ? true : all[i + 1] ?? true] : null)).filter(Boolean),
);
const dir = resolve(root, args.dir || 'build-wasm/wasm');
const orderCount = Number(args.orders || 1_000_000);
const quick = Boolean(args.quick);

/** Median milliseconds per call of `fn` over `rounds` rounds of `calls` calls. */
function perCall(fn, calls, rounds = 5) {
    for (let i = 0; i < Math.max(1, calls / 5); i++) fn();
    const times = [];
    for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        for (let i = 0; i < calls; i++) fn();
        times.push((performance.now() - t0) / calls);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}

const baseUrl = pathToFileURL(dir + '/');
let t0 = performance.now();
const widget = await createLoyaltyEngine({ module: 'widget', baseUrl });
const widgetLoadMs = performance.now() - t0;
t0 = performance.now();
const calculator = await createLoyaltyEngine({ module: 'calculator', baseUrl });
const calculatorLoadMs = performance.now() - t0;

const program = exampleProgram();
const long = longCustomer(10_000);
const medium = longCustomer(1_000);
const statusRequest = JSON.stringify({ program, customer: long.customer, now: long.now });
const previewRequest = JSON.stringify({ program, customer: medium.customer, cart: cart(), now: medium.now });
const programText = JSON.stringify(program);
const surveyRequest = JSON.stringify({ kind: 'nps', responses: npsResponses(10_000) });

const check = (r) => {
    if (!r.ok) throw new Error(`workload failed: ${JSON.stringify(r).slice(0, 400)}`);
    return r;
};
check(widget.status(statusRequest));
check(widget.preview(previewRequest));
check(widget.validate(programText));
// The survey summary is the calculator module's only: the widget never computes one.
check(calculator.surveySummary(surveyRequest));

const result = {
    dir: args.dir,
    widget_load_ms: +widgetLoadMs.toFixed(1),
    calculator_load_ms: +calculatorLoadMs.toFixed(1),
    validate_ms: +perCall(() => widget.runText('validate', programText), quick ? 50 : 300).toFixed(4),
    status_10k_events_ms: +perCall(() => widget.runText('status', statusRequest), quick ? 3 : 10).toFixed(3),
    preview_1k_events_ms: +perCall(() => widget.runText('preview', previewRequest), quick ? 10 : 50).toFixed(3),
    survey_summary_10k_ms: +perCall(() => calculator.runText('survey-summary', surveyRequest), quick ? 10 : 50).toFixed(3),
};
if (orderCount > 0) {
    const bytes = readFileSync(ordersCsv(orderCount));
    const options = { program, redemption_policy: 'max' };
    const times = [];
    let last;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
        const t = performance.now();
        last = check(await calculator.metricsFromBytes(bytes, options));
        times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    result.metrics_orders = orderCount;
    result.metrics_csv_mb = +(bytes.length / 1e6).toFixed(1);
    result.metrics_with_replay_ms = +times[0].toFixed(0);
    const plain = performance.now();
    check(await calculator.metricsFromBytes(bytes, {}));
    result.metrics_no_program_ms = +(performance.now() - plain).toFixed(0);
    result.metrics_rows = last.import.rows;
}
console.log(JSON.stringify(result));
