// Referrals against the real server (docs/server.md, "Referrals"): a newcomer's first order with a
// friend's code books both bonuses once; repeats, later orders, self-referrals and unknown codes
// book none; the referrer's bonuses stop at the monthly cap, also when newcomers order at once.
#include <doctest/doctest.h>

#include <mutex>
#include <thread>

#include "http_helpers.h"

using namespace loyalty::test;

namespace {

/** The test programme (1 point per RUB paid, 100 for signing up) with referral bonuses of 500
 *  to the referrer and 250 to the newcomer, at most 2 referrer bonuses a month. */
std::string referral_program(const TempDir& dir) {
    json p = json::parse(read_file(data_path("program.json")));
    p["bonuses"] = {{"signup", 100},
                    {"referral_referrer", 500},
                    {"referral_referee", 250},
                    {"referral_max_per_month", 2}};
    const std::string path = (dir.path() / "referrals.json").string();
    write_file(path, p.dump());
    return path;
}

Answer order(int port, const std::string& customer, const std::string& order_id,
             const std::string& code) {
    json body = {{"customer_id", customer},
                 {"order_id", order_id},
                 {"lines", {{{"sku", "atlas"}, {"price", 10000}}}}};
    if (!code.empty()) body["referral_code"] = code;
    return post(port, "/api/loyalty/orders", body, admin());
}

int64_t balance_of(int port, const std::string& customer) {
    return get(port, "/api/loyalty/customers/" + customer, admin())
        .body["status"]["balance"]
        .get<int64_t>();
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE("a newcomer's first order with a friend's referral code books both bonuses, once") {
        TempDir dir;
        auto server = start_server_with(dir, referral_program(dir));
        const int port = server->port();
        const std::string bob = token_for(port, "c-bob");  // 100 points

        auto mine = get(port, "/api/loyalty/me/referral", bearer(bob));
        REQUIRE(mine.status == 200);
        const std::string code = mine.body["code"].get<std::string>();
        CHECK(code.size() == 12);
        CHECK(code.find_first_not_of("23456789ABCDEFGHJKMNPQRSTUVWXYZ") == std::string::npos);
        CHECK(mine.body["param"] == "ref");
        CHECK(mine.body["friends_joined"] == 0);
        CHECK(mine.body["referrer_bonus"] == 500);
        CHECK(mine.body["referee_bonus"] == 250);
        CHECK(get(port, "/api/loyalty/me/referral", bearer(bob)).body["code"] == code);  // stable
        CHECK(get(port, "/api/loyalty/me/referral", bearer(token_for(port, "c-alice")))
                  .body["code"] != code);
        CHECK(get(port, "/api/loyalty/me/referral").status == 401);

        // Vera's first order (100.00 RUB: 100 points) names Bob's code, typed in lower case with a
        // dash.
        std::string typed;
        for (size_t i = 0; i < code.size(); ++i) {
            if (i == 6) typed += '-';
            typed += char(std::tolower(static_cast<unsigned char>(code[i])));
        }
        auto first = order(port, "c-vera", "V-1", typed);
        REQUIRE(first.status == 201);
        CHECK(first.body["referral"] ==
              json({{"code", code}, {"status", "booked"}, {"referee_points", 250}}));
        CHECK(first.body["status"]["balance"] == 350);  // 100 earned + 250
        CHECK(first.body["status"]["history"][0]["type"] == "bonus");
        CHECK(balance_of(port, "c-bob") == 600);  // 100 + 500
        auto after = get(port, "/api/loyalty/me/referral", bearer(bob));
        CHECK(after.body["friends_joined"] == 1);
        CHECK(after.body["points_earned"] == 500);

        // The same request again books nothing.
        CHECK(order(port, "c-vera", "V-1", typed).status == 200);
        CHECK(balance_of(port, "c-vera") == 350);
        CHECK(balance_of(port, "c-bob") == 600);
        // Vera's second order, Alice (a customer with orders), Bob himself and an unknown code:
        // the orders are booked, the referral is not.
        auto second = order(port, "c-vera", "V-2", code);
        CHECK(second.status == 201);
        CHECK(second.body["referral"]["status"] == "refused");
        CHECK(second.body["referral"]["reason"] ==
              "only a newcomer's first order earns referral bonuses");
        auto alice = order(port, "c-alice", "A-2", code);
        CHECK(alice.body["referral"]["reason"] ==
              "only a newcomer's first order earns referral bonuses");
        auto self = order(port, "c-bob", "B-1", code);
        CHECK(self.status == 201);
        CHECK(self.body["referral"]["reason"] == "a shopper cannot refer themselves");
        auto unknown = order(port, "c-dan", "D-1", "222222222222");
        CHECK(unknown.status == 201);
        CHECK(unknown.body["referral"]["reason"] == "no such referral code");
        CHECK(unknown.body["status"]["balance"] == 100);
        CHECK(balance_of(port, "c-vera") == 450);  // + 100 for V-2
        CHECK(balance_of(port, "c-bob") == 700);   // + 100 for B-1, no bonus
        CHECK(get(port, "/api/loyalty/me/referral", bearer(bob)).body["friends_joined"] == 1);
        // A code that is not text is the caller's mistake: 400 at the field.
        auto bad = post(port, "/api/loyalty/orders",
                        {{"customer_id", "c-eve"},
                         {"order_id", "E-1"},
                         {"referral_code", 7},
                         {"lines", {{{"sku", "atlas"}, {"price", 10000}}}}},
                        admin());
        CHECK(bad.status == 400);
        CHECK(first_error_path(bad) == "/referral_code");
    }

    TEST_CASE(
        "the referrer's bonuses stop at referral_max_per_month, also when newcomers order at "
        "once") {
        TempDir dir;
        auto server = start_server_with(dir, referral_program(dir));
        const int port = server->port();
        const std::string bob = token_for(port, "c-bob");
        const std::string code =
            get(port, "/api/loyalty/me/referral", bearer(bob)).body["code"].get<std::string>();
        std::mutex m;
        std::vector<int> statuses;
        std::vector<std::thread> threads;
        for (int i = 0; i < 6; ++i) {
            threads.emplace_back([&, i] {
                auto a = order(port, "c-new-" + std::to_string(i), "N-" + std::to_string(i), code);
                std::lock_guard<std::mutex> lock(m);
                statuses.push_back(a.status);
                CHECK(a.body["referral"]["status"] == "booked");  // every newcomer gets their 250
            });
        }
        for (auto& t : threads) t.join();
        CHECK(std::count(statuses.begin(), statuses.end(), 201) == 6);
        for (int i = 0; i < 6; ++i) CHECK(balance_of(port, "c-new-" + std::to_string(i)) == 350);
        // Six friends joined; two referrer bonuses in June: 100 + 2 x 500.
        auto mine = get(port, "/api/loyalty/me/referral", bearer(bob));
        CHECK(mine.body["friends_joined"] == 6);
        CHECK(mine.body["points_earned"] == 1000);
        CHECK(balance_of(port, "c-bob") == 1100);
    }
}
