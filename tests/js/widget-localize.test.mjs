// The program's own texts in the shopper's language (display.translations, web/src/widget/localize.js):
// the example program is written in Russian and translated to English for the English shop.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { explainContext, explainLine } from '../../web/src/widget/explain.js';
import { translator } from '../../web/src/widget/i18n.js';
import { localizeState, translationsFor } from '../../web/src/widget/localize.js';
import './widget-texts.mjs';

const program = JSON.parse(readFileSync(new URL('../../demo/examples/program.json', import.meta.url), 'utf8'));

// Shaped as the core answers (validate summary, status, preview), reduced to the named parts.
const summary = {
    name: program.name,
    earn: { campaigns: [{ id: 'black-friday-2026', name: 'Чёрная пятница: баллы ×2' }] },
    tiers: { levels: program.tiers.levels.map(({ id, name, perks }) => ({ id, name, perks })) },
    rewards: program.rewards.map(({ id, name }) => ({ id, name })),
};
const status = {
    balance: 1487,
    tier: {
        id: 'bibliophile', name: 'Библиофил', perks: ['Баллы ×1,25', 'Бесплатная доставка от 2 000 ₽'],
        next: { id: 'collector', name: 'Коллекционер', perks: ['Баллы ×1,5', 'Бесплатная доставка', 'Ранний доступ к новинкам'], remaining: 3084719 },
    },
    rewards: [{ id: 'discount-300', name: 'Скидка 300 ₽', cost: 300 }, { id: 'mystery', name: 'Не переведено', cost: 1 }],
};
const preview = { points: 285, tier_after: { id: 'collector', name: 'Коллекционер' }, rewards: [{ id: 'free-shipping', name: 'Бесплатная доставка' }] };
const state = { version: 3, phase: 'ready', program, summary, status, preview, customer: { id: 'c-anna' } };

describe('localizeState', () => {
    const en = localizeState(state, 'en');

    it('translates the program name, tiers with their perks, rewards and campaigns into English', () => {
        assert.equal(en.summary.name, 'Book Shop Rewards');
        assert.deepEqual(en.summary.tiers.levels.map((l) => l.name), ['Reader', 'Bibliophile', 'Collector']);
        assert.deepEqual(en.summary.tiers.levels[2].perks, ['Points ×1.5', 'Free delivery', 'Early access to new books']);
        assert.equal(en.summary.rewards[0].name, '₽300 off');
        assert.equal(en.summary.earn.campaigns[0].name, 'Black Friday: points ×2');
        assert.equal(en.status.tier.name, 'Bibliophile');
        assert.equal(en.status.tier.next.name, 'Collector');
        assert.deepEqual(en.status.tier.next.perks, ['Points ×1.5', 'Free delivery', 'Early access to new books']);
        assert.equal(en.preview.tier_after.name, 'Collector');
        assert.equal(en.preview.rewards[0].name, 'Free delivery');
    });

    it('translates the names of earn.rules, and leaves a rule without name or translation unnamed', () => {
        const rulesProgram = structuredClone(program);
        rulesProgram.display.translations.en.rules = { 'per-copy': '10 points per copy' };
        const rulesSummary = {
            ...summary,
            earn: { ...summary.earn, rules: [{ id: 'per-copy', name: '10 баллов за экземпляр', kind: 'per_unit', points: 10 }, { id: 'base', name: '', kind: 'rate', points: 5, per_amount: 10000 }] },
        };
        const out = localizeState({ ...state, program: rulesProgram, summary: rulesSummary }, 'en');
        assert.deepEqual(out.summary.earn.rules.map((r) => [r.id, r.name, r.points]), [['per-copy', '10 points per copy', 10], ['base', '', 5]]);
        assert.equal(rulesSummary.earn.rules[0].name, '10 баллов за экземпляр');
    });

    it('keeps every number and id, and a text with no translation as written', () => {
        assert.equal(en.status.balance, 1487);
        assert.equal(en.status.tier.next.remaining, 3084719);
        assert.equal(en.status.rewards[0].cost, 300);
        assert.equal(en.status.rewards[1].name, 'Не переведено');
        assert.equal(en.preview.points, 285);
        assert.equal(en.customer, state.customer);
    });

    it('never changes the state it was given', () => {
        assert.equal(state.summary.name, 'Бонусы «Книжной лавки»');
        assert.equal(state.status.tier.next.name, 'Коллекционер');
        assert.equal(state.preview.rewards[0].name, 'Бесплатная доставка');
    });

    it('returns the state itself for a language the program has no translations for', () => {
        assert.equal(localizeState(state, 'de'), state);
        assert.equal(localizeState({ ...state, program: { ...program, display: undefined } }, 'en').summary, summary);
    });

    it('finds a regional language under its base language and ignores malformed entries', () => {
        assert.equal(translationsFor(program, 'en-GB'), program.display.translations.en);
        const odd = { display: { translations: { en: { name: 42, tiers: { bibliophile: { name: '', perks: [1, 2] } }, rewards: 'x' } } } };
        const out = localizeState({ ...state, program: odd }, 'en');
        assert.equal(out.summary.name, 'Бонусы «Книжной лавки»');
        assert.equal(out.status.tier.name, 'Библиофил');
        assert.deepEqual(out.status.tier.perks, status.tier.perks);
        assert.equal(out.status.rewards[0].name, 'Скидка 300 ₽');
    });

    it('names categories in the explanation in the page language, Russian included', () => {
        const line = { kind: 'category', label: 'books', category: 'books', factor: '1.5', points: '38' };
        const ru = localizeState(state, 'ru');
        const ruText = explainLine(explainContext(translator('ru'), ru.summary, {}, ru.categoryNames), line).text;
        const enText = explainLine(explainContext(translator('en'), en.summary, {}, en.categoryNames), line).text;
        assert.match(ruText.replace(/\u00a0/g, ' '), /Категория «Книги» ×1,5/);
        assert.match(enText.replace(/\u00a0/g, ' '), /Category Books ×1\.5/);
    });
});
