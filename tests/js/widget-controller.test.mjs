// The widget's state machine (web/src/widget/controller.js): every transition, with the state and
// the effects it leads to. Pure: every state handed to next() is deep-frozen here, so a transition
// that changed its input would throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { STALE_MS, initial, next, showsData } from '../../web/src/widget/controller.js';
import { createStore } from '../../web/src/widget/store.js';

const PROGRAM = { currency: 'RUB', earn: { rate: 1 } };
const SUMMARY = { name: 'Клуб', rewards: [] };
const ANNA = { id: 'c-anna', events: [] };
const BORIS = { id: 'c-boris', events: [] };
const STATUS = { ok: true, balance: 120, tier: { id: 'silver' } };
const CART = { lines: [{ sku: 'a', price: 1000, quantity: 1 }] };
const CART2 = { lines: [{ sku: 'b', price: 2000, quantity: 1 }] };
const REWARD = { id: 'discount-300', cost: 300 };
const CLAIM = { id: 'claim-1', code: 'AJF8BD', status: 'active' };
const T0 = 1_800_000_000_000;

function freeze(x) {
    if (x && typeof x === 'object' && !Object.isFrozen(x)) {
        Object.freeze(x);
        for (const v of Object.values(x)) freeze(v);
    }
    return x;
}

/** The state after `events` from `state`, and every effect on the way. */
function run(state, ...events) {
    const effects = [];
    for (const e of events) {
        const r = next(freeze(state), { at: T0, ...e });
        state = r.state;
        effects.push(...r.effects);
    }
    return { state, effects };
}
const types = (effects) => effects.map((e) => e.type);
const ofType = (effects, type) => effects.filter((e) => e.type === type);

const LOADED = [{ type: 'program-loaded', program: PROGRAM, summary: SUMMARY }];
const asCustomer = (customer = ANNA) => [...LOADED, { type: 'customer-loaded', customer, status: STATUS, response: { customer, offers: [] }, clock: 5000 }];
const asGuest = [...LOADED, { type: 'guest' }];
/** A state showing `who` ("customer", "guest"), the load ended, with `cart`. */
const shownAs = (who, cart = null) => run(initial(cart), { type: 'load' }, ...(who === 'guest' ? asGuest : asCustomer()), ...(cart ? [{ type: 'preview-answered', seq: 1, preview: { ok: true, earn: 10 } }] : [])).state;

