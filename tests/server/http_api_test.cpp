// The endpoints of loyalty-server, called over HTTP on the real process (a temp database, the
// test program tests/server/data/program.json, and the sample customers of data/customers):
//   c-alice: sign-up 100 + order A-1 of 2500.00 RUB at 1 point per 1 RUB = 2600 points
//   c-bob:   sign-up 100 = 100 points
// The program earns 1 point per 100 minor units (floor) on what is paid, a point is worth
// 100 minor units, at most 50% of an order can be paid with points, at least 10 at a time.
#include <doctest/doctest.h>

#include "http_helpers.h"
#include "token.h"

using namespace loyalty::test;

TEST_SUITE("http") {
    TEST_CASE("health, and the program served as its file with a revalidating ETag") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();

        auto health = get(port, "/healthz");
        CHECK(health.status == 200);
        CHECK(health.body["ok"] == true);
        CHECK(health.body["program"] == "test-shop");
        CHECK(health.body["customers"] == 2);  // seeded: alice and bob
        CHECK(health.body["now"] == "2026-06-01T12:00:00+03:00");

        auto program = get(port, "/api/loyalty/program");
        CHECK(program.status == 200);
        CHECK(program.text == read_file(data_path("program.json")));
        CHECK(program.header("Content-Type") == "application/json; charset=utf-8");
        const std::string etag = program.header("ETag");
        REQUIRE_FALSE(etag.empty());
        auto again = get(port, "/api/loyalty/program", {{"If-None-Match", etag}});
        CHECK(again.status == 304);
        CHECK(again.text.empty());
    }

    TEST_CASE("a shopper sees their own ledger and status with their token; a guest gets 204") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();

        // No credentials: a guest, answered without an error the browser would log.
        auto guest = get(port, "/api/loyalty/me");
        CHECK(guest.status == 204);
        CHECK(guest.text.empty());
        // Credentials that fail: 401.
        auto stale = get(port, "/api/loyalty/me", {{"Cookie", "loyalty_token=stale"}});
        CHECK(stale.status == 401);
        CHECK(stale.body["ok"] == false);
        CHECK(stale.header("WWW-Authenticate") ==
              "Bearer realm=\"loyalty\", error=\"invalid_token\"");
        auto no_token = get(port, "/api/loyalty/customers/c-alice");
        CHECK(no_token.status == 401);
        CHECK(no_token.header("WWW-Authenticate") == "Bearer realm=\"loyalty\"");

        const std::string alice = token_for(port, "c-alice");
        auto me = get(port, "/api/loyalty/me", bearer(alice));
        REQUIRE(me.status == 200);
        CHECK(me.body["customer"]["id"] == "c-alice");
        CHECK(me.body["customer"]["name"] == "Alice");
        CHECK(me.body["customer"]["events"].size() == 2);
        CHECK(me.body["status"]["balance"] == 2600);  // 100 sign-up + 2500 for 250000 kopecks
        CHECK(me.body["status"]["customer_id"] == "c-alice");
        CHECK(me.body["now"].get<std::string>().rfind("2026-06-01T12:0", 0) == 0);
        CHECK(me.header("Cache-Control") == "no-store");

        // The same token in the cookie a same-origin page would send.
        auto by_cookie =
            get(port, "/api/loyalty/me", {{"Cookie", "theme=dark; loyalty_token=" + alice}});
        CHECK(by_cookie.status == 200);
        CHECK(by_cookie.body["customer"]["id"] == "c-alice");

        // A customer the shop signed a token for but who has no ledger yet: an empty one.
        auto fresh = get(port, "/api/loyalty/me", bearer(token_for(port, "c-new")));
        CHECK(fresh.status == 200);
        CHECK(fresh.body["customer"]["events"].empty());
        CHECK(fresh.body["status"]["balance"] == 0);

        CHECK(get(port, "/api/loyalty/me?history_limit=abc", bearer(alice)).status == 400);
        auto one = get(port, "/api/loyalty/me?history_limit=1", bearer(alice));
        CHECK(one.body["status"]["history"].size() == 1);
    }

    TEST_CASE("another customer's token is refused, and the admin may read anyone") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const std::string alice = token_for(port, "c-alice");

        auto own = get(port, "/api/loyalty/customers/c-alice", bearer(alice));
        CHECK(own.status == 200);
        CHECK(own.body["status"]["balance"] == 2600);

        auto other = get(port, "/api/loyalty/customers/c-bob", bearer(alice));
        CHECK(other.status == 403);
        CHECK(other.body["ok"] == false);
        CHECK(other.text.find("\"events\"") == std::string::npos);  // nothing of Bob's leaks

        auto by_admin = get(port, "/api/loyalty/customers/c-bob", admin());
        CHECK(by_admin.status == 200);
        CHECK(by_admin.body["status"]["balance"] == 100);
    }

    TEST_CASE("expired, forged, spliced and malformed tokens get 401") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const loyalty::Instant now = clock_start();  // the server's clock, within seconds

        const auto expired = loyalty::server::sign_customer_token(kSecret, "c-alice", now - 60);
        auto a = get(port, "/api/loyalty/me", bearer(expired));
        CHECK(a.status == 401);
        CHECK(a.body["errors"][0]["message"] == "the customer token is expired");
        CHECK(a.body["errors"][0]["code"] == "unauthorized");
        CHECK(a.header("WWW-Authenticate") == "Bearer realm=\"loyalty\", error=\"invalid_token\"");

        const auto forged = loyalty::server::sign_customer_token("not-the-server-secret-0123",
                                                                 "c-alice", now + 3600);
        auto b = get(port, "/api/loyalty/me", bearer(forged));
        CHECK(b.status == 401);
        CHECK(b.body["errors"][0]["message"] == "the customer token is bad signature");

        // Bob's payload under Alice's signature.
        const auto alice = loyalty::server::sign_customer_token(kSecret, "c-alice", now + 3600);
        const auto bob = loyalty::server::sign_customer_token(kSecret, "c-bob", now + 3600);
        const std::string spliced = bob.substr(0, bob.find('.')) + alice.substr(alice.find('.'));
        CHECK(get(port, "/api/loyalty/me", bearer(spliced)).status == 401);
        CHECK(get(port, "/api/loyalty/customers/c-bob", bearer(spliced)).status == 401);

        for (const std::string& bad :
             std::vector<std::string>{"abc", "a.b", "a.b.c", "....", std::string(3000, 'x')}) {
            CAPTURE(bad.substr(0, 20));
            CHECK(get(port, "/api/loyalty/me", bearer(bad)).status == 401);
        }
        // The admin token is not a customer token.
        CHECK(get(port, "/api/loyalty/me", admin()).status == 401);
        // And the good one works, so the refusals above were about the tokens.
        CHECK(get(port, "/api/loyalty/me", bearer(alice)).status == 200);
    }

    TEST_CASE("admin endpoints need the admin token, and are off without one") {
        TempDir dir;
        {
            auto server = start_server(dir);
            const int port = server->port();
            const json order = {
                {"customer_id", "c-bob"}, {"order_id", "X-1"}, {"lines", json::array()}};
            CHECK(post(port, "/api/loyalty/orders", order).status == 401);
            CHECK(post(port, "/api/loyalty/orders", order, bearer("wrong-admin-token-0123456"))
                      .status == 401);
            CHECK(
                post(port, "/api/loyalty/orders", order, bearer(token_for(port, "c-bob"))).status ==
                401);
            CHECK(get(port, "/api/admin/surveys").status == 401);
            CHECK(post(port, "/api/admin/tokens", {{"customer_id", "c-bob"}}).status == 401);
        }
        TempDir other;
        ServerProcess bare(LOYALTY_SERVER_BIN, {"--port", "0", "--db", other.file("db"),
                                                "--program", data_path("program.json")});
        auto off = post(bare.port(), "/api/admin/tokens", {{"customer_id", "c-bob"}}, admin());
        CHECK(off.status == 403);
        CHECK(off.body["errors"][0]["message"].get<std::string>().find("--admin-token") !=
              std::string::npos);
        CHECK(bare.stop() == 0);
    }

    TEST_CASE("an order is booked with the core's points, once, however often it is posted") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // 2 x 123.45 RUB = 24690 kopecks -> 246.90 points -> floor 246.
        const json order = {
            {"customer_id", "c-alice"},
            {"order_id", "A-2"},
            {"lines",
             {{{"sku", "novel"}, {"category", "books"}, {"price", 12345}, {"quantity", 2}}}}};
        auto first = post(port, "/api/loyalty/orders", order, admin());
        REQUIRE(first.status == 201);
        CHECK(first.body["booked"] == true);
        CHECK(first.body["earned"] == 246);
        CHECK(first.body["preview"]["earn"]["points"] == 246);
        CHECK(first.body["preview"]["balance_before"] == 2600);
        CHECK(first.body["status"]["balance"] == 2846);  // 2600 + 246

        auto second = post(port, "/api/loyalty/orders", order, admin());
        CHECK(second.status == 200);
        CHECK(second.body["duplicate"] == true);
        CHECK(second.body["booked"] == false);
        CHECK(second.body["earned"] == 246);  // the first answer, again
        // The first answer to the byte (its stored text), but for the two flags.
        std::string repeated = second.text;
        for (auto [from, to] : {std::pair{R"("booked":false)", R"("booked":true)"},
                                std::pair{R"("duplicate":true)", R"("duplicate":false)"}}) {
            const auto at = repeated.find(from);
            REQUIRE(at != std::string::npos);
            repeated.replace(at, std::string_view(from).size(), to);
        }
        CHECK(repeated == first.text);

        auto changed = order;
        changed["lines"][0]["quantity"] = 3;
        auto conflict = post(port, "/api/loyalty/orders", changed, admin());
        CHECK(conflict.status == 409);
        CHECK(first_error_path(conflict) == "/order_id");

        // The seeded order A-1 is taken too.
        auto seeded = order;
        seeded["order_id"] = "A-1";
        CHECK(post(port, "/api/loyalty/orders", seeded, admin()).status == 409);

        auto me = get(port, "/api/loyalty/customers/c-alice", admin());
        CHECK(me.body["status"]["balance"] == 2846);
        CHECK(me.body["customer"]["events"].size() == 3);

        // A gift card earns nothing (the category is excluded).
        auto gift =
            post(port, "/api/loyalty/orders",
                 {{"customer_id", "c-alice"},
                  {"order_id", "A-3"},
                  {"lines", {{{"sku", "card"}, {"category", "gift-cards"}, {"price", 50000}}}}},
                 admin());
        CHECK(gift.status == 201);
        CHECK(gift.body["earned"] == 0);
        CHECK(gift.body["status"]["balance"] == 2846);

        // A first order creates the customer.
        auto carol = post(port, "/api/loyalty/orders",
                          {{"customer_id", "c-carol"},
                           {"customer_name", "Carol"},
                           {"order_id", "C-1"},
                           {"lines", {{{"sku", "pen"}, {"price", 9999}}}}},
                          admin());
        CHECK(carol.status == 201);
        CHECK(carol.body["earned"] == 99);  // 99.99 -> 99
        CHECK(get(port, "/api/loyalty/customers/c-carol", admin()).body["customer"]["name"] ==
              "Carol");
    }

    TEST_CASE("points pay only up to the cap and the balance, and earn on what is left to pay") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // Bob has 100 points. 100.00 RUB paying 50 points (the 50% cap: 5000 kopecks = 50 points):
        // paid 5000 kopecks -> earns 50; balance 100 - 50 + 50 = 100.
        auto ok = post(port, "/api/loyalty/orders",
                       {{"customer_id", "c-bob"},
                        {"order_id", "B-1"},
                        {"points_redeemed", 50},
                        {"lines", {{{"sku", "atlas"}, {"price", 10000}}}}},
                       admin());
        REQUIRE(ok.status == 201);
        CHECK(ok.body["earned"] == 50);
        CHECK(ok.body["status"]["balance"] == 100);

        // 51 points on the same cart is over the cap.
        auto capped = post(port, "/api/loyalty/orders",
                           {{"customer_id", "c-bob"},
                            {"order_id", "B-2"},
                            {"points_redeemed", 51},
                            {"lines", {{{"sku", "atlas"}, {"price", 10000}}}}},
                           admin());
        CHECK(capped.status == 422);
        CHECK(first_error_path(capped) == "/points_redeemed");

        // 1000.00 RUB could take 500 points, but Bob has 100.
        auto overdrawn = post(port, "/api/loyalty/orders",
                              {{"customer_id", "c-bob"},
                               {"order_id", "B-3"},
                               {"points_redeemed", 150},
                               {"lines", {{{"sku", "globe"}, {"price", 100000}}}}},
                              admin());
        CHECK(overdrawn.status == 422);
        CHECK(first_error_path(overdrawn) == "/points_redeemed");
        CHECK(get(port, "/api/loyalty/customers/c-bob", admin()).body["status"]["balance"] == 100);
    }

    TEST_CASE("points pay a share of what is left after the order's discount, in whole steps") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        auto order = [&](const char* id, int64_t points) {
            return post(port, "/api/loyalty/orders",
                        {{"customer_id", "c-bob"},
                         {"order_id", id},
                         {"points_redeemed", points},
                         {"discount", 4000},
                         {"lines", {{{"sku", "atlas"}, {"price", 10000}}}}},
                        admin());
        };
        // Bob has 100 points. 100.00 RUB with 40.00 off leaves 60.00: the 50% cap is 30 points,
        // not the 50 the undiscounted subtotal would allow.
        auto over = order("B-1", 31);
        CHECK(over.status == 422);
        CHECK(first_error_path(over) == "/points_redeemed");
        CHECK(over.body["errors"][0]["message"] ==
              "is 31; this cart can be paid with at most 30 points");
        CHECK(over.body["errors"][0]["code"] == "not_enough_points");  // the core's code, kept
        // 5 points are under the program's minimum of 10.
        auto few = order("B-2", 5);
        CHECK(few.status == 422);
        CHECK(few.body["errors"][0]["message"] ==
              "is 5; at least 10 points can be redeemed on an order");
        CHECK(get(port, "/api/loyalty/customers/c-bob", admin()).body["status"]["balance"] == 100);
        // The most offered is bookable: 100.00 - 40.00 - 30.00 = 30.00 paid, which earns 30.
        auto most = order("B-3", 30);
        REQUIRE(most.status == 201);
        CHECK(most.body["preview"]["total"] == 3000);
        CHECK(most.body["earned"] == 30);
        CHECK(most.body["status"]["balance"] == 100);  // 100 - 30 + 30
    }

    TEST_CASE("order requests that are not right get 400, 409 or 415 naming the field") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const json line = {{"sku", "x"}, {"price", 1000}};
        auto missing = post(port, "/api/loyalty/orders", {{"customer_id", "c-bob"}}, admin());
        CHECK(missing.status == 400);
        CHECK(missing.body["errors"].size() == 2);  // order_id and lines
        auto bad_id =
            post(port, "/api/loyalty/orders",
                 {{"customer_id", "bob smith"}, {"order_id", "Z"}, {"lines", {line}}}, admin());
        CHECK(bad_id.status == 400);
        CHECK(first_error_path(bad_id) == "/customer_id");
        auto unknown = post(
            port, "/api/loyalty/orders",
            {{"customer_id", "c-bob"}, {"order_id", "Z"}, {"lines", {line}}, {"points_redemed", 5}},
            admin());
        CHECK(unknown.status == 400);
        CHECK(first_error_path(unknown) == "/points_redemed");
        auto bad_line = post(port, "/api/loyalty/orders",
                             {{"customer_id", "c-bob"},
                              {"order_id", "Z"},
                              {"lines", {{{"sku", "x"}, {"price", "ten"}}}}},
                             admin());
        CHECK(bad_line.status == 422);
        CHECK(first_error_path(bad_line) == "/lines/0/price");
        auto future = post(port, "/api/loyalty/orders",
                           {{"customer_id", "c-bob"},
                            {"order_id", "Z"},
                            {"at", "2026-06-02T12:00:00+03:00"},
                            {"lines", {line}}},
                           admin());
        CHECK(future.status == 400);
        CHECK(first_error_path(future) == "/at");
        auto past = post(port, "/api/loyalty/orders",
                         {{"customer_id", "c-bob"},
                          {"order_id", "Z"},
                          {"at", "2026-05-01T12:00:00+03:00"},
                          {"lines", {line}}},
                         admin());
        CHECK(past.status == 409);  // Bob's sign-up was on May 10
        CHECK(first_error_path(past) == "/at");
        auto text = post_text(port, "/api/loyalty/orders", "customer_id=c-bob",
                              "application/x-www-form-urlencoded", admin());
        CHECK(text.status == 415);
        CHECK(text.body["errors"][0]["code"] == "unsupported_media_type");
        auto broken = post_text(port, "/api/loyalty/orders",
                                "{\"customer_id\": ", "application/json", admin());
        CHECK(broken.status == 400);
        CHECK(broken.body["errors"][0]["message"].get<std::string>().find("not valid JSON") !=
              std::string::npos);
        CHECK(broken.body["errors"][0]["code"] == "not_json");
        auto array = post_text(port, "/api/loyalty/orders", "[1]", "application/json", admin());
        CHECK(array.status == 400);
        // An order in the past but after the last event is fine.
        auto dated = post(port, "/api/loyalty/orders",
                          {{"customer_id", "c-bob"},
                           {"order_id", "Z"},
                           {"at", "2026-05-20T12:00:00+03:00"},
                           {"lines", {line}}},
                          admin());
        CHECK(dated.status == 201);
        CHECK(dated.body["at"] == "2026-05-20T12:00:00+03:00");
    }

    TEST_CASE("refunds take back points in proportion, once per refund id") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        REQUIRE(
            post(port, "/api/loyalty/orders",
                 {{"customer_id", "c-alice"},
                  {"order_id", "A-2"},
                  {"lines",
                   {{{"sku", "novel"}, {"category", "books"}, {"price", 12345}, {"quantity", 2}}}}},
                 admin())
                .status == 201);  // 246 points, balance 2846
        // 10000 of 24690 kopecks back: 246 x 10000 / 24690 = 99.63 -> floor 99.
        const json refund = {{"customer_id", "c-alice"},
                             {"order_id", "A-2"},
                             {"amount", 10000},
                             {"refund_id", "R-1"}};
        auto first = post(port, "/api/loyalty/refunds", refund, admin());
        REQUIRE(first.status == 201);
        CHECK(first.body["entry"]["points"] == -99);
        CHECK(first.body["entry"]["type"] == "refund");
        CHECK(first.body["status"]["balance"] == 2747);  // 2846 - 99

        auto again = post(port, "/api/loyalty/refunds", refund, admin());
        CHECK(again.status == 200);
        CHECK(again.body["duplicate"] == true);
        CHECK(get(port, "/api/loyalty/customers/c-alice", admin()).body["status"]["balance"] ==
              2747);

        // 14690 kopecks are left to refund on A-2.
        auto too_much = post(port, "/api/loyalty/refunds",
                             {{"customer_id", "c-alice"},
                              {"order_id", "A-2"},
                              {"amount", 14691},
                              {"refund_id", "R-2"}},
                             admin());
        CHECK(too_much.status == 422);
        CHECK(first_error_path(too_much) == "/amount");
        auto no_order = post(port, "/api/loyalty/refunds",
                             {{"customer_id", "c-alice"},
                              {"order_id", "A-99"},
                              {"amount", 100},
                              {"refund_id", "R-3"}},
                             admin());
        CHECK(no_order.status == 422);
        CHECK(first_error_path(no_order) == "/order_id");
        auto no_customer = post(port, "/api/loyalty/refunds",
                                {{"customer_id", "c-nobody"},
                                 {"order_id", "A-2"},
                                 {"amount", 100},
                                 {"refund_id", "R-4"}},
                                admin());
        CHECK(no_customer.status == 404);
        auto reused = post(port, "/api/loyalty/refunds",
                           {{"customer_id", "c-alice"},
                            {"order_id", "A-2"},
                            {"amount", 200},
                            {"refund_id", "R-1"}},
                           admin());
        CHECK(reused.status == 409);
        CHECK(first_error_path(reused) == "/refund_id");
    }

    TEST_CASE("bonuses, adjustments and reward claims are booked by id and checked by the core") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const std::string path = "/api/loyalty/customers/c-bob/events";

        auto sorry = post(port, path,
                          {{"type", "adjustment"},
                           {"id", "sorry-1"},
                           {"points", 50},
                           {"reason", "late delivery"}},
                          admin());
        REQUIRE(sorry.status == 201);
        CHECK(sorry.body["entry"]["points"] == 50);
        CHECK(sorry.body["status"]["balance"] == 150);  // 100 + 50
        CHECK(post(port, path,
                   {{"type", "adjustment"},
                    {"id", "sorry-1"},
                    {"points", 50},
                    {"reason", "late delivery"}},
                   admin())
                  .status == 200);

        auto claim = post(port, path,
                          {{"type", "redemption"},
                           {"id", "claim-1"},
                           {"points", 100},
                           {"reward_id", "discount-100"}},
                          admin());
        CHECK(claim.status == 201);
        CHECK(claim.body["status"]["balance"] == 50);
        auto overdraw =
            post(port, path, {{"type", "redemption"}, {"id", "claim-2"}, {"points", 100}}, admin());
        CHECK(overdraw.status == 422);
        CHECK(first_error_path(overdraw) == "/points");

        auto twice =
            post(port, path, {{"type", "bonus"}, {"id", "signup-2"}, {"kind", "signup"}}, admin());
        CHECK(twice.status == 422);  // the sign-up bonus was granted already
        CHECK(first_error_path(twice) == "/kind");
        CHECK(post(port, path, {{"type", "purchase"}, {"id", "p"}}, admin()).status == 400);
        CHECK(post(port, path, {{"type", "bonus"}, {"kind", "review"}}, admin()).status ==
              400);  // no id
        CHECK(post(port, path, {{"type", "bonus"}, {"id", "r1"}, {"kind", "review"}, {"points", 5}},
                   admin())
                  .status == 400);
        CHECK(post(port, "/api/loyalty/customers/bad%20id/events",
                   {{"type", "bonus"}, {"id", "r"}, {"kind", "review"}}, admin())
                  .status == 404);
        CHECK(get(port, "/api/loyalty/customers/c-bob", admin()).body["status"]["balance"] == 50);
    }

    TEST_CASE(
        "a tier set by hand is booked by the admin, audited, shown to the shopper and removed") {
        TempDir dir;
        const std::string demo = std::string(LOYALTY_SERVER_TEST_DATA) + "/../../../demo/examples";
        auto server = start_server_with(dir, demo + "/program.json");
        const int port = server->port();
        const std::string path = "/api/loyalty/customers/c-tier/events";
        const json vip = {{"type", "tier"},
                          {"id", "vip-1"},
                          {"tier_id", "collector"},
                          {"until", "2026-12-31"},
                          {"reason", "opened the new shop"}};
        auto set = post(port, path, vip, admin());
        REQUIRE(set.status == 201);
        const json& tier = set.body["status"]["tier"];
        CHECK(tier["id"] == "collector");  // nothing bought: the floor alone
        CHECK(tier["floor"]["tier_id"] == "collector");
        // A bare date covers that whole day: the floor ends at the next local midnight.
        CHECK(tier["floor"]["until"] == "2027-01-01T00:00:00+03:00");
        CHECK(tier["lapses_at"] == "2027-01-01T00:00:00+03:00");
        CHECK(post(port, path, vip, admin()).status == 200);  // the same id: booked once
        // The events export keeps the tier and its end (columns tier_id, until).
        auto csv = get(port, "/api/admin/export/events.csv", admin());
        CHECK(
            csv.text.find(",tier,vip-1,,,,,,,,opened the new shop,,,collector,2026-12-31,,1\r\n") !=
            std::string::npos);

        // An order earns at the floor's multiplier: 1,000.00 of books at 5 per 100.00 is 50, books
        // x1.5 add 25, collector x1.5 adds 37.5: 112.5, 112 points, and the first-purchase 200.
        auto order = post(port, "/api/loyalty/orders",
                          {{"customer_id", "c-tier"},
                           {"order_id", "T-1"},
                           {"lines", {{{"sku", "b"}, {"category", "books"}, {"price", 100000}}}}},
                          admin());
        REQUIRE(order.status == 201);
        CHECK(order.body["earned"] == 312);

        // The audit log names the tier and its end.
        auto log = get(port, "/api/admin/audit?customer_id=c-tier", admin());
        REQUIRE(log.status == 200);
        bool audited = false;
        for (const auto& e : log.body["entries"]) {
            if (e["action"] != "tier") continue;
            audited = true;
            CHECK(e["reason"] == "opened the new shop");
            CHECK(e["detail"]["tier_id"] == "collector");
            CHECK(e["detail"]["until"] == "2026-12-31");
        }
        CHECK(audited);

        // A tier the programme lacks is the core's 422 at the field; a bad until is 422 too.
        auto unknown = post(
            port, path,
            {{"type", "tier"}, {"id", "vip-2"}, {"tier_id", "platinum"}, {"reason", "x"}}, admin());
        CHECK(unknown.status == 422);
        CHECK(first_error_path(unknown) == "/tier_id");
        CHECK(
            post(port, path, {{"type", "tier"}, {"id", "vip-3"}, {"tier_id", "collector"}}, admin())
                .status == 422);  // no reason
        CHECK(post(port, path,
                   {{"type", "tier"},
                    {"id", "vip-4"},
                    {"tier_id", "collector"},
                    {"reason", "x"},
                    {"points", 5}},
                   admin())
                  .status == 400);  // a field a tier event does not have

        // Removed: the tier follows the purchases again (1,000.00 of 15,000.00: reader).
        auto off =
            post(port, path,
                 {{"type", "tier"}, {"id", "vip-off"}, {"tier_id", nullptr}, {"reason", "ended"}},
                 admin());
        REQUIRE(off.status == 201);
        CHECK(off.body["status"]["tier"]["id"] == "reader");
        CHECK_FALSE(off.body["status"]["tier"].contains("floor"));
    }

    TEST_CASE("the token endpoint signs tokens that expire when it says") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        auto t = post(port, "/api/admin/tokens", {{"customer_id", "c-bob"}, {"ttl_seconds", 600}},
                      admin());
        REQUIRE(t.status == 200);
        const auto expires = t.body["expires"].get<int64_t>();
        CHECK(expires >= clock_start() + 600);
        CHECK(expires <= clock_start() + 600 + 60);
        const auto check = loyalty::server::verify_customer_token(
            kSecret, t.body["token"].get<std::string>(), expires - 1);
        CHECK(check.customer_id == std::optional<std::string>("c-bob"));
        CHECK(
            post(port, "/api/admin/tokens", {{"customer_id", "c-bob"}, {"ttl_seconds", 5}}, admin())
                .status == 400);
        CHECK(post(port, "/api/admin/tokens", {{"customer", "c-bob"}}, admin()).status == 400);
    }
}
