// Customers' contacts as the console searches them (docs/server.md, "Contacts"): e-mail and phone
// arrive in many spellings from orders and webhooks and are stored in one, so "+7 (916) 123-45-01"
// and "89161234501"'s suffix find the same customer. Pure functions: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loyalty::server {

/** Lower case for search: ASCII A-Z, Cyrillic А-Я and Ё; every other byte unchanged. */
std::string fold_case(std::string_view text);

/** An e-mail as stored: lower-cased (fold_case). Empty when it is not at most 254 bytes of valid
 *  UTF-8 with exactly one "@" between a non-empty local part and domain, without spaces or control
 *  characters. */
std::optional<std::string> normal_email(std::string_view text);
inline constexpr std::string_view kEmailWords =
    "an e-mail: at most 254 bytes, one @ between a name and a domain, no spaces or control "
    "characters";

/** A phone as stored: "+" and 7-15 digits, after spaces, dashes, dots, parentheses and a leading
 *  "+" are stripped ("+7 (916) 123-45-01" -> "+79161234501"). Empty for anything else. */
std::optional<std::string> normal_phone(std::string_view text);
inline constexpr std::string_view kPhoneWords =
    "a phone: 7-15 digits, optionally with a leading + and spaces, dashes, dots or parentheses";

/** True for valid UTF-8 without control characters (C0, DEL, C1): text safe for a log, a header
 *  or a database, whatever its language. */
bool printable_utf8(std::string_view text);

}  // namespace loyalty::server
