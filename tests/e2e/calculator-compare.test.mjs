// The calculator's comparison, sensitivity, retention-worth and report panels in Chromium: program
// B against A over the sample with the differences checked against replays this test runs itself
// (the same core in node, web/dist/engine.js), a 7-point expiry sweep whose points are checked the
// same way, the retention worksheet worked out here independently, bad input named at its field,
// the print view (screenshot and PDF), axe, Russian and English. Screenshots and the PDF go to
// tests/artifacts/calculator-{compare,report}-*.
//
// Needs the built page: bash web/build.sh && node web/tools/build-calculator.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { root } from './lib/server.mjs';
import { serveStatic } from './lib/static-server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const dist = process.env.LOYALTY_DIST_DIR || join(root, 'web/dist');
const csv = () => readFileSync(join(dist, 'calculator/sample-orders.csv'), 'utf8');

let server, browser, core;

before(async () => {
    assert.ok(existsSync(join(dist, 'calculator/index.html')),
        `${dist}/calculator is missing: run bash web/build.sh && node web/tools/build-calculator.mjs`);
    mkdirSync(artifactsDir, { recursive: true });
    server = await serveStatic(dist);
    browser = await launchBrowser();
    const { createLoyaltyEngine } = await import(pathToFileURL(join(dist, 'engine.js')).href);
    core = await createLoyaltyEngine({ module: 'calculator', baseUrl: pathToFileURL(dist + '/') });
});

after(async () => {
    await browser?.close();
    await server?.close();
});

async function openWithSample(lang, viewport = { width: 1200, height: 900 }) {
    const context = await browser.newContext({ viewport, colorScheme: 'light', reducedMotion: 'reduce' });
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
    await page.click('#sample');
    await page.waitForSelector('#results:not([hidden]) [data-metric="p_issued"]', { timeout: 60000 });
    await page.waitForSelector('#compare:not([hidden])');
    return { context, page, problems, violations: () => page.evaluate(() => window.__violations) };
}

/** What the page replays: program A (the report's JSON) over the period it shows. */
async function pageInputs(page) {
    const programA = JSON.parse(await page.locator('#report-json').textContent());
    const period = { from: await page.inputValue('#period-from'), to: await page.inputValue('#period-to') };
    return { programA, period };
}

function replay(program, period) {
    const r = core.metrics({ csv: csv(), program, period, redemption_policy: 'max' });
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    return r;
}

const cell = (page, table, key, col) => page.locator(`#${table} tr[data-key="${key}"] td`).nth(col);
const num = async (locator) => Number(await locator.getAttribute('data-value'));

