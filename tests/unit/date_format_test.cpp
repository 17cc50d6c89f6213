// format_day / format_instant write their digits by hand (core/src/date.cpp keeps printf out of
// the WebAssembly widget); they must print exactly what the printf formats they replaced print.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "loyalty/date.h"

namespace {

/** The old implementation, kept here as the reference. */
std::string printf_instant(loyalty::Instant t, loyalty::Zone zone) {
    const loyalty::Day day = loyalty::day_of(t, zone);
    const int64_t secs = t + zone.offset_seconds - int64_t(day) * loyalty::kSecondsPerDay;
    int y = 0;
    unsigned m = 0, d = 0;
    loyalty::civil_from_days(day, y, m, d);
    char date[16], time[40];
    std::snprintf(date, sizeof date, "%04d-%02u-%02u", y, m, d);
    int off = zone.offset_seconds;
    if (off == 0) {
        std::snprintf(time, sizeof time, "T%02d:%02d:%02dZ", int(secs / 3600), int(secs / 60 % 60),
                      int(secs % 60));
    } else {
        const char sign = off < 0 ? '-' : '+';
        if (off < 0) off = -off;
        std::snprintf(time, sizeof time, "T%02d:%02d:%02d%c%02d:%02d", int(secs / 3600),
                      int(secs / 60 % 60), int(secs % 60), sign, off / 3600, off / 60 % 60);
    }
    return std::string(date) + time;
}

}  // namespace

TEST_CASE("dates and instants print as the printf formats did, negative and five-digit years too") {
    // 2024-02-29T23:59:59 at +03:00 is 20:59:59Z: 19782 days since 1970 * 86400 + 75599 s.
    CHECK(loyalty::format_instant(19782LL * 86400 + 75599, loyalty::Zone{3 * 3600}) ==
          "2024-02-29T23:59:59+03:00");
    CHECK(loyalty::format_day(loyalty::Day(-719468)) == "0000-03-01");  // the civil epoch
    CHECK(loyalty::format_day(loyalty::Day(-719469)) == "0000-02-29");
    CHECK(loyalty::format_day(loyalty::Day(-719529)) == "-001-12-31");  // %04d of -1 is "-001"
    CHECK(loyalty::format_day(loyalty::Day(2932897)) == "10000-01-01");
    const loyalty::Zone zones[] = {
        {0}, {3 * 3600}, {-(5 * 3600 + 30 * 60)}, {14 * 3600}, {-12 * 3600}};
    for (int64_t t = -80'000'000'000LL; t < 260'000'000'000LL; t += 999'999'937LL) {
        for (const auto zone : zones) {
            const std::string want = printf_instant(t, zone);
            CAPTURE(t);
            REQUIRE(loyalty::format_instant(t, zone) == want);
        }
    }
}
