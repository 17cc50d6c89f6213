// The in-page survey in Chromium: shown only when the core's eligibility says so (no survey,
// too few visits, sampled out, cool-downs), each answer stored exactly once, answers given
// offline or during an outage arrive later (same page after reconnecting, or the next page),
// refused answers are dropped with one console message, and the loader skips loading anything
// while nothing can have changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, openPage, recordEvents, recordedEvents } from './lib/browser.mjs';
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

const page = (variant, extra = '') => `/pages/shop.html?program=${encodeURIComponent('/api/program.json?variant=' + variant)}&delay=200${extra}`;
const card = (p) => p.locator('loyalty-widget[mode=launcher] .survey');
const storage = (p, key) => p.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
const visitor = (p) => storage(p, 'loyalty-widget:visitor');
const queued = async (p) => ((await storage(p, 'loyalty-widget:survey-queue')) || { items: [] }).items;
const stored = () => server.answers.filter((a) => a.status === 201);
async function until(f, what, timeout = 15000) {
    const end = Date.now() + timeout;
    for (;;) {
        const v = await f();
        if (v) return v;
        if (Date.now() > end) throw new Error('timed out waiting for ' + what);
        await new Promise((r) => setTimeout(r, 100));
    }
}
/** Waits until the UI has asked the core and stored its answer (the loader's cache). */
const checked = (p) => until(async () => (await visitor(p))?.survey_check, 'the eligibility check');

async function answer(p, score, text) {
    await card(p).waitFor({ timeout: 20000 });
    await card(p).locator(`label:has(input[value="${score}"])`).click();
    await card(p).getByRole('button', { name: 'Дальше' }).click();
    await card(p).locator('textarea').fill(text);
    await card(p).getByRole('button', { name: 'Отправить' }).click();
    await card(p).locator('.thanks').waitFor();
}

describe('survey eligibility', () => {
    it('never shows a survey the program does not have, and stops loading the UI for it', async () => {
        const { page: p, context, log } = await openPage(browser, server, {});
        await p.goto(server.url + '/pages/article-widget.html');
        const check = await checked(p);
        assert.ok(check.until > Date.now() + 23 * 3600 * 1000, 'asks again in a day');
        assert.equal(await card(p).count(), 0);
        const before = server.state.requests.length;
        await p.reload();
        await p.waitForLoadState('load');
        await p.waitForTimeout(1500);
        const later = server.state.requests.slice(before);
        assert.equal(later.filter((r) => /loyalty-(ui|core)\./.test(r)).length, 0, `nothing but the loader: ${later.join(' ')}`);
        assert.deepEqual(log.errors, []);
        await context.close();
    });

    it('waits for the minimum number of visits the survey asks for', async () => {
        const { page: p, context } = await openPage(browser, server, {});
        await p.goto(server.url + page('survey-min-visits'));
        assert.equal((await checked(p)).visits, 3);
        assert.equal((await visitor(p)).visits, 1);
        assert.equal(await card(p).count(), 0);
        // Two more visits: each starts after 30 idle minutes.
        for (let visit = 2; visit <= 3; visit++) {
            await p.evaluate(() => {
                const v = JSON.parse(localStorage.getItem('loyalty-widget:visitor'));
                v.last_seen -= 31 * 60 * 1000;
                localStorage.setItem('loyalty-widget:visitor', JSON.stringify(v));
            });
            await p.reload();
            assert.equal((await visitor(p)).visits, visit);
        }
        await card(p).waitFor({ timeout: 20000 });
        await context.close();
    });

    it('never shows a survey to a visitor outside its sample', async () => {
        const { page: p, context } = await openPage(browser, server, {});
        await p.goto(server.url + page('survey-sampled-out'));
        await checked(p);
        await p.waitForTimeout(800);
        assert.equal(await card(p).count(), 0);
        await context.close();
    });

    it('is dismissible, sends the dismissal, and stays away during the cool-down', async () => {
        const { page: p, context } = await openPage(browser, server, {});
        await recordEvents(p);
        await p.goto(server.url + page('survey'));
        await card(p).waitFor({ timeout: 20000 });
        await card(p).getByRole('button', { name: 'Закрыть опрос' }).click();
        await card(p).waitFor({ state: 'detached' });
        const posted = await until(() => server.answers.find((a) => a.body.dismissed && a.status === 201), 'the dismissal');
        assert.equal(posted.body.score, undefined);
        assert.equal(posted.body.survey_id, 'nps-main');
        const names = (await recordedEvents(p)).map((e) => e.name);
        assert.ok(names.includes('survey-shown') && names.includes('survey-dismissed'), names.join());
        const v = await visitor(p);
        assert.ok(v.surveys['nps-main'].last_dismissed && v.surveys['nps-main'].last_shown);
        await p.reload();
        await checked(p);
        await p.waitForTimeout(800);
        assert.equal(await card(p).count(), 0, 'not again within 30 days');
        await context.close();
    });
});

