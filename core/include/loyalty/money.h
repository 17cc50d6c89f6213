// Money: an integer count of minor units with an ISO 4217 currency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty {

/** What the core knows of a currency: its code and how many minor units make a major one. */
struct Currency {
    std::string_view code;  // "RUB"
    int exponent;           // 2 for RUB (kopecks), 0 for JPY, 3 for KWD
};

/** Looks up an ISO 4217 code (upper case, three letters). Empty when the code is unknown. */
std::optional<Currency> find_currency(std::string_view code);

/** 10^exponent: minor units per major unit. */
int64_t minor_per_major(const Currency& currency);

/** Formats minor units as a plain decimal string of major units ("1234.50", "-0.05", "12"). */
std::string format_minor(int64_t minor, const Currency& currency);

}  // namespace loyalty
