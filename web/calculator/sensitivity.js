// "Sensitivity": one parameter of program A (earn rate, point value, expiry days) swept over a
// range; every point is a full replay by the core in the worker (one request at a time, so the
// page stays responsive), drawn as cost and liability against the parameter.
import { parseMoney } from './exact.js';
import { setFieldError } from './field-errors.js';
import { defaultRange, paramOf, sweepValues, SWEEP_PARAMS, withParam } from './sweep-model.js';
import { xyChart } from './xy-chart.js';

const $ = (id) => document.getElementById(id);

export function createSensitivity(ctx) {
    let seq = 0;
    let last = null; // {param, xs, cost, liability, currency}
    let rangeFor = null; // the parameter whose default range the inputs hold

    const isMoney = (param) => SWEEP_PARAMS[param].unit === 'money';
    const showInput = (param, v) => (isMoney(param) ? String(v / 10 ** ctx.f().exp).replace('.', ctx.lang() === 'ru' ? ',' : '.') : String(v));

    function fillDefaults(force = false) {
        const a = ctx.programA();
        const param = $('sens-param').value;
        if (!a || (!force && rangeFor === param)) return;
        const { from, to } = defaultRange(a, param);
        $('sens-from').value = showInput(param, from);
        $('sens-to').value = showInput(param, to);
        rangeFor = param;
    }

    function readNumber(param, text) {
        if (isMoney(param)) return parseMoney(text, ctx.f().exp) ?? NaN;
        const s = String(text).trim();
        return /^\d{1,13}$/.test(s) ? Number(s) : NaN;
    }

    async function run() {
        const t = ctx.t;
        const a = ctx.result();
        const programA = ctx.programA();
        const progress = $('sens-progress');
        const param = $('sens-param').value;
        const steps = /^\s*\d{1,3}\s*$/.test($('sens-steps').value) ? Number($('sens-steps').value) : NaN;
        const v = sweepValues(param, readNumber(param, $('sens-from').value), readNumber(param, $('sens-to').value), steps);
        for (const id of ['sens-from', 'sens-to', 'sens-steps']) setFieldError($(id), '');
        if (!v.ok) {
            for (const e of v.errors) {
                const code = isMoney(param) && e.code.startsWith('whole') ? 'money_from' : e.code;
                setFieldError($(`sens-${e.field}`), t(code));
            }
            return;
        }
        if (!a?.program || !programA || !ctx.host.source()) {
            progress.textContent = t('need_a');
            return;
        }
        const my = ++seq;
        const cost = [];
        const liability = [];
        $('run-sweep').disabled = true;
        try {
            for (let i = 0; i < v.values.length; i++) {
                progress.textContent = t('computing_n')(i + 1, v.values.length);
                let r;
                try {
                    r = await ctx.host.worker().metricsFromBytes(ctx.host.source(), {
                        program: withParam(programA, param, v.values[i]),
                        period: { from: a.period.from, to: a.period.to },
                        redemption_policy: 'max',
                    });
                } catch (e) {
                    r = { ok: false, errors: [{ path: '', message: e.message }] };
                }
                if (my !== seq) return;
                if (!r.ok) {
                    progress.textContent = `${t('p_' + param)} = ${v.values[i]}: ` + r.errors.map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ');
                    return;
                }
                cost.push(r.program.reward_cost);
                liability.push(r.program.liability);
            }
        } finally {
            if (my === seq) $('run-sweep').disabled = false;
        }
        progress.textContent = '';
        last = { param, xs: v.values, cost, liability, currency: a.currency, base: paramOf(programA, param) };
        draw();
    }

    function draw() {
        if (!last) return;
        const f = ctx.f(last.currency);
        const t = ctx.t;
        const name = t('p_' + last.param);
        const title = t('sens_title')(name);
        $('sens-caption').textContent = title;
        xyChart($('sens-chart'), {
            title,
            xLabel: name,
            yLabel: t('money_axis')(f.symbol),
            xs: last.xs,
            xFormat: (x) => (isMoney(last.param) ? f.money(x) : f.int(x)),
            yFormat: (y) => f.compactMoney(y),
            valueFormat: (y) => f.money(y),
            series: [
                { label: t('cost'), cls: 's3', values: last.cost },
                { label: t('liability'), cls: 's1', values: last.liability },
            ],
        });
    }

    $('sens-param').addEventListener('change', () => fillDefaults(true));
    $('run-sweep').addEventListener('click', run);

    return {
        programA() { fillDefaults(); },
        results(fresh) {
            if (fresh && last) $('sens-progress').textContent = ctx.t('stale');
            else if (!fresh) draw();
        },
        language() { draw(); },
    };
}
