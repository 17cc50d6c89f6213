// Claiming a reward for a code, with data-claim-endpoint (docs/integration.md, "Claiming rewards"):
// "Choose" asks first, then sends the claim with an Idempotency-Key that stays the same until the
// claim is answered, so a retry after a lost answer or a 5xx can never claim twice; the code is
// shown with its expiry, and the shopper's active codes are listed ("My codes").
//
// The claim's state (the dialog, "sending", the codes) is the widget's state machine's
// (controller.js); this file sends the requests and tells the machine their answers.
// deps: {endpoint, send(url, init) -> {status, body}, store ({state, dispatch}, ui.js)}; without a
// store (the tests), the claim has a machine of its own whose effects go to deps: changed(),
// emit(name, detail), reload(), problem(code, message).

import { initial, next } from './controller.js';
import { createStore } from './store.js';

/** 32 hex digits from the browser's CSPRNG. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');

export function createClaims(deps) {
    const { endpoint, send } = deps;
    let sending = Promise.resolve();
    const alone = { render: () => deps.changed(), emit: (e) => deps.emit(e.name, e.detail), problem: (e) => deps.problem(e.code, e.message), fetch: () => deps.reload() };
    const store = deps.store || createStore(next, initial(), (e) => (alone[e.type] || claims.perform)(e));
    const dispatch = (type, fields) => store.dispatch({ type, ...fields });

    async function post({ reward, key }) {
        let r;
        try {
            r = await send(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify({ reward_id: reward.id }) });
            if (r.status >= 500 || (r.status < 300 && !(r.body && r.body.claim))) throw new Error('HTTP ' + r.status);
        } catch (e) {
            return dispatch('claim-failed', { key, reward, message: e.message });
        }
        const b = r.body || {};
        if (b.claim) return dispatch('claim-done', { key, claim: b.claim });
        // The code (docs/api.md, "Error codes") picks a sentence in the shopper's language.
        const why = (b.errors && b.errors[0]) || {};
        const errorCode = typeof why.code === 'string' ? why.code : null;
        dispatch('claim-refused', { key, message: why.message || 'HTTP ' + r.status, errorCode, errorPath: typeof why.path === 'string' ? why.path : '' });
    }

    const claims = {
        /** The claim being made: {reward, key, phase: confirm | sending | done | refused | failed, claim?, message?,
         *  errorCode?, errorPath?} (the last three when refused: the server's first error). */
        get open() {
            return store.state.claim;
        },
        /** The active codes, once listed. */
        get codes() {
            return store.state.codes;
        },
        ask: (reward) => dispatch('claim-asked', { reward, key: newKey() }),
        cancel: () => dispatch('claim-cancelled'),
        /** Sends the claim (not while it is sending); resolves once it is answered. */
        confirm() {
            dispatch('claim-started');
            return sending;
        },
        /** Reads the active codes (shown under "My codes"). */
        async list() {
            const r = await send(endpoint).catch(() => ({}));
            if (r.body && Array.isArray(r.body.claims)) dispatch('codes-listed', { codes: r.body.claims });
        },
        /** Performs the machine's effects that are the claim's. */
        perform(effect) {
            if (effect.type === 'claim') sending = post(effect);
            else if (effect.type === 'codes') claims.list();
        },
    };
    return claims;
}
