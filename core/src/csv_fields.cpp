// Field-level parsing for the CSV import: amounts, dates. No allocation, no locale, no floats.
#include <cstring>

#include "csv_text.h"
#include "loyalty/checked.h"
#include "loyalty/csv.h"

namespace loyalty {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A currency written next to an amount, and the ISO code it stands for.
struct CurrencyToken {
    std::string_view text;
    std::string_view code;
};

// Longest first where one is a prefix of another ("руб." before "руб" before "р.").
constexpr CurrencyToken kCurrencyTokens[] = {
    {"\xE2\x82\xBD", "RUB"},               // ₽
    {"\xD1\x80\xD1\x83\xD0\xB1.", "RUB"},  // руб.
    {"\xD1\x80\xD1\x83\xD0\xB1", "RUB"},   // руб
    {"\xD0\xA0\xD0\xA3\xD0\x91", "RUB"},   // РУБ
    {"\xD0\xA0\xD1\x83\xD0\xB1.", "RUB"},  // Руб.
    {"\xD0\xA0\xD1\x83\xD0\xB1", "RUB"},   // Руб
    {"\xD1\x80.", "RUB"},                  // р.
    {"\xD1\x80", "RUB"},                   // р
    {"$", "USD"},
    {"\xE2\x82\xAC", "EUR"},  // €
    {"\xC2\xA3", "GBP"},      // £
    {"\xE2\x82\xB8", "KZT"},  // ₸
    {"\xE2\x82\xB4", "UAH"},  // ₴
    {"\xE2\x82\xB9", "INR"},  // ₹
    {"\xE2\x82\xBA", "TRY"},  // ₺
    {"\xC2\xA5", "JPY"},      // ¥ (also CNY: accepted for either, see below)
};

// Strips one currency token from the front (`front` true) or the back of `s`. Returns the ISO
// code it stood for, "" when there was none, or "?" for three letters that are no known code.
std::string_view strip_currency(std::string_view& s, bool front) {
    if (s.empty()) return "";
    // The common case, a digit at that end, has no currency: decide it without any compare.
    const char edge = front ? s.front() : s.back();
    if (edge >= '0' && edge <= '9') return "";
    for (const auto& t : kCurrencyTokens) {
        if (s.size() < t.text.size()) continue;
        const std::string_view part =
            front ? s.substr(0, t.text.size()) : s.substr(s.size() - t.text.size());
        if (part != t.text) continue;
        // A Cyrillic "р" must stand alone, not end a word glued to digits and letters.
        s = front ? s.substr(t.text.size()) : s.substr(0, s.size() - t.text.size());
        s = csv_trim(s);
        return t.code;
    }
    // Three ASCII letters: an ISO 4217 code ("RUB 12", "12 usd").
    if (s.size() >= 3) {
        const std::string_view part = front ? s.substr(0, 3) : s.substr(s.size() - 3);
        char code[3];
        bool letters = true;
        for (size_t i = 0; i < 3; ++i) {
            char c = part[i];
            if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
            if (c < 'A' || c > 'Z') letters = false;
            code[i] = c;
        }
        // The letters must not be glued to more letters ("abcd 12").
        const bool bounded =
            s.size() == 3 ||
            (front ? !((s[3] | 0x20) >= 'a' && (s[3] | 0x20) <= 'z')
                   : !((s[s.size() - 4] | 0x20) >= 'a' && (s[s.size() - 4] | 0x20) <= 'z'));
        if (letters && bounded) {
            auto found = find_currency(std::string_view(code, 3));
            s = front ? s.substr(3) : s.substr(0, s.size() - 3);
            s = csv_trim(s);
            return found ? found->code : "?";
        }
    }
    return "";
}

bool strip_sign(std::string_view& s, bool& negative) {
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s = csv_trim(s.substr(1));
        return true;
    }
    if (s.size() >= 3 && s.substr(0, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
        negative = true;
        s = csv_trim(s.substr(3));
        return true;
    }
    return false;
}

// The length of a group separator at s[i] (space, apostrophe, NBSP, narrow NBSP, thin space),
// or 0.
size_t group_space_at(std::string_view s, size_t i) {
    const char c = s[i];
    if (c == ' ' || c == '\'') return 1;
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' &&
        (s[i + 2] == '\xAF' || s[i + 2] == '\x89'))
        return 3;
    return 0;
}

constexpr const char* kNotANumber =
    "is not an amount; expected a number such as 1234.50, 1 234,50 or 1,234.50";

}  // namespace

