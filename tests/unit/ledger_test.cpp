// Earning, refunds, expiry and tiers through the status operation, with numbers worked by hand.
#include <doctest/doctest.h>

#include "test_helpers.h"

using loyalty::test::errors_text;
using loyalty::test::has_error_at;
using loyalty::test::json;
using loyalty::test::run;

namespace {

// 5 points per 100.00 RUB, floor, no tiers, no expiry unless a test adds them.
json base_program() {
    return {{"currency", "RUB"},
            {"timezone", "+03:00"},
            {"earn", {{"points", 5}, {"per_amount", 10000}}},
            {"redemption",
             {{"point_value", 100}, {"min_points", 1}, {"step", 1}, {"max_share", "30%"}}}};
}

json line(const std::string& sku, int64_t price, const std::string& category = "",
          int64_t quantity = 1) {
    return {{"sku", sku}, {"category", category}, {"price", price}, {"quantity", quantity}};
}

json purchase(const std::string& id, const std::string& at, json lines,
              int64_t points_redeemed = 0) {
    return {{"type", "purchase"},
            {"order_id", id},
            {"at", at},
            {"lines", std::move(lines)},
            {"points_redeemed", points_redeemed}};
}

json status(const json& program, json events, const std::string& now) {
    json r = run("status", {{"program", program},
                            {"customer", {{"id", "c1"}, {"events", std::move(events)}}},
                            {"now", now},
                            {"history_limit", 100}});
    INFO(errors_text(r));
    return r;
}

int64_t points_of_one_purchase(const std::string& rounding, int64_t price) {
    json p = base_program();
    p["earn"]["rounding"] = rounding;
    json r = status(p, {purchase("o1", "2026-03-01T12:00:00+03:00", {line("a", price)})},
                    "2026-03-02T00:00:00+03:00");
    REQUIRE(r["ok"] == true);
    return r["balance"].get<int64_t>();
}

}  // namespace

TEST_CASE("earning rounds once per order in the program's rounding mode") {
    // 1234.56 RUB at 5 per 100 RUB: 123456 * 5 / 10000 = 61.728 points.
    CHECK(points_of_one_purchase("floor", 123456) == 61);
    CHECK(points_of_one_purchase("ceil", 123456) == 62);
    CHECK(points_of_one_purchase("half_up", 123456) == 62);
    CHECK(points_of_one_purchase("half_even", 123456) == 62);
    // 90.00 RUB: 9000 * 5 / 10000 = 4.5 exactly; half_up goes to 5, half_even to the even 4.
    CHECK(points_of_one_purchase("half_up", 9000) == 5);
    CHECK(points_of_one_purchase("half_even", 9000) == 4);
    CHECK(points_of_one_purchase("floor", 9000) == 4);
    // 110.00 RUB: 5.5; half_even goes to the even 6.
    CHECK(points_of_one_purchase("half_even", 11000) == 6);
}

TEST_CASE("rounding happens on the order total, not per line") {
    // Two lines of 90.00 RUB: 4.5 + 4.5 = 9 exactly, so floor loses nothing (per line it would be
    // 8).
    json r =
        status(base_program(),
               {purchase("o1", "2026-03-01T12:00:00+03:00", {line("a", 9000), line("b", 9000)})},
               "2026-03-02T00:00:00+03:00");
    CHECK(r["balance"] == 9);
}

TEST_CASE("category, campaign and tier multipliers stack multiplicatively and are each explained") {
    json p = base_program();
    p["earn"]["categories"] = {{"books", {{"multiplier", "1.5"}}},
                               {"gift-cards", {{"excluded", true}}}};
    p["earn"]["campaigns"] = json::array(
        {{{"id", "bf"}, {"starts", "2026-11-27"}, {"ends", "2026-11-30"}, {"multiplier", 2}}});
    // Lifetime tiers on spend: 100.00 RUB of earlier spend reaches "silver" (x1.25).
    p["tiers"] = {{"basis", "spend"},
                  {"levels", json::array({{{"id", "base"}, {"name", "Base"}, {"threshold", 0}},
                                          {{"id", "silver"},
                                           {"name", "Silver"},
                                           {"threshold", 10000},
                                           {"multiplier", "1.25"}}})}};
    json events = {purchase("o1", "2026-11-01T12:00:00+03:00", {line("x", 10000)}),
                   purchase("o2", "2026-11-28T12:00:00+03:00",
                            {line("book", 100000, "books"), line("card", 500000, "gift-cards")})};
    json r = status(p, events, "2026-11-29T00:00:00+03:00");
    REQUIRE(r["ok"] == true);
    // o1: 100.00 RUB -> 5 points. o2: the book line, 1000.00 RUB: base 50, x1.5 category = 75
    // (+25), x2 campaign = 150 (+75), x1.25 tier = 187.5 (+37.5); floor -> 187. The gift card earns
    // nothing.
    CHECK(r["balance"] == 5 + 187);
    const json& o2 = r["history"][0];
    CHECK(o2["id"] == "o2");
    CHECK(o2["points"] == 187);
    const json expected = json::parse(R"([
        {"kind": "base", "label": "book", "category": "books", "amount": 100000, "points": "50"},
        {"kind": "category", "label": "books", "category": "books", "factor": "1.5", "points": "25"},
        {"kind": "campaign", "label": "bf", "category": "books", "factor": "2", "points": "75"},
        {"kind": "tier", "label": "silver", "category": "books", "factor": "1.25", "points": "37.50"},
        {"kind": "excluded", "label": "card", "category": "gift-cards", "amount": 500000, "points": "0"},
        {"kind": "rounding", "label": "floor", "points": "-0.50"}
    ])");
    CHECK(o2["explanation"] == expected);
}

