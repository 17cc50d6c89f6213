// Accessibility and looks: axe-core finds no serious or critical issue in the open panel (signed
// in, guest, inline) or the survey (both steps), light and dark; the keyboard works (Enter opens,
// focus stays in the open panel, Escape closes and returns focus, arrow keys move through the
// 0-10 radio group); and screenshots of the launcher, panel and survey in ru and en, light and
// dark, desktop and phone are written to tests/artifacts/ for people to look at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, shot } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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

const host = 'loyalty-widget[mode=launcher]';
const surveyPage = (extra = '') => `/pages/shop.html?delay=100&program=${encodeURIComponent('/api/program.json?variant=survey')}${extra}`;

/** Serious and critical axe violations inside the widget (the test pages' own are not ours). */
async function axeViolations(page) {
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.flat().join(' >>> ')) }));
    });
    return result
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => n.includes('loyalty-widget')) }))
        .filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'));
}

async function addToCart(page) {
    await page.locator('.products button[data-sku=book-master-margarita]').click();
    await page.locator('loyalty-widget[mode=cart] .cartline strong').waitFor();
}

describe('axe-core', () => {
    it('sees inside the widget (a control without a name there is reported)', async () => {
        // Guards the checks below: an axe that cannot see into the shadow root would pass anything.
        const { page, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/shop.html?survey=');
        await page.locator(`${host} .launcher`).click();
        await page.locator(`${host} .panel .num`).waitFor();
        await page.evaluate((sel) => document.querySelector(sel).shadowRoot.querySelector('.body').append(document.createElement('button')), host);
        const found = await axeViolations(page);
        assert.ok(found.some((v) => v.id === 'button-name'), JSON.stringify(found));
        await context.close();
    });

    for (const scheme of ['light', 'dark']) {
        it(`finds no serious or critical issue in the open panel, the cart line and the guest panel (${scheme})`, async () => {
            const { page, context } = await openPage(browser, server, { customer: 'anna', colorScheme: scheme });
            await page.goto(server.url + '/pages/shop.html?survey=');
            await addToCart(page);
            await page.locator(`${host} .launcher`).click();
            await page.locator(`${host} .panel .num`).waitFor();
            await page.locator(`${host} .panel button.link[data-key=why]`).click();
            assert.deepEqual(await axeViolations(page), []);
            await context.close();

            const guest = await openPage(browser, server, { colorScheme: scheme });
            await guest.page.goto(server.url + '/pages/shop.html?survey=');
            await guest.page.locator(`${host} .launcher`).click();
            await guest.page.locator(`${host} .panel .facts`).waitFor();
            assert.deepEqual(await axeViolations(guest.page), []);
            await guest.context.close();
        });

        it(`finds no serious or critical issue in the survey, both steps (${scheme})`, async () => {
            const { page, context } = await openPage(browser, server, { colorScheme: scheme });
            await page.goto(server.url + surveyPage());
            const card = page.locator(`${host} .survey`);
            await card.waitFor({ timeout: 20000 });
            await card.locator('label:has(input[value="4"])').click();
            assert.deepEqual(await axeViolations(page), []);
            await card.getByRole('button', { name: 'Дальше' }).click();
            await card.locator('textarea').waitFor();
            assert.deepEqual(await axeViolations(page), []);
            await context.close();
        });
    }

    it('finds no serious or critical issue in the inline panel', async () => {
        const { page, context } = await openPage(browser, server, { customer: 'vera' });
        await page.goto(server.url + '/pages/account.html');
        await page.locator('loyalty-widget[mode=inline] .num').waitFor();
        assert.deepEqual(await axeViolations(page), []);
        await context.close();
    });
});

describe('keyboard', () => {
    it('opens with Enter, keeps focus in the open panel, closes with Escape back on the launcher', async () => {
        const { page, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/shop.html?survey=');
        const launcher = page.locator(`${host} .launcher`);
        await launcher.focus();
        await page.keyboard.press('Enter');
        await page.locator(`${host} .panel .num`).waitFor();
        const focused = () =>
            page.evaluate((sel) => {
                const el = document.querySelector(sel);
                const inner = el.shadowRoot.activeElement;
                return { inWidget: document.activeElement === el, tag: inner?.localName, key: inner?.getAttribute('data-key'), inPanel: !!inner?.closest('.panel') };
            }, host);
        assert.deepEqual(await focused(), { inWidget: true, tag: 'h2', key: null, inPanel: true });
        assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
        // Tab through everything twice over, forwards then backwards: focus never leaves the panel.
        for (let i = 0; i < 30; i++) {
            await page.keyboard.press('Tab');
            const f = await focused();
            assert.ok(f.inWidget && f.inPanel, `Tab ${i + 1}: focus left the panel (${JSON.stringify(f)})`);
        }
        for (let i = 0; i < 30; i++) {
            await page.keyboard.press('Shift+Tab');
            const f = await focused();
            assert.ok(f.inWidget && f.inPanel, `Shift+Tab ${i + 1}: focus left the panel`);
        }
        // The focus ring is visible.
        const outline = await page.evaluate((sel) => getComputedStyle(document.querySelector(sel).shadowRoot.activeElement).outlineStyle, host);
        assert.equal(outline, 'solid');
        await page.keyboard.press('Escape');
        await page.locator(`${host} .panel`).waitFor({ state: 'detached' });
        const after = await page.evaluate((sel) => document.querySelector(sel).shadowRoot.activeElement?.className, host);
        assert.equal(after, 'launcher');
        assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
        await context.close();
    });

    it('answers the survey with the keyboard: the scale is one radio group moved by arrow keys', async () => {
        const { page, context } = await openPage(browser, server, {});
        await page.goto(server.url + surveyPage());
        const card = page.locator(`${host} .survey`);
        await card.waitFor({ timeout: 20000 });
        const radios = card.getByRole('radio');
        assert.equal(await radios.count(), 11);
        assert.equal(await card.getByRole('group', { name: /порекомендуете/ }).count(), 1);
        await radios.first().focus();
        await page.keyboard.press('Space');
        for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
        assert.equal(await card.locator('input:checked').getAttribute('value'), '8');
        await page.keyboard.press('Tab'); // out of the group: to "Next", so Enter goes on
        await page.keyboard.press('Enter');
        await card.locator('textarea').waitFor();
        assert.equal(await card.locator('label.q').textContent(), 'Чего не хватило до 10?');
        await page.keyboard.type('Больше книг');
        await card.getByRole('button', { name: 'Отправить' }).focus();
        await page.keyboard.press('Enter');
        await card.locator('.thanks').waitFor();
        await context.close();
    });

    it('tabs from the score to Next, and to the close button last, in both steps', async () => {
        const { page, context } = await openPage(browser, server, {});
        await page.goto(server.url + surveyPage());
        const card = page.locator(`${host} .survey`);
        await card.waitFor({ timeout: 20000 });
        const focusedKey = () => page.evaluate((sel) => document.querySelector(sel).shadowRoot.activeElement?.getAttribute('data-key'), host);
        const tabs = async (n, key = 'Tab') => {
            const seen = [];
            for (let i = 0; i < n; i++) {
                await page.keyboard.press(key);
                seen.push(await focusedKey());
            }
            return seen;
        };
        await card.getByRole('radio').nth(4).focus();
        await page.keyboard.press('Space');
        assert.deepEqual(await tabs(2), ['survey-next', 'survey-dismiss']);
        assert.deepEqual(await tabs(2, 'Shift+Tab'), ['survey-next', 'score-4']);
        await tabs(1);
        await page.keyboard.press('Enter');
        await card.locator('textarea').waitFor();
        assert.equal(await focusedKey(), 'survey-text');
        assert.deepEqual(await tabs(3), ['survey-skip', 'survey-send', 'survey-dismiss']);
        await context.close();
    });

    it('dismisses the survey with Escape', async () => {
        const { page, context } = await openPage(browser, server, {});
        await page.goto(server.url + surveyPage());
        const card = page.locator(`${host} .survey`);
        await card.waitFor({ timeout: 20000 });
        await card.getByRole('radio').first().focus();
        await page.keyboard.press('Escape');
        await card.waitFor({ state: 'detached' });
        assert.ok(await page.evaluate(() => JSON.parse(localStorage.getItem('loyalty-widget:visitor')).surveys['nps-main'].last_dismissed));
        await context.close();
    });
});

describe('the launcher', () => {
    it('names in aria-controls only an element that exists, open or closed', async () => {
        const { page, context } = await openPage(browser, server, { customer: 'anna' });
        await page.goto(server.url + '/pages/shop.html?survey=');
        const launcher = page.locator(`${host} .launcher[aria-label]`); // drawn by the UI chunk
        await launcher.waitFor();
        const controls = () =>
            page.evaluate((sel) => {
                const root = document.querySelector(sel).shadowRoot;
                const id = root.querySelector('.launcher').getAttribute('aria-controls');
                return { id, found: id === null ? null : root.getElementById(id)?.className ?? 'nothing' };
            }, host);
        const closed = await controls();
        assert.ok(closed.id === null || closed.found !== 'nothing', `closed: ${JSON.stringify(closed)}`);
        await launcher.click();
        await page.locator(`${host} .panel .num`).waitFor();
        assert.deepEqual(await controls(), { id: 'lw-panel', found: 'panel' });
        await page.keyboard.press('Escape');
        await page.locator(`${host} .panel`).waitFor({ state: 'detached' });
        const again = await controls();
        assert.ok(again.id === null || again.found !== 'nothing', `closed again: ${JSON.stringify(again)}`);
        await context.close();
    });

    it('stays visible and usable beside the survey on a 390 px phone', async () => {
        const { page, context, log } = await openPage(browser, server, { customer: 'anna', viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
        await page.goto(server.url + surveyPage());
        const card = page.locator(`${host} .survey`);
        const launcher = page.locator(`${host} .launcher`);
        await card.waitFor({ timeout: 20000 });
        await page.waitForTimeout(200);
        await shot(page, 'widget-ru-light-phone-survey-and-launcher');
        const a = await card.boundingBox();
        const b = await launcher.boundingBox();
        const apart = a.y + a.height <= b.y || b.y + b.height <= a.y || a.x + a.width <= b.x || b.x + b.width <= a.x;
        assert.ok(apart, `the survey ${JSON.stringify(a)} overlaps the launcher ${JSON.stringify(b)}`);
        for (const box of [a, b]) assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844, JSON.stringify(box));
        // Nothing lies over the launcher's middle: a tap there reaches it.
        const hit = await page.evaluate((sel) => {
            const root = document.querySelector(sel).shadowRoot;
            const r = root.querySelector('.launcher').getBoundingClientRect();
            return Boolean(root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('.launcher'));
        }, host);
        assert.ok(hit, 'the launcher is covered');
        await launcher.click({ timeout: 5000 });
        await page.locator(`${host} .panel .num`).waitFor();
        await page.keyboard.press('Escape');
        await card.waitFor(); // the survey comes back, still unanswered
        assert.deepEqual(log.errors, []);
        await context.close();
    });
});

describe('screenshots', () => {
    const phone = { width: 390, height: 844 };
    for (const lang of ['ru', 'en']) {
        for (const scheme of ['light', 'dark']) {
            it(`writes the launcher, panel and survey (${lang}, ${scheme}, desktop and phone)`, async () => {
                for (const [device, viewport] of [['desktop', { width: 1280, height: 860 }], ['phone', phone]]) {
                    const name = `widget-${lang}-${scheme}-${device}`;
                    const { page, context, log } = await openPage(browser, server, { customer: 'anna', colorScheme: scheme, viewport, isMobile: device === 'phone', deviceScaleFactor: device === 'phone' ? 2 : 1 });
                    await page.goto(server.url + surveyPage(`&lang=${lang}`));
                    const card = page.locator(`${host} .survey`);
                    await card.waitFor({ timeout: 20000 });
                    await page.waitForTimeout(200);
                    await shot(page, `${name}-survey`);
                    await card.locator('label:has(input[value="6"])').click();
                    await card.locator('.btn').click();
                    await card.locator('textarea').waitFor();
                    await shot(page, `${name}-survey-follow-up`);
                    await card.locator('[data-key=survey-dismiss]').click();
                    await shot(page, `${name}-launcher`);
                    await addToCart(page);
                    await page.locator(`${host} .launcher`).click();
                    await page.locator(`${host} .panel .num`).waitFor();
                    await page.locator(`${host} .panel button.link[data-key=why]`).click();
                    await page.waitForTimeout(200);
                    await shot(page, `${name}-panel`);
                    assert.deepEqual(log.errors, []);
                    await context.close();
                }
            });
        }
    }

    it('writes the guest panel and the inline panel', async () => {
        const guest = await openPage(browser, server, {});
        await guest.page.goto(server.url + '/pages/shop.html?survey=');
        await guest.page.locator(`${host} .launcher`).click();
        await guest.page.locator(`${host} .panel .facts`).waitFor();
        await shot(guest.page, 'widget-ru-light-desktop-guest-panel');
        await guest.context.close();
        const inline = await openPage(browser, server, { customer: 'boris' });
        await inline.page.goto(server.url + '/pages/account.html');
        await inline.page.locator('loyalty-widget[mode=inline] .num').waitFor();
        await shot(inline.page, 'widget-ru-light-desktop-inline', { fullPage: true });
        await inline.context.close();
    });
});
