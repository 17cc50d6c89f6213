// Paying with points in the cart (issue 9, section 2): which amounts the widget's control offers
// for a preview's `redeem` (pointsChoices) and how a chosen number is kept to them (choosePoints),
// without a browser; then, against the WebAssembly core, that the largest amount offered is
// bookable and one step more is not, with the totals worked out by hand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { choosePoints, pointsChoices } from '../../web/src/widget/cart.js';
import { engine, exampleProgram } from './helpers.mjs';

describe('cart pointsChoices', () => {
    const rows = [
        // The demo program (min_points 100, step 10) on a 2 940 ₽ cart: 30% is 882 ₽, so 880 points.
        [{ max_points: 880, min_points: 100, step: 10 }, { min: 100, max: 880, step: 10 }],
        [{ max_points: 100, min_points: 100, step: 10 }, { min: 100, max: 100, step: 10 }],
        // min_points off the step: the smallest bookable amount is the next multiple, 100.
        [{ max_points: 300, min_points: 95, step: 50 }, { min: 100, max: 300, step: 50 }],
        // No minimum: one step.
        [{ max_points: 7, min_points: 0, step: 1 }, { min: 1, max: 7, step: 1 }],
        [{ max_points: 40, min_points: 0, step: 20 }, { min: 20, max: 40, step: 20 }],
        // A program without a step redeems whole points.
        [{ max_points: 5, min_points: 1 }, { min: 1, max: 5, step: 1 }],
        // A max_points off the step is never offered as it is (the core does not send one).
        [{ max_points: 885, min_points: 100, step: 10 }, { min: 100, max: 880, step: 10 }],
        // Nothing bookable: no control.
        [{ max_points: 0, min_points: 100, step: 10 }, null],
        [{ max_points: 90, min_points: 100, step: 10 }, null],
        [{ max_points: 30, min_points: 0, step: 50 }, null],
        [undefined, null],
    ];
    for (const [redeem, want] of rows) {
        it(`offers ${want ? `${want.min}..${want.max} by ${want.step}` : 'nothing'} for ${JSON.stringify(redeem)}`, () => {
            assert.deepEqual(pointsChoices(redeem), want);
        });
    }

    it('offers only bookable amounts, the largest being max_points, over many programs and carts', () => {
        let offered = 0;
        for (let step = 1; step <= 12; step++) {
            for (let minPoints = 0; minPoints <= 40; minPoints++) {
                for (let cap = 0; cap <= 120; cap++) {
                    // max_points as the core gives it: the cap down to the step, 0 under min_points.
                    const rounded = cap - (cap % step);
                    const maxPoints = rounded >= minPoints ? rounded : 0;
                    const c = pointsChoices({ max_points: maxPoints, min_points: minPoints, step });
                    const label = JSON.stringify({ maxPoints, minPoints, step });
                    const bookable = (n) => n > 0 && n <= maxPoints && n % step === 0 && n >= minPoints;
                    const any = Array.from({ length: maxPoints }, (_, i) => i + 1).some(bookable);
                    assert.equal(c !== null, any, label);
                    if (!c) continue;
                    offered++;
                    assert.equal(c.max, maxPoints, label);
                    for (let n = c.min; n <= c.max; n += c.step) assert.ok(bookable(n), `${label}: ${n}`);
                    // min is the smallest bookable amount.
                    for (let n = 1; n < c.min; n++) assert.ok(!bookable(n), `${label}: ${n} is bookable below ${c.min}`);
                }
            }
        }
        assert.ok(offered > 1000, String(offered));
    });
});

describe('cart choosePoints', () => {
    const choices = { min: 100, max: 880, step: 10 };
    const rows = [
        [NaN, 880],
        [undefined, 880],
        [500, 500],
        [505, 500],
        [879, 870],
        [880, 880],
        [2000, 880],
        [40, 100],
        [0, 100],
    ];
    for (const [n, want] of rows) {
        it(`keeps ${n} as ${want} within 100..880 by 10`, () => assert.equal(choosePoints(n, choices), want));
    }
});

describe('cart points against the core', () => {
    const NOW = '2026-11-20T12:00:00+03:00';
    /** A shopper holding `balance` points: a manual adjustment a month before NOW. */
    const holding = (balance) => ({
        id: 'c-test',
        events: [{ type: 'adjustment', id: 'start', points: balance, reason: 'test', at: '2026-10-20T12:00:00+03:00' }],
    });
    // War and Peace and an A5 notebook: 2 590 ₽ + 350 ₽ = 2 940 ₽, shipping 299 ₽.
    const cart = {
        lines: [
            { sku: 'book-war-and-peace', category: 'books', price: 259000, quantity: 1 },
            { sku: 'notebook-a5', category: 'stationery', price: 35000, quantity: 1 },
        ],
        shipping: 29900,
    };
    let widget;
    let program;
    before(async () => {
        widget = await engine('widget');
        program = exampleProgram();
    });
    const preview = (balance, points) =>
        widget.preview({ program, customer: holding(balance), cart: points === undefined ? cart : { ...cart, points_redeemed: points }, now: NOW });

    it('offers 100..880 points to a rich shopper, 880 books and 890 is refused', () => {
        const p = preview(5000);
        assert.equal(p.ok, true, JSON.stringify(p));
        // 30% of 2 940 ₽ is 882 ₽: 882 points at 1 ₽ each, 880 on the step of 10.
        assert.deepEqual(pointsChoices(p.redeem), { min: 100, max: 880, step: 10 });
        const max = preview(5000, 880);
        assert.equal(max.ok, true, JSON.stringify(max));
        // 2 940 ₽ - 880 ₽ + 299 ₽ shipping = 2 359 ₽.
        assert.equal(max.total, 235900);
        assert.equal(max.total, p.total - 880 * p.redeem.point_value);
        assert.equal(max.balance_after, 5000 - 880 + max.earn.points);
        const least = preview(5000, 100);
        assert.equal(least.ok, true, JSON.stringify(least));
        assert.equal(least.total, 294000 - 10000 + 29900);
        const over = preview(5000, 890);
        assert.equal(over.ok, false);
        assert.equal(over.errors[0].path, '/cart/points_redeemed');
    });

    it('offers no more than the balance, on the step: 355 points give 100..350', () => {
        const p = preview(355);
        assert.deepEqual(pointsChoices(p.redeem), { min: 100, max: 350, step: 10 });
        assert.equal(preview(355, 350).total, 294000 - 35000 + 29900);
    });

    it('offers nothing under min_points: 95 points', () => {
        const p = preview(95);
        assert.equal(p.ok, true, JSON.stringify(p));
        assert.equal(p.redeem.max_points, 0);
        assert.equal(pointsChoices(p.redeem), null);
    });
});
