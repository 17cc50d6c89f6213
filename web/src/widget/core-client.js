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
 *
 * `warm` ({lang, locale}) has the worker create the Intl formatters of that language first, while
 * the wasm downloads: ICU's locale data is then loaded once for the whole process, off the main
 * thread, and the page's own formatters cost little. The returned promise has
 * `warmed(more)`: a promise that settles when the worker has warmed `more` ({lang, locale,
 * currency}; without it: the first warm-up), or has failed; it never rejects.
 */
export function startCoreWorker(urls, warm) {
    const waiting = []; // resolvers of warm-ups asked for, in the order the worker answers them
    let worker = null;
    let over = false;
    const settleWarm = (all) => {
        for (const done of all ? waiting.splice(0) : waiting.splice(0, 1)) done();
    };
    const started = new Promise((resolve, reject) => {
        worker = new Worker(scriptUrl(urls.worker), { type: 'module', name: 'loyalty-core' });
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
            over = true;
            settleWarm(true);
            reject(new Error(message));
            for (const done of pending.values()) done({ ok: false, errors: [{ path: '', message, code: 'unavailable' }] });
            pending.clear();
            worker.terminate();
        };
        worker.onmessage = (e) => {
            const m = e.data;
            if (m.warmed) settleWarm(false);
            else if (m.ready) resolve(api);
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
        worker.postMessage({ init: { scriptUrl: String(urls.core), wasmUrl: String(urls.wasm) }, warm });
    });
    const first = warm ? new Promise((done) => waiting.push(done)) : Promise.resolve();
    started.catch(() => settleWarm(true)); // a worker that could not even be created
    started.warmed = (more) => {
        if (!more) return first;
        if (over || !worker) return Promise.resolve();
        worker.postMessage({ warm: more });
        return new Promise((done) => waiting.push(done));
    };
    return started;
}
