// The console's Programme section (demo/server/assets/console-programme.js): where a JSON Pointer
// the core names is in the operator's JSON text, where bad JSON goes wrong (line and column), and a
// pointer in words. The file runs here as in the page, on a stand-in for console.js's helpers that
// only records what it registers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const source = readFileSync(new URL('../../demo/server/assets/console-programme.js', import.meta.url), 'utf8');
let lang = 'en';
const registered = {};
const texts = {};
const t = (key, ...args) => {
    const v = texts[lang][key];
    return typeof v === 'function' ? v(...args) : v;
};
vm.runInNewContext(source, {
    window: {
        LoyaltyConsole: {
            t, lang: () => lang, register: (name, s) => { registered[name] = s; Object.assign(texts, s.texts); },
            // Stand-ins for console.js's formatting, plain enough to read in the expectations.
            money: (m) => `${m / 100} RUB`, pts: (n) => `${n} pts`, dec: String, when: (iso, withTime) => `${iso.slice(0, withTime ? 16 : 10)}`,
        },
    },
});
const { jsonMap, place, lineCol, pointerWords, ruleWords } = registered.programme.text;

/** What a pointer's place selects in `text`. */
const at = (text, pointer) => {
    const p = place(text, pointer);
    return p && { text: text.slice(p.start, p.end), exact: p.exact };
};

test('a pointer selects its member, name and value, in any layout', () => {
    const text = '{\n  "earn": {"points": 5, "rounding": "sideways"},\n  "tiers": {"levels": [\n    {"id": "a", "threshold": 0},\n    {"id": "b", "threshold": 0}\n  ]}\n}';
    assert.deepEqual(at(text, '/earn/rounding'), { text: '"rounding": "sideways"', exact: true });
    // The second "threshold": 0, not the first.
    const second = place(text, '/tiers/levels/1/threshold');
    assert.equal(second.start, text.lastIndexOf('"threshold"'));
    assert.deepEqual({ ...lineCol(text, second.start) }, { line: 5, col: 17 });
    // An array item has no name: its value.
    assert.deepEqual(at(text, '/tiers/levels/0'), { text: '{"id": "a", "threshold": 0}', exact: true });
    assert.deepEqual(at(text, ''), { text, exact: true });
    // Whitespace and a newline between the name and the value are kept in the selection.
    assert.deepEqual(at('{"a" :\n  [1, 2]}', '/a'), { text: '"a" :\n  [1, 2]', exact: true });
    assert.deepEqual(at('{"a" :\n  [1, 2]}', '/a/1'), { text: '2', exact: true });
});

test('escaped names: ~0 and ~1 in the pointer, escapes in the text', () => {
    const text = '{"a/b": 1, "m~n": 2, "q\\"x": 3, "\\u0041": 4}';
    assert.deepEqual(at(text, '/a~1b'), { text: '"a/b": 1', exact: true });
    assert.deepEqual(at(text, '/m~0n'), { text: '"m~n": 2', exact: true });
    assert.deepEqual(at(text, '/q"x'), { text: '"q\\"x": 3', exact: true });
    assert.deepEqual(at(text, '/A'), { text: '"\\u0041": 4', exact: true });
});

test('a member that is not in the text: its nearest parent\'s opening bracket', () => {
    const text = '{"tiers": {"levels": [{"id": "a"}]}}';
    assert.deepEqual(at(text, '/tiers/levels/0/threshold'), { text: '{', exact: false });
    assert.equal(place(text, '/tiers/levels/0/threshold').start, text.indexOf('{"id"'));
    assert.equal(place(text, '/nothing/here').start, 0);
    // A duplicate name: the last one, as JSON.parse keeps it.
    assert.deepEqual(at('{"a": 1, "a": 2}', '/a'), { text: '"a": 2', exact: true });
});

