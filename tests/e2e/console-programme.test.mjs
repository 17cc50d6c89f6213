// The console's Programme section (/admin#programme, docs/server.md "The owner's console") end to
// end in Chromium against the real loyalty-server (fresh database, the demo programme as version 1,
// the server's clock at SAMPLE_CLOCK): the versions list; bad JSON reported with its line and
// column before anything is sent; an upload the core refuses with two errors, each shown at its
// place in the JSON text, in English and in Russian; the fixed upload in force at once (the list,
// GET /api/loyalty/program and its X-Program-Version, an order booked after earning by the new rate
// while the customer's earlier order keeps its points); a version scheduled for tomorrow; a time in
// the past refused at its field; the upload in the activity log; an older version in words; axe
// and a 390 px phone. Screenshots: tests/artifacts/console-programme-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { serverSkip, startLoyaltyServer } from './lib/loyalty-server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ADMIN_TOKEN = 'e2e-programme-0123456789abcdef';
const skip = serverSkip;
let server, browser, url;

before(async () => {
    if (skip) return;
    mkdirSync(artifactsDir, { recursive: true });
    server = await startLoyaltyServer({ name: 'programme', adminToken: ADMIN_TOKEN });
    ({ url } = server);
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.stop();
});

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
async function apiGet(path) {
    const r = await fetch(url + path, { headers: admin });
    return { status: r.status, body: await r.json(), headers: r.headers };
}
async function book(customerId, orderId, lines) {
    const r = await fetch(url + '/api/loyalty/orders', { method: 'POST', headers: admin, body: JSON.stringify({ customer_id: customerId, order_id: orderId, lines }) });
    const body = await r.json();
    assert.equal(r.status, 201, JSON.stringify(body));
    return body;
}

async function seriousViolations(page) {
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.flat().join(' >>> ')).slice(0, 4).join(', ')}`);
    });
}

async function openConsole(lang, viewport = { width: 1280, height: 900 }) {
    const phone = viewport.width < 500;
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce', locale: lang === 'ru' ? 'ru-RU' : 'en-US', isMobile: phone, hasTouch: phone });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
    await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${url}/admin#token=${ADMIN_TOKEN}&operator=${encodeURIComponent(lang === 'ru' ? 'Ольга Петрова' : 'Olga Petrova')}`);
    await loaded(page);
    await page.click('#nav a[data-view=programme]');
    await page.waitForSelector('#view-programme:not([hidden])');
    await loaded(page);
    return { context, page, problems, violations: () => page.evaluate(() => window.__violations) };
}
const loaded = (page) => page.waitForSelector('body[data-loaded=true]', { timeout: 15000 });

async function shot(t, page, name, options = { fullPage: true }) {
    const path = join(artifactsDir, `console-programme-${name}.png`);
    await page.screenshot({ path, ...options });
    t.diagnostic(`screenshot: ${path}`);
}
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');
const rowStatus = (page, v) => page.getAttribute(`#versions tr[data-version="${v}"]`, 'data-status');
/** {at, text}: where the JSON box's selection starts and what it selects (null unfocused). */
const selected = (page) => page.evaluate(() => {
    const j = document.querySelector('#upload-json');
    return document.activeElement === j ? { at: j.selectionStart, text: j.value.slice(j.selectionStart, j.selectionEnd) } : null;
});
/** The offset of the `n`th (from 0) `needle` in `text`. */
function nth(text, needle, n) {
    let at = -1;
    for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, needle);
    return at;
}
const lineAt = (text, at) => text.slice(0, at).split('\n').length;

/** The demo programme, changed by `edit`, as the operator would leave it in the box. */
async function editedProgramme(edit) {
    const p = (await apiGet('/api/admin/program/versions/1')).body.program;
    edit(p);
    return JSON.stringify(p, null, 2);
}

