// Numbers, money and dates as a shopper reads them, through Intl. Pure: no DOM, no clock reads.
//
// Money arrives from the core as integer minor units (kopecks, cents) with an ISO 4217 code and
// the currency's exponent (2 for RUB and USD, 0 for JPY); it is turned into an exact decimal
// string before Intl sees it, so no binary floating point touches an amount.

const LOCALES = { ru: 'ru-RU', en: 'en-US' };
const cache = new Map();

/** Plain spaces beside a digit as no-break spaces (U+00A0): Intl writes "через 8 дней" and
 *  "6 декабря" with plain ones, and a line must not end between a number and its word. */
const keepTogether = (text) => text.replace(/ (?=\d)|(?<=\d) /g, '\u00a0');

/** The Intl locale of a widget language: "ru" -> "ru-RU", "en" -> "en-US", others as given. */
export function localeOf(lang) {
    return LOCALES[lang] || lang;
}

function numberFormat(lang, options) {
    const key = lang + JSON.stringify(options);
    let f = cache.get(key);
    if (!f) {
        f = new Intl.NumberFormat(LOCALES[lang] || lang, options);
        cache.set(key, f);
    }
    return f;
}

/** The exponent of a currency as Intl knows it (2 for "RUB", 0 for "JPY"); 2 when unknown. */
export function currencyExponent(currency) {
    try {
        return numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
        return 2;
    }
}

/**
 * Minor units as an exact decimal string: (12345, 2) -> "123.45", (-5, 2) -> "-0.05",
 * (700, 0) -> "700". Integers beyond 2^53 are refused (null): the core never sends such amounts
 * for a shopper.
 */
export function minorToDecimal(minor, exponent) {
    if (!Number.isSafeInteger(minor) || !Number.isInteger(exponent) || exponent < 0 || exponent > 6) {
        return null;
    }
    const sign = minor < 0 ? '-' : '';
    const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
    if (exponent === 0) return sign + digits;
    return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * An amount in minor units for display: formatMoney(30000, "RUB", 2, "ru") -> "300 ₽",
 * formatMoney(12345, "USD", 2, "en") -> "$123.45". Whole amounts drop the zero fraction.
 */
export function formatMoney(minor, currency, exponent, lang) {
    const exp = Number.isInteger(exponent) ? exponent : currencyExponent(currency);
    const decimal = minorToDecimal(minor, exp);
    if (decimal === null) return '';
    const whole = exp === 0 || /\.0+$/.test(decimal);
    try {
        return keepTogether(
            numberFormat(lang, {
                style: 'currency',
                currency,
                currencyDisplay: 'narrowSymbol',
                minimumFractionDigits: whole ? 0 : exp,
                maximumFractionDigits: exp,
            }).format(decimal),
        );
    } catch {
        return `${decimal}\u00a0${currency}`;
    }
}

/** A whole number with the language's grouping: 12345 -> "12 345" (ru), "12,345" (en). */
export function formatNumber(n, lang) {
    return numberFormat(lang, { maximumFractionDigits: 2 }).format(n);
}

/** A decimal string from the core ("1.25", "44.50", "0.495", "-0.5") in the language's
 *  notation, every digit kept (up to 20 places; trailing zeros dropped): "0,495" (ru). */
export function formatDecimal(text, lang) {
    const s = String(text);
    if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
    return numberFormat(lang, { maximumFractionDigits: 20 }).format(s);
}

/** A share from the core ("0.3", "30%") as a percentage: "30 %" (ru), "30%" (en). */
export function formatShare(text, lang) {
    const s = String(text).trim();
    const m = /^(\d+(?:\.\d+)?)%$/.exec(s);
    const value = m ? String(Number(m[1]) / 100) : s;
    if (!/^\d+(\.\d+)?$/.test(value)) return s;
    return keepTogether(numberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(value));
}

/** The calendar day of an instant the core wrote ("2026-12-01T19:02:00+03:00"): it is the
 *  program's local day, so it is read from the text, never converted through a time zone. */
export function localDay(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ''));
    return m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
}

function dayNumber(d) {
    return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86400000);
}

/** Whole calendar days from the day of `fromIso` to the day of `toIso` (both core instants). */
export function daysBetween(fromIso, toIso) {
    const a = localDay(fromIso);
    const b = localDay(toIso);
    if (!a || !b) return null;
    return dayNumber(b) - dayNumber(a);
}

/**
 * The day of a core instant as a date: "1 декабря" / "December 1", with the year when it is not
 * the year of `nowIso`.
 */
export function formatDate(iso, lang, nowIso) {
    const d = localDay(iso);
    if (!d) return '';
    const now = localDay(nowIso);
    const options = { day: 'numeric', month: 'long', timeZone: 'UTC' };
    if (!now || now.year !== d.year) options.year = 'numeric';
    const key = 'date' + lang + (options.year ? 'y' : '');
    let f = cache.get(key);
    if (!f) {
        f = new Intl.DateTimeFormat(LOCALES[lang] || lang, options);
        cache.set(key, f);
    }
    return keepTogether(f.format(new Date(Date.UTC(d.year, d.month - 1, d.day))));
}

/** A short numeric date for history rows: "02.10.2026" (ru), "10/2/2026" (en). */
export function formatShortDate(iso, lang) {
    const d = localDay(iso);
    if (!d) return '';
    const key = 'short' + lang;
    let f = cache.get(key);
    if (!f) {
        f = new Intl.DateTimeFormat(LOCALES[lang] || lang, {
            day: '2-digit',
            month: '2-digit',
            year: 'numeric',
            timeZone: 'UTC',
        });
        cache.set(key, f);
    }
    return f.format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
}

/** "через 12 дней" / "in 12 days"; "завтра" / "tomorrow"; "сегодня" / "today". */
export function formatRelativeDays(days, lang) {
    const key = 'rel' + lang;
    let f = cache.get(key);
    if (!f) {
        f = new Intl.RelativeTimeFormat(LOCALES[lang] || lang, { numeric: 'auto' });
        cache.set(key, f);
    }
    return keepTogether(f.format(days, 'day'));
}

/** Milliseconds since the epoch as an instant the core reads, in UTC and whole seconds:
 *  isoInstant(0) -> "1970-01-01T00:00:00Z". */
export function isoInstant(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The formatters of `lang` (and of `currency`, when known), created ahead of need: creating an
 * Intl formatter loads locale data and is the slowest thing the widget does on the main thread,
 * so each one is built in a task of its own while the data and the core are still on their way,
 * never all at once in the task that draws the panel. Returns the list of warm-up steps, each a
 * function to run in its own task.
 */
export function warmUpSteps(lang, currency) {
    const day = '2026-01-02T00:00:00Z';
    const steps = [
        () => formatNumber(1234, lang),
        () => formatShare('0.3', lang),
        () => formatDate(day, lang, day),
        () => formatDate(day, lang, '2027-01-01'),
        () => formatShortDate(day, lang),
        () => formatRelativeDays(2, lang),
    ];
    if (currency) {
        steps.unshift(
            () => formatMoney(100, currency, undefined, lang),
            () => formatMoney(150, currency, undefined, lang),
        );
    }
    return steps;
}
