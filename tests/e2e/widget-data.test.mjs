// What a shopper sees, checked against the core: the panel's balance, tier progress, rewards
// and history match the native CLI's status for each sample customer; setCart updates the cart
// preview (matching the CLI's preview); paying with points in the cart (the control, the
// loyalty:points-selected event, the points the site applies, and a clear message for points the
// core refuses); a guest sees how the program works; names holding HTML show as text; inline,
// cart and single-page-app embeddings; the namespace and its events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cli, expectedStatus, launchBrowser, openPage, recordEvents, recordedEvents, shot } from './lib/browser.mjs';
import { CUSTOMERS, FIXED_NOW, programVariant, startServer } from './lib/server.mjs';

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

/** Digits and signs only: "1 487 баллов" -> "1487", "+105" -> "+105" (grouping spaces vary). */
const digits = (s) => String(s).replace(/[^\d+\-−,]/g, '');
/** No-break spaces (the widget joins numbers and units with them) as plain ones. */
const plain = (s) => String(s).replace(/[\u00a0\u202f]/g, ' ');
/** Kopecks as the widget writes roubles: 3378719 -> "33787,19", 30000 -> "300". */
const rub = (k) => (k % 100 === 0 ? String(k / 100) : (k / 100).toFixed(2).replace('.', ','));

async function openPanel(page) {
    await page.locator('loyalty-widget[mode=launcher] .launcher').click();
    await page.locator('loyalty-widget .panel .num, loyalty-widget .panel .facts').first().waitFor({ timeout: 15000 });
    return page.locator('loyalty-widget[mode=launcher] .panel');
}

