// The calculator's pure models (web/calculator/*-model.js, exact.js): the retention worth, the
// program comparison and the sensitivity sweep, with numbers worked out by hand in the comments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparePrograms } from '../../web/calculator/compare-model.js';
import { daysInclusive, divRound, hundredths, parseMoney, rate4 } from '../../web/calculator/exact.js';
import { retentionValue } from '../../web/calculator/retention-model.js';
import { defaultRange, paramOf, sweepValues, withParam } from '../../web/calculator/sweep-model.js';

test('exact helpers: half away from zero, hundredths, money and days', () => {
    assert.equal(divRound(5n, 2n), 3n); // 2.5 -> 3
    assert.equal(divRound(-5n, 2n), -3n); // -2.5 -> -3
    assert.equal(divRound(7n, -2n), -4n); // -3.5 -> -4
    assert.equal(divRound(14n, 3n), 5n); // 4.67 -> 5
    assert.equal(divRound(13n, 3n), 4n); // 4.33 -> 4
    assert.equal(hundredths('5'), 500n);
    assert.equal(hundredths(' 2,25 '), 225n);
    assert.equal(hundredths('12.5'), 1250n);
    for (const bad of ['', 'abc', '-5', '1.234', '1e3', '5%', null]) assert.equal(hundredths(bad), null, String(bad));
    assert.equal(rate4(0.2479), 2479n);
    assert.equal(rate4(null), null);
    assert.equal(parseMoney('1 234,5', 2), 123450);
    assert.equal(parseMoney('0,5', 2), 50);
    assert.equal(parseMoney('7', 0), 7);
    assert.equal(parseMoney('0,005', 2), null);
    assert.equal(parseMoney('-1', 2), null);
    assert.equal(daysInclusive('2025-01-01', '2025-12-31'), 365);
    assert.equal(daysInclusive('2024-01-01', '2024-12-31'), 366);
    assert.equal(daysInclusive('2025-01-01', '2025-06-30'), 181);
    assert.equal(daysInclusive('2026-03-10', '2026-03-10'), 1);
});

const metrics = (over = {}) => ({
    currency: 'RUB',
    period: { from: '2025-01-01', to: '2025-12-31' },
    active_at_start: 1240,
    retention_rate: 0.7,
    churn_rate: 0.3,
    average_order_value: 129913, // 1 299,13 ₽
    purchase_frequency: 1.6,
    program: { reward_cost: 2000000 }, // 20 000 ₽
    ...over,
});

test('retention worth over a year: the worksheet of docs/calculator.md', () => {
    const v = retentionValue(metrics(), { margin: '30', rise: '5' });
    assert.equal(v.ok, true);
    assert.equal(v.days, 365);
    assert.equal(v.kept, 62); // 1240 x 5% = 62
    assert.equal(v.per_customer_year, 207861); // 129913 x 1.6 x 365 / 365 = 207860.8 -> 207861
    assert.equal(v.extra_revenue, 12887382); // 62 x 207861
    assert.equal(v.extra_profit, 3866215); // 12887382 x 30% = 3866214.6 -> 3866215
    assert.equal(v.cost_year, 2000000); // 2000000 x 365 / 365
    assert.equal(v.net, 1866215); // 3866215 - 2000000
    // 2000000 / (1240 x 207861 x 30%) = 2e14 / 773242920000 bp = 258.65 bp -> 2.59 points
    assert.equal(v.break_even, 0.0259);
    assert.equal(v.break_even_reachable, true);
    assert.equal(v.retention_after, 0.75);
    assert.equal(v.churn_after, 0.25);
});

test('retention worth over half a year with decimals typed with commas', () => {
    const v = retentionValue(metrics({
        period: { from: '2025-01-01', to: '2025-06-30' }, // 181 days
        active_at_start: 2593, average_order_value: 789081, purchase_frequency: 2.1573,
        retention_rate: 0.7409, churn_rate: 0.2591, program: { reward_cost: 1489039 },
    }), { margin: '27,5', rise: '2,25' });
    assert.equal(v.ok, true);
    assert.equal(v.days, 181);
    assert.equal(v.kept, 58.3425); // 2593 x 2.25%
    // 789081 x 2.1573 x 365 / 181 = 3432783.54 -> 3432784
    assert.equal(v.per_customer_year, 3432784);
    // 58.3425 x 3432784 = 200277200.52 -> 200277201
    assert.equal(v.extra_revenue, 200277201);
    // 200277201 x 27.5% = 55076230.275 -> 55076230
    assert.equal(v.extra_profit, 55076230);
    // 1489039 x 365 / 181 = 3002758.20 -> 3002758
    assert.equal(v.cost_year, 3002758);
    assert.equal(v.net, 52073472);
    // 3002758e8 / (2593 x 3432784 x 2750) = 12.27 bp -> 12 bp = 0.12 points
    assert.equal(v.break_even, 0.0012);
    assert.equal(v.retention_after, 0.7634);
    assert.equal(v.churn_after, 0.2366);
});

