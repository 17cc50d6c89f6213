#include "loyalty/date.h"

#include <array>
#include <charconv>
#include <string>

namespace loyalty {
namespace {

bool digits(std::string_view s, size_t pos, size_t count, int& out) {
    if (pos + count > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

unsigned days_in_month(int y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<Day> make_day(int y, int m, int d) {
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
        unsigned(d) > days_in_month(y, unsigned(m)))
        return std::nullopt;
    return days_from_civil(y, unsigned(m), unsigned(d));
}

// "+HH:MM", "-HH:MM", "+HHMM", "Z".
std::optional<int32_t> parse_offset(std::string_view s) {
    if (s == "Z" || s == "z") return 0;
    if (s.size() != 6 && s.size() != 5) return std::nullopt;
    if (s[0] != '+' && s[0] != '-') return std::nullopt;
    int h, m;
    if (!digits(s, 1, 2, h)) return std::nullopt;
    size_t mpos = s.size() == 6 ? 4 : 3;
    if (s.size() == 6 && s[3] != ':') return std::nullopt;
    if (!digits(s, mpos, 2, m) || h > 14 || m > 59) return std::nullopt;
    int32_t off = h * 3600 + m * 60;
    return s[0] == '-' ? -off : off;
}

}  // namespace

Day days_from_civil(int y, unsigned m, unsigned d) {
    // Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar.
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return Day(era * 146097 + int(doe) - 719468);
}

void civil_from_days(Day z0, int& y, unsigned& m, unsigned& d) {
    int z = z0 + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = int(yoe) + era * 400 + (m <= 2);
}

std::optional<Zone> parse_zone(std::string_view text) {
    if (text == "UTC") return Zone{0};
    auto off = parse_offset(text);
    if (!off) return std::nullopt;
    return Zone{*off};
}

std::optional<Day> parse_day(std::string_view s) {
    int y, m, d;
    if (s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(s, 0, 4, y) && digits(s, 5, 2, m) &&
        digits(s, 8, 2, d))
        return make_day(y, m, d);
    if (s.size() == 10 && s[2] == '.' && s[5] == '.' && digits(s, 0, 2, d) && digits(s, 3, 2, m) &&
        digits(s, 6, 4, y))
        return make_day(y, m, d);
    return std::nullopt;
}

std::optional<Instant> parse_instant(std::string_view s, Zone zone) {
    if (s.size() < 10) return std::nullopt;
    auto day = parse_day(s.substr(0, 10));
    if (!day || s[4] != '-') return std::nullopt;
    int64_t seconds = 0;
    int32_t offset = zone.offset_seconds;
    if (s.size() > 10) {
        if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
        int h, mi, se = 0;
        if (!digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi))
            return std::nullopt;
        size_t pos = 16;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, se)) return std::nullopt;
            pos += 3;
            if (pos < s.size() && s[pos] == '.') {  // fractions of a second are accepted, dropped
                ++pos;
                size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
                if (pos == start || pos - start > 9) return std::nullopt;
            }
        }
        if (h > 23 || mi > 59 || se > 59) return std::nullopt;
        if (pos < s.size()) {
            auto off = parse_offset(s.substr(pos));
            if (!off) return std::nullopt;
            offset = *off;
        }
        seconds = int64_t(h) * 3600 + mi * 60 + se;
    }
    return int64_t(*day) * kSecondsPerDay + seconds - offset;
}

Day day_of(Instant t, Zone zone) {
    int64_t local = t + zone.offset_seconds;
    int64_t d = local / kSecondsPerDay;
    if (local % kSecondsPerDay < 0) --d;
    return Day(d);
}

Instant start_of_day(Day day, Zone zone) {
    return int64_t(day) * kSecondsPerDay - zone.offset_seconds;
}

namespace {

/** `value` in decimal, zero-padded to `width` characters counting a '-' (printf's "%0*d").
 *  Written out because snprintf would be the only user of printf in the WebAssembly widget
 *  (docs/performance.md has its cost). */
void append_padded(std::string& out, int64_t value, size_t width) {
    std::array<char, 24> digits;
    const bool negative = value < 0;
    const uint64_t magnitude = negative ? 0 - uint64_t(value) : uint64_t(value);
    const char* end = std::to_chars(digits.data(), digits.data() + digits.size(), magnitude).ptr;
    const size_t n = size_t(end - digits.data());
    if (negative) out += '-';
    for (size_t i = n + (negative ? 1 : 0); i < width; ++i) out += '0';
    out.append(digits.data(), n);
}

}  // namespace

std::string format_day(Day day) {
    int y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    std::string out;
    append_padded(out, y, 4);
    out += '-';
    append_padded(out, m, 2);
    out += '-';
    append_padded(out, d, 2);
    return out;
}

std::string format_instant(Instant t, Zone zone) {
    const Day day = day_of(t, zone);
    const int64_t secs = t + zone.offset_seconds - int64_t(day) * kSecondsPerDay;
    std::string out = format_day(day);
    out += 'T';
    append_padded(out, secs / 3600, 2);
    out += ':';
    append_padded(out, secs / 60 % 60, 2);
    out += ':';
    append_padded(out, secs % 60, 2);
    int off = zone.offset_seconds;
    if (off == 0) {
        out += 'Z';
        return out;
    }
    out += off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    append_padded(out, off / 3600, 2);
    out += ':';
    append_padded(out, off / 60 % 60, 2);
    return out;
}

}  // namespace loyalty