describe('the panel of a signed-in shopper', () => {
    for (const name of CUSTOMERS) {
        it(`shows ${name}'s balance, tier progress, rewards and history as the core computes them`, async () => {
            const expected = expectedStatus(name);
            assert.equal(expected.ok, true, JSON.stringify(expected));
            const { page, log, context } = await openPage(browser, server, { customer: name });
            await page.goto(server.url + '/pages/shop.html');
            const panel = await openPanel(page);

            assert.equal(digits(await panel.locator('.num').textContent()), String(expected.balance));
            const launcher = page.locator('loyalty-widget[mode=launcher] .launcher');
            assert.equal(await launcher.textContent(), 'Бонусы');
            assert.equal(digits(await launcher.getAttribute('aria-label')), String(expected.balance));
            if (expected.balance > 0) assert.match(digits(await panel.locator('.balance').textContent()), new RegExp(rub(expected.balance_value)));

            const lots = await panel.locator('.expiring').allTextContents();
            assert.equal(lots.length, Math.min(2, expected.expiring.lots.length));
            lots.forEach((text, i) => assert.ok(digits(text).startsWith(String(expected.expiring.lots[i].points)), text));

            const tier = expected.tier;
            assert.equal(await panel.locator('.tier-name').textContent(), tier.name);
            if (tier.next) {
                const bar = panel.locator('.tier [role=progressbar]');
                const percent = Math.round(tier.next.fraction * 1000) / 10;
                assert.equal(Number(await bar.getAttribute('aria-valuenow')), percent);
                const text = await panel.locator('.tier').textContent();
                assert.ok(digits(text).includes(rub(tier.next.remaining)), `${text} should say ${rub(tier.next.remaining)} remain`);
                assert.ok(text.includes(tier.next.name));
                for (const perk of tier.next.perks) assert.ok(text.includes(perk), `next perks: ${perk}`);
            } else {
                assert.match(await panel.locator('.tier').textContent(), /высший уровень/);
            }

            const items = panel.locator('.rewards li');
            assert.equal(await items.count(), expected.rewards.length);
            for (let i = 0; i < expected.rewards.length; i++) {
                const r = expected.rewards[i];
                const item = items.nth(i);
                assert.equal(await item.locator('.r-name').textContent(), r.name);
                assert.equal(digits(await item.locator('.r-cost').textContent()), String(r.cost));
                const state = await item.locator('.r-state').textContent();
                if (!r.tier_ok) assert.match(state, /С уровня/);
                else if (r.available) assert.equal(await item.locator('button').count(), 1, `${r.id} is available`);
                else assert.equal(digits(state), String(r.points_missing), `${r.id}: ${state}`);
            }

            const history = panel.locator('.history li');
            assert.equal(await history.count(), Math.min(5, expected.history.length));
            const first = expected.history[0];
            const shown = digits(await history.first().locator('.h-pts').textContent()).replace('−', '-');
            assert.equal(shown, (first.points > 0 ? '+' : '') + String(first.points));

            assert.deepEqual(log.errors, []);
            assert.deepEqual(log.ours, []);
            await context.close();
        });
    }

    it('speaks English from the lang attribute of the page', async () => {
        const expected = expectedStatus('anna');
        const { page, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/shop.html?lang=en');
        const panel = await openPanel(page);
        assert.match(await panel.locator('.balance h3').textContent(), /Your balance/);
        assert.match(await panel.locator('.big').textContent(), /points$/);
        assert.match(plain(await panel.locator('.r-cost').first().textContent()), new RegExp(`^${expected.rewards[0].cost} points$`));
        assert.equal(plain(await page.locator('loyalty-widget .launcher').getAttribute('aria-label')), `Rewards: ${expected.balance.toLocaleString('en-US')} points`);
        // The program is written in Russian; its display.translations.en names what the core answers.
        const en = programVariant('plain').display.translations.en;
        assert.equal(await panel.locator('h2').textContent(), en.name);
        assert.equal(await panel.locator('.tier-name').textContent(), en.tiers[expected.tier.id].name);
        const tierText = await panel.locator('.tier').textContent();
        for (const perk of en.tiers[expected.tier.next.id].perks) assert.ok(tierText.includes(perk), `next perks in English: ${perk}`);
        const names = await panel.locator('.r-name').allTextContents();
        assert.deepEqual(names, expected.rewards.map((r) => en.rewards[r.id]));
        await context.close();
    });

    it('uses the Russian plural forms: 1 балл, 2 балла, 5 баллов', async () => {
        // Russian: ...1 (not ...11) балл; ...2-4 (not ...12-14) балла; otherwise баллов.
        const form = (n) => (n % 10 === 1 && n % 100 !== 11 ? 'балл' : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 'балла' : 'баллов');
        for (const name of CUSTOMERS) {
            const expected = expectedStatus(name);
            const { page, context } = await openPage(browser, server, { customer: name });
            await page.goto(server.url + '/pages/shop.html');
            const panel = await openPanel(page);
            assert.equal(await panel.locator('.big .unit').textContent(), form(expected.balance), `${name}: ${expected.balance}`);
            const texts = await panel.locator('.r-cost').allTextContents();
            texts.forEach((t, i) => assert.ok(plain(t).endsWith(' ' + form(expected.rewards[i].cost)), t));
            const lots = await panel.locator('.expiring').allTextContents();
            // ...and the verb agrees: 1 балл сгорит, 5 баллов сгорят.
            lots.forEach((t, i) => {
                const n = expected.expiring.lots[i].points;
                assert.ok(plain(t).startsWith(`${n} ${form(n)} ${form(n) === 'балл' ? 'сгорит' : 'сгорят'} `), t);
            });
            await context.close();
        }
    });
});

describe('the cart preview', () => {
    it('follows setCart and agrees with the core, with a why? explanation', async () => {
        const anna = JSON.parse((await import('node:fs')).readFileSync(new URL('../../demo/examples/customers/anna.json', import.meta.url), 'utf8'));
        const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/shop.html');
        const line = page.locator('loyalty-widget[mode=cart] .cartline');

        const lines = [
            { sku: 'book-master-margarita', category: 'books', price: 89000, quantity: 1 },
            { sku: 'notebook-a5', category: 'stationery', price: 35000, quantity: 1 },
        ];
        await page.locator('.products button[data-sku=book-master-margarita]').click();
        await page.locator('.products button[data-sku=notebook-a5]').click();
        const preview = cli('preview', { program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: { lines }, now: FIXED_NOW });
        assert.equal(preview.ok, true, JSON.stringify(preview));
        await line.locator('strong').filter({ hasText: '+' + preview.earn.points }).waitFor();
        const text = await line.textContent();
        assert.ok(digits(text).includes(rub(preview.redeem.max_discount)), `${text} should offer ${rub(preview.redeem.max_discount)}`);
        assert.ok(plain(text).includes(`${preview.redeem.max_points} баллов`), text);

        // why?: one row per explanation line, product names from the cart, the total.
        const why = line.locator('button[aria-controls=lw-why]');
        assert.equal(await why.getAttribute('aria-expanded'), 'false');
        await why.click();
        assert.equal(await why.getAttribute('aria-expanded'), 'true');
        const rows = await line.locator('.why li').allTextContents();
        assert.equal(rows.length, preview.earn.explanation.length + 1);
        assert.ok(rows[0].includes('Мастер и Маргарита'), rows[0]);
        assert.match(rows.at(-1), new RegExp(`Итого\\+${preview.earn.points}$`));
        // Each row ends with its exact points in Russian notation: 890 ₽ of books for a
        // Bibliophile earn 44.50, +22.25 (x1.5), +16.6875 (x1.25); 350 ₽ of stationery 17.50,
        // +4.375; floor of 105.3125: -0.3125. (The 2-decimal core showed 16,68, 4,37 and -0,31.)
        assert.deepEqual(
            preview.earn.explanation.map((l) => l.points),
            ['44.50', '22.25', '16.6875', '17.50', '4.375', '-0.3125'],
        );
        const shown = ['+44,5', '+22,25', '+16,6875', '+17,5', '+4,375', '\u22120,3125'];
        shown.forEach((points, i) => assert.ok(rows[i].endsWith(points), `${rows[i]} should end with ${points}`));

        // One more book: the preview follows.
        await page.locator('.products button[data-sku=book-war-and-peace]').click();
        lines.push({ sku: 'book-war-and-peace', category: 'books', price: 259000, quantity: 1 });
        const again = cli('preview', { program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: { lines }, now: FIXED_NOW });
        assert.notEqual(again.earn.points, preview.earn.points);
        await line.locator('strong').filter({ hasText: '+' + again.earn.points }).waitFor();

        // The open panel shows the same cart section.
        const panel = await openPanel(page);
        assert.ok(digits(await panel.locator('section.cart').textContent()).includes('+' + again.earn.points));

        // setCart(null): the preview goes away.
        await page.evaluate(() => window.LoyaltyWidget.setCart(null));
        await panel.locator('section.cart').waitFor({ state: 'detached' });
        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.ours, []);
        await context.close();
    });

    it('offers a signed-in shopper points from the smallest bookable amount to the maximum, and shows the points the site applies', async () => {
        const anna = JSON.parse((await import('node:fs')).readFileSync(new URL('../../demo/examples/customers/anna.json', import.meta.url), 'utf8'));
        const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
        await recordEvents(page);
        await page.goto(server.url + '/pages/shop.html');
        await page.locator('.products button[data-sku=book-master-margarita]').click();
        await page.locator('.products button[data-sku=notebook-a5]').click();
        const lines = [
            { sku: 'book-master-margarita', category: 'books', price: 89000, quantity: 1 },
            { sku: 'notebook-a5', category: 'stationery', price: 35000, quantity: 1 },
        ];
        const request = (points) => ({ program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: points ? { lines, points_redeemed: points } : { lines }, now: FIXED_NOW });
        const preview = cli('preview', request(0));
        // 30% of 890 ₽ + 350 ₽ = 1 240 ₽ is 372 ₽: 372 points at 1 ₽ each, 370 on the step of 10
        // (Anna holds more); at least 100 (min_points).
        assert.equal(preview.redeem.max_points, 370, JSON.stringify(preview.redeem));
        assert.ok(expectedStatus('anna').balance >= 370);

        // The cart line keeps to its reserved height: one line, with "Choose" opening the control.
        const line = page.locator('loyalty-widget[mode=cart] .cartline');
        await line.locator('strong').filter({ hasText: '+' + preview.earn.points }).waitFor();
        const choose = line.locator('button[aria-controls=lw-pay-box]');
        assert.equal(plain(await line.locator('p').first().textContent()), 'Баллами можно оплатить до 370 ₽ (370 баллов) Выбрать');
        assert.equal(await choose.getAttribute('aria-expanded'), 'false');
        assert.equal(await line.locator('input').count(), 0);
        await choose.click();
        assert.equal(await choose.getAttribute('aria-expanded'), 'true');
        assert.equal(await line.locator('#lw-pay-box input[type=range]').count(), 1);

        // The panel shows the control at once.
        const panel = await openPanel(page);
        const range = panel.getByRole('slider', { name: 'Сколько баллов списать' });
        const attrs = () => range.evaluate((r) => [r.min, r.max, r.step, r.value, r.getAttribute('aria-valuetext')]);
        assert.deepEqual(await attrs(), ['100', '370', '10', '370', '370\u00a0баллов = скидка 370\u00a0₽']);
        // Keys: Home is the smallest bookable amount, each arrow one step; the money follows.
        await range.focus();
        await page.keyboard.press('Home');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
        assert.deepEqual(await attrs(), ['100', '370', '10', '130', '130\u00a0баллов = скидка 130\u00a0₽']);
        assert.equal(plain(await panel.locator('.pay-value').textContent()), '130 баллов = скидка 130 ₽');
        await shot(panel, 'widget-points-choose-ru');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter'); // "Списать баллы"

        // The page applies it (setCart with points_redeemed 130, 130 ₽ off its total); the
        // preview shows it: 1 240 ₽ - 130 ₽ = 1 110 ₽ to pay, and the points earned on that.
        const applied = cli('preview', request(130));
        assert.equal(applied.total, 111000);
        await panel.locator('.cart p.ok').filter({ hasText: 'Списано' }).waitFor();
        assert.equal(plain(await panel.locator('.cart p.ok').first().textContent()), 'Списано 130 баллов: −130 ₽. К оплате 1 110 ₽');
        assert.ok(digits(await panel.locator('.earn-row strong').textContent()).includes('+' + applied.earn.points));
        assert.equal(await page.locator('#cart-total').textContent(), (111000 / 100).toLocaleString('ru-RU') + ' ₽');
        assert.equal(await range.inputValue(), '130', 'the control shows the points the cart redeems');
        assert.equal(await panel.getByRole('button', { name: 'Изменить' }).count(), 1);
        // The focus stayed on the button pressed, now "Изменить".
        assert.equal(await page.evaluate(() => document.querySelector('loyalty-widget[mode=launcher]').shadowRoot.activeElement?.getAttribute('data-key')), 'pay');
        await shot(panel, 'widget-points-applied-ru');

        // "Не списывать": points 0; the preview is the cart's without points again, and the focus
        // goes to the control's main button (the one pressed is gone).
        await panel.getByRole('button', { name: 'Не списывать' }).focus();
        await page.keyboard.press('Enter');
        await panel.locator('.cart p.ok').waitFor({ state: 'detached' });
        assert.equal(await page.locator('#cart-total').textContent(), (124000 / 100).toLocaleString('ru-RU') + ' ₽');
        assert.equal(await range.inputValue(), '370');
        assert.equal(await page.evaluate(() => document.querySelector('loyalty-widget[mode=launcher]').shadowRoot.activeElement?.textContent), 'Списать баллы');

        const events = (await recordedEvents(page)).filter((e) => e.name === 'points-selected');
        assert.deepEqual(events, [
            { name: 'points-selected', detail: { points: 130, discount: 13000 }, bubbles: true, composed: true },
            { name: 'points-selected', detail: { points: 0, discount: 0 }, bubbles: true, composed: true },
        ]);
        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.ours, []);
        await context.close();
    });

    it('says which points it cannot take, rather than showing no cart, when the site passes too many', async () => {
        const anna = JSON.parse((await import('node:fs')).readFileSync(new URL('../../demo/examples/customers/anna.json', import.meta.url), 'utf8'));
        const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/shop.html?lang=en');
        await page.locator('.products button[data-sku=book-master-margarita]').click();
        const lines = [{ sku: 'book-master-margarita', category: 'books', price: 89000, quantity: 1 }];
        const preview = cli('preview', { program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: { lines }, now: FIXED_NOW });
        // 30% of 890 ₽ is 267 ₽: 260 points on the step.
        assert.equal(preview.redeem.max_points, 260);
        const refused = cli('preview', { program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: { lines, points_redeemed: 500 }, now: FIXED_NOW });
        assert.equal(refused.ok, false);
        assert.equal(refused.errors[0].path, '/cart/points_redeemed');
        const line = page.locator('loyalty-widget[mode=cart] .cartline');
        await line.locator('strong').filter({ hasText: '+' + preview.earn.points }).waitFor();
        await page.evaluate((l) => window.LoyaltyWidget.setCart({ lines: l, points_redeemed: 500 }), lines);
        const message = line.locator('p.bad[role=status]');
        await message.waitFor();
        assert.equal(plain(await message.textContent()), '500 points cannot be used. This order takes 100 to 260 points, in steps of 10.');
        // The rest of the cart is the preview without the points, not a blank box.
        assert.ok(digits(await line.locator('.earn-row strong').textContent()).includes('+' + preview.earn.points));
        assert.match(plain(await line.textContent()), /Points can pay up to ₽260 \(260 points\)/);
        await shot(line, 'widget-points-refused-en');
        assert.equal(log.ours.length, 1, log.ours.join('\n'));
        assert.match(log.ours[0], /the cart could not be previewed: \/cart\/points_redeemed: .*500.*; showing it without points_redeemed$/);
        // A cart the core takes again: the message goes.
        await page.evaluate((l) => window.LoyaltyWidget.setCart({ lines: l, points_redeemed: 260 }), lines);
        await message.waitFor({ state: 'detached' });
        assert.match(plain(await line.textContent()), /260 points applied: −₽260\. To pay: ₽630/);
        assert.deepEqual(log.errors, []);
        await context.close();
    });

    it('tells a guest how the program works and what the cart would earn', async () => {
        const { page, log, context } = await openPage(browser, server, {});
        await page.goto(server.url + '/pages/shop.html');
        await page.locator('.products button[data-sku=book-war-and-peace]').click();
        const lines = [{ sku: 'book-war-and-peace', category: 'books', price: 259000, quantity: 1 }];
        // A guest's widget has no server "now" (204): it uses the browser's clock, as the CLI here.
        const preview = cli('preview', { program: programVariant(''), cart: { lines }, now: new Date().toISOString() });
        const line = page.locator('loyalty-widget[mode=cart] .cartline');
        await line.locator('strong').filter({ hasText: '+' + preview.earn.points }).waitFor();
        assert.match(await line.textContent(), /Вы получили бы/);
        const panel = await openPanel(page);
        const text = (await panel.textContent()).replace(/[\u00a0\u202f]/g, ' ');
        assert.match(text, /Как это работает/);
        assert.match(text, /5 баллов за каждые 100 ₽/);
        assert.match(text, /Бонус за регистрацию\+100 баллов/);
        assert.match(text, /Коллекционер/);
        assert.equal(await panel.locator('.num').count(), 0, 'a guest has no balance');
        assert.equal(await page.locator('loyalty-widget input[type=range], loyalty-widget [aria-controls=lw-pay-box]').count(), 0, 'a guest has no points to pay with');
        assert.equal(await panel.locator('a.btn').getAttribute('href'), '/login');
        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.ours, []);
        await context.close();
    });
});

