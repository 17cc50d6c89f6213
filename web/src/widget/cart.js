// The cart a site passes to setCart, made into what the core's preview takes; and core error
// documents as one console line. Pure.

const CART_LINE_FIELDS = ['sku', 'category', 'price', 'quantity'];
const CART_FIELDS = ['order_id', 'shipping', 'discount', 'points_redeemed'];

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
