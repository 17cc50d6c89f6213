// The console's Numbers section (docs/server.md, "Numbers by month"): points issued, redeemed and
// expired by month, the liability at each month's end and the active members, as two SVG charts
// with a table of the same figures, and the CSV exports. Every figure is the server's (the core
// computes them); this file only lays them out. Registers itself with console.js.
'use strict';
(() => {
    const C = window.LoyaltyConsole;
    if (!C) return;
    const { el, svg, api, t, status, money, fmtInt, failure, token, SignedOut } = C;
    const $ = (id) => document.getElementById(id);

    const TEXTS = {
        en: {
            'nav.numbers': 'Numbers', 'numbers.title': 'Numbers',
            'numbers.lead': (d) => `Points by calendar month in the programme's zone; the balance and liability at each month's end (the current month: so far). Active members: customers with a purchase, refund, reward, bonus or adjustment in the ${d} days up to the month's end.`,
            'numbers.from': 'From month', 'numbers.to': 'To month', 'numbers.show': 'Show',
            'numbers.points': 'Points by month', 'numbers.pointsLabel': (a, b) => `Points issued, redeemed and expired by month, ${a} – ${b}`,
            'numbers.liability': 'Liability at the end of each month', 'numbers.liabilityLabel': (a, b, c) => `Liability in ${c} at each month's end, ${a} – ${b}`,
            'numbers.axisPoints': 'points', 'numbers.axisMoney': (c) => `liability, ${c}`, 'numbers.axisMonth': 'month',
            'numbers.table': 'The same figures by month', 'numbers.month': 'Month', 'numbers.issued': 'Issued', 'numbers.redeemed': 'Redeemed',
            'numbers.expired': 'Expired', 'numbers.clawed': 'Taken back by refunds', 'numbers.adjusted': 'Adjusted', 'numbers.balance': 'Balance at month end',
            'numbers.liab': 'Liability', 'numbers.active': 'Active members', 'numbers.total': 'Whole range',
            'numbers.summary': (n, v) => `${n} customers; 1 point = ${v}.`,
            'numbers.refused': (n) => `${n} customers' ledgers were refused by the core and are left out.`,
            'numbers.export': 'Export (CSV, opens in Excel)', 'numbers.exportCustomers': 'Customers (CSV)', 'numbers.exportEvents': 'Events (CSV)',
            'numbers.downloading': 'Preparing the file…', 'numbers.downloaded': (f) => `Downloaded ${f}.`,
            'numbers.badMonth': 'Pick a month.',
        },
        ru: {
            'nav.numbers': 'Показатели', 'numbers.title': 'Показатели',
            'numbers.lead': (d) => `Баллы по календарным месяцам в поясе программы; остаток и обязательства на конец каждого месяца (текущий месяц — на сейчас). Активные участники — покупатели с покупкой, возвратом, наградой, бонусом или корректировкой за ${d} дн. до конца месяца.`,
            'numbers.from': 'С месяца', 'numbers.to': 'По месяц', 'numbers.show': 'Показать',
            'numbers.points': 'Баллы по месяцам', 'numbers.pointsLabel': (a, b) => `Начислено, списано и сгорело баллов по месяцам, ${a} – ${b}`,
            'numbers.liability': 'Обязательства на конец месяца', 'numbers.liabilityLabel': (a, b, c) => `Обязательства в ${c} на конец каждого месяца, ${a} – ${b}`,
            'numbers.axisPoints': 'баллы', 'numbers.axisMoney': (c) => `обязательства, ${c}`, 'numbers.axisMonth': 'месяц',
            'numbers.table': 'Те же показатели по месяцам', 'numbers.month': 'Месяц', 'numbers.issued': 'Начислено', 'numbers.redeemed': 'Списано',
            'numbers.expired': 'Сгорело', 'numbers.clawed': 'Возвращено при возвратах', 'numbers.adjusted': 'Корректировки', 'numbers.balance': 'Остаток на конец месяца',
            'numbers.liab': 'Обязательства', 'numbers.active': 'Активные участники', 'numbers.total': 'За весь период',
            'numbers.summary': (n, v) => `Покупателей: ${n}; 1 балл = ${v}.`,
            'numbers.refused': (n) => `Ядро отклонило историю ${n} покупателей; они не учтены.`,
            'numbers.export': 'Выгрузка (CSV, открывается в Excel)', 'numbers.exportCustomers': 'Покупатели (CSV)', 'numbers.exportEvents': 'События (CSV)',
            'numbers.downloading': 'Готовим файл…', 'numbers.downloaded': (f) => `Скачан файл ${f}.`,
            'numbers.badMonth': 'Выберите месяц.',
        },
    };

    let range = null;  // {from, to} the operator chose; null: the server's default (12 months)

    const monthName = (m, long) => {
        const [y, mo] = m.split('-').map(Number);
        const d = new Date(Date.UTC(y, mo - 1, 15));
        return d.toLocaleDateString(C.locale(), long ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'short', year: '2-digit', timeZone: 'UTC' });
    };

    /** Round steps for an axis from lo (<= 0) to hi (>= 0): about four intervals. */
    function ticks(lo, hi) {
        const span = hi - lo || 1;
        const raw = span / 4;
        const mag = 10 ** Math.floor(Math.log10(raw));
        const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw);
        const out = [];
        for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
        if (out[out.length - 1] < hi) out.push(out[out.length - 1] + step);
        return out;
    }

    /**
     * A bar chart of one or more series by month, with its axes labelled.
     * series: [{key, label, cls, values}], format(v) for the y axis, yTitle.
     */
    function barChart(months, series, format, yTitle, label) {
        const width = Math.round(Math.max(340, Math.min(900, $('numbers-body').clientWidth || 600)));
        const H = 250, L = 64, R = 8, T = 28, B = 46;
        const chart = svg('svg', { viewBox: `0 0 ${width} ${H}`, role: 'img', 'aria-label': label, class: 'numbers-chart' });
        const all = series.flatMap((s) => s.values);
        const axis = ticks(Math.min(0, ...all), Math.max(0, ...all));
        const lo = axis[0], hi = axis[axis.length - 1];
        const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo || 1));
        for (const v of axis) {
            chart.append(svg('line', { x1: L, x2: width - R, y1: y(v), y2: y(v), class: v === 0 ? 'zero-axis' : 'axis' }));
            chart.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
        }
        chart.append(svg('text', { x: 4, y: 12, class: 'axis-title' }, yTitle));
        chart.append(svg('text', { x: (L + width - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis-title' }, t('numbers.axisMonth')));
        const n = months.length;
        const step = (width - L - R) / Math.max(1, n);
        const most = Math.max(3, Math.floor((width - L - R) / 56));
        const every = Math.ceil(n / most);
        const bar = (step * 0.8) / series.length;
        months.forEach((m, i) => {
            const x0 = L + step * i + step * 0.1;
            series.forEach((s, k) => {
                const v = s.values[i];
                const top = y(Math.max(0, v)), bottom = y(Math.min(0, v));
                const rect = svg('rect', { x: (x0 + bar * k).toFixed(1), width: Math.max(1, bar - 1).toFixed(1), y: top.toFixed(1), height: Math.max(v === 0 ? 0 : 1, bottom - top).toFixed(1), class: 'bar ' + s.cls, 'data-month': m, 'data-series': s.key, 'data-value': String(v) });
                rect.append(svg('title', {}, `${monthName(m, true)} · ${s.label}: ${format(v)}`));
                chart.append(rect);
            });
            if (i % every === 0) chart.append(svg('text', { x: L + step * (i + 0.5), y: H - B + 16, 'text-anchor': 'middle' }, monthName(m, false)));
        });
        if (series.length > 1) {
            let x = L;
            for (const s of series) {
                chart.append(svg('rect', { x, y: 2, width: 10, height: 10, class: 'bar ' + s.cls }));
                const text = svg('text', { x: x + 14, y: 11 }, s.label);
                chart.append(text);
                x += 30 + s.label.length * 7;
            }
            // The legend sits on the title's line: move the title above the plot's right edge.
            chart.querySelector('.axis-title').setAttribute('y', String(T - 6));
        }
        return chart;
    }

    function numbersTable(r) {
        const cols = [
            ['month', 'numbers.month'], ['issued', 'numbers.issued'], ['redeemed', 'numbers.redeemed'], ['expired', 'numbers.expired'],
            ['clawed_back', 'numbers.clawed'], ['adjusted', 'numbers.adjusted'], ['balance', 'numbers.balance'], ['liability', 'numbers.liab'],
            ['active', 'numbers.active'],
        ];
        const cell = (key, row) => (key === 'liability' ? money(row.liability) : fmtInt(row[key]));
        const head = el('tr', {}, cols.map(([, label], i) => el('th', { scope: 'col', class: i ? 'num' : null }, t(label))));
        const rows = r.months.map((m) => el('tr', { 'data-month': m.month },
            el('th', { scope: 'row' }, monthName(m.month, true)),
            cols.slice(1).map(([key, label]) => el('td', { class: 'num', 'data-label': t(label), 'data-key': key }, cell(key, m)))));
        const total = el('tr', { class: 'total', 'data-month': 'total' },
            el('th', { scope: 'row' }, t('numbers.total')),
            cols.slice(1).map(([key, label]) => el('td', { class: 'num', 'data-label': t(label), 'data-key': key }, cell(key, r.totals))));
        const caption = el('caption', { id: 'numbers-table-caption' }, t('numbers.table'));
        return el('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': 'numbers-table-caption' },
            el('table', { class: 'stack numbers-table', id: 'numbers-table' }, caption, el('thead', {}, head), el('tbody', {}, rows, total)));
    }

    async function download(kind, button) {
        status(t('numbers.downloading'));
        button.disabled = true;
        try {
            let r;
            try {
                r = await fetch(`/api/admin/export/${kind}.csv`, { headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' });
            } catch (e) {
                status(failure({ status: 0, error: e.message }), true);
                return;
            }
            if (!r.ok) {
                const body = await r.json().catch(() => null);
                status(failure({ status: r.status, body }), true);
                return;
            }
            const blob = await r.blob();
            const m = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
            const name = m ? m[1] : `loyalty-${kind}.csv`;
            const url = URL.createObjectURL(blob);
            const a = el('a', { href: url, download: name, hidden: true });
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10000);
            status(t('numbers.downloaded', name));
        } finally {
            button.disabled = false;
        }
    }

    function form(r) {
        const from = el('input', { id: 'numbers-from', name: 'from', type: 'month', value: r ? r.from : '', required: true, pattern: '\\d{4}-\\d{2}', 'aria-describedby': 'numbers-error' });
        const to = el('input', { id: 'numbers-to', name: 'to', type: 'month', value: r ? r.to : '', required: true, pattern: '\\d{4}-\\d{2}', 'aria-describedby': 'numbers-error' });
        const error = el('p', { class: 'error', id: 'numbers-error' });
        const f = el('form', { class: 'inline', id: 'numbers-form', novalidate: true },
            el('div', { class: 'field' }, el('label', { for: 'numbers-from' }, t('numbers.from')), from),
            el('div', { class: 'field' }, el('label', { for: 'numbers-to' }, t('numbers.to')), to),
            el('button', { type: 'submit' }, t('numbers.show')), error);
        f.addEventListener('submit', (e) => {
            e.preventDefault();
            for (const input of [from, to]) input.removeAttribute('aria-invalid');
            const bad = [from, to].find((input) => !/^\d{4}-\d{2}$/.test(input.value));
            if (bad) {
                bad.setAttribute('aria-invalid', 'true');
                error.textContent = t('numbers.badMonth');
                bad.focus();
                return;
            }
            range = { from: from.value, to: to.value };
            load().catch((err) => {
                if (!(err instanceof SignedOut)) status(t('failed', err.message), true);
            });
        });
        return f;
    }

    function exportsBlock() {
        const customers = el('button', { type: 'button', class: 'quiet', id: 'export-customers' }, t('numbers.exportCustomers'));
        const events = el('button', { type: 'button', class: 'quiet', id: 'export-events' }, t('numbers.exportEvents'));
        customers.addEventListener('click', () => download('customers', customers));
        events.addEventListener('click', () => download('events', events));
        return el('div', { class: 'card' }, el('h2', {}, t('numbers.export')), el('div', { class: 'row' }, customers, events));
    }

    async function load() {
        const body = $('numbers-body');
        const query = range ? `?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}` : '';
        const r = await api('GET', '/api/admin/numbers' + query);
        if (!r.ok) {
            body.replaceChildren(form(range), exportsBlock());
            const errors = (r.body && r.body.errors) || [];
            for (const e of errors) {
                const input = e.path === '/from' ? $('numbers-from') : e.path === '/to' ? $('numbers-to') : null;
                if (input) input.setAttribute('aria-invalid', 'true');
            }
            $('numbers-error').textContent = failure(r);
            status(failure(r), true);
            document.body.dataset.loaded = 'true';
            return;
        }
        const n = r.body;
        const months = n.months.map((m) => m.month);
        const first = monthName(n.from, true), last = monthName(n.to, true);
        const pointsFmt = (v) => fmtInt(v);
        const points = barChart(months, [
            { key: 'issued', label: t('numbers.issued'), cls: 'issued', values: n.months.map((m) => m.issued) },
            { key: 'redeemed', label: t('numbers.redeemed'), cls: 'redeemed', values: n.months.map((m) => m.redeemed) },
            { key: 'expired', label: t('numbers.expired'), cls: 'expired', values: n.months.map((m) => m.expired) },
        ], pointsFmt, t('numbers.axisPoints'), t('numbers.pointsLabel', first, last));
        const liability = barChart(months, [
            { key: 'liability', label: t('numbers.liab'), cls: 'liability', values: n.months.map((m) => m.liability) },
        ], (v) => money(v), t('numbers.axisMoney', n.currency), t('numbers.liabilityLabel', first, last, n.currency));
        const notes = [el('p', { class: 'muted' }, t('numbers.lead', n.active_days)),
            el('p', { class: 'muted', id: 'numbers-summary' }, t('numbers.summary', fmtInt(n.customers), money(n.point_value)))];
        if (n.refused > 0) notes.push(el('p', { class: 'error' }, t('numbers.refused', fmtInt(n.refused))));
        body.replaceChildren(form(n), ...notes,
            el('div', { class: 'card' }, el('figure', {}, el('figcaption', {}, t('numbers.points')), points),
                el('figure', { class: 'second' }, el('figcaption', {}, t('numbers.liability')), liability)),
            el('div', { class: 'card' }, numbersTable(n)),
            exportsBlock());
        document.body.dataset.loaded = 'true';
    }

    C.register('numbers', { texts: TEXTS, show: load });
})();