test('retention worth without a program has no cost, net or break-even', () => {
    const v = retentionValue(metrics({ program: undefined }), { margin: '30', rise: '5' });
    assert.equal(v.ok, true);
    assert.equal(v.extra_profit, 3866215);
    assert.equal(v.cost_year, null);
    assert.equal(v.net, null);
    assert.equal(v.break_even, null);
});

test('a break-even rise that would take retention past 100% is out of reach', () => {
    // cost 20 000 000 ₽: 2e9 x 1e8 / (1240 x 207861 x 3000) = 258651 bp, far above 100% - 70%
    const v = retentionValue(metrics({ program: { reward_cost: 2000000000 } }), { margin: '30', rise: '5' });
    assert.equal(v.break_even_reachable, false);
    assert.ok(v.net < 0);
});

const fields = (r) => r.errors.map((e) => `${e.field}:${e.code}`);
const bad = [
    [{ margin: 'abc', rise: '5' }, metrics(), ['margin:percent_0_100']],
    [{ margin: '', rise: '5' }, metrics(), ['margin:percent_0_100']],
    [{ margin: '100.01', rise: '5' }, metrics(), ['margin:percent_0_100']],
    [{ margin: '-5', rise: '5' }, metrics(), ['margin:percent_0_100']],
    [{ margin: '30', rise: '0' }, metrics(), ['rise:rise_range']],
    [{ margin: '30', rise: '5.125' }, metrics(), ['rise:rise_range']],
    [{ margin: 'x', rise: 'y' }, metrics(), ['margin:percent_0_100', 'rise:rise_range']],
    [{ margin: '30', rise: '30.01' }, metrics(), ['rise:over_100']], // 70% + 30.01 > 100%
    [{ margin: '30', rise: '5' }, metrics({ retention_rate: null, churn_rate: null }), [':no_retention'], 'without retention'],
    [{ margin: '30', rise: '5' }, metrics({ active_at_start: 0 }), [':no_retention'], 'with no one active at the start'],
    [{ margin: '30', rise: '5' }, metrics({ average_order_value: null }), [':no_retention'], 'without orders'],
];
for (const [input, m, expected, why = ''] of bad) {
    test(`retention worth refuses ${JSON.stringify(input)}${why ? ' ' + why : ''} naming ${expected.join(', ')}`, () => {
        const r = retentionValue(m, input);
        assert.equal(r.ok, false);
        assert.deepEqual(fields(r), expected);
    });
}
test('retention worth accepts the edges: margin 0 and 100, a rise to exactly 100%', () => {
    assert.equal(retentionValue(metrics(), { margin: '0', rise: '5' }).extra_profit, 0);
    assert.equal(retentionValue(metrics(), { margin: '100', rise: '5' }).extra_profit, 12887382);
    const top = retentionValue(metrics(), { margin: '30', rise: '30' });
    assert.equal(top.retention_after, 1);
    assert.equal(top.churn_after, 0);
});

test('two programs compared: exact differences, relative to A, and the cheaper one', () => {
    const a = { reward_cost: 2978077, liability: 2756589, points_expired: 748792, points_issued: 4951163, points_redeemed: 2978077, points_outstanding: 2756589, reward_cost_share: 0.0331 };
    const b = { reward_cost: 5165623, liability: 5951436, points_expired: 1506619, points_issued: 9599206, points_redeemed: 5165623, points_outstanding: 5951436, reward_cost_share: 0.0574 };
    const c = comparePrograms(a, b);
    const row = (k) => c.rows.find((r) => r.key === k);
    assert.equal(row('reward_cost').diff, 2187546); // 5165623 - 2978077
    assert.equal(row('liability').diff, 3194847); // 5951436 - 2756589
    assert.equal(row('points_expired').diff, 757827);
    assert.equal(row('reward_cost_share').diff, 0.0243); // 574 - 331 ten-thousandths, no float residue
    assert.equal(Math.round(row('reward_cost').relative * 10000), 7345); // 2187546 / 2978077 = 73.45%
    assert.equal(c.cheaper, 'a');
    assert.equal(c.saving, 2187546);
    assert.equal(Math.round(c.saving_share * 1000), 423); // 2187546 / 5165623 = 42.3% less than B
    const swapped = comparePrograms(b, a);
    assert.equal(swapped.cheaper, 'b');
    assert.equal(swapped.rows[0].diff, -2187546);
});

