// The demo shop end to end in Chromium against the real loyalty-server, started here on a free
// loopback port with a fresh database, the demo customers and demo login: switch to Anna, add
// books to the cart, see the widget's preview, check out (POST /demo/checkout books the order on
// the server), and see the new balance in the account page's inline widget. Screenshots go to
// tests/artifacts/shop-*.png. Skipped, saying why, when no built server is found
// (LOYALTY_SERVER, or build*/demo/server/loyalty-server). The checkout step needs the server's
// demo-only POST /demo/checkout (with --demo-login: books the cart for the customer of the
// signed cookie, replying like POST /api/loyalty/orders).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { root } from './lib/server.mjs';

function findServer() {
    if (process.env.LOYALTY_SERVER) return process.env.LOYALTY_SERVER;
    const dirs = ['build-ci', 'build', 'build-demo', 'build-server', 'build-lead'];
    for (const d of [...dirs, ...readdirSync(root).filter((d) => d.startsWith('build') && !dirs.includes(d))]) {
        for (const sub of ['demo/server/loyalty-server', 'demo/loyalty-server']) {
            const p = join(root, d, sub);
            if (existsSync(p)) return p;
        }
    }
    return null;
}

function freePort() {
    return new Promise((ok, fail) => {
        const s = createServer();
        s.once('error', fail);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => ok(port));
        });
    });
}

const binary = findServer();
const skip = binary ? false : 'no loyalty-server binary (build it, or set LOYALTY_SERVER)';
let server, browser, url, dir, output = '';

before(async () => {
    if (skip) return;
    for (const need of ['web/dist/widget/loyalty-widget.js', 'web/dist/calculator/index.html']) {
        assert.ok(existsSync(join(root, need)), `${need} is missing: run bash web/build.sh && node web/tools/build-calculator.mjs`);
    }
    mkdirSync(artifactsDir, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'loyalty-shop-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(binary, [
        '--host', '127.0.0.1', '--port', String(port), '--db', join(dir, 'shop.db'),
        '--program', join(root, 'demo/examples/program.json'),
        '--static', `/loyalty/=${join(root, 'web/dist/widget')}`,
        '--static', `/calculator/=${join(root, 'web/dist/calculator')}`,
        '--static', `/=${join(root, 'demo/shop')}`,
        '--seed-demo', '--seed-dir', join(root, 'demo/examples/customers'), '--demo-login',
        '--customer-secret', 'e2e-secret-0123456789abcdef0123456789',
        '--admin-token', 'e2e-admin-0123456789abcdef',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { output += d; });
    server.stderr.on('data', (d) => { output += d; });
    for (let i = 0; ; i++) {
        try {
            if ((await fetch(`${url}/healthz`)).ok) break;
        } catch { /* not listening yet */ }
        assert.ok(i < 100 && server.exitCode === null, `the server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The text inside a widget's shadow root (the widget renders text, never HTML). */
const widgetText = (page, selector) =>
    page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.textContent || '', selector);

test('a shopper switches to Anna, sees the cart preview, checks out and sees the new balance', { skip }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${url}/en/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.selectOption('#customer', 'c-anna');
    await page.waitForFunction(() => document.querySelector('#signed-in').textContent.includes('Anna'));

    await page.click('button[data-sku="book-war-and-peace"]');
    await page.click('button[data-sku="notebook-a5"]');
    assert.equal(await page.textContent('#cart-count'), '2');
    await page.screenshot({ path: join(artifactsDir, 'shop-catalog-en.png'), fullPage: true });

    await page.goto(`${url}/en/cart.html`);
    await page.waitForFunction(
        () => /\+\s*[\d,]+\s*point/.test(document.querySelector('loyalty-widget[mode=cart]')?.shadowRoot?.textContent || ''),
        null, { timeout: 30000 });
    const preview = Number(/\+\s*([\d,]+)\s*point/.exec(await widgetText(page, 'loyalty-widget[mode=cart]'))[1].replace(/,/g, ''));
    assert.ok(preview > 0);
    await page.screenshot({ path: join(artifactsDir, 'shop-cart-en.png'), fullPage: true });

    const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/demo/checkout')),
        page.click('#checkout'),
    ]);
    const booked = await response.json();
    assert.equal(response.status(), 201, JSON.stringify(booked));
    // What the widget previewed in the browser is what the server booked: the same core.
    assert.equal(booked.earned, preview);
    await page.waitForFunction(() => document.querySelector('#checkout-message').classList.contains('ok'));
    assert.equal(await page.textContent('#cart-count'), '');

    await page.goto(`${url}/en/account.html`);
    const balance = booked.status.balance.toLocaleString('en-US');
    await page.waitForFunction(
        (b) => (document.querySelector('loyalty-widget[mode=inline]')?.shadowRoot?.textContent || '').includes(b),
        balance, { timeout: 30000 });
    await page.screenshot({ path: join(artifactsDir, 'shop-account-en.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
});

test('the Russian shop shows a guest the program, and the calculator is served beside it', { skip }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${url}/account.html`);
    await page.waitForSelector('body[data-ready=true]');
    assert.equal(await page.inputValue('#customer'), '');
    await page.waitForFunction(() => (document.querySelector('loyalty-widget[mode=inline]')?.shadowRoot?.textContent || '').length > 40,
        null, { timeout: 30000 });
    await page.screenshot({ path: join(artifactsDir, 'shop-account-guest-ru.png'), fullPage: true });
    const calculator = await fetch(`${url}/calculator/loyalty-calculator.wasm`);
    assert.equal(calculator.headers.get('content-type'), 'application/wasm');
    await context.close();
});