test('program B (A with 10 points per 100 instead of 5) against A: every difference is B - A of separate replays', async () => {
    const { context, page, problems, violations } = await openWithSample('en');
    const { programA, period } = await pageInputs(page);
    assert.equal(programA.earn.points, 5);
    // B starts as a copy of A.
    assert.deepEqual(JSON.parse(await page.inputValue('#b-json')), programA);
    assert.equal(await page.inputValue('#b-earn-points'), '5');
    await page.fill('#b-earn-points', '10');
    await page.waitForSelector('#b-status.ok');
    const programB = JSON.parse(await page.inputValue('#b-json'));
    assert.deepEqual(programB, { ...programA, earn: { ...programA.earn, points: 10 } });
    await page.click('#run-compare');
    await page.waitForSelector('#compare-table:not([hidden])', { timeout: 60000 });

    const a = replay(programA, period).program;
    const b = replay(programB, period).program;
    for (const key of ['reward_cost', 'liability', 'points_expired', 'points_issued', 'points_redeemed', 'points_outstanding']) {
        assert.equal(await num(cell(page, 'compare-rows', key, 0)), a[key], `${key} A`);
        assert.equal(await num(cell(page, 'compare-rows', key, 1)), b[key], `${key} B`);
        assert.equal(await num(cell(page, 'compare-rows', key, 2)), b[key] - a[key], `${key} B - A`);
    }
    assert.equal(await num(cell(page, 'compare-rows', 'reward_cost_share', 2)),
        (Math.round(b.reward_cost_share * 10000) - Math.round(a.reward_cost_share * 10000)) / 10000);
    // Twice the earn rate issues more points and costs more: A is the cheaper one, by B - A.
    assert.ok(b.points_issued > a.points_issued);
    const saving = b.reward_cost - a.reward_cost;
    assert.ok(saving > 0);
    const summary = page.locator('#compare-summary');
    assert.equal(await summary.getAttribute('data-cheaper'), 'a');
    assert.equal(Number(await summary.getAttribute('data-saving')), saving);
    const shown = `₽${Math.floor(saving / 100).toLocaleString('en-US')}.${String(saving % 100).padStart(2, '0')}`.replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');
    const share = `${(Math.round((1000 * saving) / b.reward_cost) / 10).toFixed(1).replace(/\.0$/, '')}%`;
    assert.equal(await summary.textContent(), `Program A is cheaper by ${shown} (${share} less than B) over the period.`);
    // Dearer figures are marked as such (a class, and the sign in the text).
    assert.equal(await cell(page, 'compare-rows', 'reward_cost', 2).getAttribute('class'), 'worse');
    assert.match(await cell(page, 'compare-rows', 'reward_cost', 3).textContent(), /^\+\d/);
    // A difference of shares is in percentage points.
    assert.match(await cell(page, 'compare-rows', 'reward_cost_share', 2).textContent(), /^\+\d+(\.\d+)? pp$/);
    await page.locator('#compare').screenshot({ path: join(artifactsDir, 'calculator-compare-en.png') });

    // Changing A recomputes the comparison against the new A.
    await page.fill('input[name="earn_points"]', '10');
    await page.waitForFunction(() => document.querySelector('#compare-summary')?.textContent.includes('same'), null, { timeout: 60000 });
    assert.equal(await num(cell(page, 'compare-rows', 'reward_cost', 2)), 0);
    // The language switch redraws the panels in Russian without computing again.
    await page.click('#lang-toggle');
    assert.equal(await page.textContent('#compare-summary'), 'Обе программы стоят одинаково за период.');
    assert.equal(await page.textContent('#compare-table thead th:nth-child(2)'), 'Программа A');
    assert.equal(await page.textContent('#run-sweep'), 'Построить');
    assert.equal(await page.textContent('#print-report'), 'Печать отчёта');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('program B: bad JSON, a bad field and a loaded file are reported, and a wrong B is never compared', async () => {
    const { context, page, problems } = await openWithSample('en');
    await page.fill('#b-json', '{"version": 1,');
    await page.waitForSelector('#b-status.bad');
    assert.match(await page.textContent('#b-status'), /^Not JSON: /);
    assert.equal(await page.getAttribute('#b-json', 'aria-invalid'), 'true');
    await page.click('#copy-a');
    await page.waitForSelector('#b-status.ok');
    await page.fill('#b-earn-points', '-3');
    await page.waitForSelector('#b-status.bad');
    assert.match(await page.textContent('#b-errors'), /\/earn\/points: /);
    await page.click('#run-compare');
    assert.match(await page.textContent('#compare-progress'), /Errors in program B: 1/);
    assert.equal(await page.locator('#compare-table').isHidden(), true);
    // A program.json loaded from disk replaces B (pretty-printed), and is validated by the core.
    const { programA } = await pageInputs(page);
    await page.setInputFiles('#load-b-file', { name: 'b.json', mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...programA, expiry: { days: 90, warning_days: 30 } })) });
    await page.waitForSelector('#b-status.ok');
    assert.equal(await page.inputValue('#b-expiry-days'), '90');
    assert.deepEqual(problems, []);
    await context.close();
});

