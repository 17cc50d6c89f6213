// "Why?": the core's explanation lines and history entries as sentences (pure, no DOM).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainContext, explainLine, explainLines, historyTitle, signedPoints } from '../../web/src/widget/explain.js';
import { translator } from '../../web/src/widget/i18n.js';
import './widget-texts.mjs';

// The validate summary of demo/examples/program.json, reduced to what sentences use.
const summary = {
    currency: 'RUB',
    currency_exponent: 2,
    earn: { min_order: 30000, campaigns: [{ id: 'black-friday-2026', name: 'Чёрная пятница: баллы ×2' }] },
    tiers: { levels: [{ id: 'reader', name: 'Читатель' }, { id: 'bibliophile', name: 'Библиофил' }] },
    rewards: [{ id: 'free-shipping', name: 'Бесплатная доставка' }],
};
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
const ru = explainContext(translator('ru'), summary, { 'book-pushkin': 'Пушкин. Стихи' });
const en = explainContext(translator('en'), summary);

describe('explain signedPoints', () => {
    const rows = [
        ['76', 'ru', '+76'],
        [76, 'en', '+76'],
        ['-12.50', 'ru', '\u221212,5'],
        ['0', 'ru', '0'],
        ['0.00', 'en', '0'],
        ['44.50', 'en', '+44.5'],
        [-250, 'en', '\u2212250'],
        // Exact decimals keep every digit: 9.90 at 5 per 100.00 is 0.495, never "0,5".
        ['0.495', 'ru', '+0,495'],
        ['-0.495', 'en', '\u22120.495'],
        ['30.8625', 'ru', '+30,8625'],
        ['1234567.125', 'ru', '+1\u00a0234\u00a0567,125'],
        // Fractions (no exact decimal) are rounded to 2 places and marked: Anna's A-1003 lines,
        // 168609/1342 = 125.6401 and -859/2684 = -0.3200; 1/3; -7/3 = -2.333; 1/300 = 0.0033.
        ['168609/1342', 'en', '\u2248\u00a0+125.64'],
        ['-859/2684', 'ru', '\u2248\u00a0\u22120,32'],
        ['1/3', 'ru', '\u2248\u00a0+0,33'],
        ['-7/3', 'en', '\u2248\u00a0\u22122.33'],
        ['-1/300', 'en', '\u2248\u00a00'],
        // 1/5^54 = 2^54 / 10^54: 54 places, beyond Intl's 20, so rounded and marked too.
        ['0.' + '0'.repeat(37) + '18014398509481984', 'en', '\u2248\u00a00'],
        ['1.5/2', 'en', '1.5/2'],
    ];
    for (const [points, lang, want] of rows) {
        it(`writes ${JSON.stringify(points)} as ${want} (${lang})`, () => assert.equal(signedPoints(points, lang), want));
    }
});

describe('explain explainLine', () => {
    // A cart of 2 x 760 ₽ Pushkin (books x1.5) for a Bibliophile (x1.25) during Black Friday (x2):
    // base 1520 ₽ x 5/100 = 76; category +38; campaign +114; tier +57; total 285.
    const lines = [
        { kind: 'base', label: 'book-pushkin', category: 'books', amount: 152000, points: '76' },
        { kind: 'category', label: 'books', category: 'books', factor: '1.5', points: '38' },
        { kind: 'campaign', label: 'black-friday-2026', category: 'books', factor: '2', points: '114' },
        { kind: 'tier', label: 'bibliophile', category: 'books', factor: '1.25', points: '57' },
        { kind: 'rounding', label: 'floor', points: '-0.50' },
        { kind: 'base', label: 'book-pushkin', category: 'books', amount: 259000, points: '168609/1342' },
        { kind: 'tier', label: 'bibliophile', category: 'books', factor: '1.125', points: '0.495' },
        { kind: 'campaign_bonus', label: 'black-friday-2026', points: '50' },
        { kind: 'first_purchase', label: 'first_purchase', points: '200' },
        { kind: 'excluded', label: 'gift-card-3000', category: 'gift-cards', amount: 300000, points: '0' },
        { kind: 'min_order', amount: 20000, points: '0' },
        // earn.shipping "included": 250 ₽ paid for shipping (tax excluded) at 5 per 100 ₽.
        { kind: 'shipping', label: 'shipping', category: '', amount: 25000, points: '12.50' },
    ];
    const want = [
        ['Пушкин. Стихи: 1 520 ₽', '+76'],
        ['Категория «books» ×1,5', '+38'],
        ['Акция «Чёрная пятница: баллы ×2»', '+114'],
        ['Уровень «Библиофил» ×1,25', '+57'],
        ['Округление до целого', '\u22120,5'],
        ['Пушкин. Стихи: 2 590 ₽', '\u2248 +125,64'],
        ['Уровень «Библиофил» ×1,125', '+0,495'],
        ['Бонус акции «Чёрная пятница: баллы ×2»', '+50'],
        ['Бонус за первую покупку', '+200'],
        ['gift-card-3000 не приносит баллов', '0'],
        ['Баллы начисляются за заказ от 300 ₽', '0'],
        ['Доставка: 250 ₽', '+12,5'],
    ];
    lines.forEach((line, i) => {
        it(`explains a ${line.kind} line as "${want[i][0]}"`, () => {
            const row = explainLine(ru, line);
            assert.equal(plain(row.text), want[i][0]);
            assert.equal(plain(row.points), want[i][1]);
        });
    });
    it('explains a personal offer\'s multiplier (labelled with the offer\'s id) without the id', () => {
        const line = { kind: 'offer', label: 'x2-week', category: 'books', factor: '2', points: '57.50' };
        assert.equal(plain(explainLine(en, line).text), 'Personal offer ×2');
        assert.equal(plain(explainLine(ru, line).text), 'Персональное предложение ×2');
        assert.equal(plain(explainLine(ru, { ...line, factor: '1.5' }).text), 'Персональное предложение ×1,5');
        assert.equal(plain(explainLine(ru, line).points), '+57,5');
    });
    it('names the shipping\'s line in English too', () => {
        assert.equal(plain(explainLine(en, lines[11]).text), 'Shipping: ₽250');
    });
    it('names products by sku from the cart, else by sku', () => {
        assert.equal(explainLine(en, lines[0]).text, 'book-pushkin: ₽1,520');
    });
    it('keeps unknown ids as they are and never fails on odd input', () => {
        assert.equal(plain(explainLine(en, { kind: 'campaign', label: 'gone', factor: '3', points: '1' }).text), 'Campaign gone ×3');
        assert.equal(explainLine(en, { kind: 'future_kind', label: 'x', points: '1' }).text, 'x');
        assert.deepEqual(explainLines(en, undefined), []);
    });
});

