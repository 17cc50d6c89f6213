// The console's numbers and exports against the real server (docs/server.md, "Numbers by month"
// and "CSV exports"): figures by month worked out by hand for two customers over three months
// (an expiry, a redemption on an order, a refund, adjustments both ways), the liability at the
// programme's point value, each event counted under the programme version that booked it, the
// refusals naming their parameter, the sum over several batches of customers, and the two CSV
// files byte for byte (BOM, RFC 4180 quoting, formula cells neutralised, Cyrillic). Both stores.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "http_helpers.h"

using namespace loyalty::test;

namespace {

// 1 point per 1 RUB paid (100 kopecks), a point is worth 0.50 RUB, points last 40 days.
constexpr const char* kProgram = R"({
  "version": 1, "id": "numbers-shop", "name": "Numbers", "currency": "RUB", "timezone": "+03:00",
  "earn": {"points": 1, "per_amount": 100, "rounding": "floor", "basis": "paid"},
  "redemption": {"point_value": 50, "min_points": 10, "step": 1, "max_share": "50%"},
  "expiry": {"days": 40, "warning_days": 7}
})";

/** A server on `program` without the sample customers (so every figure is the test's own). */
std::unique_ptr<ServerProcess> start_plain(const TempDir& dir, const std::string& program = "") {
    auto args = server_args(dir);
    std::vector<std::string> kept;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--seed-demo") continue;
        if (args[i] == "--seed-dir") {
            ++i;
            continue;
        }
        kept.push_back(args[i]);
        if (args[i] == "--program" && !program.empty()) {
            const std::string path = (dir.path() / "program.json").string();
            write_file(path, program);
            kept.push_back(path);
            ++i;
        }
    }
    return std::make_unique<ServerProcess>(LOYALTY_SERVER_BIN, kept);
}

json order(const std::string& customer, const std::string& id, int64_t price, const std::string& at,
           json extra = json::object()) {
    json o = {
        {"customer_id", customer},
        {"order_id", id},
        {"lines", {{{"sku", "novel"}, {"category", "books"}, {"price", price}, {"quantity", 1}}}}};
    if (!at.empty()) o["at"] = at;  // empty: now
    o.update(extra);
    return o;
}

void book(int port, const std::string& path, const json& body) {
    auto a = post(port, path, body, admin());
    INFO(path << " " << body.dump() << " -> " << a.text);
    REQUIRE(a.status == 201);
}

/** Uploads version `v` of kProgram (named apart, so it is new), in force from now. */
void upload_version(int port, int v) {
    json p = json::parse(kProgram);
    p["name"] = "Numbers " + std::to_string(v);
    auto made = post(port, "/api/admin/program/versions",
                     {{"program", p}, {"reason", "version " + std::to_string(v)}}, admin());
    INFO(made.text);
    REQUIRE(made.status == 201);
    REQUIRE(made.body["version"]["version"] == v);
}

/** The figures of one month (or the totals) in the answer's field order. */
std::vector<int64_t> figures(const json& m) {
    std::vector<int64_t> out;
    for (const char* k : {"issued", "redeemed", "expired", "clawed_back", "adjusted", "balance",
                          "liability", "active"})
        out.push_back(m.at(k).get<int64_t>());
    return out;
}

using Row = std::vector<int64_t>;

}  // namespace