TEST_CASE("a campaign starts at local midnight and a date-only end covers its whole last day") {
    json p = base_program();
    p["earn"]["campaigns"] = json::array(
        {{{"id", "bf"}, {"starts", "2026-11-27"}, {"ends", "2026-11-30"}, {"multiplier", 2}}});
    auto points_at = [&](const std::string& at) {
        json r = status(p, {purchase("o", at, {line("a", 10000)})}, "2026-12-31T00:00:00+03:00");
        REQUIRE(r["ok"] == true);
        return r["balance"].get<int64_t>();
    };
    // 100.00 RUB earns 5 points, 10 during the campaign.
    CHECK(points_at("2026-11-26T23:59:59+03:00") == 5);
    CHECK(points_at("2026-11-27T00:00:00+03:00") == 10);
    CHECK(points_at("2026-11-26T21:00:00Z") == 10);  // the same instant written in UTC
    CHECK(points_at("2026-11-30T23:59:59+03:00") == 10);
    CHECK(points_at("2026-12-01T00:00:00+03:00") == 5);
}

TEST_CASE(
    "a refund after a redemption returns the redeemed points and takes back what the order "
    "earned") {
    json p = base_program();
    json adjust = {{"type", "adjustment"},
                   {"at", "2026-03-01T10:00:00+03:00"},
                   {"points", 500},
                   {"reason", "welcome"}};
    // 1000.00 RUB order paying 300 points (300.00 RUB, exactly the 30% cap): paid 700.00 -> 35
    // points.
    json buy = purchase("o1", "2026-03-02T10:00:00+03:00", {line("a", 100000)}, 300);
    SUBCASE("full refund restores the balance exactly") {
        json refund = {{"type", "refund"},
                       {"order_id", "o1"},
                       {"at", "2026-03-03T10:00:00+03:00"},
                       {"amount", 100000}};
        json r = status(p, {adjust, buy, refund}, "2026-03-04T00:00:00+03:00");
        // 500 - 300 + 35 = 235 after the order; the refund returns 300 and takes back 35: 500.
        CHECK(r["balance"] == 500);
        CHECK(r["lifetime"]["redeemed"] == 0);
        CHECK(r["lifetime"]["clawed_back"] == 35);
        CHECK(r["history"][0]["points"] == 300 - 35);
    }
    SUBCASE("two half refunds add up to one full refund") {
        json half1 = {{"type", "refund"},
                      {"order_id", "o1"},
                      {"at", "2026-03-03T10:00:00+03:00"},
                      {"amount", 50000}};
        json half2 = {{"type", "refund"},
                      {"order_id", "o1"},
                      {"at", "2026-03-04T10:00:00+03:00"},
                      {"amount", 50000}};
        json r1 = status(p, {adjust, buy, half1}, "2026-03-05T00:00:00+03:00");
        // Half: returns 300 * 1/2 = 150, takes back floor(35 / 2) = 17: 235 + 150 - 17 = 368.
        CHECK(r1["balance"] == 368);
        json r2 = status(p, {adjust, buy, half1, half2}, "2026-03-05T00:00:00+03:00");
        // The rest: 300 - 150 = 150 back, 35 - 17 = 18 taken: 368 + 150 - 18 = 500.
        CHECK(r2["balance"] == 500);
    }
    SUBCASE("a refund over what is left of the order is refused") {
        json over = {{"type", "refund"},
                     {"order_id", "o1"},
                     {"at", "2026-03-03T10:00:00+03:00"},
                     {"amount", 100001}};
        json r = status(p, {adjust, buy, over}, "2026-03-04T00:00:00+03:00");
        CHECK(has_error_at(r, "/customer/events/2/amount"));
    }
}

