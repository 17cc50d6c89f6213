// The console's Numbers section (docs/server.md, "The owner's console" and "Numbers by month") in
// Chromium against the real loyalty-server with the demo customers: in English and Russian the
// charts' bars and the table's cells carry exactly the figures GET /api/admin/numbers answers, the
// axes are labelled, a narrower range is chosen and a bad one shown at its field, both CSV exports
// download (fetched with the token, saved from a Blob) byte for byte as the API serves them, axe
// finds nothing serious, nothing breaks the CSP, and a 390 px phone can read it all. Screenshots go
// to tests/artifacts/console-numbers-*.png. Skipped without a built server (as console.test.mjs).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { serverSkip, startLoyaltyServer } from './lib/loyalty-server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ADMIN_TOKEN = 'e2e-numbers-0123456789abcdef';
const skip = serverSkip;
let server, browser, url;

before(async () => {
    if (skip) return;
    mkdirSync(artifactsDir, { recursive: true });
    server = await startLoyaltyServer({ name: 'numbers', adminToken: ADMIN_TOKEN });
    ({ url } = server);
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.stop();
});

const headers = { Authorization: `Bearer ${ADMIN_TOKEN}` };
async function numbers(query = '') {
    const r = await fetch(`${url}/api/admin/numbers${query}`, { headers });
    assert.equal(r.status, 200);
    return r.json();
}

async function seriousViolations(page) {
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.flat().join(' >>> ')).slice(0, 4).join(', ')}`);
    });
}

async function openNumbers(lang, viewport = { width: 1280, height: 900 }) {
    const phone = viewport.width < 500;
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce', locale: lang === 'ru' ? 'ru-RU' : 'en-US', isMobile: phone, hasTouch: phone, acceptDownloads: true });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
    await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${url}/admin#token=${ADMIN_TOKEN}`);
    await page.waitForSelector('#signin:not([hidden])');
    await page.fill('#operator', lang === 'ru' ? 'Мария Кузнецова' : 'Mary Smith');
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#signin', { state: 'hidden' });
    await page.waitForSelector('body[data-loaded=true]');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/admin/numbers')), page.click('#nav a[data-view=numbers]')]);
    await page.waitForSelector('#numbers-table');
    return { context, page, problems, violations: () => page.evaluate(() => window.__violations) };
}

const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const locale = (lang) => (lang === 'ru' ? 'ru-RU' : 'en-GB');
const points = (n, lang) => new Intl.NumberFormat(locale(lang)).format(n);
const rub = (minor, lang) => new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(minor / 100);

