// Programme versions against the real server (docs/server.md, "Programme versions"): an upload
// the core validates (every error at its field), taking effect now or at a chosen instant; each
// event booked under the version in force at its instant and kept under it through later
// versions, a lost ledger state rebuilt and a restart; a changed programme file becoming a
// version of its own. Both stores.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "database.h"
#include "http_helpers.h"
#include "schema_rollback.h"

using namespace loyalty::test;
using loyalty::format_instant;
using loyalty::Instant;
using loyalty::parse_instant;
using loyalty::Zone;

namespace {

constexpr const char* kActor = "Ольга Петрова";

httplib::Headers as_operator() {
    httplib::Headers h = admin();
    h.emplace("X-Loyalty-Actor", kActor);
    return h;
}

json test_program() { return json::parse(read_file(data_path("program.json"))); }

/** The test programme earning `points` per 1.00 RUB instead of 1. */
json earning(int points) {
    json p = test_program();
    p["earn"]["points"] = points;
    return p;
}

json order(const std::string& id, int64_t price, json extra = json::object()) {
    json o = {
        {"customer_id", "c-alice"},
        {"order_id", id},
        {"lines", {{{"sku", "novel"}, {"category", "books"}, {"price", price}, {"quantity", 1}}}}};
    o.update(extra);
    return o;
}

int64_t balance(int port) {
    return get(port, "/api/loyalty/customers/c-alice", admin())
        .body["status"]["balance"]
        .get<int64_t>();
}

Answer upload(int port, const json& program, const std::string& reason,
              json extra = json::object()) {
    json body = {{"program", program}, {"reason", reason}};
    body.update(extra);
    return post(port, "/api/admin/program/versions", body, as_operator());
}

/** The history entry of order `id` in a customer document. */
json entry_of(const json& doc, const std::string& id) {
    for (const auto& h : doc["status"]["history"]) {
        if (h.value("id", "") == id) return h;
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE(
        "a new version books the orders after it by its rates; the orders before keep their points "
        "through a refund, a lost ledger state and a restart") {
        TempDir dir;
        auto server = start_server(dir);
        int port = server->port();

        auto versions = get(port, "/api/admin/program/versions", admin());
        REQUIRE(versions.status == 200);
        CHECK(versions.body["in_force"] == 1);
        REQUIRE(versions.body["versions"].size() == 1);
        CHECK(versions.body["versions"][0]["effective_at"].is_null());
        CHECK(versions.body["versions"][0]["source"] == "file");
        CHECK(versions.body["versions"][0]["status"] == "in_force");

        // Alice: 100 sign-up + 2500 for A-1 (2,500.00 RUB at 1 point per 1.00 RUB) = 2600.
        // B-1, 1,000.00 RUB under version 1: 1000 points, 3600.
        REQUIRE(post(port, "/api/loyalty/orders", order("B-1", 100000), admin()).status == 201);
        CHECK(balance(port) == 3600);

        // Sent as the owner wrote it (the test file's text, "version" first, 2 points per ruble).
        std::string text = read_file(data_path("program.json"));
        text.replace(text.find("\"points\": 1,"), 12, "\"points\": 2,");
        auto made =
            post_text(port, "/api/admin/program/versions",
                      R"({"reason": "double points for the winter", "program": )" + text + "}",
                      "application/json", as_operator());
        REQUIRE(made.status == 201);
        CHECK(made.body["version"]["version"] == 2);
        CHECK(made.body["version"]["status"] == "in_force");
        CHECK(made.body["version"]["uploaded_by"] == kActor);
        CHECK(made.body["version"]["source"] == "console");
        auto served = get(port, "/api/loyalty/program");
        CHECK(served.header("X-Program-Version") == "2");
        CHECK(served.body["earn"]["points"] == 2);
        // The owner's order of members is kept: "version" and "id" first, as in the file.
        CHECK(served.text.find("\"version\"") < served.text.find("\"earn\""));
        CHECK(served.text.find("\"id\"") < served.text.find("\"currency\""));

        // B-2, 1,000.00 RUB under version 2: 2000 points, 5600.
        auto b2 = post(port, "/api/loyalty/orders", order("B-2", 100000), admin());
        REQUIRE(b2.status == 201);
        CHECK(b2.body["earned"] == 2000);
        auto doc = get(port, "/api/loyalty/customers/c-alice", admin()).body;
        CHECK(doc["status"]["balance"] == 5600);
        CHECK(entry_of(doc, "B-1")["points"] == 1000);  // not re-booked at 2 per ruble
        const json& events = doc["customer"]["events"];
        REQUIRE(events.size() == 4);  // sign-up, A-1, B-1, B-2
        CHECK(events[2]["order_id"] == "B-1");
        CHECK(events[2]["program_version"] == 1);
        CHECK(events[3]["order_id"] == "B-2");
        CHECK(events[3]["program_version"] == 2);

        // A full refund of B-1 takes back what B-1 earned (1000), not today's 2000: 4600.
        auto refund = post(port, "/api/loyalty/refunds",
                           {{"customer_id", "c-alice"},
                            {"order_id", "B-1"},
                            {"amount", 100000},
                            {"refund_id", "R-B-1"}},
                           admin());
        REQUIRE(refund.status == 201);
        CHECK(refund.body["entry"]["points"] == -1000);
        CHECK(balance(port) == 4600);

        // The ledger states are derived data: lost, they are rebuilt from the events, each run
        // under the version that booked it, to the same balance. And a restart with the same
        // programme file keeps version 2 in force.
        server.reset();
        {
            auto c = loyalty::server::open_connection(test_database(dir));
            c->exec("DELETE FROM ledger_states");
            c->exec("DELETE FROM ledger_orders");
        }
        server = start_server(dir);
        port = server->port();
        CHECK(get(port, "/api/admin/program/versions", admin()).body["in_force"] == 2);
        CHECK(balance(port) == 4600);
        // The shopper's own document: the same status, which the widget shows as it is; the
        // events without the admin's version numbers.
        auto me = get(port, "/api/loyalty/me", bearer(token_for(port, "c-alice")));
        REQUIRE(me.status == 200);
        CHECK(me.body["status"]["balance"] == 4600);
        CHECK(!me.body["customer"]["events"][0].contains("program_version"));
        // A refund booked after the rebuild still finds B-2's record: half of B-2 takes back
        // half of its 2000.
        auto half = post(port, "/api/loyalty/refunds",
                         {{"customer_id", "c-alice"},
                          {"order_id", "B-2"},
                          {"amount", 50000},
                          {"refund_id", "R-B-2"}},
                         admin());
        REQUIRE(half.status == 201);
        CHECK(half.body["entry"]["points"] == -1000);
        CHECK(balance(port) == 3600);

        // The upload is in the audit log, with its actor and reason.
        auto audit = get(port, "/api/admin/audit", admin()).body;
        bool found = false;
        for (const auto& e : audit["entries"]) {
            if (e.value("action", "") == "program_version") {
                found = true;
                CHECK(e["target"] == "v2");
                CHECK(e["actor"] == kActor);
                CHECK(e["reason"] == "double points for the winter");
            }
        }
        CHECK(found);
    }

    TEST_CASE(
        "a scheduled version takes effect at its instant; an order dated before it books under the "
        "version of its day; a later upload that takes effect first supersedes it") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const std::string now = get(port, "/healthz").body["now"].get<std::string>();
        const auto start = *parse_instant(now, Zone{});
        const auto iso = [](Instant t) { return format_instant(t, Zone{3 * 3600}); };

        // Version 2 (3 points per ruble) from start + 2 s.
        auto scheduled =
            upload(port, earning(3), "triple points", {{"effective_at", iso(start + 2)}});
        REQUIRE(scheduled.status == 201);
        CHECK(scheduled.body["version"]["status"] == "scheduled");
        CHECK(get(port, "/api/loyalty/program").header("X-Program-Version") == "1");
        // Before it: 1 point per ruble. 500.00 RUB: 500.
        auto before = post(port, "/api/loyalty/orders", order("S-1", 50000), admin());
        REQUIRE(before.status == 201);
        CHECK(before.body["earned"] == 500);

        std::this_thread::sleep_for(std::chrono::milliseconds(3100));
        CHECK(get(port, "/api/loyalty/program").header("X-Program-Version") == "2");
        // An order dated before version 2 took effect (and after the last one) books under
        // version 1, though booked later: 300.00 RUB earns 300, not 900.
        auto dated = post(port, "/api/loyalty/orders",
                          order("S-2", 30000, {{"at", iso(start + 1)}}), admin());
        REQUIRE(dated.status == 201);
        CHECK(dated.body["earned"] == 300);
        auto after = post(port, "/api/loyalty/orders", order("S-3", 30000), admin());
        REQUIRE(after.status == 201);
        CHECK(after.body["earned"] == 900);
        // 2600 + 500 + 300 + 900
        CHECK(balance(port) == 4300);

        // Version 3 from start + 2 h, version 4 from start + 1 h: 4 takes effect first and, being
        // newer, stays: 3 never does.
        REQUIRE(upload(port, earning(4), "plan A", {{"effective_at", iso(start + 7200)}}).status ==
                201);
        REQUIRE(upload(port, earning(5), "plan B", {{"effective_at", iso(start + 3600)}}).status ==
                201);
        auto list = get(port, "/api/admin/program/versions", admin()).body;
        REQUIRE(list["versions"].size() == 4);
        CHECK(list["in_force"] == 2);
        CHECK(list["versions"][0]["version"] == 4);
        CHECK(list["versions"][0]["status"] == "scheduled");
        CHECK(list["versions"][1]["status"] == "superseded");
        CHECK(list["versions"][2]["status"] == "in_force");
        CHECK(list["versions"][3]["status"] == "past");
        auto one = get(port, "/api/admin/program/versions/3", admin());
        REQUIRE(one.status == 200);
        CHECK(one.body["program"]["earn"]["points"] == 4);
        CHECK(json::parse(one.body["text"].get<std::string>()) == one.body["program"]);
        CHECK(one.body["version"]["reason"] == "plan A");
    }

    TEST_CASE(
        "uploads the server refuses: every error of the programme at its field, another currency, "
        "a past instant, no reason; a repeat books nothing") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();

        json bad = test_program();
        bad["earn"]["points"] = -1;
        bad["redemption"]["point_value"] = "a lot";
        auto refused = upload(port, bad, "typo");
        REQUIRE(refused.status == 422);
        std::set<std::string> paths;
        for (const auto& e : refused.body["errors"]) paths.insert(e["path"].get<std::string>());
        CHECK(paths.count("/program/earn/points") == 1);
        CHECK(paths.count("/program/redemption/point_value") == 1);

        json dollars = test_program();
        dollars["currency"] = "USD";
        auto currency = upload(port, dollars, "going abroad");
        CHECK(currency.status == 422);
        CHECK(first_error_path(currency) == "/program/currency");

        auto past =
            upload(port, earning(2), "backdated", {{"effective_at", "2026-05-01T00:00:00+03:00"}});
        CHECK(past.status == 400);
        CHECK(first_error_path(past) == "/effective_at");
        auto nonsense = upload(port, earning(2), "when?", {{"effective_at", "next Tuesday"}});
        CHECK(nonsense.status == 400);
        CHECK(first_error_path(nonsense) == "/effective_at");
        auto silent = upload(port, earning(2), "   ");
        CHECK(silent.status == 400);
        CHECK(first_error_path(silent) == "/reason");
        auto no_program = post(port, "/api/admin/program/versions",
                               {{"program", "earn more"}, {"reason", "x"}}, as_operator());
        CHECK(no_program.status == 400);
        CHECK(first_error_path(no_program) == "/program");
        auto anonymous =
            post(port, "/api/admin/program/versions", {{"program", earning(2)}, {"reason", "x"}});
        CHECK(anonymous.status == 401);
        CHECK(get(port, "/api/admin/program/versions").status == 401);
        CHECK(get(port, "/api/admin/program/versions/x", admin()).status == 400);
        CHECK(get(port, "/api/admin/program/versions/99", admin()).status == 404);
        // Nothing of the above made a version.
        CHECK(get(port, "/api/admin/program/versions", admin()).body["versions"].size() == 1);

        REQUIRE(upload(port, earning(2), "double").status == 201);
        auto again = upload(port, earning(2), "double");
        CHECK(again.status == 200);
        CHECK(again.body["duplicate"] == true);
        CHECK(again.body["version"]["version"] == 2);
        CHECK(get(port, "/api/admin/program/versions", admin()).body["versions"].size() == 2);
    }

