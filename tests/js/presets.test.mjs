// The export presets in the wasm calculator module: each file of tests/vectors/presets gives the
// metrics worked out by hand in expected.json (the native unit test reads the same file), streamed
// in chunks that split rows and UTF-8; and the native CLI gives the very same response, so the
// page and `loyalty metrics` agree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { engine, root, vectorsDir } from './helpers.mjs';

const dir = join(vectorsDir, 'presets');
const { cases } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const cli = process.env.LOYALTY_CLI || join(root, 'build/core/cli/loyalty');

function streamOf(bytes, size) {
    let i = 0;
    return new ReadableStream({
        pull(controller) {
            if (i >= bytes.length) return controller.close();
            controller.enqueue(bytes.slice(i, i + size));
            i += size;
        },
    });
}

describe('export presets (wasm)', () => {
    let calculator;
    before(async () => {
        calculator = await engine('calculator');
    });

    for (const c of cases) {
        test(`${c.file}: ${c.preset}, the hand-worked metrics, in 5-byte chunks`, async () => {
            const bytes = readFileSync(join(dir, c.file));
            const r = await calculator.metricsFromBytes(streamOf(new Uint8Array(bytes), 5), { currency: c.currency });
            assert.equal(r.ok, true, JSON.stringify(r).slice(0, 400));
            assert.equal(r.import.preset, c.preset);
            assert.equal(r.import.preset_detected, true);
            assert.equal(r.import.encoding, c.encoding || 'utf-8');
            for (const key of ['orders', 'customers', 'revenue', 'refunds', 'refunded']) assert.equal(r[key], c[key], key);
            assert.equal(r.import.skipped_rows, c.skipped_rows);
            assert.equal(r.import.bad_rows, c.bad_rows);
            assert.deepEqual(Object.fromEntries(r.import.skipped.map((s) => [s.reason, s.rows])), c.skipped);

            if (existsSync(cli)) {
                const native = JSON.parse(execFileSync(cli, ['metrics', '--currency', c.currency, join(dir, c.file)], { encoding: 'utf8' }));
                assert.deepEqual(native, r, 'the native CLI and wasm answer alike');
            }
        });
    }

    test('a file without a date or amount column answers with its header and the missing roles', async () => {
        const r = await calculator.metricsFromBytes(new TextEncoder().encode('Buyer;When;Note\na@x.io;2026-01-05;x\n'), {});
        assert.equal(r.ok, false);
        assert.deepEqual(r.header, ['Buyer', 'When', 'Note']);
        assert.deepEqual(r.missing, ['date', 'amount']);
        assert.equal(r.orders, undefined);
    });

    test('the columns picked for it give the numbers', async () => {
        const r = await calculator.metricsFromBytes(new TextEncoder().encode('Buyer;When;Paid\na@x.io;2026-01-05;12,50\n'), { preset: 'generic', columns: { date: 'When' } });
        assert.equal(r.ok, true, JSON.stringify(r));
        assert.equal(r.revenue, 1250);
    });

    test('the CLI takes --preset: a preset named on a file without its columns names them', { skip: !existsSync(cli) }, () => {
        const file = join(dir, 'insales.csv');
        const run = (preset) => {
            try {
                return JSON.parse(execFileSync(cli, ['metrics', '--preset', preset, file], { encoding: 'utf8' }));
            } catch (e) {
                return JSON.parse(e.stdout); // a failed import exits non-zero with its document
            }
        };
        const shopify = run('shopify');
        assert.equal(shopify.ok, false);
        assert.deepEqual(shopify.missing, ['date', 'amount', 'order']); // its Email column serves Shopify too
        assert.equal(shopify.preset, 'shopify');
        const named = run('insales');
        assert.equal(named.ok, true);
        assert.equal(named.import.preset_detected, false);
        assert.equal(named.revenue, 773506);
        assert.equal(run('bitrix').errors[0].path, '/preset');
    });

    test('an unknown preset is refused by name', async () => {
        const r = await calculator.metricsFromBytes(new TextEncoder().encode('a,b\n'), { preset: 'bitrix' });
        assert.equal(r.ok, false);
        assert.equal(r.errors[0].path, '/preset');
    });
});

describe('the page names the skip reasons in its language', async () => {
    const { describeReason, headerSignature } = await import('../../web/calculator/mapping.js');
    test('Russian and English, the quoted value kept, an unknown reason as it is', () => {
        assert.equal(describeReason('status "отменен"', 'ru'), 'статус «отменен»');
        assert.equal(describeReason('payment "не оплачен"', 'ru'), 'оплата «не оплачен»');
        assert.equal(describeReason('currency EUR', 'en'), 'in EUR');
        assert.equal(describeReason('line item', 'ru'), 'строки товаров заказа');
        assert.equal(describeReason('test order', 'en'), 'test orders');
        assert.equal(describeReason('something new', 'ru'), 'something new');
    });
    test('the remembered mapping is keyed by the header names, case and spaces aside', () => {
        assert.equal(headerSignature([' Buyer', 'WHEN ']), headerSignature(['buyer', 'when']));
        assert.notEqual(headerSignature(['a', 'b']), headerSignature(['b', 'a']));
        assert.notEqual(headerSignature(['a,b']), headerSignature(['a', 'b']));
    });
});
