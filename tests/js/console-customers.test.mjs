// The console's customer page (demo/server/assets/console-customers.js): a history entry's
// explanation lines in words. The file runs here as in the page, on a stand-in for console.js's
// helpers; texts are the keys themselves with their arguments, so the expectations show what is
// looked up and with what.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const source = readFileSync(new URL('../../demo/server/assets/console-customers.js', import.meta.url), 'utf8');
const registered = {};
let program = {};
// display.translations of the stand-in programme, as console.js's tr() reads them.
const translations = { rules: { weekend: 'Выходные ×2' } };
vm.runInNewContext(source, {
    window: {
        LoyaltyConsole: {
            t: (key, ...args) => (args.length ? `${key}(${args.join(', ')})` : key),
            register: (name, s) => { registered[name] = s; },
            program: () => program,
            tr: (group, id, fallback) => (translations[group] && translations[group][id]) || fallback,
            money: (m) => `${m / 100} RUB`, dec: String, tierName: (id) => id, rewardName: (id) => id,
        },
    },
});
const { lineText } = registered.customer.text;

test('a base or per_unit line names the earning rule behind it: translated, else its name, else its id', () => {
    program = { earn: { rules: [{ id: 'weekend', name: 'Weekend x2' }, { id: 'per-copy', name: '10 per copy' }, { id: 'plain' }] } };
    const line = (kind, rule) => ({ kind, label: 'book-x', category: 'books', amount: 150000, points: '30', rule });
    assert.equal(lineText(line('base', 'weekend')), 'book-x (books) · 1500 RUB · Выходные ×2');
    assert.equal(lineText(line('per_unit', 'per-copy')), 'book-x (books) · 1500 RUB · 10 per copy');
    assert.equal(lineText(line('base', 'plain')), 'book-x (books) · 1500 RUB · plain');
    // A rule the programme no longer has still shows its id; a line without a rule adds nothing.
    assert.equal(lineText(line('base', 'gone')), 'book-x (books) · 1500 RUB · gone');
    assert.equal(lineText(line('base')), 'book-x (books) · 1500 RUB');
});

test('a lot taken by expiry.inactive_days says so, apart from a lot that reached its own expiry', () => {
    assert.equal(lineText({ kind: 'inactivity', label: 'A-1001', points: '-100' }), 'why.inactivity(A-1001)');
    assert.equal(lineText({ kind: 'expiry', label: 'A-1001', points: '-100' }), 'why.expiry(A-1001)');
});
