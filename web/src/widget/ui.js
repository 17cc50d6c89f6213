// The UI chunk (loyalty-ui.<hash>.js), loaded by the loader when the widget is first needed.
// It loads the program and the customer, starts the WebAssembly core, computes the status and
// the cart preview with it (the very code the shop's server books with, so the two never
// disagree), runs the surveys, and draws every <loyalty-widget> of the page.
//
// Failure policy: a problem is told once on the console ([loyalty-widget] ...) and as a
// `loyalty:error` event; the widget then shows what it still can (the program without the
// balance, or a short "unavailable" note) and never throws into the page.

import { describeErrors, normalizeCart } from './cart.js';
import { createClaims } from './claims.js';
import { readConfig } from './config.js';
import { initial, next } from './controller.js';
import { startCoreWorker } from './core-client.js';
import { isoInstant, localeOf, warmUpSteps } from './format.js';
import { loadMessages, pickLanguage, pluralCategory, setMessagesSource } from './i18n.js';
import { withOfferTerms } from './offers.js';
import { createRenderer } from './render.js';
import { createStore } from './store.js';
import { createSurveys } from './surveys.js';
import { VISITOR_KEY, knownPurchases, readJson, recordPurchase, writeJson } from './visitor.js';

/** Resolves in a later task, so the page can handle input and paint in between (long tasks are
 *  what Total Blocking Time counts). */
const nextTask = () =>
    new Promise((resolve) => (self.scheduler?.postTask ? self.scheduler.postTask(resolve) : setTimeout(resolve, 0)));

/* global LOYALTY_CORE */
// {core, wasm, worker, messages: {ru, en}}: the hashed names of the WebAssembly module's glue and
// binary, of the worker that runs them and of each language's texts, compiled in by the build
// (web/tools/build-widget.mjs).
const files = LOYALTY_CORE;

/** Starts the UI for the loader's `runtime`; returns what the loader and elements call. Its state
 *  is the state machine's (controller.js); this function is the shell that performs the machine's
 *  effects (requests, the core's calls, drawing, events) and tells it what came back. */
