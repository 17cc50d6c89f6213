// The owner's console (/admin, docs/server.md "The owner's console") end to end in Chromium against
// the real loyalty-server, started here on a free loopback port with a fresh database and the demo
// customers: sign in (the token from the link leaves the address bar; the operator's name is
// required), search by e-mail and phone, each action on a customer's page (adjust points, give a
// personal offer, void it, void a reward code) in English and in Russian, a refusal of the server
// shown at its field, the activity log with the operator and its paging, the programme in words,
// the surveys section and the old /admin/surveys#token= link, the console's CSP, axe-core on every
// section, and a 390 px phone run. Screenshots go to tests/artifacts/console-*.png and are named in
// the test output (diagnostics). Skipped, saying why, when no built server is found (LOYALTY_SERVER,
// or build*/demo/server/loyalty-server); with CI set a missing server fails instead.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser } from './lib/browser.mjs';
import { serverSkip, startLoyaltyServer } from './lib/loyalty-server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ADMIN_TOKEN = 'e2e-console-0123456789abcdef';
const skip = serverSkip;
let server, browser, url;

before(async () => {
    if (skip) return;
    mkdirSync(artifactsDir, { recursive: true });
    server = await startLoyaltyServer({ name: 'console', adminToken: ADMIN_TOKEN });
    ({ url } = server);
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.stop();
});

