// earn.rules: several earning rules with scopes, conditions and how they combine, and fixed
// points per unit. Numbers worked by hand in the comments.
#include <doctest/doctest.h>

#include "test_helpers.h"

using loyalty::test::errors_text;
using loyalty::test::has_error_at;
using loyalty::test::json;
using loyalty::test::run;

namespace {

json rate_rule(const std::string& id, int64_t points, int64_t per_amount = 10000) {
    return {{"id", id}, {"points", points}, {"per_amount", per_amount}};
}

// Floor rounding, "paid" basis, books and stationery listed so that rules may name them.
json program(json rules) {
    return {{"currency", "RUB"},
            {"timezone", "+03:00"},
            {"earn",
             {{"categories", {{"books", json::object()}, {"stationery", json::object()}}},
              {"rules", std::move(rules)}}},
            {"redemption",
             {{"point_value", 100}, {"min_points", 1}, {"step", 1}, {"max_share", "30%"}}}};
}

json line(const std::string& sku, int64_t price, const std::string& category = "",
          int64_t quantity = 1) {
    return {{"sku", sku}, {"category", category}, {"price", price}, {"quantity", quantity}};
}

json purchase(const std::string& id, const std::string& at, json lines) {
    return {{"type", "purchase"}, {"order_id", id}, {"at", at}, {"lines", std::move(lines)}};
}

json status(const json& p, json events) {
    json r = run("status", {{"program", p},
                            {"customer", {{"id", "c1"}, {"events", std::move(events)}}},
                            {"now", "2027-06-01T00:00:00+03:00"},
                            {"history_limit", 100}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    return r;
}

// What the newest purchase of `events` earned when booked.
int64_t earned_last(const json& p, json events) {
    return status(p, std::move(events))["history"][0]["points"].get<int64_t>();
}

json preview(const json& p, json lines, const std::string& at) {
    json r = run("preview", {{"program", p},
                             {"customer", {{"id", "c1"}, {"events", json::array()}}},
                             {"cart", {{"lines", std::move(lines)}}},
                             {"now", at}});
    INFO(errors_text(r));
    REQUIRE(r["ok"] == true);
    return r;
}

json validate(const json& p) { return run("validate", p); }

}  // namespace

TEST_CASE("a stackable base rule and an exclusive books rule: each line says which rule earned") {
    json base = rate_rule("base", 5);
    json books = rate_rule("books-10", 10);
    books["name"] = "Books: 10 per 100";
    books["categories"] = {"books"};
    books["combine"] = "exclusive";
    books["priority"] = 1;
    json cart = {line("novel", 120000, "books"), line("pen", 80000, "stationery")};
    // 2,000.00 cart. The novel (1,200.00) is in the exclusive rule's scope, so only it earns
    // there: 120000 x 10 / 10000 = 120. The pen (800.00) earns the base: 80000 x 5 / 10000 = 40.
    json p = program({base, books});
    json r = preview(p, cart, "2026-12-02T12:00:00+03:00");
    CHECK(r["earn"]["points"] == 160);
    const json& why = r["earn"]["explanation"];
    REQUIRE(why.size() == 2);
    CHECK(why[0] == json{{"kind", "base"},
                         {"label", "novel"},
                         {"category", "books"},
                         {"amount", 120000},
                         {"points", "120"},
                         {"rule", "books-10"}});
    CHECK(why[1]["rule"] == "base");
    CHECK(why[1]["points"] == "40");
    // Booking the same cart at the same instant earns what the preview said.
    CHECK(earned_last(p, {purchase("o1", "2026-12-02T12:00:00+03:00", cart)}) == 160);

    SUBCASE("of two exclusive rules the higher priority wins, wherever it is in the list") {
        json promo = rate_rule("books-promo", 2);
        promo["categories"] = {"books"};
        promo["combine"] = "exclusive";
        promo["priority"] = 5;
        // The novel now earns 120000 x 2 / 10000 = 24 only; the pen still 40.
        json r2 = preview(program({base, books, promo}), cart, "2026-12-02T12:00:00+03:00");
        CHECK(r2["earn"]["points"] == 64);
        CHECK(r2["earn"]["explanation"][0]["rule"] == "books-promo");
    }
    SUBCASE("\"stop\" ends the list for the lines it applied to") {
        books["combine"] = "stop";
        books.erase("priority");
        // books-10 first: the novel earns 120 and the later base rule is not reached for it; the
        // pen is outside books-10's scope, so the base rule still earns 40 on it.
        json first = program({books, base});
        CHECK(preview(first, cart, "2026-12-02T12:00:00+03:00")["earn"]["points"] == 160);
        // base first: it stacks on the novel (60 + 120) before books-10 stops the list.
        json second = program({base, books});
        CHECK(preview(second, cart, "2026-12-02T12:00:00+03:00")["earn"]["points"] == 220);
    }
}

TEST_CASE("a weekday condition turns at local midnight, not at UTC midnight") {
    json weekend = rate_rule("weekend", 5);
    weekend["weekdays"] = {"sat", "sun"};
    json p = program({rate_rule("base", 5), weekend});
    json cart = {line("pen", 100000, "stationery")};
    // 1,000.00: base 50; on a local Saturday or Sunday the weekend rule adds another 50.
    // Friday 2026-12-04 23:59:59 at +03:00: still Friday.
    CHECK(preview(p, cart, "2026-12-04T23:59:59+03:00")["earn"]["points"] == 50);
    // Saturday 00:00:00 at +03:00 is Friday 21:00 UTC: the programme's zone decides, Saturday.
    CHECK(preview(p, cart, "2026-12-05T00:00:00+03:00")["earn"]["points"] == 100);
    CHECK(earned_last(p, {purchase("o1", "2026-12-05T00:00:00+03:00", cart)}) == 100);
    // Sunday's last second is still weekend; Monday's first is not.
    CHECK(preview(p, cart, "2026-12-06T23:59:59+03:00")["earn"]["points"] == 100);
    CHECK(preview(p, cart, "2026-12-07T00:00:00+03:00")["earn"]["points"] == 50);
}

TEST_CASE("a date range: a bare end date covers its whole day") {
    json december = rate_rule("december", 5);
    december["starts"] = "2026-12-01";
    december["ends"] = "2026-12-31";
    json p = program({rate_rule("base", 5), december});
    json cart = {line("pen", 100000, "stationery")};
    CHECK(preview(p, cart, "2026-11-30T23:59:59+03:00")["earn"]["points"] == 50);
    CHECK(preview(p, cart, "2026-12-01T00:00:00+03:00")["earn"]["points"] == 100);
    CHECK(preview(p, cart, "2026-12-31T23:59:59+03:00")["earn"]["points"] == 100);
    CHECK(preview(p, cart, "2027-01-01T00:00:00+03:00")["earn"]["points"] == 50);
}

TEST_CASE(
    "a tier condition looks at the tier held before the order, reached exactly at its "
    "threshold") {
    json gold = rate_rule("gold-extra", 5);
    gold["tiers"] = {"gold"};
    json p = program({rate_rule("base", 5), gold});
    p["tiers"] = {{"basis", "spend"},
                  {"levels",
                   {{{"id", "reader"}, {"name", "Reader"}, {"threshold", 0}},
                    {{"id", "gold"}, {"name", "Gold"}, {"threshold", 100000}}}}};
    json second = purchase("o2", "2026-12-03T12:00:00+03:00", {line("pen", 100000, "stationery")});
    // First order 999.99: 49.9995 -> 49 points, spend 99,999, one kopeck short of gold. The second
    // order (1,000.00) is made as a reader: base 50 only.
    json below = purchase("o1", "2026-12-02T12:00:00+03:00", {line("pen", 99999, "stationery")});
    CHECK(earned_last(p, {below, second}) == 50);
    // First order exactly 1,000.00 reaches gold (a threshold hit exactly counts): the second
    // order earns base 50 + gold-extra 50. The first order itself was made as a reader: 50.
    json at = purchase("o1", "2026-12-02T12:00:00+03:00", {line("pen", 100000, "stationery")});
    json r = status(p, {at, second});
    CHECK(r["history"][0]["points"] == 100);
    CHECK(r["history"][1]["points"] == 50);
    CHECK(r["history"][0]["explanation"][1]["rule"] == "gold-extra");
}

TEST_CASE("a first-order-only rule earns on the first order and not on the second") {
    json welcome = rate_rule("welcome", 10);
    welcome["first_order_only"] = true;
    json p = program({rate_rule("base", 5), welcome});
    json cart = {line("pen", 100000, "stationery")};
    // A guest's preview is a first order: 50 + 100.
    CHECK(preview(p, cart, "2026-12-02T12:00:00+03:00")["earn"]["points"] == 150);
    json r = status(p, {purchase("o1", "2026-12-02T12:00:00+03:00", cart),
                        purchase("o2", "2026-12-03T12:00:00+03:00", cart)});
    CHECK(r["history"][1]["points"] == 150);
    CHECK(r["history"][0]["points"] == 50);  // second order: base only
    CHECK(r["balance"] == 200);
}

TEST_CASE("a rule's minimum order is checked against the order's earn basis") {
    json big = rate_rule("big-order", 5);
    big["min_order"] = 100000;
    json p = program({rate_rule("base", 5), big});
    CHECK(preview(p, {line("pen", 99999, "stationery")},
                  "2026-12-02T12:00:00+03:00")["earn"]["points"] ==
          49);  // 49.9995 -> 49, base only
    CHECK(preview(p, {line("pen", 100000, "stationery")},
                  "2026-12-02T12:00:00+03:00")["earn"]["points"] == 100);
}

TEST_CASE("fixed points per unit: 10 per copy on 3 copies, and a refund of one copy") {
    json copies = {{"id", "per-copy"},
                   {"name", "10 points per copy"},
                   {"kind", "per_unit"},
                   {"points", 10},
                   {"products", {"book-x"}}};
    json p = program({rate_rule("base", 5), copies});
    json cart = {line("book-x", 50000, "books", 3)};
    // 3 copies at 500.00 = 1,500.00: base 150000 x 5 / 10000 = 75, per-copy 3 x 10 = 30: 105.
    json r = preview(p, cart, "2026-12-02T12:00:00+03:00");
    CHECK(r["earn"]["points"] == 105);
    CHECK(r["earn"]["explanation"][1] == json{{"kind", "per_unit"},
                                              {"label", "book-x"},
                                              {"category", "books"},
                                              {"amount", 150000},
                                              {"points", "30"},
                                              {"rule", "per-copy"}});
    json buy = purchase("o1", "2026-12-02T12:00:00+03:00", cart);
    json refund = {{"type", "refund"},
                   {"order_id", "o1"},
                   {"at", "2026-12-03T12:00:00+03:00"},
                   {"amount", 50000}};
    // Refunding one copy (500.00 of 1,500.00) takes back a third of 105: 35, leaving 70.
    json s = status(p, {buy, refund});
    CHECK(s["history"][1]["points"] == 105);
    CHECK(s["balance"] == 70);

    SUBCASE("per-unit points are not scaled by the paid share") {
        json pay = purchase("o2", "2026-12-02T12:00:00+03:00", cart);
        pay["points_redeemed"] = 150;  // 150.00 off 1,500.00: a tenth
        json adjust = {{"type", "adjustment"},
                       {"at", "2026-12-01T12:00:00+03:00"},
                       {"points", 150},
                       {"reason", "gift"}};
        // base on 1,350.00 paid: 67.5, per-copy still 30: 97.5 -> floor 97. 150 - 150 + 97.
        CHECK(status(p, {adjust, pay})["balance"] == 97);
    }
}

TEST_CASE("without earn.rules the one rate earns as before and lines name no rule") {
    json p = program(json::array());
    p["earn"].erase("rules");
    p["earn"]["points"] = 5;
    p["earn"]["per_amount"] = 10000;
    json r = preview(p, {line("pen", 100000, "stationery")}, "2026-12-02T12:00:00+03:00");
    CHECK(r["earn"]["points"] == 50);
    CHECK_FALSE(r["earn"]["explanation"][0].contains("rule"));
}

TEST_CASE("bad earn.rules are refused at their JSON Pointer") {
    auto refused = [](json rules, const std::string& path, const std::string& words = "") {
        json r = validate(program(std::move(rules)));
        INFO(path, " ", errors_text(r));
        CHECK(has_error_at(r, path));
        if (!words.empty()) CHECK(errors_text(r).find(words) != std::string::npos);
    };
    json ok = rate_rule("base", 5);
    CHECK(validate(program({ok}))["ok"] == true);
    refused("5 per 100", "/earn/rules", "expected an array");
    refused(json::array(), "/earn/rules", "at least one rule");
    refused({rate_rule("base", -5)}, "/earn/rules/0/points");
    refused({rate_rule("base", 5, -100)}, "/earn/rules/0/per_amount");
    refused({json{{"id", "x"}, {"points", "5"}, {"per_amount", 10000}}}, "/earn/rules/0/points");
    refused({ok, rate_rule("base", 1)}, "/earn/rules/1/id", "duplicates another rule's id");
    json x = ok;
    x["categories"] = {"books", "toys"};
    refused({x}, "/earn/rules/0/categories/1", "\"toys\" is not in earn.categories");
    x = ok;
    x["weekdays"] = {"mon", "funday"};
    refused({x}, "/earn/rules/0/weekdays/1", "\"funday\" is not a weekday");
    x = ok;
    x["starts"] = "2026-12-10";
    x["ends"] = "2026-12-01";
    refused({x}, "/earn/rules/0/ends", "must be after");
    x = ok;
    x["tiers"] = {"platinum"};
    refused({x}, "/earn/rules/0/tiers/0", "\"platinum\" names no tier");
    x = ok;
    x["combine"] = "sometimes";
    refused({x}, "/earn/rules/0/combine");
    x = ok;
    x["priority"] = 3;
    refused({x}, "/earn/rules/0/priority", "only an \"exclusive\" rule");
    x = ok;
    x["kind"] = "per_unit";
    refused({x}, "/earn/rules/0/per_amount", "per unit");
    x = ok;
    x["kind"] = "per_order";
    refused({x}, "/earn/rules/0/kind");
    x = ok;
    x["first_order_only"] = "yes";
    refused({x}, "/earn/rules/0/first_order_only");
    x = ok;
    x["products"] = {""};
    refused({x}, "/earn/rules/0/products/0");
    x = ok;
    x["min_ordr"] = 1;
    refused({x}, "/earn/rules/0/min_ordr");
    // The one rate and a rule list at once is ambiguous.
    json both = program({ok});
    both["earn"]["points"] = 5;
    json r = validate(both);
    CHECK(has_error_at(r, "/earn/points"));
}

TEST_CASE("earn.rounding_per: the order once, each line, or each rule first; booked as previewed") {
    // base 1 per 3.00 on every line, books 2 per 8.00 on books, books x1.5, floor. The novel
    // (10.00): 10/3 + 5/2 = 35/6, x1.5 = 35/4 = 8.75; the mug (8.00): 8/3. Sum 137/12 = 11.42.
    json p =
        program({rate_rule("base", 1, 300),
                 {{"id", "books"}, {"points", 2}, {"per_amount", 800}, {"categories", {"books"}}}});
    p["earn"]["categories"]["books"] = {{"multiplier", "1.5"}};
    json cart = {line("novel", 1000, "books"), line("mug", 800, "stationery")};
    // floor: order 11; line 8 + 2 = 10; rule: novel base 10/3 -> 3, books 5/2 -> 2, 5 x 1.5 = 7.5
    // -> 7, mug 8/3 -> 2: 9. ceil: order 12; line 9 + 3 = 12; rule (4 + 3) x 1.5 = 10.5 -> 11, and
    // 3: 14. half_up: order 11; line 9 + 3 = 12; rule (3 + 3) x 1.5 = 9, and 3: 12.
    struct Row {
        const char* per;
        const char* rounding;
        int64_t points;
    };
    for (const Row& row :
         {Row{"order", "floor", 11}, Row{"line", "floor", 10}, Row{"rule", "floor", 9},
          Row{"order", "ceil", 12}, Row{"line", "ceil", 12}, Row{"rule", "ceil", 14},
          Row{"order", "half_up", 11}, Row{"line", "half_up", 12}, Row{"rule", "half_up", 12}}) {
        CAPTURE(row.per);
        CAPTURE(row.rounding);
        p["earn"]["rounding_per"] = row.per;
        p["earn"]["rounding"] = row.rounding;
        json previewed = preview(p, cart, "2026-12-02T12:00:00+03:00")["earn"];
        CHECK(previewed["points"] == row.points);
        // Booking the cart earns what the preview said, with the same explanation.
        json buy = purchase("o1", "2026-12-02T12:00:00+03:00", cart);
        json booked = status(p, {buy})["history"][0];
        CHECK(booked["points"] == row.points);
        CHECK(booked["explanation"] == previewed["explanation"]);
        // A full refund takes back exactly what was earned.
        json refund = {{"type", "refund"},
                       {"order_id", "o1"},
                       {"at", "2026-12-03T12:00:00+03:00"},
                       {"amount", 1800}};
        CHECK(status(p, {buy, refund})["balance"] == 0);
    }
    // Without earn.rules, "rule" rounds the one rate's base on each line first: 9.90, 19.90 and
    // 100.00 at 5 per 100.00 earn 0.495 -> 0, 0.995 -> 0 and 5, where the order's 6.49 gives 6.
    json one = {{"currency", "RUB"},
                {"earn", {{"points", 5}, {"per_amount", 10000}, {"rounding_per", "rule"}}},
                {"redemption", {{"point_value", 100}}}};
    const json three = {line("pen", 990), line("pad", 1990), line("book", 10000)};
    CHECK(preview(one, three, "2026-12-02T12:00:00+03:00")["earn"]["points"] == 5);
    one["earn"]["rounding_per"] = "order";
    CHECK(preview(one, three, "2026-12-02T12:00:00+03:00")["earn"]["points"] == 6);
}
