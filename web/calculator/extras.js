// The calculator's second-level panels (program comparison, sensitivity sweep, what retention is
// worth, the printed report), attached to the page by calculator.js through a small host object:
// {worker(), source(), lang()}. calculator.js tells them about a validated program A, a new
// result and a language change; they keep their own texts (extras-text.js).
import { createCompare } from './compare.js';
import { EXTRA_TEXT, formats } from './extras-text.js';
import { createReport } from './report.js';
import { createRetention } from './retention.js';
import { createSensitivity } from './sensitivity.js';

export function attachExtras(host) {
    let result = null;
    let programA = null;
    let programB = null;
    const ctx = {
        host,
        lang: () => host.lang(),
        t: (key) => EXTRA_TEXT[host.lang()]?.[key] ?? EXTRA_TEXT.en[key] ?? key,
        f: (currency) => formats(host.lang(), currency || result?.currency || programA?.currency || 'RUB'),
        result: () => result,
        programA: () => programA,
        programB: () => programB,
        changedB: (b) => { programB = b; report.update(); },
    };
    const compare = createCompare(ctx);
    const sensitivity = createSensitivity(ctx);
    const retention = createRetention(ctx);
    const report = createReport(ctx);
    const panels = ['compare', 'sensitivity', 'retention'];

    function applyTexts() {
        for (const node of document.querySelectorAll('[data-x]')) node.textContent = ctx.t(node.dataset.x);
    }

    return {
        /** Program A as validated by the core (null while it has errors). */
        program(p) {
            programA = p;
            compare.programA(p);
            sensitivity.programA(p);
            report.update();
        },
        /** A metrics response shown by the page (the same object again on a language change). */
        results(r) {
            const fresh = r !== result;
            result = r;
            for (const id of panels) document.getElementById(id).hidden = false;
            compare.results(fresh);
            sensitivity.results(fresh);
            retention.results();
            report.update();
        },
        language() {
            applyTexts();
            compare.language();
            sensitivity.language();
            retention.language();
            report.update();
        },
    };
}
