// Exact fixed-point ratios (multipliers, percentages) and the rounding modes a program may state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty {

/** A non-negative decimal with six fractional digits, stored exactly as millionths.
 *  1.5 is {1'500'000}; 30% is {300'000}. Parsed from decimal text, never through binary floats. */
struct Ratio {
    static constexpr int64_t kScale = 1'000'000;
    int64_t micros = kScale;

    static constexpr Ratio one() { return Ratio{kScale}; }
    static constexpr Ratio zero() { return Ratio{0}; }
    friend auto operator<=>(const Ratio&, const Ratio&) = default;
};

/** Parses "1.5", "0.25", "2", or a percentage "30%" (= 0.3); a number as JSON may write it too
 *  ("3e-1", "1.500"). At most six fractional digits that are not zeros (four for percentages); no
 *  sign. Empty on anything else. */
std::optional<Ratio> parse_ratio(std::string_view text);

/** Shortest decimal text of a ratio: "1.5", "0.3", "2". */
std::string format_ratio(Ratio r);

enum class Rounding { Floor, Ceil, HalfUp, HalfEven };
/** The modes' names in JSON, in the enum's order. */
inline constexpr const char* kRoundingNames[] = {"floor", "ceil", "half_up", "half_even"};
inline std::string_view rounding_name(Rounding r) { return kRoundingNames[int(r)]; }

/** An exact fraction num/den (den > 0) with 128-bit parts. */
struct Fraction {
    __int128 num = 0;
    __int128 den = 1;
};

/** Exact fraction arithmetic, reduced by common factors; empty on 128-bit overflow. */
std::optional<Fraction> fraction_mul(Fraction a, Fraction b);
std::optional<Fraction> fraction_add(Fraction a, Fraction b);
Fraction fraction_of(int64_t value);
Fraction fraction_of(Ratio r);
Fraction fraction_neg(Fraction a);

/** Rounds num/den (den > 0, num >= 0) to an integer. Empty if the result exceeds int64. */
std::optional<int64_t> round_fraction(Fraction f, Rounding mode);

/** num/den (den > 0) as exact text, for explanation points: an integer when it is one ("200",
 *  "-238"); else, when the reduced denominator has no prime factor but 2 and 5, the terminating
 *  decimal with every digit it needs and at least two ("37.50", "0.495", "-0.50"); else the
 *  reduced fraction with the sign in front ("1/3", "-859/2684"). Exact for every 128-bit
 *  fraction (no overflow); "0" when den <= 0. */
std::string format_fraction(Fraction f);

/** a * b / c exactly, then rounded; a, b >= 0, c > 0. Empty on overflow. */
std::optional<int64_t> mul_div(int64_t a, int64_t b, int64_t c, Rounding mode);

}  // namespace loyalty