test('the sensitivity sweep draws 7 replays of expiry days, each equal to a separate replay', async () => {
    const { context, page, problems } = await openWithSample('en');
    const { programA, period } = await pageInputs(page);
    await page.selectOption('#sens-param', 'expiry_days');
    assert.equal(await page.inputValue('#sens-from'), '183'); // half of A's 365, rounded half up
    assert.equal(await page.inputValue('#sens-to'), '730');
    await page.fill('#sens-from', '90');
    // 90 + 640i/6: 90, 196.67, 303.33, 410, 516.67, 623.33, 730, rounded half up
    const xs = [90, 197, 303, 410, 517, 623, 730];
    const started = Date.now();
    await page.click('#run-sweep');
    // The page answers while the worker replays: the progress line counts the points.
    await page.waitForSelector('#sens-progress:has-text("Computing")');
    // The main thread keeps running while the worker replays: the longest gap between timer ticks
    // over the sweep stays short (a replay on the main thread would block it for the whole point).
    const longestGap = await page.evaluate(() => new Promise((resolve) => {
        let last = performance.now();
        let gap = 0;
        const tick = () => {
            const now = performance.now();
            gap = Math.max(gap, now - last);
            last = now;
            if (document.querySelector('#sens-chart svg')) resolve(gap);
            else setTimeout(tick, 10);
        };
        setTimeout(tick, 10);
    }));
    assert.ok(longestGap < 250, `the page stalled for ${Math.round(longestGap)} ms during the sweep`);
    const elapsed = Date.now() - started;
    assert.equal(await page.getAttribute('#sens-chart svg', 'data-points'), '7');
    assert.equal(await page.locator('#sens-chart circle.dot').count(), 14); // cost and liability
    assert.equal(await page.locator('#sens-chart path.line').count(), 2);
    // Axes are labelled; the table for screen readers holds the same numbers.
    const labels = await page.locator('#sens-chart text.axis-label').allTextContents();
    assert.deepEqual(labels, ['Points expire after, days', 'Amount, ₽']);
    const rows = page.locator('#sens-chart table tbody tr');
    assert.equal(await rows.count(), 7);
    assert.deepEqual(await page.locator('#sens-chart table tbody th').allTextContents(), xs.map(String));
    for (const i of [0, 3, 6]) {
        const r = replay({ ...programA, expiry: { ...programA.expiry, days: xs[i] } }, period).program;
        assert.equal(Number(await rows.nth(i).locator('td').nth(0).getAttribute('data-value')), r.reward_cost, `cost at ${xs[i]} days`);
        assert.equal(Number(await rows.nth(i).locator('td').nth(1).getAttribute('data-value')), r.liability, `liability at ${xs[i]} days`);
    }
    // Longer-lived points: more of them outstanding at the end.
    const liab = await rows.locator('td:nth-child(3)').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
    assert.ok(liab[6] > liab[0], liab.join(' '));
    await page.locator('#sensitivity').screenshot({ path: join(artifactsDir, 'calculator-sensitivity-en.png') });
    console.log(`# sweep of 7 replays over the sample: ${elapsed} ms, longest main-thread gap ${Math.round(longestGap)} ms`);

    // Bad ranges are named at their fields, and nothing is replayed.
    await page.fill('#sens-from', '800');
    await page.click('#run-sweep');
    await page.waitForSelector('#sens-to[aria-invalid="true"]');
    assert.match(await page.textContent('#sens-to-error'), /greater than/);
    await page.fill('#sens-from', '-1');
    await page.fill('#sens-steps', '40');
    await page.click('#run-sweep');
    await page.waitForSelector('#sens-from[aria-invalid="true"]');
    assert.match(await page.textContent('#sens-steps-error'), /from 2 to 15/);
    await page.selectOption('#sens-param', 'point_value');
    assert.equal(await page.inputValue('#sens-from'), '0.5'); // half of 1 ₽, in roubles
    assert.deepEqual(problems, []);
    await context.close();
});

