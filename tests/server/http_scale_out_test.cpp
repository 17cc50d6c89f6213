// Two server processes on one database, as behind a load balancer: the guarantees of one process
// hold across both. Runs on SQLite (two processes on one file) and, under with-postgres.sh, on
// PostgreSQL, where instances on several machines share the store.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "http_helpers.h"

using namespace loyalty::test;

TEST_SUITE("http") {
    TEST_CASE(
        "one customer booked by turns on two servers: each continues from the state the other "
        "stored, not from the one it holds itself") {
        TempDir dir;
        auto first = start_server(dir);
        auto second = start_server(dir);
        const int ports[2] = {first->port(), second->port()};
        // Each server keeps the typed state it stored last (state_cache.h); after the other
        // server's booking that state is stale, and the balance shows which one was used.
        for (int i = 0; i < 6; ++i) {
            auto a = post(ports[i % 2], "/api/loyalty/orders",
                          {{"customer_id", "c-fay"},
                           {"order_id", "F-" + std::to_string(i)},
                           {"lines", {{{"sku", "book"}, {"price", 10000}}}}},
                          admin());
            REQUIRE_MESSAGE(a.status == 201, a.text);
            CHECK(a.body["status"]["balance"] == 100 * (i + 1));  // 100.00 earns 100 points
        }
        // F-4 was booked on the first server; the second takes its points back, then the first
        // books on from the second's state: 600 - 100 + 100.
        auto refund = post(ports[1], "/api/loyalty/refunds",
                           {{"customer_id", "c-fay"},
                            {"order_id", "F-4"},
                            {"refund_id", "FR-4"},
                            {"amount", 10000}},
                           admin());
        REQUIRE_MESSAGE(refund.status == 201, refund.text);
        CHECK(refund.body["status"]["balance"] == 500);
        auto last = post(ports[0], "/api/loyalty/orders",
                         {{"customer_id", "c-fay"},
                          {"order_id", "F-6"},
                          {"lines", {{{"sku", "book"}, {"price", 10000}}}}},
                         admin());
        REQUIRE_MESSAGE(last.status == 201, last.text);
        CHECK(last.body["status"]["balance"] == 600);
        for (int port : ports) {
            auto fay = get(port, "/api/loyalty/customers/c-fay?history_limit=0", admin());
            CHECK(fay.body["status"]["balance"] == 600);
        }
    }

    TEST_CASE("two servers on one database: concurrent bookings and claims stay exact") {
        TempDir dir;
        auto first = start_server(dir, {"--threads", "8"});
        auto second = start_server(dir, {"--threads", "8"});  // same database; seeding is once
        const int ports[2] = {first->port(), second->port()};
        REQUIRE(post(ports[0], "/api/loyalty/customers/c-erin/events",
                     {{"type", "bonus"}, {"id", "welcome"}, {"kind", "signup"}}, admin())
                    .status == 201);  // 100 points

        std::atomic<int> created{0}, repeated{0}, refused{0}, failed{0};
        std::mutex failures_mutex;
        std::string first_failure;
        auto note = [&](const Answer& a) {
            ++failed;
            std::lock_guard lock(failures_mutex);
            if (first_failure.empty()) first_failure = std::to_string(a.status) + " " + a.text;
        };

        SUBCASE("100 bookings for one customer, split across the two, and one order sent to both") {
            std::vector<std::thread> threads;
            for (int i = 0; i < 100; ++i) {
                threads.emplace_back([&, i] {
                    auto a = post(ports[i % 2], "/api/loyalty/orders",
                                  {{"customer_id", "c-erin"},
                                   {"order_id", "E-" + std::to_string(i)},
                                   {"lines", {{{"sku", "book"}, {"price", 12345}}}}},
                                  admin());
                    a.status == 201 ? void(++created) : note(a);
                });
            }
            for (int i = 0; i < 10; ++i) {  // the same order, five times to each server
                threads.emplace_back([&, i] {
                    auto a = post(ports[i % 2], "/api/loyalty/orders",
                                  {{"customer_id", "c-erin"},
                                   {"order_id", "E-dup"},
                                   {"lines", {{{"sku", "map"}, {"price", 10000}}}}},
                                  admin());
                    if (a.status == 201)
                        ++created;
                    else if (a.status == 200)
                        ++repeated;
                    else
                        note(a);
                });
            }
            for (auto& t : threads) t.join();
            CAPTURE(first_failure);
            CHECK(failed == 0);
            CHECK(created == 101);
            CHECK(repeated == 9);
            // 100 (sign-up) + 100 x floor(123.45) + floor(100.00) = 100 + 12300 + 100 = 12500,
            // read from either server.
            for (int port : ports) {
                auto erin = get(port, "/api/loyalty/customers/c-erin?history_limit=0", admin());
                CHECK(erin.body["status"]["balance"] == 12500);
                CHECK(erin.body["customer"]["events"].size() == 102);
            }
        }

        SUBCASE("20 claims of 30 points against 100, split across the two: 3 booked, 17 refused") {
            std::vector<std::thread> threads;
            for (int i = 0; i < 20; ++i) {
                threads.emplace_back([&, i] {
                    auto a = post(ports[i % 2], "/api/loyalty/customers/c-erin/events",
                                  {{"type", "redemption"},
                                   {"id", "claim-" + std::to_string(i)},
                                   {"points", 30}},
                                  admin());
                    if (a.status == 201)
                        ++created;
                    else if (a.status == 422 && first_error_path(a) == "/points")
                        ++refused;  // the balance would go below zero
                    else
                        note(a);
                });
            }
            for (auto& t : threads) t.join();
            CAPTURE(first_failure);
            CHECK(failed == 0);
            CHECK(created == 3);  // 3 x 30 = 90 <= 100; a fourth would need 120
            CHECK(refused == 17);
            for (int port : ports) {
                auto erin = get(port, "/api/loyalty/customers/c-erin", admin());
                CHECK(erin.body["status"]["balance"] == 10);
                CHECK(erin.body["status"]["lifetime"]["redeemed"] == 90);
            }
        }
    }
}