const admin = (extra = {}) => ({ Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json', ...extra });
async function apiGet(path) {
    const r = await fetch(url + path, { headers: admin() });
    return { status: r.status, body: await r.json() };
}
async function apiPost(path, body, extra) {
    const r = await fetch(url + path, { method: 'POST', headers: admin(extra), body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
}
/** The customer's status as the server computes it (what the page must show). */
const customerDoc = async (id) => (await apiGet(`/api/loyalty/customers/${id}?history_limit=100`)).body;

/** A reward code of `customerId`, claimed with their own token as the widget would. */
async function claimCode(customerId, rewardId) {
    const { body } = await apiPost('/api/admin/tokens', { customer_id: customerId });
    const r = await fetch(`${url}/api/loyalty/me/claims`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${body.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'e2e-claim-' + customerId },
        body: JSON.stringify({ reward_id: rewardId }),
    });
    const claimed = await r.json();
    assert.equal(r.status, 201, JSON.stringify(claimed));
    return claimed.claim;
}

async function seriousViolations(page) {
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.flat().join(' >>> ')).slice(0, 4).join(', ')}`);
    });
}

/** A new page in the given language; problems collects page errors, console errors and CSP violations. */
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
    return { context, page, problems, violations: () => page.evaluate(() => window.__violations) };
}

async function signIn(page, name, path = '/admin') {
    await page.goto(`${url}${path}#token=${ADMIN_TOKEN}`);
    await page.waitForSelector('#signin:not([hidden])');
    await page.fill('#operator', name);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#signin', { state: 'hidden' });
}

const loaded = (page) => page.waitForSelector('body[data-loaded=true]', { timeout: 15000 });

async function shot(t, page, name, options = { fullPage: true }) {
    const path = join(artifactsDir, `console-${name}.png`);
    await page.screenshot({ path, ...options });
    t.diagnostic(`screenshot: ${path}`);
}

async function search(page, q) {
    await page.fill('#q', q);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/admin/customers')), page.click('#search-form button[type=submit]')]);
    // Drawn: the note under the box names the query.
    await page.waitForFunction((text) => document.querySelector('#search-note').textContent.includes(text), q);
}

async function openCustomer(page, id) {
    await page.click(`tr[data-customer="${id}"] a`);
    await page.waitForSelector(`#view-customer:not([hidden])`);
    await loaded(page);
}

const WORDS = {
    en: {
        review: 'Review', book: 'Book the adjustment', give: 'Give the offer', voidOffer: 'Void the offer', voidCode: 'Void the code', open: 'Void…', openCode: 'Void…',
        adjusted: 'points adjusted', offerGiven: 'offer given', offerVoided: 'offer voided', codeVoided: 'code voided', voided: 'voided',
        confirmAdjust: (before, after) => `The balance goes from ${before} to ${after}.`,
        done: (p, bal) => `Booked: +${p} points. The balance is now ${bal}.`,
    },
    ru: {
        review: 'Проверить', book: 'Провести', give: 'Дать предложение', voidOffer: 'Отменить предложение', voidCode: 'Аннулировать код', open: 'Отменить…', openCode: 'Аннулировать…',
        adjusted: 'корректировка баллов', offerGiven: 'выдано предложение', offerVoided: 'отменено предложение', codeVoided: 'аннулирован код', voided: 'отменено',
        confirmAdjust: (before, after) => `Баланс изменится с ${before} на ${after}.`,
        done: (p, bal) => `Проведено: +${p} баллов. Баланс теперь ${bal}.`,
    },
};
/** Points as the page writes them in `lang` ("1 637 баллов", "1,637 points"). */
function num(n, lang) {
    const digits = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB').format(n);
    if (lang !== 'ru') return `${digits} ${n === 1 ? 'point' : 'points'}`;
    const r = new Intl.PluralRules('ru').select(n);
    return `${digits} ${r === 'one' ? 'балл' : r === 'few' ? 'балла' : 'баллов'}`;
}
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Each action on one customer's page, in `lang`, by `operator`. */
async function everyAction(t, lang, customerId, email, operator) {
    const w = WORDS[lang];
    const { context, page, problems, violations } = await openConsole(lang);
    await signIn(page, operator);
    await loaded(page);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(page.url(), `${url}/admin`, 'the token left the address bar');

    // Found by e-mail, in any case.
    await search(page, email.toUpperCase());
    const rows = page.locator('#customer-list tbody tr');
    assert.equal(await rows.first().getAttribute('data-customer'), customerId);
    await openCustomer(page, customerId);
    const before = await customerDoc(customerId);
    assert.equal(await page.getAttribute('#balance', 'data-points'), String(before.status.balance));
    assert.equal(plain(await page.textContent('.facts .email dd')), email);
    await shot(t, page, `customer-${lang}`);

    // Adjust points: the confirmation says what happens to the balance, then the result.
    const adjust = page.locator('form[data-action=adjust]');
    await adjust.locator('input[name=points]').fill('150');
    await adjust.locator('textarea[name=reason]').fill(lang === 'ru' ? 'Извинение за задержку посылки' : 'Sorry for the late parcel');
    await adjust.getByRole('button', { name: w.review }).click();
    const what = plain(await adjust.locator('.confirm .what').textContent());
    assert.ok(what.includes(plain(w.confirmAdjust(num(before.status.balance, lang), num(before.status.balance + 150, lang)))), what);
    await shot(t, page, `adjust-confirm-${lang}`);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/events') && r.status() === 201), adjust.getByRole('button', { name: w.book }).click()]);
    await page.locator('form[data-action=adjust] .result.ok').waitFor();
    const balance = before.status.balance + 150;
    assert.equal(plain(await page.textContent('form[data-action=adjust] .result')), plain(w.done(150, num(balance, lang))));
    assert.equal(await page.getAttribute('#balance', 'data-points'), String(balance));
    const after = await customerDoc(customerId);
    assert.equal(after.status.balance, balance);
    assert.equal(after.status.history[0].reason, lang === 'ru' ? 'Извинение за задержку посылки' : 'Sorry for the late parcel');
    assert.ok((await page.locator('#history tbody tr').first().textContent()).includes(after.status.history[0].reason));

    // Give a personal offer: 20% off for a week, with a reason.
    const offer = page.locator('form[data-action=offer]');
    const offerId = `e2e-${lang}-20`;
    await offer.locator('input[name=id]').fill(offerId);
    await offer.locator('select[name=kind]').selectOption('percent_off');
    await offer.locator('input[name=percent]').fill('20');
    await offer.locator('input[name=title]').fill(lang === 'ru' ? 'Скидка за ожидание' : 'For the wait');
    // The date as the console's language writes it (day first in Russian, ISO in English).
    const endsDay = new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10);
    await offer.locator('input[name=ends]').fill(lang === 'ru' ? endsDay.split('-').reverse().join('.') : endsDay);
    await offer.locator('input[name=ends-time]').fill('18:00');
    await offer.locator('input[name=uses]').fill('1');
    await offer.locator('textarea[name=reason]').fill(lang === 'ru' ? 'Жалоба в поддержку' : 'Complaint to support');
    await offer.getByRole('button', { name: w.review }).click();
    assert.match(await offer.locator('.confirm .what').textContent(), /20%/);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/offers') && r.request().method() === 'POST'), offer.getByRole('button', { name: w.give }).click()]);
    await page.locator(`#offers tr[data-offer="${offerId}"][data-status=active]`).waitFor();
    await page.locator('form[data-action=offer] .result.ok').waitFor();
    const listed = (await apiGet(`/api/loyalty/customers/${customerId}/offers`)).body.offers.find((o) => o.id === offerId);
    assert.equal(listed.percent, '20%');
    assert.equal(listed.uses_limit, 1);

    // Void it, with a reason.
    const row = page.locator(`#offers tr[data-offer="${offerId}"]`);
    await row.getByRole('button', { name: w.open }).click();
    const offerVoid = page.locator(`#offers tr.void-row[data-for="${offerId}"]`);
    await offerVoid.locator('textarea[name=reason]').fill(lang === 'ru' ? 'Выдано по ошибке' : 'Given by mistake');
    await offerVoid.getByRole('button', { name: w.review }).click();
    await offerVoid.getByRole('button', { name: w.voidOffer }).click();
    await page.locator(`#offers tr[data-offer="${offerId}"][data-status=voided]`).waitFor();
    assert.equal((await page.textContent(`#offers tr[data-offer="${offerId}"] .badge`)).trim(), w.voided);

    // Void an unused reward code: its points come back.
    const code = await claimCode(customerId, 'discount-300');
    await page.reload();
    await loaded(page);
    const codeRow = page.locator(`#codes tr[data-code="${code.code}"][data-status=active]`);
    await codeRow.getByRole('button', { name: w.openCode }).click();
    const codeVoid = page.locator(`#codes tr.void-row[data-for="${code.code}"]`);
    await codeVoid.locator('textarea[name=reason]').fill(lang === 'ru' ? 'Покупатель передумал' : 'The shopper changed their mind');
    await codeVoid.getByRole('button', { name: w.review }).click();
    assert.ok((await codeVoid.locator('.confirm .what').textContent()).includes(code.code));
    await shot(t, page, `void-code-confirm-${lang}`);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/void') && r.status() === 201), codeVoid.getByRole('button', { name: w.voidCode }).click()]);
    await page.locator(`#codes tr[data-code="${code.code}"][data-status=voided]`).waitFor();
    assert.equal((await customerDoc(customerId)).status.balance, balance, 'the code\'s 300 points came back');

    // The customer's audit entries: all four, by this operator, with the reasons.
    const audit = page.locator('#customer-audit tbody tr');
    await audit.first().waitFor();
    const entries = await audit.evaluateAll((trs) => trs.map((tr) => ({ action: tr.dataset.action, actor: tr.querySelector('.actor').textContent })));
    assert.deepEqual(entries.map((e) => e.action).slice(0, 4), ['code_voided', 'offer_voided', 'offer_given', 'adjustment']);
    for (const e of entries.slice(0, 4)) assert.equal(e.actor, operator);
    const auditText = await page.textContent('#customer-audit');
    for (const words of [w.adjusted, w.offerGiven, w.offerVoided, w.codeVoided]) assert.ok(auditText.includes(words), words);
    await shot(t, page, `customer-after-${lang}`);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
}