namespace {

// The shapes nearly every export writes: "-1234", "1234.50", "1 234,50" (ASCII spaces grouping
// thousands, exactly the currency's decimals). Anything else, including what this would misread,
// goes to the general reader. Returns false to mean "not this shape".
bool plain_amount(std::string_view s, int exponent, int64_t& out) {
    // At most 18 bytes: at most 18 digits, below 2^63, so no digit needs an overflow check.
    const size_t n = s.size();
    if (n > 18) return false;
    const bool negative = s[0] == '-';
    size_t i = negative ? 1 : 0;
    int64_t value = 0;
    size_t run = 0;  // digits since the start or the last group space
    bool grouped = false;
    for (; i < n; ++i) {
        const unsigned c = unsigned(uint8_t(s[i])) - unsigned('0');
        if (c <= 9) {
            value = value * 10 + int64_t(c);
            ++run;
            continue;
        }
        if (s[i] != ' ') break;
        if (grouped ? run != 3 : (run < 1 || run > 3)) return false;
        grouped = true;
        run = 0;
    }
    // No digit at all, or a last group not of three.
    if (run == 0 || (grouped && run != 3)) return false;
    if (value > kMaxAmount) return false;  // the general reader says why; also keeps *10 exact
    if (i < n) {
        if (s[i] != '.' && s[i] != ',') return false;
        if (n - i - 1 != size_t(exponent) || exponent == 0) return false;
        for (++i; i < n; ++i) {
            const unsigned c = unsigned(uint8_t(s[i])) - unsigned('0');
            if (c > 9) return false;
            value = value * 10 + int64_t(c);
        }
    } else {
        for (int k = 0; k < exponent; ++k) value *= 10;
    }
    if (value > kMaxAmount) return false;
    out = negative ? -value : value;
    return true;
}

}  // namespace

