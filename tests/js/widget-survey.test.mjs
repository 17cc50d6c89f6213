// The survey machinery without a browser: the visitor record, what the loader concludes from the
// core's eligibility answers, the answer queue (idempotency keys, backoff, retry, drop), and the
// survey card's pure helpers. Storage, fetch and timers are small fakes with real behaviour.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    MAX_BACKOFF_MS,
    MAX_QUEUED,
    backoffMs,
    classifyStatus,
    createSurveyQueue,
    idempotencyKey,
} from '../../web/src/widget/survey-queue.js';
import { followUpQuestion, npsSegment, surveyScale } from '../../web/src/widget/survey-view.js';
import { translator } from '../../web/src/widget/i18n.js';
import {
    QUEUE_KEY,
    RECHECK_MS,
    VISIT_GAP_MS,
    eligibilityVisitor,
    knownPurchases,
    readJson,
    recordPurchase,
    recordSurvey,
    recordVisit,
    surveyCheck,
    surveyCheckDue,
    writeJson,
} from '../../web/src/widget/visitor.js';
import './widget-texts.mjs';

/** localStorage's behaviour over a Map; `full` makes setItem throw like a full quota. */
function memoryStorage() {
    const map = new Map();
    return {
        full: false,
        getItem: (k) => (map.has(k) ? map.get(k) : null),
        setItem(k, v) {
            if (this.full) throw new Error('QuotaExceededError');
            map.set(k, String(v));
        },
        removeItem: (k) => map.delete(k),
    };
}

/** A clock with timers that run only when the test advances it. */
function fakeClock(start = Date.UTC(2026, 10, 20, 9)) {
    let now = start;
    let timers = [];
    let id = 0;
    return {
        now: () => now,
        setTimeout(f, ms) {
            timers.push({ id: ++id, at: now + ms, f });
            return id;
        },
        clearTimeout(t) {
            timers = timers.filter((x) => x.id !== t);
        },
        async advance(ms) {
            const until = now + ms;
            for (;;) {
                timers.sort((a, b) => a.at - b.at);
                const next = timers[0];
                if (!next || next.at > until) break;
                timers.shift();
                now = next.at;
                next.f();
                await new Promise((r) => setImmediate(r));
            }
            now = until;
            await new Promise((r) => setImmediate(r));
        },
        pending: () => timers.length,
    };
}

/** fetch answering with the statuses in `script` in turn (a number, or "network" to throw). */
function scriptedFetch(script) {
    const calls = [];
    const fetch = async (url, init) => {
        const body = JSON.parse(init.body);
        calls.push({ url, body, headers: init.headers, keepalive: init.keepalive });
        const step = script.length > 1 ? script.shift() : script[0];
        if (step === 'network') throw new TypeError('Failed to fetch');
        return { status: step, text: async () => 'invalid score' };
    };
    return { fetch, calls };
}

const answer = (key, score = 9) => ({ survey_id: 'nps-main', visitor_id: 'v1', kind: 'nps', score, idempotency_key: key, answered_at: '2026-11-20T09:00:00Z', page: '/cart' });

describe('visitor recordVisit', () => {
    const t0 = Date.UTC(2026, 10, 20, 9);
    it('creates the visitor on the first view: one visit, first_visit now', () => {
        const v = recordVisit(null, t0, 'id-1');
        assert.deepEqual(v, { id: 'id-1', first_visit: '2026-11-20T09:00:00Z', visits: 1, purchases: 0, last_seen: t0 });
    });
    it('counts a new visit only after 30 idle minutes', () => {
        let v = recordVisit(null, t0, 'id-1');
        v = recordVisit(v, t0 + VISIT_GAP_MS - 1, 'other');
        assert.equal(v.visits, 1);
        v = recordVisit(v, t0 + VISIT_GAP_MS - 1 + VISIT_GAP_MS, 'other');
        assert.equal(v.visits, 2);
        assert.equal(v.id, 'id-1');
    });
    it('counts a visit when the clock went backwards', () => {
        const v = recordVisit({ id: 'a', visits: 4, last_seen: t0 }, t0 - 1000, 'x');
        assert.equal(v.visits, 5);
    });
    it('starts over from a damaged record', () => {
        assert.equal(recordVisit({ visits: 'many' }, t0, 'fresh').id, 'fresh');
        assert.equal(recordVisit('garbage', t0, 'fresh').visits, 1);
    });
});