test('sign-in: the link\'s token leaves the address bar, the name is required, a wrong token is refused at its field', { skip }, async (t) => {
    let { context, page, problems } = await openConsole('en');
    await page.goto(`${url}/admin`);
    await page.waitForSelector('#signin:not([hidden])');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(t, page, 'signin-en');
    // Nothing typed: both fields say what is missing.
    await page.click('#token-form button[type=submit]');
    assert.equal(await page.getAttribute('#token', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#token-error'), /admin token/);
    assert.match(await page.textContent('#operator-error'), /name/);
    // A wrong token comes back to its field.
    await page.fill('#token', 'not-the-token-0123456789');
    await page.fill('#operator', 'Olga');
    await page.click('#token-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#token-error').textContent !== '' && !document.querySelector('#signin').hidden);
    assert.match(await page.textContent('#token-error'), /wrong/);
    assert.deepEqual(problems, []);
    await context.close();
    // From the link, in a new tab: the token is taken and removed from the address bar; the name is still asked.
    ({ context, page, problems } = await openConsole('en'));
    await page.goto(`${url}/admin#token=${ADMIN_TOKEN}`);
    await page.waitForSelector('#signin:not([hidden])');
    assert.equal(page.url(), `${url}/admin`);
    assert.equal(await page.inputValue('#token'), ADMIN_TOKEN);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'operator');
    await page.fill('#operator', 'Olga');
    await page.click('#token-form button[type=submit]');
    await loaded(page);
    assert.equal(await page.textContent('#operator-shown'), 'Operator: Olga');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('loyalty-console-operator')), 'Olga');
    // The console's own policy: no inline script or style.
    const r = await fetch(`${url}/admin`);
    assert.match(r.headers.get('content-security-policy'), /style-src 'self';/);
    assert.match(r.headers.get('content-security-policy'), /script-src 'self';/);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    // Signing out forgets both.
    await page.click('#signout');
    await page.waitForSelector('#signin:not([hidden])');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('loyalty-console-token')), null);
    assert.deepEqual(problems, []);
    await context.close();
});