test('bad JSON: where and what, in characters', () => {
    const where = (text) => {
        try {
            jsonMap(text);
        } catch (e) {
            return { ...lineCol(text, e.pos), what: e.arg === undefined ? t(e.what) : t(e.what, e.arg) };
        }
        return null;
    };
    assert.deepEqual(where('{\n  "id": "x"\n  "name": "y"\n}'), { line: 3, col: 3, what: 'expected “,” / “}”' });
    assert.deepEqual(where('{"a": [1, 2,]}'), { line: 1, col: 13, what: 'unexpected “]”' });
    assert.deepEqual(where('{"a": 1,}'), { line: 1, col: 9, what: 'expected a key in double quotes' });
    assert.deepEqual(where('{"a": 01}'), { line: 1, col: 8, what: 'expected “,” / “}”' });
    assert.deepEqual(where('{"a": tru}'), { line: 1, col: 7, what: 'unexpected “t”' });
    assert.deepEqual(where('{"a": "x\ny"}'), { line: 1, col: 9, what: 'a control character inside a string (write \\n, \\t)' });
    assert.deepEqual(where('{"a": "\\q"}'), { line: 1, col: 7, what: 'a bad escape in a string' });
    assert.deepEqual(where('{"a": 1'), { line: 1, col: 8, what: 'the text ends too soon' });
    assert.deepEqual(where('{"a": "x'), { line: 1, col: 9, what: 'the text ends too soon' });
    assert.deepEqual(where('{} {}'), { line: 1, col: 4, what: 'more text after the programme' });
    assert.deepEqual(where(''), { line: 1, col: 1, what: 'the text ends too soon' });
    assert.deepEqual(where('{"a" 1}'), { line: 1, col: 6, what: 'expected “:”' });
    // Deep nesting is refused, not a stack overflow.
    assert.equal(where('['.repeat(5000)).what, 'nested too deep');
    // Whatever JSON.parse takes, the map takes, and the other way round.
    for (const ok of ['{}', '[]', ' {"a": [true, false, null, -0.5e+3, "\\n"]} ', '"x"', '-1']) {
        assert.doesNotThrow(() => JSON.parse(ok));
        assert.equal(where(ok), null, ok);
    }
    for (const bad of ['{"a": +1}', '{"a": .5}', '{"a": 1.}', "{'a': 1}", '{"a": NaN}', '[1 2]']) {
        assert.throws(() => JSON.parse(bad));
        assert.notEqual(where(bad), null, bad);
    }
});

test('a pointer in words, English and Russian', () => {
    lang = 'en';
    assert.equal(pointerWords('/tiers/levels/1/threshold'), 'tiers › levels › item 2 › threshold');
    assert.equal(pointerWords(''), 'the whole programme');
    assert.equal(pointerWords('/a~1b/m~0n'), 'a/b › m~n');
    lang = 'ru';
    assert.equal(pointerWords('/tiers/levels/1/threshold'), 'tiers › levels › № 2 › threshold');
    assert.equal(pointerWords(''), 'программа целиком');
    lang = 'en';
});

test('a rule of earn.rules in words: each condition it has, names translated, in both languages', () => {
    const names = { rules: { weekend: 'Weekend boost' }, categories: { books: 'Books' }, tiers: { gold: 'Gold' } };
    const tr = (group, id, fallback) => (names[group] && names[group][id]) || fallback;
    const tierName = (id) => tr('tiers', id, id);
    const weekend = {
        id: 'weekend', name: 'Выходные', kind: 'rate', points: 5, per_amount: 10000, categories: ['books', 'maps'],
        weekdays: ['sat', 'sun'], starts: '2026-12-01', ends: '2026-12-31T18:00:00+03:00', tiers: ['gold'], min_order: 150000,
        first_order_only: true, combine: 'exclusive', priority: 3,
    };
    lang = 'en';
    assert.equal(ruleWords(weekend, tr, tierName),
        'Weekend boost: 5 pts for every 100 RUB paid · Books, maps · orders from 1500 RUB · Sat, Sun · from 2026-12-01 · until 2026-12-31T18:00 · for Gold · first order only · exclusive, priority 3');
    lang = 'ru';
    const ruTr = (group, id, fallback) => fallback;
    assert.equal(ruleWords({ ...weekend, ends: '2026-12-31' }, ruTr, (id) => id),
        'Выходные: 5 pts за каждые 100 RUB оплаты · books, maps · заказы от 1500 RUB · сб, вс · с 2026-12-01 · по 2026-12-31 · для уровня gold · только первый заказ · вместо других, приоритет 3');
    // A rule with no name, no conditions and fixed points per unit: its id, what it earns, nothing else.
    assert.equal(ruleWords({ id: 'per-copy', kind: 'per_unit', points: 10, products: ['book-x'], combine: 'stop' }, ruTr, (id) => id),
        'per-copy: 10 pts за единицу товара · товары book-x · следующие правила не применяются');
    lang = 'en';
});

