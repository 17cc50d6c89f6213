// The typed API (engine.h): a programme parsed once, typed results with the numbers of the JSON
// operations, and JSON forms byte-identical to what status_json and preview_json answer.
#include "loyalty/engine.h"

#include <doctest/doctest.h>

#include "loyalty/api.h"
#include "test_helpers.h"

using loyalty::test::json;
using loyalty::test::read_text_file;
using loyalty::test::source_path;

namespace {

std::string program_text() { return read_text_file(source_path("demo/examples/program.json")); }

const std::string kCustomer =
    R"({"id":"c1","events":[{"type":"adjustment","at":"2026-01-05T10:00:00+03:00",)"
    R"("points":1000,"reason":"migration"}]})";
const std::string kCart =
    R"({"lines":[{"sku":"pen","category":"stationery","price":100000}],"points_redeemed":300})";
const std::string kNow = "2026-03-01T12:00:00+03:00";

loyalty::Instant now_of(const loyalty::Program& p) { return *loyalty::parse_instant(kNow, p.zone); }

}  // namespace

TEST_CASE("engine: a parsed programme previews a cart with the JSON operation's numbers") {
    auto program = loyalty::parse_program(program_text());
    REQUIRE(program.ok());
    const loyalty::Program& p = program.value();
    CHECK(p.id == "lavka-books");
    auto customer = loyalty::parse_customer(kCustomer, p);
    REQUIRE(customer.ok());
    auto cart = loyalty::parse_cart(kCart, p, now_of(p));
    REQUIRE(cart.ok());
    auto r = loyalty::preview(p, customer.value(), cart.value(), now_of(p));
    REQUIRE(r.ok());
    const loyalty::PreviewResult& v = r.value();
    // Paid 1000.00 - 300.00 = 700.00 RUB -> 5 per 100 RUB = 35 points, plus the 200
    // first-purchase bonus (the history holds only an adjustment).
    CHECK(v.subtotal == 100000);
    CHECK(v.points_redeemed == 300);
    CHECK(v.total == 70000);
    CHECK(v.points_earned == 235);
    CHECK(v.balance_before == 1000);
    CHECK(v.balance_after == 1000 - 300 + 235);
    // At most 30% of 1000.00 RUB in points worth 1 RUB: 300, in steps of 10.
    CHECK(v.max_points == 300);
    CHECK(v.max_discount == 30000);
    CHECK(v.rewards_applied.empty());
    REQUIRE(v.tier_before);
    CHECK(v.tier_before->index == 0);

    const std::string request = R"({"program":)" + program_text() + R"(,"customer":)" + kCustomer +
                                R"(,"cart":)" + kCart + R"(,"now":")" + kNow + R"("})";
    CHECK(loyalty::preview_json_text(p, v) == loyalty::preview_json(request));
}

TEST_CASE("engine: status of a parsed customer, with and without the state, as status_json") {
    auto program = loyalty::parse_program(program_text());
    REQUIRE(program.ok());
    const loyalty::Program& p = program.value();
    auto customer = loyalty::parse_customer(kCustomer, p);
    REQUIRE(customer.ok());
    loyalty::StatusOptions options;
    options.history_limit = 5;
    options.include_state = true;
    auto r = loyalty::status(p, customer.value(), now_of(p), options);
    REQUIRE(r.ok());
    CHECK(r.value().customer_id == "c1");
    CHECK(r.value().status.balance == 1000);
    CHECK(r.value().status.history.size() == 1);
    REQUIRE(r.value().state);
    CHECK(r.value().state->totals.balance == 1000);

    const std::string request = R"({"program":)" + program_text() + R"(,"customer":)" + kCustomer +
                                R"(,"now":")" + kNow +
                                R"(","history_limit":5,"include_state":true})";
    CHECK(loyalty::status_json_text(p, r.value()) == loyalty::status_json(request));
}

TEST_CASE("engine: errors name the field, under the programme, the customer or the cart") {
    auto bad = loyalty::parse_program(R"({"version":1,"id":"x","currency":"rubles"})");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors().front().path == "/currency");
    auto not_json = loyalty::parse_program("{");
    REQUIRE_FALSE(not_json.ok());
    CHECK(not_json.errors().front().path == "");

    auto program = loyalty::parse_program(program_text());
    REQUIRE(program.ok());
    const loyalty::Program& p = program.value();
    auto customer = loyalty::parse_customer(R"({"id":"c1","events":[{"type":"gift"}]})", p);
    REQUIRE_FALSE(customer.ok());
    CHECK(customer.errors().front().path.rfind("/customer/events/0", 0) == 0);
    CHECK(loyalty::parse_customer("[", p).errors().front().path == "/customer");

    // 310 points: above the 300 this cart can take.
    auto cart = loyalty::parse_cart(
        R"({"lines":[{"sku":"pen","price":100000}],"points_redeemed":310})", p, now_of(p));
    REQUIRE(cart.ok());
    auto over =
        loyalty::preview(p, loyalty::parse_customer(kCustomer, p).value(), cart.value(), now_of(p));
    REQUIRE_FALSE(over.ok());
    CHECK(over.errors().front().path == "/cart/points_redeemed");
    CHECK(loyalty::errors_json_text(over.errors())
              .starts_with(R"({"errors":[{"code":"not_enough_points","message":)"));
}
