// Small text helpers shared by the CSV reader's parts. Internal to the core.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "loyalty/csv.h"

namespace loyalty {

std::string_view csv_trim_slow(std::string_view s);

/** Trims spaces, tabs, CR, NBSP (U+00A0), thin space (U+2009) and narrow NBSP (U+202F) from
 *  both ends. Inline: most fields have nothing to trim, which two byte tests decide. */
inline std::string_view csv_trim(std::string_view s) {
    if (s.empty()) return s;
    const auto front = static_cast<unsigned char>(s.front());
    const auto back = static_cast<unsigned char>(s.back());
    const bool maybe_front = front <= ' ' || front == 0xC2 || front == 0xE2;
    const bool maybe_back = back <= ' ' || back == 0xA0 || back == 0x89 || back == 0xAF;
    return maybe_front || maybe_back ? csv_trim_slow(s) : s;
}

/** A header name reduced for matching: lower case (ASCII and Cyrillic, ё as е), punctuation
 *  `_ - . / ( ) : # "` as spaces, "№" as "номер", runs of spaces as one, trimmed. */
std::string csv_normalize_name(std::string_view name);

/** A short printable excerpt of a field for messages: at most 40 bytes, cut at a UTF-8
 *  character boundary, control characters as spaces. */
std::string csv_excerpt(std::string_view field);

}  // namespace loyalty

namespace loyalty {

enum class CsvRole { None, Customer, Order, Date, Amount };

/** How well a normalised header name fits a role: 3 for a known name ("сумма заказа"), 1 for a
 *  name that merely contains a telling word ("сумма (руб.)"), 0 for none. */
struct CsvRoleMatch {
    CsvRole role = CsvRole::None;
    int score = 0;
};
CsvRoleMatch csv_match_role(std::string_view normalized_name);

}  // namespace loyalty

namespace loyalty {

/** parse_csv_date (loyalty/csv.h) remembering the last fixed-shape date in `memo`. */
std::optional<Day> parse_csv_date(std::string_view text, CsvDateMemo& memo);

}  // namespace loyalty
