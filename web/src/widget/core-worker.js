// loyalty-worker.<hash>.js: the WebAssembly core in a Web Worker, so compiling, instantiating and
// every call (validate, status, preview, survey eligibility) run off the page's main thread and
// never add to its blocking time. Messages (structured clones):
//   in  {init: {scriptUrl, wasmUrl}}      -> out {ready: true} or {fatal: "message"}
//   in  {id, op, request}                 -> out {id, result} (the core's response document)
//   in  {warm: {lang, locale, currency?}}  -> out {warmed: true}
// (init may carry `warm` too: the formatters are warmed while the wasm downloads.)
import { createLoyaltyEngine } from '../engine.js';

let engine = null;

/**
 * Creates one Intl formatter of each kind the UI uses for `locale`. The first formatter of a
 * page costs ICU locale data loading (~50 ms of CPU, ~200 ms under Lighthouse's 4x slowdown) and
 * ICU keeps that data process-wide, so doing it here first makes the page's own formatters cheap
 * on its main thread. Never throws (a browser without some Intl part just skips it).
 */
function warm({ lang, locale, currency }) {
    const day = new Date(0);
    const steps = [
        () => new Intl.PluralRules(lang).select(2),
        () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(1234.5),
        () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(0.3),
        () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(day),
        () => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(day),
        () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(2, 'day'),
    ];
    if (currency) steps.push(() => new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(1.5));
    for (const step of steps) {
        try {
            step();
        } catch {
            // nothing to warm
        }
    }
    self.postMessage({ warmed: true });
}

self.onmessage = async (event) => {
    const m = event.data || {};
    if (m.warm && !m.init) return warm(m.warm);
    if (m.init) {
        try {
            const started = createLoyaltyEngine({ module: 'widget', baseUrl: m.init.scriptUrl, scriptUrl: m.init.scriptUrl, wasmUrl: m.init.wasmUrl });
            if (m.warm) warm(m.warm); // while the glue and the wasm are on their way
            engine = await started;
            self.postMessage({ ready: true });
        } catch (e) {
            self.postMessage({ fatal: (e && e.message) || String(e) });
        }
        return;
    }
    // engine.run never throws: bad input comes back as {ok: false, errors}.
    const result = engine ? engine.run(m.op, m.request) : { ok: false, errors: [{ path: '', message: 'the loyalty core is not started', code: 'unavailable' }] };
    self.postMessage({ id: m.id, result });
};