/** The retention worksheet, worked out here on its own from the metrics (BigInt, half up). */
function expectedRetention(m, marginBp, riseBp) {
    const half = (a, b) => (2n * a + b) / (2n * b); // a, b > 0
    const day = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
    const days = BigInt((day(m.period.to) - day(m.period.from)) / 86400000 + 1);
    const S = BigInt(m.active_at_start);
    const per = half(BigInt(m.average_order_value) * BigInt(Math.round(m.purchase_frequency * 10000)) * 365n, 10000n * days);
    const revenue = half(S * riseBp * per, 10000n);
    const profit = half(revenue * marginBp, 10000n);
    const cost = half(BigInt(m.program.reward_cost) * 365n, days);
    const be = half(cost * 100000000n, S * per * marginBp);
    return { kept: Number(S * riseBp) / 10000, per: Number(per), revenue: Number(revenue), profit: Number(profit), cost: Number(cost), net: Number(profit - cost), be: Number(be) / 10000 };
}

test('what retention is worth: each figure equals the formula over the measured metrics', async () => {
    const { context, page, problems } = await openWithSample('en');
    const { programA, period } = await pageInputs(page);
    const m = replay(programA, period);
    const e = expectedRetention(m, 3000n, 500n); // the defaults: margin 30%, rise 5 points
    const value = (key) => num(page.locator(`#ret-rows tr[data-key="${key}"] td`).nth(1));
    assert.equal(await value('kept'), e.kept);
    assert.equal(await value('per_customer_year'), e.per);
    assert.equal(await value('extra_revenue'), e.revenue);
    assert.equal(await value('extra_profit'), e.profit);
    assert.equal(await value('cost_year'), e.cost);
    assert.equal(await value('net'), e.net);
    assert.equal(await value('break_even'), e.be);
    // The formula is printed with the numbers put in.
    const formula = await page.locator('#ret-rows tr[data-key="kept"] td.formula').textContent();
    assert.equal(formula, `active at the start × rise = ${m.active_at_start.toLocaleString('en-US')} × 5%`);
    assert.match(await page.textContent('#ret-now'), /^Retention is [\d.]+% and churn [\d.]+% now; with the rise, [\d.]+% and [\d.]+%\.$/);

    // Another margin and rise, typed with a decimal comma.
    await page.fill('#ret-margin', '27,5');
    await page.fill('#ret-rise', '2,25');
    const e2 = expectedRetention(m, 2750n, 225n);
    assert.equal(await value('extra_profit'), e2.profit);
    assert.equal(await value('net'), e2.net);
    await page.locator('#retention').screenshot({ path: join(artifactsDir, 'calculator-retention-en.png') });

    // Bad input is named at its field and hides the worksheet.
    await page.fill('#ret-margin', '120');
    await page.waitForSelector('#ret-margin[aria-invalid="true"]');
    assert.match(await page.textContent('#ret-margin-error'), /from 0 to 100/);
    assert.equal(await page.locator('#ret-table').isHidden(), true);
    await page.fill('#ret-margin', '30');
    await page.fill('#ret-rise', '99');
    await page.waitForSelector('#ret-rise[aria-invalid="true"]');
    assert.match(await page.textContent('#ret-rise-error'), /pass 100%/);
    await page.fill('#ret-rise', '5');
    assert.equal(await page.locator('#ret-table').isVisible(), true);
    assert.deepEqual(problems, []);
    await context.close();
});

