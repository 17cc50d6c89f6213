// The program's own texts in the shopper's language. A program is written in one language (its
// names are plain text, which the core checks and echoes); `display.translations` in program.json
// gives the other languages, keyed by language and then by the ids the core answers with:
//   {"en": {"name": "...", "tiers": {"gold": {"name": "...", "perks": ["..."]}},
//           "rewards": {"r1": "..."}, "campaigns": {"bf": "..."}, "categories": {"books": "..."}}}
// Only the widget reads it (the core ignores `display`), so every number stays the core's; a text
// with no translation stays as written.

/** The translations of `program` for `lang` ("en", "ru"): an object, or null when there are none. */
export function translationsFor(program, lang) {
    const all = program && program.display && program.display.translations;
    if (!all || typeof all !== 'object') return null;
    const entry = all[lang] || all[String(lang).split('-')[0]];
    return entry && typeof entry === 'object' ? entry : null;
}

const text = (value, fallback) => (typeof value === 'string' && value ? value : fallback);
const textList = (value, fallback) =>
    Array.isArray(value) && value.every((x) => typeof x === 'string') ? value : fallback;
const pick = (table, id) => (table && typeof table === 'object' && typeof id === 'string' ? table[id] : undefined);

/** A copy of a tier ({id, name, perks?, next?}) with its name and perks translated. */
function tier(tr, value) {
    if (!value || typeof value !== 'object') return value;
    const t = pick(tr.tiers, value.id);
    const out = { ...value };
    if (t && typeof t === 'object') {
        out.name = text(t.name, value.name);
        if (Array.isArray(value.perks)) out.perks = textList(t.perks, value.perks);
    } else if (typeof t === 'string') {
        out.name = t;
    }
    if (value.next) out.next = tier(tr, value.next);
    return out;
}

const named = (table, list) =>
    Array.isArray(list) ? list.map((x) => (x && typeof x === 'object' ? { ...x, name: text(pick(table, x.id), x.name) } : x)) : list;

/** The core's validate summary with the program's texts in `tr`'s language. */
function summary(tr, s) {
    if (!s) return s;
    const out = { ...s, name: text(tr.name, s.name), rewards: named(tr.rewards, s.rewards) };
    if (s.earn) out.earn = { ...s.earn, campaigns: named(tr.campaigns, s.earn.campaigns), rules: named(tr.rules, s.earn.rules) };
    if (s.tiers && Array.isArray(s.tiers.levels)) out.tiers = { ...s.tiers, levels: s.tiers.levels.map((l) => tier(tr, l)) };
    return out;
}

/** A status or preview answer of the core with its tiers and rewards translated. */
function answer(tr, r) {
    if (!r || typeof r !== 'object') return r;
    const out = { ...r };
    for (const key of ['tier', 'tier_before', 'tier_after']) if (r[key]) out[key] = tier(tr, r[key]);
    if (r.rewards) out.rewards = named(tr.rewards, r.rewards);
    return out;
}

/**
 * The UI state as a shopper reading `lang` sees it: the same object when the program has no
 * translations for `lang`, else a copy whose summary, status and preview carry translated names,
 * plus `categoryNames` (category id -> name) for the explanations. Never changes `state`.
 */
export function localizeState(state, lang) {
    const tr = translationsFor(state.program, lang);
    if (!tr) return state;
    return {
        ...state,
        summary: summary(tr, state.summary),
        status: answer(tr, state.status),
        preview: answer(tr, state.preview),
        categoryNames: tr.categories && typeof tr.categories === 'object' ? tr.categories : {},
    };
}
