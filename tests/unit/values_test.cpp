// Exact ratios, rounding, dates and money formatting: the values everything else is built on.
#include <doctest/doctest.h>

#include "loyalty/date.h"
#include "loyalty/ledger.h"
#include "loyalty/money.h"
#include "loyalty/ratio.h"

using namespace loyalty;

TEST_CASE("ratios parse from decimal text exactly, percentages included") {
    CHECK(parse_ratio("1.5")->micros == 1'500'000);
    CHECK(parse_ratio("2")->micros == 2'000'000);
    CHECK(parse_ratio("0.000001")->micros == 1);
    CHECK(parse_ratio("30%")->micros == 300'000);
    CHECK(parse_ratio("0.5%")->micros == 5'000);  // 0.005
    CHECK(parse_ratio("12.3456%")->micros == 123'456);
    CHECK_FALSE(parse_ratio("0.0000001"));  // seven fractional digits
    CHECK_FALSE(parse_ratio("1."));
    CHECK_FALSE(parse_ratio(".5"));
    CHECK_FALSE(parse_ratio("-1"));
    // A number as JSON may write it: an exponent moves the point, zeros past six digits are zeros.
    CHECK(parse_ratio("1e5")->micros == 100'000'000'000);
    CHECK(parse_ratio("3e-1")->micros == 300'000);
    CHECK(parse_ratio("30E-2")->micros == 300'000);
    CHECK(parse_ratio("1.5E+0")->micros == 1'500'000);
    CHECK(parse_ratio("1.50000000")->micros == 1'500'000);
    CHECK(parse_ratio("1e-6")->micros == 1);
    CHECK(parse_ratio("0e5")->micros == 0);
    CHECK_FALSE(parse_ratio("1e-7"));  // 0.0000001: seven fractional digits
    CHECK_FALSE(parse_ratio("1.0000001"));
    CHECK_FALSE(parse_ratio("1e"));
    CHECK_FALSE(parse_ratio("1e+"));
    CHECK_FALSE(parse_ratio("1e1234"));  // an exponent of more than three digits
    CHECK_FALSE(parse_ratio("1e999"));   // past the largest amount
    CHECK_FALSE(parse_ratio("3e-1%"));   // a percentage has no exponent
    CHECK_FALSE(parse_ratio("1,5"));
    CHECK_FALSE(parse_ratio(""));
    CHECK_FALSE(parse_ratio("%"));
    CHECK(format_ratio(Ratio{1'250'000}) == "1.25");
    CHECK(format_ratio(Ratio{300'000}) == "0.3");
}

TEST_CASE("each rounding mode rounds fractions as its name says") {
    const Fraction two_and_half{5, 2}, three_and_half{7, 2}, two_point_one{21, 10};
    CHECK(*round_fraction(two_and_half, Rounding::Floor) == 2);
    CHECK(*round_fraction(two_and_half, Rounding::Ceil) == 3);
    CHECK(*round_fraction(two_and_half, Rounding::HalfUp) == 3);
    CHECK(*round_fraction(two_and_half, Rounding::HalfEven) == 2);
    CHECK(*round_fraction(three_and_half, Rounding::HalfEven) == 4);
    CHECK(*round_fraction(two_point_one, Rounding::Ceil) == 3);
    CHECK(*round_fraction(two_point_one, Rounding::HalfUp) == 2);
    // 10^20 / 1 does not fit in int64: an error, not a wrap.
    CHECK_FALSE(
        round_fraction(Fraction{(__int128)100'000'000'000 * 1'000'000'000, 1}, Rounding::Floor));
}

TEST_CASE("fractions multiply and add exactly") {
    // 1.5 x 1.25 = 15/8; + 1/8 = 2.
    auto product = fraction_mul(fraction_of(Ratio{1'500'000}), fraction_of(Ratio{1'250'000}));
    REQUIRE(product);
    CHECK(product->num == 15);
    CHECK(product->den == 8);
    auto sum = fraction_add(*product, Fraction{1, 8});
    CHECK(sum->num == 2);
    CHECK(sum->den == 1);
    CHECK(format_fraction(Fraction{-3, 4}) == "-0.75");
}

TEST_CASE("fractions with parts beyond 64 bits reduce by their whole common factor") {
    // G = 2^64 + 3. 2G x 1/(3G) = 2/3; gcd(2G, 3G) = G must not be cut to its low 64 bits (3),
    // which does not divide 2G and left 12297829382473034412/18446744073709551619.
    const __int128 g = (__int128(1) << 64) + 3;
    auto product = fraction_mul(Fraction{2 * g, 1}, Fraction{1, 3 * g});
    REQUIRE(product);
    CHECK(product->num == 2);
    CHECK(product->den == 3);
    // 0/2^100 reduces to 0/1 (the gcd is 2^100 itself).
    auto zero = fraction_add(Fraction{0, 1}, Fraction{0, __int128(1) << 100});
    REQUIRE(zero);
    CHECK(zero->num == 0);
    CHECK(zero->den == 1);
}

TEST_CASE("instants parse in the stated zone or their own offset") {
    const Zone moscow{3 * 3600};
    // 2026-11-27 00:00 in Moscow is 2026-11-26 21:00 UTC.
    const Instant midnight = *parse_instant("2026-11-27", moscow);
    CHECK(midnight == *parse_instant("2026-11-26T21:00:00Z", moscow));
    CHECK(midnight == *parse_instant("2026-11-27T00:00:00+03:00", Zone{}));
    CHECK(midnight == *parse_instant("2026-11-27T00:00", moscow));
    CHECK(*parse_instant("2026-11-27T00:00:00.999+03:00", Zone{}) == midnight);
    CHECK(day_of(midnight, moscow) == days_from_civil(2026, 11, 27));
    CHECK(day_of(midnight - 1, moscow) == days_from_civil(2026, 11, 26));
    CHECK(format_instant(midnight, moscow) == "2026-11-27T00:00:00+03:00");
    CHECK(format_instant(midnight, Zone{}) == "2026-11-26T21:00:00Z");
    CHECK_FALSE(parse_instant("2026-02-29", moscow));  // 2026 is not a leap year
    CHECK(parse_instant("2028-02-29", moscow));
    CHECK_FALSE(parse_instant("2026-11-27T24:00", moscow));
    CHECK_FALSE(parse_instant("2026-11-27T10:00+3", moscow));
    CHECK_FALSE(parse_instant("27.11.2026 10:00", moscow));
    CHECK(*parse_day("27.11.2026") == days_from_civil(2026, 11, 27));
    CHECK_FALSE(parse_day("31.04.2026"));
}

TEST_CASE("money formats by the currency's exponent") {
    CHECK(format_minor(123450, *find_currency("RUB")) == "1234.50");
    CHECK(format_minor(-5, *find_currency("USD")) == "-0.05");
    CHECK(format_minor(1200, *find_currency("JPY")) == "1200");
    CHECK(format_minor(1234, *find_currency("KWD")) == "1.234");
    CHECK(format_minor(INT64_MIN, *find_currency("RUB")) == "-92233720368547758.08");
    CHECK_FALSE(find_currency("XYZ"));
    CHECK_FALSE(find_currency("rub"));
}

TEST_CASE("the most points redeemable on an order respect balance, cap, step and minimum") {
    Program p;
    p.redemption = {100, 100, 10, Ratio{300'000}};  // 1 RUB a point, min 100, step 10, 30%
    // 30% of 1234.50 RUB = 370.35 RUB -> 370 points.
    CHECK(max_redeemable_points(p, 5000, 123450) == 370);
    // The balance limits first: 255 -> 250 by the step.
    CHECK(max_redeemable_points(p, 255, 123450) == 250);
    // 99 points are under the minimum of 100.
    CHECK(max_redeemable_points(p, 99, 123450) == 0);
    // 30% of 300.00 RUB = 90 points: under the minimum.
    CHECK(max_redeemable_points(p, 5000, 30000) == 0);
}

TEST_CASE(
    "points pay a share of what the goods cost after the cart's discount, never the shipping") {
    Program p;
    p.redemption = {1, 1, 1, Ratio{1'000'000}};  // a point is 0.01 RUB, any number, up to 100%
    // A 100.00 cart with 30.00 off leaves 70.00 to pay for the goods: 7,000 points, not 10,000
    // (which would make the total -30.00 and could not be booked).
    CHECK(max_redeemable_points(p, 50'000, 10'000, 3'000) == 7'000);
    CHECK(max_redeemable_points(p, 50'000, 10'000, 10'000) == 0);  // nothing left to pay
    CHECK(max_redeemable_points(p, 50'000, 10'000, -5) ==
          10'000);                                  // a negative discount is no discount
    p.redemption = {100, 100, 10, Ratio{300'000}};  // 1 RUB a point, min 100, step 10, 30%
    // 30% of (1234.50 - 234.50 = 1000.00) = 300.00 RUB -> 300 points.
    CHECK(max_redeemable_points(p, 5000, 123450, 23450) == 300);
    // 30% of (1234.50 - 235.00 = 999.50) = 299.85 RUB -> 299 points -> 290 by the step.
    CHECK(max_redeemable_points(p, 5000, 123450, 23500) == 290);
    // 30% of (400.00 - 70.00 = 330.00) = 99.00 RUB: 99 points, under the minimum of 100.
    CHECK(max_redeemable_points(p, 5000, 40000, 7000) == 0);
}

TEST_CASE("a redemption is refused below the minimum, off the step or over the cart's maximum") {
    Program p;
    p.redemption = {100, 100, 10, Ratio{300'000}};
    // The refusal, and its code after it (none when accepted).
    auto refusal = [&](int64_t points, int64_t max_points) {
        loyalty::ErrorCode code = loyalty::ErrorCode::invalid;
        std::string why = redemption_refusal(p, points, max_points, code);
        return std::pair{why, why.empty() ? std::string() : loyalty::error_code_name(code)};
    };
    using Refusal = std::pair<std::string, std::string>;
    CHECK(refusal(0, 0) == Refusal{});  // no points is always fine
    CHECK(refusal(370, 370) == Refusal{});
    CHECK(refusal(100, 370) == Refusal{});
    CHECK(refusal(90, 370) ==
          Refusal{"is 90; at least 100 points can be redeemed on an order", "out_of_range"});
    CHECK(refusal(105, 370) ==
          Refusal{"is 105; points are redeemed in steps of 10", "not_allowed"});
    CHECK(refusal(380, 370) ==
          Refusal{"is 380; this cart can be paid with at most 370 points", "not_enough_points"});
    // Under the minimum wins over the cart's maximum of 0: it says what the shopper can change.
    CHECK(refusal(50, 0) ==
          Refusal{"is 50; at least 100 points can be redeemed on an order", "out_of_range"});
}
