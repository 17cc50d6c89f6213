// The widget's texts: plural forms by Intl.PluralRules, language choice, program texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES, hasMessages, loadMessages, localized, pickLanguage, pluralCategory, setMessagesSource, translate, translator } from '../../web/src/widget/i18n.js';
import './widget-texts.mjs';

// The texts join numbers and units with no-break spaces (checked below); compare with plain ones.
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('i18n pickLanguage', () => {
    const rows = [
        ['ru', 'ru'],
        ['ru-RU', 'ru'],
        ['RU_ru', 'ru'],
        ['en-GB', 'en'],
        ['de', 'en'],
        ['', 'en'],
        [undefined, 'en'],
    ];
    for (const [tag, want] of rows) {
        it(`reads ${JSON.stringify(tag)} as ${want}`, () => assert.equal(pickLanguage(tag), want));
    }
});

describe('i18n plural forms of points', () => {
    // Russian: 1, 21, 101 -> one; 2-4, 22-24 -> few; 0, 5-20, 25-30, 111-114 -> many.
    const ru = [
        [1, '1 балл'],
        [2, '2 балла'],
        [4, '4 балла'],
        [5, '5 баллов'],
        [11, '11 баллов'],
        [12, '12 баллов'],
        [21, '21 балл'],
        [22, '22 балла'],
        [25, '25 баллов'],
        [0, '0 баллов'],
        [111, '111 баллов'],
        [1001, '1001 балл'],
    ];
    for (const [n, want] of ru) {
        it(`says ${want} in Russian`, () => assert.equal(plain(translate('ru', 'points_n', { n, count: n })), want));
    }
    const en = [
        [1, '1 point'],
        [0, '0 points'],
        [2, '2 points'],
        [21, '21 points'],
    ];
    for (const [n, want] of en) {
        it(`says ${want} in English`, () => assert.equal(plain(translate('en', 'points_n', { n, count: n })), want));
    }
    it('picks the form by count while showing a formatted number', () => {
        // "1 234" is how the panel prints 1234; the form must follow 1234 (few), not the text.
        assert.equal(plain(translate('ru', 'points_n', { n: '1 234', count: 1234 })), '1 234 балла');
        assert.equal(plain(translate('ru', 'points_n', { n: '1 231', count: 1231 })), '1 231 балл');
        assert.equal(plain(translate('ru', 'points_n', { n: '1 235', count: 1235 })), '1 235 баллов');
    });
    it('uses the absolute value for negative counts', () => {
        assert.equal(pluralCategory('ru', 3), 'few');
        assert.equal(plain(translate('ru', 'reward_missing', { n: 3, count: -3 })), 'Ещё 3 балла');
    });
});

describe('i18n translate', () => {
    it('fills placeholders and leaves unknown ones visible', () => {
        assert.equal(translate('en', 'tier_next_spend', { amount: '$5', name: 'Gold' }), 'Spend $5 more to reach Gold');
        assert.equal(translate('en', 'tier_next_spend', { amount: '$5' }), 'Spend $5 more to reach {name}');
    });
    it('returns the key of a missing message instead of failing', () => {
        assert.equal(translate('ru', 'no_such_message'), 'no_such_message');
    });
    it('falls back to English for other languages', () => {
        assert.equal(translate('fr', 'launcher'), 'Rewards');
        const t = translator('ru-RU');
        assert.equal(t.lang, 'ru');
        assert.equal(t('launcher'), 'Бонусы');
    });
    it('has every Russian message in English and the other way round', () => {
        assert.deepEqual(Object.keys(MESSAGES.en).sort(), Object.keys(MESSAGES.ru).sort());
    });
    it('gives each Russian plural message the forms Russian needs', () => {
        for (const [key, value] of Object.entries(MESSAGES.ru)) {
            if (typeof value === 'object') assert.deepEqual(Object.keys(value).sort(), ['few', 'many', 'one', 'other'], key);
        }
    });
});

describe('i18n localized program texts', () => {
    const texts = { ru: 'Вопрос', en: 'Question', 'pt-BR': 'Pergunta' };
    const rows = [
        ['ru', 'Вопрос'],
        ['ru-RU', 'Вопрос'],
        ['pt-br', 'Pergunta'],
        ['pt', 'Pergunta'],
        ['de', 'Question'],
    ];
    for (const [lang, want] of rows) {
        it(`picks ${want} for ${lang}`, () => assert.equal(localized(texts, lang), want));
    }
    it('takes any language when English is missing, and the fallback when empty', () => {
        assert.equal(localized({ ru: 'Вопрос' }, 'de'), 'Вопрос');
        assert.equal(localized({}, 'ru', 'default'), 'default');
        assert.equal(localized(undefined, 'ru', 'default'), 'default');
    });
});