test('versions: refused uploads at their fields, one in force now, one scheduled, the log', { skip }, async (t) => {
    const { context, page, problems, violations } = await openConsole('en');

    // Version 1 is the programme file the database started with, in force from the beginning.
    assert.equal(await page.locator('#versions tbody tr').count(), 1);
    assert.equal(await rowStatus(page, 1), 'in_force');
    const row1 = plain(await page.textContent('#versions tr[data-version="1"]'));
    assert.ok(row1.includes('in force') && row1.includes('from the beginning') && row1.includes('from the programme file'), row1);
    assert.ok(plain(await page.textContent('#version-view')).includes('5 points for every ₽100 paid'));
    await shot(t, page, 'versions-en');
    assert.deepEqual(await seriousViolations(page), []);

    // A new customer's first order under version 1: 400 ₽ of stationery (×1) at 5 points per
    // 100 ₽ = 20 points, and version 1's first-purchase bonus of 200: 220.
    const first = await book('c-versions', 'PV-1', [{ sku: 'pen', category: 'stationery', price: 40000, quantity: 1 }]);
    assert.equal(first.earned, 220);

    // The form starts from a copy of version 1.
    await page.click('#upload-toggle');
    const box = page.locator('#upload-json');
    assert.equal(JSON.parse(await box.inputValue()).id, 'lavka-books');

    // Not JSON: said with its line and column, and nothing is sent.
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/admin/program/versions')) posts++; });
    await box.fill('{\n  "id": "lavka-books"\n  "name": "x"\n}');
    await page.fill('#upload-reason', 'Winter rates');
    await page.click('#upload-form button[type=submit]');
    // Line 3 column 3 is the quote of "name": a comma was due before it.
    assert.equal(await page.textContent('#upload-json-error'), 'Not valid JSON at line 3, column 3: expected “,” / “}”.');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await selected(page), { at: 26, text: '"' });
    assert.equal(posts, 0);
    // A file is read into the box and its bad JSON said at once; one too large is refused at its field.
    await page.setInputFiles('#upload-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "a": 1,\n}\n') });
    await page.waitForFunction(() => document.querySelector('#upload-json').value.startsWith('{\n  "a"'));
    assert.equal(await page.textContent('#upload-json-error'), 'Not valid JSON at line 3, column 1: expected a key in double quotes.');
    await page.setInputFiles('#upload-file', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.alloc(1000001, 32) });
    await page.waitForSelector('#upload-file[aria-invalid=true]');
    assert.equal(await page.textContent('#upload-file-error'), 'Larger than the server takes (1 MB).');
    assert.ok((await box.inputValue()).startsWith('{\n  "a"'), 'the box keeps what it had');
    assert.equal(posts, 0);

    // Two mistakes: the core names both, each at its place in the text.
    const twoErrors = await editedProgramme((p) => {
        p.earn.points = 8;
        p.earn.categories.books.multiplier = '2';
        p.earn.rounding = 'sideways';
        p.tiers.levels[1].threshold = 0;
    });
    await box.fill(twoErrors);
    await page.click('#upload-form button[type=submit]');
    assert.equal(await page.textContent('#upload-form .confirm .what'), 'Version 2 takes effect now; orders before keep version 1.');
    await page.getByRole('button', { name: 'Upload version 2' }).click();
    await page.waitForSelector('.json-errors li');
    assert.equal(posts, 1);
    assert.equal(await page.locator('.json-errors li').count(), 2);
    // The second tier's threshold is the second "threshold": 0 (the first tier's is 0 too).
    const roundingAt = nth(twoErrors, '"rounding"', 0);
    const thresholdAt = nth(twoErrors, '"threshold": 0', 1);
    const rounding = plain(await page.textContent('.json-errors li[data-pointer="/earn/rounding"]'));
    assert.ok(rounding.startsWith(`earn › rounding (line ${lineAt(twoErrors, roundingAt)}, column 5): `), rounding);
    const threshold = plain(await page.textContent('.json-errors li[data-pointer="/tiers/levels/1/threshold"]'));
    assert.ok(threshold.startsWith(`tiers › levels › item 2 › threshold (line ${lineAt(twoErrors, thresholdAt)}, column 9): `), threshold);
    assert.match(threshold, /greater than the previous tier's threshold/);
    assert.equal(await page.textContent('#upload-json-error'), '2 errors in the programme, listed below: a click on one selects its place.');
    // The first is selected at once; a click on the second moves there.
    assert.deepEqual(await selected(page), { at: roundingAt, text: '"rounding": "sideways"' });
    await page.click('.json-errors li[data-pointer="/tiers/levels/1/threshold"] button');
    assert.deepEqual(await selected(page), { at: thresholdAt, text: '"threshold": 0' });
    await shot(t, page, 'errors-en');
    assert.deepEqual(await seriousViolations(page), []);

    // The same errors in Russian, the text kept.
    await page.selectOption('#lang', 'ru');
    await page.waitForFunction(() => (document.querySelector('.json-errors') || { textContent: '' }).textContent.includes('№ 2'));
    assert.ok(plain(await page.textContent('.json-errors li[data-pointer="/tiers/levels/1/threshold"]')).startsWith(`tiers › levels › № 2 › threshold (строка ${lineAt(twoErrors, thresholdAt)}, столбец 9): `));
    assert.equal(await page.textContent('#upload-json-error'), 'Ошибок в программе: 2, список ниже; щелчок по ошибке выделяет её место.');
    assert.equal(await box.inputValue(), twoErrors);
    await page.click('.json-errors li[data-pointer="/earn/rounding"] button');
    assert.deepEqual(await selected(page), { at: roundingAt, text: '"rounding": "sideways"' });
    await shot(t, page, 'errors-ru');
    assert.deepEqual(await seriousViolations(page), []);
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.querySelector('#upload-json-error').textContent.includes('2 errors'));

    // Fixed, in force now: 8 points per 100 ₽, books ×2.
    await box.fill(await editedProgramme((p) => {
        p.earn.points = 8;
        p.earn.categories.books.multiplier = '2';
    }));
    await page.click('#upload-form button[type=submit]');
    await page.getByRole('button', { name: 'Upload version 2' }).click();
    await page.waitForSelector('#upload-result.ok');
    assert.equal(await page.textContent('#upload-result'), 'Version 2 uploaded: it is in force now.');
    assert.equal(await rowStatus(page, 2), 'in_force');
    assert.equal(await rowStatus(page, 1), 'past');
    assert.ok(plain(await page.textContent('#versions tr[data-version="2"]')).includes('Winter rates'));
    assert.ok(plain(await page.textContent('#versions tr[data-version="2"]')).includes('Olga Petrova'));
    assert.ok(plain(await page.textContent('#version-view')).includes('8 points for every ₽100 paid'));
    const served = await apiGet('/api/loyalty/program');
    assert.equal(served.headers.get('x-program-version'), '2');
    assert.equal(served.body.earn.points, 8);
    await shot(t, page, 'in-force-en');

    // After: 400 ₽ of stationery at 8 per 100 ₽ = 32; 500 ₽ of books at 8 per 100 ₽ ×2 = 80.
    const second = await book('c-versions', 'PV-2', [{ sku: 'pen', category: 'stationery', price: 40000, quantity: 1 }]);
    assert.equal(second.earned, 32);
    const third = await book('c-versions', 'PV-3', [{ sku: 'book', category: 'books', price: 50000, quantity: 1 }]);
    assert.equal(third.earned, 80);
    // The order booked under version 1 keeps its 220 points: 220 + 32 + 80 = 332.
    const doc = (await apiGet('/api/loyalty/customers/c-versions?history_limit=100')).body;
    assert.equal(doc.status.balance, 332, JSON.stringify(doc.status.history));
    const pointsOf = (order) => doc.status.history.filter((h) => JSON.stringify(h).includes(`"${order}"`)).map((h) => h.points);
    assert.deepEqual(pointsOf('PV-1'), [220], JSON.stringify(doc.status.history));
    assert.deepEqual(pointsOf('PV-2'), [32]);
    assert.deepEqual(pointsOf('PV-3'), [80]);

    // Scheduled for tomorrow's midnight on the programme's clock (the server's day is 4 Dec).
    await page.click('#upload-toggle');
    await box.fill(await editedProgramme((p) => {
        p.earn.points = 10;
    }));
    await page.check('#upload-at-choice');
    assert.equal(await page.inputValue('#upload-at'), '2026-12-05');
    assert.equal(await page.inputValue('#upload-at-time'), '00:00');
    // A time in the past is refused at its field before anything is sent.
    await page.fill('#upload-at', '2026-12-01');
    await page.fill('#upload-at-time', '09:00');
    await page.fill('#upload-reason', 'New year rates');
    await page.click('#upload-form button[type=submit]');
    assert.equal(await page.textContent('#upload-at-error'), 'A version cannot take effect in the past: what was booked keeps its programme.');
    await page.fill('#upload-at', '2026-12-05');
    await page.fill('#upload-at-time', '00:00');
    await page.click('#upload-form button[type=submit]');
    assert.equal(await page.textContent('#upload-form .confirm .what'), 'Version 3 takes effect on 5 Dec 2026, 00:00 (+03:00); orders before keep version 2.');
    await page.getByRole('button', { name: 'Upload version 3' }).click();
    await page.waitForSelector('#upload-result.ok');
    assert.equal(await page.textContent('#upload-result'), 'Version 3 uploaded: it takes effect on 5 Dec 2026, 00:00 (+03:00).');
    assert.equal(await rowStatus(page, 3), 'scheduled');
    assert.equal(await rowStatus(page, 2), 'in_force');
    assert.ok(plain(await page.textContent('#versions tr[data-version="3"]')).includes('5 Dec 2026, 00:00 (+03:00)'));
    assert.equal((await apiGet('/api/loyalty/program')).headers.get('x-program-version'), '2');
    await shot(t, page, 'scheduled-en');
    assert.equal(posts, 3);

    // Version 1 in words again.
    await page.click('#versions tr[data-version="1"] button');
    await page.waitForSelector('#version-view[data-version="1"]');
    assert.ok(plain(await page.textContent('#version-view')).includes('Version 1 (past)'));
    assert.ok(plain(await page.textContent('#version-view')).includes('5 points for every ₽100 paid'));

    // The activity log: who uploaded which version, when it takes effect, why.
    await page.click('#nav a[data-view=activity]');
    await loaded(page);
    const logged = page.locator('#activity-body tr[data-action=program_version]');
    assert.equal(await logged.count(), 2);
    const newest = plain(await logged.first().textContent());
    assert.ok(newest.includes('Olga Petrova') && newest.includes('v3') && newest.includes('version 3 · takes effect 5 Dec 2026, 00:00 (+03:00)') && newest.includes('New year rates'), newest);
    assert.ok(plain(await logged.nth(1).textContent()).includes('Winter rates'));
    await shot(t, page, 'activity-en');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('the time a version takes effect is typed in the console\'s language and sent on the programme\'s clock', { skip }, async (t) => {
    // The browser runs at +05:00 (TZ), the programme at +03:00: 09:30 typed is 09:30+03:00.
    const { context, page, problems } = await openConsole('ru');
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/admin/program/versions')) posts++; });
    await page.click('#upload-toggle');
    await page.fill('#upload-json', await editedProgramme((p) => {
        p.earn.points = 11;
    }));
    await page.check('#upload-at-choice');
    // Tomorrow's midnight on the server's clock (4 Dec), day first; the formats said beside the fields.
    assert.equal(await page.inputValue('#upload-at'), '05.12.2026');
    assert.equal(await page.inputValue('#upload-at-time'), '00:00');
    assert.equal(await page.textContent('#upload-at-date-hint'), 'ДД.ММ.ГГГГ');
    assert.equal(await page.getAttribute('#upload-at', 'aria-describedby'), 'upload-at-date-hint upload-at-error');
    assert.equal(await page.getAttribute('#upload-at-time', 'aria-describedby'), 'upload-at-time-hint upload-at-error');
    assert.equal(await page.getAttribute('#upload-at', 'type'), 'text');

    // Another language draws the same time in its own form, and back.
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.querySelector('#upload-at-date-hint')?.textContent === 'YYYY-MM-DD');
    assert.equal(await page.inputValue('#upload-at'), '2026-12-05');
    assert.equal(await page.inputValue('#upload-at-time'), '00:00');
    await shot(t, page, 'at-en');
    await page.selectOption('#lang', 'ru');
    await page.waitForFunction(() => document.querySelector('#upload-at-date-hint')?.textContent === 'ДД.ММ.ГГГГ');
    assert.equal(await page.inputValue('#upload-at'), '05.12.2026');

    // No 31 February: refused at the date, named, before anything is sent.
    await page.fill('#upload-at', '31.02.2026');
    await page.fill('#upload-at-time', '09:30');
    await page.fill('#upload-reason', 'Зимние ставки');
    await page.click('#upload-form button[type=submit]');
    assert.equal(await page.textContent('#upload-at-error'), 'Вступает в силу: дня 31.02.2026 нет в календаре.');
    assert.equal(await page.getAttribute('#upload-at', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#upload-at-time', 'aria-invalid'), null);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'upload-at');
    assert.ok(await page.locator('#upload-form .confirm').isHidden());
    await shot(t, page, 'at-error-ru');
    assert.deepEqual(await seriousViolations(page), []);
    // 25:00 is refused at the time.
    await page.fill('#upload-at', '05.12.2026');
    await page.fill('#upload-at-time', '25:00');
    await page.click('#upload-form button[type=submit]');
    assert.equal(await page.textContent('#upload-at-error'), 'Вступает в силу: «25:00» — не время; напишите его как ЧЧ:ММ, в 24-часовом формате, например 09:30.');
    assert.equal(await page.getAttribute('#upload-at-time', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#upload-at', 'aria-invalid'), null);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'upload-at-time');
    // What is not yet a time is kept as typed across a language switch.
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.querySelector('#upload-at-date-hint')?.textContent === 'YYYY-MM-DD');
    assert.equal(await page.inputValue('#upload-at'), '2026-12-05');
    assert.equal(await page.inputValue('#upload-at-time'), '25:00');
    await page.selectOption('#lang', 'ru');
    await page.waitForFunction(() => document.querySelector('#upload-at-date-hint')?.textContent === 'ДД.ММ.ГГГГ');
    assert.equal(posts, 0);

    // 5 Dec 2026, 09:30 on the programme's clock: 2026-12-05T09:30:00+03:00.
    await page.fill('#upload-at-time', '9:30');
    await page.click('#upload-form button[type=submit]');
    assert.match(plain(await page.textContent('#upload-form .confirm .what')), /09:30 \(\+03:00\)/);
    const [request] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/admin/program/versions')),
        page.click('#upload-form .confirm-go')]);
    assert.equal(JSON.parse(request.postData()).effective_at, '2026-12-05T09:30:00+03:00');
    await page.waitForSelector('#upload-result.ok');
    const newest = (await apiGet('/api/admin/program/versions')).body.versions[0];
    assert.equal(newest.effective_at, '2026-12-05T09:30:00+03:00');
    assert.equal(newest.status, 'scheduled');
    assert.equal(posts, 1);
    assert.deepEqual(problems, []);
    await context.close();
});

test('on a 390 px phone, in Russian: the versions and the open form fit the screen', { skip }, async (t) => {
    const { context, page, problems } = await openConsole('ru', { width: 390, height: 844 });
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    assert.ok(await fits(), 'versions');
    assert.ok(plain(await page.textContent('#versions')).includes('действует'));
    await page.click('#upload-toggle');
    await page.check('#upload-at-choice');
    assert.ok(await fits(), 'the form');
    await shot(t, page, 'phone-ru');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
});
