// Business metrics over an order history and a replay of a loyalty program over it.
// Exact definitions: docs/metrics.md. Money is in minor units; rates are rounded to 4 decimals
// in integer arithmetic before they become doubles, so native and wasm print the same text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/csv.h"
#include "loyalty/csv_import.h"
#include "loyalty/date.h"
#include "loyalty/error.h"
#include "loyalty/orders.h"
#include "loyalty/program.h"

namespace loyalty {

/** The period measured, in days (inclusive), and the activity window that decides who is a
 *  customer at a moment: someone who ordered within `active_window_days` days up to it. */
struct MetricsOptions {
    Day from = 0;
    Day to = 0;
    int32_t active_window_days = 365;
};

/** Counts for the whole period or one calendar month of it (clipped to the period). */
struct PeriodMetrics {
    Day from = 0, to = 0;
    int64_t orders = 0;            // orders dated in the period
    int64_t customers = 0;         // distinct customers with an order in the period
    int64_t repeat_customers = 0;  // ... with two or more orders in the period
    int64_t new_customers = 0;     // customers whose first order ever is in the period
    int64_t revenue = 0;           // sum of order amounts, minor units
    int64_t refunds = 0;           // refund rows dated in the period
    int64_t refunded = 0;          // their amounts, minor units (positive)
    int64_t active_at_start = 0;   // S: active at the end of the day before `from`
    int64_t active_at_end = 0;     // E: active at the end of `to`
    int64_t retained = 0;          // active at both moments
    int64_t acquired = 0;          // N = E - retained: active at the end, not at the start
    // Derived; absent when the denominator is zero.
    std::optional<int64_t> average_order_value;  // revenue / orders, half up
    std::optional<double> purchase_frequency;    // orders / customers
    std::optional<double> repeat_purchase_rate;  // repeat_customers / customers
    std::optional<double> retention_rate;        // CRR = (E - N) / S
    std::optional<double> churn_rate;            // 1 - CRR = (S - retained) / S
    std::optional<int64_t> lifetime_value;       // (revenue / customers) / churn, half up
};

struct Metrics {
    PeriodMetrics period;
    std::vector<PeriodMetrics> months;  // each calendar month the period touches, clipped
};

/** The most calendar months a period may span (100 years). */
inline constexpr int32_t kMaxMetricsMonths = 1200;

/** Computes the metrics of `orders` for `options`. Orders after `options.to` are ignored;
 *  orders before `from` count only for who was active and who is new. Fails when from > to,
 *  the window is outside [1, 3650] days, the period spans more than kMaxMetricsMonths months,
 *  or a revenue sum exceeds int64. */
Result<Metrics> compute_metrics(const OrderTable& orders, const MetricsOptions& options);

/** How the simulated customers spend points: never, or the most the program allows on every
 *  order the balance can pay towards. */
enum class RedemptionPolicy { None, Max };
inline constexpr const char* kRedemptionPolicyNames[] = {"none", "max"};

/** Points and money of a program replayed over a period or one month of it. */
struct ProgramPeriod {
    int64_t points_issued = 0;       // earned on purchases (bonuses included)
    int64_t points_clawed_back = 0;  // taken back by refunds
    int64_t points_redeemed = 0;     // spent on orders, net of points refunds gave back
    int64_t points_expired = 0;      // breakage
    int64_t points_outstanding = 0;  // the customers' balances at the end
    int64_t liability = 0;           // points_outstanding at the program's point value, minor units
    int64_t reward_cost = 0;         // points_redeemed at the point value: discounts given
    std::optional<double> reward_cost_share;  // reward_cost / revenue of the same span
};

struct ProgramReplay {
    ProgramPeriod period;
    std::vector<ProgramPeriod> months;  // parallel to Metrics::months
    int64_t purchases = 0;              // orders replayed (history before the period included)
    int64_t refunds = 0;                // refunds replayed
    int64_t skipped = 0;                // orders or refunds the ledger refused, or unlinked refunds
    std::vector<std::string> issues;    // the first reasons for skipping, at most 10
};

/** Replays `program` over every order up to `options.to`: one purchase of one line (category
 *  "") per order at local noon of its day in the program's zone, refunds linked to their order
 *  after it, and redemptions by `policy`. Sums what happens inside the period, per month too.
 *  `metrics` supplies each span's revenue for the reward cost share. Fails like
 *  compute_metrics, and when a money sum overflows. */
Result<ProgramReplay> replay_program(const OrderTable& orders, const Program& program,
                                     const MetricsOptions& options, RedemptionPolicy policy,
                                     const Metrics& metrics);

/** Reader settings from a metrics request document (its "currency", "program" currency,
 *  "columns" and "max_errors"), so a caller that streams a CSV builds the reader the way
 *  metrics_json would. Fails with the errors metrics_json would report for those fields. */
Result<CsvOptions> csv_options_from_request(std::string_view options_request);

/** The metrics response for an already imported table: `options_request` is a metrics request
 *  without "orders"/"csv" (period, active_window_days, currency, program, redemption_policy;
 *  "" means {}). A fatal error in `report` becomes the error document. This is what the wasm
 *  calculator calls after streaming a file through OrderCsvReader. Never throws. */
/** The same for a file read through OrderImport: the response's "import" also says the preset,
 *  the encoding and the rows skipped by reason, and an error document for a file whose columns
 *  could not be found carries "header" (the file's header names) and "missing" (the roles
 *  without a column), so the page can offer a column picker instead of numbers. */
std::string metrics_json_for_import(const OrderImport& import, std::string_view options_request);

std::string metrics_json_for_table(const OrderTable& orders, const CsvReport& report,
                                   std::string_view options_request);

}  // namespace loyalty