describe('visitor purchases and survey events', () => {
    const v0 = recordVisit(null, Date.UTC(2026, 10, 20, 9), 'v1');
    it('counts a purchase once per order id', () => {
        let v = recordPurchase(v0, 'A-1');
        v = recordPurchase(v, 'A-1');
        v = recordPurchase(v, 'A-2');
        assert.equal(v.purchases, 2);
    });
    it('raises purchases to what the ledger knows, never lowers them', () => {
        assert.equal(knownPurchases(v0, 5).purchases, 5);
        assert.equal(knownPurchases({ ...v0, purchases: 7 }, 5).purchases, 7);
    });
    it('records shown, answered and dismissed per survey and forgets the cached check', () => {
        let v = { ...v0, survey_check: { until: 1 } };
        v = recordSurvey(v, 'nps-main', 'shown', Date.UTC(2026, 10, 20, 9, 5));
        v = recordSurvey(v, 'nps-main', 'answered', Date.UTC(2026, 10, 20, 9, 6));
        assert.equal(v.survey_check, null);
        assert.deepEqual(eligibilityVisitor(v, 'nps-main'), {
            id: 'v1',
            first_visit: '2026-11-20T09:00:00Z',
            visits: 1,
            purchases: 0,
            last_shown: '2026-11-20T09:05:00Z',
            last_answered: '2026-11-20T09:06:00Z',
        });
        assert.deepEqual(Object.keys(eligibilityVisitor(v, 'csat')), ['id', 'first_visit', 'visits', 'purchases']);
    });
    it('reads and writes JSON in storage, surviving a storage that throws', () => {
        const s = memoryStorage();
        assert.equal(readJson(s, 'k'), null);
        assert.equal(writeJson(s, 'k', { a: 1 }), true);
        assert.deepEqual(readJson(s, 'k'), { a: 1 });
        s.setItem('k', '{not json');
        assert.equal(readJson(s, 'k'), null);
        s.full = true;
        assert.equal(writeJson(s, 'k', { a: 2 }), false);
        assert.equal(readJson(null, 'k'), null);
    });
});

describe('visitor surveyCheck and surveyCheckDue', () => {
    const now = Date.UTC(2026, 10, 20, 9);
    const at = (iso) => Date.parse(iso);
    it('asks again at once while a survey is eligible', () => {
        const c = surveyCheck([{ eligibility: { ok: true, eligible: true, reasons: [] } }], now);
        assert.equal(c.until, now);
        assert.equal(surveyCheckDue({ id: 'v', visits: 1, survey_check: c }, now), true);
    });
    it('waits for the earliest next_check_at of the surveys', () => {
        const c = surveyCheck(
            [
                { eligibility: { ok: true, eligible: false, reasons: ['cooldown_after_shown'], next_check_at: '2026-11-27T12:00:00+03:00' } },
                { eligibility: { ok: true, eligible: false, reasons: ['cooldown_after_answered'], next_check_at: '2027-02-18T12:00:00+03:00' } },
            ],
            now,
        );
        assert.equal(c.until, at('2026-11-27T09:00:00Z'));
        const v = { id: 'v', visits: 3, purchases: 0, survey_check: c };
        assert.equal(surveyCheckDue(v, at('2026-11-27T08:59:59Z')), false);
        assert.equal(surveyCheckDue(v, at('2026-11-27T09:00:00Z')), true);
    });
    it('rechecks after a day when time cannot lift the reason, and when visits reach the minimum', () => {
        const c = surveyCheck([{ settings: { min_visits: 3 }, eligibility: { ok: true, eligible: false, reasons: ['min_visits'], next_check_at: null } }], now);
        assert.deepEqual(c, { until: now + RECHECK_MS, visits: 3, purchases: null });
        assert.equal(surveyCheckDue({ id: 'v', visits: 2, purchases: 0, survey_check: c }, now + 1000), false);
        assert.equal(surveyCheckDue({ id: 'v', visits: 3, purchases: 0, survey_check: c }, now + 1000), true);
        assert.equal(surveyCheckDue({ id: 'v', visits: 2, purchases: 0, survey_check: c }, now + RECHECK_MS), true);
    });
    it('watches purchases for min_purchases', () => {
        const c = surveyCheck([{ settings: { min_purchases: 1 }, eligibility: { ok: true, eligible: false, reasons: ['min_purchases'] } }], now);
        assert.equal(surveyCheckDue({ id: 'v', visits: 9, purchases: 0, survey_check: c }, now), false);
        assert.equal(surveyCheckDue({ id: 'v', visits: 9, purchases: 1, survey_check: c }, now), true);
    });
    it('rechecks after a day when the program has no surveys or the core refused the request', () => {
        assert.equal(surveyCheck([], now).until, now + RECHECK_MS);
        assert.equal(surveyCheck([{ eligibility: { ok: false, errors: [] } }], now).until, now + RECHECK_MS);
    });
    it('is due with no record, a damaged one or no visitor', () => {
        assert.equal(surveyCheckDue(null, now), true);
        assert.equal(surveyCheckDue({ id: 'v' }, now), true);
        assert.equal(surveyCheckDue({ id: 'v', survey_check: { until: 'soon' } }, now), true);
    });
});

