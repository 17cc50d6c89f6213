// Personal offers in the widget (issue 9, sections 4 and 6; web/src/widget/offers.js): the customer
// endpoint's offers mapped to the core's terms, filtered by the widget's clock, a cart's offer ids
// made into terms, and the texts (what an offer gives, its countdown) in both languages with
// Russian plural forms; then, against the WebAssembly core, that the mapped cart previews with
// exactly the discount worked out by hand. The clock is pinned (NOW); the time zone is the one
// `npm test` pins (Asia/Yekaterinburg): no text here depends on it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { normalizeCart } from '../../web/src/widget/cart.js';
import { translator } from '../../web/src/widget/i18n.js';
import { cartOfferTerms, currentOffers, describeOffer, isActive, nextOfferChange, offerCountdown, offerTerms, withOfferTerms } from '../../web/src/widget/offers.js';
import { engine, root } from './helpers.mjs';
import './widget-texts.mjs';

const HOUR = 3600e3;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-05T12:00:00+03:00');
const at = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
const en = translator('en');
const ru = translator('ru');

/** An offer as GET /api/loyalty/me lists it (docs/server.md), ending `days` after NOW. */
const listed = (fields = {}, days = 3) => ({
    id: 'sorry-25',
    kind: 'percent_off',
    percent: '25%',
    title: 'Sorry for the late parcel',
    starts: '2026-12-05T00:00:00+03:00',
    ends: at(NOW + days * DAY),
    uses: 0,
    uses_limit: null,
    status: 'active',
    created_at: '2026-12-05T00:00:00+03:00',
    ...fields,
});

describe('offers offerTerms', () => {
    it('keeps only what the core takes: no title, status, uses, uses_limit or created_at', () => {
        assert.deepEqual(offerTerms(listed()), { id: 'sorry-25', kind: 'percent_off', percent: '25%', starts: '2026-12-05T00:00:00+03:00', ends: at(NOW + 3 * DAY) });
    });
    it('keeps each kind\'s own members and drops nulls', () => {
        assert.deepEqual(offerTerms({ id: 'g', kind: 'gift', product_id: 'bookmark-leather', value: 50000, percent: null, ends: 'E' }), { id: 'g', kind: 'gift', product_id: 'bookmark-leather', value: 50000, ends: 'E' });
        assert.deepEqual(offerTerms({ id: 'x2', kind: 'points_multiplier', multiplier: '2', title: 'Double' }), { id: 'x2', kind: 'points_multiplier', multiplier: '2' });
    });
});

describe('offers currentOffers', () => {
    const rows = [
        ['an active one, 3 days left', listed(), true],
        ['one ending one second from now', listed({ ends: at(NOW + 1000) }), true],
        ['one that ended at this very moment (the window is starts..ends, ends excluded)', listed({ ends: at(NOW) }), false],
        ['one the server still calls active but that ended by the widget\'s clock', listed({ ends: at(NOW - 60e3) }), false],
        ['a scheduled one', listed({ status: 'scheduled', starts: at(NOW + 3 * DAY) }, 10), true],
        ['a voided one', listed({ status: 'voided' }), false],
        ['a used-up one', listed({ status: 'used_up' }), false],
        ['an unknown kind', listed({ kind: 'half_price' }), false],
        ['one without an id', listed({ id: undefined }), false],
    ];
    for (const [what, offer, shown] of rows) {
        it(`${shown ? 'shows' : 'hides'} ${what}`, () => assert.equal(currentOffers([offer], NOW).length, shown ? 1 : 0));
    }
    it('marks each as active or not by the clock, not by the status it was listed with', () => {
        const begun = listed({ status: 'scheduled', starts: at(NOW - 1000) });
        const later = listed({ id: 'later', starts: at(NOW + HOUR) });
        assert.deepEqual(currentOffers([begun, later], NOW).map((o) => [o.id, o.active]), [['sorry-25', true], ['later', false]]);
        assert.equal(isActive(later, NOW + HOUR), true);
        assert.equal(isActive(listed(), NOW + 3 * DAY), false);
    });
    it('reads anything else as no offers', () => {
        for (const x of [undefined, null, {}, 'sorry-25', [null, 7]]) assert.deepEqual(currentOffers(x, NOW), []);
    });
});

