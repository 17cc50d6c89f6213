// Shared groundwork of the metrics and the program replay: the calendar months of a period and
// integer rounding. Internal to the core.
#pragma once

#include <cstdint>
#include <vector>

#include "loyalty/metrics.h"

namespace loyalty {

/** The calendar months of a period and where each day falls. */
struct PeriodLayout {
    Day from = 0, to = 0;
    std::vector<Day> month_from, month_to;  // each month clipped to the period
    std::vector<int32_t> month_of_day;      // index by day - from
    int32_t month_count() const { return int32_t(month_from.size()); }
    int32_t month_of(Day d) const { return month_of_day[size_t(d - from)]; }
    bool contains(Day d) const { return d >= from && d <= to; }
};

/** Validates the options (from <= to, window in [1, 3650], at most kMaxMetricsMonths months)
 *  and lays out the months. Errors are at "/period" and "/active_window_days"; a table that
 *  was not finalized is an error too. */
Result<PeriodLayout> layout_period(const OrderTable& table, const MetricsOptions& options);

/** round(num * 10000 / den) / 10000, half away from zero, for den > 0. */
double rate4(__int128 num, __int128 den);

/** round(num / den) half up for num >= 0, den > 0; empty when it does not fit int64. */
std::optional<int64_t> div_half_up(__int128 num, __int128 den);

}  // namespace loyalty