describe('survey-queue backoff and statuses', () => {
    it('doubles the wait from one second up to five minutes, with jitter in [0.5, 1)', () => {
        assert.equal(backoffMs(1, () => 0), 500);
        assert.equal(backoffMs(1, () => 0.999999), 1000);
        assert.equal(backoffMs(4, () => 0), 4000);
        assert.equal(backoffMs(30, () => 0.999999), MAX_BACKOFF_MS);
    });
    const rows = [
        [200, 'stored'],
        [201, 'stored'],
        [204, 'stored'],
        [400, 'refused'],
        [401, 'refused'],
        [422, 'refused'],
        [408, 'retry'],
        [429, 'retry'],
        [500, 'retry'],
        [503, 'retry'],
    ];
    for (const [status, want] of rows) {
        it(`treats HTTP ${status} as ${want}`, () => assert.equal(classifyStatus(status), want));
    }
    it('makes 32-hex-digit idempotency keys', () => {
        assert.equal(idempotencyKey(new Uint8Array(16).fill(171)), 'ab'.repeat(16));
    });
});

describe('survey-queue sending', () => {
    function setup(script, extra = {}) {
        const storage = memoryStorage();
        const clock = fakeClock();
        const net = scriptedFetch(script);
        const logs = [];
        const queue = createSurveyQueue({
            endpoint: '/api/surveys',
            storage,
            fetch: net.fetch,
            now: clock.now,
            setTimeout: clock.setTimeout,
            clearTimeout: clock.clearTimeout,
            random: () => 0.999999,
            locks: null,
            log: (m) => logs.push(m),
            ...extra,
        });
        return { storage, clock, net, logs, queue };
    }

    it('posts an answer once with its idempotency key and forgets it when stored', async () => {
        const { queue, net, storage } = setup([201]);
        queue.add(answer('k1'));
        const r = await queue.flush();
        assert.deepEqual(r, { stored: 1, refused: 0, retrying: 0 });
        assert.equal(net.calls.length, 1);
        assert.equal(net.calls[0].body.idempotency_key, 'k1');
        assert.equal(net.calls[0].headers['Idempotency-Key'], 'k1');
        assert.equal(net.calls[0].keepalive, true);
        assert.deepEqual(readJson(storage, QUEUE_KEY).items, []);
        await queue.flush();
        assert.equal(net.calls.length, 1, 'nothing is sent twice');
    });

    it('keeps an answer through network errors and 5xx, retrying with backoff until stored', async () => {
        const { queue, net, clock } = setup(['network', 503, 500, 201]);
        queue.add(answer('k2'));
        await queue.flush(); // try 1 fails: next in 1 s
        assert.equal(queue.items().length, 1);
        await clock.advance(999);
        assert.equal(net.calls.length, 1, 'not before the backoff');
        await clock.advance(1); // try 2 (503): next in 2 s
        assert.equal(net.calls.length, 2);
        await clock.advance(2000); // try 3 (500): next in 4 s
        assert.equal(net.calls.length, 3);
        await clock.advance(4000); // try 4: stored
        assert.equal(net.calls.length, 4);
        assert.equal(queue.items().length, 0);
        assert.ok(net.calls.every((c) => c.body.idempotency_key === 'k2'));
        assert.equal(clock.pending(), 0, 'no timer left');
    });

    it('drops an answer the endpoint refuses (4xx), with one console message', async () => {
        const { queue, net, logs } = setup([422]);
        queue.add(answer('k3'));
        const r = await queue.flush();
        assert.deepEqual(r, { stored: 0, refused: 1, retrying: 0 });
        assert.equal(queue.items().length, 0);
        assert.equal(logs.length, 1);
        assert.match(logs[0], /refused an answer \(HTTP 422: invalid score\)/);
        await queue.flush();
        assert.equal(net.calls.length, 1);
    });

    it('holds an answer until released (the follow-up may come), then sends the final body', async () => {
        const { queue, net } = setup([201]);
        queue.add(answer('k4'), { hold: true });
        await queue.flush();
        assert.equal(net.calls.length, 0);
        queue.update('k4', { follow_up_answer: 'Быстрая доставка' });
        queue.release('k4');
        await queue.flush();
        assert.equal(net.calls.length, 1);
        assert.equal(net.calls[0].body.follow_up_answer, 'Быстрая доставка');
    });

    it('sends a held answer anyway once its page has been gone for HOLD_MS', async () => {
        const { queue, net, clock } = setup([201]);
        queue.add(answer('k5'), { hold: true });
        await queue.flush();
        await clock.advance(10 * 60 * 1000);
        assert.equal(net.calls.length, 1);
    });

    it('survives the page: a second queue over the same storage sends what the first left', async () => {
        const first = setup(['network']);
        first.queue.add(answer('k6'));
        await first.queue.flush();
        first.queue.stop();
        const net = scriptedFetch([201]);
        const next = createSurveyQueue({ endpoint: '/api/surveys', storage: first.storage, fetch: net.fetch, now: () => first.clock.now() + 5000, setTimeout: () => 0, clearTimeout: () => {}, locks: null });
        await next.flush();
        assert.equal(net.calls.length, 1);
        assert.equal(net.calls[0].body.idempotency_key, 'k6');
        assert.equal(next.items().length, 0);
    });

    it('does not send an answer twice while its request is in flight', async () => {
        let release;
        const calls = [];
        const fetch = (url, init) => {
            calls.push(JSON.parse(init.body).idempotency_key);
            return new Promise((ok) => (release = () => ok({ status: 201, text: async () => '' })));
        };
        const { queue } = setup([201], { fetch });
        queue.add(answer('k7'));
        const a = queue.flush();
        const b = queue.flush();
        await new Promise((r) => setImmediate(r));
        release();
        await Promise.all([a, b]);
        await queue.flush();
        assert.deepEqual(calls, ['k7']);
    });

    it('keeps at most MAX_QUEUED answers, dropping the oldest with a message', () => {
        const { queue, logs } = setup([201]);
        for (let i = 0; i <= MAX_QUEUED; i++) queue.add(answer('q' + i));
        assert.equal(queue.items().length, MAX_QUEUED);
        assert.equal(queue.items()[0].key, 'q1');
        assert.equal(logs.length, 1);
    });

    it('works from memory when storage refuses to keep anything', async () => {
        const { queue, storage, net } = setup([201]);
        storage.full = true;
        queue.add(answer('k8'));
        await queue.flush();
        assert.equal(net.calls.length, 1);
    });
});