test('the printed report: inputs, metrics, comparison, chart and JSON, without controls (screenshot and PDF, both languages)', async () => {
    for (const lang of ['en', 'ru']) {
        const { context, page, problems, violations } = await openWithSample(lang);
        await page.fill('#b-max-share', '50');
        await page.waitForSelector('#b-status.ok');
        await page.click('#run-compare');
        await page.waitForSelector('#compare-table:not([hidden])', { timeout: 60000 });
        await page.click('#run-sweep');
        await page.waitForSelector('#sens-chart svg', { timeout: 120000 });
        await page.screenshot({ path: join(artifactsDir, `calculator-compare-page-${lang}.png`), fullPage: true });
        // The button opens the browser's print dialog (stubbed here: headless has none).
        await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
        await page.click('#print-report');
        assert.equal(await page.evaluate(() => window.__printed), 1);

        await page.emulateMedia({ media: 'print' });
        for (const hidden of ['#program-form', '#drop', '#print-report', '#lang-toggle', '#run-compare', '#b-json', '#sens-param', '#ret-margin']) {
            assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} printed`);
        }
        for (const shown of ['#report-inputs', '#kpi-program', '#compare-table', '#sens-chart svg', '#sens-chart table', '#ret-table', '#report-json', '#report-json-b']) {
            assert.equal(await page.locator(shown).isVisible(), true, `${shown} not printed`);
        }
        const { programA } = await pageInputs(page);
        assert.equal(programA.redemption.max_share, '30%');
        assert.equal(JSON.parse(await page.locator('#report-json-b').textContent()).redemption.max_share, '50%');
        assert.match(await page.locator('#report-inputs').textContent(), lang === 'en' ? /Period2\d{3}-\d\d-\d\d — / : /Период2\d{3}-\d\d-\d\d — /);
        // Each panel starts a page.
        const breaks = await page.evaluate(() => ['results', 'compare', 'sensitivity', 'retention'].map((id) => getComputedStyle(document.getElementById(id)).breakBefore));
        assert.deepEqual(breaks, ['page', 'page', 'page', 'page']);
        await page.screenshot({ path: join(artifactsDir, `calculator-report-${lang}.png`), fullPage: true });
        const pdfPath = join(artifactsDir, `calculator-report-${lang}.pdf`);
        const pdf = await page.pdf({ path: pdfPath, format: 'A4', printBackground: false });
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
        assert.ok(pages >= 5 && pages <= 14, `${pages} pages`);
        assert.ok(statSync(pdfPath).size > 20000);
        console.log(`# report (${lang}): ${pages} A4 pages`);
        await page.emulateMedia({ media: 'screen' });
        assert.deepEqual(await violations(), []);
        assert.deepEqual(problems, []);
        await context.close();
    }
});

test('axe finds no serious or critical issue with every panel filled, in either language, and a phone fits', async () => {
    for (const lang of ['en', 'ru']) {
        const { context, page } = await openWithSample(lang, lang === 'ru' ? { width: 390, height: 844 } : undefined);
        await page.fill('#b-earn-points', '7');
        await page.waitForSelector('#b-status.ok');
        await page.click('#run-compare');
        await page.waitForSelector('#compare-table:not([hidden])', { timeout: 60000 });
        await page.click('#run-sweep');
        await page.waitForSelector('#sens-chart svg', { timeout: 120000 });
        await page.fill('#ret-margin', 'x'); // an error message too
        await page.waitForSelector('#ret-margin[aria-invalid="true"]');
        await page.evaluate(axeSource);
        const found = await page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        });
        assert.deepEqual(found, [], lang);
        if (lang === 'ru') {
            // Nothing runs past a 390 px screen (the tables scroll inside their own box).
            const wide = await page.evaluate(() => [...document.querySelectorAll('#compare, #sensitivity, #retention')]
                .filter((s) => s.getBoundingClientRect().right > 390 || s.scrollWidth > s.clientWidth + 1).map((s) => s.id));
            assert.deepEqual(wide, []);
            await page.fill('#ret-margin', '30');
            for (const id of ['compare', 'sensitivity', 'retention']) {
                await page.locator(`#${id}`).screenshot({ path: join(artifactsDir, `calculator-${id}-phone-ru.png`) });
            }
        }
        await context.close();
    }
});
