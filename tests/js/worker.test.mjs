// The calculator worker and its client (web/dist/calculator-worker.js, calculator-client.js):
// metricsFromBytes in a worker with progress messages, error data for bad input, LoyaltyError
// with a stable code when the module cannot load. Node has no Web Worker, so a small shim
// (fixtures/worker-shim.mjs) gives worker_threads the browser's Worker interface.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker as ThreadWorker } from 'node:worker_threads';
import { after, before, describe, test } from 'node:test';

import { api, distDir, engine, requireDist } from './helpers.mjs';

class BrowserLikeWorker {
    #thread;
    #listeners = { message: [], error: [] };
    constructor(url, options) {
        assert.equal(options.type, 'module');
        this.#thread = new ThreadWorker(new URL('./fixtures/worker-shim.mjs', import.meta.url), {
            workerData: { url: String(url) },
        });
        this.#thread.on('message', (data) => this.#listeners.message.forEach((l) => l({ data })));
        this.#thread.on('error', (e) => this.#listeners.error.forEach((l) => l({ message: e.message, preventDefault() {} })));
    }
    addEventListener(type, listener) {
        this.#listeners[type]?.push(listener);
    }
    removeEventListener(type, listener) {
        const list = this.#listeners[type];
        if (list && list.includes(listener)) list.splice(list.indexOf(listener), 1);
    }
    postMessage(message, transfer) {
        this.#thread.postMessage(message, transfer);
    }
    terminate() {
        this.#thread.terminate();
    }
}

describe('calculator worker', () => {
    let client;
    let createCalculatorWorker;
    before(async () => {
        requireDist();
        globalThis.Worker = BrowserLikeWorker;
        ({ createCalculatorWorker } = await import(pathToFileURL(join(distDir, 'calculator-client.js')).href));
        client = createCalculatorWorker();
    });
    after(() => {
        client.terminate();
        delete globalThis.Worker;
    });

    const csv = 'customer,order,date,amount\n' + Array.from({ length: 3000 }, (_, i) => `c${i % 50},o${i},2025-0${(i % 9) + 1}-1${i % 10},${100 + i}.25`).join('\n') + '\n';
    const options = { period: { from: '2025-01-01', to: '2025-12-31' } };

    test('metricsFromBytes in the worker equals the same call on the main thread, with progress', async () => {
        const calculator = await engine('calculator');
        const expected = await calculator.metricsFromBytes(new TextEncoder().encode(csv), options);
        assert.equal(expected.ok, true, JSON.stringify(expected).slice(0, 300));
        for (const source of [new TextEncoder().encode(csv), new Blob([csv]), new TextEncoder().encode(csv).buffer]) {
            const progress = [];
            const r = await client.metricsFromBytes(source, options, (p) => progress.push(p));
            assert.deepEqual(r, expected);
            assert.ok(progress.length >= 1);
            assert.equal(progress.at(-1).bytesRead, new TextEncoder().encode(csv).length);
        }
    });

    test('a ReadableStream is transferred to the worker', async () => {
        const bytes = new TextEncoder().encode(csv);
        let i = 0;
        const stream = new ReadableStream({
            pull(c) {
                if (i < bytes.length) {
                    c.enqueue(bytes.slice(i, i + 1000));
                    i += 1000;
                } else c.close();
            },
        });
        const r = await client.metricsFromBytes(stream, options);
        assert.equal(r.ok, true);
        assert.equal(r.orders, 3000);
    });

    test('other operations run in the worker too, and bad input is error data', async () => {
        const r = await client.run('survey-summary', { kind: 'nps', responses: [10, 10, 0] });
        assert.equal(r.ok, true);
        assert.equal(r.n, 3);
        const bad = await client.metrics('{"csv": 5}');
        assert.equal(bad.ok, false);
        const notCloneable = await client.metrics({ f: () => 1 });
        assert.equal(notCloneable.ok, false);
        assert.match(notCloneable.errors[0].message, /could not send/);
    });

    test('a module that cannot load rejects with LoyaltyError and its code', async () => {
        const { LoyaltyError } = await api();
        const broken = createCalculatorWorker({ baseUrl: 'file:///nonexistent/' });
        try {
            await assert.rejects(broken.metricsFromBytes(new Uint8Array(1), {}), (e) => e instanceof LoyaltyError && e.code === 'script_load_failed');
        } finally {
            broken.terminate();
        }
    });

    test('Cancel: the call answers cancelled at once, the worker stops reading, the next call works', async () => {
        // About 6 MB: six 1 MB chunks, each a progress step.
        const big = 'customer,order,date,amount\n' + Array.from({ length: 200000 }, (_, i) => `c${i % 500},${i + 1},2025-0${(i % 9) + 1}-1${i % 10},${100 + (i % 900)}.25`).join('\n') + '\n';
        const blob = new Blob([big]);
        assert.ok(blob.size > 5 * 1024 * 1024, `${blob.size} bytes`);
        const abort = new AbortController();
        const progress = [];
        const r = await client.metricsFromBytes(blob, options, (p) => {
            progress.push(p);
            if (progress.length === 1) abort.abort();
        }, { signal: abort.signal });
        assert.equal(r.ok, false);
        assert.equal(r.cancelled, true);
        assert.match(r.errors[0].message, /cancelled/);
        await new Promise((resolve) => setTimeout(resolve, 500));
        // The worker saw the cancel before its next chunk or the one after: far from all six.
        assert.ok(progress.length <= 2, `${progress.length} progress steps`);
        assert.ok(progress.at(-1).bytesRead < blob.size);
        const again = await client.metricsFromBytes(new Blob([csv]), options);
        assert.equal(again.ok, true);
        assert.equal(again.orders, 3000);
    });

    test('a cancelled import the worker does not stop in time gets a fresh worker', async () => {
        const impatient = createCalculatorWorker({ restartAfterMs: 0 });
        try {
            const abort = new AbortController();
            const pending = impatient.metricsFromBytes(new Blob([csv]), options, undefined, { signal: abort.signal });
            abort.abort();
            assert.equal((await pending).cancelled, true);
            await new Promise((resolve) => setTimeout(resolve, 50));
            const r = await impatient.metricsFromBytes(new Blob([csv]), options);
            assert.equal(r.ok, true);
            assert.equal(r.orders, 3000);
        } finally {
            impatient.terminate();
        }
    });
});
