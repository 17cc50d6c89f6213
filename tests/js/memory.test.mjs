// Memory stays flat: a hundred thousand calls through the JS API, good and bad, must not grow the
// wasm heap (it never shrinks, so a leak of even a few bytes a call shows as growth), and the
// streaming CSV session is always deleted.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { engine, exampleProgram } from './helpers.mjs';

describe('memory over many calls', () => {
    let widget;
    let calculator;
    let program;
    before(async () => {
        [widget, calculator] = await Promise.all([engine('widget'), engine('calculator')]);
        program = exampleProgram();
    });

    test('100,000 calls of every widget operation, ok and failing, leave the heap as it was', () => {
        // A small program keeps 100,000 calls quick; the example shop's is used below.
        const program = {
            id: 'mini',
            currency: 'RUB',
            earn: { points: 1, per_amount: 100, categories: { books: { multiplier: '1.5' } } },
            expiry: { days: 365 },
            tiers: { levels: [{ id: 'base', name: 'Base', threshold: 0 }, { id: 'gold', name: 'Gold', threshold: 500000, multiplier: '2' }] },
            redemption: { point_value: 100, max_share: '30%' },
            rewards: [{ id: 'r1', name: 'Discount', kind: 'fixed_discount', cost: 100, value: 10000 }],
            surveys: [{ id: 'nps', kind: 'nps' }],
        };
        const customer = {
            id: 'c1',
            events: [
                { type: 'purchase', at: '2026-01-10T12:00:00+03:00', order_id: 'o1', lines: [{ sku: 'b1', category: 'books', price: 150000, quantity: 2 }] },
                { type: 'redemption', at: '2026-02-01T12:00:00+03:00', points: 10 },
            ],
        };
        const requests = [
            () => widget.validate(program),
            () => widget.status({ program, customer, now: '2026-06-01T12:00:00+03:00' }),
            () => widget.preview({ program, customer, cart: { lines: [{ sku: 'b2', category: 'books', price: 99000 }] }, now: '2026-06-01T12:00:00+03:00' }),
            () => widget.surveyEligibility({ program, survey_id: 'nps', visitor: { id: 'v1', visits: 3 }, now: '2026-06-01T12:00:00+03:00' }),
            () => widget.status({ program, customer: { events: [{ type: 'nonsense' }] }, now: 'yesterday' }),
            () => widget.validate('{"broken'),
            () => widget.status(undefined),
        ];
        // Warm up: let the allocator reach its working size first.
        for (let i = 0; i < 2_000; i++) requests[i % requests.length]();
        const before = widget.memoryBytes;
        const checks = requests.map((r) => JSON.stringify(r()));
        for (let i = 0; i < 100_000; i++) requests[i % requests.length]();
        assert.equal(widget.memoryBytes, before, `heap grew from ${before} to ${widget.memoryBytes} bytes`);
        // And the answers did not drift.
        assert.deepEqual(requests.map((r) => JSON.stringify(r())), checks);
        for (const c of checks.slice(0, 4)) assert.equal(JSON.parse(c).ok, true, c.slice(0, 300));
    });

    test('a thousand status calls with the example shop\'s program leave the heap as it was', () => {
        const request = JSON.stringify({ program, customer: { id: 'c', events: [] }, now: '2026-06-01T12:00:00+03:00' });
        for (let i = 0; i < 50; i++) widget.status(request);
        const before = widget.memoryBytes;
        for (let i = 0; i < 1_000; i++) widget.status(request);
        assert.equal(widget.memoryBytes, before);
    });

    test('a thousand streamed CSV imports leave the heap as it was', async () => {
        const lines = ['customer;order;date;amount'];
        for (let i = 0; i < 2_000; i++) lines.push(`c${i % 300};o${i};${String((i % 28) + 1).padStart(2, '0')}.03.2025;${1000 + i},50`);
        const bytes = new TextEncoder().encode(lines.join('\r\n'));
        const options = { period: { from: '2025-03-01', to: '2025-03-31' } };
        for (let i = 0; i < 20; i++) await calculator.metricsFromBytes(bytes, options);
        const before = calculator.memoryBytes;
        const first = await calculator.metricsFromBytes(bytes, options);
        assert.equal(first.ok, true, JSON.stringify(first).slice(0, 300));
        assert.equal(first.orders, 2_000);
        for (let i = 0; i < 1_000; i++) await calculator.metricsFromBytes(bytes, options);
        assert.equal(calculator.memoryBytes, before, `heap grew from ${before} to ${calculator.memoryBytes} bytes`);
    });
});