async function shot(t, page, name) {
    const path = join(artifactsDir, `console-numbers-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    t.diagnostic(`screenshot: ${path}`);
}

/** The table's and the charts' figures against the server's answer `n`. */
async function assertShows(page, n, lang) {
    const table = await page.$$eval('#numbers-table tbody tr', (rows) => rows.map((r) => ({
        month: r.dataset.month,
        cells: Object.fromEntries([...r.querySelectorAll('td')].map((td) => [td.dataset.key, td.textContent])),
    })));
    assert.deepEqual(table.map((r) => r.month), [...n.months.map((m) => m.month), 'total']);
    const rows = [...n.months, n.totals];
    table.forEach((r, i) => {
        for (const key of ['issued', 'redeemed', 'expired', 'clawed_back', 'adjusted', 'balance', 'active'])
            assert.equal(plain(r.cells[key]), plain(points(rows[i][key], lang)), `${r.month} ${key}`);
        assert.equal(plain(r.cells.liability), plain(rub(rows[i].liability, lang)), `${r.month} liability`);
    });
    const bars = await page.$$eval('svg.numbers-chart rect[data-series]', (rects) => rects.map((b) => [b.dataset.series, b.dataset.month, Number(b.dataset.value)]));
    const expected = n.months.flatMap((m) => ['issued', 'redeemed', 'expired'].map((k) => [k, m.month, m[k]]))
        .concat(n.months.map((m) => ['liability', m.month, m.liability]));
    assert.deepEqual(bars.sort(), expected.sort());
    // Axes: a title on each axis of both charts, labelled ticks.
    const titles = await page.$$eval('svg.numbers-chart text.axis-title', (ts) => ts.map((x) => x.textContent));
    assert.deepEqual(titles, lang === 'ru' ? ['баллы', 'месяц', 'обязательства, RUB', 'месяц'] : ['points', 'month', 'liability, RUB', 'month']);
    const labels = await page.$$eval('svg.numbers-chart', (charts) => charts.map((c) => c.getAttribute('aria-label')));
    assert.equal(labels.length, 2);
    assert.ok(labels.every((l) => l && l.length > 10), labels.join(' | '));
}

/** Clicks `button` and returns the downloaded file's bytes and name. */
async function download(page, button) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

for (const lang of ['en', 'ru']) {
    test(`Numbers in ${lang}: the charts and the table show the server's figures; both CSVs download`, { skip }, async (t) => {
        const n = await numbers();
        assert.equal(n.months.length, 12);
        // The demo customers have something to show (else the test would prove little).
        assert.ok(n.totals.issued > 0 && n.totals.balance > 0 && n.totals.active > 0, JSON.stringify(n.totals));
        const { context, page, problems, violations } = await openNumbers(lang);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.equal(plain(await page.textContent('#numbers-title')), lang === 'ru' ? 'Показатели' : 'Numbers');
        await assertShows(page, n, lang);
        assert.deepEqual(await seriousViolations(page), []);
        await shot(t, page, lang);

        // A narrower range: three months.
        const narrow = await numbers(`?from=${n.months[9].month}&to=${n.months[11].month}`);
        await page.fill('#numbers-from', n.months[9].month);
        await page.fill('#numbers-to', n.months[11].month);
        await Promise.all([page.waitForResponse((r) => r.url().includes('/api/admin/numbers?from=')), page.click('#numbers-form button[type=submit]')]);
        await page.waitForFunction(() => document.querySelectorAll('#numbers-table tbody tr').length === 4);
        await assertShows(page, narrow, lang);

        // Reversed: the server's refusal, at the field it names.
        await page.fill('#numbers-from', n.months[11].month);
        await page.fill('#numbers-to', n.months[9].month);
        await Promise.all([page.waitForResponse((r) => r.url().includes('/api/admin/numbers?from=') && r.status() === 400), page.click('#numbers-form button[type=submit]')]);
        await page.waitForSelector('#numbers-to[aria-invalid=true]');
        assert.match(await page.textContent('#numbers-error'), /\/to: is before "from"/);

        // The exports: what the browser saves is what the API serves.
        for (const kind of ['customers', 'events']) {
            const got = await download(page, `#export-${kind}`);
            assert.match(got.name, new RegExp(`^loyalty-${kind}-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
            const direct = Buffer.from(await (await fetch(`${url}/api/admin/export/${kind}.csv`, { headers })).arrayBuffer());
            assert.deepEqual(got.bytes.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]), 'a UTF-8 byte order mark');
            assert.equal(got.bytes.toString('utf8'), direct.toString('utf8'));
            const text = got.bytes.toString('utf8').slice(1);
            assert.ok(text.startsWith(kind === 'customers' ? 'customer_id,name,email,phone,balance,' : 'customer_id,at,type,'), text.slice(0, 80));
            assert.ok(text.includes('c-anna,'), 'the demo customer Anna is in the file');
        }
        assert.match(await page.textContent('#status'), lang === 'ru' ? /Скачан файл loyalty-events-/ : /Downloaded loyalty-events-/);

        assert.deepEqual(problems, []);
        assert.deepEqual(await violations(), []);
        await context.close();
    });
}

test('Numbers on a 390 px phone: nothing wider than the screen, axe clean', { skip }, async (t) => {
    const n = await numbers();
    const { context, page, problems, violations } = await openNumbers('ru', { width: 390, height: 844 });
    await assertShows(page, n, 'ru');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    const chartWidth = await page.$eval('svg.numbers-chart', (s) => s.getBoundingClientRect().width);
    assert.ok(chartWidth <= 390 && chartWidth > 300, `chart ${chartWidth} px`);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(t, page, 'phone-ru');
    assert.deepEqual(problems, []);
    assert.deepEqual(await violations(), []);
    await context.close();
});