test('two programs compared: equal costs, a zero A and a null share', () => {
    const zero = { reward_cost: 0, liability: 0, points_expired: 0, points_issued: 0, points_redeemed: 0, points_outstanding: 0, reward_cost_share: null };
    const c = comparePrograms(zero, { ...zero, liability: 500, reward_cost_share: 0.01 });
    assert.equal(c.cheaper, null);
    assert.equal(c.saving, 0);
    assert.equal(c.saving_share, null);
    assert.equal(c.rows.find((r) => r.key === 'liability').relative, null); // 500 / 0
    assert.equal(c.rows.find((r) => r.key === 'reward_cost_share').diff, null);
});

test('sweep values: evenly spaced whole numbers, half up, without repeats', () => {
    // 3 + 7i/6: 3, 4.17, 5.33, 6.5, 7.67, 8.83, 10 -> 3 4 5 7 8 9 10 (6.5 rounds up)
    assert.deepEqual(sweepValues('earn_points', 3, 10, 7).values, [3, 4, 5, 7, 8, 9, 10]);
    assert.deepEqual(sweepValues('expiry_days', 90, 730, 5).values, [90, 250, 410, 570, 730]);
    // 1 + 2i/6 rounds to 1 1 2 2 2 3 3: three distinct points
    assert.deepEqual(sweepValues('point_value', 1, 3, 7).values, [1, 2, 3]);
    assert.deepEqual(sweepValues('expiry_days', 0, 10, 2).values, [0, 10]);
});

const badSweeps = [
    [['earn_points', 0, 10, 7], ['from:whole_from_1']],
    [['expiry_days', -1, 10, 7], ['from:whole_from_0']],
    [['earn_points', 1.5, 10, 7], ['from:whole_from_1']],
    [['earn_points', NaN, NaN, 7], ['from:whole_from_1', 'to:whole_from_1']],
    [['earn_points', 5, 5, 7], ['to:to_after_from']],
    [['earn_points', 9, 5, 7], ['to:to_after_from']],
    [['earn_points', 1, 5, 1], ['steps:steps_range']],
    [['earn_points', 1, 5, 16], ['steps:steps_range']],
    [['earn_points', 1, 5, 2.5], ['steps:steps_range']],
    [['tier_count', 1, 5, 7], ['param:unknown_param']],
];
for (const [args, expected] of badSweeps) {
    test(`a sweep ${JSON.stringify(args)} is refused naming ${expected.join(', ')}`, () => {
        const r = sweepValues(...args);
        assert.equal(r.ok, false);
        assert.deepEqual(fields(r), expected);
    });
}

test('sweep programs: one parameter replaced, the rest kept; default ranges', () => {
    const a = { id: 'p', earn: { points: 5, per_amount: 10000 }, redemption: { point_value: 100, max_share: '30%' } };
    const b = withParam(a, 'expiry_days', 180);
    assert.deepEqual(b.expiry, { days: 180, warning_days: 30 });
    assert.equal(a.expiry, undefined); // A untouched
    assert.deepEqual(withParam(a, 'point_value', 50).redemption, { point_value: 50, max_share: '30%' });
    assert.equal(withParam(a, 'earn_points', 8).earn.per_amount, 10000);
    assert.equal(paramOf(a, 'expiry_days'), 0);
    assert.deepEqual(defaultRange(a, 'earn_points'), { from: 3, to: 10 }); // 5/2 = 2.5 -> 3, 5 x 2
    assert.deepEqual(defaultRange(a, 'point_value'), { from: 50, to: 200 });
    assert.deepEqual(defaultRange(a, 'expiry_days'), { from: 90, to: 730 });
    assert.deepEqual(defaultRange(b, 'expiry_days'), { from: 90, to: 360 });
});
