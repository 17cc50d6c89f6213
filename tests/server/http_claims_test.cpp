// Reward codes against the real server (docs/server.md, "Reward codes"): claiming with the
// shopper's token, idempotent by the Idempotency-Key also under concurrency, used once at the
// checkout, voided with the points back, and expiring as the programme says; and the reminders
// export that lists expiring points with the codes still open. Both stores.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "http_helpers.h"

using namespace loyalty::test;

namespace {

/** The test programme with tiers and rewards to claim; `return_expired` sets
 *  redemption.return_expired_codes. Alice (spend 2,500.00 RUB, 2,600 points) is a "member";
 *  "gold" starts at 3,000.00 RUB. */
std::string claims_program(const TempDir& dir, bool return_expired, const std::string& name,
                           int expiry_days = 0) {
    json p = json::parse(read_file(data_path("program.json")));
    if (expiry_days > 0) p["expiry"] = {{"days", expiry_days}, {"warning_days", 30}};
    p["tiers"] = {{"basis", "spend"},
                  {"window_days", 365},
                  {"levels",
                   {{{"id", "member"}, {"name", "Member"}, {"threshold", 0}},
                    {{"id", "gold"}, {"name", "Gold"}, {"threshold", 300000}}}}};
    p["redemption"]["return_expired_codes"] = return_expired;
    p["rewards"] = {{{"id", "discount-100"},
                     {"name", "100 RUB off"},
                     {"kind", "fixed_discount"},
                     {"cost", 100},
                     {"value", 10000},
                     {"code_days", 14}},
                    {{"id", "discount-1000"},
                     {"name", "1000 RUB off"},
                     {"kind", "fixed_discount"},
                     {"cost", 1000},
                     {"value", 100000}},
                    {{"id", "gold-gift"},
                     {"name", "A gift"},
                     {"kind", "free_product"},
                     {"cost", 50},
                     {"value", 5000},
                     {"product_id", "bookmark"},
                     {"min_tier", "gold"}},
                    {{"id", "grand"},
                     {"name", "Grand"},
                     {"kind", "fixed_discount"},
                     {"cost", 5000},
                     {"value", 500000}}};
    const std::string path = (dir.path() / name).string();
    write_file(path, p.dump());
    return path;
}

Answer claim(int port, const std::string& token, const std::string& key, const json& body) {
    httplib::Headers h = bearer(token);
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return post(port, "/api/loyalty/me/claims", body, h);
}

Answer redeem(int port, const std::string& code, const std::string& order_id) {
    return post(port, "/api/loyalty/codes/" + code + "/redeem", {{"order_id", order_id}}, admin());
}

int64_t balance_of(int port, const std::string& customer) {
    return get(port, "/api/loyalty/customers/" + customer, admin())
        .body["status"]["balance"]
        .get<int64_t>();
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE("a shopper claims a reward for a code, once per Idempotency-Key") {
        TempDir dir;
        auto server = start_server_with(dir, claims_program(dir, false, "p.json"));
        const int port = server->port();
        const std::string alice = token_for(port, "c-alice");

        auto first = claim(port, alice, "alice-claim-0001", {{"reward_id", "discount-100"}});
        REQUIRE(first.status == 201);
        const json c = first.body["claim"];
        CHECK(std::regex_match(
            c["code"].get<std::string>(),
            std::regex("[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]{6}")));
        CHECK(c["reward_id"] == "discount-100");
        CHECK(c["reward_name"] == "100 RUB off");
        CHECK(c["points"] == 100);
        CHECK(c["status"] == "active");
        // The clock started at 12:00:00 and runs: the claim is a moment later, valid 14 days.
        const auto created =
            loyalty::parse_instant(c["created_at"].get<std::string>(), loyalty::Zone{});
        const auto expires =
            loyalty::parse_instant(c["expires_at"].get<std::string>(), loyalty::Zone{});
        REQUIRE(created);
        REQUIRE(expires);
        CHECK(*created - clock_start() < 60);
        CHECK(*expires - *created == 14 * 86'400);         // code_days
        CHECK(first.body["customer"]["balance"] == 2500);  // 2,600 - 100
        CHECK(first.body["customer"]["history"][0]["type"] == "redemption");
        CHECK(first.body["customer"]["history"][0]["id"] == c["id"]);

        // The same key and body: the same claim, nothing booked again.
        auto again = claim(port, alice, "alice-claim-0001", {{"reward_id", "discount-100"}});
        CHECK(again.status == 200);
        CHECK(again.body["claim"] == c);
        CHECK(again.body["duplicate"] == true);
        CHECK(balance_of(port, "c-alice") == 2500);
        // The same key with another body is refused, not taken for a new claim.
        auto other = claim(port, alice, "alice-claim-0001", {{"reward_id", "grand"}});
        CHECK(other.status == 422);
        // Without a key, or with one the server cannot keep, nothing is claimed.
        CHECK(claim(port, alice, "", {{"reward_id", "discount-100"}}).status == 400);
        CHECK(claim(port, alice, "short", {{"reward_id", "discount-100"}}).status == 400);
        CHECK(claim(port, alice, "alice-claim-0002", {{"reward", "discount-100"}}).status == 400);

        // Refusals name the field and say why, in words the widget can show.
        auto unknown = claim(port, alice, "alice-claim-0003", {{"reward_id", "nope"}});
        CHECK(unknown.status == 422);
        CHECK(first_error_path(unknown) == "/reward_id");
        CHECK(unknown.body["errors"][0]["message"] == "no reward \"nope\" in this programme");
        CHECK(unknown.body["errors"][0]["code"] == "unknown_reference");
        auto tier = claim(port, alice, "alice-claim-0004", {{"reward_id", "gold-gift"}});
        CHECK(tier.status == 422);
        CHECK(tier.body["errors"][0]["message"] ==
              "\"gold-gift\" is for the tier \"gold\" and above; the customer's tier is lower");
        auto poor = claim(port, alice, "alice-claim-0005", {{"reward_id", "grand"}});
        CHECK(poor.status == 422);
        CHECK(poor.body["errors"][0]["message"] ==
              "\"grand\" costs 5000 points; the balance is 2500");
        CHECK(poor.body["errors"][0]["code"] == "not_enough_points");
        CHECK(balance_of(port, "c-alice") == 2500);

        // Each shopper sees their own codes only; no token, no codes.
        auto mine = get(port, "/api/loyalty/me/claims", bearer(alice));
        REQUIRE(mine.status == 200);
        REQUIRE(mine.body["claims"].size() == 1);
        CHECK(mine.body["claims"][0] == c);
        auto bobs = get(port, "/api/loyalty/me/claims", bearer(token_for(port, "c-bob")));
        CHECK(bobs.status == 200);
        CHECK(bobs.body["claims"].empty());
        CHECK(get(port, "/api/loyalty/me/claims").status == 401);
        CHECK(claim(port, "forged.token", "alice-claim-0006", {{"reward_id", "discount-100"}})
                  .status == 401);
    }

    TEST_CASE("a code is used once at the checkout, and a void gives its points back") {
        TempDir dir;
        auto server = start_server_with(dir, claims_program(dir, false, "p.json"));
        const int port = server->port();
        const std::string alice = token_for(port, "c-alice");
        const std::string used =
            claim(port, alice, "alice-claim-0001", {{"reward_id", "discount-100"}})
                .body["claim"]["code"]
                .get<std::string>();
        const std::string spare =
            claim(port, alice, "alice-claim-0002", {{"reward_id", "discount-100"}})
                .body["claim"]["code"]
                .get<std::string>();
        REQUIRE(balance_of(port, "c-alice") == 2400);

        auto ok = redeem(port, used, "A-9");
        REQUIRE(ok.status == 200);
        CHECK(ok.body["code"]["status"] == "used");
        CHECK(ok.body["code"]["order_id"] == "A-9");
        // Typed in lower case without the dashes: the same code; the same order again is a retry.
        std::string typed;
        for (char ch : used)
            if (ch != '-') typed += char(std::tolower(static_cast<unsigned char>(ch)));
        auto retry = redeem(port, typed, "A-9");
        CHECK(retry.status == 200);
        CHECK(retry.body["duplicate"] == true);
        auto twice = redeem(port, used, "A-10");
        CHECK(twice.status == 409);
        CHECK(twice.body["errors"][0]["message"].get<std::string>().find(
                  "already used on order A-9") != std::string::npos);
        CHECK(post(port, "/api/loyalty/codes/" + used + "/void", json::object(), admin()).status ==
              409);

        // Voiding the spare code books its 100 points back, once.
        auto voided = post(port, "/api/loyalty/codes/" + spare + "/void",
                           {{"reason", "wrong reward"}}, admin());
        REQUIRE(voided.status == 201);
        CHECK(voided.body["returned"] == 100);
        CHECK(voided.body["code"]["status"] == "voided");
        CHECK(voided.body["status"]["balance"] == 2500);
        CHECK(voided.body["entry"]["reason"] == "wrong reward");
        auto void_again =
            post(port, "/api/loyalty/codes/" + spare + "/void", json::object(), admin());
        CHECK(void_again.status == 200);
        CHECK(balance_of(port, "c-alice") == 2500);
        CHECK(redeem(port, spare, "A-11").status == 410);

        // Unknown and malformed codes; and only the shop may redeem or void.
        CHECK(redeem(port, "222222-222222-222222", "A-12").status == 404);
        CHECK(redeem(port, "0OIL", "A-12").status == 404);
        CHECK(post(port, "/api/loyalty/codes/" + spare + "/redeem", {{"order_id", "A-13"}},
                   bearer(alice))
                  .status == 401);
        CHECK(
            post(port, "/api/loyalty/codes/" + used + "/redeem", {{"order_id", "bad id!"}}, admin())
                .status == 400);

        auto list = get(port, "/api/loyalty/me/claims", bearer(alice));
        REQUIRE(list.body["claims"].size() == 2);
        CHECK(list.body["claims"][0]["status"] == "voided");  // newest first
        CHECK(list.body["claims"][1]["status"] == "used");
        CHECK(list.body["claims"][1]["order_id"] == "A-9");
    }

    TEST_CASE(
        "an order that uses a code gets its reward taken off exactly, and the code is used by it") {
        TempDir dir;
        auto server = start_server_with(dir, claims_program(dir, false, "p.json"));
        const int port = server->port();
        const std::string code = claim(port, token_for(port, "c-alice"), "alice-claim-0001",
                                       {{"reward_id", "discount-100"}})
                                     .body["claim"]["code"]
                                     .get<std::string>();
        auto order = [&](const std::string& customer, const std::string& id, int64_t points,
                         json codes) {
            return post(port, "/api/loyalty/orders",
                        {{"customer_id", customer},
                         {"order_id", id},
                         {"points_redeemed", points},
                         {"reward_codes", codes},
                         {"lines", {{{"sku", "atlas"}, {"price", 30000}}}}},
                        admin());
        };
        // 300.00 RUB with the 100 RUB code leaves 200.00: points may pay half, 100 points; 101 is
        // refused.
        auto over = order("c-alice", "A-7", 101, {code});
        CHECK(over.status == 422);
        CHECK(over.body["errors"][0]["message"] ==
              "is 101; this cart can be paid with at most 100 points");
        // 50 points: 300.00 - 100.00 - 50.00 = 150.00 paid, which earns 150. Balance 2,500 - 50 +
        // 150.
        auto used = order("c-alice", "A-7", 50, {code});
        REQUIRE(used.status == 201);
        CHECK(used.body["preview"]["reward_discount"] == 10000);
        CHECK(used.body["preview"]["total"] == 15000);
        CHECK(used.body["earned"] == 150);
        CHECK(used.body["status"]["balance"] == 2600);
        CHECK(used.body["reward_codes"] == json::array({code}));
        auto mine = get(port, "/api/loyalty/me/claims", bearer(token_for(port, "c-alice")));
        CHECK(mine.body["claims"][0]["status"] == "used");
        CHECK(mine.body["claims"][0]["order_id"] == "A-7");
        // The same request again is the same booking; the code on another order is refused.
        CHECK(order("c-alice", "A-7", 50, {code}).status == 200);
        auto again = order("c-alice", "A-8", 0, {code});
        CHECK(again.status == 409);
        CHECK(first_error_path(again) == "/reward_codes/0");
        CHECK(again.body["errors"][0]["message"] ==
              "code " + code + " was already used on order A-7");
        // Another shopper's code is no code to Bob; a code that cannot be one is a 400.
        const std::string spare = claim(port, token_for(port, "c-alice"), "alice-claim-0002",
                                        {{"reward_id", "discount-100"}})
                                      .body["claim"]["code"]
                                      .get<std::string>();
        auto foreign = order("c-bob", "B-7", 0, {spare});
        CHECK(foreign.status == 422);
        CHECK(foreign.body["errors"][0]["message"] ==
              "no code " + spare + " belongs to customer c-bob");
        CHECK(order("c-alice", "A-9", 0, {"not a code"}).status == 400);
        CHECK(order("c-alice", "A-9", 0, {spare, spare}).status == 400);
        CHECK(balance_of(port, "c-alice") == 2500);  // 2,600 - 100 for the spare code
    }

    TEST_CASE(
        "codes expire after code_days; the programme decides whether their points come back") {
        TempDir dir;
        const std::string keep = claims_program(dir, false, "keep.json");
        const std::string give_back = claims_program(dir, true, "return.json");
        std::string code;
        {
            auto server = start_server_with(dir, keep);
            const int port = server->port();
            code = claim(port, token_for(port, "c-alice"), "alice-claim-0001",
                         {{"reward_id", "discount-100"}})
                       .body["claim"]["code"]
                       .get<std::string>();
            CHECK(server->stop(SIGTERM) == 0);
        }
        {
            // 14 days and one second later: expired, and the points stay spent.
            auto server = start_server_with(dir, keep, "2026-06-15T12:01:00+03:00");
            const int port = server->port();
            auto late = redeem(port, code, "A-9");
            CHECK(late.status == 410);
            CHECK(late.body["errors"][0]["message"].get<std::string>().starts_with(
                "code " + code + " expired at 2026-06-15T12:00:0"));
            auto list = get(port, "/api/loyalty/me/claims", bearer(token_for(port, "c-alice")));
            CHECK(list.body["claims"][0]["status"] == "expired");
            CHECK(balance_of(port, "c-alice") == 2500);
            CHECK(server->stop(SIGTERM) == 0);
        }
        {
            // Under return_expired_codes the points come back, once, the first time the shopper's
            // codes are looked at.
            auto server = start_server_with(dir, give_back, "2026-06-16T12:00:00+03:00");
            const int port = server->port();
            const std::string alice = token_for(port, "c-alice");
            CHECK(get(port, "/api/loyalty/me/claims", bearer(alice)).body["claims"][0]["status"] ==
                  "expired");
            get(port, "/api/loyalty/me/claims", bearer(alice));
            auto me = get(port, "/api/loyalty/me", bearer(alice));
            CHECK(me.body["status"]["balance"] == 2600);
            CHECK(me.body["status"]["history"][0]["type"] == "adjustment");
            CHECK(me.body["status"]["history"][0]["points"] == 100);
            CHECK(me.body["status"]["history"][0]["reason"] ==
                  "reward code " + code + " expired unused: its points are back");
            CHECK(post(port, "/api/loyalty/codes/" + code + "/void", json::object(), admin())
                      .status == 410);
        }
    }

    TEST_CASE("concurrent claims: one key books once, different keys never overspend") {
        TempDir dir;
        auto server = start_server_with(dir, claims_program(dir, false, "p.json"));
        const int port = server->port();
        const std::string bob = token_for(port, "c-bob");      // 100 points
        const std::string alice = token_for(port, "c-alice");  // 2,600 points
        std::mutex m;
        std::vector<int> same_key, other_keys;
        std::set<std::string> codes;
        std::vector<std::thread> threads;
        for (int i = 0; i < 20; ++i) {
            threads.emplace_back([&, i] {
                auto a = claim(port, bob, "bob-one-key-0001", {{"reward_id", "discount-100"}});
                auto b = claim(port, alice, "alice-key-" + std::to_string(1000 + i),
                               {{"reward_id", "discount-1000"}});
                std::lock_guard<std::mutex> lock(m);
                same_key.push_back(a.status);
                if (a.body.contains("claim"))
                    codes.insert(a.body["claim"]["code"].get<std::string>());
                other_keys.push_back(b.status);
            });
        }
        for (auto& t : threads) t.join();
        CHECK(std::count(same_key.begin(), same_key.end(), 201) == 1);
        CHECK(std::count(same_key.begin(), same_key.end(), 200) == 19);
        CHECK(codes.size() == 1);  // every answer names the one code
        CHECK(balance_of(port, "c-bob") == 0);
        // 2,600 points pay for two 1,000-point claims; the other 18 are refused.
        CHECK(std::count(other_keys.begin(), other_keys.end(), 201) == 2);
        CHECK(std::count(other_keys.begin(), other_keys.end(), 422) == 18);
        CHECK(balance_of(port, "c-alice") == 600);
        CHECK(get(port, "/api/loyalty/me/claims", bearer(alice)).body["claims"].size() == 2);
    }

    TEST_CASE(
        "reminders list the points expiring within N days and the codes still open, as JSON and "
        "CSV") {
        TempDir dir;
        // Points expire at the end of the 40th day after they are earned: Alice's 100 sign-up
        // points (May 1) at June 11, 00:00, her 2,500 for order A-1 (May 2) at June 12, 00:00;
        // Bob's 100 (May 10) at June 20, 00:00. The clock starts at June 1, 12:00.
        auto server = start_server_with(dir, claims_program(dir, false, "p.json", 40));
        const int port = server->port();
        const json claimed = claim(port, token_for(port, "c-alice"), "alice-claim-0001",
                                   {{"reward_id", "discount-100"}})
                                 .body["claim"];
        const std::string code = claimed["code"].get<std::string>();
        // The claim spent the oldest lot first: the 100 points of June 11 are gone.
        auto week = get(port, "/api/admin/reminders?within_days=7", admin());
        REQUIRE(week.status == 200);
        CHECK(week.body["until"].get<std::string>().starts_with("2026-06-08T12:0"));
        CHECK(week.body["customers"].empty());
        CHECK(week.body["scanned"] == 2);
        CHECK(week.body["next"] == nullptr);

        auto ten =
            get(port, "/api/admin/reminders?within_days=10", admin());  // until June 11, 12:00
        CHECK(ten.body["customers"].empty());
        auto eleven =
            get(port, "/api/admin/reminders?within_days=11", admin());  // until June 12, 12:00
        REQUIRE(eleven.body["customers"].size() == 1);
        const json& alice = eleven.body["customers"][0];
        CHECK(alice["customer_id"] == "c-alice");
        CHECK(alice["name"] == "Alice");
        CHECK(alice["points"] == 2500);
        CHECK(alice["first_expiry"] == "2026-06-12T00:00:00+03:00");
        CHECK(alice["lots"] ==
              json::array({{{"points", 2500}, {"expires_at", "2026-06-12T00:00:00+03:00"}}}));
        REQUIRE(alice["codes"].size() == 1);
        CHECK(alice["codes"][0]["code"] == code);
        CHECK(alice["codes"][0]["expires_at"] == claimed["expires_at"]);

        auto all = get(port, "/api/admin/reminders?within_days=30", admin());
        REQUIRE(all.body["customers"].size() == 2);
        CHECK(all.body["customers"][1]["customer_id"] == "c-bob");
        CHECK(all.body["customers"][1]["points"] == 100);
        CHECK(all.body["customers"][1]["first_expiry"] == "2026-06-20T00:00:00+03:00");

        // Pages of one customer: the second starts after the first's "next".
        auto first = get(port, "/api/admin/reminders?within_days=30&limit=1", admin());
        CHECK(first.body["next"] == "c-alice");
        auto second =
            get(port, "/api/admin/reminders?within_days=30&limit=1&after=c-alice", admin());
        REQUIRE(second.body["customers"].size() == 1);
        CHECK(second.body["customers"][0]["customer_id"] == "c-bob");

        // CSV for a mailing tool; a name a spreadsheet would run as a formula stays text.
        REQUIRE(post(port, "/api/loyalty/orders",
                     {{"customer_id", "c-eve"},
                      {"customer_name", "=HYPERLINK(\"http://x\",\"a,b\")"},
                      {"order_id", "E-1"},
                      {"lines", {{{"sku", "pen"}, {"price", 5000}}}}},
                     admin())
                    .status == 201);
        auto c = client(port);
        auto csv =
            c.Get("/api/admin/reminders?within_days=60",
                  {{"Authorization", std::string("Bearer ") + kAdmin}, {"Accept", "text/csv"}});
        REQUIRE(csv);
        CHECK(csv->status == 200);
        CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
        // Eve's 50 points of June 1 expire at July 12, 00:00.
        CHECK(
            csv->body ==
            "customer_id,name,points,first_expiry,lots,codes\r\n"
            "c-alice,Alice,2500,2026-06-12T00:00:00+03:00,2500 on 2026-06-12T00:00:00+03:00,\"" +
                code + " (discount-100, until " + claimed["expires_at"].get<std::string>() +
                ")\"\r\n"
                "c-bob,Bob,100,2026-06-20T00:00:00+03:00,100 on 2026-06-20T00:00:00+03:00,\r\n"
                "c-eve,\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\",50,2026-07-12T00:00:00+03:00,"
                "50 on 2026-07-12T00:00:00+03:00,\r\n");

        // Bad parameters are named; only the shop may read it.
        auto bad = get(port, "/api/admin/reminders?within_days=0&limit=x&after=a%20b", admin());
        CHECK(bad.status == 400);
        CHECK(bad.body["errors"].size() == 3);
        CHECK(first_error_path(bad) == "/within_days");
        CHECK(get(port, "/api/admin/reminders", bearer(token_for(port, "c-alice"))).status == 401);
    }
}
