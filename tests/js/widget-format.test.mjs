// Money, numbers and dates as the widget prints them (Intl, exact decimals from minor units).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    currencyExponent,
    daysBetween,
    formatDate,
    formatDecimal,
    formatMoney,
    formatNumber,
    formatRelativeDays,
    formatShare,
    formatShortDate,
    isoInstant,
    minorToDecimal,
} from '../../web/src/widget/format.js';

// Intl separates groups with a no-break space (U+00A0) or a narrow one (U+202F); compare with
// plain spaces.
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format minorToDecimal', () => {
    const rows = [
        [12345, 2, '123.45'],
        [30000, 2, '300.00'],
        [5, 2, '0.05'],
        [-5, 2, '-0.05'],
        [700, 0, '700'],
        [1234, 3, '1.234'],
        [0, 2, '0.00'],
    ];
    for (const [minor, exp, want] of rows) {
        it(`writes ${minor} with exponent ${exp} as ${want}`, () => assert.equal(minorToDecimal(minor, exp), want));
    }
    it('refuses amounts beyond 2^53 and odd exponents', () => {
        assert.equal(minorToDecimal(2 ** 53, 2), null);
        assert.equal(minorToDecimal(1.5, 2), null);
        assert.equal(minorToDecimal(100, -1), null);
    });
});

describe('format formatMoney', () => {
    const rows = [
        [30000, 'RUB', 2, 'ru', '300 ₽'],
        [3378719, 'RUB', 2, 'ru', '33 787,19 ₽'],
        [150, 'RUB', 2, 'ru', '1,50 ₽'],
        [12345, 'USD', 2, 'en', '$123.45'],
        [1234500, 'USD', 2, 'en', '$12,345'],
        [700, 'JPY', 0, 'en', '¥700'],
        [30000, 'RUB', 2, 'en', '₽300'],
        [-2500, 'EUR', 2, 'en', '-€25'],
    ];
    for (const [minor, cur, exp, lang, want] of rows) {
        it(`prints ${minor} ${cur} in ${lang} as ${want}`, () => assert.equal(plain(formatMoney(minor, cur, exp, lang)), want));
    }
    it('keeps every digit of a large amount (no binary floating point)', () => {
        // 9007199254740991 kopecks = 90 071 992 547 409,91 roubles exactly.
        assert.equal(plain(formatMoney(9007199254740991, 'RUB', 2, 'ru')), '90 071 992 547 409,91 ₽');
    });
    it('asks Intl for the exponent when the summary does not give it', () => {
        assert.equal(currencyExponent('JPY'), 0);
        assert.equal(currencyExponent('KWD'), 3);
        assert.equal(plain(formatMoney(1500, 'KWD', undefined, 'en')), 'KWD 1.500');
    });
});

describe('format numbers and shares', () => {
    it('groups thousands by language', () => {
        assert.equal(plain(formatNumber(12345, 'ru')), '12 345');
        assert.equal(formatNumber(12345, 'en'), '12,345');
    });
    it('prints the core decimal strings in the language notation', () => {
        assert.equal(formatDecimal('1.25', 'ru'), '1,25');
        assert.equal(formatDecimal('44.50', 'en'), '44.5');
        assert.equal(formatDecimal('-0.5', 'ru'), '-0,5');
        // Every digit: a multiplier of 1.125 or explanation points of 0.495 are not rounded.
        assert.equal(formatDecimal('1.125', 'ru'), '1,125');
        assert.equal(formatDecimal('0.495', 'en'), '0.495');
        assert.equal(formatDecimal('0.' + '0'.repeat(19) + '1', 'en'), '0.00000000000000000001');
        assert.equal(formatDecimal('abc', 'ru'), 'abc');
    });
    it('prints shares as percentages', () => {
        assert.equal(plain(formatShare('0.3', 'ru')), '30 %');
        assert.equal(formatShare('0.3', 'en'), '30%');
        assert.equal(formatShare('30%', 'en'), '30%');
        assert.equal(formatShare('0.125', 'en'), '12.5%');
    });
});

describe('format dates from the core', () => {
    // The core writes instants in the program's zone; the day is read from the text, so a
    // shopper in another zone sees the program's calendar day.
    it('prints the local day of the instant, with the year only when it differs', () => {
        assert.equal(plain(formatDate('2026-12-06T23:30:00+03:00', 'ru', '2026-11-20T12:00:00+03:00')), '6 декабря');
        assert.equal(plain(formatDate('2027-01-02T00:00:00+03:00', 'ru', '2026-11-20T12:00:00+03:00')), '2 января 2027 г.');
        assert.equal(plain(formatDate('2026-12-06T23:30:00+03:00', 'en', '2026-11-20T12:00:00+03:00')), 'December 6');
        assert.equal(formatShortDate('2026-10-02T14:10:00+03:00', 'ru'), '02.10.2026');
        assert.equal(formatShortDate('2026-10-02T14:10:00+03:00', 'en'), '10/02/2026');
    });
    it('counts calendar days between two instants', () => {
        assert.equal(daysBetween('2026-11-20T23:59:00+03:00', '2026-12-06T00:01:00+03:00'), 16);
        assert.equal(daysBetween('2026-12-31T12:00:00+03:00', '2027-01-01T12:00:00+03:00'), 1);
        assert.equal(daysBetween('nonsense', '2027-01-01'), null);
    });
    it('says relative days in words', () => {
        assert.equal(plain(formatRelativeDays(16, 'ru')), 'через 16 дней');
        assert.equal(formatRelativeDays(1, 'ru'), 'завтра');
        assert.equal(plain(formatRelativeDays(3, 'en')), 'in 3 days');
    });
    it('writes instants the core reads, in whole seconds', () => {
        assert.equal(isoInstant(0), '1970-01-01T00:00:00Z');
        assert.equal(isoInstant(1795165200999), '2026-11-20T09:00:00Z');
    });
});

describe('format keeps numbers with their words', () => {
    // Intl writes "через 8 дней" and "6 декабря" with plain spaces: a line may end after the
    // number. Every space next to a digit comes back as a no-break space (U+00A0).
    const rows = [
        ['formatRelativeDays', () => formatRelativeDays(8, 'ru'), 'через\u00a08\u00a0дней'],
        ['formatRelativeDays', () => formatRelativeDays(3, 'en'), 'in\u00a03\u00a0days'],
        ['formatDate', () => formatDate('2026-12-06T23:30:00+03:00', 'ru', '2026-11-20T12:00:00+03:00'), '6\u00a0декабря'],
        ['formatDate', () => formatDate('2027-01-02T00:00:00+03:00', 'ru', '2026-11-20T12:00:00+03:00'), '2\u00a0января\u00a02027\u00a0г.'],
        ['formatDate', () => formatDate('2027-01-02T00:00:00+03:00', 'en', '2026-11-20T12:00:00+03:00'), 'January\u00a02,\u00a02027'],
        ['formatMoney', () => formatMoney(45000, 'RUB', 2, 'ru'), '450\u00a0₽'],
        ['formatMoney', () => formatMoney(45000, 'XTS', 2, 'xx-invalid-'), '450.00\u00a0XTS'],
        ['formatShare', () => formatShare('0.3', 'ru'), '30\u00a0%'],
    ];
    for (const [name, f, want] of rows) {
        it(`${name} writes ${JSON.stringify(want)}`, () => {
            const text = f();
            assert.doesNotMatch(text, /\d | \d/, JSON.stringify(text));
            assert.equal(text, want);
        });
    }
});
