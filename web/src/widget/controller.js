// The widget's controller as a pure state machine: next(state, event) -> {state, effects}. No DOM,
// no fetch, no timers, no clock (an event's `at` is its time), no randomness (a claim's key comes
// in its event): ui.js performs the effects (fetch, the core's calls, drawing, `loyalty:*` events)
// and feeds what comes back in as events. docs/widget-controller.md draws the states.
//
// phase: what the panel shows.
//   idle -> loading (first load, or a retry after "unavailable") -> guest | customer | failed, or
//   unavailable (program, core or validation failed: a short note and "Retry").
//   guest: nobody signed in; customer: the balance is shown; failed: the customer endpoint failed
//   or its data was refused (the program without a balance, never an invitation to sign in).
// Beside the phase, independent of it:
//   running/queued: a load in flight, and at most one more that refresh() queued behind it (the
//     one in flight may have asked the shop before a sign-in, sign-out or checkout);
//   pending: the data of the load in flight, shown all at once when complete (and previewed);
//   seq/previewing: the last cart preview asked; an answer for an older seq is dropped;
//   claim: the claim being made (claims.js), phase confirm | sending | done | refused | failed;
//     while it is sending, a second "claim-started" does nothing.

/** A route change re-reads the customer when the data is older than this. */
export const STALE_MS = 60 * 1000;

/** The phases that show data (and whose name loyalty:ready's `state` is). */
export const showsData = (s) => s.phase === 'guest' || s.phase === 'customer' || s.phase === 'failed';

/** The state before anything happened, with the cart the page holds (or null). */
export const initial = (cart = null) => ({
    phase: 'idle',
    loads: 0, // loads started; the one running (or the last) is number `loads`
    done: 0, // the number of the last load that ended
    running: false,
    queued: false,
    pending: null,
    program: null,
    summary: null,
    customer: null,
    status: null,
    response: null, // the customer endpoint's whole answer (its personal `offers`: offers.js)
    clock: 0, // the shop's clock minus this one, ms
    loadedAt: 0,
    told: false, // loyalty:ready was sent
    cart,
    seq: 0,
    previewing: false,
    preview: null,
    productNames: {},
    claim: null,
    codes: null,
    referral: null,
});

const RENDER = { type: 'render' };

/** Starts a load unless one is running (it is shared). */
function start(s, fx) {
    if (s.running) return s;
    const draw = !showsData(s); // data on screen stays there until the new data is complete
    fx.push({ type: 'fetch', n: s.loads + 1, draw });
    return { ...s, loads: s.loads + 1, running: true, pending: null, phase: draw ? 'loading' : s.phase };
}

/** The load in flight ended; the queued one, if any, starts. */
function settle(s, fx) {
    fx.push({ type: 'settled', n: s.loads });
    s = { ...s, running: false, pending: null, done: s.loads };
    return s.queued ? start({ ...s, queued: false }, fx) : s;
}

/** Asks for the preview of the cart with the complete pending data, else the data shown; with
 *  no cart, none is asked and the load (if complete) is shown, or the panel drawn. */
function previewCart(s, fx, at) {
    const p = s.pending && s.pending.phase ? s.pending : null;
    const d = p || s;
    const seq = s.seq + 1;
    if (s.cart != null) {
        // The shopper's personal offers, when the customer endpoint sent them: the cart names them by id.
        const offers = d.response && d.response.offers;
        fx.push({ type: 'preview', seq, cart: s.cart, program: d.program, customer: d.customer, clock: d.clock, ...(offers && offers.length ? { offers } : {}) });
        return { ...s, seq, previewing: true };
    }
    s = { ...s, seq, previewing: false, preview: null };
    if (p) return show(s, fx, at);
    fx.push(RENDER);
    return s;
}

/** The pending data is complete: preview the cart with it, then show it. */
function arrived(s, fx, at, data) {
    return s.running && s.pending ? previewCart({ ...s, pending: { ...s.pending, ...data } }, fx, at) : s;
}

/** Shows the complete pending data (and its preview, already in `s`), once. */
function show(s, fx, at) {
    const d = s.pending;
    const id = (c) => c && c.id;
    // Another shopper (a sign-in, sign-out or switch in a single-page shop): the claim and codes
    // on screen were the previous one's.
    const switched = showsData(s) && id(s.customer) !== id(d.customer);
    s = { ...s, ...d, loadedAt: at };
    if (switched) Object.assign(s, { claim: null, codes: null, referral: null });
    fx.push(RENDER);
    if (d.status) fx.push({ type: 'codes' }, { type: 'referral' });
    if (!s.told) {
        s.told = true;
        const st = d.status;
        fx.push({ type: 'emit', name: 'ready', detail: { state: d.phase, guest: d.phase === 'guest', balance: st ? st.balance : null, tier: st && st.tier ? st.tier.id : null } });
    }
    return settle(s, fx);
}

const problem = (fx, code, message) => fx.push({ type: 'problem', code, message });

/** The claim dialog after `e`, when `e` is about the claim on screen (its key). */
const claimed = (s, e, change) => ({ ...s, claim: s.claim && s.claim.key === e.key ? { ...s.claim, ...change } : s.claim });