test('expiry in words: never, days, or the end of a month, quarter or year', () => {
    const { expiryWords } = registered.programme.text;
    lang = 'en';
    assert.equal(expiryWords(undefined), texts.en['programme.noExpiry']);
    assert.equal(expiryWords({ days: 30 }), 'points expire 30 days after they are earned; shoppers are warned 30 days before');
    assert.equal(expiryWords({ days: 365, at_end_of: 'month', warning_days: 7 }),
        'points expire 365 days after they are earned, at the end of that month; shoppers are warned 7 days before');
    assert.equal(expiryWords({ at_end_of: 'year', warning_days: 0 }), 'points expire at the end of the year they are earned in; shoppers are warned 0 days before');
    assert.equal(expiryWords({ days: 0, at_end_of: 'day' }), texts.en['programme.noExpiry']);
    lang = 'ru';
    assert.equal(expiryWords({ days: 90, at_end_of: 'quarter', warning_days: 14 }),
        'баллы сгорают в конце квартала, на который приходится 90-й день после начисления; покупатель предупреждается за 14 дн.');
    assert.equal(expiryWords({ at_end_of: 'year' }), 'баллы сгорают в конце года начисления; покупатель предупреждается за 30 дн.');
    // expiry.inactive_days, alone and beside a period.
    assert.equal(expiryWords({ days: 0, inactive_days: 180 }), 'баллы сгорают после 180 дн. без покупок и списаний; покупатель предупреждается за 30 дн.');
    assert.equal(expiryWords({ days: 365, inactive_days: 90, warning_days: 7 }),
        'баллы сгорают через 365 дн. после начисления, а раньше — после 90 дн. без покупок и списаний; покупатель предупреждается за 7 дн.');
    lang = 'en';
    assert.equal(expiryWords({ inactive_days: 30 }), 'points expire after 30 days without a purchase or redemption; shoppers are warned 30 days before');
    assert.equal(expiryWords({ at_end_of: 'year', inactive_days: 365, warning_days: 14 }),
        'points expire at the end of the year they are earned in, or sooner after 365 days without a purchase or redemption; shoppers are warned 14 days before');
    // expiry.never_expire: the sources, listed as the language lists things.
    assert.equal(expiryWords({ days: 30, never_expire: ['signup', 'adjustment'] }),
        'points expire 30 days after they are earned; points from the sign-up bonus and adjustments never expire; shoppers are warned 30 days before');
    assert.equal(expiryWords({ days: 365, never_expire: ['purchase', 'returned', 'birthday'], warning_days: 7 }),
        'points expire 365 days after they are earned; points from purchases, refunds (points given back) and the birthday bonus never expire; shoppers are warned 7 days before');
    lang = 'ru';
    assert.equal(expiryWords({ inactive_days: 90, never_expire: ['signup', 'adjustment'] }),
        'баллы сгорают после 90 дн. без покупок и списаний; не сгорают баллы за регистрацию и начисленные вручную; покупатель предупреждается за 30 дн.');
    lang = 'en';
});

test('how tiers are counted in words: a rolling window, a lifetime, a calendar year', () => {
    const en = texts.en['programme.tierBasis'];
    assert.equal(en('spend', 365), 'by money spent over the last 365 days');
    assert.equal(en('points', 0), 'by points earned over all time');
    assert.equal(en('spend', undefined), 'by money spent over all time');  // window_days left out of the JSON
    assert.equal(en('spend', 0, true), 'by money spent in each calendar year; a tier reached in a year is kept until the end of the next');
    assert.equal(en('spend', 365, false, 30), 'by money spent over the last 365 days; a tier is kept 30 days after the amount falls below it');
    const ru = texts.ru['programme.tierBasis'];
    assert.equal(ru('spend', 180, false, 14), 'по сумме покупок за последние 180 дн.; уровень сохраняется ещё 14 дн. после того, как сумма опустится ниже порога');
    assert.equal(ru('spend', 90), 'по сумме покупок за последние 90 дн.');
    assert.equal(ru('points', 0), 'по начисленным баллам за всё время');
    assert.equal(ru('points', 0, true), 'по начисленным баллам за календарный год; уровень, достигнутый за год, сохраняется до конца следующего года');
});

test('rounding in words: every mode of earn.rounding, and what earn.rounding_per rounds', () => {
    const en = texts.en['programme.rounding'];
    assert.equal(en('floor'), 'rounded down, once per order');
    assert.equal(en('half_up', 'line'), 'rounded to the nearest, halves up, on each line');
    assert.equal(en('half_even', 'rule'), 'rounded to the nearest, halves to even, for each rule');
    assert.equal(en('ceil', 'order'), 'rounded up, once per order');
    const ru = texts.ru['programme.rounding'];
    assert.equal(ru('floor', 'rule'), 'округление вниз, по каждому правилу');
    assert.equal(ru('half_up', 'line'), 'округление до ближайшего, половина вверх, по каждой позиции');
});
