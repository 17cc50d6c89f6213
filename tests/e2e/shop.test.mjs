// The demo shop end to end in Chromium against the real loyalty-server, started here on a free
// loopback port with a fresh database, the demo customers and demo login: switch to Anna, add
// books to the cart, see the widget's preview, check out (POST /demo/checkout books the order on
// the server), and see the new balance in the account page's inline widget. Screenshots go to
// tests/artifacts/shop-*.png. Skipped, saying why, when no built server is found
// (LOYALTY_SERVER, or build*/demo/server/loyalty-server); but with CI set (CI=true, as CI services
// set it) a missing server fails the run rather than let it pass. The checkout step needs the
// server's demo-only POST /demo/checkout (with --demo-login: books the cart for the customer of the
// signed cookie, replying like POST /api/loyalty/orders).
//
// Paying with points (issue 9, section 2): Anna chooses points in the cart's widget, the shop's
// total drops by exactly points × 1 ₽, the order is booked with them, and her balance drops by the
// points and rises by what the order earns; in Russian and English, and on a 390 px phone, with
// shots tests/artifacts/shop-points-*.png. Points the server refuses are told in words.
//
// Then the survey: two shoppers answer the program's NPS survey (nps-2026, due from the second
// visit) in the shop's widget and the owner's console's Surveys section (/admin/surveys, with the
// admin token given to the server here) counts both, with the NPS and its margin worked out by hand below; axe-core
// finds no serious or critical issue on the shop's pages (ru and en), the dashboard or the
// calculator page served beside them; a phone-width shot of the shop with the widget's panel open.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, launchBrowser, nextEvent } from './lib/browser.mjs';
import { serverSkip, startLoyaltyServer } from './lib/loyalty-server.mjs';
import { root } from './lib/server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ADMIN_TOKEN = 'e2e-admin-0123456789abcdef';
const skip = serverSkip;
let server, browser, url, dir;

before(async () => {
    if (skip) return;
    for (const need of ['web/dist/widget/loyalty-widget.js', 'web/dist/calculator/index.html']) {
        assert.ok(existsSync(join(root, need)), `${need} is missing: run bash web/build.sh && node web/tools/build-calculator.mjs`);
    }
    mkdirSync(artifactsDir, { recursive: true });
    server = await startLoyaltyServer({
        name: 'shop', adminToken: ADMIN_TOKEN, extra: [
            '--static', `/loyalty/=${join(root, 'web/dist/widget')}`,
            '--static', `/calculator/=${join(root, 'web/dist/calculator')}`,
            '--static', `/=${join(root, 'demo/shop')}`,
            '--demo-login',
        ],
    });
    ({ url, dir } = server);
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await server?.stop();
});

/** The text inside a widget's shadow root (the widget renders text, never HTML). */
const widgetText = (page, selector) =>
    page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.textContent || '', selector);

