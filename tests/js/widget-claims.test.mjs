// The widget's claim controller (web/src/widget/claims.js) against a fake shop: a retry after a
// lost answer or a 5xx sends the same Idempotency-Key (the server then answers the first claim,
// never a second); a refusal says why; a double click sends once; "My codes" lists active codes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createClaims } from '../../web/src/widget/claims.js';
import { translator } from '../../web/src/widget/i18n.js';
import { claimRefusalText as refusalText } from '../../web/src/widget/panel-view.js';
import './widget-texts.mjs';

const REWARD = { id: 'discount-300', name: 'Скидка 300 ₽', cost: 300 };
const CLAIM = { id: 'claim-1', code: 'AJF8BD-3YFM45-XKXMSS', reward_id: 'discount-300', status: 'active', expires_at: '2027-01-04T12:00:00+03:00' };

/** A controller whose shop answers with `answers` in turn (a function throws like fetch offline). */
function setUp(answers) {
    const sent = [];
    const told = { changed: 0, emitted: [], reloads: 0, problems: [] };
    const claims = createClaims({
        endpoint: '/api/loyalty/me/claims',
        send: async (url, init = {}) => {
            sent.push({ url, method: init.method || 'GET', key: init.headers?.['Idempotency-Key'], body: init.body });
            const a = answers.shift();
            if (typeof a === 'function') return a();
            return a;
        },
        changed: () => told.changed++,
        emit: (name, detail) => told.emitted.push([name, detail]),
        reload: () => told.reloads++,
        problem: (code, message) => told.problems.push([code, message]),
    });
    return { claims, sent, told };
}

describe('widget claims', () => {
    it('asks first, then claims with a 32-hex key and lists the active codes', async () => {
        const { claims, sent, told } = setUp([
            { status: 201, body: { claim: CLAIM } },
            { status: 200, body: { claims: [CLAIM, { ...CLAIM, id: 'claim-0', status: 'used' }] } },
        ]);
        claims.ask(REWARD);
        assert.equal(claims.open.phase, 'confirm');
        assert.match(claims.open.key, /^[0-9a-f]{32}$/);
        assert.equal(sent.length, 0, 'nothing is sent before the shopper confirms');
        await claims.confirm();
        assert.equal(claims.open.phase, 'done');
        assert.deepEqual(claims.open.claim, CLAIM);
        assert.deepEqual(sent[0], { url: '/api/loyalty/me/claims', method: 'POST', key: claims.open.key, body: '{"reward_id":"discount-300"}' });
        assert.deepEqual(told.emitted, [['reward-claimed', { claim: CLAIM }]]);
        assert.equal(told.reloads, 1, 'the balance is read again');
        await new Promise((r) => setTimeout(r, 0));
        assert.equal(sent[1].method, 'GET');
        assert.deepEqual(claims.codes, [CLAIM], 'only active codes are listed');
    });

    it('retries a lost answer and a 5xx with the same key, so the shop books one claim', async () => {
        const { claims, sent, told } = setUp([
            () => {
                throw new Error('no answer within 8000 ms');
            },
            { status: 503, body: null },
            { status: 200, body: { claim: CLAIM, duplicate: true } },
            { status: 200, body: { claims: [CLAIM] } },
        ]);
        claims.ask(REWARD);
        const key = claims.open.key;
        await claims.confirm();
        assert.equal(claims.open.phase, 'failed');
        await claims.confirm();
        assert.equal(claims.open.phase, 'failed');
        await claims.confirm();
        assert.equal(claims.open.phase, 'done');
        assert.deepEqual(sent.slice(0, 3).map((s) => s.key), [key, key, key]);
        assert.equal(told.problems.length, 2);
        assert.match(told.problems[0][1], /no answer within 8000 ms/);
    });

    it('says why a claim is refused, and a new attempt is a new key', async () => {
        const { claims } = setUp([{ status: 422, body: { ok: false, errors: [{ path: '/reward_id', message: '"discount-300" costs 300 points; the balance is 120' }] } }]);
        claims.ask(REWARD);
        const first = claims.open.key;
        await claims.confirm();
        assert.equal(claims.open.phase, 'refused');
        assert.equal(claims.open.message, '"discount-300" costs 300 points; the balance is 120');
        assert.equal(claims.open.errorCode, null, 'a refusal without a code keeps the words only');
        claims.ask(REWARD);
        assert.notEqual(claims.open.key, first);
        claims.cancel();
        assert.equal(claims.open, null);
    });

    it('keeps the code of a refusal, and the panel says it in the shopper\'s language', async () => {
        const { claims } = setUp([
            { status: 422, body: { ok: false, errors: [{ path: '/reward_id', message: '"discount-300" costs 300 points; the balance is 120', code: 'not_enough_points' }] } },
            { status: 409, body: { ok: false, errors: [{ path: '', message: 'a claim with this key is being made', code: 'conflict' }] } },
        ]);
        claims.ask(REWARD);
        await claims.confirm();
        assert.equal(claims.open.errorCode, 'not_enough_points');
        assert.equal(claims.open.errorPath, '/reward_id');
        const ru = translator('ru');
        assert.equal(refusalText(ru, claims.open), 'Пока не хватает баллов на эту награду.');
        assert.equal(refusalText(translator('en'), claims.open), 'There are not enough points for this reward yet.');
        // A code the widget has no sentence for: the server's own words, inside the frame.
        claims.ask(REWARD);
        await claims.confirm();
        assert.equal(claims.open.errorCode, 'conflict');
        assert.equal(refusalText(ru, claims.open), 'Не удалось получить награду: a claim with this key is being made');
        // An inherited name is not a sentence either, nor a reward's code about another field.
        assert.equal(refusalText(ru, { errorCode: 'constructor', errorPath: '/reward_id', message: 'm' }), 'Не удалось получить награду: m');
        assert.equal(refusalText(ru, { errorCode: 'not_allowed', errorPath: '/customer_id', message: 'm' }), 'Не удалось получить награду: m');
        assert.equal(refusalText(ru, { errorCode: 'unauthorized', errorPath: '', message: 'the customer token is expired' }), 'Войдите снова, чтобы получить награду.');
    });

    it('a double click sends one claim', async () => {
        let release;
        const { claims, sent } = setUp([() => new Promise((r) => (release = () => r({ status: 201, body: { claim: CLAIM } }))), { status: 200, body: { claims: [] } }]);
        claims.ask(REWARD);
        const first = claims.confirm();
        const second = claims.confirm();
        release();
        await Promise.all([first, second]);
        assert.equal(sent.filter((s) => s.method === 'POST').length, 1);
        assert.equal(claims.open.phase, 'done');
    });
});