describe('widget controller', () => {
    describe('initial', () => {
        it('is idle with nothing loaded and the page cart kept', () => {
            const s = initial(CART);
            assert.equal(s.phase, 'idle');
            assert.equal(s.cart, CART);
            assert.equal(s.running, false);
            assert.equal(showsData(s), false);
            assert.equal(initial().cart, null);
        });
    });

    describe('load', () => {
        it('from idle: loading, load number 1 fetched with the loading state drawn', () => {
            const { state, effects } = run(initial(), { type: 'load' });
            assert.equal(state.phase, 'loading');
            assert.equal(state.running, true);
            assert.equal(state.loads, 1);
            assert.deepEqual(effects, [{ type: 'fetch', n: 1, draw: true }]);
        });

        it('while a load runs: shares it (no second fetch)', () => {
            const { state, effects } = run(initial(), { type: 'load' }, { type: 'load' });
            assert.equal(state.loads, 1);
            assert.deepEqual(types(effects), ['fetch']);
        });

        it('from unavailable ("Retry"): loading again', () => {
            const failed = run(initial(), { type: 'load' }, { type: 'program-failed', code: 'program_unavailable', message: 'HTTP 404' }).state;
            const { state, effects } = run(failed, { type: 'load' });
            assert.equal(state.phase, 'loading');
            assert.deepEqual(effects, [{ type: 'fetch', n: 2, draw: true }]);
        });
    });

    describe('refresh', () => {
        it('with no load running: starts one', () => {
            const { state, effects } = run(initial(), { type: 'refresh' });
            assert.equal(state.running, true);
            assert.deepEqual(effects, [{ type: 'fetch', n: 1, draw: true }]);
        });

        it('while a customer is shown: reloads without drawing the loading state', () => {
            const { state, effects } = run(shownAs('customer'), { type: 'refresh' });
            assert.equal(state.phase, 'customer', 'the balance stays on screen');
            assert.deepEqual(effects, [{ type: 'fetch', n: 2, draw: false }]);
        });

        it('while loading: queues exactly one reload, started when the load ends', () => {
            let { state, effects } = run(initial(), { type: 'load' }, { type: 'refresh' }, { type: 'refresh' }, { type: 'refresh' });
            assert.equal(state.queued, true);
            assert.deepEqual(types(effects), ['fetch'], 'nothing more while the first load runs');
            ({ state, effects } = run(state, ...asGuest));
            assert.deepEqual(ofType(effects, 'settled'), [{ type: 'settled', n: 1 }]);
            assert.deepEqual(ofType(effects, 'fetch'), [{ type: 'fetch', n: 2, draw: false }]);
            assert.equal(state.queued, false);
            assert.equal(state.running, true);
            ({ state, effects } = run(state, ...asGuest));
            assert.deepEqual(ofType(effects, 'settled'), [{ type: 'settled', n: 2 }]);
            assert.deepEqual(ofType(effects, 'fetch'), [], 'one reload, not one per call');
            assert.equal(state.running, false);
            assert.equal(state.done, 2);
        });
    });

    describe('program-loaded', () => {
        it('keeps the program pending: nothing is shown before the customer part', () => {
            const { state, effects } = run(initial(), { type: 'load' }, ...LOADED);
            assert.equal(state.phase, 'loading');
            assert.equal(state.program, null);
            assert.deepEqual(state.pending, { program: PROGRAM, summary: SUMMARY, clock: 0 });
            assert.deepEqual(types(effects), ['fetch']);
        });

        it('with no load running: ignored', () => {
            const s = initial();
            assert.equal(run(s, ...LOADED).state, s);
        });
    });

    describe('program-failed', () => {
        it('unavailable: one problem, a drawing, the load ended, no loyalty:ready', () => {
            const { state, effects } = run(initial(), { type: 'load' }, { type: 'program-failed', code: 'core_unavailable', message: 'could not start the loyalty core' });
            assert.equal(state.phase, 'unavailable');
            assert.equal(state.running, false);
            assert.deepEqual(effects.slice(1), [
                { type: 'problem', code: 'core_unavailable', message: 'could not start the loyalty core' },
                { type: 'render' },
                { type: 'settled', n: 1 },
            ]);
            assert.equal(state.told, false);
        });

        it('with a reload queued: the reload starts', () => {
            const { effects } = run(initial(), { type: 'load' }, { type: 'refresh' }, { type: 'program-failed', code: 'program_unavailable', message: 'HTTP 404' });
            assert.deepEqual(ofType(effects, 'fetch'), [
                { type: 'fetch', n: 1, draw: true },
                { type: 'fetch', n: 2, draw: true },
            ]);
        });
    });

    describe('guest', () => {
        it('shows the program without a customer and tells loyalty:ready state "guest"', () => {
            const { state, effects } = run(initial(), { type: 'load' }, ...asGuest);
            assert.equal(state.phase, 'guest');
            assert.equal(state.program, PROGRAM);
            assert.equal(state.summary, SUMMARY);
            assert.equal(state.customer, null);
            assert.equal(state.loadedAt, T0);
            assert.deepEqual(effects.slice(1), [
                { type: 'render' },
                { type: 'emit', name: 'ready', detail: { state: 'guest', guest: true, balance: null, tier: null } },
                { type: 'settled', n: 1 },
            ]);
        });
    });

    describe('customer-loaded', () => {
        it('shows the balance, keeps the whole answer, lists codes, reads the referral, tells ready', () => {
            const { state, effects } = run(initial(), { type: 'load' }, ...asCustomer());
            assert.equal(state.phase, 'customer');
            assert.equal(state.customer, ANNA);
            assert.equal(state.status, STATUS);
            assert.deepEqual(state.response, { customer: ANNA, offers: [] }, 'personal offers would be read from here');
            assert.equal(state.clock, 5000);
            assert.deepEqual(effects.slice(1), [
                { type: 'render' },
                { type: 'codes' },
                { type: 'referral' },
                { type: 'emit', name: 'ready', detail: { state: 'customer', guest: false, balance: 120, tier: 'silver' } },
                { type: 'settled', n: 1 },
            ]);
        });

        it('loyalty:ready is told once: a reload does not tell it again', () => {
            const { effects } = run(shownAs('customer'), { type: 'refresh' }, ...asCustomer());
            assert.deepEqual(ofType(effects, 'emit'), []);
        });
    });

    describe('customer-failed', () => {
        it('"failed", not "guest": the problem, then the program without a balance', () => {
            const { state, effects } = run(initial(), { type: 'load' }, ...LOADED, { type: 'customer-failed', code: 'customer_unavailable', message: 'HTTP 500' });
            assert.equal(state.phase, 'failed');
            assert.equal(state.customer, null);
            assert.equal(showsData(state), true);
            assert.deepEqual(effects.slice(1), [
                { type: 'problem', code: 'customer_unavailable', message: 'HTTP 500' },
                { type: 'render' },
                { type: 'emit', name: 'ready', detail: { state: 'failed', guest: false, balance: null, tier: null } },
                { type: 'settled', n: 1 },
            ]);
        });

        it('with no load running: ignored (no problem told)', () => {
            const s = shownAs('guest');
            const r = run(s, { type: 'customer-failed', code: 'customer_unavailable', message: 'late' });
            assert.equal(r.state, s);
            assert.deepEqual(r.effects, []);
        });
    });

    describe('cart-set', () => {
        it('while idle: starts the load (which previews the cart it ends with)', () => {
            const { state, effects } = run(initial(), { type: 'cart-set', cart: CART });
            assert.equal(state.cart, CART);
            assert.deepEqual(effects, [{ type: 'fetch', n: 1, draw: true }]);
        });

        it('while loading: kept for the load, nothing more', () => {
            const { state, effects } = run(initial(), { type: 'load' }, { type: 'cart-set', cart: CART });
            assert.equal(state.cart, CART);
            assert.deepEqual(types(effects), ['fetch']);
        });

        it('while shown: a preview with a new seq and the data shown', () => {
            const s = shownAs('customer');
            const { state, effects } = run(s, { type: 'cart-set', cart: CART });
            assert.equal(state.seq, s.seq + 1);
            assert.equal(state.previewing, true);
            assert.deepEqual(effects, [{ type: 'preview', seq: s.seq + 1, cart: CART, program: PROGRAM, customer: ANNA, clock: 5000 }]);
        });

        it('null while shown: no preview, drawn at once', () => {
            const s = shownAs('guest', CART);
            assert.notEqual(s.preview, null);
            const { state, effects } = run(s, { type: 'cart-set', cart: null });
            assert.equal(state.preview, null);
            assert.equal(state.previewing, false);
            assert.equal(state.seq, 2, 'a preview still on its way is now stale');
            assert.deepEqual(effects, [{ type: 'render' }]);
        });

        it('with a cart, a load shows its data and the preview together', () => {
            let { state, effects } = run(initial(CART), { type: 'load' }, ...asCustomer());
            assert.equal(state.phase, 'loading', 'not shown before the preview');
            assert.deepEqual(effects.slice(1), [{ type: 'preview', seq: 1, cart: CART, program: PROGRAM, customer: ANNA, clock: 5000 }]);
            ({ state, effects } = run(state, { type: 'preview-answered', seq: 1, preview: { ok: true, earn: 10 }, names: { a: 'Книга' } }));
            assert.equal(state.phase, 'customer');
            assert.deepEqual(state.preview, { ok: true, earn: 10 });
            assert.deepEqual(state.productNames, { a: 'Книга' });
            assert.deepEqual(types(effects), ['render', 'codes', 'referral', 'emit', 'settled']);
        });
    });

    describe('personal offers', () => {
        const OFFERS = [{ id: 'sorry-25', kind: 'percent_off', percent: '25%', ends: '2026-12-08T00:00:00+03:00', status: 'active' }];
        const withOffers = (customer, offers) => [...LOADED, { type: 'customer-loaded', customer, status: STATUS, response: { customer, offers }, clock: 5000 }];

        it('a preview carries the customer endpoint\'s offers (the cart names them by id)', () => {
            const { effects } = run(initial(CART), { type: 'load' }, ...withOffers(ANNA, OFFERS));
            assert.deepEqual(ofType(effects, 'preview'), [{ type: 'preview', seq: 1, cart: CART, program: PROGRAM, customer: ANNA, clock: 5000, offers: OFFERS }]);
        });

        it('a reload\'s preview carries the new shopper\'s offers, not those shown', () => {
            let { state } = run(initial(CART), { type: 'load' }, ...withOffers(ANNA, OFFERS), { type: 'preview-answered', seq: 1, preview: { earn: 1 } });
            assert.deepEqual(state.response.offers, OFFERS, 'kept beside the customer');
            const { effects } = run(state, { type: 'refresh' }, ...withOffers(BORIS, []));
            assert.deepEqual(ofType(effects, 'preview'), [{ type: 'preview', seq: 2, cart: CART, program: PROGRAM, customer: BORIS, clock: 5000 }]);
        });
    });

    describe('preview-answered', () => {
        it('drops a stale answer: seq 1 arriving after seq 2 changes nothing', () => {
            let { state, effects } = run(shownAs('guest'), { type: 'cart-set', cart: CART }, { type: 'cart-set', cart: CART2 });
            const [first, second] = ofType(effects, 'preview').map((e) => e.seq);
            assert.equal(second, first + 1);
            assert.equal(state.seq, second);
            ({ state } = run(state, { type: 'preview-answered', seq: second, preview: { earn: 20 } }));
            assert.deepEqual(state.preview, { earn: 20 });
            const late = run(state, { type: 'preview-answered', seq: first, preview: { earn: 10 }, problem: { code: 'cart_invalid', message: 'old' } });
            assert.equal(late.state, state);
            assert.deepEqual(late.effects, [], 'no drawing and no problem for the old cart');
        });

        it('the current one: shown, with its problem told', () => {
            const s = shownAs('guest');
            const { state, effects } = run(s, { type: 'cart-set', cart: CART }, { type: 'preview-answered', seq: s.seq + 1, preview: null, problem: { code: 'cart_invalid', message: 'bad price' } });
            assert.equal(state.previewing, false);
            assert.equal(state.preview, null);
            assert.deepEqual(effects.slice(1), [{ type: 'problem', code: 'cart_invalid', message: 'bad price' }, { type: 'render' }]);
        });

        it('a cart set while a reload waits for its preview: previewed with the new data, the old answer dropped', () => {
            let { state, effects } = run(shownAs('customer', CART), { type: 'refresh' }, ...asCustomer(BORIS));
            assert.deepEqual(ofType(effects, 'preview').map((e) => e.seq), [2]);
            ({ state, effects } = run(state, { type: 'cart-set', cart: CART2 }));
            assert.deepEqual(effects, [{ type: 'preview', seq: 3, cart: CART2, program: PROGRAM, customer: BORIS, clock: 5000 }]);
            ({ state, effects } = run(state, { type: 'preview-answered', seq: 2, preview: { earn: 10 } }));
            assert.deepEqual(effects, []);
            assert.equal(state.customer, ANNA, 'the old data stays until the new is complete');
            ({ state, effects } = run(state, { type: 'preview-answered', seq: 3, preview: { earn: 20 } }));
            assert.equal(state.customer, BORIS);
            assert.deepEqual(state.preview, { earn: 20 });
            assert.ok(types(effects).includes('settled'));
        });
    });

    describe('route', () => {
        it('with fresh data: previews the re-read cart', () => {
            const { state, effects } = run(shownAs('guest'), { type: 'route', cart: CART, at: T0 + 1000 });
            assert.equal(state.cart, CART);
            assert.deepEqual(types(effects), ['preview']);
        });

        it('with data older than a minute: reloads', () => {
            const { effects } = run(shownAs('customer'), { type: 'route', at: T0 + STALE_MS + 1 });
            assert.deepEqual(effects, [{ type: 'fetch', n: 2, draw: false }]);
        });

        it('without an inline cart: keeps the cart set', () => {
            const { state } = run(shownAs('guest', CART), { type: 'route', at: T0 });
            assert.equal(state.cart, CART);
        });

        it('before anything is shown: only the cart is kept', () => {
            const { state, effects } = run(initial(), { type: 'route', cart: CART });
            assert.equal(state.cart, CART);
            assert.equal(state.phase, 'idle');
            assert.deepEqual(effects, []);
        });
    });

    describe('customer switched in the page', () => {
        const withClaim = () => run(shownAs('customer'), { type: 'claim-asked', reward: REWARD, key: 'k1' }, { type: 'codes-listed', codes: [CLAIM] }, { type: 'referral-loaded', data: { code: 'ANNA1' } }).state;

        it("another customer after a reload: the previous one's claim, codes and referral are gone", () => {
            const { state } = run(withClaim(), { type: 'refresh' }, ...asCustomer(BORIS));
            assert.equal(state.customer, BORIS);
            assert.equal(state.claim, null);
            assert.equal(state.codes, null);
            assert.equal(state.referral, null);
        });

        it('signed out (guest after a customer): the same', () => {
            const { state } = run(withClaim(), { type: 'refresh' }, ...asGuest);
            assert.equal(state.phase, 'guest');
            assert.equal(state.codes, null);
        });

        it('the same customer after a reload: kept', () => {
            const { state } = run(withClaim(), { type: 'refresh' }, ...asCustomer(ANNA));
            assert.equal(state.claim.key, 'k1');
            assert.deepEqual(state.codes, [CLAIM]);
        });
    });

    describe('claims', () => {
        const asked = () => run(shownAs('customer'), { type: 'claim-asked', reward: REWARD, key: 'k1' }).state;

        it('claim-asked: the dialog asks first', () => {
            const { state, effects } = run(shownAs('customer'), { type: 'claim-asked', reward: REWARD, key: 'k1' });
            assert.deepEqual(state.claim, { reward: REWARD, key: 'k1', phase: 'confirm' });
            assert.deepEqual(effects, [{ type: 'render' }]);
        });

        it('claim-cancelled: the dialog closes', () => {
            const { state, effects } = run(asked(), { type: 'claim-cancelled' });
            assert.equal(state.claim, null);
            assert.deepEqual(effects, [{ type: 'render' }]);
        });

        it('claim-started: sending, and the claim is sent with its key', () => {
            const { state, effects } = run(asked(), { type: 'claim-started' });
            assert.equal(state.claim.phase, 'sending');
            assert.deepEqual(effects, [{ type: 'render' }, { type: 'claim', reward: REWARD, key: 'k1' }]);
        });

        it('claim-started while a claim is in flight: blocked (a double click sends once)', () => {
            const sending = run(asked(), { type: 'claim-started' }).state;
            const r = run(sending, { type: 'claim-started' });
            assert.equal(r.state, sending);
            assert.deepEqual(r.effects, []);
        });

        it('claim-started with no dialog: nothing', () => {
            const s = shownAs('customer');
            assert.deepEqual(run(s, { type: 'claim-started' }), { state: s, effects: [] });
        });

        it('claim-done: the code, loyalty:reward-claimed, the balance reloaded, the codes listed', () => {
            const sending = run(asked(), { type: 'claim-started' }).state;
            const { state, effects } = run(sending, { type: 'claim-done', key: 'k1', claim: CLAIM });
            assert.deepEqual(state.claim, { reward: REWARD, key: 'k1', phase: 'done', claim: CLAIM });
            assert.deepEqual(effects, [
                { type: 'emit', name: 'reward-claimed', detail: { claim: CLAIM } },
                { type: 'fetch', n: 2, draw: false },
                { type: 'codes' },
                { type: 'render' },
            ]);
        });

        it('claim-done while a load runs: the reload is queued behind it', () => {
            const sending = run(asked(), { type: 'claim-started' }, { type: 'refresh' }).state;
            const { state, effects } = run(sending, { type: 'claim-done', key: 'k1', claim: CLAIM });
            assert.equal(state.queued, true);
            assert.deepEqual(ofType(effects, 'fetch'), []);
        });

        it('claim-done for a dialog since replaced: told, but the new dialog stays', () => {
            const s = run(asked(), { type: 'claim-started' }, { type: 'claim-asked', reward: REWARD, key: 'k2' }).state;
            const { state, effects } = run(s, { type: 'claim-done', key: 'k1', claim: CLAIM });
            assert.deepEqual(state.claim, { reward: REWARD, key: 'k2', phase: 'confirm' });
            assert.equal(ofType(effects, 'emit').length, 1);
        });

        it('claim-refused: why, and no problem told', () => {
            const sending = run(asked(), { type: 'claim-started' }).state;
            const { state, effects } = run(sending, { type: 'claim-refused', key: 'k1', message: 'the balance is 120' });
            assert.equal(state.claim.phase, 'refused');
            assert.equal(state.claim.message, 'the balance is 120');
            assert.deepEqual(effects, [{ type: 'render' }]);
        });

        it('claim-refused for too few points: the balance shown is old, so it is read again', () => {
            const sending = run(asked(), { type: 'claim-started' }).state;
            const { state, effects } = run(sending, { type: 'claim-refused', key: 'k1', message: 'costs 300 points; the balance is 250', errorCode: 'not_enough_points', errorPath: '/reward_id' });
            assert.equal(state.claim.phase, 'refused');
            assert.equal(state.claim.errorCode, 'not_enough_points');
            assert.equal(ofType(effects, 'fetch').length, 1);
            assert.equal(ofType(effects, 'render').length, 1);
        });

        it('claim-failed: a problem, and "Try again" sends the same key', () => {
            const sending = run(asked(), { type: 'claim-started' }).state;
            let { state, effects } = run(sending, { type: 'claim-failed', key: 'k1', reward: REWARD, message: 'HTTP 503' });
            assert.equal(state.claim.phase, 'failed');
            assert.deepEqual(effects, [{ type: 'problem', code: 'claim_failed', message: 'could not claim "discount-300": HTTP 503' }, { type: 'render' }]);
            ({ effects } = run(state, { type: 'claim-started' }));
            assert.deepEqual(ofType(effects, 'claim'), [{ type: 'claim', reward: REWARD, key: 'k1' }]);
        });

        it('codes-listed: the active codes only', () => {
            const { state, effects } = run(shownAs('customer'), { type: 'codes-listed', codes: [CLAIM, { ...CLAIM, id: 'claim-0', status: 'used' }] });
            assert.deepEqual(state.codes, [CLAIM]);
            assert.deepEqual(effects, [{ type: 'render' }]);
        });
    });

    describe('referral-loaded', () => {
        it('keeps the code and draws it', () => {
            const { state, effects } = run(shownAs('customer'), { type: 'referral-loaded', data: { code: 'ANNA1' } });
            assert.deepEqual(state.referral, { code: 'ANNA1' });
            assert.deepEqual(effects, [{ type: 'render' }]);
        });
    });

    describe('next', () => {
        it('an unknown event (even "toString") changes nothing', () => {
            const s = initial();
            for (const type of ['nonsense', 'toString', '__proto__']) assert.deepEqual(run(s, { type }), { state: s, effects: [] });
        });
    });

    describe('store', () => {
        it('performs the effects in order; an event dispatched by an effect waits its turn', () => {
            const seen = [];
            const store = createStore(next, initial(), (effect) => {
                seen.push([effect.type, store.state.phase]);
                if (effect.type === 'fetch') store.dispatch({ type: 'program-failed', code: 'program_unavailable', message: 'HTTP 404' });
            });
            store.dispatch({ type: 'load' });
            assert.deepEqual(seen, [
                ['fetch', 'loading'],
                ['problem', 'unavailable'],
                ['render', 'unavailable'],
                ['settled', 'unavailable'],
            ]);
            assert.equal(store.state.running, false);
        });
    });
});