describe('offers cartOfferTerms', () => {
    const mine = [listed(), listed({ id: 'ship', kind: 'free_shipping', percent: undefined }), listed({ id: 'soon', starts: at(NOW + DAY), status: 'scheduled' }), listed({ id: 'gone', ends: at(NOW - 1) })];
    it('replaces the ids by the terms of the shopper\'s active offers, in the cart\'s order', () => {
        assert.deepEqual(cartOfferTerms(['ship', 'sorry-25'], mine, NOW), {
            offers: [offerTerms(mine[1]), offerTerms(mine[0])],
            dropped: [],
        });
    });
    it('drops an unknown id, one not begun and one ended, and says which', () => {
        assert.deepEqual(cartOfferTerms(['sorry-25', 'nope', 'soon', 'gone'], mine, NOW), { offers: [offerTerms(mine[0])], dropped: ['nope', 'soon', 'gone'] });
    });
    it('drops every id for a shopper without offers (a guest)', () => {
        assert.deepEqual(cartOfferTerms(['sorry-25'], undefined, NOW), { offers: [], dropped: ['sorry-25'] });
    });
    it('names an offer once however often the cart repeats it', () => {
        assert.deepEqual(cartOfferTerms(['sorry-25', 'sorry-25'], mine, NOW).offers, [offerTerms(mine[0])]);
    });
    it('takes terms given as objects as they are, cut to the core\'s members', () => {
        assert.deepEqual(cartOfferTerms([{ id: 'own', kind: 'free_shipping', title: 'x' }], [], NOW), { offers: [{ id: 'own', kind: 'free_shipping' }], dropped: [] });
    });
    it('leaves a cart without offers alone', () => {
        assert.deepEqual(cartOfferTerms(undefined, mine, NOW), { offers: undefined, dropped: [] });
    });
});

describe('offers withOfferTerms (the preview\'s hook)', () => {
    it('puts the terms in the normalized cart, and tells a dropped id once per shopper', () => {
        const told = new Set();
        const cart = normalizeCart({ lines: [{ sku: 'b', price: 100 }], offers: ['sorry-25', 'nope'], title: 'dropped by normalizeCart' }).cart;
        assert.deepEqual(Object.keys(cart), ['lines', 'offers']);
        const messages = withOfferTerms(cart, [listed()], 'c-vera', NOW, told);
        assert.deepEqual(cart.offers, [offerTerms(listed())]);
        assert.deepEqual(messages, ['the cart names the offer "nope", which c-vera does not have or which is not active now; the preview is without it']);
        const again = { lines: [], offers: ['nope'] };
        assert.deepEqual(withOfferTerms(again, [listed()], 'c-vera', NOW, told), []);
        assert.equal('offers' in again, false, 'no offers left: no offers member');
        assert.equal(withOfferTerms({ lines: [], offers: ['nope'] }, [], 'c-anna', NOW, told).length, 1);
        assert.deepEqual(withOfferTerms({ lines: [] }, [listed()], 'c-vera', NOW, told), []);
    });
});

describe('offers describeOffer', () => {
    const rows = [
        [{ kind: 'percent_off', percent: '25%' }, '25% off your order', 'Скидка 25 % на заказ'],
        [{ kind: 'percent_off', percent: '0.125' }, '12.5% off your order', 'Скидка 12,5 % на заказ'],
        [{ kind: 'free_shipping' }, 'Free delivery', 'Бесплатная доставка'],
        [{ kind: 'gift', product_id: 'bookmark-leather' }, 'A gift: Leather bookmark', 'Подарок: Leather bookmark'],
        [{ kind: 'gift', product_id: 'mug' }, 'A gift: mug', 'Подарок: mug'],
        [{ kind: 'points_multiplier', multiplier: '2' }, 'Points ×2', 'Баллы ×2'],
        [{ kind: 'points_multiplier', multiplier: '1.5' }, 'Points ×1.5', 'Баллы ×1,5'],
    ];
    const names = { 'bookmark-leather': 'Leather bookmark' };
    for (const [offer, english, russian] of rows) {
        it(`describes ${JSON.stringify(offer)} as "${english}" / "${russian}"`, () => {
            assert.equal(plain(describeOffer(en, offer, names)), english);
            assert.equal(plain(describeOffer(ru, offer, names)), russian);
        });
    }
    it('joins a number to its sign with no-break spaces', () => {
        assert.equal(describeOffer(en, { kind: 'points_multiplier', multiplier: '2' }), 'Points\u00a0×2');
        assert.equal(describeOffer(ru, { kind: 'percent_off', percent: '25%' }), 'Скидка 25\u00a0% на заказ');
    });
});