TEST_CASE("a refund never drives the balance negative silently") {
    json p = base_program();
    // 1000.00 RUB earns 50 points; 40 are spent on a reward; the full refund wants 50 back.
    json events = {purchase("o1", "2026-03-02T10:00:00+03:00", {line("a", 100000)}),
                   {{"type", "redemption"},
                    {"at", "2026-03-03T10:00:00+03:00"},
                    {"points", 40},
                    {"reward_id", "r"}},
                   {{"type", "refund"},
                    {"order_id", "o1"},
                    {"at", "2026-03-04T10:00:00+03:00"},
                    {"amount", 100000}}};
    json r = status(p, events, "2026-03-05T00:00:00+03:00");
    // Only the 10 left can be taken: balance 0, 40 uncollected, and the history says so.
    CHECK(r["balance"] == 0);
    CHECK(r["lifetime"]["clawed_back"] == 10);
    CHECK(r["lifetime"]["uncollected"] == 40);
    CHECK(r["history"][0]["uncollected"] == 40);
}

TEST_CASE("a lot is usable through its last day and expires at the following local midnight") {
    json p = base_program();
    p["expiry"] = {{"days", 30}, {"warning_days", 7}};
    // Earned 2026-01-10 (local): last day 2026-01-10 + 30 = 2026-02-09; gone at
    // 2026-02-10T00:00+03:00.
    json events = {purchase("o1", "2026-01-10T12:00:00+03:00", {line("a", 100000)})};
    json last = status(p, events, "2026-02-09T23:59:59+03:00");
    CHECK(last["balance"] == 50);
    CHECK(last["expiring"]["points"] == 50);
    CHECK(last["expiring"]["lots"][0]["expires_at"] == "2026-02-10T00:00:00+03:00");
    json after = status(p, events, "2026-02-10T00:00:00+03:00");
    CHECK(after["balance"] == 0);
    CHECK(after["lifetime"]["expired"] == 50);
    CHECK(after["history"][0]["type"] == "expiry");
    // 8 days before the expiry the lot is outside the 7-day warning window.
    json early = status(p, events, "2026-02-02T00:00:00+03:00");
    CHECK(early["expiring"]["points"] == 0);
}

TEST_CASE("points are spent oldest lot first") {
    json p = base_program();
    p["expiry"] = {{"days", 30}, {"warning_days", 30}};
    json events = {
        purchase("o1", "2026-01-10T12:00:00+03:00", {line("a", 100000)}),  // 50, expires 02-10
        purchase("o2", "2026-01-20T12:00:00+03:00", {line("a", 100000)}),  // 50, expires 02-20
        {{"type", "redemption"}, {"at", "2026-01-25T12:00:00+03:00"}, {"points", 60}}};
    // The redemption empties o1's lot and takes 10 from o2's: 40 left, all from o2.
    json r = status(p, events, "2026-02-15T00:00:00+03:00");
    CHECK(r["balance"] == 40);
    CHECK(r["lifetime"]["expired"] == 0);
    REQUIRE(r["lots"].size() == 1);
    CHECK(r["lots"][0]["expires_at"] == "2026-02-20T00:00:00+03:00");
}

TEST_CASE("a tier is reached when the threshold is hit exactly, with progress and lapse date") {
    json p = base_program();
    p["tiers"] = {
        {"basis", "spend"},
        {"window_days", 365},
        {"levels",
         json::array({{{"id", "reader"}, {"name", "Reader"}, {"threshold", 0}},
                      {{"id", "biblio"}, {"name", "Bibliophile"}, {"threshold", 1500000}},
                      {{"id", "collector"}, {"name", "Collector"}, {"threshold", 5000000}}})}};
    json just_below = status(p, {purchase("o1", "2026-01-10T12:00:00+03:00", {line("a", 1499999)})},
                             "2026-02-01T00:00:00+03:00");
    CHECK(just_below["tier"]["id"] == "reader");
    CHECK(just_below["tier"]["next"]["remaining"] == 1);
    // 1499999 / 1500000 = 0.99999933...: rounded down to 4 decimals, 0.9999, never 1 short of
    // the tier (docs/program.md, "tiers").
    CHECK(just_below["tier"]["next"]["fraction"] == 0.9999);
    json exact = status(p, {purchase("o1", "2026-01-10T12:00:00+03:00", {line("a", 1500000)})},
                        "2026-02-01T00:00:00+03:00");
    CHECK(exact["tier"]["id"] == "biblio");
    CHECK(exact["tier"]["next"]["id"] == "collector");
    CHECK(exact["tier"]["next"]["remaining"] == 3500000);
    CHECK(exact["tier"]["next"]["fraction"] == 0.0);
    // The only qualifying order leaves the 365-day window 365 days after it was made.
    CHECK(exact["tier"]["lapses_at"] == "2027-01-10T12:00:00+03:00");
    json more = status(p,
                       {purchase("o1", "2026-01-10T12:00:00+03:00", {line("a", 1500000)}),
                        purchase("o2", "2026-01-20T12:00:00+03:00", {line("a", 1750000)})},
                       "2026-02-01T00:00:00+03:00");
    // (3250000 - 1500000) / (5000000 - 1500000) = 0.5; o1 leaving on 2027-01-10 leaves 1750000,
    // still Bibliophile, so the tier lapses only when o2 leaves on 2027-01-20.
    CHECK(more["tier"]["next"]["fraction"] == 0.5);
    CHECK(more["tier"]["lapses_at"] == "2027-01-20T12:00:00+03:00");
    json lapsed = status(p, {purchase("o1", "2026-01-10T12:00:00+03:00", {line("a", 1500000)})},
                         "2027-01-10T12:00:00+03:00");
    CHECK(lapsed["tier"]["id"] == "reader");
}

