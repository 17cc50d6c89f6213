// What a rise in retention is worth, against what the program costs: a pure model over the
// metrics the core measured (docs/calculator.md, "What retention is worth"). Integers only: money
// in minor units, percentages in hundredths (BigInt), each step rounded once, half up, and the
// next step uses the rounded value, so every formula the page prints reproduces by hand.
import { daysInclusive, divRound, hundredths, rate4 } from './exact.js';

/**
 * @param {object} m  the metrics response (period, active_at_start, retention_rate, churn_rate,
 *                    average_order_value, purchase_frequency, program.reward_cost)
 * @param {{margin: string, rise: string}} input  percentages as typed ("30", "5", "2,5"); the rise is
 *                    in percentage points of retention (5: from 74.09% to 79.09%)
 * @returns {{ok: true, ...} | {ok: false, errors: {field: string, code: string}[]}}
 */
export function retentionValue(m, input) {
    const errors = [];
    const margin = hundredths(input.margin);
    const rise = hundredths(input.rise);
    if (margin === null || margin > 10000n) errors.push({ field: 'margin', code: 'percent_0_100' });
    if (rise === null || rise === 0n || rise > 10000n) errors.push({ field: 'rise', code: 'rise_range' });
    const retention = rate4(m.retention_rate);
    const frequency = rate4(m.purchase_frequency);
    if (retention === null || !m.active_at_start || m.average_order_value === null || frequency === null || !m.period) {
        errors.push({ field: '', code: 'no_retention' });
    }
    // Retention is a share of the customers active at the start: it cannot pass 100%.
    if (rise !== null && retention !== null && retention + rise > 10000n) errors.push({ field: 'rise', code: 'over_100' });
    if (errors.length) return { ok: false, errors };

    const days = BigInt(daysInclusive(m.period.from, m.period.to));
    const S = BigInt(m.active_at_start);
    const aov = BigInt(m.average_order_value);
    const cost = m.program ? BigInt(m.program.reward_cost) : null;

    // Kept customers: an exact decimal with at most 4 decimals (S x hundredths of a percent).
    const keptTenThousandths = S * rise; // kept x 10^4
    // Revenue per customer per year: AOV x frequency (orders per customer in the period) x 365 / days.
    const perCustomerYear = divRound(aov * frequency * 365n, 10000n * days);
    const extraRevenue = divRound(keptTenThousandths * perCustomerYear, 10000n);
    const extraProfit = divRound(extraRevenue * margin, 10000n);
    const costYear = cost === null ? null : divRound(cost * 365n, days);
    const net = costYear === null ? null : extraProfit - costYear;
    // The rise (hundredths of a point) whose profit pays the cost: cost / (S x per customer x margin).
    const denom = S * perCustomerYear * margin;
    const breakEven = costYear === null || denom === 0n ? null : divRound(costYear * 100000000n, denom);
    // Basis points (1e-4) throughout: the core's 4-decimal rates and the typed hundredths of a percent.
    const churn = rate4(m.churn_rate) ?? 10000n - retention;
    const retentionAfter = retention + rise;
    return {
        ok: true,
        days: Number(days),
        active_at_start: Number(S),
        retention: Number(retention) / 10000,
        churn: Number(churn) / 10000,
        retention_after: Number(retentionAfter) / 10000,
        churn_after: Number(churn > rise ? churn - rise : 0n) / 10000,
        margin: Number(margin) / 10000,
        rise: Number(rise) / 10000,
        kept: Number(keptTenThousandths) / 10000,
        average_order_value: Number(aov),
        purchase_frequency: Number(frequency) / 10000,
        per_customer_year: Number(perCustomerYear),
        extra_revenue: Number(extraRevenue),
        extra_profit: Number(extraProfit),
        reward_cost: cost === null ? null : Number(cost),
        cost_year: costYear === null ? null : Number(costYear),
        net: net === null ? null : Number(net),
        break_even: breakEven === null ? null : Number(breakEven) / 10000,
        break_even_reachable: breakEven === null ? null : retention + breakEven <= 10000n,
    };
}
