// The page's side of core-worker.js: starts the worker, sends it requests, matches the answers.

let policy;
/** The worker's URL as Trusted Types want it on pages that enforce them (the site allows the
 *  policy "loyalty-widget"); the plain URL elsewhere. */
function scriptUrl(url) {
    if (policy === undefined) {
        try {
            policy = self.trustedTypes?.createPolicy('loyalty-widget', { createScriptURL: (u) => u }) ?? null;
        } catch {
            policy = null; // not allowed by the page's trusted-types directive
        }
    }
    return policy ? policy.createScriptURL(String(url)) : url;
}

/**
 * Starts the core in a Web Worker: compiling and every call run off the main thread. `urls` are
 * {worker, core, wasm} (absolute). Resolves to {run(op, request) -> Promise<response document>}
 * once the core is ready; rejects with the reason when the worker or the core cannot start (then
 * every pending call answers {ok: false, errors} and the worker is ended).
 */
export function startCoreWorker(urls) {
    return new Promise((resolve, reject) => {
        const worker = new Worker(scriptUrl(urls.worker), { type: 'module', name: 'loyalty-core' });
        const pending = new Map();
        let seq = 0;
        const api = {
            run: (op, request) =>
                new Promise((done) => {
                    pending.set(++seq, done);
                    worker.postMessage({ id: seq, op, request });
                }),
        };
        const fail = (message) => {
            reject(new Error(message));
            for (const done of pending.values()) done({ ok: false, errors: [{ path: '', message }] });
            pending.clear();
            worker.terminate();
        };
        worker.onmessage = (e) => {
            const m = e.data;
            if (m.ready) resolve(api);
            else if (m.fatal) fail(m.fatal);
            else {
                pending.get(m.id)?.(m.result);
                pending.delete(m.id);
            }
        };
        worker.onerror = (e) => {
            e.preventDefault();
            fail(`could not run ${String(urls.worker).split('/').pop()}${e.message ? ': ' + e.message : ''}`);
        };
        worker.postMessage({ init: { scriptUrl: String(urls.core), wasmUrl: String(urls.wasm) } });
    });
}
