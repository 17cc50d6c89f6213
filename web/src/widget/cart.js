// The cart a site passes to setCart, made into what the core's preview takes; and core error
// documents as one console line. Pure.

const CART_LINE_FIELDS = ['sku', 'category', 'price', 'quantity', 'tax'];
// `offers` as the site gives them (the ids of the shopper's personal offers); the UI puts their
// terms in their place before the preview (offers.js cartOfferTerms).
const CART_FIELDS = ['order_id', 'shipping', 'shipping_tax', 'taxes_included', 'discount', 'points_redeemed', 'rewards', 'offers'];

/** "/earn/rate: expected ...; /tiers: ..." from a core error document (first three). */
export function describeErrors(errors) {
    const list = Array.isArray(errors) ? errors : [];
    const text = list.slice(0, 3).map((e) => `${e.path || '(document)'}: ${e.message}`).join('; ');
    return list.length > 3 ? `${text}; and ${list.length - 3} more` : text;
}

/** The cart as the core's preview takes it, and the product names the site gave. */
export function normalizeCart(cart) {
    if (!cart || typeof cart !== 'object' || !Array.isArray(cart.lines)) return null;
    const names = {};
    const lines = cart.lines.map((line) => {
        const out = {};
        for (const k of CART_LINE_FIELDS) if (line && line[k] !== undefined) out[k] = line[k];
        if (line && typeof line.name === 'string' && typeof line.sku === 'string') names[line.sku] = line.name;
        return out;
    });
    const out = { lines };
    for (const k of CART_FIELDS) if (cart[k] !== undefined) out[k] = cart[k];
    return { cart: out, names };
}

/**
 * The points a shopper may pay this cart with, from the preview's `redeem`: {min, max, step}, min
 * being the smallest bookable amount (the first multiple of `step` not under `min_points`) and max
 * the preview's `max_points` (a multiple of `step`); null when no amount is bookable.
 */
export function pointsChoices(redeem) {
    const r = redeem || {};
    const step = r.step > 0 ? r.step : 1;
    const max = r.max_points > 0 ? r.max_points - (r.max_points % step) : 0;
    const min = Math.max(step, Math.ceil((r.min_points || 0) / step) * step);
    return max >= min ? { min, max, step } : null;
}

/** `n` made one of `choices`: rounded down to the step, kept within min..max; max when n is not a number. */
export function choosePoints(n, choices) {
    const { min, max, step } = choices;
    return Number.isFinite(n) ? Math.max(min, Math.min(max, n - (n % step))) : max;
}
