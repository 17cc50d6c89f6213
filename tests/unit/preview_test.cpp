// The cart preview, with numbers worked by hand.
#include <doctest/doctest.h>

#include "test_helpers.h"

using loyalty::test::errors_text;
using loyalty::test::has_error_at;
using loyalty::test::json;
using loyalty::test::load_json;
using loyalty::test::run;
using loyalty::test::source_path;

namespace {

json program() { return load_json(source_path("demo/examples/program.json")); }

json with_balance(int64_t points) {
    return {{"id", "c1"},
            {"events", json::array({{{"type", "adjustment"},
                                     {"at", "2026-01-05T10:00:00+03:00"},
                                     {"points", points},
                                     {"reason", "migration"}}})}};
}

}  // namespace

TEST_CASE("a cart can be paid up to 30% with points, in steps of 10") {
    json cart = {
        {"lines", json::array({{{"sku", "novel"}, {"category", "books"}, {"price", 123450}}})}};
    json r = run("preview", {{"program", program()},
                             {"customer", with_balance(5000)},
                             {"cart", cart},
                             {"now", "2026-03-01T12:00:00+03:00"}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    // 30% of 1234.50 RUB = 370.35 RUB -> 370 points at 1 RUB each, already a multiple of 10.
    CHECK(r["redeem"]["max_points"] == 370);
    CHECK(r["redeem"]["max_discount"] == 37000);
    CHECK(r["redeem"]["total_after_max"] == 123450 - 37000);
    // Earning without redeeming: 1234.50 RUB x 5/100 = 61.725, books x1.5 = 92.5875 -> floor 92.
    // The history holds only an adjustment, so this is the first purchase: +200.
    CHECK(r["earn"]["points"] == 92 + 200);
    CHECK(r["balance_after"] == 5000 + 292);
}

TEST_CASE("a preview earns on what is paid after points, exactly as booking would") {
    json cart = {
        {"lines", json::array({{{"sku", "pen"}, {"category", "stationery"}, {"price", 100000}}})},
        {"points_redeemed", 300}};
    json r = run("preview", {{"program", program()},
                             {"customer", with_balance(1000)},
                             {"cart", cart},
                             {"now", "2026-03-01T12:00:00+03:00"}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    // Paid 1000.00 - 300.00 = 700.00 RUB -> 35 points, plus the 200 first-purchase bonus.
    CHECK(r["earn"]["points"] == 235);
    CHECK(r["total"] == 70000);
    CHECK(r["balance_after"] == 1000 - 300 + 235);
}

TEST_CASE("a preview refuses more points than the cap allows and names the field") {
    json cart = {{"lines", json::array({{{"sku", "pen"}, {"price", 100000}}})},
                 {"points_redeemed", 310}};
    json r = run("preview", {{"program", program()},
                             {"customer", with_balance(1000)},
                             {"cart", cart},
                             {"now", "2026-03-01T12:00:00+03:00"}});
    CHECK(has_error_at(r, "/cart/points_redeemed"));
}

TEST_CASE("a guest preview shows what a first order earns and no redemption") {
    json cart = {
        {"lines", json::array({{{"sku", "card"}, {"category", "gift-cards"}, {"price", 500000}},
                               {{"sku", "novel"}, {"category", "books"}, {"price", 40000}}})}};
    json r = run("preview",
                 {{"program", program()}, {"cart", cart}, {"now", "2026-03-01T12:00:00+03:00"}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    // The gift card is excluded; 400.00 RUB of books: 20 x 1.5 = 30, plus 200 first-purchase bonus.
    CHECK(r["earn"]["points"] == 230);
    CHECK(r["redeem"]["max_points"] == 0);
    CHECK(r["rewards"][0]["points_missing"] == 300);
}

TEST_CASE("an order under the minimum earns no base points but the preview says why") {
    json cart = {{"lines", json::array({{{"sku", "pen"}, {"price", 29999}}})}};
    json r = run("preview", {{"program", program()},
                             {"customer", with_balance(10)},
                             {"cart", cart},
                             {"now", "2026-03-01T12:00:00+03:00"}});
    REQUIRE(r["ok"] == true);
    // min_order is 300.00 RUB: only the first-purchase bonus remains.
    CHECK(r["earn"]["points"] == 200);
    CHECK(r["earn"]["explanation"][0]["kind"] == "min_order");
}
