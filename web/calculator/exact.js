// Exact decimal arithmetic for the calculator's estimates: money stays an integer of minor units
// and every rate a BigInt scaled by a power of ten, so a number shown beside its formula is the
// formula's exact result rounded once, half up, never a binary float's approximation.

/** a / b rounded half away from zero, both BigInt, b != 0. */
export function divRound(a, b) {
    if (b < 0n) { a = -a; b = -b; }
    const q = a / b;
    const r = a % b;
    if (2n * (r < 0n ? -r : r) >= b) return a < 0n ? q - 1n : q + 1n;
    return q;
}

/** A rate the core printed with at most 4 decimals (0.2479) -> 2479n, exactly. */
export function rate4(x) {
    if (typeof x !== 'number' || !Number.isFinite(x)) return null;
    return BigInt(Math.round(x * 10000));
}

/** "5", "5,5", " 12.25 " -> hundredths as BigInt (500n, 550n, 1225n); null when it is not a
 *  plain non-negative decimal with at most two decimals. */
export function hundredths(text) {
    const s = String(text ?? '').trim().replace(',', '.');
    const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
    if (!m) return null;
    return BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0'));
}

/** "1 234,5" in the main unit -> minor units as a Number (exponent decimals at most); null when
 *  it is not a plain non-negative amount. */
export function parseMoney(text, exponent) {
    const s = String(text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
    const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(s);
    if (!m || (m[2] && m[2].length > exponent)) return null;
    return Number(BigInt(m[1]) * 10n ** BigInt(exponent) + BigInt((m[2] || '').padEnd(exponent, '0') || '0'));
}

/** Days from ISO day `from` to `to`, both included. */
export function daysInclusive(from, to) {
    const d = (s) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
    return Math.round((d(to) - d(from)) / 86400000) + 1;
}
