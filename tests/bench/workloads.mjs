// Workloads shared by the wasm benchmarks: a long customer history, a cart, survey answers, and
// the one-million-order CSV from the core's own generator (`loyalty sample-orders`), so native,
// wasm and plain JS all read the very same bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The value after `--name` on the command line, else `fallback`. */
export function arg(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The native CLI: $LOYALTY_CLI, else the first built one among the usual build folders. */
export function findCli() {
    const candidates = [process.env.LOYALTY_CLI, 'build/core/cli/loyalty', 'build-wasm-native/core/cli/loyalty']
        .filter(Boolean)
        .map((p) => resolve(root, p));
    const found = candidates.find((p) => existsSync(p));
    if (!found) {
        throw new Error(`no native loyalty CLI in ${candidates.join(', ')}; build it (cmake -S . -B build && cmake --build build --target loyalty) or set LOYALTY_CLI`);
    }
    return found;
}

/** Path of a generated orders CSV with `count` orders, made once and kept under tests/artifacts/. */
export function ordersCsv(count, { seed = 1, style = 'russian' } = {}) {
    const dir = join(root, 'tests/artifacts');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `orders-${count}-${seed}-${style}.csv`);
    if (!existsSync(path) || statSync(path).size === 0) {
        const cli = findCli();
        execFileSync('bash', ['-c', `"$0" sample-orders --count ${count} --seed ${seed} --style ${style} > "$1"`, cli, path]);
    }
    return path;
}

export function exampleProgram() {
    return JSON.parse(readFileSync(join(root, 'demo/examples/program.json'), 'utf8'));
}

const pad = (n) => String(n).padStart(2, '0');
/** ISO instant in +03:00 for `minutes` after 2020-01-01T00:00+03:00. */
function at(minutes) {
    const d = new Date(Date.UTC(2019, 11, 31, 21, 0) + minutes * 60_000 + 3 * 3600_000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+03:00`;
}

/** A customer with `n` events over the years: purchases of books and stationery, a redemption
 *  every tenth event, a partial refund every 25th; all deterministic. Returns {customer, now}. */
export function longCustomer(n) {
    const events = [];
    let minute = 0;
    let order = 0;
    let balanceGuess = 0;
    for (let i = 0; i < n; i++) {
        minute += 97 + (i % 13) * 7;
        if (i % 25 === 24 && order > 0) {
            events.push({ type: 'refund', order_id: `o${order}`, at: at(minute), amount: 1000 });
        } else if (i % 10 === 9 && balanceGuess > 50) {
            events.push({ type: 'redemption', at: at(minute), points: 10 });
            balanceGuess -= 10;
        } else {
            order++;
            events.push({
                type: 'purchase',
                order_id: `o${order}`,
                at: at(minute),
                lines: [
                    { sku: `b${i % 50}`, category: 'books', price: 50000 + (i % 7) * 1000, quantity: 1 },
                    { sku: `s${i % 9}`, category: 'stationery', price: 12000, quantity: 1 + (i % 3) },
                ],
            });
            balanceGuess += 30;
        }
    }
    return { customer: { id: 'bench', events }, now: at(minute + 60) };
}

export function cart() {
    return {
        lines: [
            { sku: 'book-1', category: 'books', price: 123450, quantity: 1 },
            { sku: 'pen', category: 'stationery', price: 35000, quantity: 2 },
        ],
        shipping: 29900,
    };
}

export function npsResponses(n) {
    return Array.from({ length: n }, (_, i) => (i % 17 === 0 ? { dismissed: true } : (i * 7) % 11));
}
