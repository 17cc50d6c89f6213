// metricsFromBytes streams a CSV through the calculator module in chunks. Whatever the source
// type and however the bytes are split, the answer equals metrics({csv}) on the same text, and
// progress is reported as the bytes go in.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { engine, exampleProgram } from './helpers.mjs';

/** A small export with the things real ones have: BOM, `;`, quoted names, decimal commas with
 *  spaces, dd.mm.yyyy dates, CRLF, a refund and a bad row. */
function sampleCsv() {
    const rows = ['\uFEFFКлиент;Номер заказа;Дата;Сумма'];
    for (let i = 0; i < 500; i++) {
        const day = String((i % 28) + 1).padStart(2, '0');
        const month = String((i % 12) + 1).padStart(2, '0');
        rows.push(`"Покупатель ${i % 97}";${10000 + i};${day}.${month}.2025;"1 ${String(i % 1000).padStart(3, '0')},${String(i % 100).padStart(2, '0')}"`);
    }
    rows.push('"Покупатель 1";10001;15.06.2025;-500,00');
    rows.push('"Покупатель 2";99999;31.02.2025;100,00');
    return rows.join('\r\n') + '\r\n';
}

function splitInto(bytes, size) {
    const parts = [];
    for (let i = 0; i < bytes.length; i += size) parts.push(bytes.slice(i, i + size));
    return parts;
}

function streamOf(parts) {
    let i = 0;
    return new ReadableStream({
        pull(controller) {
            if (i < parts.length) controller.enqueue(parts[i++]);
            else controller.close();
        },
    });
}

describe('metricsFromBytes', () => {
    let calculator;
    let text;
    let bytes;
    let options;
    let expected;
    before(async () => {
        calculator = await engine('calculator');
        text = sampleCsv();
        bytes = new TextEncoder().encode(text);
        options = { period: { from: '2025-01-01', to: '2025-12-31' }, currency: 'RUB', program: exampleProgram(), redemption_policy: 'max' };
        expected = calculator.metrics({ ...options, csv: text });
    });

    test('metrics({csv}) on the sample is a full answer', () => {
        assert.equal(expected.ok, true, JSON.stringify(expected).slice(0, 500));
        assert.equal(expected.import.rows, 502);
        assert.equal(expected.import.bad_rows, 1);
        assert.equal(expected.import.refund_rows, 1);
        assert.equal(expected.orders, 500);
        assert.equal(typeof expected.program.points_issued, 'number');
    });

    const sources = {
        'a Uint8Array': (b) => b,
        'an ArrayBuffer': (b) => b.slice().buffer,
        'a DataView': (b) => new DataView(b.slice().buffer),
        'a Blob': (b) => new Blob([b]),
        'a File': (b) => new File([b], 'orders.csv', { type: 'text/csv' }),
        'a ReadableStream of 64 KB chunks': (b) => streamOf(splitInto(b, 65536)),
        'a ReadableStream of 1-byte chunks': (b) => streamOf(splitInto(b, 1)),
        'a ReadableStream of 7-byte chunks (splitting UTF-8 and CRLF)': (b) => streamOf(splitInto(b, 7)),
    };
    for (const [name, make] of Object.entries(sources)) {
        test(`${name} gives the same answer as metrics({csv})`, async () => {
            const r = await calculator.metricsFromBytes(make(bytes), options);
            assert.deepEqual(r, expected);
        });
    }

    test('options may be JSON text', async () => {
        assert.deepEqual(await calculator.metricsFromBytes(bytes, JSON.stringify(options)), expected);
    });

    test('progress rises to the total byte count with the rows read so far', async () => {
        const seen = [];
        const big = new Uint8Array(bytes.length * 600);
        // Repeating the body makes a file of about 11 MB: several 1 MB chunks.
        const body = bytes.subarray(bytes.indexOf(10) + 1);
        big.set(bytes.subarray(0, bytes.indexOf(10) + 1));
        let at = bytes.indexOf(10) + 1;
        while (at + body.length <= big.length) {
            big.set(body, at);
            at += body.length;
        }
        const file = big.subarray(0, at);
        const r = await calculator.metricsFromBytes(file, options, (p) => seen.push(p));
        assert.equal(r.ok, true, JSON.stringify(r).slice(0, 300));
        assert.ok(seen.length >= 10, `only ${seen.length} progress reports`);
        for (let i = 1; i < seen.length; i++) {
            assert.ok(seen[i].bytesRead > seen[i - 1].bytesRead);
            assert.ok(seen[i].rows >= seen[i - 1].rows);
        }
        assert.equal(seen.at(-1).bytesRead, file.length);
        assert.equal(seen.at(-1).totalBytes, file.length);
        assert.equal(r.import.rows, seen.at(-1).rows);
    });

    test('a stream reports progress without a total', async () => {
        const seen = [];
        await calculator.metricsFromBytes(streamOf(splitInto(bytes, 4096)), options, (p) => seen.push(p));
        assert.ok(seen.length > 1);
        assert.equal(seen.at(-1).totalBytes, null);
        assert.equal(seen.at(-1).bytesRead, bytes.length);
    });

    test('several imports at once do not mix their rows', async () => {
        const a = new TextEncoder().encode('customer,order,date,amount\nx,1,2025-01-05,10\n');
        const [r1, r2, r3] = await Promise.all([
            calculator.metricsFromBytes(streamOf(splitInto(bytes, 1000)), options),
            calculator.metricsFromBytes(streamOf(splitInto(a, 3)), { period: options.period }),
            calculator.metricsFromBytes(new Blob([bytes]), options),
        ]);
        assert.deepEqual(r1, expected);
        assert.deepEqual(r3, expected);
        assert.equal(r2.orders, 1);
        assert.equal(r2.revenue, 1000);
    });
});
