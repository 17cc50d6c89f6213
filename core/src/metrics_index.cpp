#include "metrics_index.h"

#include <algorithm>

namespace loyalty {

Result<PeriodLayout> layout_period(const OrderTable& table, const MetricsOptions& options) {
    if (!table.finalized())
        return Error{"", "internal: the order table was not finalized", ErrorCode::internal};
    Errors errors;
    if (options.from > options.to) {
        errors.push_back({"/period",
                          "\"from\" (" + format_day(options.from) + ") is after \"to\" (" +
                              format_day(options.to) + ")",
                          ErrorCode::out_of_order});
    }
    if (options.active_window_days < 1 || options.active_window_days > 3650) {
        errors.push_back({"/active_window_days",
                          "is " + std::to_string(options.active_window_days) +
                              "; expected an integer in [1, 3650]",
                          ErrorCode::out_of_range});
    }
    if (!errors.empty()) return errors;
    int fy, ty;
    unsigned fm, fd, tm, td;
    civil_from_days(options.from, fy, fm, fd);
    civil_from_days(options.to, ty, tm, td);
    const int64_t months = int64_t(ty - fy) * 12 + int64_t(tm) - int64_t(fm) + 1;
    if (months > kMaxMetricsMonths) {
        return Error{"/period",
                     "spans " + std::to_string(months) + " calendar months; at most " +
                         std::to_string(kMaxMetricsMonths) + " are accepted",
                     ErrorCode::out_of_range};
    }
    PeriodLayout layout;
    layout.from = options.from;
    layout.to = options.to;
    layout.month_of_day.resize(size_t(options.to - options.from) + 1);
    int y = fy;
    unsigned m = fm;
    for (int64_t i = 0; i < months; ++i) {
        const Day start = std::max(options.from, days_from_civil(y, m, 1));
        const Day next = m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
        const Day end = std::min(options.to, Day(next - 1));
        layout.month_from.push_back(start);
        layout.month_to.push_back(end);
        for (Day d = start; d <= end; ++d)
            layout.month_of_day[size_t(d - options.from)] = int32_t(i);
        if (++m == 13) {
            m = 1;
            ++y;
        }
    }
    return layout;
}

double rate4(__int128 num, __int128 den) {
    // Half away from zero, on magnitudes, so -x prints as the negation of x.
    const bool negative = num < 0;
    const __int128 q = ((negative ? -num : num) * 20000 + den) / (2 * den);
    const double r = double(q) / 10000.0;
    return negative ? -r : r;
}

std::optional<int64_t> div_half_up(__int128 num, __int128 den) {
    const __int128 q = (num * 2 + den) / (2 * den);
    if (q > INT64_MAX) return std::nullopt;
    return int64_t(q);
}

}  // namespace loyalty