test('customers are found by e-mail, phone, id prefix and name', { skip }, async (t) => {
    const { context, page, problems } = await openConsole('en');
    await signIn(page, 'Olga');
    await loaded(page);
    // Empty: the most recently active.
    assert.ok(await page.locator('#customer-list tbody tr').count() >= 4);
    await shot(t, page, 'customers-en');
    await search(page, '+7 (916) 123-45-02');
    assert.deepEqual(await page.locator('#customer-list tbody tr').evaluateAll((r) => r.map((x) => x.dataset.customer)), ['c-boris']);
    await search(page, '4503');
    assert.equal(await page.locator('#customer-list tbody tr').first().getAttribute('data-customer'), 'c-vera');
    await search(page, 'daria@example.com');
    assert.equal(await page.locator('#customer-list tbody tr').first().getAttribute('data-customer'), 'c-daria');
    await search(page, 'c-an');
    assert.equal(await page.locator('#customer-list tbody tr').first().getAttribute('data-customer'), 'c-anna');
    await search(page, 'nobody-like-this@example.org');
    assert.equal(await page.locator('#customer-list tbody tr').count(), 0);
    assert.match(await page.textContent('#search-note'), /Nobody matches/);
    assert.deepEqual(problems, []);
    await context.close();
});

test('every action on a customer\'s page, in English', { skip }, async (t) => {
    await everyAction(t, 'en', 'c-vera', 'vera@example.com', 'Olga Smith');
});

test('every action on a customer\'s page, in Russian, by an operator with a Cyrillic name', { skip }, async (t) => {
    await everyAction(t, 'ru', 'c-boris', 'boris@example.com', 'Ольга Петрова');
});

test('a refusal of the server is shown at its field, and nothing is booked', { skip }, async (t) => {
    const { context, page, problems } = await openConsole('en');
    await signIn(page, 'Olga');
    await page.goto(`${url}/admin#customer/c-anna`);
    await loaded(page);
    const offer = page.locator('form[data-action=offer]');
    await offer.locator('input[name=id]').fill('e2e-past');
    await offer.locator('select[name=kind]').selectOption('free_shipping');
    // Ends in the past: only the server knows its clock.
    await offer.locator('input[name=ends]').fill('2020-01-01');
    await offer.locator('input[name=ends-time]').fill('00:00');
    await offer.locator('textarea[name=reason]').fill('test');
    await offer.getByRole('button', { name: 'Review' }).click();
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/offers') && r.request().method() === 'POST'), offer.getByRole('button', { name: 'Give the offer' }).click()]);
    assert.equal(response.status(), 400);
    const ends = offer.locator('input[name=ends]');
    await page.waitForFunction(() => document.querySelector('form[data-action=offer] input[name=ends]').getAttribute('aria-invalid') === 'true');
    const describedBy = await ends.getAttribute('aria-describedby');
    const message = await page.textContent('#' + describedBy.split(' ').pop());  // the format hint, then the error
    assert.equal(message, (await response.json()).errors[0].message);
    assert.equal(await page.evaluate(() => document.activeElement.name), 'ends');
    await shot(t, page, 'offer-refused-en');
    // The points field: the client says what is wrong before anything is sent.
    const adjust = page.locator('form[data-action=adjust]');
    await adjust.locator('input[name=points]').fill('0');
    await adjust.getByRole('button', { name: 'Review' }).click();
    assert.equal(await adjust.locator('input[name=points]').getAttribute('aria-invalid'), 'true');
    assert.equal(await adjust.locator('textarea[name=reason]').getAttribute('aria-invalid'), 'true');
    assert.ok(!(await apiGet('/api/loyalty/customers/c-anna/offers')).body.offers.some((o) => o.id === 'e2e-past'));
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
});

