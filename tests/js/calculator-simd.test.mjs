// The calculator's two builds: with wasm SIMD (the CSV scanner's 64-byte windows, core/src/csv_scan.h)
// and without it. The engine picks one by feature detection; both must read every CSV exactly alike,
// however its bytes are split into chunks (a window never spans two chunks).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { api, engine } from './helpers.mjs';

/** Rows whose special bytes (delimiter, quote, line feed) fall on both sides of 16- and 64-byte
 *  boundaries: 70-byte names, a quoted name holding the delimiter, one with doubled quotes, one
 *  holding a line break (a refund's customer), an empty line and CRLF line ends. Worked out by
 *  hand: 5 orders of 3 customers, revenue 100.50 + 200.00 + 300.25 + 50.00 + 49.25 = 700.00, one
 *  refund of 20.00, and customers A and B ordered twice each. */
function windowCsv(delimiter = ',', base = 0) {
    const d = delimiter;
    const a = 'a'.repeat(70) + '@example.com';
    const b = `"Иванова${d} ${'x'.repeat(60)}"`;
    const c = `"Quote ""${'y'.repeat(50)}"" ltd"`;
    return [
        `customer${d}order${d}date${d}amount`,
        `${a}${d}${base + 1}${d}2025-03-01${d}100.50`,
        `${b}${d}${base + 2}${d}2025-03-02${d}200.00`,
        `${c}${d}${base + 3}${d}2025-03-03${d}300.25`,
        '',
        `${a}${d}${base + 4}${d}2025-03-04${d}50.00`,
        `${b}${d}${base + 5}${d}2025-03-05${d}49.25`,
        `"${'z'.repeat(40)}\nline two"${d}${base + 6}${d}2025-03-06${d}-20.00`,
    ].join('\r\n') + '\r\n';
}

function streamOf(bytes, size) {
    let offset = 0;
    return new ReadableStream({
        pull(controller) {
            if (offset >= bytes.length) return controller.close();
            controller.enqueue(bytes.slice(offset, offset + size));
            offset += size;
        },
    });
}

describe('the calculator with and without wasm SIMD', () => {
    let simd;
    let plain;
    before(async () => {
        [simd, plain] = await Promise.all([engine('calculator', { simd: true }), engine('calculator', { simd: false })]);
    });

    test('node has wasm SIMD, so the default engine runs the SIMD build; simd: false the other', async () => {
        const { wasmSimdSupported } = await api();
        assert.equal(wasmSimdSupported(), true);
        assert.equal((await engine('calculator')).simd, true);
        assert.equal(simd.simd, true);
        assert.equal(plain.simd, false);
        assert.equal((await engine('widget')).simd, false);
    });

    test('options.simd other than true, false or "auto" is refused by name', async () => {
        await assert.rejects(engine('calculator', { simd: 'yes' }), (e) => e.code === 'invalid_options' && /options\.simd/.test(e.message));
    });

    for (const delimiter of [',', ';', '\t']) {
        test(`the hand-worked CSV (delimiter ${JSON.stringify(delimiter)}) gives the same exact numbers in both builds`, () => {
            const csv = windowCsv(delimiter);
            for (const e of [simd, plain]) {
                const r = e.metrics({ csv, currency: 'RUB' });
                assert.equal(r.ok, true, JSON.stringify(r.errors));
                assert.equal(r.import.bad_rows, 0, JSON.stringify(r.import.errors));
                assert.equal(r.orders, 5);
                assert.equal(r.customers, 3);
                assert.equal(r.revenue, 70000);
                assert.equal(r.refunds, 1);
                assert.equal(r.refunded, 2000);
                assert.equal(r.repeat_customers, 2);
            }
        });
    }

    test('split into chunks at every size around the 16- and 64-byte windows, both builds agree with the whole text', async () => {
        // 40 copies of the rows, their order numbers made unique, under one header.
        const copies = Array.from({ length: 40 }, (_, i) => windowCsv(';', 10 * i).split('\r\n').slice(1, -1));
        const many = ['customer;order;date;amount', ...copies.flat()].join('\r\n') + '\r\n';
        const bytes = new TextEncoder().encode(many);
        const expected = JSON.stringify(plain.metrics({ csv: many, currency: 'RUB' }));
        assert.equal(JSON.parse(expected).orders, 200);
        for (const size of [1, 7, 15, 16, 17, 63, 64, 65, 127, 129, 4096]) {
            for (const e of [simd, plain]) {
                const r = await e.metricsFromBytes(streamOf(bytes, size), { currency: 'RUB' });
                assert.equal(JSON.stringify(r), expected, `chunks of ${size} bytes, simd ${e.simd}`);
            }
        }
    });

    test('an aborted signal stops the import before its next chunk with cancelled: true', async () => {
        const bytes = new TextEncoder().encode(windowCsv(','));
        const abort = new AbortController();
        let chunks = 0;
        const r = await simd.metricsFromBytes(streamOf(bytes, 64), { currency: 'RUB' }, () => {
            if (++chunks === 2) abort.abort();
        }, { signal: abort.signal });
        assert.equal(r.ok, false);
        assert.equal(r.cancelled, true);
        assert.equal(chunks, 2);
        assert.match(r.errors[0].message, /cancelled/);
        // A signal aborted before the call reads nothing; a wrong one is refused by name.
        const before = await simd.metricsFromBytes(bytes, {}, undefined, { signal: AbortSignal.abort() });
        assert.equal(before.cancelled, true);
        const wrong = await simd.metricsFromBytes(bytes, {}, undefined, { signal: 5 });
        assert.equal(wrong.ok, false);
        assert.match(wrong.errors[0].message, /control\.signal/);
        // The engine is usable after a cancelled import.
        assert.equal((await simd.metricsFromBytes(bytes, { currency: 'RUB' })).orders, 5);
    });
});