describe('survey kinds', () => {
    for (const [kind, max, low] of [['csat', 5, 'Очень недоволен'], ['ces', 7, 'Очень сложно']]) {
        it(`runs a ${kind.toUpperCase()} survey (1-${max}) through the same machinery`, async () => {
            const { page: p, context } = await openPage(browser, server, {});
            await p.goto(server.url + page('survey-' + kind));
            await card(p).waitFor({ timeout: 20000 });
            const values = await card(p).locator('input[type=radio]').evaluateAll((inputs) => inputs.map((i) => Number(i.value)));
            assert.deepEqual(values, Array.from({ length: max }, (_, i) => i + 1));
            assert.match(await card(p).textContent(), new RegExp(low));
            await card(p).locator(`label:has(input[value="${max}"])`).click();
            await card(p).getByRole('button', { name: 'Дальше' }).click();
            assert.equal(await card(p).locator('label.q').textContent(), 'Что можно сделать лучше?');
            await card(p).getByRole('button', { name: 'Пропустить' }).click();
            const posted = await until(() => stored().find((a) => a.body.survey_id === kind + '-after-order'), 'the answer');
            assert.equal(posted.body.kind, kind);
            assert.equal(posted.body.score, max);
            assert.equal(posted.body.follow_up_answer, undefined);
            await context.close();
        });
    }
});