/** The fields of the offer form's dates: {starts, startsTime, ends, endsTime}. */
function offerDates(offer) {
    const input = (name) => offer.locator(`input[name=${name}]`);
    return { starts: input('starts'), startsTime: input('starts-time'), ends: input('ends'), endsTime: input('ends-time') };
}
/** The error line an input names last in its aria-describedby (the first is its format). */
async function errorOf(page, input) {
    const ids = (await input.getAttribute('aria-describedby')).split(' ');
    assert.equal(ids.length, 2, ids.join(' '));
    return page.textContent('#' + ids[1]);
}
const focusedName = (page) => page.evaluate(() => document.activeElement.name);

test('offer dates in English: ISO day, 24-hour time, each mistake at its field; a language switch keeps them', { skip }, async (t) => {
    const { context, page, problems, violations } = await openConsole('en');
    await signIn(page, 'Olga');
    await page.goto(`${url}/admin#customer/c-anna`);
    await loaded(page);
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/c-anna/offers')) posts++; });
    const offer = page.locator('form[data-action=offer]');
    const { starts, startsTime, ends, endsTime } = offerDates(offer);
    // Text fields with their format beside them, not the browser's own date picker.
    assert.equal(await starts.getAttribute('type'), 'text');
    assert.equal(await offer.locator('fieldset.datetime legend').allTextContents().then((l) => l.join(' | ')), 'Starts (empty: now) | Ends');
    assert.equal(await page.textContent('#' + (await starts.getAttribute('aria-describedby')).split(' ')[0]), 'YYYY-MM-DD');
    assert.equal(await page.textContent('#' + (await startsTime.getAttribute('aria-describedby')).split(' ')[0]), 'HH:MM');
    await offer.locator('input[name=id]').fill('e2e-dates-en');
    await offer.locator('select[name=kind]').selectOption('free_shipping');
    await offer.locator('textarea[name=reason]').fill('Dates in English');
    const review = () => offer.getByRole('button', { name: 'Review' }).click();

    // Nothing given for the end, which is required.
    await review();
    assert.equal(await errorOf(page, ends), 'End: enter the date (YYYY-MM-DD) and the time (HH:MM).');
    // No 31 February: at the date, named.
    await ends.fill('2026-02-31');
    await endsTime.fill('18:00');
    await review();
    assert.equal(await ends.getAttribute('aria-invalid'), 'true');
    assert.equal(await endsTime.getAttribute('aria-invalid'), null);
    assert.equal(await errorOf(page, ends), 'End: there is no day 2026-02-31 in the calendar.');
    assert.equal(await focusedName(page), 'ends');
    // The Russian order is not read in English: the message says the form to use.
    await ends.fill('05.12.2026');
    await review();
    assert.equal(await errorOf(page, ends), 'End: “05.12.2026” is not a date; write it as YYYY-MM-DD, for example 2026-12-05.');
    // 25:00: at the time.
    await ends.fill('2026-12-12');
    await endsTime.fill('25:00');
    await review();
    assert.equal(await endsTime.getAttribute('aria-invalid'), 'true');
    assert.equal(await ends.getAttribute('aria-invalid'), null);
    assert.equal(await errorOf(page, endsTime), 'End: “25:00” is not a time; write it as HH:MM, 24-hour, for example 09:30.');
    assert.equal(await focusedName(page), 'ends-time');
    // Both wrong: both marked, both said on the one error line, the first focused.
    await ends.fill('2026-02-31');
    await review();
    assert.equal(await ends.getAttribute('aria-invalid'), 'true');
    assert.equal(await endsTime.getAttribute('aria-invalid'), 'true');
    assert.equal(await errorOf(page, endsTime), 'End: there is no day 2026-02-31 in the calendar. End: “25:00” is not a time; write it as HH:MM, 24-hour, for example 09:30.');
    assert.equal(await focusedName(page), 'ends');
    // A day without a time, and words for a start: both said, the first focused.
    await ends.fill('2026-12-12');
    await endsTime.fill('');
    await starts.fill('tomorrow');
    await startsTime.fill('9:30');
    await review();
    assert.equal(await errorOf(page, starts), 'Start: “tomorrow” is not a date; write it as YYYY-MM-DD, for example 2026-12-05.');
    assert.equal(await errorOf(page, endsTime), 'End: enter the time too (HH:MM, 24-hour, for example 09:30).');
    assert.equal(await focusedName(page), 'starts');
    assert.ok(await offer.locator('.confirm').isHidden());
    await shot(t, page, 'offer-dates-errors-en');
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(posts, 0);

    // Right, then in Russian: the same days in the Russian form, everything else typed kept.
    await starts.fill('2026-12-06');
    await endsTime.fill('18:00');
    await offer.locator('input[name=title]').fill('Dates');
    await page.selectOption('#lang', 'ru');
    await page.waitForFunction(() => document.querySelector('form[data-action=offer] legend')?.textContent === 'Начало (пусто — сейчас)');
    assert.equal(await starts.inputValue(), '06.12.2026');
    assert.equal(await startsTime.inputValue(), '09:30');
    assert.equal(await ends.inputValue(), '12.12.2026');
    assert.equal(await endsTime.inputValue(), '18:00');
    assert.equal(await offer.locator('input[name=id]').inputValue(), 'e2e-dates-en');
    assert.equal(await offer.locator('select[name=kind]').inputValue(), 'free_shipping');
    assert.equal(await offer.locator('input[name=title]').inputValue(), 'Dates');
    assert.equal(await offer.locator('textarea[name=reason]').inputValue(), 'Dates in English');
    assert.equal(await page.textContent('#' + (await starts.getAttribute('aria-describedby')).split(' ')[0]), 'ДД.ММ.ГГГГ');
    await shot(t, page, 'offer-dates-ru');
    assert.deepEqual(await seriousViolations(page), []);
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.querySelector('form[data-action=offer] legend')?.textContent === 'Starts (empty: now)');
    assert.equal(await starts.inputValue(), '2026-12-06');
    assert.equal(await ends.inputValue(), '2026-12-12');

    // Sent as the programme zone's wall clock (+03:00; the browser is at +05:00).
    await review();
    assert.ok(plain(await offer.locator('.confirm .what').textContent()).includes('from 6 Dec 2026, 09:30 until 12 Dec 2026, 18:00'));
    const [request] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/c-anna/offers')),
        offer.getByRole('button', { name: 'Give the offer' }).click()]);
    const sent = JSON.parse(request.postData());
    assert.equal(sent.starts, '2026-12-06T09:30:00+03:00');
    assert.equal(sent.ends, '2026-12-12T18:00:00+03:00');
    await page.locator('form[data-action=offer] .result.ok').waitFor();
    const listed = (await apiGet('/api/loyalty/customers/c-anna/offers')).body.offers.find((o) => o.id === 'e2e-dates-en');
    assert.equal(listed.starts, '2026-12-06T09:30:00+03:00');
    assert.equal(listed.ends, '2026-12-12T18:00:00+03:00');
    // Done: the form is empty again.
    assert.equal(await ends.inputValue(), '');
    assert.notEqual(await offer.locator('input[name=id]').inputValue(), 'e2e-dates-en');
    assert.equal(posts, 1);
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('offer dates in Russian: 05.12.2026 09:30 is that wall clock in the programme\'s zone; 31.02.2026 is refused', { skip }, async (t) => {
    const { context, page, problems } = await openConsole('ru');
    await signIn(page, 'Ольга');
    await page.goto(`${url}/admin#customer/c-anna`);
    await loaded(page);
    const offer = page.locator('form[data-action=offer]');
    const { starts, startsTime, ends, endsTime } = offerDates(offer);
    await offer.locator('input[name=id]').fill('e2e-dates-ru');
    await offer.locator('select[name=kind]').selectOption('percent_off');
    await offer.locator('input[name=percent]').fill('10');
    await offer.locator('textarea[name=reason]').fill('Даты по-русски');
    await starts.fill('05.12.2026');
    await startsTime.fill('09:30');
    await ends.fill('31.02.2026');
    await endsTime.fill('18:00');
    await offer.getByRole('button', { name: 'Проверить' }).click();
    assert.equal(await ends.getAttribute('aria-invalid'), 'true');
    assert.equal(await errorOf(page, ends), 'Конец: дня 31.02.2026 нет в календаре.');
    assert.equal(await focusedName(page), 'ends');
    assert.ok(await offer.locator('.confirm').isHidden());
    await shot(t, page, 'offer-dates-error-ru');
    // ISO is read in Russian too.
    await ends.fill('2026-12-20');
    await endsTime.fill('23:59');
    await offer.getByRole('button', { name: 'Проверить' }).click();
    assert.equal(await ends.getAttribute('aria-invalid'), null);
    const [request] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/c-anna/offers')),
        offer.getByRole('button', { name: 'Дать предложение' }).click()]);
    const sent = JSON.parse(request.postData());
    assert.equal(sent.starts, '2026-12-05T09:30:00+03:00');
    assert.equal(sent.ends, '2026-12-20T23:59:00+03:00');
    await page.locator('#offers tr[data-offer="e2e-dates-ru"]').waitFor();
    const listed = (await apiGet('/api/loyalty/customers/c-anna/offers')).body.offers.find((o) => o.id === 'e2e-dates-ru');
    assert.equal(listed.starts, '2026-12-05T09:30:00+03:00');
    assert.equal(listed.ends, '2026-12-20T23:59:00+03:00');
    assert.deepEqual(problems, []);
    await context.close();
});