ParsedAmount parse_csv_amount(std::string_view text, const Currency& currency) {
    std::string_view s = csv_trim(text);
    if (s.empty()) return {0, "is empty; expected an amount such as 1234.50"};
    if (int64_t fast; plain_amount(s, currency.exponent, fast)) return {fast, nullptr};

    bool negative = false;
    bool signed_ = strip_sign(s, negative);
    std::string_view code = strip_currency(s, true);
    if (!signed_) signed_ = strip_sign(s, negative);
    if (code.empty()) code = strip_currency(s, false);
    // Nothing left after the letters: a word ("abc", "n/a"), not an amount in a strange currency.
    if (s.empty()) return {0, kNotANumber};
    if (code == "?") return {0, "names an unknown currency; expected a number such as 1234.50"};
    if (!code.empty() && code != currency.code && !(code == "JPY" && currency.code == "CNY")) {
        return {0, "is in another currency than the import's (see \"currency\")"};
    }

    // One pass: digits into a small buffer, separators with the digit count before them.
    char digits[24];
    size_t ndigits = 0;
    size_t leading_zeros = 0;
    struct Sep {
        char kind;  // '.', ',', or ' ' for every space-like or apostrophe group mark
        size_t before;
    };
    Sep seps[12];
    size_t nseps = 0;
    for (size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (is_digit(c)) {
            if (ndigits == 0 && c == '0' && leading_zeros < 64) {
                ++leading_zeros;  // leading zeros never count towards the size limit
            } else {
                if (ndigits == sizeof digits)
                    return {0, "is too large; at most 10^15 minor units are accepted"};
                digits[ndigits++] = c;
            }
            ++i;
            continue;
        }
        char kind;
        size_t len = 1;
        if (c == '.' || c == ',') {
            kind = c;
        } else if ((len = group_space_at(s, i)) > 0) {
            kind = ' ';
        } else {
            return {0, kNotANumber};
        }
        if (nseps == sizeof seps / sizeof seps[0]) return {0, kNotANumber};
        seps[nseps++] = {kind, ndigits + leading_zeros};
        i += len;
    }
    const size_t total_digits = ndigits + leading_zeros;
    if (total_digits == 0) return {0, kNotANumber};

    // Which mark is the decimal one.
    char decimal = 0;
    size_t dots = 0, commas = 0;
    for (size_t i = 0; i < nseps; ++i) {
        if (seps[i].kind == '.') ++dots;
        if (seps[i].kind == ',') ++commas;
    }
    if (dots > 0 && commas > 0) {
        decimal = 0;
        for (size_t i = nseps; i-- > 0;) {
            if (seps[i].kind != ' ') {
                decimal = seps[i].kind;
                break;
            }
        }
        if ((decimal == '.' ? dots : commas) != 1) return {0, kNotANumber};
    } else if (dots == 1) {
        decimal = '.';
    } else if (commas == 1) {
        decimal = ',';
    }
    // Every other mark groups thousands: one kind of group mark, groups of three digits,
    // all before the decimal mark.
    char group = 0;
    size_t decimal_at = total_digits;  // digits before the decimal mark
    size_t last_mark = 0;
    bool have_mark = false;
    for (size_t i = 0; i < nseps; ++i) {
        const Sep& sep = seps[i];
        if (have_mark && sep.before == last_mark) return {0, kNotANumber};  // two marks in a row
        if (sep.kind == decimal) {
            if (i + 1 < nseps && seps[i + 1].kind == decimal) return {0, kNotANumber};
            decimal_at = sep.before;
            if (decimal_at == total_digits) return {0, kNotANumber};  // "12." has no decimals
            // Nothing may follow the decimal mark but digits.
            if (i + 1 != nseps) return {0, kNotANumber};
        } else {
            if (group != 0 && sep.kind != group) return {0, kNotANumber};
            group = sep.kind;
            const size_t run = have_mark ? sep.before - last_mark : sep.before;
            if (have_mark ? run != 3 : (run < 1 || run > 3)) return {0, kNotANumber};
        }
        have_mark = true;
        last_mark = sep.before;
        if (sep.kind == decimal) break;
    }
    if (group != 0) {
        // The last group runs up to the decimal mark or the end.
        size_t last_group = 0;
        for (size_t i = 0; i < nseps && seps[i].kind != decimal; ++i) last_group = seps[i].before;
        if (decimal_at - last_group != 3) return {0, kNotANumber};
    }

    // Integer and fraction digits (the buffer holds the digits after the leading zeros).
    const size_t fraction_digits = total_digits - decimal_at;
    const auto exponent = size_t(currency.exponent);
    // A lone mark before exactly three digits ("1,000", "12.500") reads as well as a thousands
    // group as a decimal mark, and the two readings differ a thousandfold. Dropping the zeros
    // would turn "$1,000" into 1.00: refuse it unless the currency has three decimals or the
    // integer part is 0 (a group never starts with 0).
    if (nseps == 1 && decimal != 0 && fraction_digits == 3 && exponent != 3 && decimal_at <= 3 &&
        leading_zeros < decimal_at) {
        return {0,
                "is ambiguous: a lone , or . before three digits may group thousands or mark "
                "decimals; write 1000, 1 000,00 or 1,000.00"};
    }
    // Value = digits as an integer, scaled to `exponent` fraction digits.
    // Drop fraction digits beyond the exponent only when they are zeros.
    size_t keep = ndigits;
    if (fraction_digits > exponent) {
        const size_t extra = fraction_digits - exponent;
        for (size_t k = 0; k < extra; ++k) {
            // The extra digits are the last `extra` of the number (which may be leading zeros
            // only when the whole number is 0).
            if (k < ndigits && digits[ndigits - 1 - k] != '0')
                return {0,
                        "has more decimal places than the currency has (a lone , or . is "
                        "read as the decimal mark)"};
        }
        keep = ndigits > extra ? ndigits - extra : 0;
    }
    __int128 value = 0;
    for (size_t k = 0; k < keep; ++k) {
        value = value * 10 + (digits[k] - '0');
        if (value > kMaxAmount) return {0, "is too large; at most 10^15 minor units are accepted"};
    }
    for (size_t k = fraction_digits; k < exponent; ++k) {
        value *= 10;
        if (value > kMaxAmount) return {0, "is too large; at most 10^15 minor units are accepted"};
    }
    const auto minor = int64_t(value);
    return {negative ? -minor : minor, nullptr};
}

namespace {

bool read_int(std::string_view s, size_t& pos, size_t min_len, size_t max_len, int& out) {
    size_t start = pos;
    int v = 0;
    while (pos < s.size() && pos - start < max_len && is_digit(s[pos]))
        v = v * 10 + (s[pos++] - '0');
    if (pos - start < min_len) return false;
    out = v;
    return true;
}

bool valid_civil(int y, int m, int d) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= (m == 2 && leap ? 29 : kDays[m - 1]);
}

// "HH:MM[:SS[.fff]][ ][Z|±HH[:]MM]" after the date.
bool valid_time_tail(std::string_view s, size_t pos) {
    int h, mi, se = 0;
    if (!read_int(s, pos, 1, 2, h) || pos >= s.size() || s[pos] != ':') return false;
    ++pos;
    if (!read_int(s, pos, 2, 2, mi)) return false;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!read_int(s, pos, 2, 2, se)) return false;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            const size_t start = pos;
            while (pos < s.size() && is_digit(s[pos])) ++pos;
            if (pos == start || pos - start > 9) return false;
        }
    }
    if (h > 23 || mi > 59 || se > 60) return false;
    if (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos == s.size()) return true;
    const std::string_view zone = s.substr(pos);
    if (zone == "Z" || zone == "z" || zone == "UTC") return true;
    if (zone[0] != '+' && zone[0] != '-') return false;
    pos = 1;
    int oh, om = 0;
    if (!read_int(zone, pos, 2, 2, oh)) return false;
    if (pos < zone.size() && zone[pos] == ':') ++pos;
    if (pos < zone.size() && !read_int(zone, pos, 2, 2, om)) return false;
    return pos == zone.size() && oh <= 14 && om <= 59;
}

