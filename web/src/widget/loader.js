// loyalty-widget.js: the one script a site adds. It stays tiny (under 3 KB gzip) and does only
// what every page view needs: read its settings from its own <script> tag, define
// <loyalty-widget>, show the launcher, install the `LoyaltyWidget` namespace (replaying calls
// queued by the snippet's stub) and count the visit. The UI chunk and the WebAssembly core are
// fetched only when needed: the panel is opened (or the launcher hovered), an inline widget or a
// cart is on the page, or a survey may be due. docs/integration.md documents all of it.

import { defineLoyaltyWidget } from './define.js';
import { setRuntime } from './element.js';
import { QUEUE_KEY, VISITOR_KEY, newId, readJson, recordVisit, surveyCheckDue, writeJson } from './visitor.js';

/* global LOYALTY_UI */
// The UI chunk's hashed name, compiled in by the build (web/tools/build-widget.mjs), so the
// loader's own name never changes; the chunk knows the core's hashed names the same way.
const UI = LOYALTY_UI;
const METHODS = ['mount', 'setCart', 'open', 'close', 'refresh', 'purchase'];

function start(w, d) {
    const previous = w.LoyaltyWidget;
    if (previous?.version) return; // a second copy: the first stays in charge
    // A classic script (async or not) always has currentScript while it runs at top level.
    const script = d.currentScript || d.createElement('script');
    // The few settings needed before the UI chunk; it reads the rest (config.js) from `data`.
    const data = script.dataset;
    const launcher = !/^(false|0|no|off)$/i.test(data.launcher);
    const base = new URL(data.assets || './', script.src || d.baseURI);
    let storage = null;
    try {
        storage = w.localStorage;
    } catch {
        // cookies disabled: no visit counting, surveys off
    }

    const warned = new Set();
    let uiPromise = null;
    const runtime = {
        data,
        nonce: data.nonce || script.nonce,
        base,
        storage,
        elements: new Set(),
        ui: null,
        /** One console message per distinct problem, never an exception in the page. */
        warn(message) {
            if (!warned.has(message)) console.warn('[loyalty-widget] ' + message);
            warned.add(message);
        },
        label: (lang) => (/^ru/i.test(lang) ? 'Бонусы' : 'Rewards'),
        loadUi() {
            const url = new URL(UI, base).href;
            return (uiPromise ||= import(url)
                .then((m) => m.start(runtime))
                .catch((e) => {
                    runtime.warn(`could not load ${url}: ${e.message}`);
                    for (const el of runtime.elements) el.hidden = true;
                }));
        },
    };
    setRuntime(runtime);
    // Upgrading the page's <loyalty-widget>s (shadow roots, styles, the UI import) in a task of
    // its own, not in the one that evaluates this script: two short tasks instead of one long.
    setTimeout(defineLoyaltyWidget);

    const floating = () => [...runtime.elements].find((el) => el.mode === 'launcher' || el.mode === 'survey');
    runtime.addFloating = (mode) => {
        const el = d.createElement('loyalty-widget');
        el.setAttribute('mode', mode);
        if (data.position) el.setAttribute('position', data.position);
        if (data.theme) el.setAttribute('theme', data.theme);
        return d.body.appendChild(el);
    };

    // Every method needs the UI (a panel, a preview, fresh data), so a call loads it, then runs
    // there; each returns a promise. close() without a UI has nothing to close.
    function LoyaltyWidget(method, ...args) {
        if (!METHODS.includes(method)) return runtime.warn(`LoyaltyWidget("${method}"): use one of ${METHODS}`);
        if (method === 'close' && !runtime.ui) return Promise.resolve();
        return runtime.loadUi().then((ui) => ui && ui.call(method, args));
    }
    for (const m of METHODS) LoyaltyWidget[m] = (...args) => LoyaltyWidget(m, ...args);
    LoyaltyWidget.version = UI;
    w.LoyaltyWidget = LoyaltyWidget;

    // Surveys: count the visit, then ask the core only when its last answer may have changed
    // or answers are waiting to be sent.
    let surveyWork = false;
    if (data.surveyEndpoint && storage) {
        const now = Date.now();
        const visitor = recordVisit(readJson(storage, VISITOR_KEY), now, newId());
        writeJson(storage, VISITOR_KEY, visitor);
        surveyWork = readJson(storage, QUEUE_KEY)?.items?.length > 0 || surveyCheckDue(visitor, now);
    }

    const ready = () => {
        if (!floating() && (launcher || data.surveyEndpoint)) runtime.addFloating(launcher ? 'launcher' : 'survey');
        for (const args of previous?.q || []) LoyaltyWidget(...args);
        if (surveyWork) {
            // After the page has loaded and gone idle: never in the way of the site's own work.
            const idle = () => (w.requestIdleCallback || setTimeout)(runtime.loadUi, { timeout: 4000 });
            if (d.readyState === 'complete') idle();
            else w.addEventListener('load', idle, { once: true });
        }
        onRoute();
    };

    // A cart given inline (data-cart="#id", JSON other than null) is read by the UI, on load and
    // on every route change of a single-page shop; a route change also refreshes the data.
    const onRoute = () =>
        (runtime.ui || /[^\snul]/.test(d.getElementById(data.cart?.slice(1))?.textContent ?? '')) &&
        runtime.loadUi().then((ui) => ui && ui.routeChanged());
    // The launcher in a task of its own: short tasks keep the page responsive while it loads.
    if (d.body) setTimeout(ready);
    else d.addEventListener('DOMContentLoaded', ready, { once: true });
    if (w.navigation) w.navigation.addEventListener('currententrychange', onRoute);
    else w.addEventListener('popstate', onRoute);
}

start(window, document);