test('the activity log shows who did what and why, and pages back with "Older"', { skip }, async (t) => {
    // 55 adjustments through the API by a named actor: more than one page of 50.
    for (let i = 0; i < 55; i++) {
        const r = await apiPost('/api/loyalty/customers/c-daria/events', { type: 'adjustment', id: `e2e-bulk-${i}`, points: 1, reason: `bulk ${i}` }, { 'X-Loyalty-Actor': 'nightly-script' });
        assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    const { context, page, problems } = await openConsole('en');
    await signIn(page, 'Olga');
    await page.click('#nav a[data-view=activity]');
    await page.waitForSelector('#view-activity:not([hidden])');
    await loaded(page);
    const rows = page.locator('#activity-body tbody tr');
    assert.equal(await rows.count(), 50);
    assert.equal((await rows.first().locator('.actor').textContent()), 'nightly-script');
    assert.ok((await rows.first().textContent()).includes('bulk 54'));
    await shot(t, page, 'activity-en');
    // The English and Russian runs' actors are in the log too, further down.
    const all = (await apiGet('/api/admin/audit?limit=200')).body.entries;
    assert.ok(all.some((e) => e.actor === 'Ольга Петрова' && e.customer_id === 'c-boris'), JSON.stringify(all.slice(-8)));
    await page.click('#activity-older');
    await page.waitForFunction(() => document.querySelectorAll('#activity-body tbody tr').length > 50);
    const seqs = await rows.evaluateAll((r) => r.map((x) => Number(x.dataset.seq)));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first, no repeats');
    assert.equal(new Set(seqs).size, seqs.length);
    assert.deepEqual(await seriousViolations(page), []);
    // In Russian.
    await page.selectOption('#lang', 'ru');
    await page.waitForFunction(() => document.querySelector('#activity-title').textContent === 'Журнал');
    await loaded(page);
    assert.equal(await page.evaluate(() => localStorage.getItem('loyalty-console-lang')), 'ru');
    await shot(t, page, 'activity-ru');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('the programme in words and as JSON; the surveys section; the old /admin/surveys link', { skip }, async (t) => {
    const { context, page, problems, violations } = await openConsole('ru');
    await signIn(page, 'Ольга', '/admin/surveys');
    // The old dashboard's address opens the Surveys section.
    await page.waitForSelector('#view-surveys:not([hidden])');
    await loaded(page);
    assert.equal(await page.locator('#survey-nps-2026').getAttribute('data-n'), '0');
    assert.equal(await page.textContent('#survey-nps-2026 .score'), 'нет ответов');
    await shot(t, page, 'surveys-ru');
    assert.deepEqual(await seriousViolations(page), []);
    await page.click('#nav a[data-view=programme]');
    await page.waitForSelector('#view-programme:not([hidden])');
    await loaded(page);
    const text = plain(await page.textContent('#programme-body'));
    assert.ok(text.includes('5 баллов за каждые 100 ₽ оплаты'), text.slice(0, 400));
    assert.ok(text.includes('Библиофил'));
    assert.ok(text.includes('баллы сгорают через 365 дн.'));
    assert.ok(text.includes('"lavka-books"'), 'the raw JSON');
    await shot(t, page, 'programme-ru');
    assert.deepEqual(await seriousViolations(page), []);
    await page.selectOption('#lang', 'en');
    // "Bibliophile" is in the raw JSON of either language, so wait for a line only English draws.
    await page.waitForFunction(() => document.querySelector('#programme-body').textContent.includes('for every'));
    const english = plain(await page.textContent('#programme-body'));
    assert.ok(english.includes('5 points for every ₽100 paid'), english.slice(0, 400));
    assert.ok(english.includes('Bibliophile'));
    await shot(t, page, 'programme-en');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('on a 390 px phone every section fits the screen and an adjustment can be made', { skip }, async (t) => {
    const { context, page, problems } = await openConsole('ru', { width: 390, height: 844 });
    await signIn(page, 'Ольга');
    await loaded(page);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    assert.ok(await fits(), 'customers');
    await shot(t, page, 'customers-phone-ru');
    await search(page, 'anna@example.com');
    await openCustomer(page, 'c-anna');
    assert.ok(await fits(), 'customer');
    await shot(t, page, 'customer-phone-ru');
    const before = (await customerDoc('c-anna')).status.balance;
    const adjust = page.locator('form[data-action=adjust]');
    await adjust.locator('input[name=points]').fill('-10');
    await adjust.locator('textarea[name=reason]').fill('Исправление ошибки');
    await adjust.getByRole('button', { name: 'Проверить' }).click();
    await adjust.getByRole('button', { name: 'Провести' }).click();
    await page.locator('form[data-action=adjust] .result.ok').waitFor();
    assert.equal((await customerDoc('c-anna')).status.balance, before - 10);
    for (const section of ['activity', 'programme', 'surveys']) {
        await page.click(`#nav a[data-view=${section}]`);
        await page.waitForSelector(`#view-${section}:not([hidden])`);
        await loaded(page);
        assert.ok(await fits(), section);
        await shot(t, page, `${section}-phone-ru`, { fullPage: false });
    }
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(problems, []);
    await context.close();
});

test('a retry of the same adjustment books it once (the id is kept for the submission)', { skip }, async () => {
    const { context, page, problems } = await openConsole('en');
    await signIn(page, 'Olga');
    await page.goto(`${url}/admin#customer/c-daria`);
    await loaded(page);
    const before = (await customerDoc('c-daria')).status.balance;
    // The first try's answer is lost on the way back (the server booked it).
    let first = true;
    await page.route('**/api/loyalty/customers/c-daria/events', async (route) => {
        if (!first) return route.continue();
        first = false;
        await route.fetch();  // reaches the real server
        await route.abort('connectionreset');
    });
    const adjust = page.locator('form[data-action=adjust]');
    await adjust.locator('input[name=points]').fill('25');
    await adjust.locator('textarea[name=reason]').fill('Retry check');
    await adjust.getByRole('button', { name: 'Review' }).click();
    await adjust.getByRole('button', { name: 'Book the adjustment' }).click();
    await page.waitForFunction(() => document.querySelector('form[data-action=adjust] .form-error').textContent.includes('did not answer'));
    await adjust.getByRole('button', { name: 'Review' }).click();
    await adjust.getByRole('button', { name: 'Book the adjustment' }).click();
    await page.locator('form[data-action=adjust] .result.ok').waitFor();
    assert.match(await page.textContent('form[data-action=adjust] .result'), /Already booked/);
    assert.equal((await customerDoc('c-daria')).status.balance, before + 25);
    assert.deepEqual(problems.filter((p) => !/ERR_CONNECTION_RESET|Failed to load/.test(p)), []);
    await context.close();
});
