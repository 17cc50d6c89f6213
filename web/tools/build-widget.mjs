// Builds the embeddable widget into web/dist/widget/ (docs/integration.md, "Files"):
//   loyalty-widget.js            the loader: stable name (the snippet never changes), tiny, classic script
//   loyalty-ui.<hash>.js         the UI chunk (element views, surveys), ES module
//   loyalty-messages-<lang>.<hash>.js  one language's texts (ru, en), ES module: a page loads its own
//   loyalty-worker.<hash>.js     the Web Worker that runs the core through engine.js, ES module
//   loyalty-core.<hash>.js       the WebAssembly module's glue (from the wasm build)
//   loyalty-core.<hash>.wasm     the core
// Hashed names change whenever the bytes do, so a shop can cache them forever; the loader names
// them (they are compiled into it), so only the loader needs a short cache lifetime.
// Prints raw and gzip sizes, adds them to web/dist/manifest.json (beside the wasm build's own
// entries, which it leaves alone), and fails when the loader is over its 3 KB gzip budget, when
// everything a page downloads for the widget (in its larger language) is over 100 KB gzip, or
// when any shipped JS holds eval( / new Function.
//
//   node web/tools/build-widget.mjs [--dist web/dist] [--loader-budget 3072] [--download-budget 102400]
// Needs web/dist/loyalty-widget.{js,wasm} from `bash web/build.sh` (the wasm build) first.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function parseArgs(argv) {
    const args = { dist: 'web/dist', 'loader-budget': 3072, 'download-budget': 102400 };
    for (let i = 0; i < argv.length; i += 2) {
        const key = argv[i].replace(/^--/, '');
        if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
        args[key] = key.endsWith('-budget') ? Number(argv[i + 1]) : argv[i + 1];
    }
    return args;
}

export function contentHash(bytes) {
    return createHash('sha256').update(bytes).digest('hex').slice(0, 10);
}

function sizes(bytes) {
    return {
        bytes: bytes.length,
        gzip_bytes: gzipSync(bytes, { level: 9 }).length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
    };
}

/** `import css from './x.css'` gives the file's text, minified by esbuild: the stylesheet a
 *  shadow root adopts (no <link> or <style> the page's CSP would have to allow). */
const cssText = {
    name: 'css-text',
    setup(build) {
        build.onLoad({ filter: /\.css$/ }, async (args) => {
            const esbuild = await import('esbuild');
            const source = readFileSync(args.path, 'utf8');
            const { code } = await esbuild.transform(source, { loader: 'css', minify: true });
            // esbuild keeps the spaces inside var() fallbacks and custom properties; drop them.
            return { contents: code.trim().replace(/,\s+/g, ',').replace(/:\s+/g, ':'), loader: 'text' };
        });
    },
};

async function bundle(entry, extra) {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        write: false,
        target: 'es2022',
        legalComments: 'none',
        charset: 'utf8',
        logLevel: 'warning',
        absWorkingDir: root,
        external: ['node:*'],
        plugins: [cssText],
        ...extra,
    });
    return squeeze(Buffer.from(result.outputFiles[0].contents), extra.format === 'esm');
}

/** A second pass with terser over what esbuild minified (and over Emscripten's glue): esbuild
 *  minifies in one fast pass, terser's compressor inlines and folds across the whole file. On
 *  2026-12-07 it took 1.9 KB gzip off a page (the UI chunk, the worker and the glue), the room
 *  the core's error codes need (docs/performance.md, "The widget's download"). Only safe
 *  transforms: no unsafe_* options, no property mangling. */
async function squeeze(bytes, isModule) {
    const { minify } = await import('terser');
    const { code } = await minify(bytes.toString('utf8'), {
        module: isModule,
        ecma: 2020,
        compress: { passes: 2 },
        mangle: true,
        format: { comments: false },
    });
    return Buffer.from(code);
}

