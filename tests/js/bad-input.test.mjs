// Bad input through the JS API: wrong JS types, undefined, huge strings, text that has no UTF-8
// form, hostile nesting and corrupt CSV. Each answer is error data ({ok: false, errors}), nothing
// throws, and the engine answers a good request correctly right afterwards.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { api, engine, exampleProgram } from './helpers.mjs';

/** Asserts an error document: ok false, at least one {path, message} with a message. */
function assertErrorData(response, messagePattern) {
    assert.equal(typeof response, 'object');
    assert.equal(response.ok, false, `expected ok:false, got ${JSON.stringify(response).slice(0, 300)}`);
    assert.ok(Array.isArray(response.errors) && response.errors.length > 0);
    for (const e of response.errors) {
        assert.equal(typeof e.path, 'string');
        assert.ok(typeof e.message === 'string' && e.message.length > 0);
    }
    if (messagePattern) {
        assert.ok(
            response.errors.some((e) => messagePattern.test(e.message)),
            `no error message matches ${messagePattern}: ${JSON.stringify(response.errors).slice(0, 500)}`,
        );
    }
}

class Circular {
    constructor() {
        this.self = this;
    }
}

const WRONG_TYPES = [
    ['undefined', undefined, /undefined/],
    ['null', null, /JSON object/],
    ['a number', 42, /JSON object/],
    ['NaN', NaN, /JSON object/],
    ['a boolean', true, /JSON object/],
    ['an array', [1, 2, 3], /JSON object/],
    ['a bigint', 10n ** 30n, /bigint|BigInt/],
    ['a function', () => 1, /function/],
    ['a symbol', Symbol('x'), /symbol/],
    ['a circular object', new Circular(), /circular|JSON-serialisable/i],
    ['an object holding a bigint', { now: 1n }, /BigInt|serialisable/],
    ['an empty string', '', null],
    ['a string that is not JSON', 'program please', null],
    ['JSON text of a string', '"hello"', /JSON object/],
    ['a Date', new Date(0), /JSON object/],
    ['a Map', new Map([['a', 1]]), null],
];

