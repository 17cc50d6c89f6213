// The "numbers" operation and its typed parts (loyalty/numbers.h): figures by month worked out by
// hand, the sum carried over batches equal to one call, a state taken before the range equal to
// the events, each event under the programme that booked it, overflow refused, and every refusal
// naming its field.
#include "loyalty/numbers.h"

#include <doctest/doctest.h>

#include <vector>

#include "loyalty/engine.h"
#include "loyalty/engine_json.h"
#include "test_helpers.h"

using loyalty::test::has_error_at;
using loyalty::test::json;
using loyalty::test::run;

namespace {

// 1 point per 1 RUB paid, a point is worth 50 kopecks, points last 40 days (gone at the midnight
// after the earning day + 40).
const json kProgram = {
    {"currency", "RUB"},
    {"timezone", "+03:00"},
    {"earn", {{"points", 1}, {"per_amount", 100}, {"rounding", "floor"}, {"basis", "paid"}}},
    {"redemption", {{"point_value", 50}, {"min_points", 10}, {"step", 1}, {"max_share", "50%"}}},
    {"expiry", {{"days", 40}, {"warning_days", 7}}}};

json lines(int64_t price) {
    return json::array(
        {{{"sku", "novel"}, {"category", "books"}, {"price", price}, {"quantity", 1}}});
}

json anna() {
    return {{"id", "n-anna"},
            {"events",
             {{{"type", "purchase"},
               {"order_id", "A1"},
               {"at", "2026-03-10T10:00:00+03:00"},
               {"lines", lines(100000)}},
              {{"type", "purchase"},
               {"order_id", "A2"},
               {"at", "2026-03-20T10:00:00+03:00"},
               {"lines", lines(50000)},
               {"points_redeemed", 200}},
              {{"type", "refund"},
               {"order_id", "A2"},
               {"id", "R1"},
               {"at", "2026-04-05T10:00:00+03:00"},
               {"amount", 25000}},
              {{"type", "adjustment"},
               {"id", "sorry-1"},
               {"at", "2026-05-15T10:00:00+03:00"},
               {"points", 150},
               {"reason", "late delivery"}}}}};
}

json boris() {
    return {{"id", "n-boris"},
            {"events",
             {{{"type", "purchase"},
               {"order_id", "B1"},
               {"at", "2026-04-15T10:00:00+03:00"},
               {"lines", lines(30000)}},
              {{"type", "adjustment"},
               {"id", "fix-1"},
               {"at", "2026-04-20T10:00:00+03:00"},
               {"points", -50},
               {"reason", "double bonus"}}}}};
}

json request(json customers, const std::string& from = "2026-03",
             const std::string& to = "2026-05") {
    return {{"program", kProgram},
            {"now", "2026-06-01T12:00:00+03:00"},
            {"from", from},
            {"to", to},
            {"customers", std::move(customers)}};
}

using Row = std::vector<int64_t>;
Row figures(const json& m) {
    Row out;
    for (const char* k :
         {"issued", "redeemed", "expired", "clawed_back", "adjusted", "balance", "active"})
        out.push_back(m.at(k).get<int64_t>());
    if (m.contains("liability")) out.push_back(m["liability"].get<int64_t>());
    return out;
}

}  // namespace