TEST_SUITE("http") {
    TEST_CASE("numbers by month: two customers over March-May worked out by hand") {
        TempDir dir;
        auto server = start_plain(dir, kProgram);
        const int port = server->port();
        // Anna. A1 earns 1000 (lot gone 2026-04-20 00:00: earned day + 40 days, then midnight).
        book(port, "/api/loyalty/orders",
             order("n-anna", "A1", 100000, "2026-03-10T10:00:00+03:00",
                   {{"customer_name", "Анна Иванова"}}));
        // A2: 200 points pay 100 RUB, from A1's lot (1000 -> 800); 400 RUB paid earn 400 (gone
        // 2026-04-30 00:00).
        book(port, "/api/loyalty/orders",
             order("n-anna", "A2", 50000, "2026-03-20T10:00:00+03:00", {{"points_redeemed", 200}}));
        // Half of A2 refunded: half the 200 points paid with come back (a new lot of 100, gone
        // 2026-05-16 00:00), half its 400 points are taken back from its lot (400 -> 200).
        book(port, "/api/loyalty/refunds",
             {{"customer_id", "n-anna"},
              {"order_id", "A2"},
              {"amount", 25000},
              {"refund_id", "R1"},
              {"at", "2026-04-05T10:00:00+03:00"}});
        book(port, "/api/loyalty/customers/n-anna/events",
             {{"type", "adjustment"},
              {"id", "sorry-1"},
              {"points", 150},
              {"reason", "late delivery"},
              {"at", "2026-05-15T10:00:00+03:00"}});
        // Boris: 300 points (gone 2026-05-26 00:00), 50 taken off by hand.
        book(port, "/api/loyalty/orders",
             order("n-boris", "B1", 30000, "2026-04-15T10:00:00+03:00"));
        book(port, "/api/loyalty/customers/n-boris/events",
             {{"type", "adjustment"},
              {"id", "fix-1"},
              {"points", -50},
              {"reason", "double bonus"},
              {"at", "2026-04-20T10:00:00+03:00"}});

        auto a = get(port, "/api/admin/numbers?from=2026-03&to=2026-05", admin());
        INFO(a.text);
        REQUIRE(a.status == 200);
        const json& n = a.body;
        CHECK(n["from"] == "2026-03");
        CHECK(n["to"] == "2026-05");
        CHECK(n["currency"] == "RUB");
        CHECK(n["point_value"] == 50);
        CHECK(n["active_days"] == 365);
        CHECK(n["customers"] == 2);
        CHECK(n["refused"] == 0);
        CHECK(n["refused_customers"] == json::array());
        REQUIRE(n["months"].size() == 3);
        CHECK(n["months"][0]["month"] == "2026-03");
        CHECK(n["months"][0]["start"] == "2026-03-01T00:00:00+03:00");
        CHECK(n["months"][0]["end"] == "2026-04-01T00:00:00+03:00");
        // March: issued 1000 + 400; redeemed 200; balance 800 + 400 = 1200 (x 50 kopecks =
        // 600 RUB); Anna active, Boris not yet a customer.
        CHECK(figures(n["months"][0]) == Row{1400, 200, 0, 0, 0, 1200, 60000, 1});
        // April: Boris issued 300; the refund gives back 100 redeemed (-100) and takes back 200;
        // Anna's lots of 800 and 200 expire (1000); Boris -50. Balance 100 + 250 = 350.
        CHECK(figures(n["months"][1]) == Row{300, -100, 1000, 200, -50, 350, 17500, 2});
        // May: Anna's 100 and Boris's 250 expire; Anna +150. Balance 150; both active (events
        // within the 365 days before the month's end).
        CHECK(figures(n["months"][2]) == Row{0, 0, 350, 0, 150, 150, 7500, 2});
        // The range: flows summed; balance, liability and active at its end.
        // 0 + 1700 - 100 - 1350 - 200 + 100 = 150.
        CHECK(figures(n["totals"]) == Row{1700, 100, 1350, 200, 100, 150, 7500, 2});

        // The current month (June) is counted up to now: nothing happened, nothing expired yet
        // (the adjustment's lot lasts until 2026-06-25).
        auto june = get(port, "/api/admin/numbers?from=2026-06&to=2026-06", admin());
        REQUIRE(june.status == 200);
        CHECK(figures(june.body["months"][0]) == Row{0, 0, 0, 0, 0, 150, 7500, 2});

        // Without a range: the 12 months up to the current one.
        auto year = get(port, "/api/admin/numbers", admin());
        REQUIRE(year.status == 200);
        CHECK(year.body["from"] == "2025-07");
        CHECK(year.body["to"] == "2026-06");
        CHECK(year.body["months"].size() == 12);
        CHECK(figures(year.body["totals"]) == Row{1700, 100, 1350, 200, 100, 150, 7500, 2});
    }

    TEST_CASE(
        "numbers count each event under the version that booked it: a higher earn rate from "
        "June leaves May's order, and the refund of it, at the old rate") {
        TempDir dir;
        auto server = start_plain(dir, kProgram);
        const int port = server->port();
        // V1, 1,000.00 RUB on 20 May under version 1 (1 point per ruble): 1000, lasting 40
        // days (gone 2026-06-30 00:00, after now).
        book(port, "/api/loyalty/orders",
             order("n-vera", "V1", 100000, "2026-05-20T10:00:00+03:00"));
        // Version 2 from now (2026-06-01 12:00): 3 points per ruble.
        json triple = json::parse(kProgram);
        triple["earn"]["points"] = 3;
        httplib::Headers owner = admin();
        owner.emplace("X-Loyalty-Actor", "Вера");
        auto made = post(port, "/api/admin/program/versions",
                         {{"program", triple}, {"reason", "triple points for the summer"}}, owner);
        INFO(made.text);
        REQUIRE(made.status == 201);
        REQUIRE(made.body["version"]["status"] == "in_force");
        // V2, 500.00 RUB now under version 2: 1500.
        auto v2 = post(port, "/api/loyalty/orders", order("n-vera", "V2", 50000, ""), admin());
        REQUIRE(v2.status == 201);
        CHECK(v2.body["earned"] == 1500);
        // Half of V1 refunded now: half of V1's 1000 is taken back, 500 (not half of 3000).
        auto refund = post(port, "/api/loyalty/refunds",
                           {{"customer_id", "n-vera"},
                            {"order_id", "V1"},
                            {"amount", 50000},
                            {"refund_id", "RV1"}},
                           admin());
        REQUIRE(refund.status == 201);
        CHECK(refund.body["entry"]["points"] == -500);
        // Booked: 1000 + 1500 - 500 = 2000.
        auto doc = get(port, "/api/loyalty/customers/n-vera", admin());
        REQUIRE(doc.status == 200);
        CHECK(doc.body["status"]["balance"] == 2000);

        auto a = get(port, "/api/admin/numbers?from=2026-05&to=2026-06", admin());
        INFO(a.text);
        REQUIRE(a.status == 200);
        const json& n = a.body;
        CHECK(n["customers"] == 1);
        CHECK(n["refused"] == 0);
        REQUIRE(n["months"].size() == 2);
        // May: 1000 issued under version 1; balance 1000 (x 50 kopecks = 500 RUB). Replaying
        // under the version in force now gave 3000 and 1,500 RUB.
        CHECK(figures(n["months"][0]) == Row{1000, 0, 0, 0, 0, 1000, 50000, 1});
        // June so far: 1500 issued, 500 clawed back; balance 2000 (1,000 RUB), as booked.
        // Replaying under version 2 gave 1500 clawed back and a balance of 3000 (1,500 RUB).
        CHECK(figures(n["months"][1]) == Row{1500, 0, 0, 500, 0, 2000, 100000, 1});
        CHECK(figures(n["totals"]) == Row{2500, 0, 0, 500, 0, 2000, 100000, 1});
    }

    TEST_CASE("numbers refusals name the parameter; the token is required") {
        TempDir dir;
        auto server = start_plain(dir, kProgram);
        const int port = server->port();
        struct Case {
            std::string query, path, message;
        };
        const std::vector<Case> cases = {
            {"?from=2026-13&to=2026-05", "/from", "expected a month \"YYYY-MM\""},
            {"?from=2026-3&to=2026-05", "/from", "expected a month \"YYYY-MM\""},
            {"?from=2026-03&to=May", "/to", "expected a month \"YYYY-MM\""},
            {"?from=2026-03&to=2026-03-01", "/to", "expected a month \"YYYY-MM\""},
            {"?from=&to=2026-03", "/from", "expected a month \"YYYY-MM\""},
            {"?from=2026-05&to=2026-03", "/to", "is before \"from\" (2026-05)"},
            {"?from=2016-05&to=2026-05", "/to", "makes a range of 121 months; at most 120"},
            {"?from=2026-05&to=2026-07", "/to", "is after the current month (2026-06)"},
            {"?to=2026-07", "/to", "is after the current month (2026-06)"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.query);
            auto a = get(port, "/api/admin/numbers" + c.query, admin());
            CHECK(a.status == 400);
            CHECK(first_error_path(a) == c.path);
            CHECK(a.body["errors"][0]["message"].get<std::string>().find(c.message) !=
                  std::string::npos);
        }
        // 120 months is the most, and fine.
        CHECK(get(port, "/api/admin/numbers?from=2016-07&to=2026-06", admin()).status == 200);
        for (const char* path : {"/api/admin/numbers", "/api/admin/export/customers.csv",
                                 "/api/admin/export/events.csv"}) {
            CAPTURE(path);
            CHECK(get(port, path).status == 401);
            CHECK(get(port, path, bearer("wrong-token")).status == 401);
            CHECK(post(port, path, json::object(), admin()).status == 405);
        }
    }

    TEST_CASE("numbers over more customers than one batch: the core sums the batches") {
        TempDir dir;
        auto server = start_plain(dir, kProgram);
        const int port = server->port();
        // 205 customers (one batch is 200): customer i pays i RUB on 2026-05-10, earning i points.
        for (int i = 1; i <= 205; ++i) {
            char id[16];
            std::snprintf(id, sizeof id, "b-%03d", i);
            book(port, "/api/loyalty/orders",
                 order(id, std::string("O-") + id, int64_t(i) * 100, "2026-05-10T10:00:00+03:00"));
        }
        auto a = get(port, "/api/admin/numbers?from=2026-05&to=2026-05", admin());
        REQUIRE(a.status == 200);
        CHECK(a.body["customers"] == 205);
        // 1 + 2 + ... + 205 = 205 * 206 / 2 = 21115 points; x 50 kopecks = 1055750.
        CHECK(figures(a.body["months"][0]) == Row{21115, 0, 0, 0, 0, 21115, 1055750, 205});
    }

    TEST_CASE(
        "numbers over more programme versions than one core call takes: the batch is cut, and a "
        "customer alone over the limit is refused, not the report") {
        TempDir dir;
        auto server = start_plain(dir, kProgram);
        const int port = server->port();
        // Versions 1 (the file) .. 70, each in force from its upload; after each, an order of
        // 1 RUB (1 point) for "a-wide", and for "b-1" under versions 1-40, "b-2" under 41-70.
        for (int v = 1; v <= 70; ++v) {
            if (v > 1) upload_version(port, v);
            const std::string n = std::to_string(v);
            book(port, "/api/loyalty/orders", order("a-wide", "A" + n, 100, ""));
            book(port, "/api/loyalty/orders", order(v <= 40 ? "b-1" : "b-2", "B" + n, 100, ""));
        }
        auto a = get(port, "/api/admin/numbers?from=2026-06&to=2026-06", admin());
        INFO(a.text);
        REQUIRE(a.status == 200);
        // One call takes 64 versions besides the one in force (70): "a-wide" needs 69 and is
        // refused alone; "b-1" (1-40) and "b-2" (41-69 and 70) together need 69, so they are
        // counted in two calls, summed: 40 + 30 points issued.
        CHECK(a.body["customers"] == 2);
        CHECK(a.body["refused"] == 1);
        REQUIRE(a.body["refused_customers"].size() == 1);
        CHECK(a.body["refused_customers"][0]["customer_id"] == "a-wide");
        CHECK(a.body["refused_customers"][0]["errors"][0]["message"] ==
              "their events were booked under 69 programme versions besides the one in force; the "
              "figures take at most 64 in one call");
        CHECK(figures(a.body["months"][0]) == Row{70, 0, 0, 0, 0, 70, 3500, 2});
    }

    TEST_CASE("numbers: a customer refused for its versions is told its own count of them") {
        TempDir dir;
        auto server = start_plain(dir, kProgram);
        const int port = server->port();
        // "old" orders under versions 1-66; version 67, in force, books nothing of theirs.
        for (int v = 1; v <= 67; ++v) {
            if (v > 1) upload_version(port, v);
            if (v <= 66)
                book(port, "/api/loyalty/orders", order("old", "O" + std::to_string(v), 100, ""));
        }
        auto a = get(port, "/api/admin/numbers?from=2026-06&to=2026-06", admin());
        INFO(a.text);
        REQUIRE(a.status == 200);
        // 66 versions besides the one in force (which booked none of theirs): over the 64 one
        // call takes.
        CHECK(a.body["customers"] == 0);
        CHECK(a.body["refused"] == 1);
        REQUIRE(a.body["refused_customers"].size() == 1);
        CHECK(a.body["refused_customers"][0]["errors"][0]["message"] ==
              "their events were booked under 66 programme versions besides the one in force; the "
              "figures take at most 64 in one call");
        CHECK(figures(a.body["months"][0]) == Row{0, 0, 0, 0, 0, 0, 0, 0});
    }

    TEST_CASE("CSV exports: BOM, RFC 4180 quoting, formulas neutralised, Cyrillic, byte for byte") {
        TempDir dir;
        auto server = start_plain(dir);  // the test programme: 1 point per RUB, no expiry
        const int port = server->port();
        book(port, "/api/loyalty/orders",
             order("c-1", "S-1", 25000, "2026-05-01T10:00:00+03:00",
                   {{"customer_name", "Ольга Ёлкина"},
                    {"customer_email", "Olga@Example.RU"},
                    {"customer_phone", "+7 (916) 123-45-67"}}));
        book(port, "/api/loyalty/orders",
             order("c-2", "S-2", 10000, "2026-05-02T10:00:00+03:00",
                   {{"customer_name", "=HYPERLINK(\"http://evil\",\"x\")"}}));
        book(port, "/api/loyalty/orders",
             order("c-3", "S-3", 5000, "2026-05-03T10:00:00+03:00",
                   {{"customer_name", "Smith, John \"JJ\""}}));
        book(port, "/api/loyalty/customers/c-3/events",
             {{"type", "adjustment"},
              {"id", "fix-2"},
              {"points", -20},
              {"reason", "-20 за ошибку, \"по ошибке\""},
              {"at", "2026-05-03T11:00:00+03:00"}});

        auto c = get(port, "/api/admin/export/customers.csv", admin());
        REQUIRE(c.status == 200);
        CHECK(c.header("Content-Type") == "text/csv; charset=utf-8");
        CHECK(c.header("Content-Disposition") ==
              "attachment; filename=\"loyalty-customers-2026-06-01.csv\"");
        CHECK(c.header("Cache-Control") == "no-store");
        // The phone starts with '+': a formula to a spreadsheet, so it is shown as text too.
        CHECK(c.text ==
              "\xEF\xBB\xBF"
              "customer_id,name,email,phone,balance,tier,earned,redeemed,last_activity,note\r\n"
              "c-1,Ольга Ёлкина,olga@example.ru,'+79161234567,250,,250,0,"
              "2026-05-01T10:00:00+03:00,\r\n"
              "c-2,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,,100,,100,0,"
              "2026-05-02T10:00:00+03:00,\r\n"
              "c-3,\"Smith, John \"\"JJ\"\"\",,,30,,50,0,2026-05-03T11:00:00+03:00,\r\n");

        auto e = get(port, "/api/admin/export/events.csv", admin());
        REQUIRE(e.status == 200);
        CHECK(e.header("Content-Disposition") ==
              "attachment; filename=\"loyalty-events-2026-06-01.csv\"");
        const std::string lines = R"("[{""category"":""books"",""price"":)";
        const std::string tail = R"(,""quantity"":1,""sku"":""novel""}]")";
        CHECK(e.text ==
              "\xEF\xBB\xBF"
              "customer_id,at,type,id,order_id,points,amount,shipping,discount,kind,"
              "reward_id,reason,shipping_tax,taxes_included,tier_id,until,lines,program_version\r\n"
              "c-1,2026-05-01T10:00:00+03:00,purchase,,S-1,,,,,,,,,,,," +
                  lines + "25000" + tail +
                  ",1\r\n"
                  "c-2,2026-05-02T10:00:00+03:00,purchase,,S-2,,,,,,,,,,,," +
                  lines + "10000" + tail +
                  ",1\r\n"
                  "c-3,2026-05-03T10:00:00+03:00,purchase,,S-3,,,,,,,,,,,," +
                  lines + "5000" + tail +
                  ",1\r\n"
                  "c-3,2026-05-03T11:00:00+03:00,adjustment,fix-2,,-20,,,,,,"
                  "\"'-20 за ошибку, \"\"по ошибке\"\"\",,,,,,1\r\n");
    }

    TEST_CASE("CSV exports page through a store larger than one page") {
        TempDir dir;
        auto server = start_plain(dir);
        const int port = server->port();
        // 1001 events (a page is 1000) over 201 customers (a page is 200).
        for (int i = 1; i <= 201; ++i) {
            char id[16];
            std::snprintf(id, sizeof id, "p-%03d", i);
            book(port, "/api/loyalty/orders",
                 order(id, std::string("P-") + id, 100, "2026-05-10T10:00:00+03:00"));
        }
        for (int i = 1; i <= 800; ++i) {
            book(port, "/api/loyalty/customers/p-001/events",
                 {{"type", "adjustment"},
                  {"id", "a-" + std::to_string(i)},
                  {"points", 1},
                  {"reason", "r"},
                  {"at", "2026-05-11T10:00:00+03:00"}});
        }
        auto count_rows = [](const std::string& text) {
            size_t n = 0;
            for (size_t p = text.find("\r\n"); p != std::string::npos; p = text.find("\r\n", p + 2))
                ++n;
            return n;
        };
        auto c = get(port, "/api/admin/export/customers.csv", admin());
        REQUIRE(c.status == 200);
        CHECK(count_rows(c.text) == 1 + 201);
        CHECK(c.text.find("\r\np-001,,,,801,,1,0,2026-05-11T10:00:00+03:00,\r\n") !=
              std::string::npos);
        CHECK(c.text.ends_with("\r\np-201,,,,1,,1,0,2026-05-10T10:00:00+03:00,\r\n"));
        auto e = get(port, "/api/admin/export/events.csv", admin());
        REQUIRE(e.status == 200);
        CHECK(count_rows(e.text) == 1 + 1001);
        // p-001's order, then its 800 adjustments, then the other customers in id order.
        CHECK(e.text.find("p-001,2026-05-11T10:00:00+03:00,adjustment,a-800,,1,,,,,,r,,,,,,1\r\n"
                          "p-002,2026-05-10T10:00:00+03:00,purchase,,P-p-002,") !=
              std::string::npos);
    }
}