describe('offers offerCountdown', () => {
    const rows = [
        // Days, rounded: 3 days less a minute is the "3 days" the server gave.
        [3 * DAY - 60e3, 'ends in 3 days', 'ещё 3 дня'],
        [1 * DAY, 'ends in 1 day', 'ещё 1 день'],
        [2 * DAY, 'ends in 2 days', 'ещё 2 дня'],
        [5 * DAY, 'ends in 5 days', 'ещё 5 дней'],
        [21 * DAY, 'ends in 21 days', 'ещё 21 день'],
        [22 * DAY, 'ends in 22 days', 'ещё 22 дня'],
        [11 * DAY, 'ends in 11 days', 'ещё 11 дней'],
        [DAY + 13 * HOUR, 'ends in 2 days', 'ещё 2 дня'],
        // Under a day: hours, rounded, at least one.
        [23 * HOUR + 40 * 60e3, 'ends in 1 day', 'ещё 1 день'],
        [21 * HOUR, 'ends in 21 hours', 'ещё 21 час'],
        [5 * HOUR, 'ends in 5 hours', 'ещё 5 часов'],
        [4 * HOUR + 29 * 60e3, 'ends in 4 hours', 'ещё 4 часа'],
        [2 * HOUR, 'ends in 2 hours', 'ещё 2 часа'],
        [HOUR, 'ends in 1 hour', 'ещё 1 час'],
        [10 * 60e3, 'ends in 1 hour', 'ещё 1 час'],
    ];
    for (const [left, english, russian] of rows) {
        it(`says "${english}" / "${russian}" with ${left / HOUR} hours left`, () => {
            const offer = listed({ ends: at(NOW + left) });
            assert.equal(plain(offerCountdown(en, offer, NOW)), english);
            assert.equal(plain(offerCountdown(ru, offer, NOW)), russian);
        });
    }
    it('joins the number to its words with no-break spaces', () => {
        assert.equal(offerCountdown(ru, listed(), NOW), 'ещё\u00a03\u00a0дня');
        assert.equal(offerCountdown(en, listed({ ends: at(NOW + 5 * HOUR) }), NOW), 'ends in\u00a05\u00a0hours');
    });
    it('gives the day a scheduled offer starts, as the server wrote it, with the year only when another', () => {
        const soon = listed({ status: 'scheduled', starts: '2026-12-08T00:00:00+03:00' }, 10);
        assert.equal(plain(offerCountdown(en, soon, NOW)), 'starts on December 8');
        assert.equal(plain(offerCountdown(ru, soon, NOW)), 'начнётся 8 декабря');
        const next = listed({ status: 'scheduled', starts: '2027-01-10T00:00:00+03:00' }, 60);
        assert.equal(plain(offerCountdown(ru, next, NOW)), 'начнётся 10 января 2027 г.');
    });
    it('says nothing of an ended offer or one without an end', () => {
        assert.equal(offerCountdown(en, listed({ ends: at(NOW) }), NOW), '');
        assert.equal(offerCountdown(en, listed({ ends: undefined }), NOW), '');
    });
});