describe('survey-view helpers', () => {
    it('uses the scale of each kind', () => {
        assert.deepEqual(surveyScale({ kind: 'nps' }), { min: 0, max: 10 });
        assert.deepEqual(surveyScale({ kind: 'csat' }), { min: 1, max: 5 });
        assert.deepEqual(surveyScale({ kind: 'ces', scale: 5 }), { min: 1, max: 5 });
        assert.deepEqual(surveyScale({ kind: 'ces' }), { min: 1, max: 7 });
    });
    const segments = [
        [10, 'promoters'],
        [9, 'promoters'],
        [8, 'passives'],
        [7, 'passives'],
        [6, 'detractors'],
        [0, 'detractors'],
    ];
    for (const [score, want] of segments) {
        it(`puts an NPS score of ${score} among the ${want}`, () => assert.equal(npsSegment(score), want));
    }
    it('asks the follow-up of the answer segment, then "all", then the default', () => {
        const t = translator('ru');
        const settings = { kind: 'nps', follow_up: { detractors: { ru: 'Что пошло не так?' }, all: { ru: 'Что улучшить?' } } };
        assert.equal(followUpQuestion(settings, 3, 'ru', t), 'Что пошло не так?');
        assert.equal(followUpQuestion(settings, 10, 'ru', t), 'Что улучшить?');
        assert.equal(followUpQuestion({ kind: 'csat' }, 2, 'ru', t), 'Что нам стоит улучшить?');
        assert.equal(followUpQuestion({ kind: 'csat', follow_up: { all: { en: 'Why?' } } }, 2, 'en', translator('en')), 'Why?');
    });
});
