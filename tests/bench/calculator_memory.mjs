// Peak memory of the calculator page on a very large export: generates a CSV of --mb megabytes
// (default 2048) with tests/e2e/lib/large-csv.mjs, opens web/dist/calculator/ in Chromium, imports
// the file through the page's worker and prints the time, the worker's WebAssembly memory (the
// largest value its progress steps report; wasm memory never shrinks, so a second import's first
// step reports the first import's peak) and the page's JS heap (CDP Runtime.getHeapUsage).
// Not part of the test suite (minutes, and 2 GB of /tmp).
//
//   bash web/build.sh && node tests/bench/calculator_memory.mjs [--mb 2048] [--keep]
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../e2e/lib/browser.mjs';
import { writeLargeCsv } from '../e2e/lib/large-csv.mjs';
import { root } from '../e2e/lib/server.mjs';
import { serveStatic } from '../e2e/lib/static-server.mjs';

const MB = 1024 * 1024;
const args = process.argv.slice(2);
const mb = Number(args.includes('--mb') ? args[args.indexOf('--mb') + 1] : 2048);
const dist = process.env.LOYALTY_DIST_DIR || join(root, 'web/dist');
if (!existsSync(join(dist, 'calculator/index.html'))) {
    console.error(`calculator_memory: ${dist}/calculator is missing; run bash web/build.sh`);
    process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'loyalty-mem-'));
const path = join(dir, `orders-${mb}mb.csv`);
let t = Date.now();
const file = await writeLargeCsv(path, mb * MB);
console.log(`generated ${(statSync(path).size / MB).toFixed(0)} MB, ${file.orders} orders in ${((Date.now() - t) / 1000).toFixed(1)} s; load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);

const server = await serveStatic(dist);
const browser = await launchBrowser();
try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
        window.__progress = [];
        const Original = window.Worker;
        window.Worker = class extends Original {
            constructor(...a) {
                super(...a);
                this.addEventListener('message', (e) => {
                    if (e.data && e.data.type === 'progress') window.__progress.push(e.data.progress);
                });
            }
        };
    });
    await page.goto(`${server.url}/calculator/?lang=en`);
    await page.waitForSelector('#program-status.ok', { timeout: 30000 });
    const cdp = await context.newCDPSession(page);
    let pagePeak = 0;
    const sampler = setInterval(async () => {
        try {
            pagePeak = Math.max(pagePeak, (await cdp.send('Runtime.getHeapUsage')).usedSize);
        } catch {}
    }, 500);
    t = Date.now();
    await page.setInputFiles('#file', path);
    await page.waitForFunction(() => !document.querySelector('#results').hidden || document.querySelector('#data-error').textContent, null, { timeout: 3600000, polling: 500 });
    const seconds = (Date.now() - t) / 1000;
    clearInterval(sampler);
    const failure = await page.textContent('#data-error');
    const readPeak = await page.evaluate(() => Math.max(...window.__progress.map((p) => p.memoryBytes)));
    const steps = await page.evaluate(() => window.__progress.length);
    await page.click('#sample');
    await page.waitForFunction((n) => window.__progress.length > n, steps, { timeout: 60000 });
    const peak = await page.evaluate(() => Math.max(...window.__progress.map((p) => p.memoryBytes)));
    console.log(`import: ${seconds.toFixed(1)} s (${(file.bytes / MB / seconds).toFixed(1)} MB/s, ${(file.orders / seconds / 1e6).toFixed(2)} M orders/s)${failure ? `; the page said: ${failure}` : ''}`);
    console.log(`worker wasm memory: ${(readPeak / MB).toFixed(1)} MB while reading, ${(peak / MB).toFixed(1)} MB peak (${(peak / file.orders).toFixed(1)} bytes an order)`);
    console.log(`page JS heap: ${(pagePeak / MB).toFixed(1)} MB peak`);
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
} finally {
    await browser.close();
    await server.close();
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
