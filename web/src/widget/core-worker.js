// loyalty-worker.<hash>.js: the WebAssembly core in a Web Worker, so compiling, instantiating and
// every call (validate, status, preview, survey eligibility) run off the page's main thread and
// never add to its blocking time. Messages (structured clones):
//   in  {init: {scriptUrl, wasmUrl}}      -> out {ready: true} or {fatal: "message"}
//   in  {id, op, request}                 -> out {id, result} (the core's response document)
import { createLoyaltyEngine } from '../engine.js';

let engine = null;

self.onmessage = async (event) => {
    const m = event.data || {};
    if (m.init) {
        try {
            engine = await createLoyaltyEngine({ module: 'widget', baseUrl: m.init.scriptUrl, scriptUrl: m.init.scriptUrl, wasmUrl: m.init.wasmUrl });
            self.postMessage({ ready: true });
        } catch (e) {
            self.postMessage({ fatal: (e && e.message) || String(e) });
        }
        return;
    }
    // engine.run never throws: bad input comes back as {ok: false, errors}.
    const result = engine ? engine.run(m.op, m.request) : { ok: false, errors: [{ path: '', message: 'the loyalty core is not started' }] };
    self.postMessage({ id: m.id, result });
};
