// "What retention is worth": the model of retention-model.js shown as a worksheet, each figure
// beside its formula with the numbers put in.
import { el } from './extras-text.js';
import { setFieldError } from './field-errors.js';
import { retentionValue } from './retention-model.js';

const $ = (id) => document.getElementById(id);

export function createRetention(ctx) {
    function render() {
        const r = ctx.result();
        if (!r) return;
        const t = ctx.t;
        const f = ctx.f(r.currency);
        const v = retentionValue(r, { margin: $('ret-margin').value, rise: $('ret-rise').value });
        setFieldError($('ret-margin'), '');
        setFieldError($('ret-rise'), '');
        $('ret-note').textContent = '';
        if (!v.ok) {
            for (const e of v.errors) {
                if (e.field) setFieldError($(`ret-${e.field}`), t(e.code));
                else $('ret-note').textContent = t(e.code);
            }
            $('ret-table').hidden = true;
            $('ret-now').textContent = '';
            return;
        }
        const pct = (x) => f.pct(x, 2);
        const pp = (x) => `${f.int(Math.round(x * 1000000) / 10000)} ${t('pp')}`;
        $('ret-now').textContent = t('ret_now')(pct(v.retention), pct(v.churn), pct(v.retention_after), pct(v.churn_after));
        const noCost = v.cost_year === null;
        const rows = [
            ['kept', 'ret_kept', `${f.int(v.active_at_start)} × ${pct(v.rise)}`, f.int(v.kept), v.kept],
            ['per_customer_year', 'ret_per', `${f.money(v.average_order_value)} × ${f.int(v.purchase_frequency)} × 365 / ${f.int(v.days)}`, f.money(v.per_customer_year), v.per_customer_year],
            ['extra_revenue', 'ret_revenue', `${f.int(v.kept)} × ${f.money(v.per_customer_year)}`, f.money(v.extra_revenue), v.extra_revenue],
            ['extra_profit', 'ret_profit', `${f.money(v.extra_revenue)} × ${pct(v.margin)}`, f.money(v.extra_profit), v.extra_profit],
            ['cost_year', 'ret_cost', noCost ? t('no_cost') : `${f.money(v.reward_cost)} × 365 / ${f.int(v.days)}`, f.money(v.cost_year), v.cost_year],
            ['net', 'ret_net', noCost ? t('no_cost') : `${f.money(v.extra_profit)} − ${f.money(v.cost_year)}`, noCost ? '—' : f.signedMoney(v.net), v.net],
            ['break_even', 'ret_be', noCost ? t('no_cost') : `${f.money(v.cost_year)} / (${f.int(v.active_at_start)} × ${f.money(v.per_customer_year)} × ${pct(v.margin)})`,
                v.break_even === null ? '—' : pp(v.break_even) + (v.break_even_reachable ? '' : t('unreachable')), v.break_even],
        ];
        $('ret-rows').replaceChildren(...rows.map(([key, label, numbers, shown, raw]) => {
            const cls = key === 'net' && v.net !== null ? (v.net >= 0 ? 'better' : 'worse') : undefined;
            return el('tr', { 'data-key': key },
                el('th', { scope: 'row', text: t(label) }),
                el('td', { class: 'formula' }, el('span', { class: 'words', text: `${t(label + '_f')} = ` }), el('span', { class: 'numbers', text: numbers })),
                el('td', { class: cls, 'data-value': raw ?? '', text: shown }));
        }));
        $('ret-table').hidden = false;
    }
    for (const id of ['ret-margin', 'ret-rise']) $(id).addEventListener('input', render);
    return { results: render, language: render };
}