function kb(n) {
    return (n / 1024).toFixed(1).padStart(7);
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const dist = resolve(root, args.dist);
    const out = join(dist, 'widget');
    const glue = join(dist, 'loyalty-widget.js');
    const wasm = join(dist, 'loyalty-widget.wasm');
    for (const f of [glue, wasm]) {
        if (!existsSync(f)) {
            console.error(`build-widget: ${f} is missing; build the wasm module first (bash web/build.sh)`);
            process.exit(2);
        }
    }
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });

    const written = [];
    const write = (name, bytes, role) => {
        writeFileSync(join(out, name), bytes);
        written.push({ name: `widget/${name}`, role, ...sizes(bytes) });
        return name;
    };

    const glueBytes = await squeeze(readFileSync(glue), true);
    const wasmBytes = readFileSync(wasm);
    const core = write(`loyalty-core.${contentHash(glueBytes)}.js`, glueBytes, 'core glue (ES module)');
    const coreWasm = write(`loyalty-core.${contentHash(wasmBytes)}.wasm`, wasmBytes, 'core (application/wasm)');

    // LOYALTY_WIDGET_WORKER: the worker runs only the widget module, never the calculator's CSV
    // streaming (engine.js metricsFromBytes), which esbuild then leaves out.
    const workerJs = await bundle('web/src/widget/core-worker.js', {
        format: 'esm',
        platform: 'browser',
        define: { 'globalThis.LOYALTY_WIDGET_WORKER': 'true' },
    });
    const worker = write(`loyalty-worker.${contentHash(workerJs)}.js`, workerJs, 'core worker (ES module): engine.js + messages');

    // One file per language (i18n.js LANGUAGES): a page downloads the texts it shows, not all.
    const messages = {};
    for (const lang of ['ru', 'en']) {
        const texts = await bundle(`web/src/widget/messages-${lang}.js`, { format: 'esm', platform: 'browser' });
        messages[lang] = write(`loyalty-messages-${lang}.${contentHash(texts)}.js`, texts, `${lang} texts (ES module)`);
    }

    const ui = await bundle('web/src/widget/ui.js', {
        format: 'esm',
        platform: 'browser',
        define: { LOYALTY_CORE: JSON.stringify({ core, wasm: coreWasm, worker, messages }) },
    });
    const uiName = write(`loyalty-ui.${contentHash(ui)}.js`, ui, 'UI chunk (ES module)');

    const files = { ui: uiName, worker, core, wasm: coreWasm, messages };
    const loader = await bundle('web/src/widget/loader.js', {
        format: 'iife',
        platform: 'browser',
        define: { LOYALTY_UI: JSON.stringify(uiName) },
    });
    write('loyalty-widget.js', loader, 'loader (stable name, classic script)');

    // Types for sites written in TypeScript (not downloaded by pages; not in the bundle).
    writeFileSync(join(out, 'loyalty-widget.d.ts'), readFileSync(join(root, 'web/src/widget/loyalty-widget.d.ts')));

    const problems = [];
    for (const f of written) {
        if (!f.name.endsWith('.js')) continue;
        const text = readFileSync(join(dist, f.name), 'utf8');
        if (/\beval\s*\(/.test(text) || /\bnew\s+Function\b/.test(text)) problems.push(`${f.name} contains eval( or new Function`);
    }
    const loaderSize = written.find((f) => f.name === 'widget/loyalty-widget.js');
    if (loaderSize.gzip_bytes > args['loader-budget']) {
        problems.push(`the loader is ${loaderSize.gzip_bytes} bytes gzip, over its ${args['loader-budget']}-byte budget`);
    }

    // What a page that uses the widget downloads: every file but the other language's texts.
    // The total is of the larger language (Russian: Cyrillic is two bytes a letter).
    const common = ['widget/loyalty-widget.js', `widget/${uiName}`, `widget/${worker}`, `widget/${core}`, `widget/${coreWasm}`];
    const sizeOf = (name, key) => written.find((f) => f.name === name)[key];
    const perLanguage = Object.fromEntries(
        Object.entries(messages).map(([lang, name]) => {
            const names = [...common.slice(0, 2), `widget/${name}`, ...common.slice(2)];
            const sum = (key) => names.reduce((s, n) => s + sizeOf(n, key), 0);
            return [lang, { files: names, bytes: sum('bytes'), gzip_bytes: sum('gzip_bytes') }];
        }),
    );
    const largest = Object.values(perLanguage).reduce((a, b) => (b.gzip_bytes > a.gzip_bytes ? b : a));
    const order = largest.files;
    const embed = {
        files: order,
        bytes: largest.bytes,
        gzip_bytes: largest.gzip_bytes,
        by_language: perLanguage,
        budget_gzip_bytes: args['download-budget'],
        loader_gzip_bytes: loaderSize.gzip_bytes,
        loader_budget_gzip_bytes: args['loader-budget'],
        note: 'every page downloads only the loader; the rest is fetched when the widget is needed',
    };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ generated_by: 'web/tools/build-widget.mjs', files: written, bundle: embed, names: files }, null, 2) + '\n');

    // Add our entries to web/dist/manifest.json; keep everything the wasm build wrote.
    const manifestPath = join(dist, 'manifest.json');
    let manifest = {};
    try {
        manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch {
        manifest = {};
    }
    manifest.files = (Array.isArray(manifest.files) ? manifest.files : []).filter((f) => !String(f.name).startsWith('widget/'));
    manifest.files.push(...written.map(({ role, ...f }) => f));
    manifest.bundles = { ...(manifest.bundles || {}), embed };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');

    console.log(`\nwidget/                                    raw KB  gzip KB`);
    for (const f of written) {
        console.log(`  ${f.name.padEnd(40)} ${kb(f.bytes)}  ${kb(f.gzip_bytes)}   ${f.role}`);
    }
    for (const [lang, b] of Object.entries(perLanguage)) {
        console.log(`  ${`= everything a page in "${lang}" downloads`.padEnd(40)} ${kb(b.bytes)}  ${kb(b.gzip_bytes)}   (${b.gzip_bytes} B gzip)`);
    }
    console.log(`loader: ${loaderSize.gzip_bytes} bytes gzip of a ${args['loader-budget']}-byte budget`);
    console.log(`everything a page downloads: ${embed.gzip_bytes} bytes gzip of a ${args['download-budget']}-byte budget`);
    if (embed.gzip_bytes > args['download-budget']) {
        problems.push(`everything a page downloads for the widget is ${embed.gzip_bytes} bytes gzip, over its ${args['download-budget']}-byte budget`);
    }
    if (problems.length) {
        for (const p of problems) console.error(`build-widget: ${p}`);
        process.exit(1);
    }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    main().catch((e) => {
        console.error(`build-widget: ${e.stack || e}`);
        process.exit(1);
    });
}
