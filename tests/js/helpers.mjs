// Shared helpers of the JS tests: where the built modules are, loading engines, the shared
// vectors, and a canonical JSON form that keeps 64-bit integers exact (JSON.parse would round
// anything beyond 2^53, hiding a difference between the native and the wasm answers).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The folder holding what ships: web/dist (from `bash web/build.sh`), or LOYALTY_WASM_DIST. */
export const distDir = resolve(root, process.env.LOYALTY_WASM_DIST || 'web/dist');

export function requireDist() {
    const missing = ['engine.js', 'loyalty-widget.js', 'loyalty-widget.wasm', 'loyalty-calculator.js', 'loyalty-calculator.wasm',
        'loyalty-calculator-simd.js', 'loyalty-calculator-simd.wasm']
        .filter((f) => !existsSync(join(distDir, f)));
    if (missing.length) {
        throw new Error(`${distDir} lacks ${missing.join(', ')}: build the wasm modules first (bash web/build.sh)`);
    }
}

let apiPromise;
/** The shipped JS API (web/dist/engine.js). */
export function api() {
    requireDist();
    apiPromise ??= import(pathToFileURL(join(distDir, 'engine.js')).href);
    return apiPromise;
}

/** An engine over the shipped module `kind`; `extra` adds options ({simd: false}...). */
export async function engine(kind, extra = {}) {
    const { createLoyaltyEngine } = await api();
    return createLoyaltyEngine({ module: kind, baseUrl: pathToFileURL(distDir + '/'), ...extra });
}

export const vectorsDir = join(root, 'tests/vectors');

