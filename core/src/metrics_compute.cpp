// Customers, orders, revenue, repeat purchases, retention and churn for a period and its months.
// Definitions: docs/metrics.md.
#include <algorithm>

#include "metrics_index.h"

namespace loyalty {
namespace {

// Sums kept in 128 bits while adding; checked against int64 once at the end.
struct Sums {
    __int128 revenue = 0;
    __int128 refunded = 0;
};

void derive(PeriodMetrics& p) {
    if (p.orders > 0) p.average_order_value = div_half_up(p.revenue, p.orders);
    if (p.customers > 0) {
        p.purchase_frequency = rate4(p.orders, p.customers);
        p.repeat_purchase_rate = rate4(p.repeat_customers, p.customers);
    }
    if (p.active_at_start > 0) {
        p.retention_rate = rate4(p.retained, p.active_at_start);
        p.churn_rate = rate4(p.active_at_start - p.retained, p.active_at_start);
        // Value per customer over the period, times the expected number of such periods a
        // customer stays (1 / churn): revenue * S / (customers * (S - retained)).
        const int64_t lost = p.active_at_start - p.retained;
        if (p.customers > 0 && lost > 0) {
            p.lifetime_value =
                div_half_up(__int128(p.revenue) * p.active_at_start, __int128(p.customers) * lost);
        }
    }
}

}  // namespace

Result<Metrics> compute_metrics(const OrderTable& table, const MetricsOptions& options) {
    auto layout_r = layout_period(table, options);
    if (!layout_r.ok()) return layout_r.errors();
    const PeriodLayout& L = layout_r.value();
    const int32_t M = L.month_count();
    const int32_t W = options.active_window_days;

    Metrics out;
    out.period.from = L.from;
    out.period.to = L.to;
    out.months.resize(size_t(M));
    for (int32_t m = 0; m < M; ++m) {
        out.months[size_t(m)].from = L.month_from[size_t(m)];
        out.months[size_t(m)].to = L.month_to[size_t(m)];
    }
    Sums total;
    std::vector<Sums> month_sums(static_cast<size_t>(M));

    // Order-major pass: orders and money per month.
    const auto& day = table.day();
    const auto& amount = table.amount();
    for (size_t i = 0; i < table.size(); ++i) {
        const Day d = day[i];
        if (d < L.from || d > L.to) continue;
        const auto m = size_t(L.month_of(d));
        ++out.months[m].orders;
        month_sums[m].revenue += amount[i];
    }
    for (const auto& r : table.refunds()) {
        if (!L.contains(r.day)) continue;
        const auto m = size_t(L.month_of(r.day));
        ++out.months[m].refunds;
        month_sums[m].refunded += r.amount;
    }

    // Activity checkpoints: the end of the day before the period, then each month's last day.
    std::vector<Day> checkpoint(size_t(M) + 1);
    checkpoint[0] = L.from - 1;
    for (int32_t m = 0; m < M; ++m) checkpoint[size_t(m) + 1] = L.month_to[size_t(m)];
    std::vector<int64_t> active_diff(size_t(M) + 2, 0);    // active at checkpoint k
    std::vector<int64_t> retained_diff(size_t(M) + 1, 0);  // active at checkpoints m and m + 1

    // Customer-major pass over each customer's orders in day order (the finalized layout).
    PeriodMetrics& P = out.period;
    for (int32_t c = 0; c < table.customer_count(); ++c) {
        const uint32_t begin = table.customer_begin(c), end = table.customer_begin(c + 1);
        if (begin == end) continue;  // a customer seen only in refunds
        const Day first = day[begin];
        if (first > L.to) continue;
        if (L.contains(first)) {
            ++P.new_customers;
            ++out.months[size_t(L.month_of(first))].new_customers;
        }
        int64_t in_period = 0;
        int32_t month = -1;
        int64_t in_month = 0;
        bool active_start = false, active_end = false;
        // Activity intervals [d, d + W - 1] merged in day space, then mapped to checkpoints.
        Day run_from = 0, run_to = -1;
        bool have_run = false;
        int64_t ck_lo = -1, ck_hi = -2;  // the current merged run of active checkpoints
        auto flush_checkpoints = [&](int64_t lo, int64_t hi) {
            if (lo > hi) return;
            if (ck_hi >= ck_lo && lo <= ck_hi + 1) {
                ck_hi = std::max(ck_hi, hi);
                return;
            }
            if (ck_hi >= ck_lo) {
                ++active_diff[size_t(ck_lo)];
                --active_diff[size_t(ck_hi) + 1];
                ++retained_diff[size_t(ck_lo)];
                --retained_diff[size_t(ck_hi)];
            }
            ck_lo = lo;
            ck_hi = hi;
        };
        auto close_run = [&] {
            if (!have_run) return;
            if (run_from <= L.from - 1 && L.from - 1 <= run_to) active_start = true;
            if (run_from <= L.to && L.to <= run_to) active_end = true;
            const auto lo = std::lower_bound(checkpoint.begin(), checkpoint.end(), run_from);
            const auto hi = std::upper_bound(checkpoint.begin(), checkpoint.end(), run_to);
            flush_checkpoints(lo - checkpoint.begin(), (hi - checkpoint.begin()) - 1);
        };
        for (uint32_t k = begin; k < end; ++k) {
            const Day d = day[k];
            if (d > L.to) break;
            if (d >= L.from) {
                ++in_period;
                const int32_t m = L.month_of(d);
                if (m != month) {
                    if (in_month > 0) {
                        ++out.months[size_t(month)].customers;
                        if (in_month > 1) ++out.months[size_t(month)].repeat_customers;
                    }
                    month = m;
                    in_month = 0;
                }
                ++in_month;
            }
            const Day until = Day(d + W - 1);
            if (have_run && d <= run_to + 1) {
                run_to = std::max(run_to, until);
            } else {
                close_run();
                run_from = d;
                run_to = until;
                have_run = true;
            }
        }
        close_run();
        if (ck_hi >= ck_lo) {
            ++active_diff[size_t(ck_lo)];
            --active_diff[size_t(ck_hi) + 1];
            ++retained_diff[size_t(ck_lo)];
            --retained_diff[size_t(ck_hi)];
        }
        if (in_month > 0) {
            ++out.months[size_t(month)].customers;
            if (in_month > 1) ++out.months[size_t(month)].repeat_customers;
        }
        if (in_period > 0) {
            ++P.customers;
            if (in_period > 1) ++P.repeat_customers;
        }
        P.active_at_start += active_start;
        P.active_at_end += active_end;
        P.retained += active_start && active_end;
    }

    int64_t active = 0, retained = 0;
    std::vector<int64_t> active_at(size_t(M) + 1);
    for (size_t k = 0; k <= size_t(M); ++k) active_at[k] = active += active_diff[k];
    for (int32_t m = 0; m < M; ++m) {
        PeriodMetrics& pm = out.months[size_t(m)];
        retained += retained_diff[size_t(m)];
        pm.active_at_start = active_at[size_t(m)];
        pm.active_at_end = active_at[size_t(m) + 1];
        pm.retained = retained;
        pm.acquired = pm.active_at_end - pm.retained;
        total.revenue += month_sums[size_t(m)].revenue;
        total.refunded += month_sums[size_t(m)].refunded;
        if (month_sums[size_t(m)].revenue > INT64_MAX || month_sums[size_t(m)].refunded > INT64_MAX)
            return Error{"",
                         "the revenue of " + format_day(pm.from).substr(0, 7) +
                             " exceeds 9.2 * 10^18 minor units",
                         ErrorCode::out_of_range};
        pm.revenue = int64_t(month_sums[size_t(m)].revenue);
        pm.refunded = int64_t(month_sums[size_t(m)].refunded);
        P.orders += pm.orders;
        P.refunds += pm.refunds;
        derive(pm);
    }
    if (total.revenue > INT64_MAX || total.refunded > INT64_MAX)
        return Error{"", "the period's revenue exceeds 9.2 * 10^18 minor units",
                     ErrorCode::out_of_range};
    P.revenue = int64_t(total.revenue);
    P.refunded = int64_t(total.refunded);
    P.acquired = P.active_at_end - P.retained;
    derive(P);
    return out;
}

}  // namespace loyalty