const DESKTOP = { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' };

/**
 * A fresh browser on the shop page `prefix`, signed in as `customer` through the header's picker
 * (and waiting until the header shows `name`) when one is given. `problems` collects page errors,
 * and with `widgetLog` also console errors and the widget's own log lines.
 */
async function openShopAs({ prefix = '/', customer, name, device = DESKTOP, widgetLog = false, permissions } = {}) {
    const context = await browser.newContext(device);
    if (permissions) await context.grantPermissions(permissions, { origin: url });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    if (widgetLog) {
        page.on('console', (m) => { if (m.type() === 'error' || m.text().startsWith('[loyalty-widget]')) problems.push(m.text()); });
    }
    await page.goto(url + prefix);
    await page.waitForSelector('body[data-ready=true]');
    if (customer) {
        await page.selectOption('#customer', customer);
        await page.waitForFunction((n) => document.querySelector('#signed-in').textContent.includes(n), name);
    }
    return { context, page, problems };
}

test('a shopper switches to Anna, sees the cart preview, checks out and sees the new balance', { skip }, async () => {
    const { context, page, problems } = await openShopAs({ prefix: '/en/', customer: 'c-anna', name: 'Anna' });
    // The catalog's line on earning comes from the programme the server serves (shop.js, earnLead).
    await page.waitForFunction(() => document.querySelector('.lead').textContent.startsWith('Points:'));
    assert.equal(await page.textContent('.lead'), 'Points: 5 per ₽100; books — 7.5 (×1.5), stationery — 5, gift cards — none.');

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

    const response = await checkOut(page);
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

/** Presses "Check out" and returns the server's answer to the shop's /demo/checkout. */
async function checkOut(page) {
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/demo/checkout')), page.click('#checkout')]);
    return response;
}

/** A customer's stored ledger and status, as the shop's backend reads it (admin token). */
async function customerDoc(id) {
    const r = await fetch(`${url}/api/loyalty/customers/${id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(r.status, 200);
    return r.json();
}

/** Whole roubles written by the shop or the widget: "1 539 ₽", "₽1,539", "−370 ₽" -> 1539, 1539, 370. */
const roubles = (text) => Number(String(text).replace(/\D/g, ''));
/** No-break spaces (the widget joins numbers and units with them) as plain ones. */
const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ');

const POINT_WORDS = {
    ru: {
        name: 'Анна', label: 'Сколько баллов списать', apply: 'Списать баллы', remove: 'Не списывать', hide: 'Скрыть', change: 'Изменить',
        value: (n) => `${n} баллов = скидка ${n} ₽`,
        applied: (n, total) => plain(`Списано ${n} баллов: −${n} ₽. К оплате ${total.toLocaleString('ru-RU')} ₽`),
        max: (n) => `(${n} баллов)`,
    },
    en: {
        name: 'Anna', label: 'Points to use', apply: 'Use points', remove: 'Remove', hide: 'Hide', change: 'Change',
        value: (n) => `${n} points = ₽${n} off`,
        applied: (n, total) => `${n} points applied: −₽${n}. To pay: ₽${total.toLocaleString('en-US')}`,
        max: (n) => `(${n} points)`,
    },
};

/** Serious and critical axe-core violations on the page, as "rule: targets". */
async function seriousViolations(page) {
    // evaluate() is not subject to the page's CSP, unlike an injected <script>.
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.flat().join(' >>> ')).slice(0, 4).join(', ')}`);
    });
}

/**
 * Anna puts The Master and Margarita (890 ₽) and an A5 notebook (350 ₽) in the cart: 1 240 ₽ of
 * items, 299 ₽ shipping, 1 539 ₽ in all. Points may pay 30% of the items, 372 ₽: 372 points at
 * 1 ₽ each, 370 on the program's step of 10, from 100 (min_points). `pick` chooses on the slider
 * and says how many; the shop's total must drop by exactly that many roubles, and checking out
 * books them: the balance drops by them and rises by what the order earns.
 */
async function payWithPoints({ prefix, lang, phone = false, pick, remove = false }) {
    const words = POINT_WORDS[lang];
    const shot = (what) => join(artifactsDir, `shop-points-${what}-${lang}${phone ? '-phone' : ''}.png`);
    const { context, page, problems } = await openShopAs({ prefix, customer: 'c-anna', name: words.name, device: phone ? PHONE : DESKTOP, widgetLog: true });
    await page.click('button[data-sku="book-master-margarita"]');
    await page.click('button[data-sku="notebook-a5"]');
    const before = (await customerDoc('c-anna')).status.balance;
    assert.ok(before >= 370, `Anna holds ${before} points; this test needs 370`);

    await page.goto(`${url}${prefix}cart.html`);
    await page.waitForSelector('body[data-ready=true]');
    const line = page.locator('loyalty-widget[mode=cart] .cartline');
    const choose = line.locator('button[aria-controls=lw-pay-box]');
    await choose.waitFor({ timeout: 30000 });
    assert.ok(plain(await line.textContent()).includes(words.max(370)), await line.textContent());
    assert.equal(roubles(await page.textContent('#sum-total')), 1539);
    assert.equal(await page.locator('#sum-points').isHidden(), true);
    await choose.click();
    const range = line.getByRole('slider', { name: words.label });
    const attrs = () => range.evaluate((r) => [r.min, r.max, r.step, r.value]);
    assert.deepEqual(await attrs(), ['100', '370', '10', '370']);
    assert.equal(plain(await range.getAttribute('aria-valuetext')), words.value(370));
    assert.deepEqual(await seriousViolations(page), []);

    const apply = async () => {
        const points = await pick(page, range);
        assert.equal(plain(await line.locator('.pay-value').textContent()), words.value(points));
        await page.screenshot({ path: shot('choose'), fullPage: true });
        const [detail] = await Promise.all([nextEvent(page, 'points-selected'), line.getByRole('button', { name: words.apply }).click()]);
        assert.deepEqual(detail, { points, discount: points * 100 });
        // The shop takes exactly points × 1 ₽ off; the widget previews the cart to the same total.
        await page.locator('#sum-points').waitFor();
        assert.equal(roubles(await page.textContent('#sum-points')), points);
        assert.equal(roubles(await page.textContent('#sum-total')), 1539 - points);
        await line.locator('p.ok').waitFor();
        // ... and its button still hides the control it opened.
        assert.equal(plain(await line.locator('p.ok').textContent()), `${words.applied(points, 1539 - points)} ${words.hide}`);
        return points;
    };
    let points = await apply();
    if (remove) {
        const [detail] = await Promise.all([nextEvent(page, 'points-selected'), line.getByRole('button', { name: words.remove }).click()]);
        assert.deepEqual(detail, { points: 0, discount: 0 });
        await line.locator('p.ok').waitFor({ state: 'detached' });
        assert.equal(await page.locator('#sum-points').isHidden(), true);
        assert.equal(roubles(await page.textContent('#sum-total')), 1539);
        points = await apply();
    }
    // Kept with the cart: a reload shows the same, the control closed again (its button says "Change").
    await page.reload();
    await line.locator('p.ok').waitFor({ timeout: 30000 });
    assert.equal(roubles(await page.textContent('#sum-total')), 1539 - points);
    assert.equal(plain(await line.locator('p.ok').textContent()), `${words.applied(points, 1539 - points)} ${words.change}`);
    const earned = roubles(await line.locator('.earn-row strong').textContent());
    if (phone) assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the cart page scrolls sideways');
    await page.screenshot({ path: shot('applied'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    const response = await checkOut(page);
    const booked = await response.json();
    assert.equal(response.status(), 201, JSON.stringify(booked));
    assert.equal(JSON.parse(response.request().postData()).points_redeemed, points);
    assert.equal(booked.preview.points_redeemed, points);
    assert.equal(booked.preview.total, 153900 - points * 100);
    // The server booked what the widget previewed (the same core), and the balance moved by
    // exactly the points paid and the points earned.
    assert.equal(booked.earned, earned);
    assert.equal(booked.status.balance, before - points + earned);
    assert.equal((await customerDoc('c-anna')).status.balance, before - points + earned);
    await page.waitForFunction(() => document.querySelector('#checkout-message').classList.contains('ok'));
    const message = await page.textContent('#checkout-message');
    assert.ok(message.includes(`: ${points},`) && message.includes(`: ${earned}.`), message);
    // The widget, refreshed after checkout, shows the booked balance.
    await page.waitForFunction(
        (b) => (document.querySelector('loyalty-widget[mode=launcher]')?.shadowRoot?.querySelector('.launcher')?.getAttribute('aria-label') || '').replace(/\D/g, '') === String(b),
        booked.status.balance, { timeout: 30000 });
    assert.deepEqual(problems, []);
    return { context, page, booked, points };
}

test('Anna pays with the most points the cart allows (ru), checks out, and her balance follows', { skip }, async () => {
    const { context, points } = await payWithPoints({ prefix: '/', lang: 'ru', pick: async () => 370 });
    assert.equal(points, 370);
    await context.close();
});

test('Anna chooses 150 points with the keyboard (en), removes them, applies them again and checks out', { skip }, async () => {
    const { context, points } = await payWithPoints({
        prefix: '/en/', lang: 'en', remove: true,
        pick: async (page, range) => {
            // Home is the smallest bookable amount (100), each arrow one step of 10.
            await range.focus();
            await page.keyboard.press('Home');
            for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
            assert.equal(await range.inputValue(), '150');
            assert.equal(plain(await range.getAttribute('aria-valuetext')), '150 points = ₽150 off');
            return 150;
        },
    });
    assert.equal(points, 150);
    await context.close();
});

test('on a phone Anna pays with points (ru), and the next preview starts from the booked balance', { skip }, async () => {
    const { context, page, booked } = await payWithPoints({ prefix: '/', lang: 'ru', phone: true, pick: async () => 370 });
    await page.goto(`${url}/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.waitForFunction(() => document.querySelector('.lead').textContent.startsWith('Баллы:'));
    assert.equal((await page.textContent('.lead')).replace(/\u00a0/g, ' '), 'Баллы: 5 за каждые 100 ₽; книги — 7,5 (×1,5), канцтовары — 5, подарочные карты — без баллов.');
    // Two copies of War and Peace: 5 180 ₽, whose 30% is 1 554 ₽, more than Anna now holds; so
    // the most the next cart takes is her booked balance down to the step of 10.
    await page.click('button[data-sku="book-war-and-peace"]');
    await page.click('button[data-sku="book-war-and-peace"]');
    const balance = booked.status.balance;
    assert.ok(balance < 1554 && balance >= 100, String(balance));
    const most = balance - (balance % 10);
    // The panel (a bottom sheet here) shows the balance and the control at once.
    await page.locator('loyalty-widget[mode=launcher] .launcher').click();
    const panel = page.locator('loyalty-widget[mode=launcher] .panel');
    const range = panel.getByRole('slider', { name: POINT_WORDS.ru.label });
    await range.waitFor({ timeout: 30000 });
    assert.equal(roubles(await panel.locator('.num').textContent()), balance);
    assert.deepEqual(await range.evaluate((r) => [r.min, r.max, r.value]), ['100', String(most), String(most)]);
    await range.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir, 'shop-points-panel-phone-ru.png') });
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
});

const CLAIM_WORDS = {
    ru: {
        confirm: 'Потратить 300 баллов на «Скидка 300 ₽»?', yes: 'Потратить баллы', copy: 'Копировать', copied: 'Скопировано', codes: 'Мои коды',
        applied: (code) => `Применён код ${code}: «Скидка 300 ₽».`,
    },
    en: {
        confirm: 'Spend 300 points for “₽300 off”?', yes: 'Spend points', copy: 'Copy', copied: 'Copied', codes: 'My codes',
        applied: (code) => `Code ${code} applied: “₽300 off”.`,
    },
};

/**
 * Anna claims "300 ₽ off" (300 points) in the widget on her account page: she confirms, sees the
 * code with its expiry and copies it, and finds it under "My codes"; her balance drops by 300.
 * Then The Master and Margarita (890 ₽) and a notebook (350 ₽) with the code: 940 ₽ of items
 * left, so points may pay 30% of it, 282 ₽, 280 on the step; she pays the most, checks out, and
 * the server books exactly that: total 1 539 - 300 - 280 ₽, the code used by the order.
 */
async function claimAndCheckOut({ prefix, lang, phone = false }) {
    const words = { ...POINT_WORDS[lang], ...CLAIM_WORDS[lang] };
    const shot = (what) => join(artifactsDir, `shop-claim-${what}-${lang}${phone ? '-phone' : ''}.png`);
    const { context, page, problems } = await openShopAs({ prefix, customer: 'c-anna', name: words.name, device: phone ? PHONE : DESKTOP, widgetLog: true, permissions: ['clipboard-read', 'clipboard-write'] });
    const before = (await customerDoc('c-anna')).status.balance;
    assert.ok(before >= 300 + 100, `Anna holds ${before} points; this test needs 400`);

    await page.goto(`${url}${prefix}account.html`);
    const widget = page.locator('loyalty-widget[mode=inline]');
    await widget.locator('button[data-key="reward-discount-300"]').click({ timeout: 30000 });
    const box = widget.locator('.rewards .note');
    assert.equal(plain(await box.locator('p').first().textContent()), plain(words.confirm));
    await page.screenshot({ path: shot('confirm'), fullPage: !phone });
    assert.deepEqual(await seriousViolations(page), []);
    const [detail] = await Promise.all([nextEvent(page, 'reward-claimed'), box.getByRole('button', { name: words.yes }).click()]);
    const code = detail.claim.code;
    assert.match(code, /^[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]{6}$/);
    assert.equal(detail.claim.points, 300);
    await box.locator('.code').waitFor();
    assert.equal(await box.locator('.code').textContent(), code);
    // Focus went from "Choose" to "Spend points" to "Copy": a keyboard user is never lost.
    assert.equal(await page.evaluate(() => document.querySelector('loyalty-widget[mode=inline]').shadowRoot.activeElement?.textContent), words.copy);
    await box.locator('[data-key=reward-discount-300]').click();
    await box.locator('[data-key=reward-discount-300]', { hasText: words.copied }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    // The server spent the points once; the widget, refreshed, lists the code among "My codes".
    assert.equal((await customerDoc('c-anna')).status.balance, before - 300);
    const mine = widget.locator('section', { has: page.locator('h3', { hasText: words.codes }) });
    await mine.locator('.code', { hasText: code }).waitFor({ timeout: 30000 });
    await page.screenshot({ path: shot('code'), fullPage: !phone });
    assert.deepEqual(await seriousViolations(page), []);

    // The cart: the code takes 300 ₽ off, and points pay 30% of what is left.
    await page.goto(url + prefix);
    await page.click('button[data-sku="book-master-margarita"]');
    await page.click('button[data-sku="notebook-a5"]');
    await page.goto(`${url}${prefix}cart.html`);
    await page.waitForSelector('body[data-ready=true]');
    await page.fill('#reward-code', code.toLowerCase().replace(/-/g, ' '));
    await page.click('#code-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#code-applied').textContent !== '');
    assert.equal(plain(await page.textContent('#code-applied')), plain(words.applied(code)));
    assert.equal(roubles(await page.textContent('#sum-reward')), 300);
    assert.equal(roubles(await page.textContent('#sum-total')), 1539 - 300);
    const expectedMax = Math.min(280, Math.floor((before - 300) / 10) * 10);
    const line = page.locator('loyalty-widget[mode=cart] .cartline');
    await line.locator('button[aria-controls=lw-pay-box]').click({ timeout: 30000 });
    const range = line.getByRole('slider', { name: words.label });
    assert.equal(await range.evaluate((r) => r.max), String(expectedMax));
    await Promise.all([nextEvent(page, 'points-selected'), line.getByRole('button', { name: words.apply }).click()]);
    await page.locator('#sum-points').waitFor();
    assert.equal(roubles(await page.textContent('#sum-total')), 1539 - 300 - expectedMax);
    await line.locator('p.ok').waitFor();
    const earned = roubles(await line.locator('.earn-row strong').textContent());
    if (phone) assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the cart page scrolls sideways');
    await page.screenshot({ path: shot('cart'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    const response = await checkOut(page);
    const booked = await response.json();
    assert.equal(response.status(), 201, JSON.stringify(booked));
    assert.deepEqual(JSON.parse(response.request().postData()).reward_codes, [code]);
    assert.deepEqual(booked.reward_codes, [code]);
    assert.equal(booked.preview.reward_discount, 30000);
    assert.equal(booked.preview.total, 153900 - 30000 - expectedMax * 100);
    // The widget previewed what the server booked (one core), and the balance follows exactly.
    assert.equal(booked.earned, earned);
    assert.equal(booked.status.balance, before - 300 - expectedMax + earned);
    const claims = await page.evaluate(() => fetch('/api/loyalty/me/claims').then((r) => r.json()));
    const used = claims.claims.find((c) => c.code === code);
    assert.equal(used.status, 'used');
    assert.equal(used.order_id, booked.order_id);
    assert.deepEqual(problems, []);
    await context.close();
}

test('Anna claims "300 ₽ off" in the widget (ru), copies the code and checks out with it and points', { skip }, async () => {
    await claimAndCheckOut({ prefix: '/', lang: 'ru' });
});

test('on a phone Anna claims "₽300 off" (en) and checks out with the code and points', { skip }, async () => {
    await claimAndCheckOut({ prefix: '/en/', lang: 'en', phone: true });
});

/** Books an event for customer `id` with the admin token, as the owner's console does. */
async function bookEvent(id, event) {
    const r = await fetch(`${url}/api/loyalty/customers/${id}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
    });
    const body = await r.json();
    assert.equal(r.status, 201, JSON.stringify(body));
    return body;
}

/**
 * Anna opens "300 ₽ off" in the widget, and before she confirms her points fall below 300 (spent
 * in another tab: here an adjustment by the owner). The server refuses the claim with the code
 * not_enough_points, and the widget says so in the page's language instead of the server's
 * English sentence. Her points are then put back, so the tests after this one see them.
 */
test('a claim refused because the balance fell meanwhile says why in Russian', { skip }, async () => {
    // Whatever the tests before left her, Anna gets 300 points to spend here, and her balance is
    // put back as it was at the end.
    const before = (await customerDoc('c-anna')).status.balance;
    const stamp = Date.now().toString(36);
    await bookEvent('c-anna', { type: 'adjustment', id: `e2e-topup-${stamp}`, points: 300, reason: 'e2e: points to spend' });
    const { context, page, problems } = await openShopAs({ prefix: '/', customer: 'c-anna', name: 'Анна', widgetLog: true });
    await page.goto(`${url}/account.html`);
    const widget = page.locator('loyalty-widget[mode=inline]');
    await widget.locator('button[data-key="reward-discount-300"]').click({ timeout: 30000 });
    const box = widget.locator('.rewards .note');
    await box.getByRole('button', { name: 'Потратить баллы' }).waitFor();

    // Spent in another tab: 250 points are left.
    const drop = before + 300 - 250;
    await bookEvent('c-anna', { type: 'adjustment', id: `e2e-drain-${stamp}`, points: -drop, reason: 'e2e: spent in another tab' });
    try {
        const [answer] = await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/api/loyalty/me/claims') && r.request().method() === 'POST'),
            box.getByRole('button', { name: 'Потратить баллы' }).click(),
        ]);
        const refused = await answer.json();
        assert.equal(answer.status(), 422, JSON.stringify(refused));
        assert.equal(refused.errors[0].code, 'not_enough_points');
        assert.equal(refused.errors[0].path, '/reward_id');
        const alert = widget.locator('.rewards .note[role=alert]');
        await alert.waitFor();
        assert.equal(plain(await alert.locator('p').first().textContent()), 'Пока не хватает баллов на эту награду.');
        // The balance it showed was old: the widget reads it again and shows the 250 points left.
        await page.waitForFunction(() => /это\s250\s₽/.test(document.querySelector('loyalty-widget[mode=inline]').shadowRoot.textContent), null, { timeout: 30000 });
        await page.screenshot({ path: join(artifactsDir, 'shop-claim-refused-ru.png'), fullPage: true });
        assert.deepEqual(await seriousViolations(page), []);
        assert.equal((await customerDoc('c-anna')).status.balance, 250, 'a refused claim spends nothing');
    } finally {
        if (before !== 250) await bookEvent('c-anna', { type: 'adjustment', id: `e2e-refill-${stamp}`, points: before - 250, reason: 'e2e: points put back' });
    }
    assert.equal((await customerDoc('c-anna')).status.balance, before);
    // The browser logs the 422 itself; the widget logs nothing.
    assert.deepEqual(problems.filter((m) => !m.includes('status of 422')), []);
    await context.close();
});

const OFFER_WORDS = {
    ru: {
        name: 'Вера', heading: 'Ваши предложения', gives: 'Скидка 25 % на заказ', ends: 'ещё 3 дня', summary: 'Персональное предложение −25%',
        off: (m) => `Персональное предложение: −${m.toLocaleString('ru-RU')} ₽`, earn: (n) => `+${n} баллов`, why: 'Почему?',
    },
    en: {
        name: 'Vera', heading: 'Your offers', gives: '25% off your order', ends: 'ends in 3 days', summary: 'Personal offer −25%',
        off: (m) => `Personal offer: −₽${m.toLocaleString('en-US')}`, earn: (n) => `+${n} points`, why: 'Why?',
    },
};

/**
 * Vera's apology offer (demo/examples/customers/vera.json: 25% off, ending three days after the
 * server first started, any number of orders) in the widget's panel, in the shop's cart and in
 * the order. War and Peace (2 590 ₽) and an A5 notebook (350 ₽): 2 940 ₽ of goods, 25% off is
 * 735 ₽, 2 205 ₽ left + 299 ₽ shipping = 2 504 ₽. Vera is a Bibliophile (x1.25), earning 5 points
 * per 100 ₽ paid: the book's 1 942,50 ₽ -> 97.125, books x1.5 +48.5625, tier +36.421875; the
 * notebook's 262,50 ₽ -> 13.125, tier +3.28125; 198.515625, rounded down: 198 (as
 * `loyalty preview` says for this cart). Then the same cart again: the preview agrees with the
 * booked balance and the offer applies once more.
 */
async function veraOffer({ prefix, lang, phone = false }) {
    const words = OFFER_WORDS[lang];
    const shot = (what) => join(artifactsDir, `shop-offers-${what}-${lang}${phone ? '-phone' : ''}.png`);
    const { context, page, problems } = await openShopAs({ prefix, customer: 'c-vera', name: words.name, device: phone ? PHONE : DESKTOP, widgetLog: true });
    const before = (await customerDoc('c-vera')).status.balance;

    // The panel: "Your offers", what it gives and how long it lasts.
    await page.locator('loyalty-widget[mode=launcher] .launcher').click();
    const offers = page.locator('loyalty-widget[mode=launcher] .panel section.offers');
    await offers.waitFor({ timeout: 30000 });
    assert.equal(await offers.locator('h3').textContent(), words.heading);
    const item = offers.locator('li[data-offer="sorry-25"]');
    assert.equal(plain(await item.locator('strong').textContent()), words.gives);
    assert.equal(plain(await item.locator('.o-when').textContent()), words.ends);
    if (phone) assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the page scrolls sideways');
    await page.screenshot({ path: shot('panel') });
    assert.deepEqual(await seriousViolations(page), []);
    await page.keyboard.press('Escape');

    // The cart: the shop takes 25% off by itself, and the widget previews the same.
    await page.click('button[data-sku="book-war-and-peace"]');
    await page.click('button[data-sku="notebook-a5"]');
    await page.goto(`${url}${prefix}cart.html`);
    await page.waitForSelector('body[data-ready=true]');
    const checkCart = async () => {
        await page.locator('.summary dd.offer').waitFor();
        assert.equal(plain(await page.textContent('.summary dt.offer')), words.summary);
        assert.equal(roubles(await page.textContent('.summary dd.offer')), 735);
        assert.equal(roubles(await page.textContent('#sum-total')), 2504);
        const line = page.locator('loyalty-widget[mode=cart] .cartline');
        await line.locator('.offer-off[data-offer="sorry-25"]').waitFor({ timeout: 30000 });
        assert.equal(plain(await line.locator('.offer-off').textContent()), plain(words.off(735)));
        assert.equal(plain(await line.locator('.earn-row strong').textContent()), words.earn(198));
        return line;
    };
    const line = await checkCart();
    if (phone) assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the cart page scrolls sideways');
    await page.screenshot({ path: shot('cart'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    // Checkout: the order names the offer, and the server books exactly what the widget previewed.
    const response = await checkOut(page);
    const booked = await response.json();
    assert.equal(response.status(), 201, JSON.stringify(booked));
    const sent = JSON.parse(response.request().postData());
    assert.deepEqual(sent.offer_ids, ['sorry-25']);
    assert.equal(sent.offers, undefined);
    assert.deepEqual(booked.offer_ids, ['sorry-25']);
    assert.equal(booked.preview.offer_discount, 73500);
    assert.deepEqual(booked.preview.offers_applied, [{ offer_id: 'sorry-25', goods: 73500, shipping: 0 }]);
    assert.equal(booked.preview.total, 250400);
    assert.equal(booked.earned, 198);
    assert.equal(booked.status.balance, before + 198);
    assert.equal((await customerDoc('c-vera')).status.balance, before + 198);
    await page.waitForFunction(() => document.querySelector('#checkout-message').classList.contains('ok'));
    await page.waitForFunction(
        (b) => (document.querySelector('loyalty-widget[mode=launcher]')?.shadowRoot?.querySelector('.launcher')?.getAttribute('aria-label') || '').replace(/\D/g, '') === String(b),
        booked.status.balance, { timeout: 30000 });

    // The next cart: the same again, previewed from the booked balance, with the offer once more.
    await page.goto(url + prefix);
    await page.waitForSelector('body[data-ready=true]');
    await page.click('button[data-sku="book-war-and-peace"]');
    await page.click('button[data-sku="notebook-a5"]');
    await page.goto(`${url}${prefix}cart.html`);
    await page.waitForSelector('body[data-ready=true]');
    await checkCart();
    await page.locator('loyalty-widget[mode=launcher] .launcher').click();
    const panel = page.locator('loyalty-widget[mode=launcher] .panel');
    await panel.locator('.cart .offer-off').waitFor({ timeout: 30000 });
    assert.equal(roubles(await panel.locator('.balance .num').textContent()), booked.status.balance);
    assert.equal(plain(await panel.locator('.cart .offer-off').textContent()), plain(words.off(735)));
    assert.deepEqual(problems, []);
    await context.close();
}

test('Vera sees her 25% offer counted down (en), the cart and the widget take it off, and the order books it', { skip }, async () => {
    await veraOffer({ prefix: '/en/', lang: 'en' });
});

test('on a phone Vera sees «ещё 3 дня» (ru) and checks out with her offer', { skip }, async () => {
    await veraOffer({ prefix: '/', lang: 'ru', phone: true });
});

test('Daria joins through Boris\'s referral link (ru), and both get their bonus once', { skip }, async () => {
    // Boris copies his link from the widget on his account page.
    const { context: boris, page, problems } = await openShopAs({ customer: 'c-boris', name: 'Борис', permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${url}/account.html`);
    const widget = page.locator('loyalty-widget[mode=inline]');
    const invite = widget.locator('section', { has: page.locator('h3', { hasText: 'Пригласите друзей' }) });
    await invite.waitFor({ timeout: 30000 });
    assert.equal(plain(await invite.locator('p').first().textContent()), 'Друг получит 250 баллов за первый заказ, а вы — 500 баллов.');
    assert.equal(plain(await invite.locator('p').last().textContent()), 'Друзей пришло: 0. Вам за них: 0 баллов.');
    await invite.locator('[data-key=ref-copy]').click();
    await invite.locator('[data-key=ref-copy]', { hasText: 'Скопировано' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, new RegExp(`^${url}/\\?ref=[2-9A-HJKMNP-Z]{12}$`));
    assert.equal(await invite.locator('.code').textContent(), link);
    await page.screenshot({ path: join(artifactsDir, 'shop-referral-boris-ru.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    const before = { boris: (await customerDoc('c-boris')).status.balance, daria: (await customerDoc('c-daria')).status.balance };

    // Daria, on her own browser, opens the link, signs in and places her first order.
    const daria = await browser.newContext(PHONE);
    const friend = await daria.newPage();
    friend.on('pageerror', (e) => problems.push(e.message));
    await friend.goto(link);
    await friend.waitForSelector('body[data-ready=true]');
    assert.equal(new URL(friend.url()).search, '', 'the shop keeps the code and tidies the address');
    await friend.selectOption('#customer', 'c-daria');
    await friend.waitForFunction(() => document.querySelector('#signed-in').textContent.includes('Дарья'));
    const order = async () => {
        await friend.goto(url + '/');
        await friend.click('button[data-sku="book-master-margarita"]');
        await friend.goto(`${url}/cart.html`);
        await friend.waitForSelector('body[data-ready=true]');
        const response = await checkOut(friend);
        return { status: response.status(), sent: JSON.parse(response.request().postData()), booked: await response.json() };
    };
    const first = await order();
    assert.equal(first.status, 201, JSON.stringify(first.booked));
    assert.equal(first.sent.referral_code, link.split('=')[1]);
    assert.deepEqual(first.booked.referral, { code: link.split('=')[1], status: 'booked', referee_points: 250 });
    assert.equal(first.booked.status.balance, before.daria + first.booked.earned + 250);
    await friend.waitForFunction(() => document.querySelector('#checkout-message').textContent.includes('250 баллов за приглашение'));
    await friend.screenshot({ path: join(artifactsDir, 'shop-referral-daria-ru-phone.png'), fullPage: true });
    assert.equal((await customerDoc('c-boris')).status.balance, before.boris + 500);

    // Her next order sends no code (the shop forgot it after the first), and Boris gets nothing more.
    const second = await order();
    assert.equal(second.status, 201);
    assert.equal(second.sent.referral_code, undefined);
    assert.equal((await customerDoc('c-boris')).status.balance, before.boris + 500);

    await page.reload();
    await invite.waitFor({ timeout: 30000 });
    await page.waitForFunction(() => /Друзей пришло: 1\. Вам за них: 500/.test((document.querySelector('loyalty-widget[mode=inline]').shadowRoot.textContent || '').replace(/[\u00a0\u202f]/g, ' ')));
    assert.deepEqual(problems, []);
    await boris.close();
    await daria.close();
});

test('points the server refuses are told to the shopper in words, and dropped', { skip }, async () => {
    const { context, page, problems } = await openShopAs({ customer: 'c-boris', name: 'Борис' });
    await page.click('button[data-sku="book-master-margarita"]');
    // A choice the cart cannot take (stale, or tampered with): 500 points on 890 ₽ of items,
    // whose 30% is 267 ₽, so 260 points at most (Boris holds more).
    assert.ok((await customerDoc('c-boris')).status.balance >= 260);
    await page.evaluate(() => localStorage.setItem('demo-shop-points', JSON.stringify({ points: 500, discount: 50000 })));
    await page.goto(`${url}/cart.html`);
    await page.waitForSelector('body[data-ready=true]');
    const line = page.locator('loyalty-widget[mode=cart] .cartline');
    const refused = line.locator('p.bad[role=status]');
    await refused.waitFor({ timeout: 30000 });
    assert.equal(plain(await refused.textContent()), 'Нельзя списать 500 баллов. Для этого заказа — от 100 до 260 баллов, шагом 10.');
    await page.screenshot({ path: join(artifactsDir, 'shop-points-refused-widget-ru.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    const response = await checkOut(page);
    assert.equal(response.status(), 422);
    assert.equal((await response.json()).errors[0].path, '/points_redeemed');
    await page.waitForFunction(() => document.querySelector('#checkout-message').classList.contains('bad'));
    assert.equal(await page.textContent('#checkout-message'),
        'Заказ не оформлен: к этому заказу нельзя списать столько баллов (500). Мы убрали их из корзины — выберите, сколько списать, ещё раз.');
    // Dropped: the shop's total is the cart's again (890 ₽ + 299 ₽), and the widget offers 100..260.
    assert.equal(await page.locator('#sum-points').isHidden(), true);
    assert.equal(roubles(await page.textContent('#sum-total')), 1189);
    await refused.waitFor({ state: 'detached' });
    assert.ok(plain(await line.textContent()).includes('(260 баллов)'));
    await page.screenshot({ path: join(artifactsDir, 'shop-points-refused-ru.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
});

test('the Russian shop shows a guest the program, and the calculator is served beside it', { skip }, async () => {
    const context = await browser.newContext(DESKTOP);
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

/** The report GET /api/admin/surveys gives for the program's NPS survey (default period). */
async function npsReport() {
    const r = await fetch(`${url}/api/admin/surveys?survey_id=nps-2026`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(r.status, 200);
    const report = await r.json();
    return report.surveys.find((s) => s.id === 'nps-2026');
}

/** The floating widget's survey card (Playwright's CSS locators pierce the open shadow root). */
const surveyCard = (page) => page.locator('loyalty-widget[mode=launcher] .survey');

/**
 * Opens `path` as a new visit: the widget counts a visit after 30 idle minutes (visitor.js), so the
 * stored visitor's last page view is moved 31 minutes back, as if the shopper came back later.
 */
async function comeBackLater(page, path) {
    await page.evaluate(() => {
        const v = JSON.parse(localStorage.getItem('loyalty-widget:visitor'));
        v.last_seen -= 31 * 60 * 1000;
        localStorage.setItem('loyalty-widget:visitor', JSON.stringify(v));
    });
    await page.goto(url + path);
}

/** Waits until the widget has asked the core about the survey and stored the answer (first visit). */
const surveyChecked = async (page) => (await page.waitForFunction(
    () => JSON.parse(localStorage.getItem('loyalty-widget:visitor') || 'null')?.survey_check, null, { timeout: 30000 })).jsonValue();

/** Answers the open survey card: a score, Next, the follow-up text, Send; resolves to the POST's
 *  HTTP status (its body is not read: Playwright cannot always get the body of a keepalive fetch). */
async function answerSurvey(page, score, text, words) {
    const card = surveyCard(page);
    await card.waitFor({ timeout: 30000 });
    await card.locator(`label:has(input[value="${score}"])`).click();
    await card.getByRole('button', { name: words.next }).click();
    await card.locator('textarea').fill(text);
    const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/loyalty/surveys') && r.request().method() === 'POST'),
        card.getByRole('button', { name: words.send }).click(),
    ]);
    await card.locator('.thanks').waitFor();
    return response.status();
}

test('two shoppers answer the NPS survey in the shop and the dashboard counts both', { skip }, async () => {
    // --seed-demo stores the sample customers and their events only (demo/server/seed.cpp), no
    // survey answers: the report starts empty.
    const before = await npsReport();
    assert.equal(before.answers, 0);
    assert.equal(before.summary.n, 0);
    // The dashboard before any answer: says so, no NaN or empty chart text.
    const empty = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    const emptyPage = await empty.newPage();
    await emptyPage.goto(`${url}/admin/surveys#token=${ADMIN_TOKEN}&operator=shop-e2e`);
    await emptyPage.waitForSelector('body[data-loaded=true]', { timeout: 15000 });
    assert.equal(await emptyPage.locator('#survey-nps-2026').getAttribute('data-n'), '0');
    assert.equal(await emptyPage.locator('#survey-nps-2026 .score').textContent(), 'no answers');
    assert.doesNotMatch(await emptyPage.locator('body').textContent(), /undefined|NaN|null|\[object/);
    await emptyPage.screenshot({ path: join(artifactsDir, 'dashboard-empty-en.png'), fullPage: true });
    await empty.close();

    // Anna, in the Russian shop. First visit: the survey wants two (min_visits 2), so no card.
    const { context: anna, page, problems } = await openShopAs({ customer: 'c-anna', name: 'Анна' });
    // The widget's cached answer: ask again once visits reach 2.
    assert.equal((await surveyChecked(page)).visits, 2);
    assert.equal(await surveyCard(page).count(), 0);
    // Second visit: the card comes up. A 10 and a comment.
    await comeBackLater(page, '/cart.html');
    const first = await answerSurvey(page, 10, 'Быстрая доставка и бонусы', { next: 'Дальше', send: 'Отправить' });
    assert.equal(first, 201);
    await page.screenshot({ path: join(artifactsDir, 'shop-survey-thanks-ru.png') });
    assert.deepEqual(problems, []);
    await anna.close();

    // A guest in the English shop, on a phone: an 8 (a passive).
    const guest = await browser.newContext(PHONE);
    const phone = await guest.newPage();
    phone.on('pageerror', (e) => problems.push(e.message));
    await phone.goto(`${url}/en/`);
    await phone.waitForSelector('body[data-ready=true]');
    await surveyChecked(phone);
    assert.equal(await surveyCard(phone).count(), 0);
    await comeBackLater(phone, '/en/account.html');
    await surveyCard(phone).waitFor({ timeout: 30000 });
    await phone.screenshot({ path: join(artifactsDir, 'shop-survey-phone-en.png') });
    const second = await answerSurvey(phone, 8, 'More poetry, please', { next: 'Next', send: 'Send' });
    assert.equal(second, 201);
    assert.deepEqual(problems, []);
    await guest.close();

    // Worked out by hand for the two answers (no seeded ones): 10 is a promoter, 8 a passive, so
    // n = 2, NPS = (1 - 0) / 2 * 100 = 50. The 95% Wald margin: each answer scores +1, 0 or -1;
    // mean 0.5, variance p+ + p- - (p+ - p-)^2 = 0.5 + 0 - 0.25 = 0.25, so the margin is
    // 1.96 * sqrt(0.25 / 2) * 100 = 1.96 * 35.355 = 69.30.
    const report = await npsReport();
    assert.equal(report.answers, 2);
    assert.equal(report.summary.n, 2);
    assert.equal(report.summary.score, 50);
    assert.equal(report.summary.promoters, 1);
    assert.equal(report.summary.passives, 1);
    assert.equal(report.summary.detractors, 0);
    assert.ok(Math.abs(report.summary.margin_of_error - 69.3) < 0.01, String(report.summary.margin_of_error));

    // The dashboard page, signed in with the admin token through the link's #token=.
    const admin = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    const dash = await admin.newPage();
    dash.on('pageerror', (e) => problems.push(e.message));
    dash.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await dash.goto(`${url}/admin/surveys#token=${ADMIN_TOKEN}&operator=shop-e2e`);
    await dash.waitForSelector('body[data-loaded=true]', { timeout: 15000 });
    const section = dash.locator('#survey-nps-2026');
    assert.equal(await section.getAttribute('data-n'), '2');
    assert.equal(await section.getAttribute('data-score'), '50');
    assert.equal(await section.locator('.score').textContent(), '+50');
    assert.equal(await section.locator('dd.n').textContent(), '2');
    assert.equal(await section.locator('dd.margin').textContent(), '± 69.3');
    const comments = await section.locator('.comments li').allTextContents();
    assert.equal(comments.length, 2);
    assert.ok(comments.some((c) => c.includes('Быстрая доставка и бонусы') && c.includes('score 10')), comments.join(' | '));
    assert.ok(comments.some((c) => c.includes('More poetry, please') && c.includes('score 8')), comments.join(' | '));
    // The distribution chart: one answer at 8 and one at 10, none elsewhere.
    const bars = await section.locator('rect.bar title').allTextContents();
    assert.deepEqual(bars, ['0: 0', '1: 0', '2: 0', '3: 0', '4: 0', '5: 0', '6: 0', '7: 0', '8: 1', '9: 0', '10: 1']);
    const text = await dash.locator('body').textContent();
    assert.doesNotMatch(text, /undefined|NaN|null|\[object/);
    await dash.screenshot({ path: join(artifactsDir, 'dashboard-en.png'), fullPage: true });
    await dash.setViewportSize({ width: 390, height: 844 });
    await dash.reload();
    await dash.waitForSelector('body[data-loaded=true]', { timeout: 15000 });
    await dash.screenshot({ path: join(artifactsDir, 'dashboard-phone-en.png'), fullPage: true });
    await dash.emulateMedia({ colorScheme: 'dark' });
    await dash.setViewportSize({ width: 1280, height: 900 });
    await dash.reload();
    await dash.waitForSelector('body[data-loaded=true]', { timeout: 15000 });
    await dash.screenshot({ path: join(artifactsDir, 'dashboard-dark-en.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await admin.close();
});

test('on a phone the shop and the open widget panel fit the screen', { skip }, async () => {
    const { context, page } = await openShopAs({ customer: 'c-boris', name: 'Борис', device: PHONE });
    // Nothing wider than the screen: no sideways scrolling.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the page scrolls sideways');
    await page.screenshot({ path: join(artifactsDir, 'shop-catalog-phone-ru.png') });
    await page.locator('loyalty-widget[mode=launcher] .launcher').click();
    await page.locator('loyalty-widget[mode=launcher] .panel .num').first().waitFor({ timeout: 30000 });
    await page.screenshot({ path: join(artifactsDir, 'shop-panel-phone-ru.png') });
    await context.close();
});

test('axe-core finds no serious or critical issue on the shop pages, ru and en, with the widget', { skip }, async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${url}/en/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.selectOption('#customer', 'c-vera');
    await page.waitForFunction(() => document.querySelector('#signed-in').textContent.includes('Vera'));
    await page.click('button[data-sku="book-dostoevsky"]');
    const found = {};
    for (const prefix of ['/', '/en/']) {
        for (const name of ['', 'cart.html', 'account.html']) {
            await page.goto(url + prefix + name);
            await page.waitForSelector('body[data-ready=true]');
            if (name === 'cart.html') {
                await page.waitForFunction(() => /\d/.test(document.querySelector('loyalty-widget[mode=cart]')?.shadowRoot?.textContent || ''), null, { timeout: 30000 });
            }
            if (name === 'account.html') {
                await page.waitForFunction(() => (document.querySelector('loyalty-widget[mode=inline]')?.shadowRoot?.textContent || '').length > 40, null, { timeout: 30000 });
            }
            if (name === '') {
                await page.locator('loyalty-widget[mode=launcher] .launcher').click();
                await page.locator('loyalty-widget[mode=launcher] .panel .num').first().waitFor({ timeout: 30000 });
            }
            const v = await seriousViolations(page);
            if (v.length) found[prefix + name] = v;
        }
    }
    assert.deepEqual(found, {});
    // The check can fail: a button without a name, on the page and in the widget, is reported.
    await page.evaluate(() => {
        const planted = (id) => Object.assign(document.createElement('button'), { id });
        document.querySelector('main').append(planted('planted-page'));
        document.querySelector('loyalty-widget[mode=inline]').shadowRoot.append(planted('planted-widget'));
    });
    const planted = await seriousViolations(page);
    assert.ok(planted.some((v) => v.startsWith('button-name:') && v.includes('#planted-page') && v.includes('loyalty-widget[mode="inline"] >>> #planted-widget')), planted.join('\n'));
    await context.close();
});

test('axe-core finds no serious or critical issue on the console\'s surveys (signed out and with a report) or the calculator', { skip }, async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const found = {};
    await page.goto(`${url}/admin/surveys`);
    await page.waitForSelector('#signin:not([hidden])');
    let v = await seriousViolations(page);
    if (v.length) found.signin = v;
    await page.fill('#token', ADMIN_TOKEN);
    await page.fill('#operator', 'shop-e2e');
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('body[data-loaded=true]');
    v = await seriousViolations(page);
    if (v.length) found.dashboard = v;
    // The calculator as this server serves it (calculator.test.mjs checks it with results too).
    await page.goto(`${url}/calculator/`);
    await page.waitForSelector('#program-status.ok', { timeout: 30000 });
    v = await seriousViolations(page);
    if (v.length) found.calculator = v;
    assert.deepEqual(found, {});
    await context.close();
});

test('give-offer.mjs gives one offer to a list of customers, once each, and names the refused', { skip }, async () => {
    const { execFile } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const run = (env) => new Promise((resolve) => {
        execFile(process.execPath, [join(root, 'demo/server/tools/give-offer.mjs'), '--server', url,
            '--offer', join(dir, 'offer.json'), '--customers', join(dir, 'ids.txt')],
        { env: { ...process.env, ...env } }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
    });
    // Customers no other test looks at: the tool creates them with the offer.
    writeFileSync(join(dir, 'ids.txt'), '# December apology\nc-cli-1\n\nc-cli-2\nnot a valid id!\nc-cli-1\n');
    const ends = new Date(Date.now() + 5 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
    writeFileSync(join(dir, 'offer.json'), JSON.stringify({ id: 'dec-ship', kind: 'free_shipping', ends }));

    const first = await run({ LOYALTY_ADMIN_TOKEN: ADMIN_TOKEN });
    assert.equal(first.code, 1, first.stderr);
    assert.deepEqual(first.stdout.trim().split('\n'), [
        'c-cli-1\tgiven',
        'c-cli-2\tgiven',
        'not a valid id!\trefused: no customer can have the id in this URL',
    ]);
    assert.match(first.stderr, /2 of 3 customers have offer dec-ship/);
    // Again after an interruption: nobody gets it twice.
    const again = await run({ LOYALTY_ADMIN_TOKEN: ADMIN_TOKEN });
    assert.match(again.stdout, /^c-cli-1\talready given\nc-cli-2\talready given\n/);
    const listed = await (await fetch(`${url}/api/loyalty/customers/c-cli-1/offers`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    assert.equal(listed.offers.length, 1);
    assert.equal(listed.offers[0].kind, 'free_shipping');
    // A wrong token refuses every customer; no token at all is a usage error.
    assert.match((await run({ LOYALTY_ADMIN_TOKEN: 'wrong-token-0123456789' })).stdout, /^c-cli-1\trefused: /);
    assert.equal((await run({ LOYALTY_ADMIN_TOKEN: '' })).code, 2);
});

test('an offer voided while it sits in the cart is told to the shopper in words, and dropped', { skip }, async () => {
    // A customer of this test alone: the shop's backend gives them free delivery for two days.
    const id = 'c-offer-void';
    const ends = new Date(Date.now() + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
    const given = await fetch(`${url}/api/loyalty/customers/${id}/offers`, { method: 'POST', headers: admin, body: JSON.stringify({ id: 'free-ship', kind: 'free_shipping', ends }) });
    assert.equal(given.status, 201);
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // (The browser logs the refused checkout's 410 as an error of its own: only the widget's count.)
    page.on('console', (m) => { if (m.text().startsWith('[loyalty-widget]')) problems.push(m.text()); });
    await page.goto(`${url}/en/`);
    await page.waitForSelector('body[data-ready=true]');
    assert.equal(await page.evaluate((c) => fetch('/demo/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ customer_id: c }) }).then((r) => r.status), id), 200);
    await page.click('button[data-sku="notebook-a5"]');
    await page.goto(`${url}/en/cart.html`);
    await page.waitForSelector('body[data-ready=true]');
    // 350 ₽ and free delivery: the shop and the widget take the 299 ₽ shipping off.
    await page.locator('.summary dd.offer').waitFor();
    assert.equal(await page.textContent('.summary dt.offer'), 'Personal offer: free delivery');
    assert.equal(roubles(await page.textContent('.summary dd.offer')), 299);
    assert.equal(roubles(await page.textContent('#sum-total')), 350);
    const line = page.locator('loyalty-widget[mode=cart] .cartline');
    await line.locator('.offer-off[data-offer="free-ship"]').waitFor({ timeout: 30000 });
    assert.equal(plain(await line.locator('.offer-off').textContent()), 'Personal offer: −₽299');

    // The shop's backend voids it meanwhile: checkout is refused, and the shop says why.
    const voided = await fetch(`${url}/api/loyalty/customers/${id}/offers/free-ship/void`, { method: 'POST', headers: admin });
    assert.equal(voided.status, 200);
    const response = await checkOut(page);
    assert.equal(response.status(), 410);
    assert.equal((await response.json()).errors[0].path, '/offer_ids/0');
    await page.waitForFunction(() => document.querySelector('#checkout-message').classList.contains('bad'));
    assert.equal(await page.textContent('#checkout-message'),
        'The order was not placed: the personal offer no longer applies (offer free-ship was voided). We took it off the cart.');
    // Dropped: the summary is the cart's again (350 ₽ + 299 ₽), and so is the widget's preview.
    await page.locator('.summary dd.offer').waitFor({ state: 'detached' });
    assert.equal(roubles(await page.textContent('#sum-total')), 649);
    await line.locator('.offer-off').waitFor({ state: 'detached' });
    await page.screenshot({ path: join(artifactsDir, 'shop-offers-refused-en.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    // Ordered again, without it.
    const again = await checkOut(page);
    assert.equal(again.status(), 201);
    assert.equal(JSON.parse(again.request().postData()).offer_ids, undefined);
    assert.deepEqual(problems, []);
    await context.close();
});
