#include "trend.h"

#include <algorithm>

namespace loyalty::server {
namespace {

/** Monday 0 ... Sunday 6; day 0 (1970-01-01) was a Thursday. */
int weekday(Day d) { return int(((int64_t(d) + 3) % 7 + 7) % 7); }

/** The first day of the bucket holding day `d`. */
Day bucket_first_day(Day d, BucketSize size) {
    if (size == BucketSize::Week) return Day(d - weekday(d));
    int y;
    unsigned m, day;
    civil_from_days(d, y, m, day);
    return days_from_civil(y, m, 1);
}

/** The first day of the bucket after the one starting on `first`. */
Day next_bucket_day(Day first, BucketSize size) {
    if (size == BucketSize::Week) return Day(first + 7);
    int y;
    unsigned m, day;
    civil_from_days(first, y, m, day);
    return m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
}

}  // namespace

std::optional<BucketSize> parse_bucket_size(std::string_view text) {
    if (text == "week") return BucketSize::Week;
    if (text == "month") return BucketSize::Month;
    return std::nullopt;
}

std::string_view bucket_size_name(BucketSize size) {
    return size == BucketSize::Week ? "week" : "month";
}

std::vector<Bucket> calendar_buckets(Instant from, Instant to, BucketSize size, Zone zone) {
    std::vector<Bucket> out;
    if (from >= to) return out;
    Day first = bucket_first_day(day_of(from, zone), size);
    while (true) {
        const Day next = next_bucket_day(first, size);
        const Instant start = std::max(from, start_of_day(first, zone));
        const Instant end = std::min(to, start_of_day(next, zone));
        if (start >= to) break;
        out.push_back({start, end});
        first = next;
    }
    return out;
}

}  // namespace loyalty::server