describe('data is text, never markup', () => {
    it('shows reward, tier and program names holding HTML as the characters they are', async () => {
        const { page, log, context } = await openPage(browser, server, { customer: 'vera' });
        await page.goto(server.url + '/pages/shop.html?program=' + encodeURIComponent('/api/program.json?variant=xss'));
        const panel = await openPanel(page);
        const program = programVariant('xss');
        assert.equal(await panel.locator('h2').textContent(), program.name);
        assert.equal(await panel.locator('.r-name').first().textContent(), program.rewards[0].name);
        const counts = await page.evaluate(() => {
            const root = document.querySelector('loyalty-widget[mode=launcher]').shadowRoot;
            return { img: root.querySelectorAll('img').length, b: root.querySelectorAll('b, i, script').length, pwned: window.__pwned ?? null };
        });
        assert.deepEqual(counts, { img: 0, b: 0, pwned: null });
        assert.deepEqual(log.errors, []);
        await context.close();
    });
});

describe('embeddings', () => {
    it('draws the inline panel in space reserved for it: no layout shift', async () => {
        const expected = expectedStatus('boris');
        const { page, log, context } = await openPage(browser, server, { customer: 'boris' });
        await page.addInitScript(() => {
            window.__cls = 0;
            new PerformanceObserver((list) => {
                for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
            }).observe({ type: 'layout-shift', buffered: true });
        });
        await page.goto(server.url + '/pages/account.html');
        const before = await page.locator('#below').boundingBox();
        await page.locator('loyalty-widget[mode=inline] .num').waitFor();
        assert.equal(digits(await page.locator('loyalty-widget[mode=inline] .num').textContent()), String(expected.balance));
        const afterBox = await page.locator('#below').boundingBox();
        assert.equal(afterBox.y, before.y, 'the paragraph under the widget did not move');
        assert.equal(await page.evaluate(() => window.__cls), 0);
        assert.equal(await page.locator('loyalty-widget[mode=launcher]').count(), 0, 'data-launcher="false": no launcher');
        assert.deepEqual(log.errors, []);
        await context.close();
    });

    it('refreshes a single-page shop on route and cart changes without a reload', async () => {
        const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/spa.html');
        await page.evaluate(() => (window.__sameDocument = true));
        const anna = JSON.parse((await import('node:fs')).readFileSync(new URL('../../demo/examples/customers/anna.json', import.meta.url), 'utf8'));
        const lines = [{ sku: 'book-war-and-peace', category: 'books', price: 259000, quantity: 1 }];
        const preview = cli('preview', { program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: { lines }, now: FIXED_NOW });
        await page.locator('#to-cart').click();
        const line = page.locator('loyalty-widget[mode=cart] .cartline');
        await line.locator('strong').filter({ hasText: '+' + preview.earn.points }).waitFor();
        // Another cart, then back: each route change re-reads the inline cart.
        await page.evaluate(() => {
            window.spa.setCartJson({ lines: [{ sku: 'notebook-a5', category: 'stationery', price: 35000, quantity: 2 }] });
            window.spa.go('/pages/spa.html');
        });
        const second = cli('preview', { program: programVariant(''), customer: { id: anna.id, events: anna.events }, cart: { lines: [{ sku: 'notebook-a5', category: 'stationery', price: 35000, quantity: 2 }] }, now: FIXED_NOW });
        await line.locator('strong').filter({ hasText: '+' + second.earn.points }).waitFor();
        assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
        assert.deepEqual(log.errors, []);
        await context.close();
    });

    it('refresh() after a sign-in shows the shopper even while a guest load is still in flight', async () => {
        // The shop's demo switcher does this: the widget starts loading for a guest (shop.js sets
        // the cart at once), the shopper signs in, the page calls refresh(). The shop's answer to
        // the guest's /api/me (204) is held until after refresh(), so refresh() must load once
        // more rather than hand back the guest's answer.
        const expected = expectedStatus('anna');
        const { page, log, context } = await openPage(browser, server);
        let release;
        const held = new Promise((ok) => (release = ok));
        let asked = 0;
        let firstAsked;
        const firstSeen = new Promise((ok) => (firstAsked = ok));
        await page.route('**/api/me', async (route) => {
            asked += 1;
            if (asked > 1) return route.continue();
            firstAsked();
            await held;
            return route.fulfill({ status: 204, body: '' });
        });
        await page.goto(server.url + '/pages/shop.html');
        await firstSeen;
        await context.addCookies([{ name: 'customer', value: 'anna', url: server.url }]);
        await page.evaluate(() => {
            window.__afterSignIn = window.LoyaltyWidget.refresh();
        });
        release();
        // Right when refresh() settles (not later, when some other load may have caught up) the
        // launcher already tells Anna's balance.
        const label = await page.evaluate(async () => {
            await window.__afterSignIn;
            await new Promise((ok) => setTimeout(ok, 0)); // the render queued by the new data
            return document.querySelector('loyalty-widget[mode=launcher]').shadowRoot.querySelector('.launcher').getAttribute('aria-label');
        });
        assert.ok(digits(label).includes(String(expected.balance)), `launcher right after refresh(): ${label}`);
        assert.ok(asked >= 2, 'the customer was asked again after the sign-in');
        const panel = await openPanel(page);
        assert.equal(digits(await panel.locator('.num').textContent()), String(expected.balance));
        assert.deepEqual(log.errors, []);
        await context.close();
    });

    it('replays calls queued before the loader ran, and a second copy of the loader is harmless', async () => {
        const { page, log, context } = await openPage(browser, server, { customer: 'anna' });
        await recordEvents(page);
        await page.addInitScript(() => {
            window.LoyaltyWidget = function () {
                (window.LoyaltyWidget.q = window.LoyaltyWidget.q || []).push(arguments);
            };
            window.LoyaltyWidget('open');
        });
        await page.goto(server.url + '/pages/double.html');
        await page.locator('loyalty-widget .panel .num').waitFor();
        assert.equal(await page.locator('loyalty-widget').count(), 1, 'one launcher');
        assert.equal(await page.evaluate(() => customElements.get('loyalty-widget') !== undefined), true);
        const events = await recordedEvents(page);
        const names = events.map((e) => e.name);
        assert.ok(names.includes('ready') && names.includes('open'), names.join());
        assert.ok(events.every((e) => e.bubbles && e.composed));
        const ready = events.find((e) => e.name === 'ready').detail;
        assert.equal(ready.balance, expectedStatus('anna').balance);
        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.ours, []);
        await context.close();
    });

    it('sends loyalty:reward-selected with the reward when a shopper chooses one', async () => {
        const { page, context } = await openPage(browser, server, { customer: 'vera' });
        await page.goto(server.url + '/pages/shop.html');
        const panel = await openPanel(page);
        const expected = expectedStatus('vera').rewards.find((r) => r.available);
        const selected = page.evaluate(() => new Promise((ok) => document.addEventListener('loyalty:reward-selected', (e) => ok(e.detail.reward), { once: true })));
        await panel.locator('.rewards button').first().click();
        const reward = await selected;
        assert.equal(reward.id, expected.id);
        assert.equal(reward.cost, expected.cost);
        await context.close();
    });
});
