// Claiming a reward for a code, with data-claim-endpoint (docs/integration.md, "Claiming rewards"):
// "Choose" asks first, then sends the claim with an Idempotency-Key that stays the same until the
// claim is answered, so a retry after a lost answer or a 5xx can never claim twice; the code is
// shown with its expiry, and the shopper's active codes are listed ("My codes").
//
// deps: {endpoint, send(url, init) -> {status, body}, changed(), emit(name, detail), reload(), problem(code, message)}.

/** 32 hex digits from the browser's CSPRNG. */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');

export function createClaims(deps) {
    // open: the claim being made: {reward, key, phase: confirm | sending | done | refused | failed, claim?, message?}
    const claims = { open: null, codes: null };
    const { endpoint, send, changed } = deps;

    claims.ask = (reward) => {
        claims.open = { reward, key: newKey(), phase: 'confirm' };
        changed();
    };
    claims.cancel = () => {
        claims.open = null;
        changed();
    };
    claims.confirm = async () => {
        const c = claims.open;
        if (c.phase === 'sending') return;
        c.phase = 'sending';
        changed();
        try {
            const r = await send(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': c.key }, body: JSON.stringify({ reward_id: c.reward.id }) });
            const b = r.body || {};
            if (r.status >= 500 || (r.status < 300 && !b.claim)) throw new Error('HTTP ' + r.status);
            if (b.claim) {
                Object.assign(c, { phase: 'done', claim: b.claim });
                deps.emit('reward-claimed', { claim: b.claim });
                deps.reload();
                claims.list();
            } else {
                // Refused (too few points, a lower tier, signed out): a new attempt is a new claim.
                Object.assign(c, { phase: 'refused', message: (b.errors && b.errors[0] && b.errors[0].message) || 'HTTP ' + r.status });
            }
        } catch (e) {
            // Offline, timed out or a 5xx: "Try again" sends the same key.
            c.phase = 'failed';
            deps.problem('claim_failed', `could not claim "${c.reward.id}": ${e.message}`);
        }
        changed();
    };
    /** Reads the active codes (shown under "My codes"). */
    claims.list = async () => {
        const r = await send(endpoint).catch(() => ({}));
        if (r.body && Array.isArray(r.body.claims)) {
            claims.codes = r.body.claims.filter((c) => c.status === 'active');
            changed();
        }
    };
    return claims;
}
