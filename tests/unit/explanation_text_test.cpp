// Explanation points as text: exact decimals where the value terminates, exact fractions where it
// does not, so that the lines of every entry add up to its points (docs/api.md, "status").
// The expected digits were worked out by hand and checked with Python's fractions and decimal.
#include <doctest/doctest.h>

#include "loyalty/ratio.h"
#include "test_helpers.h"

using loyalty::format_fraction;
using loyalty::Fraction;
using loyalty::test::errors_text;
using loyalty::test::json;
using loyalty::test::load_json;
using loyalty::test::run;
using loyalty::test::source_path;

namespace {

constexpr __int128 kInt128Max = ~(__int128(1) << 127);
constexpr __int128 kInt128Min = __int128(1) << 127;

__int128 power(__int128 base, int exponent) {
    __int128 out = 1;
    for (int i = 0; i < exponent; ++i) out *= base;
    return out;
}

json program() { return load_json(source_path("demo/examples/program.json")); }

/** The explanation points of a response's lines, in order. */
std::vector<std::string> points_of(const json& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(l["points"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("explanation points terminate as exact decimals with at least two places") {
    CHECK(format_fraction(Fraction{99, 200}) == "0.495");  // 9.90 at 5 per 100.00
    CHECK(format_fraction(Fraction{75, 2}) == "37.50");
    CHECK(format_fraction(Fraction{-1, 2}) == "-0.50");
    CHECK(format_fraction(Fraction{-99, 200}) == "-0.495");
    CHECK(format_fraction(Fraction{1, 8}) == "0.125");
    CHECK(format_fraction(Fraction{1, 1024}) == "0.0009765625");
    CHECK(format_fraction(Fraction{1, 1'000'000}) == "0.000001");
    CHECK(format_fraction(Fraction{-1'234'567, 100}) == "-12345.67");
    // Not reduced (a ledger state may hold such text): reduced first.
    CHECK(format_fraction(Fraction{2, 4}) == "0.50");
}

TEST_CASE("whole explanation points print as integers, as they always have") {
    CHECK(format_fraction(Fraction{0, 1}) == "0");
    CHECK(format_fraction(Fraction{0, 7}) == "0");
    CHECK(format_fraction(Fraction{-238, 1}) == "-238");
    CHECK(format_fraction(Fraction{200, 1}) == "200");
    CHECK(format_fraction(Fraction{4, 2}) == "2");
    CHECK(format_fraction(Fraction{-300, 3}) == "-100");
}

TEST_CASE("explanation points that do not terminate print as the reduced fraction") {
    CHECK(format_fraction(Fraction{1, 3}) == "1/3");
    CHECK(format_fraction(Fraction{-7, 3}) == "-7/3");
    CHECK(format_fraction(Fraction{2, 6}) == "1/3");
    CHECK(format_fraction(Fraction{-10, 15}) == "-2/3");
    CHECK(format_fraction(Fraction{7, 30}) == "7/30");  // 30 = 2 x 3 x 5: the 3 decides
    CHECK(format_fraction(Fraction{168609, 1342}) == "168609/1342");
}

TEST_CASE("huge explanation points print exactly, without overflow") {
    // 5^54 is about 5.6e37: ten times a remainder below it does not fit in 128 bits.
    const __int128 five54 = power(5, 54);
    // 1/5^54 = 2^54/10^54 = 18014398509481984e-54: 37 zeros, then the 17 digits of 2^54.
    CHECK(format_fraction(Fraction{1, five54}) ==
          "0." + std::string(37, '0') + "18014398509481984");
    // 1 - 2^54/10^54: 37 nines, then 10^17 - 2^54 = 81985601490518016.
    CHECK(format_fraction(Fraction{five54 - 1, five54}) ==
          "0." + std::string(37, '9') + "81985601490518016");
    CHECK(format_fraction(Fraction{1 - five54, five54}) ==
          "-0." + std::string(37, '9') + "81985601490518016");
    // (2^127 - 1)/2 = 2^126 - 1/2: an integer part far beyond 64 bits.
    CHECK(format_fraction(Fraction{kInt128Max, 2}) == "85070591730234615865843651857942052863.50");
    // -2^127 cannot be negated in 128 signed bits.
    CHECK(format_fraction(Fraction{kInt128Min, 1}) == "-170141183460469231731687303715884105728");
    CHECK(format_fraction(Fraction{kInt128Min, power(2, 126)}) == "-2");
    CHECK(format_fraction(Fraction{kInt128Min, 3}) == "-170141183460469231731687303715884105728/3");
    // 2^127 - 1 is prime (a Mersenne prime): 1/(2^127 - 1) does not terminate.
    CHECK(format_fraction(Fraction{1, kInt128Max}) == "1/170141183460469231731687303715884105727");
}

TEST_CASE("every printed explanation point reads back as the same exact value") {
    // A deterministic sweep over signs, powers of 2 and 5 and other factors in the denominator.
    size_t compared = 0;
    for (int64_t num = -1200; num <= 1200; num += 7) {
        for (int64_t den :
             {1,  2,  3,  4,   5,   6,   8,    10,   12,   16,           20,         25,
              40, 64, 80, 125, 625, 671, 1000, 1342, 2684, 1024 * 78125, 999'999'937}) {
            CAPTURE(num);
            CAPTURE(den);
            const std::string text = format_fraction(Fraction{num, den});
            CAPTURE(text);
            const auto back = loyalty::test::exact_points(text);
            REQUIRE(back);
            CHECK(back->num * den == __int128(num) * back->den);  // the same value
            const size_t point = text.find('.');
            if (point != std::string::npos) {  // at least two places, and no zero beyond them
                CHECK(text.size() - point - 1 >= 2);
                if (text.size() - point - 1 > 2) CHECK(text.back() != '0');
            }
            ++compared;
        }
    }
    CHECK(compared == 343 * 23);
}

TEST_CASE("a 9.90 line at 5 points per 100.00 shows its exact 0.495 points in a preview") {
    json p = program();
    p["earn"]["min_order"] = 0;
    const json cart = {
        {"lines", json::array({{{"sku", "pen"}, {"category", "stationery"}, {"price", 990}}})}};
    const json r =
        run("preview", {{"program", p}, {"cart", cart}, {"now", "2026-03-01T12:00:00+03:00"}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    // 990 kopecks x 5/10000 = 0.495, floored to 0; the guest's first purchase adds 200.
    CHECK(r["earn"]["points"] == 200);
    CHECK(points_of(r["earn"]["explanation"]) ==
          std::vector<std::string>{"0.495", "-0.495", "200"});
}

TEST_CASE("a third of a point shows as 1/3 and its rounding as -1/3") {
    json p = program();
    p["earn"]["min_order"] = 0;
    p["earn"]["points"] = 1;
    p["earn"]["per_amount"] = 300;  // 1 point per 3.00 RUB
    const json cart = {
        {"lines", json::array({{{"sku", "pen"}, {"category", "stationery"}, {"price", 1000}}})}};
    const json r =
        run("preview", {{"program", p}, {"cart", cart}, {"now", "2026-03-01T12:00:00+03:00"}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    // 10.00 RUB at 1 per 3.00 = 10/3 = 3 1/3, floored to 3; plus 200 for the first purchase.
    CHECK(r["earn"]["points"] == 203);
    CHECK(points_of(r["earn"]["explanation"]) == std::vector<std::string>{"10/3", "-1/3", "200"});
}

TEST_CASE("Anna's order A-1003 explains its 388 points with lines that add up to 388") {
    const json r =
        run("status", {{"program", program()},
                       {"customer", load_json(source_path("demo/examples/customers/anna.json"))},
                       {"now", "2026-11-26T12:00:00+03:00"},
                       {"history_limit", 50}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    const json* entry = nullptr;
    for (const auto& h : r["history"])
        if (h["type"] == "purchase" && h["id"] == "A-1003") entry = &h;
    REQUIRE(entry != nullptr);
    CHECK((*entry)["points"] == 388);
    // 6710.00 RUB, 200 points (200.00 RUB) redeemed: each line earns 6510/6710 = 651/671 of its
    // price at 5 per 100.00. Book 2590.00 -> 129.5 x 651/671 = 168609/1342, x1.5 adds 168609/2684;
    // pen 4120.00 -> 206 x 651/671 = 134106/671. Sum 1042251/2684 = 388.32..., floored to 388:
    // rounding 388 - 1042251/2684 = -859/2684. (671 = 11 x 61: none of these terminate.)
    CHECK(points_of((*entry)["explanation"]) ==
          std::vector<std::string>{"168609/1342", "168609/2684", "134106/671", "-859/2684"});
    size_t checked = 0;
    CHECK(loyalty::test::explanation_sum_problems(r, checked).empty());
    CHECK(checked == r["history"].size());
}