/** Every vector: {file, operation, description, requestText, responseCanonical, request?}. */
export function loadVectors() {
    return readdirSync(vectorsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((file) => {
            const text = readFileSync(join(vectorsDir, file), 'utf8');
            const doc = parseWithSpans(text);
            const member = (key) => doc.value.members.find(([k]) => k === key)?.[1];
            const request = member('request');
            const requestText = member('request_text');
            const response = member('response');
            return {
                file,
                operation: JSON.parse(text).operation,
                description: JSON.parse(text).description,
                // The request exactly as written in the file: nlohmann parses it to the same value
                // the native runner dumps and re-parses.
                requestText: request ? text.slice(request.start, request.end) : JSON.parse(text).request_text,
                hasObjectRequest: Boolean(request),
                responseCanonical: canonical(response),
            };
        });
}

// ---- canonical JSON -------------------------------------------------------------------------

/** Parses JSON text into a tree that keeps each number's literal and each value's source span.
 *  Throws SyntaxError on invalid JSON. */
export function parseWithSpans(text) {
    let i = 0;
    const ws = () => {
        while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
    };
    const fail = (what) => {
        throw new SyntaxError(`${what} at offset ${i}`);
    };
    function value() {
        ws();
        const start = i;
        const c = text[i];
        let node;
        if (c === '{') {
            i++;
            const members = [];
            ws();
            if (text[i] === '}') i++;
            else {
                for (;;) {
                    ws();
                    if (text[i] !== '"') fail('expected a key');
                    const key = string();
                    ws();
                    if (text[i++] !== ':') fail('expected :');
                    members.push([key, value()]);
                    ws();
                    if (text[i] === ',') i++;
                    else if (text[i] === '}') {
                        i++;
                        break;
                    } else fail('expected , or }');
                }
            }
            node = { type: 'object', members };
        } else if (c === '[') {
            i++;
            const items = [];
            ws();
            if (text[i] === ']') i++;
            else {
                for (;;) {
                    items.push(value());
                    ws();
                    if (text[i] === ',') i++;
                    else if (text[i] === ']') {
                        i++;
                        break;
                    } else fail('expected , or ]');
                }
            }
            node = { type: 'array', items };
        } else if (c === '"') {
            node = { type: 'string', value: string() };
        } else if (text.startsWith('true', i)) {
            i += 4;
            node = { type: 'literal', value: 'true' };
        } else if (text.startsWith('false', i)) {
            i += 5;
            node = { type: 'literal', value: 'false' };
        } else if (text.startsWith('null', i)) {
            i += 4;
            node = { type: 'literal', value: 'null' };
        } else {
            const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
            if (!m) fail('unexpected character');
            i += m[0].length;
            node = { type: 'number', literal: m[0] };
        }
        node.start = start;
        node.end = i;
        return node;
    }
    function string() {
        const start = i;
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        if (i >= text.length) fail('unterminated string');
        i++;
        return JSON.parse(text.slice(start, i));
    }
    const v = value();
    ws();
    if (i !== text.length) fail('trailing text');
    return { value: v };
}

/** One number's canonical text: integers exactly (BigInt), other numbers as the double they
 *  denote, integral doubles as integers, so that 5 and 5.0 compare equal as nlohmann does. */
function canonicalNumber(literal) {
    if (!/[.eE]/.test(literal)) return BigInt(literal).toString();
    const d = Number(literal);
    if (Number.isInteger(d) && Math.abs(d) <= Number.MAX_SAFE_INTEGER) return String(d);
    return String(d);
}

/** A node's canonical text: keys sorted, no spaces, numbers canonical. */
export function canonical(node) {
    switch (node.type) {
        case 'object': {
            const seen = new Map();
            for (const [k, v] of node.members) seen.set(k, v); // last duplicate wins
            return `{${[...seen.keys()].sort().map((k) => `${JSON.stringify(k)}:${canonical(seen.get(k))}`).join(',')}}`;
        }
        case 'array':
            return `[${node.items.map(canonical).join(',')}]`;
        case 'string':
            return JSON.stringify(node.value);
        case 'number':
            return canonicalNumber(node.literal);
        default:
            return node.value;
    }
}

export function canonicalText(text) {
    return canonical(parseWithSpans(text).value);
}

/** A valid program for tests that need one: the example shop's. */
export function exampleProgram() {
    return JSON.parse(readFileSync(join(root, 'demo/examples/program.json'), 'utf8'));
}

// ---- exact explanation points ---------------------------------------------------------------

/** Explanation points text as an exact fraction {num, den} of BigInts, read independently of the
 *  core: an integer ("-238"), a decimal ("0.495", "-0.50") or a fraction ("-859/2684"); null on
 *  anything else. */
export function exactPoints(text) {
    const m = /^(-?)(\d+)(?:\.(\d+)|\/(\d+))?$/.exec(String(text));
    if (!m || /^0+$/.test(m[4] ?? '1')) return null;
    const sign = m[1] ? -1n : 1n;
    if (m[3] !== undefined) return { num: sign * BigInt(m[2] + m[3]), den: 10n ** BigInt(m[3].length) };
    return { num: sign * BigInt(m[2]), den: BigInt(m[4] ?? '1') };
}

/**
 * Every explanation in a response (a parseWithSpans tree, so that integers stay exact), at any
 * depth, must add up exactly to the integer `points` beside it, less that entry's `uncollected`.
 * Returns {checked, problems}: how many explanations were seen and one line per one that does not.
 */
export function explanationSums(node, at = '', out = { checked: 0, problems: [] }) {
    if (node.type === 'array') node.items.forEach((item, i) => explanationSums(item, `${at}/${i}`, out));
    if (node.type !== 'object') return out;
    const member = (key) => node.members.find(([k]) => k === key)?.[1];
    for (const [key, value] of node.members) explanationSums(value, `${at}/${key}`, out);
    const lines = member('explanation');
    if (!lines) return out;
    out.checked++;
    const points = member('points');
    if (lines.type !== 'array' || points?.type !== 'number' || /[.eE]/.test(points.literal)) {
        out.problems.push(`${at}: an explanation without integer points beside it`);
        return out;
    }
    const uncollected = member('uncollected');
    let num = uncollected?.type === 'number' ? BigInt(uncollected.literal) : 0n;
    let den = 1n;
    for (const [k, line] of lines.items.entries()) {
        const text = line.type === 'object' && line.members.find(([key]) => key === 'points')?.[1];
        const f = text?.type === 'string' ? exactPoints(text.value) : null;
        if (!f) {
            out.problems.push(`${at}/explanation/${k}: points are not exact text`);
            return out;
        }
        [num, den] = [num * f.den + f.num * den, den * f.den];
    }
    if (num !== BigInt(points.literal) * den) {
        let [a, b] = [num < 0n ? -num : num, den];
        while (b) [a, b] = [b, a % b];
        out.problems.push(`${at}: the lines add up to ${num / a}/${den / a}, not to points ${points.literal}`);
    }
    return out;
}
