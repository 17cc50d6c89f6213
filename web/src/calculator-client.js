// Runs the calculator module in a Web Worker (calculator-worker.js) and gives the page the same
// promise-returning methods as the engine: metricsFromBytes(source, options, onProgress), run.
import { LoyaltyError } from './engine.js';

let nextId = 1;

/**
 * Starts a calculator worker.
 * @param {import('./calculator-client').CalculatorWorkerOptions} [options]
 * @returns {import('./calculator-client').CalculatorWorker}
 */
export function createCalculatorWorker(options = {}) {
    const workerUrl = options.workerUrl ?? new URL('./calculator-worker.js', import.meta.url);
    const engineOptions = {};
    if (options.baseUrl !== undefined) engineOptions.baseUrl = String(options.baseUrl);
    if (options.simd !== undefined) engineOptions.simd = options.simd;
    const restartAfterMs = Number.isFinite(options.restartAfterMs) ? options.restartAfterMs : 2000;

    const pending = new Map(); // id -> {resolve, reject, onProgress}
    const failAll = (error) => {
        for (const p of pending.values()) p.reject(error);
        pending.clear();
    };
    let worker;
    function start() {
        try {
            worker = new Worker(workerUrl, { type: 'module', name: 'loyalty-calculator' });
        } catch (e) {
            throw new LoyaltyError('worker_failed', `could not start the calculator worker: ${e.message}`, { cause: e });
        }
        worker.postMessage({ type: 'init', engineOptions });
        const current = worker;
        worker.addEventListener('message', (event) => {
            const { id, type } = event.data || {};
            const p = pending.get(id);
            if (!p || current !== worker) return;
            if (type === 'progress') {
                if (p.onProgress) p.onProgress(event.data.progress);
            } else if (type === 'result') {
                pending.delete(id);
                p.resolve(event.data.response);
            } else if (type === 'error') {
                pending.delete(id);
                p.reject(new LoyaltyError(event.data.code, event.data.message));
            }
        });
        worker.addEventListener('error', (event) => {
            event.preventDefault();
            if (current !== worker) return;
            failAll(new LoyaltyError('worker_failed', `the calculator worker failed: ${event.message || 'could not load it'}`));
        });
    }
    start();
    // Requests the worker has not answered since they were cancelled: id -> timer.
    const stopping = new Map();

    /** A cancelled import the worker did not stop in time (it can stop only between chunks and
     *  not inside the final computation): replace the worker so the page is free at once. */
    function restart() {
        for (const timer of stopping.values()) clearTimeout(timer);
        stopping.clear();
        worker.terminate();
        failAll(new LoyaltyError('worker_terminated', 'the calculator worker was restarted after a cancelled import'));
        start();
    }

    /** Posts a request; a message the browser cannot clone becomes error data, not a throw. */
    function request(message, onProgress, transfer = [], signal = undefined) {
        const id = nextId++;
        const promise = new Promise((resolve, reject) => pending.set(id, { resolve, reject, onProgress }));
        try {
            worker.postMessage({ id, ...message }, transfer);
        } catch (e) {
            pending.delete(id);
            if (transfer.length) throw e; // the caller falls back to pumping the stream
            return Promise.resolve({ ok: false, errors: [{ path: '', message: `could not send the request to the worker: ${e.message}`, code: 'internal' }] });
        }
        if (signal) watch(id, signal);
        return promise;
    }

    /** On abort: answer the caller now, tell the worker, and watch that it stops. */
    function watch(id, signal) {
        const abort = () => {
            const p = pending.get(id);
            if (!p) return;
            pending.delete(id);
            p.resolve({ ok: false, cancelled: true, errors: [{ path: '', message: 'cancelled: the CSV import was stopped', code: 'cancelled' }] });
            worker.postMessage({ id, type: 'cancel' });
            const target = worker;
            const onReply = (event) => {
                if (event.data && event.data.id === id && event.data.type !== 'progress') {
                    clearTimeout(stopping.get(id));
                    stopping.delete(id);
                    target.removeEventListener('message', onReply);
                }
            };
            target.addEventListener('message', onReply);
            stopping.set(id, setTimeout(restart, restartAfterMs));
        };
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
    }

    async function pump(id, stream, signal) {
        const reader = stream.getReader();
        for (;;) {
            if (signal && signal.aborted) {
                await reader.cancel();
                return;
            }
            const { done, value } = await reader.read();
            if (done) break;
            const bytes = value instanceof Uint8Array ? value.slice() : new Uint8Array(value);
            worker.postMessage({ id, type: 'chunk', bytes: bytes.buffer }, [bytes.buffer]);
        }
        worker.postMessage({ id, type: 'end' });
    }

    return {
        /** Metrics over CSV bytes, read and computed in the worker; the source is copied (a
         *  File or Blob is passed by reference, a ReadableStream transferred or pumped).
         *  control.signal (an AbortSignal) cancels it. */
        metricsFromBytes(source, metricsOptions = {}, onProgress = undefined, control = {}) {
            const signal = control && control.signal ? control.signal : undefined;
            if (source && typeof source.getReader === 'function') {
                try {
                    return request({ type: 'metricsFromBytes', source, options: metricsOptions }, onProgress, [source], signal);
                } catch {
                    // Streams are not transferable here: send the chunks as messages.
                    const id = nextId++;
                    const done = new Promise((resolve, reject) => pending.set(id, { resolve, reject, onProgress }));
                    worker.postMessage({ id, type: 'metricsFromBytes', source: null, options: metricsOptions });
                    if (signal) watch(id, signal);
                    pump(id, source, signal).catch((e) => {
                        const p = pending.get(id);
                        pending.delete(id);
                        if (p) p.resolve({ ok: false, errors: [{ path: '', message: `could not read the CSV source: ${e.message}`, code: 'invalid' }] });
                    });
                    return done;
                }
            }
            return request({ type: 'metricsFromBytes', source, options: metricsOptions }, onProgress, [], signal);
        },
        /** Any operation of the calculator module, by its core name. */
        run(operation, runRequest) {
            return request({ type: 'run', operation, request: runRequest });
        },
        metrics(metricsRequest) {
            return request({ type: 'run', operation: 'metrics', request: metricsRequest });
        },
        /** Stops the worker; pending calls reject with LoyaltyError code "worker_terminated". */
        terminate() {
            for (const timer of stopping.values()) clearTimeout(timer);
            stopping.clear();
            worker.terminate();
            failAll(new LoyaltyError('worker_terminated', 'the calculator worker was terminated'));
        },
    };
}