TEST_CASE("status refuses events that are out of order, in the future, or overdraw") {
    json p = base_program();
    json b = purchase("o2", "2026-03-01T12:00:00+03:00", {line("a", 1000)});
    json a = purchase("o1", "2026-03-02T12:00:00+03:00", {line("a", 1000)});
    CHECK(has_error_at(status(p, {a, b}, "2026-04-01T00:00:00+03:00"), "/customer/events/1/at"));
    CHECK(has_error_at(status(p, {b}, "2026-02-01T00:00:00+03:00"), "/customer/events/0/at"));
    json spend = {{"type", "redemption"}, {"at", "2026-03-03T00:00:00+03:00"}, {"points", 1}};
    CHECK(
        has_error_at(status(p, {spend}, "2026-04-01T00:00:00+03:00"), "/customer/events/0/points"));
    json twice = purchase("o2", "2026-03-03T12:00:00+03:00", {line("a", 1000)});
    CHECK(has_error_at(status(p, {b, twice}, "2026-04-01T00:00:00+03:00"),
                       "/customer/events/1/order_id") == false);
    CHECK(
        has_error_at(status(p, {b, twice}, "2026-04-01T00:00:00+03:00"), "/customer/events/1/id"));
}

TEST_CASE("overflow-sized amounts are refused, not wrapped") {
    json p = base_program();
    // 10^15 x 2 exceeds the 10^15 limit on an order total.
    json r = status(
        p, {purchase("o1", "2026-03-01T12:00:00+03:00", {line("a", 1000000000000000, "", 2)})},
        "2026-04-01T00:00:00+03:00");
    CHECK(has_error_at(r, "/customer/events/0/lines/0"));
    // A price above 10^15 is refused where it is read.
    json r2 =
        status(p, {purchase("o1", "2026-03-01T12:00:00+03:00", {line("a", 9000000000000000000)})},
               "2026-04-01T00:00:00+03:00");
    CHECK(has_error_at(r2, "/customer/events/0/lines/0/price"));
}

TEST_CASE("bonuses: first purchase, sign-up once, referral and a manual adjustment with a reason") {
    json p = base_program();
    p["bonuses"] = {{"signup", 100}, {"first_purchase", 200}, {"referral_referee", 250}};
    json events = {
        {{"type", "bonus"}, {"kind", "signup"}, {"at", "2026-03-01T10:00:00+03:00"}},
        {{"type", "bonus"}, {"kind", "referral_referee"}, {"at", "2026-03-01T10:00:00+03:00"}},
        purchase("o1", "2026-03-02T10:00:00+03:00", {line("a", 100000)}),
        purchase("o2", "2026-03-03T10:00:00+03:00", {line("a", 100000)}),
        {{"type", "adjustment"},
         {"at", "2026-03-04T10:00:00+03:00"},
         {"points", -30},
         {"reason", "duplicate bonus"}}};
    json r = status(p, events, "2026-03-05T00:00:00+03:00");
    // 100 + 250 + (50 + 200 first purchase) + 50 - 30 = 620.
    CHECK(r["balance"] == 620);
    CHECK(r["lifetime"]["earned"] == 650);
    CHECK(r["lifetime"]["adjusted"] == -30);
    json again = events;
    again.push_back({{"type", "bonus"}, {"kind", "signup"}, {"at", "2026-03-04T11:00:00+03:00"}});
    CHECK(has_error_at(status(p, again, "2026-03-05T00:00:00+03:00"), "/customer/events/5/kind"));
    json no_reason = {{"type", "adjustment"}, {"at", "2026-03-04T10:00:00+03:00"}, {"points", 10}};
    CHECK(has_error_at(status(p, {no_reason}, "2026-03-05T00:00:00+03:00"),
                       "/customer/events/0/reason"));
}
