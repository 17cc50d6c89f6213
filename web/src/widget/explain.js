// Explanation lines of the core ({kind, label, category, amount, factor, points}) and history
// entries turned into sentences a shopper reads. Pure: every name comes from the program summary
// (the core's validate answer) or the cart the site gave; nothing is looked up elsewhere.

import { formatDecimal, formatMoney, formatNumber } from './format.js';

/**
 * Everything the sentences need: a translator `t` (from i18n.translator), the program summary
 * of the core's validate operation, optional product names by sku from the cart, and optional
 * category names by id (the program's display.translations, see localize.js).
 */
export function explainContext(t, summary, productNames = {}, categoryNames = {}) {
    const s = summary || {};
    const byId = (list) => Object.fromEntries((list || []).map((x) => [x.id, x.name]));
    return {
        t,
        lang: t.lang,
        currency: s.currency || 'RUB',
        exponent: Number.isInteger(s.currency_exponent) ? s.currency_exponent : 2,
        minOrder: (s.earn && s.earn.min_order) || 0,
        inactiveDays: (s.expiry && s.expiry.inactive_days) || 0,
        campaigns: byId(s.earn && s.earn.campaigns),
        rules: Object.fromEntries(((s.earn && s.earn.rules) || []).map((r) => [r.id, r])),
        tiers: byId(s.tiers && s.tiers.levels),
        rewards: byId(s.rewards),
        productNames,
        categories: categoryNames || {},
    };
}

/**
 * Points as the core wrote them (a number, "76", "44.50", "0.495", "-859/2684") with a sign:
 * "+76", "−12,5", "+0,495", "≈ −0,32", "0". The core's text is exact (docs/api.md). Decided
 * here: a decimal keeps every digit (trailing zeros dropped, as always); a fraction, which no
 * decimal writes exactly, is rounded to two places and marked "≈" (and so would be a decimal
 * beyond Intl's 20 places), rather than shown as "−859/2684", which a shopper cannot read.
 */
export function signedPoints(points, lang) {
    const m = /^(-?)(\d+)(?:(\.\d+)|\/(\d+))?$/.exec(String(points));
    if (!m) return String(points);
    const [, minus, whole, decimals = '', den] = m;
    const magnitude = den ? formatNumber(whole / den, lang) : formatDecimal(whole + decimals, lang);
    const sign = !/[1-9]/.test(magnitude) ? '' : minus ? '\u2212' : '+';
    return (den || decimals.length > 21 ? '\u2248\u00a0' : '') + sign + magnitude;
}

function money(ctx, minor) {
    return formatMoney(minor, ctx.currency, ctx.exponent, ctx.lang);
}

function itemName(ctx, line) {
    const name = line.label && ctx.productNames[line.label];
    return name || line.label || ctx.categories[line.category] || line.category || '';
}

/**
 * Whether `name` ends with the multiplier `factor` already: "Points ×2", "баллы х2" (Cyrillic),
 * "Gold x1.5", "×2,0" for "2". A letter x right after a letter ("Fax 2") is no sign.
 */
function statesFactor(name, factor) {
    const m = /(?:×|(?<!\p{L})[xх])\s?(\d+(?:[.,]\d+)?)\s*$/iu.exec(String(name ?? ''));
    return m !== null && Number(m[1].replace(',', '.')) === Number(factor);
}

/** A multiplier line (category, campaign, tier): "Акция «…» ×2", or without "×2" when the name
 *  says it already, so a campaign "Points ×2" never reads "Points ×2 ×2". */
function multiplied(ctx, key, name, line) {
    if (statesFactor(name, line.factor)) return ctx.t(key + '_named', { name });
    return ctx.t(key, { name, factor: line.factor !== undefined ? formatDecimal(line.factor, ctx.lang) : '' });
}

/** A rule of earn.rules by its name, or, when the shop gave none, by what it earns ("5 points
 *  for every ₽100", "10 points each"): its id is the shop's key, not a text for shoppers. */
function ruleName(ctx, rule) {
    if (rule.name) return rule.name;
    const points = ctx.t('points_n', { n: formatNumber(rule.points, ctx.lang), count: rule.points });
    return rule.kind === 'per_unit' ? ctx.t('w_per_unit', { points }) : ctx.t('guest_earn', { points, money: money(ctx, rule.per_amount) });
}