    TEST_CASE("a programme file changed between starts becomes a version from the start") {
        TempDir dir;
        const std::string changed = dir.file("program.json");
        {
            auto server = start_server(dir);
            REQUIRE(
                post(server->port(), "/api/loyalty/orders", order("F-1", 100000), admin()).status ==
                201);  // 1000 points under version 1: 3600
        }
        std::ofstream(changed) << earning(2).dump(2);
        auto server = start_server_with(dir, changed);
        const int port = server->port();
        auto list = get(port, "/api/admin/program/versions", admin()).body;
        REQUIRE(list["versions"].size() == 2);
        CHECK(list["in_force"] == 2);
        CHECK(list["versions"][0]["source"] == "file");
        CHECK(list["versions"][0]["uploaded_by"] == "program file");
        CHECK(balance(port) == 3600);  // F-1 keeps its 1000
        auto f2 = post(port, "/api/loyalty/orders", order("F-2", 100000), admin());
        REQUIRE(f2.status == 201);
        CHECK(f2.body["earned"] == 2000);
        // The same file again: no new version.
        server.reset();
        server = start_server_with(dir, changed);
        CHECK(get(server->port(), "/api/admin/program/versions", admin()).body["versions"].size() ==
              2);
    }

    TEST_CASE(
        "a schema-6 database moves to versions: its programme file becomes version 1, its events "
        "version 1's, states made under another programme are rebuilt, every balance kept") {
        TempDir dir;
        {
            auto server = start_server(dir);
            REQUIRE(
                post(server->port(), "/api/loyalty/orders", order("M-1", 100000), admin()).status ==
                201);  // Alice: 3600
        }
        const bool pg = !postgres_admin_uri().empty();
        {
            // Back to what a schema-6 server left; Bob's state as if made under another programme.
            auto c = loyalty::server::open_connection(test_database(dir));
            undo_schema_7(*c);
            c->exec(pg ? "UPDATE loyalty_schema SET version = 6" : "PRAGMA user_version = 6");
            c->exec(
                "UPDATE ledger_states SET program_etag = '\"old\"' WHERE customer_id = 'c-bob'");
        }
        auto server = start_server(dir);
        const int port = server->port();
        auto list = get(port, "/api/admin/program/versions", admin()).body;
        REQUIRE(list["versions"].size() == 1);
        CHECK(list["versions"][0]["effective_at"].is_null());
        CHECK(balance(port) == 3600);
        auto alice = get(port, "/api/loyalty/customers/c-alice", admin()).body;
        for (const auto& e : alice["customer"]["events"]) CHECK(e["program_version"] == 1);
        {
            auto c = loyalty::server::open_connection(test_database(dir));
            auto s = c->prepare("SELECT COUNT(*) FROM ledger_states WHERE customer_id = 'c-bob'");
            REQUIRE(s.step());
            CHECK(s.integer(0) == 0);  // dropped, to be rebuilt under version 1
        }
        // Bob's next booking rebuilds his state from his events: 100.00 RUB more earns 100.
        const json bob = get(port, "/api/loyalty/customers/c-bob", admin()).body;
        const int64_t before = bob["status"]["balance"].get<int64_t>();
        json o = order("M-2", 10000);
        o["customer_id"] = "c-bob";
        auto booked = post(port, "/api/loyalty/orders", o, admin());
        REQUIRE(booked.status == 201);
        CHECK(booked.body["status"]["balance"] == before + 100);
    }
}