describe('i18n loading one language at a time', () => {
    it('fetches a language once, however many drawings ask at the same time', async () => {
        const asked = [];
        setMessagesSource(async (code) => {
            asked.push(code);
            return { default: { launcher: 'Prämien' } };
        });
        assert.equal(hasMessages('de'), false);
        await Promise.all([loadMessages('de'), loadMessages('de'), loadMessages('de')]);
        await loadMessages('de');
        assert.deepEqual(asked, ['de']);
        assert.equal(translate('de', 'launcher'), 'Rewards', 'pickLanguage maps de to English; the table is there for callers that ask for it');
        assert.equal(MESSAGES.de.launcher, 'Prämien');
        delete MESSAGES.de;
    });
    it('falls back to the English texts when a language file cannot be fetched', async () => {
        setMessagesSource((code) => (code === 'en' ? Promise.resolve({ default: MESSAGES.en }) : Promise.reject(new Error('HTTP 404'))));
        const fellBack = await loadMessages('fr');
        assert.match(fellBack.message, /HTTP 404/, 'the cause comes back, for the one console message');
        assert.equal(MESSAGES.fr, MESSAGES.en);
        assert.equal(await loadMessages('fr'), undefined, 'loaded now: nothing more to tell');
        delete MESSAGES.fr;
    });
    it('rejects when neither the language nor English can be had, and tries again next time', async () => {
        const english = MESSAGES.en;
        delete MESSAGES.en;
        try {
            setMessagesSource(() => Promise.reject(new Error('offline')));
            await assert.rejects(loadMessages('ru-x'), /offline/);
            assert.equal(hasMessages('ru-x'), false);
            setMessagesSource(async () => ({ default: { launcher: 'x' } }));
            await loadMessages('ru-x');
            assert.equal(MESSAGES['ru-x'].launcher, 'x');
        } finally {
            MESSAGES.en = english;
            delete MESSAGES['ru-x'];
            setMessagesSource(null);
        }
    });
    it('draws nothing it cannot say: with no texts at all a key comes back as itself', () => {
        const saved = { ...MESSAGES };
        for (const k of Object.keys(MESSAGES)) delete MESSAGES[k];
        try {
            assert.equal(translate('ru', 'launcher'), 'launcher');
        } finally {
            Object.assign(MESSAGES, saved);
        }
    });
});

describe('i18n numbers keep their units on the same line', () => {
    // "450 / баллов" or "×2" alone at the start of a line reads badly: every template joins a
    // number to the words on either side, and a multiplier to what it multiplies, with a no-break
    // space (U+00A0). Other placeholders are filled with a letter, so only the template counts.
    for (const lang of ['ru', 'en']) {
        for (const [key, message] of Object.entries(MESSAGES[lang])) {
            const counts = typeof message === 'object' ? [1, 2, 5, 450] : [450];
            it(`joins numbers and units with no-break spaces in ${lang} ${key}`, () => {
                for (const count of counts) {
                    const text = translate(lang, key, { n: String(count), count, factor: '1,5', points: 'P', money: 'M', amount: 'A', date: 'D', days: 'W', name: 'N', id: 'I', item: 'T', share: 'S', rule: 'R', min: '10', max: '20', step: '5' });
                    assert.doesNotMatch(text, /\d | \d| ×/, JSON.stringify(text));
                }
            });
        }
    }
});

describe("a tier's spend threshold names the programme's period", async () => {
    const { spendPeriodKey } = await import('../../web/src/widget/panel-view.js');
    const text = (lang, tiers) => plain(translate(lang, spendPeriodKey(tiers), { money: '15 000 ₽', n: String(tiers.window_days), count: tiers.window_days }));
    it('a year, any other number of days, a calendar year, a lifetime', () => {
        assert.equal(text('ru', { window_days: 365 }), 'от 15 000 ₽ покупок за год');
        assert.equal(text('ru', { window_days: 180 }), 'от 15 000 ₽ покупок за 180 дней');
        assert.equal(text('ru', { window_days: 91 }), 'от 15 000 ₽ покупок за 91 день');
        assert.equal(text('ru', { window_days: 92 }), 'от 15 000 ₽ покупок за 92 дня');
        assert.equal(text('ru', { window_days: 0, requalify: 'calendar_year' }), 'от 15 000 ₽ покупок за календарный год');
        assert.equal(text('ru', { window_days: 0 }), 'от 15 000 ₽ покупок');
        assert.equal(text('en', { window_days: 365 }), 'from 15 000 ₽ spent in a year');
        assert.equal(text('en', { window_days: 1 }), 'from 15 000 ₽ spent in 1 day');
        assert.equal(text('en', { window_days: 90 }), 'from 15 000 ₽ spent in 90 days');
        assert.equal(text('en', { window_days: 0, requalify: 'calendar_year' }), 'from 15 000 ₽ spent in a calendar year');
        assert.equal(text('en', {}), 'from 15 000 ₽ spent');
    });
});
