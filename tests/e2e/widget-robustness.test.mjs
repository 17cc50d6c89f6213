// The widget never breaks the host page: it runs under a strict CSP with no violation, looks the
// same on a page with aggressive global CSS, and every broken endpoint (404, 500, a hang, not
// JSON, an invalid program or customer, a missing wasm or UI chunk) gives exactly one console
// message, no uncaught error, a quiet fallback, and a page whose own buttons still work.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, recordEvents, recordedEvents, shot } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;
before(async () => {
    server = await startServer();
    browser = await launchBrowser();
});
after(async () => {
    await browser?.close();
    await server?.close();
});

const launcher = (p) => p.locator('loyalty-widget[mode=launcher] .launcher');
const panel = (p) => p.locator('loyalty-widget[mode=launcher] .panel');
const survey = (p) => p.locator('loyalty-widget[mode=launcher] .survey');

describe('a strict Content-Security-Policy', () => {
    it("runs the widget, its preview, paying with points and its survey under script-src 'self' 'wasm-unsafe-eval' with no violation", async () => {
        const { page, log, violations, context } = await openPage(browser, server, { customer: 'anna' });
        server.state.cspEverywhere = true; // as shops that set the header on every response
        try {
            const response = await page.goto(server.url + '/pages/csp-shop.html?delay=200&program=' + encodeURIComponent('/api/program.json?variant=survey'));
            assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
            await survey(page).waitFor({ timeout: 20000 });
            await survey(page).locator('label:has(input[value="8"])').click();
            await survey(page).getByRole('button', { name: 'Дальше' }).click();
            await survey(page).getByRole('button', { name: 'Пропустить' }).click();
            await page.locator('.products button').first().click();
            await page.locator('loyalty-widget[mode=cart] .cartline strong').waitFor();
            await launcher(page).click();
            await panel(page).locator('.num').waitFor();
            // Paying with points: the slider (its money is written as text, no style attribute),
            // "Use points", and the cart the page sets in answer (tests/e2e/pages/shop.js).
            const range = panel(page).getByRole('slider', { name: 'Сколько баллов списать' });
            await range.focus();
            await page.keyboard.press('Home');
            await panel(page).getByRole('button', { name: 'Списать баллы' }).click();
            await panel(page).locator('.cart p.ok').waitFor();
            assert.equal(await range.inputValue(), '100');
            await page.waitForTimeout(500);
            assert.deepEqual(await violations(), []);
            assert.deepEqual(log.console.filter((m) => m.type === 'error' || /Content.Security.Policy|Refused/i.test(m.text)), []);
            assert.deepEqual(log.errors, []);
            assert.deepEqual(log.ours, []);
        } finally {
            server.state.cspEverywhere = false;
        }
        await context.close();
    });
});

describe('Trusted Types', () => {
    it("works where the page enforces require-trusted-types-for 'script' and allows the policy loyalty-widget", async () => {
        const { page, log, violations, context } = await openPage(browser, server, { customer: 'vera' });
        const response = await page.goto(server.url + '/pages/csp-shop.html?survey=&tt=1');
        assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'; trusted-types loyalty-widget/);
        await launcher(page).click();
        await panel(page).locator('.num').waitFor();
        assert.deepEqual(await violations(), []);
        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.ours, []);
        await context.close();
    });
});

describe('aggressive global CSS on the host page', () => {
    it('changes nothing in how the launcher, the panel and the survey look', async () => {
        const pictures = {};
        for (const name of ['shop', 'aggressive']) {
            const { page, context } = await openPage(browser, server, { customer: 'vera' });
            await page.goto(`${server.url}/pages/${name}.html?delay=100&program=${encodeURIComponent('/api/program.json?variant=survey')}`);
            await survey(page).waitFor({ timeout: 20000 });
            await page.waitForTimeout(300);
            pictures[name] = { survey: await survey(page).screenshot() };
            await survey(page).getByRole('button', { name: 'Закрыть опрос' }).click();
            pictures[name].launcher = await launcher(page).screenshot();
            await launcher(page).click();
            await panel(page).locator('.num').waitFor();
            await page.waitForTimeout(300);
            pictures[name].panel = await panel(page).screenshot();
            await shot(page, `widget-css-${name}-page`);
            await context.close();
        }
        for (const part of ['launcher', 'panel', 'survey']) {
            assert.ok(pictures.shop[part].equals(pictures.aggressive[part]), `the ${part} differs on the aggressive page (see tests/artifacts/widget-css-*-page.png)`);
        }
    });
});

