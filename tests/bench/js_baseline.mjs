// The metrics workload the way a JavaScript developer would write it without the core: PapaParse
// reads the CSV, plain JS aggregates. Written to be fast (one pass over rows, typed arrays,
// integer money) and to follow the core's definitions (docs/metrics.md), so that the benchmark
// compares like with like; bench_wasm_vs_js.mjs checks that its numbers equal the core's.
import Papa from 'papaparse';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of "dd.mm.yyyy[ hh:mm[:ss]]" or "yyyy-mm-dd[Thh:mm...]"; NaN if invalid. */
function dayNumber(text) {
    let y, m, d;
    if (text.charCodeAt(2) === 46 /* . */) {
        d = +text.slice(0, 2);
        m = +text.slice(3, 5);
        y = +text.slice(6, 10);
    } else {
        y = +text.slice(0, 4);
        m = +text.slice(5, 7);
        d = +text.slice(8, 10);
    }
    if (!(y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
    const t = Date.UTC(y, m - 1, d);
    if (new Date(t).getUTCDate() !== d) return NaN; // 31.02
    return t / DAY_MS;
}

/** Minor units (2 decimals) of "1 234,50", "-99.9", "1234.50"; NaN if invalid. */
function minorUnits(text) {
    const clean = text.replace(/[\s\u00a0\u202f\u2009]/g, '');
    const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(clean);
    if (!m) return NaN;
    const cents = m[3] ? +(m[3].length === 1 ? m[3] + '0' : m[3]) : 0;
    const value = +m[2] * 100 + cents;
    return m[1] ? -value : value;
}

const COLUMN_NAMES = {
    customer: ['customer', 'customer_id', 'customer_email', 'email', 'клиент', 'покупатель'],
    order: ['order', 'order_id', 'номер заказа', 'заказ'],
    date: ['date', 'created_at', 'order_date', 'дата'],
    amount: ['amount', 'total', 'сумма'],
};

function findColumns(header) {
    const names = header.map((h) => h.trim().toLowerCase().replace(/^\ufeff/, ''));
    const out = {};
    for (const [role, candidates] of Object.entries(COLUMN_NAMES)) out[role] = names.findIndex((n) => candidates.includes(n));
    return out;
}

/** round(num * 10000 / den) / 10000, half away from zero (num, den >= 0). */
const rate4 = (num, den) => Math.floor((num * 20000 + den) / (2 * den)) / 10000;
/** round(num / den), half up, for num >= 0 (BigInt: sums pass 2^53). */
const divHalfUp = (num, den) => Number((2n * BigInt(num) + BigInt(den)) / (2n * BigInt(den)));

function monthKey(day) {
    const d = new Date(day * DAY_MS);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function formatDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Metrics over CSV text: {orders, customers, revenue, ..., months: [...], import: {rows, bad_rows}}
 * with the core's names. `options`: {from?, to? (YYYY-MM-DD), windowDays = 365}.
 */
export function papaMetrics(text, options = {}) {
    const W = options.windowDays ?? 365;
    const parsed = Papa.parse(text, { skipEmptyLines: true });
    const rows = parsed.data;
    const col = findColumns(rows[0]);

    // Orders: parallel typed arrays; customers and order ids interned through Maps.
    const n = rows.length - 1;
    const orderCustomer = new Int32Array(n);
    const orderDay = new Int32Array(n);
    const orderAmount = new Float64Array(n);
    const refundDay = [];
    const refundAmount = [];
    const customerIndex = new Map();
    const orderById = new Map();
    let orders = 0;
    let badRows = 0;
    let mergedRows = 0;
    for (let i = 1; i < rows.length; i++) {
        const r = rows[i];
        const day = dayNumber(r[col.date] ?? '');
        const amount = minorUnits(r[col.amount] ?? '');
        const customerText = r[col.customer];
        if (Number.isNaN(day) || Number.isNaN(amount) || !customerText) {
            badRows++;
            continue;
        }
        let customer = customerIndex.get(customerText);
        if (customer === undefined) customerIndex.set(customerText, (customer = customerIndex.size));
        if (amount < 0) {
            refundDay.push(day);
            refundAmount.push(-amount);
            continue;
        }
        const id = col.order >= 0 ? r[col.order] : '';
        if (id) {
            const known = orderById.get(id);
            if (known !== undefined) {
                if (orderCustomer[known] !== customer) badRows++;
                else {
                    orderAmount[known] += amount;
                    mergedRows++;
                }
                continue;
            }
            orderById.set(id, orders);
        }
        orderCustomer[orders] = customer;
        orderDay[orders] = day;
        orderAmount[orders] = amount;
        orders++;
    }

    // The period: as asked, else the whole history, refunds included.
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < orders; i++) {
        if (orderDay[i] < first) first = orderDay[i];
        if (orderDay[i] > last) last = orderDay[i];
    }
    for (const d of refundDay) {
        if (d < first) first = d;
        if (d > last) last = d;
    }
    const from = options.from ? dayNumber(options.from) : first;
    const to = options.to ? dayNumber(options.to) : last;

    // Months of the period, clipped.
    const firstMonth = monthKey(from);
    const M = monthKey(to) - firstMonth + 1;
    const monthOf = (d) => monthKey(d) - firstMonth;
    const months = Array.from({ length: M }, (_, m) => {
        const y = Math.floor((firstMonth + m) / 12);
        const mo = (firstMonth + m) % 12;
        return {
            from: Math.max(from, Date.UTC(y, mo, 1) / DAY_MS),
            to: Math.min(to, Date.UTC(y, mo + 1, 0) / DAY_MS),
            orders: 0, customers: 0, repeat_customers: 0, new_customers: 0, revenue: 0n, refunds: 0, refunded: 0n,
            active_at_start: 0, active_at_end: 0, retained: 0,
        };
    });
    for (let i = 0; i < orders; i++) {
        const d = orderDay[i];
        if (d < from || d > to) continue;
        const mo = months[monthOf(d)];
        mo.orders++;
        mo.revenue += BigInt(orderAmount[i]);
    }
    for (let i = 0; i < refundDay.length; i++) {
        const d = refundDay[i];
        if (d < from || d > to) continue;
        const mo = months[monthOf(d)];
        mo.refunds++;
        mo.refunded += BigInt(refundAmount[i]);
    }

    // Each customer's order days, sorted: counting sort by customer, then sort within.
    const C = customerIndex.size;
    const start = new Int32Array(C + 1);
    for (let i = 0; i < orders; i++) start[orderCustomer[i] + 1]++;
    for (let c = 0; c < C; c++) start[c + 1] += start[c];
    const fill = start.slice(0, C);
    const days = new Int32Array(orders);
    for (let i = 0; i < orders; i++) days[fill[orderCustomer[i]]++] = orderDay[i];

    const checkpoints = [from - 1, ...months.map((m) => m.to)];
    const active = new Uint8Array(checkpoints.length);
    const P = { customers: 0, repeat_customers: 0, new_customers: 0, active_at_start: 0, active_at_end: 0, retained: 0 };
    for (let c = 0; c < C; c++) {
        const b = start[c];
        const e = start[c + 1];
        if (b === e) continue;
        const own = days.subarray(b, e).sort();
        if (own[0] > to) continue;
        if (own[0] >= from) {
            P.new_customers++;
            months[monthOf(own[0])].new_customers++;
        }
        let inPeriod = 0;
        let month = -1;
        let inMonth = 0;
        for (const d of own) {
            if (d > to) break;
            if (d < from) continue;
            inPeriod++;
            const m = monthOf(d);
            if (m !== month) {
                if (inMonth > 0) {
                    months[month].customers++;
                    if (inMonth > 1) months[month].repeat_customers++;
                }
                month = m;
                inMonth = 0;
            }
            inMonth++;
        }
        if (inMonth > 0) {
            months[month].customers++;
            if (inMonth > 1) months[month].repeat_customers++;
        }
        if (inPeriod > 0) {
            P.customers++;
            if (inPeriod > 1) P.repeat_customers++;
        }
        // Active at checkpoint t: the last order on or before t is within W days of it.
        let k = 0;
        for (let j = 0; j < checkpoints.length; j++) {
            const t = checkpoints[j];
            while (k < own.length && own[k] <= t) k++;
            active[j] = k > 0 && own[k - 1] > t - W ? 1 : 0;
        }
        for (let m = 0; m < M; m++) {
            months[m].active_at_start += active[m];
            months[m].active_at_end += active[m + 1];
            months[m].retained += active[m] & active[m + 1];
        }
        P.active_at_start += active[0];
        P.active_at_end += active[M];
        P.retained += active[0] & active[M];
    }

    const finish = (p) => {
        const out = {
            orders: p.orders, customers: p.customers, repeat_customers: p.repeat_customers, new_customers: p.new_customers,
            revenue: Number(p.revenue), refunds: p.refunds, refunded: Number(p.refunded), net_revenue: Number(p.revenue - p.refunded),
            average_order_value: p.orders > 0 ? divHalfUp(p.revenue, p.orders) : null,
            purchase_frequency: p.customers > 0 ? rate4(p.orders, p.customers) : null,
            repeat_purchase_rate: p.customers > 0 ? rate4(p.repeat_customers, p.customers) : null,
            active_at_start: p.active_at_start, active_at_end: p.active_at_end,
            acquired: p.active_at_end - p.retained, retained: p.retained,
            retention_rate: p.active_at_start > 0 ? rate4(p.retained, p.active_at_start) : null,
            churn_rate: p.active_at_start > 0 ? rate4(p.active_at_start - p.retained, p.active_at_start) : null,
        };
        const lost = p.active_at_start - p.retained;
        out.lifetime_value = p.customers > 0 && lost > 0 ? divHalfUp(p.revenue * BigInt(p.active_at_start), BigInt(p.customers) * BigInt(lost)) : null;
        return out;
    };
    P.orders = months.reduce((s, m) => s + m.orders, 0);
    P.refunds = months.reduce((s, m) => s + m.refunds, 0);
    P.revenue = months.reduce((s, m) => s + m.revenue, 0n);
    P.refunded = months.reduce((s, m) => s + m.refunded, 0n);
    return {
        period: { from: formatDay(from), to: formatDay(to) },
        ...finish(P),
        months: months.map((m) => {
            const { lifetime_value, ...counts } = finish(m);
            return { month: formatDay(m.from).slice(0, 7), from: formatDay(m.from), to: formatDay(m.to), ...counts };
        }),
        import: { rows: n, bad_rows: badRows, merged_rows: mergedRows, refund_rows: refundDay.length },
    };
}
