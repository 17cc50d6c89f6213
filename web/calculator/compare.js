// "Compare two programs": program B (a copy of A to edit, quick fields or JSON, or a loaded
// program.json) replayed by the core over the same history and period as A, side by side.
import { comparePrograms } from './compare-model.js';
import { el } from './extras-text.js';
import { parseMoney } from './exact.js';

const $ = (id) => document.getElementById(id);

export function createCompare(ctx) {
    let validateSeq = 0;
    let runSeq = 0;
    let timer = 0;
    let bValid = null;
    let lastB = null; // metrics response of B
    let wanted = false; // the owner asked for a comparison: redo it when A or the data change

    const parse = () => {
        try { return { ok: true, value: JSON.parse($('b-json').value) }; } catch (e) { return { ok: false, message: e.message }; }
    };

    function syncQuick(p) {
        if (!p || typeof p !== 'object') return;
        const f = ctx.f();
        const pv = p.redemption?.point_value;
        const set = (id, v) => { if (document.activeElement !== $(id)) $(id).value = v ?? ''; };
        set('b-earn-points', p.earn?.points);
        set('b-point-value', Number.isInteger(pv) ? String(pv / 10 ** f.exp).replace('.', ctx.lang() === 'ru' ? ',' : '.') : pv);
        set('b-max-share', typeof p.redemption?.max_share === 'string' ? p.redemption.max_share.replace(/%$/, '') : p.redemption?.max_share);
        set('b-expiry-days', p.expiry?.days ?? 0);
    }

    function setB(program) {
        $('b-json').value = JSON.stringify(program, null, 2);
        syncQuick(program);
        validateB();
    }

    /** A quick field edits the JSON: text the core should judge is passed through as text. */
    function quickEdit(input) {
        const p = parse();
        if (!p.ok || !p.value || typeof p.value !== 'object') return validateB();
        const b = p.value;
        const text = input.value.trim();
        const whole = /^\d{1,15}$/.test(text) ? Number(text) : text;
        switch (input.dataset.b) {
        case 'earn_points': b.earn = { ...(b.earn || {}), points: whole }; break;
        case 'point_value': b.redemption = { ...(b.redemption || {}), point_value: parseMoney(text, ctx.f().exp) ?? text }; break;
        case 'max_share': b.redemption = { ...(b.redemption || {}), max_share: /^\d+([.,]\d+)?$/.test(text) ? `${text.replace(',', '.')}%` : text }; break;
        case 'expiry_days': b.expiry = { warning_days: 30, ...(b.expiry || {}), days: whole }; break;
        default: break;
        }
        $('b-json').value = JSON.stringify(b, null, 2);
        validateB();
    }

    async function validateB() {
        const seq = ++validateSeq;
        const status = $('b-status');
        const list = $('b-errors');
        const p = parse();
        const t = ctx.t;
        if (!p.ok) {
            bValid = null;
            status.textContent = t('b_bad_json') + p.message;
            status.className = 'status bad';
            list.replaceChildren();
            $('b-json').setAttribute('aria-invalid', 'true');
            ctx.changedB(null);
            return;
        }
        syncQuick(p.value);
        let r;
        try {
            r = await ctx.host.worker().run('validate', p.value);
        } catch (e) {
            r = { ok: false, errors: [{ path: '', message: e.message }] };
        }
        if (seq !== validateSeq) return;
        bValid = r.ok ? p.value : null;
        status.textContent = r.ok ? t('b_valid') : t('b_invalid') + r.errors.length;
        status.className = r.ok ? 'status ok' : 'status bad';
        if (r.ok) $('b-json').removeAttribute('aria-invalid');
        else $('b-json').setAttribute('aria-invalid', 'true');
        // The core's messages are in English whatever the page's language.
        list.replaceChildren(...(r.ok ? [] : r.errors.map((e) => el('li', { lang: 'en', text: `${e.path || '/'}: ${e.message}` }))));
        ctx.changedB(bValid);
    }

    /** Program A has errors now: a comparison with its last valid version would mislead. */
    function needA() {
        $('compare-table').hidden = true;
        $('compare-summary').textContent = '';
        $('compare-progress').textContent = ctx.t('need_a');
    }

    async function run() {
        wanted = true;
        const t = ctx.t;
        const a = ctx.result();
        const progress = $('compare-progress');
        if (!a?.program || !ctx.host.source()) return needA();
        if (!bValid) {
            progress.textContent = $('b-status').textContent;
            return;
        }
        if (bValid.currency !== a.currency) {
            progress.textContent = t('b_currency');
            return;
        }
        const seq = ++runSeq;
        progress.textContent = t('computing_n')(1, 1);
        let r;
        try {
            r = await ctx.host.worker().metricsFromBytes(ctx.host.source(), {
                program: bValid, period: { from: a.period.from, to: a.period.to }, redemption_policy: 'max',
            });
        } catch (e) {
            r = { ok: false, errors: [{ path: '', message: e.message }] };
        }
        if (seq !== runSeq) return;
        if (!r.ok) {
            progress.textContent = t('b_failed') + r.errors.map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ');
            return;
        }
        progress.textContent = '';
        lastB = { response: r, forA: a };
        render();
    }

    function render() {
        const a = ctx.result();
        if (a && !a.program) return wanted ? needA() : undefined;
        if (!lastB || lastB.forA !== a) return;
        const f = ctx.f();
        const t = ctx.t;
        const c = comparePrograms(a.program, lastB.response.program);
        const show = (kind, v) => (kind === 'money' ? f.money(v) : kind === 'rate' ? f.pct(v) : f.int(v));
        // A difference of two shares is in percentage points, not a percentage of anything.
        const showDiff = (kind, v) => (v === null ? '—' : kind === 'money' ? f.signedMoney(v) : kind === 'rate' ? `${f.signed(Math.round(v * 1000000) / 10000)} ${t('pp_short')}` : f.signed(v));
        $('compare-rows').replaceChildren(...c.rows.map((row) => {
            // Lower is better for what the shop pays or owes; the points rows are shown, not judged.
            const judged = row.kind !== 'points' && row.diff;
            const cls = judged ? (row.diff < 0 ? 'better' : 'worse') : undefined;
            return el('tr', { 'data-key': row.key },
                el('th', { scope: 'row', text: t(row.key) }),
                el('td', { 'data-label': t('prog_a'), 'data-value': row.a, text: show(row.kind, row.a) }),
                el('td', { 'data-label': t('prog_b'), 'data-value': row.b, text: show(row.kind, row.b) }),
                el('td', { class: cls, 'data-label': t('difference'), 'data-value': row.diff, text: showDiff(row.kind, row.diff) }),
                el('td', { class: cls, 'data-label': t('diff_pct'), 'data-value': row.relative, text: f.signedPct(row.relative) }));
        }));
        $('compare-table').hidden = false;
        const summary = $('compare-summary');
        summary.dataset.cheaper = c.cheaper ?? '';
        summary.dataset.saving = c.saving;
        summary.textContent = c.cheaper ? t('cheaper')(c.cheaper.toUpperCase(), f.money(c.saving), f.pct(c.saving_share, 1), c.cheaper === 'a' ? 'B' : 'A') : t('same_cost');
    }

    $('copy-a').addEventListener('click', () => ctx.programA() && setB(ctx.programA()));
    $('load-b').addEventListener('click', () => $('load-b-file').click());
    $('load-b-file').addEventListener('change', async () => {
        const file = $('load-b-file').files[0];
        if (!file) return;
        try {
            const text = await file.text();
            $('b-json').value = text;
            const p = parse();
            if (p.ok) $('b-json').value = JSON.stringify(p.value, null, 2);
            validateB();
        } catch (e) {
            $('b-status').textContent = ctx.t('b_file_failed') + e.message;
        }
        $('load-b-file').value = '';
    });
    $('b-json').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(validateB, 250); });
    for (const input of document.querySelectorAll('[data-b]')) input.addEventListener('input', () => quickEdit(input));
    $('run-compare').addEventListener('click', run);

    return {
        /** Program A became valid: B starts as its copy. */
        programA(p) { if (p && !$('b-json').value.trim()) setB(p); },
        /** A new result of A (fresh: not a re-render for the language). */
        results(fresh) { if (fresh && wanted && bValid) run(); else render(); },
        language() { render(); if ($('b-json').value.trim()) validateB(); },
        bJson: () => bValid,
    };
}
