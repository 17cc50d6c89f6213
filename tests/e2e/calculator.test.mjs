// The calculator page end to end in Chromium: web/dist served by a tiny static server under the
// strict CSP, the sample CSV measured in the page's worker, a few numbers checked against ones this
// test works out itself from the same CSV (parsed here with papaparse, not by the core), live
// validation, the bad-rows list, the export, and screenshots in tests/artifacts/calculator-*.png.
//
// Needs the built page: bash web/build.sh && node web/tools/build-calculator.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Papa from 'papaparse';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { root } from './lib/server.mjs';
import { serveStatic } from './lib/static-server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const dist = process.env.LOYALTY_DIST_DIR || join(root, 'web/dist');
const samplePath = join(dist, 'calculator/sample-orders.csv');

/** "1 299,13" / "-211,70" -> minor units (integer kopecks), exactly. */
function minorUnits(text) {
    const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
    const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
    assert.ok(m, `unexpected amount ${JSON.stringify(text)}`);
    const v = Number(m[2]) * 100 + Number((m[3] || '').padEnd(2, '0'));
    return m[1] ? -v : v;
}

/** "05.01.2026 14:30" -> "2026-01-05" (the order's day as written). */
function isoDay(text) {
    const m = /^(\d\d)\.(\d\d)\.(\d{4})/.exec(text);
    assert.ok(m, `unexpected date ${JSON.stringify(text)}`);
    return `${m[3]}-${m[2]}-${m[1]}`;
}

/** The sample's numbers over [from, to] (ISO days) worked out independently: every positive row
 *  is an order (the sample repeats an order number only for its refund row, a negative amount). */
function expectedFromCsv(text, from = '0000-00-00', to = '9999-99-99') {
    const parsed = Papa.parse(text, { delimiter: ';', header: true, skipEmptyLines: true });
    assert.equal(parsed.errors.length, 0, JSON.stringify(parsed.errors.slice(0, 3)));
    const ordersByCustomer = new Map();
    let orders = 0, revenue = 0, refunded = 0, refunds = 0;
    let lastDay = '';
    for (const row of parsed.data) {
        const day = isoDay(row['Дата']);
        if (day > lastDay) lastDay = day;
        if (day < from || day > to) continue;
        const amount = minorUnits(row['Сумма']);
        if (amount < 0) {
            refunds += 1;
            refunded += -amount;
            continue;
        }
        orders += 1;
        revenue += amount;
        ordersByCustomer.set(row['Клиент'], (ordersByCustomer.get(row['Клиент']) || 0) + 1);
    }
    const customers = ordersByCustomer.size;
    const repeat = [...ordersByCustomer.values()].filter((n) => n >= 2).length;
    const round4 = (x) => Math.round(x * 10000) / 10000;
    return {
        rows: parsed.data.length, lastDay, orders, revenue, refunds, refunded, customers,
        repeat_purchase_rate: round4(repeat / customers),
        purchase_frequency: round4(orders / customers),
        average_order_value: Math.round(revenue / orders),
    };
}

let server, browser;

before(async () => {
    assert.ok(existsSync(join(dist, 'calculator/index.html')),
        `${dist}/calculator is missing: run bash web/build.sh && node web/tools/build-calculator.mjs`);
    mkdirSync(artifactsDir, { recursive: true });
    server = await serveStatic(dist);
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.close();
});

async function openCalculator(lang = 'en', colorScheme = 'light', viewport = { width: 1200, height: 900 }) {
    const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce', acceptDownloads: true });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${server.url}/calculator/?lang=${lang}`);
    await page.waitForSelector('#program-status.ok', { timeout: 30000 });
    return { context, page, problems, violations: () => page.evaluate(() => window.__violations) };
}

const kpi = async (page, key) => {
    const node = page.locator(`[data-metric="${key}"]`);
    return { value: await node.getAttribute('data-value'), text: await node.locator('dd').textContent() };
};

