// Builds the calculator page into <dist>/calculator/, a folder that works on its own (serve it at
// any path): index.html, calculator.js (bundled and minified by esbuild), calculator.css
// (minified), copies of the calculator module's files from <dist> (calculator-client.js, engine.js,
// calculator-worker.js, loyalty-calculator.js and .wasm, put there by assemble-dist.mjs) and
// sample-orders.csv (20 000 generated orders: the native CLI's
// `loyalty sample-orders --count 20000 --seed 7` when a built CLI is found, else the same columns
// from a small deterministic generator here). Run after web/build.sh (which empties <dist>).
//
//   node web/tools/build-calculator.mjs [--dist web/dist] [--cli path/to/loyalty]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = { dist: 'web/dist', cli: process.env.LOYALTY_CLI || '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
    args[key] = argv[i + 1];
}
const dist = resolve(root, args.dist);
const out = join(dist, 'calculator');
mkdirSync(out, { recursive: true });

const MODULE_FILES = ['calculator-client.js', 'engine.js', 'calculator-worker.js', 'loyalty-calculator.js', 'loyalty-calculator.wasm',
    'loyalty-calculator-simd.js', 'loyalty-calculator-simd.wasm'];
for (const f of MODULE_FILES) {
    if (!existsSync(join(dist, f))) {
        console.error(`build-calculator: ${join(dist, f)} is missing; run bash web/build.sh first`);
        process.exit(1);
    }
    copyFileSync(join(dist, f), join(out, f));
}

const esbuild = await import('esbuild');
await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['web/calculator/calculator.js'],
    outfile: join(out, 'calculator.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
    external: ['./calculator-client.js'],
});
// The .xlsx reader: its own chunk, fetched only when the owner drops an Excel file.
await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['web/calculator/xlsx-worker.js'],
    outfile: join(out, 'xlsx-worker.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [{
        // read-excel-file's fflate unzip, in the worker itself (see web/calculator/fflate-sync.js).
        name: 'fflate-sync',
        setup(b) {
            b.onResolve({ filter: /^fflate$/ }, (a) => (a.importer.includes('read-excel-file') ? { path: join(root, 'web/calculator/fflate-sync.js') } : undefined));
        },
    }],
});
for (const css of ['calculator.css', 'report.css']) {
    await esbuild.build({
        absWorkingDir: root,
        entryPoints: [`web/calculator/${css}`],
        outfile: join(out, css),
        minify: true,
        logLevel: 'warning',
    });
}
copyFileSync(join(root, 'web/calculator/index.html'), join(out, 'index.html'));

function findCli() {
    const candidates = [args.cli, 'build-ci', 'build', 'build-demo', 'build-lead', 'build-harness', 'build-widget']
        .filter(Boolean)
        .map((c) => (c.endsWith('loyalty') ? resolve(root, c) : join(root, c, 'core/cli/loyalty')));
    return candidates.find((c) => existsSync(c));
}

/** Same shape as the CLI's Russian-style export; deterministic (xorshift32 from the seed). */
function generateSample(count, seed) {
    let s = seed >>> 0 || 1;
    const rnd = () => {
        s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
        return s / 4294967296;
    };
    const cities = ['Москва', 'Санкт-Петербург', 'Казань', 'Пермь', 'Новосибирск'];
    const lines = ['Номер заказа;Дата;Клиент;Город;Доставка;Сумма'];
    const customers = Math.max(1, Math.round(count / 3));
    const start = Date.UTC(2024, 0, 1);
    const span = 730 * 86400000;
    for (let i = 0; i < count; i++) {
        const c = Math.floor(rnd() ** 1.6 * customers);
        const d = new Date(start + Math.floor(rnd() * span));
        const date = `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()} 12:00`;
        const rub = 300 + Math.floor(rnd() ** 2 * 12000);
        const amount = `${rub >= 1000 ? Math.floor(rub / 1000) + ' ' + String(rub % 1000).padStart(3, '0') : rub},00`;
        lines.push(`${100001 + i};${date};customer${c}@example.ru;${cities[c % cities.length]};Курьер;${amount}`);
    }
    return lines.join('\n') + '\n';
}

const cli = findCli();
let csv;
if (cli) {
    csv = execFileSync(cli, ['sample-orders', '--count', '20000', '--seed', '7'], { maxBuffer: 64 << 20 });
    console.log(`build-calculator: sample-orders.csv from ${cli.replace(root + '/', '')}`);
} else {
    csv = generateSample(20000, 7);
    console.log('build-calculator: no built loyalty CLI found; sample-orders.csv from the JS generator');
}
writeFileSync(join(out, 'sample-orders.csv'), csv);

for (const f of ['index.html', 'calculator.js', 'calculator.css', 'report.css', 'sample-orders.csv']) {
    const bytes = readFileSync(join(out, f)).length;
    console.log(`  calculator/${f.padEnd(18)} ${(bytes / 1024).toFixed(1).padStart(7)} KB`);
}
