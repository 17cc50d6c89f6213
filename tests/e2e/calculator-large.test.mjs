// The calculator page on a large export (about 200 MB, generated on the fly): the file is read in
// chunks with a progress bar, the rows so far and the time left; Cancel stops the worker at once
// and leaves the page usable with no stale result; a full import keeps the worker's memory bounded
// (its WebAssembly memory, reported with each progress step, stays under the file's size).
//
// Needs the built page: bash web/build.sh (docs/calculator.md). The 2 GB measurement is
// tests/bench/calculator_memory.mjs, not part of the suite.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { writeLargeCsv } from './lib/large-csv.mjs';
import { root } from './lib/server.mjs';
import { serveStatic } from './lib/static-server.mjs';

const dist = process.env.LOYALTY_DIST_DIR || join(root, 'web/dist');
const MB = 1024 * 1024;

let server, browser, dir, file;

before(async () => {
    assert.ok(existsSync(join(dist, 'calculator/index.html')), `${dist}/calculator is missing: run bash web/build.sh`);
    dir = mkdtempSync(join(tmpdir(), 'loyalty-large-'));
    file = join(dir, 'orders-200mb.csv');
    file = { path: file, ...(await writeLargeCsv(file, 200 * MB)) };
    server = await serveStatic(dist);
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The calculator page, with every progress message its worker sends recorded in
 *  window.__progress (the worker is wrapped before the page creates it). */
async function openCalculator() {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.addInitScript(() => {
        window.__progress = [];
        const Original = window.Worker;
        window.Worker = class extends Original {
            constructor(...args) {
                super(...args);
                this.addEventListener('message', (e) => {
                    if (e.data && e.data.type === 'progress') window.__progress.push({ ...e.data.progress, at: performance.now() });
                });
            }
        };
    });
    await page.goto(`${server.url}/calculator/?lang=en`);
    await page.waitForSelector('#program-status.ok', { timeout: 30000 });
    return { context, page, problems };
}

test('Cancel on a 200 MB export stops the worker promptly, shows no stale result and leaves the page usable', async () => {
    assert.ok(file.bytes >= 200 * MB, `${file.bytes} bytes generated`);
    const { context, page, problems } = await openCalculator();
    await page.setInputFiles('#file', file.path);
    // Progress: the bar moves, the label gives the share, the rows and (after half a second and
    // 2% of the file) the time left.
    await page.waitForFunction(() => /about \d+ (s|min \d\d s) left/.test(document.querySelector('#progress-label').textContent), null, { timeout: 60000, polling: 50 });
    const label = await page.textContent('#progress-label');
    assert.match(label, /^Reading the file: \d{1,2}%, [\d,]+ rows, about \d+ (s|min \d\d s) left$/);
    const value = Number(await page.getAttribute('#progress', 'value') ?? (await page.evaluate(() => document.querySelector('#progress').value)));
    assert.ok(value > 0 && value < 1, `progress ${value}`);
    assert.equal(await page.isVisible('#cancel'), true);
    await page.locator('section:has(#progress-wrap)').screenshot({ path: join(artifactsDir, 'calculator-large-progress-en.png') });

    const clickedAt = await page.evaluate(() => {
        document.querySelector('#cancel').click();
        return performance.now();
    });
    // The page is free at once: no progress, no busy state, the notice, and no result.
    assert.equal(await page.isHidden('#progress-wrap'), true);
    assert.equal(await page.evaluate(() => document.body.classList.contains('busy')), false);
    assert.equal(await page.textContent('#data-error'), 'Cancelled. Choose a file to compute again.');
    // The worker stops before its next chunk. Steps it posted before the cancel reached it may still
    // be on their way (on a busy machine the page takes them late, so their count says little), but
    // they all arrive within a second of the click and none in the 2 s after.
    await page.waitForTimeout(3000);
    const late = await page.evaluate((t) => window.__progress.filter((p) => p.at > t).map((p) => Math.round(p.at - t)), clickedAt);
    assert.ok(late.every((ms) => ms < 1000), `${late.length} progress steps after Cancel, the last ${late.at(-1)} ms after it`);
    const lastRead = (await page.evaluate(() => window.__progress.at(-1))).bytesRead;
    assert.ok(lastRead < file.bytes, `stopped at ${lastRead} of ${file.bytes} bytes`);
    assert.equal(await page.isHidden('#results'), true, 'no result of the cancelled file appears');

    // Usable again: the sample computes and its result (20,000 orders over two years) is shown.
    await page.click('#sample');
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
    assert.equal(await page.textContent('#data-error'), '');
    const orders = Number(await page.getAttribute('[data-metric="m_orders"]', 'data-value'));
    assert.ok(orders > 5000 && orders < 20000, `${orders} orders in the sample's last year`);
    assert.deepEqual(problems, []);
    await context.close();
});

test('a full import of the 200 MB export keeps the worker memory bounded; peak figures printed', async () => {
    const { context, page, problems } = await openCalculator();
    const started = Date.now();
    await page.setInputFiles('#file', file.path);
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 240000 });
    const seconds = (Date.now() - started) / 1000;
    const orders = await page.evaluate(() => JSON.stringify(window.__progress.at(-1)));
    // The page measures the last 12 months: 2025 holds half the generated orders.
    const shown = Number(await page.getAttribute('[data-metric="m_orders"]', 'data-value'));
    assert.ok(shown > 0.45 * file.orders && shown < 0.55 * file.orders, `${shown} of ${file.orders} orders`);
    // Wasm memory never shrinks: the largest value any progress step reported, including the
    // page's second pass over the file (it measures the last 12 months) and the first step of a
    // later import, covers the first pass's grouping and replay too.
    await page.click('#sample');
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
    const peakWasm = await page.evaluate(() => Math.max(...window.__progress.map((p) => p.memoryBytes)));
    const cdp = await context.newCDPSession(page);
    const { usedSize: pageHeap } = await cdp.send('Runtime.getHeapUsage');
    console.log(`# ${(file.bytes / MB).toFixed(0)} MB, ${file.orders} orders in ${seconds.toFixed(1)} s: worker wasm memory peak ${(peakWasm / MB).toFixed(1)} MB, page JS heap ${(pageHeap / MB).toFixed(1)} MB (last progress ${orders})`);
    // Bounded: the file is never held whole. The wasm memory holds the order table (sized up
    // front from the file's size at 64 bytes a row), its grouping and one 1 MB chunk: under 80
    // bytes an order and under the file's own size; the page's heap holds none of it.
    assert.ok(peakWasm < 80 * file.orders, `wasm memory ${peakWasm} for ${file.orders} orders`);
    assert.ok(peakWasm < file.bytes, `wasm memory ${peakWasm} for a ${file.bytes}-byte file`);
    assert.ok(pageHeap < 64 * MB, `page heap ${pageHeap}`);
    assert.deepEqual(problems, []);
    await context.close();
});
