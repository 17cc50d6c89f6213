// Instants and calendar days. "now" is always an argument: the core never reads a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty {

/** Seconds since 1970-01-01T00:00:00Z. */
using Instant = int64_t;
/** Days since 1970-01-01 in some stated zone. */
using Day = int32_t;

inline constexpr int64_t kSecondsPerDay = 86'400;

/** A fixed offset from UTC in seconds (Moscow is +10800). Programs state one; DST is not modelled.
 */
struct Zone {
    int32_t offset_seconds = 0;
};

/** Parses "+03:00", "-05:30", "Z" or "UTC". */
std::optional<Zone> parse_zone(std::string_view text);

/** Parses ISO 8601 "YYYY-MM-DD" (midnight in `zone`), "YYYY-MM-DDTHH:MM[:SS[.fff]]" (in `zone`)
 *  or the same with "Z" / "+HH:MM" (its own offset). Years 1900-2999. Empty on anything else. */
std::optional<Instant> parse_instant(std::string_view text, Zone zone);

/** Parses a calendar date "YYYY-MM-DD" or "DD.MM.YYYY" into a day number. */
std::optional<Day> parse_day(std::string_view text);

/** The local calendar day of an instant in `zone`. */
Day day_of(Instant t, Zone zone);

/** The instant local midnight of `day` begins in `zone`. */
Instant start_of_day(Day day, Zone zone);

/** "2026-11-26T00:00:00+03:00" style text of an instant in `zone`. */
std::string format_instant(Instant t, Zone zone);

/** "2026-11-26". */
std::string format_day(Day day);

/** Days from civil date; valid for the proleptic Gregorian calendar. */
Day days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(Day z, int& year, unsigned& month, unsigned& day);

}  // namespace loyalty