/** One explanation line as {kind, text, points}; `points` is signed text ("+76"). */
export function explainLine(ctx, line) {
    const { t } = ctx;
    let text;
    // Fixed points per unit: the count of units ("Книга X × 3") is what earned, not the money.
    const unit = line.kind === 'per_unit' && ctx.rules && ctx.rules[line.rule];
    const units = unit && unit.points > 0 ? Number(line.points) / unit.points : NaN;
    switch (Number.isInteger(units) ? 'units' : line.kind) {
        case 'units':
            text = t('w_units', { item: itemName(ctx, line), n: formatNumber(units, ctx.lang) });
            break;
        case 'base':
        case 'per_unit': // a per_unit line whose rule the summary does not list: as a base line
            text =
                line.amount !== undefined
                    ? t('w_base_amount', { item: itemName(ctx, line), money: money(ctx, line.amount) })
                    : t('w_base', { item: itemName(ctx, line) });
            break;
        case 'shipping': // earn.shipping "included": what was paid for the shipping
            text = t('w_shipping', { money: money(ctx, line.amount || 0) });
            break;
        case 'category':
            text = multiplied(ctx, 'w_category', ctx.categories[line.label] || line.label, line);
            break;
        case 'campaign':
            text = multiplied(ctx, 'w_campaign', ctx.campaigns[line.label] || line.label, line);
            break;
        case 'tier':
            text = multiplied(ctx, 'w_tier', ctx.tiers[line.label] || line.label, line);
            break;
        case 'offer':
            // A personal offer's multiplier (label: the offer's id, which means nothing to a shopper).
            text = t('w_offer', { factor: line.factor !== undefined ? formatDecimal(line.factor, ctx.lang) : '' });
            break;
        case 'rounding':
            text = t('w_rounding');
            break;
        case 'campaign_bonus':
            text = t('w_campaign_bonus', { name: ctx.campaigns[line.label] || line.label });
            break;
        case 'first_purchase':
            text = t('bonus_first_purchase');
            break;
        case 'bonus':
            text = t('bonus_' + line.label);
            if (text === 'bonus_' + line.label) text = t('h_bonus');
            break;
        case 'excluded':
            text = t('w_excluded', { item: itemName(ctx, line) });
            break;
        case 'min_order':
            text = t('w_min_order', { money: money(ctx, ctx.minOrder) });
            break;
        case 'refund':
            text = t('w_refund', { money: money(ctx, line.amount || 0) });
            break;
        case 'redeemed_returned':
            text = t('w_redeemed_returned');
            break;
        case 'reward':
            text = t('w_reward', { name: ctx.rewards[line.label] || line.label });
            break;
        case 'expiry':
            text = t('w_expiry');
            break;
        case 'inactivity': // expiry.inactive_days passed without a purchase or redemption
            text = ctx.inactiveDays ? t('w_inactivity', { n: ctx.inactiveDays }) : t('w_expiry');
            break;
        case 'adjustment':
            text = t('w_adjustment');
            break;
        case 'tier_floor':
            text = line.label ? t('w_tier_floor', { name: ctx.tiers[line.label] || line.label }) : t('w_tier_floor_off');
            break;
        default:
            text = line.label || line.kind || '';
    }
    // An earn.rules line names its rule (docs/program.md#earnrules): "Pen: 800 ₽ · Books ×2".
    const rule = line.rule && ctx.rules && ctx.rules[line.rule];
    if (rule) text += ` · ${ruleName(ctx, rule)}`;
    return { kind: line.kind, text, points: signedPoints(line.points, ctx.lang) };
}

/** Every line of an explanation, in the core's order (base, multipliers, offers, rounding, bonuses). */
export function explainLines(ctx, lines) {
    return (Array.isArray(lines) ? lines : []).map((line) => explainLine(ctx, line));
}

/** The title of a history entry: "Покупка A-1005", "Бонус за отзыв", "Награда «…»". */
export function historyTitle(ctx, entry) {
    const { t } = ctx;
    const first = (entry.explanation && entry.explanation[0]) || {};
    switch (entry.type) {
        case 'purchase':
            return t('h_purchase', { id: entry.id || '' }).trim();
        case 'refund':
            return t('h_refund', { id: entry.id || '' }).trim();
        case 'redemption':
            if (first.kind === 'reward' && first.label) {
                return t('h_redemption_reward', { name: ctx.rewards[first.label] || first.label });
            }
            return entry.id ? `${t('h_redemption')} · ${entry.id}` : t('h_redemption');
        case 'bonus': {
            const text = first.label ? t('bonus_' + first.label) : '';
            return text && !text.startsWith('bonus_') ? text : t('h_bonus');
        }
        case 'expiry':
            return t('h_expiry');
        case 'adjustment':
            // The shop's reason ("sorry for the late delivery": an apology bonus) is the title.
            return entry.reason ? `${t('h_adjustment')} · ${entry.reason}` : t('h_adjustment');
        case 'tier': // the shop set a tier by hand (a floor), or removed it
            return explainLine(ctx, first).text;
        default:
            return entry.type || '';
    }
}
