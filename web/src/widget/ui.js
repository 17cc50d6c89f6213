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
import { startCoreWorker } from './core-client.js';
import { isoInstant, localeOf, warmUpSteps } from './format.js';
import { loadMessages, pickLanguage, pluralCategory, setMessagesSource } from './i18n.js';
import { createRenderer } from './render.js';
import { createSurveys } from './surveys.js';
import { VISITOR_KEY, knownPurchases, readJson, recordPurchase, writeJson } from './visitor.js';

/** A route change re-reads the customer when the data is older than this. */
const STALE_MS = 60 * 1000;

/** Resolves in a later task, so the page can handle input and paint in between (long tasks are
 *  what Total Blocking Time counts). */
const nextTask = () =>
    new Promise((resolve) => (self.scheduler?.postTask ? self.scheduler.postTask(resolve) : setTimeout(resolve, 0)));

/* global LOYALTY_CORE */
// {core, wasm, worker, messages: {ru, en}}: the hashed names of the WebAssembly module's glue and
// binary, of the worker that runs them and of each language's texts, compiled in by the build
// (web/tools/build-widget.mjs).
const files = LOYALTY_CORE;

/** Starts the UI for the loader's `runtime`; returns what the loader and elements call. */
export function start(runtime) {
    const { storage, base } = runtime;
    // Every setting, from the loader's script tag (data-survey-endpoint -> dataset.surveyEndpoint).
    const config = readConfig((name) => runtime.data[name.replace(/-(\w)/g, (m, c) => c.toUpperCase())], runtime.nonce);
    const state = {
        phase: 'idle',
        version: 0,
        program: null,
        summary: null,
        customer: null,
        customerFailed: false,
        status: null,
        preview: null,
        productNames: {},
        survey: null,
        loadedAt: 0,
    };
    let engine = null;
    let enginePromise = null;
    let cart = null;
    let loading = null; // the load in flight
    let reloading = null; // the load refresh() queued behind it
    let clockOffset = 0;
    let readyTold = false;
    let warmCurrency = () => {};
    let warmStarted = false;

    const nowIso = () => isoInstant(Date.now() + clockOffset);
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

    let worker = null; // the started worker's promise, with warmed()
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

    function failed(code, message) {
        state.phase = 'failed';
        problem(code, message);
        changed();
    }

    /** The core's status of `customer` (null when the core refuses the events: one message). */
    async function statusOf(program, customer) {
        const r = await engine.run('status', { program, customer, now: nowIso(), history_limit: 20 });
        if (!r.ok) {
            problem('customer_invalid', `the customer data from ${config.customer} was refused by the core: ${describeErrors(r.errors)}; showing the program without a balance`);
            return null;
        }
        if (storage && Number.isSafeInteger(r.purchases)) {
            const v = readJson(storage, VISITOR_KEY);
            if (v) writeJson(storage, VISITOR_KEY, knownPurchases(v, r.purchases));
        }
        return r;
    }

    let previewSeq = 0;
    /** The preview of the current cart. The previous one stays on screen until the new one
     *  arrives, and a newer cart's answer wins over a slower older one. */
    async function computePreview() {
        const mine = ++previewSeq;
        const set = (preview) => {
            if (mine === previewSeq) state.preview = preview;
        };
        if (cart === undefined || cart === null) return set(null);
        const n = normalizeCart(cart);
        if (!n) {
            problem('cart_invalid', 'setCart expects {lines: [{sku, category, price, quantity}], ...} (prices in minor units); the cart preview is off');
            return set(null);
        }
        if (n.cart.lines.length === 0) return set(null);
        const request = { program: state.program, cart: n.cart, now: nowIso() };
        if (state.customer) request.customer = state.customer;
        let r = await engine.run('preview', request);
        if (mine !== previewSeq) return undefined;
        state.productNames = n.names;
        if (!r.ok) {
            // Points the core refuses (more than the cart allows, off the step): the cart without
            // them, and a message saying so (panel-view.js), rather than no preview at all.
            const refused = n.cart.points_redeemed > 0 ? n.cart.points_redeemed : 0;
            let without = null;
            if (refused) {
                delete request.cart.points_redeemed;
                without = await engine.run('preview', request);
                if (mine !== previewSeq) return undefined;
            }
            const shown = Boolean(without && without.ok);
            problem('cart_invalid', `the cart could not be previewed: ${describeErrors(r.errors)}${shown ? '; showing it without points_redeemed' : ''}`);
            if (!shown) return set(null);
            r = { ...without, points_refused: refused };
        }
        return set(r);
    }

    async function doLoad() {
        // Short tasks, each followed by a yield: start the worker; start the requests; draw the
        // loading state. Nothing here is long, but together they were (Total Blocking Time).
        const drawLoading = state.phase !== 'ready';
        if (drawLoading) state.phase = 'loading';
        const engineReady = startEngine();
        engineReady.catch(() => {}); // awaited below; keeps an early rejection from being "unhandled"
        await nextTask();
        const customerPromise = config.customer ? getJson(config.customer, 'customer').catch((error) => ({ error })) : Promise.resolve(null);
        const programPromise = config.program ? getJson(config.program, 'program') : null;
        programPromise?.catch(() => {}); // awaited below
        if (drawLoading) {
            await nextTask();
            if (state.phase === 'loading') changed();
        }
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
        // Everything is computed before the state changes, so no drawing sees half of it.
        const c = await customerPromise;
        let customer = null;
        let customerFailed = false;
        if (c && c.error) {
            customerFailed = true;
            problem('customer_unavailable', `could not load the customer from ${config.customer}: ${c.error.message}; showing the program without a balance`);
        } else if (c && c.body !== null) {
            const doc = c.body;
            if (!doc || typeof doc !== 'object' || !doc.customer || typeof doc.customer !== 'object') {
                customerFailed = true;
                problem('customer_invalid', `${config.customer} answered without a "customer" object (expected {"customer": {"id", "events"}, "now"?}); showing the program without a balance`);
            } else {
                customer = doc.customer;
                const serverNow = typeof doc.now === 'string' ? Date.parse(doc.now) : NaN;
                clockOffset = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;
            }
        }
        const status = customer ? await statusOf(program, customer) : null;
        if (customer && !status) {
            customer = null;
            customerFailed = true;
        }
        await nextTask(); // the status arrived in this task; drawing it is the next
        Object.assign(state, { program, summary: v.program, customer, customerFailed, status });
        await computePreview();
        state.phase = 'ready';
        state.loadedAt = Date.now();
        changed();
        if (claims && status) claims.list();
        if (config.referral && status) {
            send(config.referral).then((r) => {
                referral.data = r.status === 200 && r.body && r.body.code ? r.body : null;
                changed();
            }, () => {});
        }
        if (!readyTold) {
            readyTold = true;
            // "failed" apart from "guest": a site must not invite a signed-in shopper to sign in
            // because its customer endpoint broke. `guest` stays for older listeners.
            const who = status ? 'customer' : customerFailed ? 'failed' : 'guest';
            emit('ready', { state: who, guest: who === 'guest', balance: status ? status.balance : null, tier: status && status.tier ? status.tier.id : null });
        }
    }

    function load() {
        if (!loading) loading = doLoad().finally(() => (loading = null));
        return loading;
    }

    let first = null;
    /** The page view's first load, shared by all that only need some data: the survey check after
     *  it must not fetch everything again (and tell a failing endpoint's error twice). */
    const firstLoad = () => (first ||= load());

    /** A load that reads the data after this call: one in flight may have asked the shop before
     *  a sign-in, sign-out or checkout, so one more follows it (calls meanwhile share that one). */
    function reload() {
        if (!loading) return load();
        reloading ||= loading.catch(() => {}).then(() => {
            reloading = null;
            return load();
        });
        return reloading;
    }

    // With data-claim-endpoint, "Choose" claims the reward for a code (claims.js).
    // With data-referral-endpoint: the shopper's code and what it brought ({code, param, ...}).
    const referral = { data: null, url: config.referralUrl };
    const claims = config.claim ? createClaims({ endpoint: config.claim, send, changed, emit, reload, problem }) : null;
    const surveys = createSurveys({ config, storage, runtime, state, changed, emit, problem, floating, load: firstLoad, engine: () => engine });
    const render = createRenderer({ config, state, emit, load, floating, textsFailed, surveyActions: surveys.actions, claims, referral });

    /** Reads the cart of data-cart="#id" (a <script type="application/json">), if any. */
    function readInlineCart() {
        if (!config.cart.startsWith('#')) return;
        const node = document.getElementById(config.cart.slice(1));
        if (!node) return;
        try {
            cart = JSON.parse(node.textContent || 'null');
        } catch (e) {
            problem('cart_invalid', `${config.cart} does not hold a JSON cart (${e.message}); the cart preview is off`);
            cart = null;
        }
    }

    function cartChanged() {
        if (state.phase === 'ready') computePreview().then(changed);
        else load();
    }

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
        setCart(next) {
            cart = next ?? null;
            cartChanged();
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
            readInlineCart();
            if (state.phase === 'ready' && Date.now() - state.loadedAt > STALE_MS) load();
            else if (state.phase === 'ready') cartChanged();
        },
        /** For tests and the debugging console: the state the views draw. */
        get state() {
            return state;
        },
    };

    /** Runs each step in a task of its own, when the page is idle. */
    const inIdleTasks = (steps) => {
        const next = () => {
            const step = steps.shift();
            if (!step) return;
            try {
                step();
            } catch {
                // a formatter the browser lacks: drawing will fall back, nothing to warm
            }
            (self.requestIdleCallback || setTimeout)(next, { timeout: 500 });
        };
        (self.requestIdleCallback || setTimeout)(next, { timeout: 500 });
    };
    // Intl formatters (ICU locale data) are warmed in the core's worker first, then created here in
    // idle tasks of their own: see startEngine.
    warmCurrency = (currency) => {
        const more = worker?.warmed ? worker.warmed({ lang, locale: localeOf(lang), currency }) : Promise.resolve();
        more.then(() => inIdleTasks(warmUpSteps(lang, currency).slice(0, 2)));
    };

    runtime.ui = ui;
    readInlineCart();
    // Whatever asked for the UI, the data is needed: load it, then see about surveys. In a task of
    // its own: evaluating this chunk was one task already, starting the worker and the requests and
    // drawing the loading state is the next.
    nextTask().then(firstLoad).then(surveys.check, () => {});
    return ui;
}
