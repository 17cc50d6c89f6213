// Personal offers (docs/server.md, "Personal offers"): the shop gives one shopper a time-boxed
// offer, the customer endpoint lists it in `offers`, and the widget shows it ("25% off your order,
// ends in 3 days") and previews a cart that names it. Pure: no DOM, no clock reads (`now` is the
// widget's clock in ms, the shop's clock offset already added), no fetch.
//
// An offer as the endpoint sends it: {id, kind, percent?, multiplier?, product_id?, value?,
// title?, starts, ends, uses, uses_limit, status: "scheduled" | "active", created_at}. The core's
// preview takes only the terms ({id, kind, percent?, multiplier?, product_id?, value?, starts?,
// ends?}: it refuses unknown keys such as title or status).

import { formatDate, formatDecimal, formatNumber, formatShare, isoInstant } from './format.js';

/** The kinds of offer the core applies. */
export const OFFER_KINDS = ['percent_off', 'free_shipping', 'gift', 'points_multiplier'];

/** The members of an offer the core's preview takes (docs/program.md, "Personal offers on an order"). */
const TERMS = ['id', 'kind', 'percent', 'multiplier', 'product_id', 'value', 'starts', 'ends'];

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Milliseconds of an instant the server wrote; NaN when missing or unreadable. */
const ms = (iso) => (typeof iso === 'string' ? Date.parse(iso) : NaN);

/** The terms of `offer` as the core's preview takes them: only the core's members. */
export function offerTerms(offer) {
    const out = {};
    for (const k of TERMS) if (offer[k] !== undefined && offer[k] !== null) out[k] = offer[k];
    return out;
}

/** Whether `offer` may be used at `now`: begun (or no start) and not ended (or no end). */
export function isActive(offer, now) {
    const starts = ms(offer.starts);
    const ends = ms(offer.ends);
    return !(starts > now) && !(ends <= now);
}

/**
 * The offers of the customer endpoint's answer that a shopper can see at `now`: well-formed (an
 * id, a known kind), not ended by `now`, and not voided or used up; each with `active` (begun at
 * `now`) and the endpoint's other members as they came. In the endpoint's order (soonest end first).
 */
export function currentOffers(offers, now) {
    if (!Array.isArray(offers)) return [];
    return offers
        .filter((o) => o && typeof o === 'object' && typeof o.id === 'string' && OFFER_KINDS.includes(o.kind))
        .filter((o) => o.status === undefined || o.status === 'active' || o.status === 'scheduled')
        .filter((o) => !(ms(o.ends) <= now))
        .map((o) => ({ ...o, active: isActive(o, now) }));
}

/**
 * The cart's `offers` (the site names the shopper's offers by id: ['sorry-25']) made into the
 * terms the core takes, from the shopper's offers (`offers`, the endpoint's list) active at
 * `now`. An id that is not among them (unknown, ended, not begun) is left out and listed in
 * `dropped`; an object in the list is taken as terms already (a site that has them), cut to the
 * core's members. Returns {offers: [terms], dropped: [ids]}; a cart without offers gives
 * {offers: undefined, dropped: []}.
 */
export function cartOfferTerms(ids, offers, now) {
    if (ids === undefined || ids === null) return { offers: undefined, dropped: [] };
    const list = Array.isArray(ids) ? ids : [ids];
    const usable = currentOffers(offers, now).filter((o) => o.active);
    const out = [];
    const dropped = [];
    for (const item of list) {
        if (item && typeof item === 'object') {
            out.push(offerTerms(item));
            continue;
        }
        const offer = usable.find((o) => o.id === item);
        if (offer && !out.some((x) => x.id === offer.id)) out.push(offerTerms(offer));
        else if (!offer) dropped.push(String(item));
    }
    return { offers: out, dropped };
}

/**
 * The hook of the UI's preview: `cart` (normalized, about to be previewed) gets the terms of the
 * offers it names in place of their ids (`cartOfferTerms`), or loses `offers` when none is left.
 * Returns the console messages to tell, each dropped offer once per shopper (`told`: a Set the
 * caller keeps).
 */
export function withOfferTerms(cart, offers, customerId, now, told) {
    if (cart.offers === undefined) return [];
    const r = cartOfferTerms(cart.offers, offers, now);
    if (r.offers.length) cart.offers = r.offers;
    else delete cart.offers;
    const who = customerId || '(a guest)';
    const messages = [];
    for (const id of r.dropped) {
        if (told.has(who + '\n' + id)) continue;
        told.add(who + '\n' + id);
        messages.push(`the cart names the offer "${id}", which ${who} does not have or which is not active now; the preview is without it`);
    }
    return messages;
}

/**
 * What the offer gives, in the shopper's language: "25% off your order", "Free delivery",
 * "A gift: Leather bookmark", "Points ×2". `t` is a translator (i18n.js); `productNames` maps
 * a gift's product id (sku) to its name.
 */
export function describeOffer(t, offer, productNames = {}) {
    switch (offer.kind) {
        case 'percent_off':
            return t('offer_percent_off', { percent: formatShare(offer.percent, t.lang) });
        case 'free_shipping':
            return t('offer_free_shipping');
        case 'gift':
            return t('offer_gift', { name: (productNames && productNames[offer.product_id]) || offer.product_id || '' });
        case 'points_multiplier':
            return t('offer_points_multiplier', { factor: formatDecimal(offer.multiplier, t.lang) });
        default:
            return offer.id;
    }
}

/**
 * How long the offer lasts, from `now`: "ends in 3 days" / "ещё 3 дня" (whole days, rounded),
 * under a day "ends in 5 hours" / "ещё 5 часов" (at least 1); one not begun "starts on
 * 8 December" / "начнётся 8 декабря" (the day of `starts` as the server wrote it). Empty when the
 * offer has no readable end (and has begun), or has ended.
 */
export function offerCountdown(t, offer, now) {
    const starts = ms(offer.starts);
    if (starts > now) return t('offer_starts', { date: formatDate(offer.starts, t.lang, isoInstant(now)) });
    const left = ms(offer.ends) - now;
    if (!(left > 0)) return '';
    if (left < DAY) {
        const n = Math.max(1, Math.round(left / HOUR));
        if (n < 24) return t('offer_ends_hours', { n: formatNumber(n, t.lang), count: n });
    }
    const n = Math.max(1, Math.round(left / DAY));
    return t('offer_ends_days', { n: formatNumber(n, t.lang), count: n });
}

/**
 * When what `offerCountdown` and `currentOffers` say next changes, in ms after `now` (at least a
 * second): an offer ends or begins, an hours countdown ticks (its rounded hour changes); at most
 * an hour away while any offer is shown; null with none. The panel draws itself again then.
 */
export function nextOfferChange(offers, now) {
    const shown = currentOffers(offers, now);
    if (!shown.length) return null;
    let soonest = HOUR;
    for (const o of shown) {
        for (const at of [ms(o.starts), ms(o.ends)]) if (at > now) soonest = Math.min(soonest, at - now);
        const left = ms(o.ends) - now;
        if (left < DAY + HOUR) soonest = Math.min(soonest, ((((left - HOUR / 2) % HOUR) + HOUR) % HOUR) || HOUR);
    }
    return Math.max(1000, soonest);
}
