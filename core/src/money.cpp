#include "loyalty/money.h"

#include <algorithm>
#include <array>

namespace loyalty {
namespace {

// ISO 4217 active codes with their minor-unit exponents (sorted for binary search).
constexpr std::array<Currency, 73> kCurrencies{{
    {"AED", 2}, {"AMD", 2}, {"ARS", 2}, {"AUD", 2}, {"AZN", 2}, {"BAM", 2}, {"BGN", 2}, {"BHD", 3},
    {"BRL", 2}, {"BYN", 2}, {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2},
    {"DKK", 2}, {"EGP", 2}, {"EUR", 2}, {"GBP", 2}, {"GEL", 2}, {"HKD", 2}, {"HUF", 2}, {"IDR", 2},
    {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2},
    {"KRW", 0}, {"KWD", 3}, {"KZT", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MXN", 2}, {"MYR", 2},
    {"NGN", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3}, {"PEN", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2},
    {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"SAR", 2}, {"SEK", 2}, {"SGD", 2}, {"THB", 2},
    {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2},
    {"UYU", 2}, {"UZS", 2}, {"VND", 0}, {"XAF", 0}, {"XOF", 0}, {"ZAR", 2}, {"ZMW", 2}, {"KHR", 2},
    {"LKR", 2},
}};

}  // namespace

std::optional<Currency> find_currency(std::string_view code) {
    if (code.size() != 3) return std::nullopt;
    auto it = std::find_if(kCurrencies.begin(), kCurrencies.end(),
                           [&](const Currency& c) { return c.code == code; });
    if (it == kCurrencies.end()) return std::nullopt;
    return *it;
}

int64_t minor_per_major(const Currency& currency) {
    int64_t m = 1;
    for (int i = 0; i < currency.exponent; ++i) m *= 10;
    return m;
}

std::string format_minor(int64_t minor, const Currency& currency) {
    const bool negative = minor < 0;
    // Work in unsigned so that INT64_MIN formats too.
    uint64_t magnitude = negative ? uint64_t(0) - uint64_t(minor) : uint64_t(minor);
    const uint64_t scale = uint64_t(minor_per_major(currency));
    std::string out = negative ? "-" : "";
    out += std::to_string(magnitude / scale);
    if (currency.exponent > 0) {
        std::string frac = std::to_string(magnitude % scale);
        out += '.';
        out += std::string(size_t(currency.exponent) - frac.size(), '0');
        out += frac;
    }
    return out;
}

}  // namespace loyalty
