// Every tests/vectors/*.json through the wasm build: the calculator module answers every
// operation, the widget module its four; each response must equal the recorded one (canonical
// JSON: keys sorted, 64-bit integers exact), as the native doctest runner requires of the core.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { canonicalText, engine, explanationSums, loadVectors, parseWithSpans } from './helpers.mjs';

const WIDGET_OPERATIONS = ['validate', 'status', 'preview', 'survey-eligibility'];
const METHOD = {
    validate: 'validate',
    status: 'status',
    preview: 'preview',
    'survey-eligibility': 'surveyEligibility',
    'survey-summary': 'surveySummary',
    metrics: 'metrics',
    numbers: 'numbers',
};

const vectors = loadVectors();

/** A request that sends a ledger state (customer.state) or asks for one (include_state). */
function usesLedgerState(v) {
    try {
        const request = JSON.parse(v.requestText);
        return request?.include_state !== undefined || request?.customer?.state !== undefined;
    } catch {
        return false;
    }
}

describe('shared vectors through wasm', () => {
    let widget;
    let calculator;
    let calculatorOther; // the calculator's other build: without SIMD where the default has it
    before(async () => {
        [widget, calculator] = await Promise.all([engine('widget'), engine('calculator')]);
        calculatorOther = await engine('calculator', { simd: !calculator.simd });
        assert.notEqual(calculator.simd, calculatorOther.simd);
    });

    test('the vectors folder is not empty and covers every operation', () => {
        assert.ok(vectors.length > 0, 'no vectors in tests/vectors');
        const covered = new Set(vectors.map((v) => v.operation));
        for (const op of Object.keys(METHOD)) assert.ok(covered.has(op), `no vector for ${op}`);
    });

    // docs/api.md: explanation points are exact text and the lines of an entry add up to its
    // points. Checked on every vector's recorded response and on both modules' answers.
    let explanationsChecked = 0;
    const assertExplanationsAddUp = (text, what) => {
        const { checked, problems } = explanationSums(parseWithSpans(text).value);
        explanationsChecked += checked;
        assert.deepEqual(problems, [], `${what}:\n${problems.join('\n')}`);
    };

    for (const v of vectors) {
        describe(`${v.file}: ${v.description}`, () => {
            test('every explanation adds up exactly to its points, recorded and answered', () => {
                assertExplanationsAddUp(v.responseCanonical, 'the recorded response');
                assertExplanationsAddUp(calculator.runText(v.operation, v.requestText), 'the calculator module');
                if (WIDGET_OPERATIONS.includes(v.operation) && !usesLedgerState(v)) {
                    assertExplanationsAddUp(widget.runText(v.operation, v.requestText), 'the widget module');
                }
            });
            test('the calculator module answers as recorded, with and without wasm SIMD', () => {
                assert.equal(canonicalText(calculator.runText(v.operation, v.requestText)), v.responseCanonical);
                assert.equal(canonicalText(calculatorOther.runText(v.operation, v.requestText)), v.responseCanonical);
            });
            if (WIDGET_OPERATIONS.includes(v.operation) && usesLedgerState(v)) {
                // The widget's core neither reads nor writes ledger states (its byte budget).
                test('the widget module refuses the ledger state as data', () => {
                    const r = widget.run(v.operation, v.requestText);
                    assert.equal(r.ok, false);
                    assert.ok(r.errors.some((e) => /not in the widget module/.test(e.message)), JSON.stringify(r.errors));
                });
            } else if (WIDGET_OPERATIONS.includes(v.operation)) {
                test('the widget module answers as recorded', () => {
                    assert.equal(canonicalText(widget.runText(v.operation, v.requestText)), v.responseCanonical);
                });
            } else if (METHOD[v.operation]) {
                test('the widget module refuses it as data', () => {
                    const r = widget.run(v.operation, v.requestText);
                    assert.equal(r.ok, false);
                    assert.match(r.errors[0].message, /not in the widget module/);
                });
            }
            if (v.hasObjectRequest && METHOD[v.operation]) {
                // The object path (JSON.stringify in the engine) must agree wherever JSON.parse
                // keeps the request's value exactly.
                const request = JSON.parse(v.requestText);
                if (canonicalText(JSON.stringify(request)) === canonicalText(v.requestText)) {
                    test(`engine.${METHOD[v.operation]}(object) returns the recorded response object`, () => {
                        const e = !WIDGET_OPERATIONS.includes(v.operation) || usesLedgerState(v) ? calculator : widget;
                        assert.deepEqual(e[METHOD[v.operation]](request), JSON.parse(v.responseCanonical));
                    });
                }
            }
        });
    }

    test('the explanation sums saw every explanation of the status and preview vectors', () => {
        // 37 recorded explanations when written, each also answered by the calculator module, and
        // the 23 outside ledger-state vectors by the widget module.
        assert.ok(explanationsChecked >= 37 + 37 + 23, `only ${explanationsChecked} explanations checked`);
    });
});
