// Survey answers on their way to the site's endpoint: kept in localStorage until the endpoint
// has stored them, each with an idempotency key, so none is lost (offline, a 5xx, a closed tab)
// and none is stored twice (the endpoint treats a repeated key as a no-op).
//
// Outcomes of one POST (docs/integration.md, "HTTP contract"):
//   2xx                      stored: the answer leaves the queue
//   408, 425, 429, 5xx, network error, timeout   kept: retried with exponential backoff
//   any other 4xx            refused: dropped, with one console message
//
// The queue is re-read from storage on every change, so two tabs never overwrite each other's
// answers; a flush takes a Web Lock when the browser has them so two tabs do not send the same
// answer at once (and if they did, the idempotency key makes the second a no-op).

import { QUEUE_KEY, readJson, writeJson } from './visitor.js';

/** Longest wait between two tries of one answer. */
export const MAX_BACKOFF_MS = 5 * 60 * 1000;
/** An answer still held by a page (waiting for its follow-up text) after this long is sent as
 *  it is: the page is gone without saying so. */
export const HOLD_MS = 10 * 60 * 1000;
/** Answers kept at most; the oldest go first (with a console message) beyond it. */
export const MAX_QUEUED = 50;
const REQUEST_TIMEOUT_MS = 10000;

/** Milliseconds to wait before try number `attempt` + 1 (attempt >= 1): 1 s, 2 s, 4 s, ...,
 *  capped at MAX_BACKOFF_MS, times a jitter in [0.5, 1) drawn from `random()`. */
export function backoffMs(attempt, random = Math.random) {
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
    return Math.round(base * (0.5 + random() / 2));
}

/** How a response status is treated: "stored", "retry" or "refused". */
export function classifyStatus(status) {
    if (status >= 200 && status < 300) return 'stored';
    if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
    return 'refused';
}

/** A fresh idempotency key: 32 hex digits from 16 random bytes. */
export function idempotencyKey(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A queue over `storage` posting to `endpoint` with `fetch`. Options (all but endpoint have
 * defaults suited to a browser; tests pass their own):
 *   storage, fetch, now(), setTimeout, clearTimeout, random(), locks (navigator.locks),
 *   log(message) for the one console message of a refused answer.
 */
export function createSurveyQueue(options) {
    const o = {
        storage: globalThis.localStorage,
        fetch: globalThis.fetch && globalThis.fetch.bind(globalThis),
        now: () => Date.now(),
        setTimeout: (f, ms) => setTimeout(f, ms),
        clearTimeout: (id) => clearTimeout(id),
        random: Math.random,
        locks: typeof navigator === 'object' && navigator.locks ? navigator.locks : null,
        log: () => {},
        ...options,
    };
    let timer = null;
    let flushing = null;
    const inflight = new Set();
    let memory = []; // used only when storage refuses to keep anything

    function load() {
        const doc = readJson(o.storage, QUEUE_KEY);
        const items = doc && Array.isArray(doc.items) ? doc.items : memory;
        return items.filter((i) => i && typeof i.key === 'string' && i.body && typeof i.body === 'object');
    }
    function save(items) {
        memory = items;
        writeJson(o.storage, QUEUE_KEY, { v: 1, items });
    }
    function change(f) {
        const items = f(load());
        save(items);
        return items;
    }

    const queue = {
        /** Answers not yet stored by the endpoint (a copy). */
        items() {
            return load();
        },

        /** Adds an answer (`body` must hold its idempotency_key). With `hold`, it waits for
         *  release() (or HOLD_MS) before it is sent: the follow-up text may still come. */
        add(body, { hold = false } = {}) {
            const key = body.idempotency_key;
            change((items) => {
                const rest = items.filter((i) => i.key !== key);
                rest.push({ key, body, attempts: 0, next_at: 0, held_until: hold ? o.now() + HOLD_MS : 0 });
                while (rest.length > MAX_QUEUED) {
                    const old = rest.shift();
                    o.log(`more than ${MAX_QUEUED} survey answers are waiting for the endpoint; the oldest (${old.key}) was dropped`);
                }
                return rest;
            });
        },

        /** Changes fields of a queued answer's body (say, the follow-up text). */
        update(key, fields) {
            change((items) =>
                items.map((i) => (i.key === key ? { ...i, body: { ...i.body, ...fields } } : i)),
            );
        },

        /** Lets a held answer go; it is sent by the next flush. */
        release(key) {
            change((items) => items.map((i) => (i.key === key ? { ...i, held_until: 0 } : i)));
        },

        /** Sends every answer that is due; resolves to {stored, refused, retrying}. */
        flush() {
            if (!flushing) {
                const run = () => send().finally(() => (flushing = null));
                flushing = o.locks
                    ? o.locks
                          .request('loyalty-widget:survey-flush', { ifAvailable: true }, (lock) =>
                              lock ? run() : { stored: 0, refused: 0, retrying: load().length },
                          )
                          .catch(run)
                    : run();
            }
            return flushing;
        },

        /** Stops the retry timer (the page is going away; the next page flushes). */
        stop() {
            if (timer !== null) o.clearTimeout(timer);
            timer = null;
        },
    };

    async function post(item) {
        const controller = typeof AbortController === 'function' ? new AbortController() : null;
        const t = controller ? o.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS) : null;
        try {
            const response = await o.fetch(o.endpoint, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.key },
                body: JSON.stringify(item.body),
                credentials: 'same-origin',
                keepalive: true,
                signal: controller ? controller.signal : undefined,
            });
            let detail = '';
            const outcome = classifyStatus(response.status);
            if (outcome === 'refused') {
                try {
                    detail = (await response.text()).slice(0, 200);
                } catch {
                    detail = '';
                }
            }
            return { outcome, status: response.status, detail };
        } catch (e) {
            return { outcome: 'retry', status: 0, detail: e && e.message };
        } finally {
            if (t !== null) o.clearTimeout(t);
        }
    }

    async function send() {
        const result = { stored: 0, refused: 0, retrying: 0 };
        const now = o.now();
        const due = load().filter(
            (i) => !inflight.has(i.key) && (!i.held_until || i.held_until <= now) && (i.next_at || 0) <= now,
        );
        for (const item of due) {
            inflight.add(item.key);
            let r;
            try {
                r = await post(item);
            } finally {
                inflight.delete(item.key);
            }
            if (r.outcome === 'stored' || r.outcome === 'refused') {
                change((items) => items.filter((i) => i.key !== item.key));
                if (r.outcome === 'stored') result.stored++;
                else {
                    result.refused++;
                    o.log(`the survey endpoint refused an answer (HTTP ${r.status}${r.detail ? ': ' + r.detail : ''}); it will not be sent again`);
                }
            } else {
                const attempts = (item.attempts || 0) + 1;
                const next = o.now() + backoffMs(attempts, o.random);
                change((items) => items.map((i) => (i.key === item.key ? { ...i, attempts, next_at: next } : i)));
                result.retrying++;
            }
        }
        schedule();
        return result;
    }

    /** Arms one timer for the earliest answer that is waiting. */
    function schedule() {
        queue.stop();
        const now = o.now();
        let earliest = Infinity;
        for (const i of load()) {
            if (inflight.has(i.key)) continue;
            const at = Math.max(i.next_at || 0, i.held_until || 0);
            earliest = Math.min(earliest, at);
        }
        if (earliest === Infinity) return;
        timer = o.setTimeout(() => {
            timer = null;
            queue.flush();
        }, Math.max(0, earliest - now));
    }

    return queue;
}