describe('survey answers', () => {
    it('submits an answer exactly once, with its follow-up and idempotency key', async () => {
        const { page: p, context, log } = await openPage(browser, server, { customer: 'anna' });
        await recordEvents(p);
        await p.goto(server.url + page('survey'));
        const start = server.answers.length;
        await card(p).waitFor({ timeout: 20000 });
        // The follow-up follows the answer: 9 is a promoter.
        await card(p).locator('label:has(input[value="9"])').click();
        await card(p).getByRole('button', { name: 'Дальше' }).click();
        assert.equal(await card(p).locator('label.q').textContent(), 'Что вам нравится больше всего?');
        assert.equal(await p.evaluate(() => document.querySelector('loyalty-widget[mode=launcher]').shadowRoot.activeElement?.localName), 'textarea');
        await card(p).locator('textarea').fill('Быстрая доставка <b>и</b> упаковка');
        await card(p).getByRole('button', { name: 'Отправить' }).click();
        await card(p).locator('.thanks').waitFor();
        assert.match(await card(p).textContent(), /Спасибо! Ваш ответ поможет нам стать лучше\./);
        await until(() => stored().length > 0, 'the answer');
        await p.waitForTimeout(1500);
        const mine = server.answers.slice(start);
        assert.equal(mine.length, 1, 'one POST');
        const { body, header } = mine[0];
        const v = await visitor(p);
        assert.deepEqual(
            { ...body, idempotency_key: undefined, answered_at: undefined },
            { survey_id: 'nps-main', visitor_id: v.id, kind: 'nps', score: 9, follow_up_answer: 'Быстрая доставка <b>и</b> упаковка', page: '/pages/shop.html', lang: 'ru', idempotency_key: undefined, answered_at: undefined },
        );
        assert.match(body.idempotency_key, /^[0-9a-f]{32}$/);
        assert.equal(header, body.idempotency_key);
        assert.ok(Math.abs(Date.parse(body.answered_at) - Date.now()) < 60000);
        assert.deepEqual(await queued(p), []);
        const submitted = (await recordedEvents(p)).find((e) => e.name === 'survey-submitted');
        assert.equal(submitted.detail.score, 9);
        // The next page: nothing is sent again, and the survey stays away (answered).
        await p.reload();
        await checked(p);
        await p.waitForTimeout(1000);
        assert.equal(server.answers.length, start + 1);
        assert.equal(await card(p).count(), 0);
        assert.deepEqual(log.errors, []);
        await context.close();
    });

    it('keeps an answer given offline and sends it after reconnecting', async () => {
        const { page: p, context } = await openPage(browser, server, {});
        await p.route('**/api/surveys', (route) => route.abort('internetdisconnected'));
        await p.goto(server.url + page('survey'));
        const start = server.answers.length;
        await answer(p, 3, 'Долго ждал заказ');
        const waiting = await until(async () => (await queued(p)).find((i) => i.attempts >= 1), 'a failed try');
        assert.equal(waiting.body.score, 3);
        assert.equal(server.answers.length, start, 'nothing reached the server');
        await p.unroute('**/api/surveys');
        await until(() => stored().some((a) => a.key === waiting.key), 'the retried answer', 20000);
        await until(async () => (await queued(p)).length === 0, 'an empty queue');
        assert.equal(server.answers.filter((a) => a.key === waiting.key).length, 1);
        assert.equal(server.answers.find((a) => a.key === waiting.key).body.follow_up_answer, 'Долго ждал заказ');
        await context.close();
    });

    it('flushes an answer left waiting on the next page', async () => {
        const { page: p, context } = await openPage(browser, server, {});
        await p.route('**/api/surveys', (route) => route.abort('internetdisconnected'));
        await p.goto(server.url + page('survey'));
        await answer(p, 10, 'Всё отлично');
        const waiting = await until(async () => (await queued(p))[0], 'the queued answer');
        await p.unroute('**/api/surveys');
        // Before the retry timer fires, leave for another page of the shop.
        await p.goto(server.url + '/pages/article-widget.html');
        await until(() => stored().some((a) => a.key === waiting.key), 'the flushed answer', 20000);
        await p.waitForTimeout(1500);
        assert.equal(server.answers.filter((a) => a.key === waiting.key && a.status === 201).length, 1);
        await context.close();
    });

    it('retries through a 503 outage, stores once, and drops a refused answer with one message', async () => {
        const { page: p, context, log } = await openPage(browser, server, {});
        server.state.surveyMode = 'fail';
        try {
            await p.goto(server.url + page('survey'));
            await answer(p, 7, 'Нормально');
            const first = await until(() => server.answers.find((a) => a.status === 503), 'a 503');
            server.state.surveyMode = 'ok';
            await until(() => stored().some((a) => a.key === first.key), 'the stored answer', 20000);
            assert.equal(stored().filter((a) => a.key === first.key).length, 1);
            assert.deepEqual(log.ours, []);
        } finally {
            server.state.surveyMode = 'ok';
        }
        await context.close();

        const second = await openPage(browser, server, {});
        server.state.surveyMode = 'refuse';
        try {
            await second.page.goto(server.url + page('survey'));
            await answer(second.page, 5, 'Так себе');
            await until(() => second.log.ours.length > 0, 'the console message');
            await until(async () => (await queued(second.page)).length === 0, 'the dropped answer');
            await second.page.waitForTimeout(1500);
            assert.equal(second.log.ours.length, 1);
            assert.match(second.log.ours[0], /^\[loyalty-widget\] the survey endpoint refused an answer \(HTTP 422/);
            assert.deepEqual(second.log.errors, []);
        } finally {
            server.state.surveyMode = 'ok';
        }
        await second.context.close();
    });
});