TEST_SUITE("numbers") {
    TEST_CASE("months parse exactly and count both ends") {
        using loyalty::Month;
        CHECK(loyalty::parse_month("2026-03") == Month{2026, 3});
        for (const char* bad : {"2026-3", "2026-13", "2026-00", "26-03", "2026/03", "2026-03-01",
                                "1899-12", "3000-01", "", "２０２６-03"})
            CHECK_MESSAGE(!loyalty::parse_month(bad), bad);
        CHECK(loyalty::format_month({2026, 3}) == "2026-03");
        CHECK(loyalty::add_months({2026, 11}, 3) == Month{2027, 2});
        CHECK(loyalty::add_months({2026, 1}, -1) == Month{2025, 12});
        CHECK(loyalty::months_between({2026, 3}, {2026, 3}) == 1);
        CHECK(loyalty::months_between({2025, 12}, {2026, 2}) == 3);
        CHECK(loyalty::months_between({2026, 5}, {2026, 3}) == -1);
        // Local midnight of the 1st in +03:00 is 21:00 UTC the day before.
        CHECK(loyalty::month_start({2026, 4}, loyalty::Zone{10800}) == 1775001600 - 10800);
    }

    TEST_CASE("one customer's months: a redemption, a refund, expiries and an adjustment") {
        auto r = run("numbers", [] {
            json q = request(json::array({anna()}));
            q["per_customer"] = true;
            return q;
        }());
        INFO(r.dump());
        REQUIRE(r["ok"] == true);
        const json& m = r["per_customer"][0]["months"];
        CHECK(r["per_customer"][0]["customer_id"] == "n-anna");
        // March: 1000 + 400 issued, 200 paid with; 800 + 400 left.
        CHECK(figures(m[0]) == Row{1400, 200, 0, 0, 0, 1200, 1});
        // April: the refund of half of A2 returns 100 paid with (redeemed -100) and takes back
        // 200 of its 400; A1's 800 (gone 04-20) and A2's 200 (gone 04-30) expire; 100 left.
        CHECK(figures(m[1]) == Row{0, -100, 1000, 200, 0, 100, 1});
        // May: the returned 100 expire (gone 05-16), +150 by hand.
        CHECK(figures(m[2]) == Row{0, 0, 100, 0, 150, 150, 1});
    }

    TEST_CASE("two customers summed, with the liability at 50 kopecks a point") {
        auto r = run("numbers", request(json::array({anna(), boris()})));
        INFO(r.dump());
        REQUIRE(r["ok"] == true);
        CHECK(r["customers"] == 2);
        CHECK(r["currency"] == "RUB");
        CHECK(r["point_value"] == 50);
        CHECK(figures(r["months"][0]) == Row{1400, 200, 0, 0, 0, 1200, 1, 60000});
        CHECK(figures(r["months"][1]) == Row{300, -100, 1000, 200, -50, 350, 2, 17500});
        CHECK(figures(r["months"][2]) == Row{0, 0, 350, 0, 150, 150, 2, 7500});
        CHECK(figures(r["totals"]) == Row{1700, 100, 1350, 200, 100, 150, 2, 7500});
    }

    TEST_CASE("a carried sum gives what one call over every customer gives") {
        const json both = run("numbers", request(json::array({anna(), boris()})));
        json first = run("numbers", request(json::array({anna()})));
        REQUIRE(first["ok"] == true);
        json second_request = request(json::array({boris()}));
        second_request["carry"] = {{"customers", first["customers"]},
                                   {"refused", first["refused"]},
                                   {"months", first["months"]}};
        const json second = run("numbers", second_request);
        REQUIRE(second["ok"] == true);
        CHECK(second["months"] == both["months"]);
        CHECK(second["totals"] == both["totals"]);
        CHECK(second["customers"] == 2);
    }

    TEST_CASE("a state taken before the range gives the same months as the events") {
        // Boris's state after his April events, then nothing: May from the state alone.
        json status_request = {{"program", kProgram},
                               {"customer", boris()},
                               {"now", "2026-04-30T23:59:59+03:00"},
                               {"include_state", true}};
        const json status = run("status", status_request);
        REQUIRE(status["ok"] == true);
        const json from_state = run(
            "numbers", request(json::array({json{{"id", "n-boris"}, {"state", status["state"]}}}),
                               "2026-05", "2026-05"));
        const json from_events =
            run("numbers", request(json::array({boris()}), "2026-05", "2026-05"));
        INFO(from_state.dump());
        REQUIRE(from_state["ok"] == true);
        CHECK(from_state["months"] == from_events["months"]);
        CHECK(figures(from_state["months"][0]) == Row{0, 0, 250, 0, 0, 0, 1, 0});
        // The same state cannot open April: it was taken inside it.
        const json inside = run(
            "numbers", request(json::array({json{{"id", "n-boris"}, {"state", status["state"]}}}),
                               "2026-04", "2026-05"));
        REQUIRE(inside["ok"] == true);
        CHECK(inside["customers"] == 0);
        CHECK(inside["refused"] == 1);
        CHECK(inside["refused_customers"][0]["errors"][0]["path"] == "/customers/0/state");
    }

    TEST_CASE("a customer the core refuses is left out and named; the others are summed") {
        json bad = boris();
        bad["events"][1]["points"] = -5000;  // more than the balance
        auto r = run("numbers", request(json::array({anna(), bad})));
        REQUIRE(r["ok"] == true);
        CHECK(r["customers"] == 1);
        CHECK(r["refused"] == 1);
        CHECK(r["refused_customers"][0]["customer_id"] == "n-boris");
        CHECK(r["refused_customers"][0]["index"] == 1);
        CHECK(r["refused_customers"][0]["errors"][0]["path"] == "/customers/1/events/1/points");
        CHECK(figures(r["totals"]) == Row{1400, 100, 1100, 200, 150, 150, 1, 7500});
    }

    TEST_CASE("each event counts under the programme that booked it (\"booked_by\")") {
        // B1 was booked by an earlier version earning 2 points per ruble: 600, not 300; the
        // adjustment by the current one. The lot (600 - 50) is gone 2026-05-26 00:00.
        json doubled = kProgram;
        doubled["earn"]["points"] = 2;
        json b = boris();
        b["booked_by"] = {1, 0};
        json q = request(json::array({b}), "2026-04", "2026-05");
        q["programs"] = json::array({doubled});
        auto r = run("numbers", q);
        INFO(r.dump());
        REQUIRE(r["ok"] == true);
        CHECK(r["customers"] == 1);
        CHECK(figures(r["months"][0]) == Row{600, 0, 0, 0, -50, 550, 1, 27500});
        CHECK(figures(r["months"][1]) == Row{0, 0, 550, 0, 0, 0, 1, 0});
        // All under "program" (0 for each, or no "booked_by"): 300 - 50 = 250.
        b["booked_by"] = {0, 0};
        q["customers"] = json::array({b});
        r = run("numbers", q);
        CHECK(figures(r["months"][0]) == Row{300, 0, 0, 0, -50, 250, 1, 12500});
        q["customers"] = json::array({boris()});
        CHECK(run("numbers", q)["months"] == r["months"]);

        // Refused customers: "booked_by" of the wrong length, naming no programme, not a list.
        for (const auto& [booked_by, path] :
             std::vector<std::pair<json, std::string>>{{{1}, "/customers/0/booked_by"},
                                                       {{0, 2}, "/customers/0/booked_by/1"},
                                                       {{0, -1}, "/customers/0/booked_by/1"},
                                                       {"all", "/customers/0/booked_by"}}) {
            CAPTURE(booked_by.dump());
            b["booked_by"] = booked_by;
            q["customers"] = json::array({b});
            r = run("numbers", q);
            REQUIRE(r["ok"] == true);
            CHECK(r["refused"] == 1);
            CHECK(r["refused_customers"][0]["errors"][0]["path"] == path);
        }
        // A programme in "programs" that does not validate refuses the request at its field.
        doubled["earn"]["points"] = -1;
        q["programs"] = json::array({doubled});
        CHECK(has_error_at(run("numbers", q), "/programs/0/earn/points"));
        q["programs"] = "v2";
        CHECK(has_error_at(run("numbers", q), "/programs"));
    }

    TEST_CASE("a sum that leaves 64 bits is refused, not wrapped") {
        json q = request(json::array({anna()}), "2026-03", "2026-03");
        q["carry"] = {{"customers", 1},
                      {"refused", 0},
                      {"months",
                       {{{"month", "2026-03"},
                         {"issued", INT64_MAX},
                         {"redeemed", 0},
                         {"expired", 0},
                         {"clawed_back", 0},
                         {"adjusted", 0},
                         {"balance", 0},
                         {"active", 0}}}}};
        auto r = run("numbers", q);
        CHECK(has_error_at(r, "/customers/0"));
        // A balance whose liability (x 50) leaves 64 bits.
        q["carry"]["months"][0]["issued"] = 0;
        q["carry"]["months"][0]["balance"] = INT64_MAX / 50;
        r = run("numbers", q);
        CHECK(has_error_at(r, "/customers"));
    }

    TEST_CASE("refusals name the field") {
        struct Case {
            json change;
            const char* path;
        };
        const std::vector<Case> cases = {
            {{{"from", "2026-13"}}, "/from"},
            {{{"from", 202603}}, "/from"},
            {{{"to", "2026-3"}}, "/to"},
            {{{"from", "2026-05"}, {"to", "2026-03"}}, "/to"},
            {{{"from", "2016-05"}, {"to", "2026-05"}}, "/to"},  // 121 months
            {{{"to", "2026-07"}}, "/to"},                       // starts after now
            {{{"customers", "all"}}, "/customers"},
            {{{"per_customer", "yes"}}, "/per_customer"},
            {{{"carry", {{"customers", 1}, {"refused", 0}, {"months", json::array()}}}},
             "/carry/months"},
            {{{"carry", {{"customers", -1}, {"refused", 0}, {"months", json::array()}}}},
             "/carry/customers"},
            {{{"surprise", 1}}, "/surprise"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.change.dump());
            json q = request(json::array({anna()}));
            q.update(c.change);
            const json r = run("numbers", q);
            CHECK(r["ok"] == false);
            CHECK(has_error_at(r, c.path));
        }
        json q = request(json::array({anna()}));
        q.erase("customers");
        CHECK(has_error_at(run("numbers", q), "/customers"));
        q = request(json::array({anna()}));
        q["carry"] = {{"customers", 1},
                      {"refused", 0},
                      {"months", json::array({{{"month", "2026-04"}},
                                              {{"month", "2026-04"}},
                                              {{"month", "2026-05"}}})}};
        CHECK(has_error_at(run("numbers", q), "/carry/months/0/month"));
        CHECK(has_error_at(run("numbers", q), "/carry/months/0/issued"));

        // Several at once come in the request's order: the range, then per_customer, then the
        // customers, then the carry (the typed entry keeps it: the range is checked first).
        q = request(json::array({anna()}), "2026-05", "2026-03");
        q["per_customer"] = "yes";
        q.erase("customers");
        q["carry"] = "none";
        const json r = run("numbers", q);
        REQUIRE(r["errors"].size() == 4);
        CHECK(r["errors"][0]["path"] == "/to");
        CHECK(r["errors"][1]["path"] == "/per_customer");
        CHECK(r["errors"][2]["path"] == "/customers");
        CHECK(r["errors"][3]["path"] == "/carry");
    }

    TEST_CASE("numbers_document on parsed programmes answers what the numbers operation does") {
        // The server's call: each version parsed once, the customers as trees built in C++ (where
        // a booked_by of 0 is a signed integer, not the unsigned one a parser makes).
        json doubled = kProgram;
        doubled["earn"]["points"] = 2;
        auto program = loyalty::parse_program(kProgram.dump());
        auto earlier = loyalty::parse_program(doubled.dump());
        REQUIRE(program.ok());
        REQUIRE(earlier.ok());
        const std::vector<const loyalty::Program*> programs{&earlier.value()};
        const auto from = loyalty::parse_month("2026-03"), to = loyalty::parse_month("2026-05");
        const auto now = loyalty::parse_instant("2026-06-01T12:00:00+03:00", loyalty::Zone{});
        REQUIRE((from && to && now));

        json b = boris();
        b["booked_by"] = json::array({json(int64_t(1)), json(int64_t(0))});
        json refused = anna();
        refused["booked_by"] = json::array({json(int64_t(0)), json(int64_t(-1))});
        const json customers = json::array({anna(), b, refused});
        const json typed = loyalty::numbers_document(program.value(), programs, customers, *from,
                                                     *to, *now, nullptr, true);
        json q = request(json::parse(customers.dump()));
        q["programs"] = json::array({doubled});
        q["per_customer"] = true;
        const json text = run("numbers", q);
        INFO(typed.dump());
        REQUIRE(typed["ok"] == true);
        CHECK(typed == text);
        // Anna's 1,000 + 400 in March; in April Boris's 300 RUB under the earlier version, which
        // earns 2 points a ruble: 600. The third customer names a programme -1: refused.
        CHECK(typed["customers"] == 2);
        CHECK(typed["refused"] == 1);
        CHECK(typed["refused_customers"][0]["errors"][0]["path"] == "/customers/2/booked_by/1");
        CHECK(typed["months"][0]["issued"] == 1400);
        CHECK(typed["months"][1]["issued"] == 600);

        // A carry is an earlier answer's counts and months, as in the operation.
        const json carry = {{"customers", typed["customers"]},
                            {"refused", typed["refused"]},
                            {"months", typed["months"]}};
        const json carried = loyalty::numbers_document(program.value(), programs, customers, *from,
                                                       *to, *now, carry);
        CHECK(carried["customers"] == 4);
        CHECK(carried["refused"] == 2);
        CHECK(carried["months"][0]["issued"] == 2 * 1400);
        // The checks refuse as the operation's do.
        const auto late = loyalty::parse_month("2026-07");
        CHECK(has_error_at(loyalty::numbers_document(program.value(), programs, customers, *from,
                                                     *late, *now, nullptr),
                           "/to"));
        CHECK(has_error_at(loyalty::numbers_document(program.value(), programs, json("all"), *from,
                                                     *to, *now, nullptr),
                           "/customers"));
        const std::vector<const loyalty::Program*> with_null{&earlier.value(), nullptr};
        CHECK(has_error_at(loyalty::numbers_document(program.value(), with_null, customers, *from,
                                                     *to, *now, nullptr),
                           "/programs/1"));
        CHECK(has_error_at(loyalty::numbers_document(program.value(), programs, customers,
                                                     loyalty::Month{1899, 12}, *to, *now, nullptr),
                           "/from"));
    }
}