unsigned digit_at(std::string_view s, size_t i) { return unsigned(s[i]) - '0'; }  // > 9: no digit

// "dd.mm.yyyy" or "yyyy-mm-dd" at the start of `s`, the shapes nearly every export uses.
bool fixed_date(std::string_view s, int& y, int& m, int& d) {
    if (s.size() < 10) return false;
    size_t yi, mi, di;
    if (s[2] == '.' && s[5] == '.') {
        di = 0, mi = 3, yi = 6;
    } else if (s[4] == '-' && s[7] == '-') {
        yi = 0, mi = 5, di = 8;
    } else {
        return false;
    }
    const unsigned y0 = digit_at(s, yi), y1 = digit_at(s, yi + 1), y2 = digit_at(s, yi + 2),
                   y3 = digit_at(s, yi + 3), m0 = digit_at(s, mi), m1 = digit_at(s, mi + 1),
                   d0 = digit_at(s, di), d1 = digit_at(s, di + 1);
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return false;
    y = int(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    m = int(m0 * 10 + m1);
    d = int(d0 * 10 + d1);
    return true;
}

// Howard Hinnant's days_from_civil (as in date.cpp), inline here: the import calls it per row
// when the date changes, and the years are already checked to be 1900-2999 (positive).
Day civil_day(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = y / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return Day(era * 146097 + int(doe) - 719468);
}

// The time (and offset) after the date, from `pos`: checked, then ignored.
bool date_tail_ok(std::string_view s, size_t pos) {
    if (s.size() == pos + 6 && (s[pos] == ' ' || s[pos] == 'T') && s[pos + 3] == ':') {
        // " HH:MM", the usual time of an export, without the general reader's detours.
        const unsigned h0 = digit_at(s, pos + 1), h1 = digit_at(s, pos + 2),
                       m0 = digit_at(s, pos + 4), m1 = digit_at(s, pos + 5);
        return !(h0 > 9 || h1 > 9 || m0 > 9 || m1 > 9 || h0 * 10 + h1 > 23 || m0 > 5);
    }
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != ' ') return false;
        if (!valid_time_tail(s, pos + 1)) return false;
    }
    return true;
}

}  // namespace

std::optional<Day> parse_csv_date(std::string_view text, CsvDateMemo& memo) {
    const std::string_view s = csv_trim(text);
    // Rows of one day usually follow each other: the same ten bytes give the same day.
    if (memo.valid && s.size() >= 10 && std::memcmp(s.data(), memo.text, 10) == 0) {
        if (!date_tail_ok(s, 10)) return std::nullopt;
        return memo.day;
    }
    size_t pos = 0;
    int y = 0, m = 0, d = 0;
    const bool fixed = fixed_date(s, y, m, d);
    if (fixed) {
        pos = 10;
    } else if (s.size() >= 10 && s[4] == '-') {
        if (!read_int(s, pos, 4, 4, y) || s[pos++] != '-' || !read_int(s, pos, 2, 2, m) ||
            pos >= s.size() || s[pos++] != '-' || !read_int(s, pos, 2, 2, d))
            return std::nullopt;
    } else {
        // dd.mm.yyyy; one-digit day and month as Excel sometimes writes them ("5.1.2026").
        if (!read_int(s, pos, 1, 2, d) || pos >= s.size() || s[pos++] != '.' ||
            !read_int(s, pos, 1, 2, m) || pos >= s.size() || s[pos++] != '.' ||
            !read_int(s, pos, 4, 4, y))
            return std::nullopt;
    }
    if (!valid_civil(y, m, d)) return std::nullopt;
    const Day day = civil_day(y, unsigned(m), unsigned(d));
    if (fixed) {
        // The first ten bytes alone decided the day (fixed_date reads nothing else).
        std::memcpy(memo.text, s.data(), 10);
        memo.day = day;
        memo.valid = true;
    }
    if (!date_tail_ok(s, pos)) return std::nullopt;
    return day;
}

std::optional<Day> parse_csv_date(std::string_view text) {
    CsvDateMemo memo;
    return parse_csv_date(text, memo);
}

}  // namespace loyalty