/** The broken cases: page query, optional route to break, the one message expected. */
const BROKEN = [
    { name: 'the program answers 404', query: { program: '/api/program.json?variant=missing' }, message: /could not load the program from \/api\/program\.json\?variant=missing: HTTP 404/, fallback: 'unavailable' },
    { name: 'the program is not JSON', query: { program: '/api/program.json?variant=garbage' }, message: /could not load the program from .*: .*JSON/, fallback: 'unavailable' },
    { name: 'the program is invalid', query: { program: '/api/program.json?variant=invalid' }, message: /the program from .* is invalid: \/earn\/points: /, fallback: 'unavailable' },
    { name: 'the customer endpoint answers 500', query: { customer: '/api/broken/500' }, message: /could not load the customer from \/api\/broken\/500: HTTP 500; showing the program without a balance/, fallback: 'program' },
    { name: 'the customer endpoint never answers', query: { customer: '/api/broken/hang', timeout: '1500' }, message: /could not load the customer from \/api\/broken\/hang: no answer within 1500 ms/, fallback: 'program' },
    { name: 'the customer endpoint answers HTML', query: { customer: '/api/broken/not-json' }, message: /could not load the customer from \/api\/broken\/not-json: .*JSON/, fallback: 'program' },
    { name: 'the customer document has no customer', query: { customer: '/api/broken/no-customer' }, message: /answered without a "customer" object/, fallback: 'program' },
    { name: 'the customer events are invalid', query: { customer: '/api/broken/bad-events' }, message: /refused by the core: \/customer\/events\/0\/at: /, fallback: 'program' },
    { name: 'the wasm file is missing', route: '**/loyalty-core.*.wasm', message: /could not start the loyalty core \(loyalty-core\.[0-9a-f]+\.wasm\): /, fallback: 'unavailable' },
    { name: 'the UI chunk is missing', route: '**/loyalty-ui.*.js', message: /could not load .*loyalty-ui\.[0-9a-f]+\.js: /, fallback: 'hidden' },
    { name: "the page language's texts are missing", route: '**/loyalty-messages-ru.*.js', message: /could not load the ru texts \(.+\); showing English/, fallback: 'english' },
    { name: 'no texts can be loaded at all', route: '**/loyalty-messages-*.js', message: /could not load the widget's texts \(.+\); the widget stays as it is/, fallback: 'launcher' },
];

describe('broken endpoints', () => {
    for (const c of BROKEN) {
        it(`keeps the page working with one console message when ${c.name}`, async () => {
            const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
            if (c.route) await page.route(c.route, (route) => route.fulfill({ status: 404, body: 'gone' }));
            const query = new URLSearchParams({ survey: '', ...c.query });
            await page.goto(`${server.url}/pages/shop.html?${query}`);
            // The shop's own cart still works, and tells the widget.
            await page.locator('.products button[data-sku=notebook-a5]').click();
            await page.locator('#cart-lines tr').waitFor();
            assert.match(await page.locator('#cart-total').textContent(), /350/);
            if (c.fallback === 'hidden') {
                await page.locator('loyalty-widget[mode=launcher]').waitFor({ state: 'hidden' });
            } else if (c.fallback === 'english') {
                await launcher(page).click();
                await panel(page).getByText('Your balance').waitFor({ timeout: 15000 });
            } else if (c.fallback === 'launcher') {
                await launcher(page).click(); // the loader's launcher stays; opening draws nothing
                await page.waitForTimeout(1500);
                assert.equal(await page.locator('loyalty-widget[mode=launcher]').isVisible(), true);
            } else {
                await launcher(page).click();
                if (c.fallback === 'unavailable') {
                    await panel(page).getByText('Бонусная программа сейчас недоступна').waitFor({ timeout: 15000 });
                    await panel(page).getByRole('button', { name: 'Повторить' }).click();
                } else {
                    await panel(page).getByText('Как это работает').waitFor({ timeout: 15000 });
                    assert.equal(await panel(page).locator('.note').count(), 1);
                }
            }
            await page.waitForTimeout(700);
            assert.equal(log.ours.length, 1, log.ours.join('\n'));
            assert.match(log.ours[0], c.message);
            assert.deepEqual(log.errors, []);
            // The page's own script is alive.
            assert.equal(await page.evaluate(() => document.querySelectorAll('#cart-lines tr').length), 1);
            await context.close();
        });
    }
});

describe('loading', () => {
    it('fetches only the loader until the widget is needed, then runs the core in a worker, the wasm fetched once as application/wasm', async () => {
        const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
        const seen = [];
        context.on('response', (r) => {
            if (r.url().includes('/loyalty/')) seen.push({ url: r.url().replace(/.*\/loyalty\//, ''), type: r.headers()['content-type'] });
        });
        await page.goto(server.url + '/pages/article-widget.html?survey=');
        await page.waitForLoadState('load');
        await page.waitForTimeout(1000);
        assert.deepEqual(seen.map((r) => r.url), ['loyalty-widget.js'], 'a page view downloads the loader alone');
        assert.equal(page.workers().length, 0);
        await launcher(page).hover(); // interest: the rest starts loading
        await launcher(page).click();
        await panel(page).locator('.num').waitFor();
        const names = seen.map((r) => r.url.replace(/\.[0-9a-f]{10}\./, '.<hash>.'));
        // The page's language's texts only (the article page is in Russian).
        assert.deepEqual(names.sort(), ['loyalty-core.<hash>.js', 'loyalty-core.<hash>.wasm', 'loyalty-messages-ru.<hash>.js', 'loyalty-ui.<hash>.js', 'loyalty-widget.js', 'loyalty-worker.<hash>.js']);
        assert.equal(seen.find((r) => r.url.endsWith('.wasm')).type, 'application/wasm');
        assert.equal(page.workers().filter((w) => w.url().includes('loyalty-worker.')).length, 1);
        assert.deepEqual(log.errors, []);
        await context.close();
    });
});

describe('one page view', () => {
    /** Waits until the survey check has run (the last thing a page view with surveys does). */
    const surveyChecked = (page) =>
        page.waitForFunction(() => JSON.parse(localStorage.getItem('loyalty-widget:visitor') || 'null')?.survey_check, null, { timeout: 20000 });

    for (const [who, customer, path, errors] of [
        ['a signed-in shopper', 'anna', '/api/me', 0],
        ['a failing customer endpoint', '/api/broken/500', '/api/broken/500', 1],
    ]) {
        it(`asks for the program and the customer once, with surveys on (${who})`, async () => {
            const { page, context } = await openPage(browser, server, { customer: customer.startsWith('/') ? undefined : customer });
            await recordEvents(page);
            const start = server.state.requests.length;
            const query = new URLSearchParams({ survey: '/api/surveys', ...(customer.startsWith('/') ? { customer } : {}) });
            await page.goto(`${server.url}/pages/shop.html?${query}`);
            await surveyChecked(page);
            await page.waitForTimeout(1000);
            const asked = server.state.requests.slice(start);
            assert.equal(asked.filter((r) => r === '/api/program.json').length, 1, asked.join(' '));
            assert.equal(asked.filter((r) => r === path).length, 1, asked.join(' '));
            const events = await recordedEvents(page);
            assert.equal(events.filter((e) => e.name === 'error').length, errors, JSON.stringify(events));
            assert.equal(events.filter((e) => e.name === 'ready').length, 1);
            await context.close();
        });
    }

    it('tells a guest, a signed-in shopper and a failed customer endpoint apart in loyalty:ready', async () => {
        const cases = [
            [{ customer: 'anna' }, {}, { state: 'customer', guest: false }],
            [{}, {}, { state: 'guest', guest: true }],
            [{ customer: 'unauthorized' }, {}, { state: 'guest', guest: true }],
            [{}, { customer: '/api/broken/500' }, { state: 'failed', guest: false, balance: null, tier: null }],
            [{}, { customer: '/api/broken/bad-events' }, { state: 'failed', guest: false, balance: null, tier: null }],
        ];
        for (const [options, query, want] of cases) {
            const { page, context } = await openPage(browser, server, options);
            await recordEvents(page);
            await page.goto(`${server.url}/pages/shop.html?${new URLSearchParams({ survey: '', ...query })}`);
            await page.waitForFunction(() => window.__events.some((e) => e.name === 'ready'), null, { timeout: 20000 });
            const ready = (await recordedEvents(page)).find((e) => e.name === 'ready').detail;
            const label = JSON.stringify({ options, query });
            for (const [key, value] of Object.entries(want)) assert.equal(ready[key], value, `${key} for ${label}: ${JSON.stringify(ready)}`);
            if (want.state === 'customer') assert.equal(typeof ready.balance, 'number');
            await context.close();
        }
    });
});

describe('the shipped files', () => {
    it('hold no eval or new Function, the loader stays under 3 KB gzip and the whole download under 100 KB', async () => {
        const { distDir } = await import('./lib/server.mjs');
        const manifest = JSON.parse(readFileSync(distDir + '/widget/manifest.json', 'utf8'));
        for (const f of manifest.files.filter((x) => x.name.endsWith('.js'))) {
            const text = readFileSync(distDir + '/' + f.name, 'utf8');
            assert.doesNotMatch(text, /\beval\s*\(|\bnew\s+Function\b/, f.name);
        }
        assert.ok(manifest.bundle.loader_gzip_bytes <= 3072, `loader: ${manifest.bundle.loader_gzip_bytes} bytes gzip`);
        // Everything a page downloads once the widget is used, in each language: under 100 KB.
        for (const [lang, b] of Object.entries(manifest.bundle.by_language)) {
            assert.ok(b.gzip_bytes <= 102400, `${lang}: ${b.gzip_bytes} bytes gzip`);
            assert.equal(b.files.filter((f) => f.includes('loyalty-messages-')).length, 1, `${lang} downloads one text file`);
        }
    });
});
