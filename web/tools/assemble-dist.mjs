// Assembles web/dist/ from the wasm build: the two modules (glue + .wasm), the JS API minified by
// esbuild, the worker and its client, the type declarations; writes manifest.json with each file's
// raw and gzip size, prints them, and exits non-zero when the widget bundle is over budget or any
// shipped JS contains eval( / new Function (a strict CSP would refuse it).
//
//   node web/tools/assemble-dist.mjs --build build-wasm/wasm --out web/dist [--budget 102400]
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function parseArgs(argv) {
    const args = { build: 'build-wasm/wasm', out: 'web/dist', budget: 100 * 1024 };
    for (let i = 0; i < argv.length; i += 2) {
        const key = argv[i].replace(/^--/, '');
        if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
        args[key] = key === 'budget' ? Number(argv[i + 1]) : argv[i + 1];
    }
    return args;
}

/** Files a page downloads for each use; the widget's total is what the budget limits. */
export const BUNDLES = {
    widget_module: ['loyalty-widget.js', 'loyalty-widget.wasm'],
    widget_page: ['engine.js', 'loyalty-widget.js', 'loyalty-widget.wasm'],
    calculator_page: ['calculator-client.js', 'calculator-worker.js', 'loyalty-calculator.js', 'loyalty-calculator.wasm'],
    // What the calculator page downloads instead where the browser has wasm SIMD (engine.js picks).
    calculator_page_simd: ['calculator-client.js', 'calculator-worker.js', 'loyalty-calculator-simd.js', 'loyalty-calculator-simd.wasm'],
};

/** Shipped JS must run under script-src 'self' 'wasm-unsafe-eval'. */
export function forbiddenEval(text) {
    const found = [];
    if (/\beval\s*\(/.test(text)) found.push('eval(');
    if (/\bnew\s+Function\b/.test(text)) found.push('new Function');
    return found;
}

export function sizes(path) {
    const data = readFileSync(path);
    return {
        bytes: data.length,
        gzip_bytes: gzipSync(data, { level: 9 }).length,
        sha256: createHash('sha256').update(data).digest('hex'),
    };
}

async function bundleJs(out) {
    const esbuild = await import('esbuild');
    const common = {
        bundle: true,
        minify: true,
        format: 'esm',
        target: 'es2022',
        legalComments: 'none',
        logLevel: 'warning',
        absWorkingDir: root,
        // Reached only in node (to read the .wasm from disk); browsers never import it.
        external: ['node:*'],
    };
    await esbuild.build({ ...common, entryPoints: ['web/src/engine.js'], outfile: join(out, 'engine.js') });
    await esbuild.build({
        ...common,
        entryPoints: ['web/src/calculator-worker.js'],
        outfile: join(out, 'calculator-worker.js'),
    });
    await esbuild.build({
        ...common,
        entryPoints: ['web/src/calculator-client.js'],
        external: ['node:*', './engine.js'],
        outfile: join(out, 'calculator-client.js'),
    });
}

/** Emscripten 3.1.6 leaves the glue's local names and layout long even at -Oz; esbuild's
 *  minifier (local renaming and syntax only, never property names, so Module["..."] lookups stay)
 *  shrinks it by a third of its gzip size. Measured in docs/performance.md. */
async function minifyGlue(build, out) {
    const esbuild = await import('esbuild');
    for (const name of ['loyalty-widget.js', 'loyalty-calculator.js', 'loyalty-calculator-simd.js']) {
        await esbuild.build({
            entryPoints: [join(build, name)],
            outfile: join(out, name),
            bundle: false,
            minify: true,
            format: 'esm',
            target: 'es2022',
            legalComments: 'none',
            logLevel: 'warning',
        });
    }
}

function kb(n) {
    return (n / 1024).toFixed(1).padStart(7);
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const build = resolve(root, args.build);
    const out = resolve(root, args.out);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });

    for (const name of ['loyalty-widget.wasm', 'loyalty-calculator.wasm', 'loyalty-calculator-simd.wasm']) copyFileSync(join(build, name), join(out, name));
    await minifyGlue(build, out);
    await bundleJs(out);
    copyFileSync(join(root, 'web/src/engine.d.ts'), join(out, 'engine.d.ts'));
    copyFileSync(join(root, 'web/src/calculator-client.d.ts'), join(out, 'calculator-client.d.ts'));

    const files = readdirSync(out)
        .filter((name) => name !== 'manifest.json' && statSync(join(out, name)).isFile())
        .sort()
        .map((name) => ({ name, ...sizes(join(out, name)) }));
    const byName = Object.fromEntries(files.map((f) => [f.name, f]));

    const problems = [];
    for (const f of files) {
        if (!f.name.endsWith('.js')) continue;
        const bad = forbiddenEval(readFileSync(join(out, f.name), 'utf8'));
        if (bad.length) problems.push(`${f.name} contains ${bad.join(' and ')}`);
    }

    const bundles = {};
    for (const [name, members] of Object.entries(BUNDLES)) {
        bundles[name] = {
            files: members,
            bytes: members.reduce((s, m) => s + byName[m].bytes, 0),
            gzip_bytes: members.reduce((s, m) => s + byName[m].gzip_bytes, 0),
        };
    }
    bundles.widget_module.budget_gzip_bytes = args.budget;
    const manifest = {
        generated_by: 'web/build.sh',
        gzip: 'gzip level 9, as precompressed static files would be served',
        wasm_mime_type: 'application/wasm',
        files,
        bundles,
    };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

    console.log(`\n${basename(out)}/                        raw KB  gzip KB`);
    for (const f of files) console.log(`  ${f.name.padEnd(28)} ${kb(f.bytes)}  ${kb(f.gzip_bytes)}`);
    for (const [name, b] of Object.entries(bundles)) {
        console.log(`  = ${name.padEnd(26)} ${kb(b.bytes)}  ${kb(b.gzip_bytes)}   (${b.files.join(' + ')})`);
    }
    const widget = bundles.widget_module.gzip_bytes;
    console.log(`widget module (wasm + glue): ${widget} bytes gzip of a ${args.budget}-byte budget (${args.budget - widget} to spare)`);
    if (widget > args.budget) problems.push(`the widget module is ${widget} bytes gzip, over the ${args.budget}-byte budget`);
    if (problems.length) {
        for (const p of problems) console.error(`assemble-dist: ${p}`);
        process.exit(1);
    }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    main().catch((e) => {
        console.error(`assemble-dist: ${e.stack || e}`);
        process.exit(1);
    });
}