export function start(runtime) {
    const { storage, base } = runtime;
    // Every setting, from the loader's script tag (data-survey-endpoint -> dataset.surveyEndpoint).
    const config = readConfig((name) => runtime.data[name.replace(/-(\w)/g, (m, c) => c.toUpperCase())], runtime.nonce);
    // The WebAssembly core in its worker: handles, not state.
    let engine = null;
    let enginePromise = null;
    let worker = null; // the started worker's promise, with warmed()
    let warmStarted = false;

    const changed = () => {
        state.version++;
        for (const el of runtime.elements) el.requestRender();
    };
    const floating = () => {
        for (const el of runtime.elements) if (el.mode === 'launcher' || el.mode === 'survey') return el;
        return null;
    };
    const lang = pickLanguage((floating() || runtime.elements.values().next().value || document.documentElement).lang);
    const emit = (name, detail, from) => {
        const el = from || floating() || runtime.elements.values().next().value;
        if (el) el.dispatch(name, detail);
        else document.dispatchEvent(new CustomEvent('loyalty:' + name, { bubbles: true, composed: true, detail }));
    };
    const problem = (code, message) => {
        runtime.warn(message);
        emit('error', { code, message });
    };
    // Each language's texts are a file of their own; the page's language is asked for at once,
    // alongside the data and the core (an element in another language loads its own on drawing).
    setMessagesSource((code) => import(new URL(files.messages[code], base)));
    let textsTold = false;
    const textsFailed = (e) => {
        if (textsTold) return;
        textsTold = true;
        problem('texts_unavailable', `could not load the widget's texts (${(e && e.message) || e}); the widget stays as it is`);
    };
    loadMessages(lang).then((fellBack) => {
        if (!fellBack || textsTold) return;
        textsTold = true;
        problem('texts_unavailable', `could not load the ${lang} texts (${fellBack.message || fellBack}); showing English`);
    }, textsFailed);

    /** The cart of data-cart="#id" (a <script type="application/json">): undefined when there is
     *  none, null when it is not JSON. */
    function readInlineCart() {
        if (!config.cart.startsWith('#')) return undefined;
        const node = document.getElementById(config.cart.slice(1));
        if (!node) return undefined;
        try {
            return JSON.parse(node.textContent || 'null');
        } catch (e) {
            problem('cart_invalid', `${config.cart} does not hold a JSON cart (${e.message}); the cart preview is off`);
            return null;
        }
    }

    // --- the state machine ---------------------------------------------------------------------

    const store = createStore(next, initial(readInlineCart() ?? null), perform);
    const dispatch = (type, fields) => store.dispatch({ type, at: Date.now(), ...fields });
    /** What the views draw: the machine's state (read through), the survey card (surveys.js) and
     *  a version that changes with each drawing. */
    const state = { version: 0, survey: null };
    for (const key of Object.keys(store.state)) Object.defineProperty(state, key, { enumerable: true, get: () => store.state[key] });

    const waiting = []; // [n, resolve]: promises of load number n
    const offersTold = new Set(); // the cart's offers reported as dropped (offers.js withOfferTerms)
    /** Resolves once load number `n` has ended. */
    const loaded = (n) => (store.state.done >= n ? Promise.resolve() : new Promise((resolve) => waiting.push([n, resolve])));
    /** A load (the one in flight, else a new one). */
    const load = () => (dispatch('load'), loaded(store.state.loads));
    /** A load that reads the data after this call: one in flight may have asked the shop before a
     *  sign-in, sign-out or checkout, so one more follows it (calls meanwhile share that one). */
    const reload = () => (dispatch('refresh'), loaded(store.state.loads + (store.state.queued ? 1 : 0)));
    /** The page view's first load, shared by all that only need some data: the survey check after
     *  it must not fetch everything again (and tell a failing endpoint's error twice). */
    const firstLoad = () => (store.state.loads ? loaded(1) : load());

    function perform(effect) {
        switch (effect.type) {
            case 'render':
                return changed();
            case 'emit':
                return emit(effect.name, effect.detail);
            case 'problem':
                return problem(effect.code, effect.message);
            case 'fetch':
                return void fetchData(effect.draw).catch((e) =>
                    dispatch('program-failed', { code: 'core_unavailable', message: `the loyalty core failed (${e && e.message}); the widget shows a short "unavailable" note` }),
                );
            case 'preview':
                return void previewOf(effect).catch(() => dispatch('preview-answered', { seq: effect.seq, preview: null }));
            case 'settled':
                for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i][0] <= effect.n) waiting.splice(i, 1)[0][1]();
                return undefined;
            case 'referral':
                if (config.referral) {
                    send(config.referral).then((r) => dispatch('referral-loaded', { data: r.status === 200 && r.body && r.body.code ? r.body : null }), () => {});
                }
                return undefined;
            default:
                return claims && claims.perform(effect); // claim, codes
        }
    }

    // --- data --------------------------------------------------------------------------------

    /** {status, body} of a request to `source` (body null unless JSON); throws only when no
     *  answer came (offline, or none within data-timeout). */
    async function send(source, init = {}) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), config.timeout);
        try {
            const r = await fetch(new URL(source, document.baseURI), { credentials: 'same-origin', ...init, headers: { Accept: 'application/json', ...init.headers }, signal: controller.signal });
            return { status: r.status, body: await r.json().catch(() => null) };
        } catch (e) {
            throw e && e.name === 'AbortError' ? new Error(`no answer within ${config.timeout} ms`) : e;
        } finally {
            clearTimeout(timer);
        }
    }

    async function getJson(source, what) {
        if (source.startsWith('#')) {
            const node = document.getElementById(source.slice(1));
            if (!node) throw new Error(`no element ${source} holds the ${what}`);
            return { status: 200, body: JSON.parse(node.textContent || 'null') };
        }
        const r = await send(source);
        if (r.status === 204 || r.status === 401 || r.status === 403) return { status: r.status, body: null };
        if (r.status >= 400) throw new Error(`HTTP ${r.status}`);
        if (r.body === null) throw new Error('the answer is not JSON');
        return r;
    }

    function startEngine() {
        if (enginePromise) return enginePromise;
        try {
            worker = startCoreWorker(
                { worker: new URL(files.worker, base), core: new URL(files.core, base), wasm: new URL(files.wasm, base) },
                { lang, locale: localeOf(lang) },
            );
        } catch (e) {
            worker = Promise.reject(e);
        }
        // The page's own formatters once the worker has loaded the locale data (or failed to).
        const warmedUp = worker.warmed ? worker.warmed() : Promise.resolve();
        if (!warmStarted) {
            warmStarted = true;
            warmedUp.then(() => inIdleTasks([() => pluralCategory(lang, 2), ...warmUpSteps(lang)]));
        }
        enginePromise = worker.then(
            (api) => (engine = api),
            (e) => {
                enginePromise = null; // a retry may succeed (the network came back)
                throw e;
            },
        );
        return enginePromise;
    }

    /** The machine's "fetch": the program, the core, the customer and its status, told as events
     *  (program-loaded or program-failed, then guest, customer-loaded or customer-failed). */
    async function fetchData(draw) {
        // Short tasks, each followed by a yield: start the worker; start the requests; draw the
        // loading state. Nothing here is long, but together they were (Total Blocking Time).
        const engineReady = startEngine();
        engineReady.catch(() => {}); // awaited below; keeps an early rejection from being "unhandled"
        await nextTask();
        const customerPromise = config.customer ? getJson(config.customer, 'customer').catch((error) => ({ error })) : Promise.resolve(null);
        const programPromise = config.program ? getJson(config.program, 'program') : null;
        programPromise?.catch(() => {}); // awaited below
        if (draw) {
            await nextTask();
            if (store.state.phase === 'loading') changed();
        }
        const failed = (code, message) => dispatch('program-failed', { code, message });
        let program;
        try {
            if (!programPromise) throw new Error('the script tag has no data-program');
            program = (await programPromise).body;
            if (typeof program?.currency === 'string') warmCurrency(program.currency); // while the core starts
        } catch (e) {
            return failed('program_unavailable', `could not load the program from ${config.program || '(none)'}: ${e.message}; the widget shows a short "unavailable" note`);
        }
        try {
            await engineReady;
        } catch (e) {
            return failed('core_unavailable', `could not start the loyalty core (${files.wasm}): ${e.message}; the widget shows a short "unavailable" note`);
        }
        const v = await engine.run('validate', program);
        if (!v.ok) {
            return failed('program_invalid', `the program from ${config.program} is invalid: ${describeErrors(v.errors)}`);
        }
        dispatch('program-loaded', { program, summary: v.program });
        // Nothing is shown before the customer's part is computed, so no drawing sees half of it;
        // the status arrived in this task, drawing it is the next.
        const told = (type, fields) => nextTask().then(() => dispatch(type, fields));
        const customerFailed = (code, why) => told('customer-failed', { code, message: `${why}; showing the program without a balance` });
        const c = await customerPromise;
        if (c && c.error) return customerFailed('customer_unavailable', `could not load the customer from ${config.customer}: ${c.error.message}`);
        if (!c || c.body === null) return told('guest');
        const doc = c.body;
        if (!doc || typeof doc !== 'object' || !doc.customer || typeof doc.customer !== 'object') {
            return customerFailed('customer_invalid', `${config.customer} answered without a "customer" object (expected {"customer": {"id", "events"}, "now"?})`);
        }
        const serverNow = typeof doc.now === 'string' ? Date.parse(doc.now) : NaN;
        const clock = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;
        // A server that keeps programme versions sends the status it booked (each event under the
        // version of its day); replaying the events here would re-book them under today's.
        const served = doc.status && typeof doc.status === 'object' && doc.status.ok === true;
        const status = served ? doc.status : await engine.run('status', { program, customer: doc.customer, now: isoInstant(Date.now() + clock), history_limit: 20 });
        if (!status.ok) {
            return customerFailed('customer_invalid', `the customer data from ${config.customer} was refused by the core: ${describeErrors(status.errors)}`);
        }
        if (storage && Number.isSafeInteger(status.purchases)) {
            const visitor = readJson(storage, VISITOR_KEY);
            if (visitor) writeJson(storage, VISITOR_KEY, knownPurchases(visitor, status.purchases));
        }
        // Personal offers, when the endpoint sends them, are in `response` (the whole answer).
        return told('customer-loaded', { customer: doc.customer, status, response: doc, clock });
    }

    /** The machine's "preview": the core's preview of `cart`, told as preview-answered with its
     *  seq (the machine drops it when a newer cart was set meanwhile). */
    async function previewOf({ seq, cart, program, customer, clock, offers }) {
        const answer = (preview, names, trouble) => dispatch('preview-answered', { seq, preview, names, problem: trouble });
        const n = normalizeCart(cart);
        if (!n) {
            return answer(null, undefined, { code: 'cart_invalid', message: 'setCart expects {lines: [{sku, category, price, quantity}], ...} (prices in minor units); the cart preview is off' });
        }
        if (n.cart.lines.length === 0) return answer(null);
        // Personal offers: the cart's ids become the shopper's offers' terms (offers.js).
        for (const message of withOfferTerms(n.cart, offers, customer && customer.id, Date.now() + clock, offersTold)) problem('cart_invalid', message);
        const request = { program, cart: n.cart, now: isoInstant(Date.now() + clock) };
        if (customer) request.customer = customer;
        const r = await engine.run('preview', request);
        if (r.ok) return answer(r, n.names);
        if (seq !== store.state.seq) return undefined; // stale: not worth a second call
        // Points the core refuses (more than the cart allows, off the step): the cart without
        // them, and a message saying so (panel-view.js), rather than no preview at all.
        const refused = n.cart.points_redeemed > 0 ? n.cart.points_redeemed : 0;
        let without = null;
        if (refused) {
            delete request.cart.points_redeemed;
            without = await engine.run('preview', request);
        }
        const shown = Boolean(without && without.ok);
        const trouble = { code: 'cart_invalid', message: `the cart could not be previewed: ${describeErrors(r.errors)}${shown ? '; showing it without points_redeemed' : ''}` };
        return shown ? answer({ ...without, points_refused: refused }, n.names, trouble) : answer(null, undefined, trouble);
    }

    // With data-claim-endpoint, "Choose" claims the reward for a code (claims.js).
    // With data-referral-endpoint: the shopper's code and what it brought ({code, param, ...}).
    const referral = {
        get data() {
            return store.state.referral;
        },
        url: config.referralUrl,
    };
    const claims = config.claim ? createClaims({ endpoint: config.claim, send, store }) : null;
    const surveys = createSurveys({ config, storage, runtime, state, changed, emit, problem, floating, load: firstLoad, engine: () => engine });
    const render = createRenderer({ config, state, emit, load, floating, textsFailed, surveyActions: surveys.actions, claims, referral });

    /** The namespace's methods (LoyaltyWidget.setCart(...) and the rest), once loaded. */
    const methods = {
        mount(target, options = {}) {
            const parent = typeof target === 'string' ? document.querySelector(target) : target;
            if (!parent || !parent.append) throw new Error(`no element matches ${String(target)}`);
            const el = parent.localName === 'loyalty-widget' ? parent : parent.appendChild(document.createElement('loyalty-widget'));
            el.setAttribute('mode', options.mode || 'inline');
            for (const key of ['lang', 'theme', 'position']) if (options[key]) el.setAttribute(key, options[key]);
            return el;
        },
        setCart(cart) {
            dispatch('cart-set', { cart: cart ?? null });
        },
        open() {
            (floating() || runtime.addFloating('survey')).open = true;
        },
        close() {
            for (const el of runtime.elements) el.open = false;
        },
        refresh() {
            return reload();
        },
        purchase(orderId) {
            if (storage) surveys.saveVisitor(recordPurchase(surveys.visitor(), orderId));
            return surveys.check();
        },
    };

    const ui = {
        /** Draws one element; a bug here is one console message, never an exception in the page. */
        render(el) {
            try {
                render(el);
            } catch (e) {
                runtime.warn(`could not draw <loyalty-widget mode="${el.mode}">: ${e.message}`);
            }
        },
        /** Runs a namespace method; a failure is one console message, never a throw. */
        call(method, args) {
            try {
                return methods[method](...args);
            } catch (e) {
                runtime.warn(`LoyaltyWidget.${method} failed: ${e.message}`);
                return undefined;
            }
        },
        routeChanged() {
            const cart = readInlineCart();
            dispatch('route', cart === undefined ? {} : { cart });
        },
        /** For tests and the debugging console: the state the views draw. */
        get state() {
            return state;
        },
    };

    /** Runs each step in a task of its own, when the page is idle. */
    const inIdleTasks = (steps) => {
        const step = () => {
            const run = steps.shift();
            if (!run) return;
            try {
                run();
            } catch {
                // a formatter the browser lacks: drawing will fall back, nothing to warm
            }
            (self.requestIdleCallback || setTimeout)(step, { timeout: 500 });
        };
        (self.requestIdleCallback || setTimeout)(step, { timeout: 500 });
    };
    // Intl formatters (ICU locale data) are warmed in the core's worker first, then created here in
    // idle tasks of their own: see startEngine.
    const warmCurrency = (currency) => {
        const more = worker?.warmed ? worker.warmed({ lang, locale: localeOf(lang), currency }) : Promise.resolve();
        more.then(() => inIdleTasks(warmUpSteps(lang, currency).slice(0, 2)));
    };

    runtime.ui = ui;
    // Whatever asked for the UI, the data is needed: load it, then see about surveys. In a task of
    // its own: evaluating this chunk was one task already, starting the worker and the requests and
    // drawing the loading state is the next.
    nextTask().then(firstLoad).then(surveys.check, () => {});
    return ui;
}
