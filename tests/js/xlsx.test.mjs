// .xlsx exports: the sheet-to-CSV step the page runs in its xlsx worker (rowsToCsv over what
// read-excel-file reads), and the WooCommerce export saved as a workbook (numbers as numbers, the
// order date a date-time cell) giving the same hand-worked metrics as its CSV.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { readSheet } from 'read-excel-file/universal';

import { isXlsx, rowsToCsv } from '../../web/calculator/xlsx-csv.js';
import { engine, vectorsDir } from './helpers.mjs';

describe('rowsToCsv', () => {
    test('quotes every field, doubles quotes, flattens line breaks, writes dates as days', () => {
        const rows = [
            ['Клиент', 'Дата', 'Сумма', 'Note'],
            ['a@x.io', new Date(Date.UTC(2026, 0, 5)), 1234.5, 'say "hi"\r\nthen go'],
            ['b@x.io', new Date(Date.UTC(2026, 0, 6, 14, 30, 0) - 1), 12, null],
            [undefined, new Date(NaN), true, ''],
        ];
        assert.equal(rowsToCsv(rows),
            '"Клиент","Дата","Сумма","Note"\n' +
            '"a@x.io","2026-01-05","1234.5","say ""hi"" then go"\n' +
            '"b@x.io","2026-01-06 14:30:00","12",""\n' +
            '"","","true",""\n');
        assert.equal(rowsToCsv([]), '');
    });

    test('isXlsx goes by the name or the type', () => {
        assert.equal(isXlsx({ name: 'orders.XLSX', type: '' }), true);
        assert.equal(isXlsx({ name: 'orders', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), true);
        assert.equal(isXlsx({ name: 'orders.csv', type: 'text/csv' }), false);
        assert.equal(isXlsx({ name: 'orders.xls', type: '' }), false);
        assert.equal(isXlsx(new Uint8Array(1)), false);
    });
});

describe('an .xlsx export', () => {
    let calculator;
    before(async () => {
        calculator = await engine('calculator');
    });

    test('the WooCommerce workbook gives the metrics of its CSV, worked out by hand', async () => {
        const dir = join(vectorsDir, 'presets');
        const c = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).cases.find((x) => x.file === 'woocommerce.csv');
        const file = readFileSync(join(dir, 'woocommerce.xlsx'));
        const csv = rowsToCsv(await readSheet(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength)));
        const r = calculator.metrics({ csv, currency: c.currency });
        assert.equal(r.ok, true, JSON.stringify(r).slice(0, 300));
        assert.equal(r.import.preset, 'woocommerce');
        for (const key of ['orders', 'customers', 'revenue', 'refunds', 'refunded']) assert.equal(r[key], c[key], key);
        assert.equal(r.import.skipped_rows, c.skipped_rows);
        assert.equal(r.import.bad_rows, 0);
    });
});
