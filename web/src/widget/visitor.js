// What the widget remembers of a visitor in localStorage, for the core's survey eligibility:
// a random id, the first visit, visits (a visit ends after 30 idle minutes), purchases, and per
// survey when it was last shown, answered or dismissed. Pure functions over plain records;
// reading and writing storage is the caller's (readJson / writeJson guard against a storage that
// throws, as Safari's private mode and disabled cookies do).

/** localStorage keys; one namespace so the widget never collides with the site. */
export const VISITOR_KEY = 'loyalty-widget:visitor';
export const QUEUE_KEY = 'loyalty-widget:survey-queue';

/** A new visit starts after this much inactivity (the usual analytics session). */
export const VISIT_GAP_MS = 30 * 60 * 1000;
/** When the core's answer holds no time it would change at (not sampled, disabled, too few
 *  visits), ask again after a day anyway: the program may have changed. */
export const RECHECK_MS = 24 * 60 * 60 * 1000;
const ORDER_IDS_KEPT = 20;

/** Parses storage[key] as JSON; null when absent, unreadable or not an object. */
export function readJson(storage, key) {
    try {
        const value = JSON.parse(storage.getItem(key));
        return typeof value === 'object' ? value : null; // null stays null
    } catch {
        return null;
    }
}

/** Writes `value` as JSON; false when the storage refuses (full, disabled). */
export function writeJson(storage, key, value) {
    try {
        storage.setItem(key, JSON.stringify(value));
        return true;
    } catch {
        return false;
    }
}

/** A random id: a UUID where the page is a secure context (https, localhost), else 26 or so
 *  base-36 digits from the clock and Math.random (enough to tell visitors apart and sample). */
export function newId() {
    return crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2);
}

/** An instant the core reads: "2026-11-20T09:00:00Z" (fractions of a second dropped). */
function iso(ms) {
    return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function isRecord(v) {
    return typeof v?.id === 'string' && v.id !== '';
}

/**
 * The visitor after a page view at `nowMs`: created on the first view (visits 1), one more
 * visit when the last view was over VISIT_GAP_MS ago. `newId` is used only when creating.
 */
export function recordVisit(visitor, nowMs, newId) {
    if (!isRecord(visitor)) return { id: newId, first_visit: iso(nowMs), visits: 1, purchases: 0, last_seen: nowMs };
    const last = +visitor.last_seen || 0;
    const again = nowMs >= last && nowMs - last < VISIT_GAP_MS;
    return { ...visitor, visits: (+visitor.visits || 0) + (again ? 0 : 1), last_seen: nowMs };
}

/** The visitor after a completed purchase; the same order id counts once. */
export function recordPurchase(visitor, orderId) {
    if (!isRecord(visitor)) return visitor;
    const orders = Array.isArray(visitor.orders) ? visitor.orders.slice() : [];
    const id = orderId === undefined || orderId === null ? '' : String(orderId);
    if (id && orders.includes(id)) return visitor;
    if (id) {
        orders.push(id);
        if (orders.length > ORDER_IDS_KEPT) orders.splice(0, orders.length - ORDER_IDS_KEPT);
    }
    return { ...visitor, purchases: (Number(visitor.purchases) || 0) + 1, orders };
}

/** Raises the purchase count to what the shop's ledger knows (a signed-in customer). */
export function knownPurchases(visitor, purchases) {
    if (!isRecord(visitor) || !Number.isSafeInteger(purchases)) return visitor;
    return purchases > (Number(visitor.purchases) || 0) ? { ...visitor, purchases } : visitor;
}

/** The visitor after a survey was shown, answered or dismissed at `nowMs`. */
export function recordSurvey(visitor, surveyId, what, nowMs) {
    if (!isRecord(visitor)) return visitor;
    const surveys = { ...(visitor.surveys || {}) };
    surveys[surveyId] = { ...(surveys[surveyId] || {}), ['last_' + what]: iso(nowMs) };
    // Whatever the core said before is stale now.
    return { ...visitor, surveys, survey_check: null };
}

/** The "visitor" member of a survey-eligibility request for `surveyId`. */
export function eligibilityVisitor(visitor, surveyId) {
    const s = (visitor.surveys && visitor.surveys[surveyId]) || {};
    const out = {
        id: visitor.id,
        first_visit: visitor.first_visit,
        visits: Math.max(0, Number(visitor.visits) || 0),
        purchases: Math.max(0, Number(visitor.purchases) || 0),
    };
    for (const key of ['last_shown', 'last_answered', 'last_dismissed']) {
        if (typeof s[key] === 'string') out[key] = s[key];
    }
    return out;
}

/**
 * What to remember of the core's eligibility answers for every survey of the program, so the
 * loader can skip loading the core while nothing can have changed: {until, visits, purchases}
 * means "ask again at `until` (ms), or once visits reach `visits` or purchases `purchases`".
 * `answers` are [{eligibility, settings}] (settings as in program.json).
 */
export function surveyCheck(answers, nowMs) {
    let until = Infinity;
    let visits = null;
    let purchases = null;
    for (const { eligibility: e, settings } of answers) {
        if (!e || e.ok === false) continue;
        const at = e.eligible ? nowMs : e.next_check_at ? Date.parse(e.next_check_at) : NaN;
        until = Math.min(until, Number.isFinite(at) ? Math.max(at, nowMs) : nowMs + RECHECK_MS);
        const reasons = e.reasons || [e.reason];
        if (reasons.includes('min_visits') && Number.isInteger(settings?.min_visits)) {
            visits = Math.min(visits ?? Infinity, settings.min_visits);
        }
        if (reasons.includes('min_purchases') && Number.isInteger(settings?.min_purchases)) {
            purchases = Math.min(purchases ?? Infinity, settings.min_purchases);
        }
    }
    return { until: until === Infinity ? nowMs + RECHECK_MS : until, visits, purchases };
}

/** Whether the core should be asked about surveys now (the loader's cheap test). */
export function surveyCheckDue(visitor, nowMs) {
    const c = visitor?.survey_check;
    return !(c?.until > nowMs) || visitor.visits >= (c.visits ?? Infinity) || visitor.purchases >= (c.purchases ?? Infinity);
}