describe('explain multipliers a name already states', () => {
    // The rule: a multiplier line shows its factor unless the name (as the shopper reads it)
    // already ends with that same factor: "×2", "x2" or "х2" (Cyrillic), with or without a space,
    // in either decimal notation. A name ending with another factor still gets the true one.
    const rows = [
        ['en', 'campaign', 'Points ×2', '2', 'Campaign Points ×2'],
        ['ru', 'campaign', 'Баллы ×2', '2', 'Акция «Баллы ×2»'],
        ['en', 'campaign', 'Points x2', '2', 'Campaign Points x2'],
        ['ru', 'campaign', 'Баллы х2', '2', 'Акция «Баллы х2»'],
        ['en', 'campaign', 'Double points ×2.0', '2', 'Campaign Double points ×2.0'],
        ['ru', 'category', 'Книги ×1,5', '1.5', 'Категория «Книги ×1,5»'],
        ['en', 'category', 'Books ×1.5', '1.5', 'Category Books ×1.5'],
        ['ru', 'tier', 'Золото ×1,25', '1.25', 'Уровень «Золото ×1,25»'],
        ['en', 'tier', 'Gold×1.25', '1.25', 'Tier Gold×1.25'],
        ['en', 'campaign', 'Points ×2', '3', 'Campaign Points ×2 ×3'],
        ['ru', 'campaign', 'Баллы ×2', '3', 'Акция «Баллы ×2» ×3'],
        ['en', 'campaign', 'Points ×12', '2', 'Campaign Points ×12 ×2'],
        ['en', 'campaign', 'Weekend', '2', 'Campaign Weekend ×2'],
        ['en', 'campaign', 'Fax 2', '2', 'Campaign Fax 2 ×2'],
        ['ru', 'campaign', 'Топ 2', '2', 'Акция «Топ 2» ×2'],
    ];
    for (const [lang, kind, name, factor, want] of rows) {
        it(`writes a ${kind} named ${JSON.stringify(name)} at ×${factor} as "${want}" (${lang})`, () => {
            const s = { earn: { campaigns: [{ id: 'x', name }] }, tiers: { levels: [{ id: 'x', name }] } };
            const ctx = explainContext(translator(lang), s, {}, { x: name });
            assert.equal(plain(explainLine(ctx, { kind, label: 'x', factor, points: '10' }).text), want);
        });
    }
});