describe('bad input through the JS API', () => {
    let widget;
    let calculator;
    let program;
    let goodStatus;
    before(async () => {
        [widget, calculator] = await Promise.all([engine('widget'), engine('calculator')]);
        program = exampleProgram();
        goodStatus = { program, customer: { id: 'c1', events: [] }, now: '2026-06-01T12:00:00+03:00' };
    });

    /** The engine still answers good requests after whatever came before. */
    function assertStillUsable(e) {
        const v = e.validate(program);
        assert.equal(v.ok, true, JSON.stringify(v).slice(0, 300));
        const s = e.status(goodStatus);
        assert.equal(s.ok, true, JSON.stringify(s).slice(0, 300));
        assert.equal(s.balance, 0);
    }

    for (const [name, value, pattern] of WRONG_TYPES) {
        test(`${name} as a request is error data for every method`, () => {
            for (const method of ['validate', 'status', 'preview', 'surveyEligibility']) {
                assertErrorData(widget[method](value), pattern);
            }
            assertErrorData(calculator.surveySummary(value), pattern);
            assertErrorData(calculator.metrics(value), pattern);
            assertStillUsable(widget);
            assertStillUsable(calculator);
        });
    }

    test('calling a method with no argument at all is error data', () => {
        assertErrorData(widget.status(), /undefined/);
        assertErrorData(calculator.metrics(), /undefined/);
        assertStillUsable(widget);
    });

    test('an unknown operation name is error data that lists the known ones', () => {
        assertErrorData(widget.run('delete-everything', {}), /unknown operation.*validate/);
        assertErrorData(widget.run(undefined, {}), /unknown operation/);
        assertErrorData(widget.run('__proto__', {}), /unknown operation/);
        assertErrorData(widget.run('toString', {}), /unknown operation/);
        assertStillUsable(widget);
    });

    test('metrics on the widget module is error data naming the calculator', async () => {
        assertErrorData(widget.metrics({ orders: [] }), /calculator/);
        assertErrorData(await widget.metricsFromBytes(new Uint8Array(0)), /calculator/);
        assertStillUsable(widget);
    });

    test('a 9 MB string is refused by size, and the engine still works', () => {
        const huge = `{"program": "${'x'.repeat(9 << 20)}"}`;
        assertErrorData(widget.validate(huge), /bytes; at most/);
        assertErrorData(widget.status({ program, customer: { id: 'x'.repeat(9 << 20) }, now: '2026-06-01' }), /bytes; at most/);
        assertStillUsable(widget);
    });

    test('a 100 KB customer id is refused by its path', () => {
        const r = widget.status({ ...goodStatus, customer: { id: 'й'.repeat(50_000), events: [] } });
        assertErrorData(r);
        assert.equal(r.errors[0].path, '/customer/id');
        assertStillUsable(widget);
    });

    test('lone surrogates in JSON text are refused before they reach the module', () => {
        for (const text of ['{"a": "\uD800"}', '{"a": "x\uDC00y"}', '\uDBFF', `{"now": "2026-01-01${'\uD83D'}"}`]) {
            assertErrorData(widget.validate(text), /lone surrogate/);
            assertErrorData(calculator.metrics(text), /lone surrogate/);
        }
        assertStillUsable(widget);
        assertStillUsable(calculator);
    });

    test('lone surrogates inside request objects are refused by the core with a path', () => {
        const r = widget.status({ ...goodStatus, customer: { id: 'bad\uD800id', events: [] } });
        assertErrorData(r);
        assertStillUsable(widget);
    });

    test('a well-formed astral character passes through unchanged', () => {
        const r = widget.status({ ...goodStatus, customer: { id: 'клиент-😀', events: [] } });
        assert.equal(r.ok, true);
        assert.equal(r.customer_id, 'клиент-😀');
    });

    test('invalid UTF-8 bytes are error data', () => {
        const bad = [
            Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"a":"\xff\xfe"}
            Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]), // truncated sequence
            Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), // encoded surrogate
            Uint8Array.from([0xc0, 0xaf]), // overlong
        ];
        for (const bytes of bad) {
            assertErrorData(widget.validate(bytes));
            assertErrorData(widget.validate(bytes.buffer));
        }
        assertStillUsable(widget);
    });

    test('JSON text given as UTF-8 bytes is read like the same string', () => {
        const text = JSON.stringify(goodStatus);
        assert.deepEqual(widget.status(new TextEncoder().encode(text)), widget.status(text));
    });

    test('deeply nested JSON is error data, not a stack overflow', () => {
        for (const depth of [10_000, 1_000_000]) {
            assertErrorData(widget.validate('['.repeat(depth) + ']'.repeat(depth)));
            assertErrorData(widget.validate(`{"program": ${'['.repeat(depth)}${']'.repeat(depth)}}`));
            assertErrorData(widget.status(`{"program": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`));
        }
        assertStillUsable(widget);
    });

    test('truncated JSON, NUL bytes and trailing garbage are error data', () => {
        for (const text of ['{', '{"program": {', '{"a": 1}}', '{"a": "\u0000"}', '\u0000', '{"a": 1} x', '{"a": 01}', '{"a": NaN}']) {
            assertErrorData(widget.validate(text));
        }
        assertStillUsable(widget);
    });

    test('numbers past 64 bits are error data', () => {
        const r = widget.status(`{"program": ${JSON.stringify(program)}, "customer": {"events": []}, "now": "2026-06-01", "history_limit": 99999999999999999999999}`);
        assertErrorData(r);
        assertStillUsable(widget);
    });

    test('bad engine options are LoyaltyError with a stable code', async () => {
        const { createLoyaltyEngine, LoyaltyError } = await api();
        await assert.rejects(createLoyaltyEngine({ module: 'shop' }), (e) => e instanceof LoyaltyError && e.code === 'invalid_options');
        await assert.rejects(createLoyaltyEngine(null), (e) => e instanceof LoyaltyError && e.code === 'invalid_options');
        await assert.rejects(
            createLoyaltyEngine({ module: 'widget', baseUrl: 'file:///nonexistent/dir/' }),
            (e) => e instanceof LoyaltyError && (e.code === 'script_load_failed' || e.code === 'wasm_fetch_failed'),
        );
        await assert.rejects(
            createLoyaltyEngine({ module: 'widget', wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }),
            (e) => e instanceof LoyaltyError && e.code === 'wasm_compile_failed',
        );
    });

    describe('corrupt CSV', () => {
        const options = { period: { from: '2025-01-01', to: '2025-12-31' }, currency: 'RUB' };
        const cases = [
            ['empty', new Uint8Array(0)],
            ['random binary', Uint8Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) >>> 24)],
            ['no header, only numbers', new TextEncoder().encode('1,2,3\n4,5,6\n')],
            ['an unterminated quote', new TextEncoder().encode('customer,order,date,amount\n"c1,o1,2025-01-01,100\n')],
            ['a 2 MB line', new TextEncoder().encode(`customer,order,date,amount\n${'x'.repeat(2 << 20)}\n`)],
            ['invalid UTF-8', Uint8Array.from([...new TextEncoder().encode('customer,order,date,amount\n'), 0xff, 0xfe, 0x2c, 0x31, 0x0a])],
            ['a header without an amount column', new TextEncoder().encode('customer,order,date\nc1,o1,2025-01-01\n')],
        ];
        for (const [name, bytes] of cases) {
            test(`${name}: error data or bad rows, never a throw`, async () => {
                const r = await calculator.metricsFromBytes(bytes, options);
                if (r.ok) {
                    assert.ok(r.import.bad_rows > 0 || r.import.rows === 0, JSON.stringify(r.import).slice(0, 300));
                } else {
                    assertErrorData(r);
                }
                assertStillUsable(calculator);
            });
        }

        test('a NUL byte inside a field is data, not the end of the input', async () => {
            const csv = 'customer,order,date,amount\nc1\0x,o1,2025-01-01,100\nc2,o2,2025-01-02,5\n';
            const r = await calculator.metricsFromBytes(new TextEncoder().encode(csv), options);
            if (r.ok) assert.equal(r.import.rows, 2);
            else assertErrorData(r);
            assertStillUsable(calculator);
        });

        test('a bad row is counted with its line number and the good rows still count', async () => {
            const csv = 'customer,order,date,amount\nc1,o1,2025-02-01,100.00\nc2,o2,not-a-date,50\nc1,o3,2025-03-01,200\n';
            const r = await calculator.metricsFromBytes(new TextEncoder().encode(csv), options);
            assert.equal(r.ok, true, JSON.stringify(r).slice(0, 400));
            assert.equal(r.import.bad_rows, 1);
            assert.equal(r.import.errors[0].line, 3);
            assert.equal(r.orders, 2);
        });

        test('sources of the wrong type and bad options are error data', async () => {
            assertErrorData(await calculator.metricsFromBytes(undefined, options), /File, Blob/);
            assertErrorData(await calculator.metricsFromBytes('c,o,d,a\n', options), /File, Blob/);
            assertErrorData(await calculator.metricsFromBytes({ length: 3 }, options), /File, Blob/);
            assertErrorData(await calculator.metricsFromBytes(new Uint8Array(10), { currency: 'XXXX' }));
            assertErrorData(await calculator.metricsFromBytes(new Uint8Array(10), () => 1));
            assertErrorData(await calculator.metricsFromBytes(new Uint8Array(10), options, 'not a function'), /onProgress/);
            assertStillUsable(calculator);
        });

        test('a stream that fails midway is error data', async () => {
            let n = 0;
            const stream = new ReadableStream({
                pull(controller) {
                    if (n++ < 3) controller.enqueue(new TextEncoder().encode('customer,order,date,amount\n'));
                    else controller.error(new Error('network went away'));
                },
            });
            assertErrorData(await calculator.metricsFromBytes(stream, options), /network went away/);
            assertStillUsable(calculator);
        });

        test('a progress callback that throws is error data', async () => {
            const r = await calculator.metricsFromBytes(new TextEncoder().encode('customer,order,date,amount\n'), options, () => {
                throw new Error('callback bug');
            });
            assertErrorData(r, /callback bug/);
            assertStillUsable(calculator);
        });
    });
});