describe('offers nextOfferChange', () => {
    it('is null without offers to show', () => {
        assert.equal(nextOfferChange([], NOW), null);
        assert.equal(nextOfferChange([listed({ ends: at(NOW - 1) })], NOW), null);
    });
    it('waits at most an hour while days are counted', () => assert.equal(nextOfferChange([listed()], NOW), HOUR));
    it('wakes when an offer ends or begins', () => {
        assert.equal(nextOfferChange([listed({ ends: at(NOW + 20 * 60e3) })], NOW), 20 * 60e3);
        assert.equal(nextOfferChange([listed({ starts: at(NOW + 5 * 60e3), status: 'scheduled' })], NOW), 5 * 60e3);
    });
    it('wakes when an hours countdown changes its number (at the half hour, as it rounds)', () => {
        // 5 h 10 min left reads "5 hours" until 4 h 30 min are left: 40 minutes from now.
        const offer = listed({ ends: at(NOW + 5 * HOUR + 10 * 60e3) });
        assert.equal(nextOfferChange([offer], NOW), 40 * 60e3);
        assert.equal(plain(offerCountdown(en, offer, NOW + 40 * 60e3 - 1000)), 'ends in 5 hours');
        assert.equal(plain(offerCountdown(en, offer, NOW + 40 * 60e3 + 1000)), 'ends in 4 hours');
    });
});

describe('offers against the core', () => {
    let core;
    before(async () => {
        core = await engine('widget');
    });
    const program = JSON.parse(readFileSync(join(root, 'demo/examples/program.json'), 'utf8'));
    const vera = JSON.parse(readFileSync(join(root, 'demo/examples/customers/vera.json'), 'utf8'));

    it('previews Vera\'s cart with her 25% offer, mapped from its id, exactly as worked out by hand', () => {
        // War and Peace (2 590 ₽) and an A5 notebook (350 ₽): 2 940 ₽ of goods, 25% off = 735 ₽,
        // 2 205 ₽ left + 299 ₽ shipping = 2 504 ₽. Points (5 per 100 ₽ paid, Vera is a Bibliophile
        // x1.25): the book 1 942.50 ₽ -> 97.125, books x1.5 +48.5625, tier +36.421875; the notebook
        // 262.50 ₽ -> 13.125, tier +3.28125; 198.515625, rounded down: 198.
        const set = { lines: [{ sku: 'book-war-and-peace', category: 'books', price: 259000, quantity: 1 }, { sku: 'notebook-a5', category: 'stationery', price: 35000, quantity: 1 }], shipping: 29900, offers: ['sorry-25'] };
        const cart = normalizeCart(set).cart;
        const messages = withOfferTerms(cart, [listed()], 'c-vera', NOW, new Set());
        assert.deepEqual(messages, []);
        const r = core.run('preview', { program, customer: { id: vera.id, events: vera.events }, cart, now: at(NOW) });
        assert.equal(r.ok, true, JSON.stringify(r.errors));
        assert.deepEqual(r.offers_applied, [{ offer_id: 'sorry-25', goods: 73500, shipping: 0 }]);
        assert.equal(r.offer_discount, 73500);
        assert.equal(r.total, 250400);
        assert.equal(r.earn.points, 198);
    });

    it('is refused by the core with the endpoint\'s extra members: the mapping is what makes it work', () => {
        const cart = { lines: [{ sku: 'book-war-and-peace', category: 'books', price: 259000 }], offers: [listed()] };
        const r = core.run('preview', { program, cart, now: at(NOW) });
        assert.equal(r.ok, false);
        assert.ok(r.errors.some((e) => e.path.startsWith('/cart/offers/0')), JSON.stringify(r.errors));
    });

    it('shows a points multiplier as an "offer" line of the explanation', () => {
        const cart = normalizeCart({ lines: [{ sku: 'notebook-a5', category: 'stationery', price: 35000 }], offers: ['x2'] }).cart;
        withOfferTerms(cart, [listed({ id: 'x2', kind: 'points_multiplier', multiplier: '2', percent: undefined })], null, NOW, new Set());
        const r = core.run('preview', { program, cart, now: at(NOW) });
        assert.equal(r.ok, true, JSON.stringify(r.errors));
        const line = r.earn.explanation.find((l) => l.kind === 'offer');
        assert.equal(line.label, 'x2');
        assert.equal(line.factor, '2');
        // 350 ₽ x 5/100 = 17.5, doubled: +17.5 for the offer, 35; and a guest's first purchase
        // bonus, 200: 235.
        assert.equal(line.points, '17.50');
        assert.equal(r.earn.points, 235);
    });
});
