// Web Worker entry for the calculator: runs the calculator module off the main thread so a large
// CSV import keeps the page responsive. Spoken to by calculator-client.js; load it as a module
// worker: new Worker(new URL('./calculator-worker.js', import.meta.url), {type: 'module'}).
//
// Messages in:  {type: 'init', engineOptions}          options for createLoyaltyEngine (baseUrl...)
//               {id, type: 'metricsFromBytes', source, options}   source: Blob | ArrayBuffer |
//                   Uint8Array | ReadableStream, or null when the client streams 'chunk' messages
//               {id, type: 'chunk', bytes} / {id, type: 'end'}    a stream pumped by the client
//               {id, type: 'cancel'}                 stop that import before its next chunk
//               {id, type: 'run', operation, request}
// Messages out: {id, type: 'progress', progress: {bytesRead, totalBytes, rows}}
//               {id, type: 'result', response}          the response document, ok or not (a
//                   cancelled import answers {ok: false, cancelled: true, errors})
//               {id, type: 'error', code, message}      the module could not be loaded
import { createLoyaltyEngine } from './engine.js';

let engineOptions = {};
let enginePromise = null;
const pumped = new Map(); // id -> ReadableStreamDefaultController of a stream fed by messages
const imports = new Map(); // id -> AbortController of an import in progress
const cancelledEarly = new Set(); // ids cancelled while the module was still loading

function engine() {
    if (!enginePromise) {
        enginePromise = createLoyaltyEngine({ ...engineOptions, module: 'calculator' });
        enginePromise.catch(() => {
            enginePromise = null; // let a later request try again
        });
    }
    return enginePromise;
}

function pumpedStream(id) {
    return new ReadableStream({
        start(controller) {
            pumped.set(id, controller);
        },
    });
}

async function handle(message) {
    const { id, type } = message;
    if (type === 'init') {
        engineOptions = message.engineOptions || {};
        return;
    }
    if (type === 'cancel') {
        const controller = imports.get(id);
        if (controller) controller.abort();
        else cancelledEarly.add(id);
        const stream = pumped.get(id);
        if (stream) {
            pumped.delete(id);
            stream.close();
        }
        return;
    }
    if (type === 'chunk' || type === 'end') {
        const controller = pumped.get(id);
        if (!controller) return;
        if (type === 'chunk') controller.enqueue(new Uint8Array(message.bytes));
        else {
            pumped.delete(id);
            controller.close();
        }
        return;
    }
    let loaded;
    try {
        loaded = await engine();
    } catch (e) {
        self.postMessage({ id, type: 'error', code: e.code || 'worker_failed', message: e.message });
        return;
    }
    let response;
    if (type === 'metricsFromBytes') {
        const source = message.source ?? pumpedStream(id);
        const abort = new AbortController();
        imports.set(id, abort);
        if (cancelledEarly.delete(id)) abort.abort();
        try {
            response = await loaded.metricsFromBytes(
                source,
                message.options,
                (progress) => self.postMessage({ id, type: 'progress', progress }),
                { signal: abort.signal },
            );
        } finally {
            imports.delete(id);
        }
    } else if (type === 'run') {
        response = loaded.run(message.operation, message.request);
    } else {
        response = { ok: false, errors: [{ path: '', message: `unknown worker message type ${JSON.stringify(String(type))}`, code: 'not_allowed' }] };
    }
    self.postMessage({ id, type: 'result', response });
}

self.addEventListener('message', (event) => {
    handle(event.data || {}).catch((e) => {
        const id = event.data && event.data.id;
        self.postMessage({ id, type: 'result', response: { ok: false, errors: [{ path: '', message: `internal error in the worker: ${e && e.message}`, code: 'internal' }] } });
    });
});
