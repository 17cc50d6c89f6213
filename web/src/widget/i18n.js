// The widget's texts in Russian and English, with plural forms chosen by Intl.PluralRules
// (1 балл, 2 балла, 5 баллов; 1 point, 2 points). No DOM; the texts themselves are in
// messages-<lang>.js, loaded per language.
//
// A message is a string with {name} placeholders, or an object of plural forms keyed by the
// Intl.PluralRules category of the parameter `n` ({one, few, many, other}).

/** Languages the widget speaks; anything else falls back to English. */
export const LANGUAGES = ['ru', 'en'];

/**
 * The texts of each language loaded so far, by language. Each language's texts are a file of
 * their own (messages-<lang>.js), so a page downloads only the language it shows: the UI loads
 * them with loadMessages() before it draws; tests and tools add them with addMessages().
 */
export const MESSAGES = {};

/** Registers the texts of `lang` (the default export of messages-<lang>.js). */
export function addMessages(lang, table) {
    MESSAGES[lang] = table;
}

/** True once the texts of `lang` are there to draw with. */
export function hasMessages(lang) {
    return Object.prototype.hasOwnProperty.call(MESSAGES, lang);
}

let fetchMessages = null;
const pending = new Map();

/** How the UI fetches a language's module: (lang) => Promise of {default: table}. */
export function setMessagesSource(source) {
    fetchMessages = source;
}

/**
 * Loads the texts of `lang` once (later calls share the promise). When they cannot be fetched,
 * English is loaded instead under that language's name, so the widget still speaks, and the
 * promise resolves to the error that caused it (undefined otherwise); it rejects only when
 * neither can be had, and a later call then tries again.
 */
export function loadMessages(lang) {
    if (hasMessages(lang)) return Promise.resolve();
    if (!pending.has(lang)) {
        const fetchOne = (code) => {
            if (!fetchMessages) return Promise.reject(new Error('no source for the widget texts'));
            return fetchMessages(code).then((m) => m.default);
        };
        let fellBack;
        const loaded = fetchOne(lang)
            .catch((e) => {
                if (lang === 'en') throw e;
                fellBack = e;
                return loadMessages('en').then(() => MESSAGES.en);
            })
            .then((table) => {
                addMessages(lang, table);
                return fellBack;
            })
            .finally(() => pending.delete(lang));
        pending.set(lang, loaded);
    }
    return pending.get(lang);
}

/**
 * The widget's language for a requested tag ("ru-RU", "en", "de"): its primary subtag when the
 * widget speaks it, otherwise English.
 */
export function pickLanguage(tag) {
    const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
    return LANGUAGES.includes(primary) ? primary : 'en';
}

const pluralRules = new Map();

/** The Intl.PluralRules category of `n` in `lang` ("one", "few", "many", "other"). */
export function pluralCategory(lang, n) {
    let rules = pluralRules.get(lang);
    if (!rules) {
        rules = new Intl.PluralRules(lang);
        pluralRules.set(lang, rules);
    }
    return rules.select(n);
}

function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
        Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
}

/**
 * The message `key` in `lang` with {placeholders} filled from `params`. Plural messages pick
 * their form by `params.count` when given (a number), else by `params.n` when it is a number.
 * An unknown key yields the key itself, so a missing text shows up instead of crashing.
 */
export function translate(lang, key, params = {}) {
    const table = MESSAGES[pickLanguage(lang)] || MESSAGES.en || {};
    let message = table[key];
    if (message === undefined) return key;
    if (typeof message === 'object') {
        const count = typeof params.count === 'number' ? params.count : params.n;
        const form = typeof count === 'number' ? pluralCategory(pickLanguage(lang), Math.abs(count)) : 'other';
        message = message[form] ?? message.other;
    }
    return fill(message, params);
}

/** A translator bound to one language: t(key, params). */
export function translator(lang) {
    const code = pickLanguage(lang);
    const t = (key, params) => translate(code, key, params);
    t.lang = code;
    return t;
}

/**
 * A text of the program in the visitor's language, from a {"ru": "...", "en": "..."} object:
 * the exact tag, then its primary language, then English, then any; `fallback` when empty.
 */
export function localized(texts, lang, fallback = '') {
    if (!texts || typeof texts !== 'object') return fallback;
    const keys = Object.keys(texts);
    if (keys.length === 0) return fallback;
    const wanted = String(lang || '').toLowerCase();
    const exact = keys.find((k) => k.toLowerCase() === wanted);
    if (exact) return String(texts[exact]);
    const primary = wanted.split('-')[0];
    const same = keys.find((k) => k.toLowerCase().split('-')[0] === primary);
    if (same) return String(texts[same]);
    if (typeof texts.en === 'string') return texts.en;
    return String(texts[keys[0]]);
}