const on = {
    __proto__: null,
    /** First load, "Retry", or a cart while nothing is shown. */
    load: (s, e, fx) => start(s, fx),
    /** refresh(): data asked for after this event; queued (once) behind a load in flight. */
    refresh: (s, e, fx) => (s.running ? { ...s, queued: true } : start(s, fx)),
    /** A route change in a single-page shop, with the inline cart re-read (`cart`, if any). */
    route(s, e, fx) {
        if ('cart' in e) s = { ...s, cart: e.cart };
        if (!showsData(s)) return s;
        return e.at - s.loadedAt > STALE_MS ? start(s, fx) : previewCart(s, fx, e.at);
    },
    'cart-set'(s, e, fx) {
        s = { ...s, cart: e.cart };
        if (showsData(s) || (s.pending && s.pending.phase)) return previewCart(s, fx, e.at);
        return start(s, fx); // nothing shown yet: the load previews the cart it ends with
    },
    'program-loaded': (s, e) => (s.running ? { ...s, pending: { program: e.program, summary: e.summary, clock: s.clock } } : s),
    /** The program could not be loaded or validated, or the core not started. */
    'program-failed'(s, e, fx) {
        if (!s.running) return s;
        problem(fx, e.code, e.message);
        fx.push(RENDER);
        return settle({ ...s, phase: 'unavailable' }, fx);
    },
    guest: (s, e, fx) => arrived(s, fx, e.at, { phase: 'guest', customer: null, status: null, response: null }),
    /** `response`: the customer endpoint's answer ({customer, now?, ...}); `status`: the core's. */
    'customer-loaded': (s, e, fx) => arrived(s, fx, e.at, { phase: 'customer', customer: e.customer, status: e.status, response: e.response, clock: e.clock }),
    'customer-failed'(s, e, fx) {
        if (s.running && s.pending) problem(fx, e.code, e.message);
        return arrived(s, fx, e.at, { phase: 'failed', customer: null, status: null, response: null });
    },
    /** The core's preview for cart number `seq` (null: no preview), with the product names. */
    'preview-answered'(s, e, fx) {
        if (e.seq !== s.seq) return s; // an older cart's answer, slower than the newer one's
        s = { ...s, previewing: false, preview: e.preview, productNames: e.names || s.productNames };
        if (e.problem) problem(fx, e.problem.code, e.problem.message);
        if (s.pending && s.pending.phase) return show(s, fx, e.at);
        fx.push(RENDER);
        return s;
    },
    'claim-asked': (s, e, fx) => (fx.push(RENDER), { ...s, claim: { reward: e.reward, key: e.key, phase: 'confirm' } }),
    'claim-cancelled': (s, e, fx) => (fx.push(RENDER), { ...s, claim: null }),
    'claim-started'(s, e, fx) {
        const c = s.claim;
        if (!c || c.phase === 'sending') return s; // a double click sends once
        fx.push(RENDER, { type: 'claim', reward: c.reward, key: c.key });
        return { ...s, claim: { ...c, phase: 'sending' } };
    },
    'claim-done'(s, e, fx) {
        fx.push({ type: 'emit', name: 'reward-claimed', detail: { claim: e.claim } });
        s = on.refresh(claimed(s, e, { phase: 'done', claim: e.claim }), e, fx); // the balance changed
        fx.push({ type: 'codes' }, RENDER);
        return s;
    },
    /** Refused (too few points, a lower tier, signed out): a new attempt is a new claim. Too few
     *  points means the balance shown is old (spent meanwhile elsewhere): it is read again. */
    'claim-refused'(s, e, fx) {
        s = claimed(s, e, { phase: 'refused', message: e.message, errorCode: e.errorCode || null, errorPath: e.errorPath || '' });
        if (e.errorCode === 'not_enough_points') s = on.refresh(s, e, fx);
        fx.push(RENDER);
        return s;
    },
    /** Offline, timed out or a 5xx: "Try again" sends the same key. */
    'claim-failed'(s, e, fx) {
        problem(fx, 'claim_failed', `could not claim "${e.reward.id}": ${e.message}`);
        fx.push(RENDER);
        return claimed(s, e, { phase: 'failed' });
    },
    'codes-listed': (s, e, fx) => (fx.push(RENDER), { ...s, codes: e.codes.filter((c) => c.status === 'active') }),
    'referral-loaded': (s, e, fx) => (fx.push(RENDER), { ...s, referral: e.data }),
};

/**
 * The state after `event` ({type, at?, ...}) and the effects to perform, in order:
 * {type: "fetch", n, draw} load the data (draw the loading state when `draw`);
 * {type: "preview", seq, cart, program, customer, clock, offers?} (offers: the customer endpoint's);
 * {type: "render"};
 * {type: "emit", name, detail} a loyalty:<name> event; {type: "problem", code, message};
 * {type: "settled", n} load n ended; {type: "codes"} list the claim codes;
 * {type: "referral"} read the referral code; {type: "claim", reward, key} send the claim.
 * An unknown event changes nothing. Never changes `state`.
 */
export function next(state, event) {
    const fx = [];
    const handler = on[event.type];
    return { state: handler ? handler(state, event, fx) : state, effects: fx };
}
