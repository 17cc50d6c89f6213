// The printed report: what the owner typed (program, file, period) as text, and the program JSON,
// shown only in print (report.css); the "Print report" button opens the browser's print dialog,
// where "Save as PDF" makes a file to share.
import { el } from './extras-text.js';

const $ = (id) => document.getElementById(id);

export function createReport(ctx) {
    function update() {
        const t = ctx.t;
        const a = ctx.programA();
        const r = ctx.result();
        const f = ctx.f(a?.currency || r?.currency || 'RUB');
        const items = [];
        const add = (k, v) => items.push(el('div', {}, el('dt', { text: t(k) }), el('dd', { text: v })));
        const source = ctx.host.source();
        if (source) add('r_file', source.name || t('r_sample'));
        if (r?.period) add('r_period', `${r.period.from} — ${r.period.to}`);
        if (a) {
            add('r_program', `${a.name || a.id} (${a.currency})`);
            // A program with earn.rules has no one rate: name its rules (the JSON below has them all).
            if (a.earn?.rules) add('r_earn', a.earn.rules.map((x) => x.name || x.id).join('; '));
            else add('r_earn', t('r_earn_v')(f.int(a.earn?.points), f.money(a.earn?.per_amount), f.money(a.earn?.min_order ?? 0)));
            const red = a.redemption || {};
            add('r_redeem', t('r_redeem_v')(f.money(red.point_value), f.int(red.min_points ?? 0), red.max_share ?? '100%'));
            const ex = a.expiry || {};
            const end = ex.at_end_of && ex.at_end_of !== 'day' ? t('r_end_of')(ex.at_end_of) : null;
            const idle = ex.inactive_days ? t('r_inactive')(ex.inactive_days) : null;
            add('r_expiry', ex.days || end || idle ? [ex.days ? t('r_days')(ex.days) : null, end, idle].filter(Boolean).join(', ') : t('r_never'));
            if (a.tiers?.levels?.length) {
                const levels = a.tiers.levels.map((l) => `${l.name}: ${f.money(l.threshold)} × ${l.multiplier}`).join('; ');
                const how = [a.tiers.requalify === 'calendar_year' ? t('r_calendar_year') : null, a.tiers.grace_days ? t('r_grace')(a.tiers.grace_days) : null].filter(Boolean);
                add('r_tiers', how.length ? `${levels} (${how.join(', ')})` : levels);
            }
            if (a.rewards?.length) add('r_rewards', a.rewards.map((w) => `${w.name} (${f.int(w.cost)})`).join('; '));
        }
        add('r_generated', new Date().toLocaleString(ctx.lang()));
        $('report-inputs').replaceChildren(...items);
        $('report-json').textContent = a ? JSON.stringify(a, null, 2) : '—';
        const b = ctx.programB();
        $('report-json-b').textContent = b ? JSON.stringify(b, null, 2) : '';
        $('report-json-b').hidden = !b;
        $('report-json-b-heading').hidden = !b;
    }
    $('print-report').addEventListener('click', () => {
        update();
        window.print();
    });
    window.addEventListener('beforeprint', update);
    return { update };
}