describe('explain historyTitle', () => {
    const rows = [
        [{ type: 'purchase', id: 'A-1005' }, 'Покупка A-1005'],
        [{ type: 'refund', id: 'R-1003' }, 'Возврат R-1003'],
        [{ type: 'redemption', id: 'RW-1', explanation: [{ kind: 'reward', label: 'free-shipping' }] }, 'Награда «Бесплатная доставка»'],
        [{ type: 'redemption', id: 'A-1005', explanation: [] }, 'Списание · A-1005'],
        [{ type: 'bonus', explanation: [{ kind: 'bonus', label: 'review' }] }, 'Бонус за отзыв'],
        [{ type: 'bonus', explanation: [{ kind: 'bonus', label: 'mystery' }] }, 'Бонус'],
        [{ type: 'expiry' }, 'Сгорание баллов'],
        [{ type: 'adjustment' }, 'Корректировка'],
        [{ type: 'adjustment', reason: 'извините за задержку заказа' }, 'Корректировка · извините за задержку заказа'],
        // A tier set by hand (its reason is the shop's, for the audit log, and is not shown).
        [{ type: 'tier', reason: 'staff', explanation: [{ kind: 'tier_floor', label: 'bibliophile', points: '0' }] }, 'Магазин назначил уровень «Библиофил»'],
        [{ type: 'tier', explanation: [{ kind: 'tier_floor', label: '', points: '0' }] }, 'Назначенный магазином уровень снят'],
    ];
    for (const [entry, want] of rows) {
        it(`titles a ${entry.type} entry "${want}"`, () => assert.equal(historyTitle(ru, entry), want));
    }
    it('titles a tier set by hand in English too', () => {
        assert.equal(historyTitle(en, { type: 'tier', explanation: [{ kind: 'tier_floor', label: 'reader' }] }), 'The shop set your tier: Читатель');
    });
});

describe('explain earn.rules lines', () => {
    // A program with earn.rules: each base or per_unit line names its rule, by its name when the
    // shop gave one, else by what it earns (never by its id). 3 copies at 500 ₽: "base" (5 per
    // 100 ₽, no name) earns 75 and "per-copy" (10 per copy) 30; "unit" is a per_unit rule without
    // a name.
    const withRules = {
        ...summary,
        earn: {
            ...summary.earn,
            rules: [
                { id: 'base', name: '', kind: 'rate', points: 5, per_amount: 10000 },
                { id: 'per-copy', name: '10 баллов за экземпляр', kind: 'per_unit', points: 10 },
                { id: 'unit', name: '', kind: 'per_unit', points: 1 },
            ],
        },
    };
    const ctx = explainContext(translator('ru'), withRules, { 'book-x': 'Книга X' });
    const enCtx = explainContext(translator('en'), withRules, { 'book-x': 'Book X' });
    const line = (rule, kind = 'base') => ({ kind, label: 'book-x', category: 'books', amount: 150000, points: '75', rule });
    it('names the rule after the item', () => {
        // A per_unit line says how many units earned (30 points at 10 per copy: 3), not the money.
        const unit = explainLine(ctx, { ...line('per-copy', 'per_unit'), points: '30' });
        assert.deepEqual({ ...unit, text: plain(unit.text) }, { kind: 'per_unit', text: 'Книга X × 3 · 10 баллов за экземпляр', points: '+30' });
    });
    it('says what a rule without a name earns, in the page language', () => {
        assert.equal(plain(explainLine(ctx, line('base')).text), 'Книга X: 1 500 ₽ · 5 баллов за каждые 100 ₽');
        assert.equal(plain(explainLine(enCtx, line('base')).text), 'Book X: ₽1,500 · 5 points for every ₽100');
        assert.equal(plain(explainLine(ctx, line('unit', 'per_unit')).text), 'Книга X × 75 · 1 балл за штуку');
        assert.equal(plain(explainLine(enCtx, { ...line('unit', 'per_unit'), points: '1200' }).text), 'Book X × 1,200 · 1 point each');
        // A per_unit line of a rule the summary does not list keeps the base line's sentence.
        assert.equal(plain(explainLine(ctx, line('gone', 'per_unit')).text), 'Книга X: 1 500 ₽');
    });
    it('adds nothing to a line without a rule, or with a rule the summary does not list', () => {
        assert.equal(plain(explainLine(ctx, { ...line(undefined) }).text), 'Книга X: 1 500 ₽');
        assert.equal(plain(explainLine(ctx, line('gone')).text), 'Книга X: 1 500 ₽');
    });
});

describe('explain expiry after inactivity', () => {
    // expiry.inactive_days (docs/program.md#expiry): the lot went because that many days passed
    // without a purchase or redemption, which the line says with the program's number of days.
    const line = { kind: 'inactivity', label: 'A-1001', points: '-100' };
    const withDays = (days, lang) => explainContext(translator(lang), { ...summary, expiry: { days: 0, inactive_days: days } });
    const rows = [
        [90, 'ru', 'Без покупок 90 дней'],
        [21, 'ru', 'Без покупок 21 день'],
        [32, 'ru', 'Без покупок 32 дня'],
        [1, 'en', 'No purchase for 1 day'],
        [180, 'en', 'No purchase for 180 days'],
    ];
    for (const [days, lang, want] of rows) {
        it(`says ${want} (${lang})`, () => {
            const got = explainLine(withDays(days, lang), line);
            assert.equal(plain(got.text), want);
            assert.equal(got.points, '\u2212100');
        });
    }
    it('falls back to "expired" when the summary has no inactive_days', () => {
        assert.equal(explainLine(ru, line).text, 'Истёк срок действия');
    });
});
