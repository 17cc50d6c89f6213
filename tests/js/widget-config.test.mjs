// The loader's settings (data-* attributes) and the cart a site hands to setCart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeErrors, normalizeCart } from '../../web/src/widget/cart.js';
import { readConfig } from '../../web/src/widget/config.js';

const attrs = (o) => (name) => (name in o ? o[name] : null);

describe('config readConfig', () => {
    it('fills every default when the tag says nothing', () => {
        assert.deepEqual(readConfig(attrs({})), {
            program: '',
            customer: '',
            surveyEndpoint: '',
            claim: '',
            referral: '',
            referralUrl: '',
            surveys: [],
            surveyDelay: 3000,
            cart: '',
            lang: '',
            loginUrl: '',
            launcher: true,
            position: '',
            theme: '',
            timeout: 8000,
            nonce: '',
            assets: '',
        });
    });
    it('reads the documented attributes', () => {
        const c = readConfig(
            attrs({
                program: ' /loyalty/program.json ',
                customer: '/api/loyalty/me',
                'survey-endpoint': '/api/loyalty/surveys',
                'claim-endpoint': ' /api/loyalty/me/claims ',
                surveys: 'nps-main, csat-after-order',
                'survey-delay': '500',
                launcher: 'false',
                timeout: '2500',
                nonce: 'abc',
            }),
        );
        assert.equal(c.program, '/loyalty/program.json');
        assert.equal(c.claim, '/api/loyalty/me/claims');
        assert.deepEqual(c.surveys, ['nps-main', 'csat-after-order']);
        assert.equal(c.surveyDelay, 500);
        assert.equal(c.launcher, false);
        assert.equal(c.timeout, 2500);
        assert.equal(c.nonce, 'abc');
    });
    it('clamps times and ignores nonsense', () => {
        assert.equal(readConfig(attrs({ timeout: '5' })).timeout, 500);
        assert.equal(readConfig(attrs({ timeout: 'soon' })).timeout, 8000);
        assert.equal(readConfig(attrs({ 'survey-delay': '-1' })).surveyDelay, 0);
        for (const off of ['false', '0', 'no', 'OFF']) assert.equal(readConfig(attrs({ launcher: off })).launcher, false, off);
        assert.equal(readConfig(attrs({ launcher: '' })).launcher, true);
    });
    it('takes the script element nonce when data-nonce is absent', () => {
        assert.equal(readConfig(attrs({}), 'from-script').nonce, 'from-script');
    });
});

describe('cart normalizeCart', () => {
    it('keeps what the core reads and remembers product names', () => {
        const n = normalizeCart({
            lines: [{ sku: 'b1', name: 'Война и мир', category: 'books', price: 259000, quantity: 2, image: '/b1.jpg' }],
            shipping: 29900,
            coupon: 'X',
            rewards: ['discount-300'],
        });
        assert.deepEqual(n, {
            cart: { lines: [{ sku: 'b1', category: 'books', price: 259000, quantity: 2 }], shipping: 29900, rewards: ['discount-300'] },
            names: { b1: 'Война и мир' },
        });
    });
    it('keeps the tax of lines and shipping, and whether prices include it (earn.tax)', () => {
        const n = normalizeCart({
            lines: [{ sku: 'a', price: 100000, quantity: 1, tax: 8000, tax_rate: '8%' }],
            shipping: 30000,
            shipping_tax: 2400,
            taxes_included: false,
        });
        assert.deepEqual(n.cart, { lines: [{ sku: 'a', price: 100000, quantity: 1, tax: 8000 }], shipping: 30000, shipping_tax: 2400, taxes_included: false });
    });
    it('refuses what is not a cart', () => {
        for (const bad of [null, undefined, 5, 'cart', {}, { lines: 'x' }]) assert.equal(normalizeCart(bad), null);
    });
    it('passes odd lines on for the core to refuse by path', () => {
        assert.deepEqual(normalizeCart({ lines: [null, { price: 'free' }] }).cart.lines, [{}, { price: 'free' }]);
    });
});

describe('cart describeErrors', () => {
    it('lists the first three errors with their paths', () => {
        const errors = [1, 2, 3, 4, 5].map((i) => ({ path: '/cart/lines/' + i, message: 'expected an integer' }));
        assert.equal(
            describeErrors(errors),
            '/cart/lines/1: expected an integer; /cart/lines/2: expected an integer; /cart/lines/3: expected an integer; and 2 more',
        );
        assert.equal(describeErrors([{ path: '', message: 'not JSON' }]), '(document): not JSON');
        assert.equal(describeErrors(undefined), '');
    });
});