test('the sample CSV gives the orders, customers, revenue and repeat rate worked out independently', async () => {
    const text = readFileSync(samplePath, 'utf8');
    const whole = expectedFromCsv(text);
    // The sample is `loyalty sample-orders --count 20000 --seed 7`: 20 000 orders plus refund rows,
    // over about two years.
    assert.equal(whole.orders, 20000);
    const { context, page, problems, violations } = await openCalculator('en');
    await page.click('#sample');
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
    // The page defaults to the last 12 months of a longer history: [last day - 1 year + 1 day, last day].
    const [y, m, d] = whole.lastDay.split('-').map(Number);
    const from = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
    assert.equal(await page.inputValue('#period-from'), from);
    assert.equal(await page.inputValue('#period-to'), whole.lastDay);
    const expected = expectedFromCsv(text, from, whole.lastDay);
    assert.ok(expected.orders > 5000 && expected.orders < whole.orders, `${expected.orders} orders in the last year`);

    assert.equal(Number((await kpi(page, 'm_orders')).value), expected.orders);
    assert.equal((await kpi(page, 'm_orders')).text, expected.orders.toLocaleString('en-US'));
    // A year after the first orders, retention and churn have a denominator and add up to 1.
    const retention = Number((await kpi(page, 'm_retention')).value);
    const churn = Number((await kpi(page, 'm_churn')).value);
    assert.ok(retention > 0 && retention < 1, `retention ${retention}`);
    assert.ok(Math.abs(retention + churn - 1) < 1e-9, `${retention} + ${churn}`);
    assert.ok(Number((await kpi(page, 'm_ltv')).value) > 0);
    assert.equal(Number((await kpi(page, 'm_customers')).value), expected.customers);
    assert.equal(Number((await kpi(page, 'm_revenue')).value), expected.revenue);
    assert.equal(Number((await kpi(page, 'm_refunded')).value), expected.refunded);
    assert.equal(Number((await kpi(page, 'm_repeat')).value), expected.repeat_purchase_rate);
    assert.equal(Number((await kpi(page, 'm_frequency')).value), expected.purchase_frequency);
    assert.equal(Number((await kpi(page, 'm_aov')).value), expected.average_order_value);
    // Shown as text too: the revenue in whole roubles (a large sum), the rate as a percentage with one decimal.
    const shownRevenue = Number((await kpi(page, 'm_revenue')).text.replace(/[^\d.]/g, ''));
    assert.equal(shownRevenue, Math.round(expected.revenue / 100));
    assert.equal((await kpi(page, 'm_repeat')).text, `${(expected.repeat_purchase_rate * 100).toFixed(1).replace(/\.0$/, '')}%`);

    // The program replay ran: points were issued, and the cost share is a fraction of revenue.
    const issued = Number((await kpi(page, 'p_issued')).value);
    const share = Number((await kpi(page, 'p_share')).value);
    assert.ok(issued > 0, `points issued ${issued}`);
    assert.ok(share > 0 && share < 0.2, `cost share ${share}`);
    // One bar per month of the history in the revenue chart, a line for retention and churn.
    const months = await page.locator('#chart-revenue rect.bar').count();
    assert.ok(months >= 12, `${months} revenue bars`);
    assert.equal(await page.locator('#chart-retention path.line').count(), 2);
    assert.equal(await page.locator('#chart-points rect.bar').count(), months * 3);
    assert.match(await page.locator('#bad-rows-summary').textContent(), /Every row was read/);
    // Nothing was uploaded: the only requests are the page's own files and the sample.
    const posts = server.requests.filter((r) => r.method !== 'GET');
    assert.deepEqual(posts, []);

    await page.screenshot({ path: join(artifactsDir, 'calculator-sample-en.png'), fullPage: true });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('a bad field shows the core\'s error next to it, live, and clears when fixed', async () => {
    const { context, page, problems } = await openCalculator('en');
    const points = page.locator('input[name="earn_points"]');
    await points.fill('-5');
    await page.waitForSelector('input[name="earn_points"][aria-invalid="true"]');
    const describedBy = await points.getAttribute('aria-describedby');
    const message = await page.locator(`#${describedBy}`).textContent();
    assert.ok(message.length > 5, message);
    assert.match(await page.locator('#program-status').textContent(), /Errors in the program: 1/);
    // A tier row's field too: a multiplier that is not a number, reported at /tiers/levels/1/multiplier.
    const multiplier = page.locator('input[data-path="/tiers/levels/1/multiplier"]');
    await multiplier.fill('abc');
    await page.waitForSelector('input[data-path="/tiers/levels/1/multiplier"][aria-invalid="true"]');
    await page.screenshot({ path: join(artifactsDir, 'calculator-validation-en.png'), fullPage: false });
    await points.fill('5');
    await multiplier.fill('1.25');
    await page.waitForSelector('#program-status.ok');
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
});

test('tiers and rewards can be added and removed with the keyboard-reachable buttons', async () => {
    const { context, page } = await openCalculator('en');
    assert.equal(await page.locator('#tiers .row').count(), 3);
    await page.click('#add-tier');
    assert.equal(await page.locator('#tiers .row').count(), 4);
    // The new tier has no threshold yet: the core says so at its path.
    await page.waitForSelector('input[data-path="/tiers/levels/3/threshold"][aria-invalid="true"]');
    await page.locator('#tiers .row').nth(3).locator('button.remove').click();
    await page.waitForSelector('#program-status.ok');
    await page.click('#add-reward');
    assert.equal(await page.locator('#rewards .row').count(), 3);
    await page.locator('#rewards .row').nth(2).locator('button.remove').press('Enter');
    assert.equal(await page.locator('#rewards .row').count(), 2);
    await context.close();
});

test('export downloads the designed program.json', async () => {
    const { context, page } = await openCalculator('en');
    await page.fill('input[name="earn_points"]', '7');
    await page.fill('input[name="point_value"]', '0,50');
    await page.waitForSelector('#program-status.ok');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert.equal(download.suggestedFilename(), 'program.json');
    const program = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(program.currency, 'RUB');
    assert.equal(program.earn.points, 7);
    assert.equal(program.earn.per_amount, 10000); // 100 RUB in kopecks
    assert.equal(program.redemption.point_value, 50); // 0.50 RUB
    assert.equal(program.redemption.max_share, '30%');
    assert.equal(program.tiers.levels.length, 3);
    assert.equal(program.tiers.levels[1].threshold, 1500000);
    assert.equal(program.rewards.length, 2);
    assert.equal(program.expiry.inactive_days, undefined); // 0, the default, is left out
    // Days without a purchase (expiry.inactive_days): a negative number is refused at the field,
    // a valid one goes into the exported program beside the fixed period.
    const idle = page.locator('input[name="expiry_inactive"]');
    await idle.fill('-1');
    await page.waitForSelector('input[name="expiry_inactive"][aria-invalid="true"]');
    await idle.fill('180');
    await page.waitForSelector('#program-status.ok');
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const withIdle = JSON.parse(readFileSync(await again.path(), 'utf8'));
    assert.deepEqual(withIdle.expiry, { days: 365, warning_days: 30, inactive_days: 180 });
    assert.equal(withIdle.tiers.window_days, 365);
    assert.equal(withIdle.tiers.requalify, undefined); // rolling, the default, is left out
    assert.equal(withIdle.tiers.grace_days, undefined); // 0, the default, is left out
    // A grace period (tiers.grace_days) goes into the export beside the rolling window.
    await page.fill('input[name="tiers_grace"]', '30');
    await page.waitForSelector('#program-status.ok');
    const [withGrace] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const graced = JSON.parse(readFileSync(await withGrace.path(), 'utf8'));
    assert.equal(graced.tiers.grace_days, 30);
    assert.equal(graced.tiers.window_days, 365);
    // By calendar year the core refuses a grace: the field says so; with 0 the programme is valid.
    await page.selectOption('select[name="tiers_requalify"]', 'calendar_year');
    await page.waitForSelector('input[name="tiers_grace"][aria-invalid="true"]');
    await page.fill('input[name="tiers_grace"]', '0');
    // Tiers by calendar year (tiers.requalify): no rolling window beside it, or the core refuses it.
    await page.waitForSelector('#program-status.ok');
    const [byYear] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const yearly = JSON.parse(readFileSync(await byYear.path(), 'utf8'));
    assert.equal(yearly.tiers.requalify, 'calendar_year');
    assert.equal(yearly.tiers.window_days, undefined);
    assert.equal(yearly.tiers.levels.length, 3);
    await context.close();
});

test('bad CSV rows are listed with their line numbers, in Russian', async () => {
    const { context, page, problems } = await openCalculator('ru');
    const csv = 'customer,order,date,amount\nc1,o1,2025-01-05,100.00\nc2,o2,not a date,50.00\nc1,o3,2025-02-07,abc\nc2,o4,2025-03-01,70.00\n';
    await page.setInputFiles('#file', { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#bad-rows tr');
    const rows = await page.locator('#bad-rows tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /^3/); // "not a date" is on line 3 (the header is line 1)
    assert.match(rows[1], /^4/);
    assert.equal(Number((await kpi(page, 'm_orders')).value), 2);
    assert.equal(Number((await kpi(page, 'm_revenue')).value), 17000);
    assert.match(await page.locator('#bad-rows-summary').textContent(), /не удалось прочитать: 2/);
    await page.screenshot({ path: join(artifactsDir, 'calculator-bad-rows-ru.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
});

test('the page in Russian and dark mode, with the sample', async () => {
    const { context, page, problems, violations } = await openCalculator('ru', 'dark');
    await page.click('#sample');
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    assert.match((await kpi(page, 'm_orders')).text, /^\d{1,2}\s\d{3}$/); // "9 123": Russian digit groups
    await page.screenshot({ path: join(artifactsDir, 'calculator-sample-ru-dark.png'), fullPage: true });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('on a phone the page with the sample results fits the screen', async () => {
    const { context, page, problems } = await openCalculator('ru', 'light', { width: 390, height: 844 });
    await page.click('#sample');
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
    // Nothing wider than the screen: no sideways scrolling, every metric card inside the page.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the page scrolls sideways');
    const overflowing = await page.evaluate(() => [...document.querySelectorAll('.kpi')]
        .filter((k) => k.scrollWidth > k.clientWidth || k.getBoundingClientRect().right > 390).map((k) => k.dataset.metric));
    assert.deepEqual(overflowing, []);
    await page.screenshot({ path: join(artifactsDir, 'calculator-sample-phone-ru.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
});

test('axe-core finds no serious or critical issue on the page with results, in either language', async () => {
    for (const lang of ['en', 'ru']) {
        const { context, page } = await openCalculator(lang);
        await page.click('#sample');
        await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
        await page.fill('input[name="earn_points"]', 'x'); // an error message in the form too
        await page.waitForSelector('input[name="earn_points"][aria-invalid="true"]');
        // The results are recomputed without the program (its numbers give way to a note).
        await page.waitForSelector('#program-note:not([hidden])');
        await page.waitForFunction(() => !document.body.classList.contains('busy'));
        // evaluate() is not subject to the page's CSP, unlike an injected <script>.
        await page.evaluate(axeSource);
        const found = await page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        });
        assert.deepEqual(found, [], lang);
        await context.close();
    }
});

const presetFile = (name) => readFileSync(join(root, 'tests/vectors/presets', name));

test('a shop export is read with its preset: InSales detected, unpaid, cancelled and line-item rows skipped', async () => {
    const { context, page, problems, violations } = await openCalculator('ru');
    await page.setInputFiles('#file', { name: 'orders.csv', mimeType: 'text/csv', buffer: presetFile('insales.csv') });
    await page.waitForSelector('#results:not([hidden]) [data-metric="m_orders"]', { timeout: 60000 });
    // Worked out by hand in tests/vectors/presets/expected.json.
    assert.equal(Number((await kpi(page, 'm_orders')).value), 4);
    assert.equal(Number((await kpi(page, 'm_revenue')).value), 773506);
    const info = await page.locator('#preset-info').textContent();
    assert.match(info, /Формат: InSales \(определён по заголовкам\)/);
    assert.match(info, /Пропущено строк: 3/);
    await page.locator('section[aria-labelledby="data-heading"]').screenshot({ path: join(artifactsDir, 'calculator-preset-insales-ru.png') });
    assert.deepEqual(problems, []);
    assert.deepEqual(await violations(), []);
    await context.close();
});

test('a file the page cannot map shows the column picker, not numbers; the choice is remembered after a reload', async () => {
    const { context, page, problems, violations } = await openCalculator('en');
    const csv = 'Buyer;When;Paid;Note\nann@example.com;2026-01-05;100.00;x\nbob@example.com;2026-01-06;50.00;y\nann@example.com;2026-02-01;25.50;z\n';
    const file = { name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
    await page.setInputFiles('#file', file);
    await page.waitForSelector('#picker:not([hidden]) select[data-role="date"]', { timeout: 60000 });
    assert.equal(await page.locator('#results').isHidden(), true);
    // "Buyer" is a customer word and "Paid" an amount; only the date is missing.
    assert.deepEqual(await page.locator('#picker select[data-role]').evaluateAll((s) => s.map((x) => x.dataset.role)), ['order', 'date']);
    const options = await page.locator('#picker select[data-role="date"] option').allTextContents();
    assert.deepEqual(options.slice(1), ['Buyer', 'When', 'Paid', 'Note']);
    await page.evaluate(axeSource);
    const axe = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id));
    assert.deepEqual(axe, []);
    await page.screenshot({ path: join(artifactsDir, 'calculator-picker-en.png'), fullPage: true });
    // Applying without a choice names what is missing.
    await page.click('#picker-apply');
    assert.match(await page.locator('#picker .error-text').textContent(), /Choose a column/);
    await page.selectOption('#picker select[data-role="date"]', 'When');
    await page.click('#picker-apply');
    await page.waitForSelector('#results:not([hidden]) [data-metric="m_orders"]', { timeout: 60000 });
    assert.equal(Number((await kpi(page, 'm_orders')).value), 3);
    assert.equal(Number((await kpi(page, 'm_revenue')).value), 17550);
    assert.equal(await page.locator('#picker').isHidden(), true);

    await page.reload();
    await page.waitForSelector('#program-status.ok', { timeout: 30000 });
    await page.setInputFiles('#file', file);
    await page.waitForSelector('#results:not([hidden]) [data-metric="m_orders"]', { timeout: 60000 });
    assert.equal(Number((await kpi(page, 'm_revenue')).value), 17550);
    assert.match(await page.locator('#preset-info').textContent(), /mapping saved for this header/);
    assert.equal(await page.locator('#picker').isHidden(), true);
    await page.screenshot({ path: join(artifactsDir, 'calculator-picker-remembered-en.png'), fullPage: true });
    assert.deepEqual(problems, []);
    assert.deepEqual(await violations(), []);
    await context.close();
});

test('a preset chosen by hand on a file without its columns gives the picker for them, on a phone', async () => {
    const { context, page, problems } = await openCalculator('ru', 'light', { width: 390, height: 844 });
    await page.selectOption('#preset', 'shopify');
    await page.setInputFiles('#file', { name: 'plain.csv', mimeType: 'text/csv', buffer: Buffer.from('customer,order,date,amount\nc1,1,2026-01-05,10\n') });
    await page.waitForSelector('#picker:not([hidden]) select[data-role="amount"]', { timeout: 60000 });
    assert.equal(await page.locator('#results').isHidden(), true);
    // Four roles to pick, each from the file's own four headers; nothing wider than the screen.
    assert.equal(await page.locator('#picker select[data-role]').count(), 4);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scroll');
    await page.locator('section[aria-labelledby="data-heading"]').screenshot({ path: join(artifactsDir, 'calculator-picker-phone-ru.png') });
    // Back to detection: the plain file is read as it is.
    await page.selectOption('#preset', 'auto');
    await page.waitForSelector('#results:not([hidden]) [data-metric="m_orders"]', { timeout: 60000 });
    assert.equal(Number((await kpi(page, 'm_revenue')).value), 1000);
    assert.deepEqual(problems, []);
    await context.close();
});

test('an .xlsx export is read in its own lazily loaded worker and its preset detected', async () => {
    const { context, page, problems, violations } = await openCalculator('en');
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.waitForTimeout(200);
    assert.equal(requested.some((p) => p.endsWith('/xlsx-worker.js')), false, 'the xlsx reader is not loaded before an Excel file is chosen');
    await page.setInputFiles('#file', { name: 'orders.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: presetFile('woocommerce.xlsx') });
    await page.waitForSelector('#results:not([hidden]) [data-metric="m_orders"]', { timeout: 60000 });
    assert.equal(requested.some((p) => p.endsWith('/xlsx-worker.js')), true);
    // The WooCommerce export's hand-worked numbers (tests/vectors/presets/expected.json).
    assert.equal(Number((await kpi(page, 'm_orders')).value), 4);
    assert.equal(Number((await kpi(page, 'm_revenue')).value), 510050);
    assert.match(await page.locator('#preset-info').textContent(), /Format: WooCommerce \(detected from the header\)/);
    await page.locator('section[aria-labelledby="data-heading"]').screenshot({ path: join(artifactsDir, 'calculator-xlsx-en.png') });
    // A file named .xlsx that is no workbook says so instead of showing numbers.
    await page.setInputFiles('#file', { name: 'broken.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('not a zip') });
    await page.waitForFunction(() => document.getElementById('data-error').textContent.startsWith('Could not read the Excel file'));
    assert.deepEqual(problems, []);
    assert.deepEqual(await violations(), []);
    await context.close();
});
