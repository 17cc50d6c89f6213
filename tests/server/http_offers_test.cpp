// Personal offers against the real server (docs/server.md, "Personal offers"): given by the shop
// under its own id and idempotent, shown to the shopper with the customer, applied exactly to the
// orders that name them (terms copied into the order), counted, voided, ended. Both stores.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "http_helpers.h"

using namespace loyalty::test;

namespace {

const std::string kWeekLater = "2026-06-08T12:00:00+03:00";  // a week after the test clock starts

Answer give(int port, const std::string& customer, const json& offer,
            httplib::Headers h = admin()) {
    return post(port, "/api/loyalty/customers/" + customer + "/offers", offer, h);
}

json order(const std::string& id, int64_t book_price, const json& offer_ids) {
    return {{"customer_id", "c-alice"},
            {"order_id", id},
            {"lines",
             {{{"sku", "book"}, {"category", "books"}, {"price", book_price}, {"quantity", 1}}}},
            {"shipping", 30000},
            {"offer_ids", offer_ids}};
}

/** The offer `id` in the shop's list of the customer's offers. */
json listed_offer(int port, const std::string& customer, const std::string& id) {
    const Answer list = get(port, "/api/loyalty/customers/" + customer + "/offers", admin());
    for (const auto& o : list.body["offers"])
        if (o["id"] == id) return o;
    return nullptr;
}

int64_t balance_of(int port, const std::string& customer) {
    return get(port, "/api/loyalty/customers/" + customer, admin())
        .body["status"]["balance"]
        .get<int64_t>();
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE("the shop gives a personal offer; orders naming it get exactly its discount") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const json sorry = {{"id", "sorry-25"},
                            {"kind", "percent_off"},
                            {"percent", "25%"},
                            {"title", "Sorry for the late parcel"},
                            {"ends", kWeekLater}};
        auto given = give(port, "c-alice", sorry);
        REQUIRE(given.status == 201);
        const json offer = given.body["offer"];
        CHECK(offer["id"] == "sorry-25");
        CHECK(offer["kind"] == "percent_off");
        CHECK(offer["percent"] == "25%");
        CHECK(offer["title"] == "Sorry for the late parcel");
        CHECK(offer["ends"] == kWeekLater);
        CHECK(offer["status"] == "active");
        CHECK(offer["uses"] == 0);
        CHECK(offer["uses_limit"].is_null());  // a discount serves its whole window

        // Idempotent by the offer id: the same request is the same offer; other terms are refused.
        auto again = give(port, "c-alice", sorry);
        CHECK(again.status == 200);
        CHECK(again.body["duplicate"] == true);
        CHECK(again.body["offer"] == offer);
        json other = sorry;
        other["percent"] = "30%";
        auto conflict = give(port, "c-alice", other);
        CHECK(conflict.status == 409);
        CHECK(first_error_path(conflict) == "/id");

        // The shopper sees it with the customer, as the widget reads it.
        const std::string alice = token_for(port, "c-alice");
        auto me = get(port, "/api/loyalty/me", bearer(alice));
        REQUIRE(me.status == 200);
        REQUIRE(me.body["offers"].size() == 1);
        CHECK(me.body["offers"][0]["id"] == "sorry-25");
        CHECK(me.body["offers"][0]["ends"] == kWeekLater);
        CHECK(
            get(port, "/api/loyalty/me", bearer(token_for(port, "c-bob"))).body["offers"].empty());

        // 1,000.00 of books with 25% off: 750.00 paid for the goods, 750 points (1 per 1.00
        // paid); the shipping is not discounted: total 750.00 + 300.00.
        const int64_t before = balance_of(port, "c-alice");
        auto booked =
            post(port, "/api/loyalty/orders", order("O-1", 100000, {"sorry-25"}), admin());
        REQUIRE(booked.status == 201);
        CHECK(booked.body["earned"] == 750);
        CHECK(booked.body["preview"]["offer_discount"] == 25000);
        CHECK(booked.body["preview"]["total"] == 105000);
        CHECK(booked.body["preview"]["offers_applied"][0]["offer_id"] == "sorry-25");
        CHECK(booked.body["offer_ids"] == json::array({"sorry-25"}));
        CHECK(balance_of(port, "c-alice") == before + 750);
        // The order keeps a copy of the terms: the ledger never depends on the offer again.
        auto stored = get(port, "/api/loyalty/customers/c-alice?history_limit=1", admin());
        const json& last = stored.body["customer"]["events"].back();
        CHECK(last["order_id"] == "O-1");
        CHECK(last["offers"][0]["percent"] == "25%");
        CHECK(last["offers"][0]["ends"] == kWeekLater);
        // A repeat of the order books nothing and counts no second use.
        CHECK(
            post(port, "/api/loyalty/orders", order("O-1", 100000, {"sorry-25"}), admin()).status ==
            200);
        auto listed = get(port, "/api/loyalty/customers/c-alice/offers", admin());
        REQUIRE(listed.status == 200);
        CHECK(listed.body["offers"][0]["uses"] == 1);

        // Refunding half the books takes back half of what the order earned: 375.
        auto refund = post(port, "/api/loyalty/refunds",
                           {{"customer_id", "c-alice"},
                            {"order_id", "O-1"},
                            {"refund_id", "R-1"},
                            {"amount", 50000}},
                           admin());
        REQUIRE(refund.status == 201);
        CHECK(balance_of(port, "c-alice") == before + 375);

        // Voided: later orders cannot use it; a second void answers the first.
        auto voided = post(port, "/api/loyalty/customers/c-alice/offers/sorry-25/void",
                           json::object(), admin());
        REQUIRE(voided.status == 200);
        CHECK(voided.body["offer"]["status"] == "voided");
        auto late = post(port, "/api/loyalty/orders", order("O-2", 100000, {"sorry-25"}), admin());
        CHECK(late.status == 410);
        CHECK(first_error_path(late) == "/offer_ids/0");
        CHECK(late.body["errors"][0]["message"] == "offer sorry-25 was voided");
        CHECK(post(port, "/api/loyalty/customers/c-alice/offers/sorry-25/void", json::object(),
                   admin())
                  .status == 200);
        CHECK(get(port, "/api/loyalty/me", bearer(alice)).body["offers"].empty());
        CHECK(post(port, "/api/loyalty/customers/c-alice/offers/nope/void", json::object(), admin())
                  .status == 404);
    }

    TEST_CASE("offers: gifts once, points multiplied, unknown and another's refused") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        REQUIRE(give(port, "c-alice",
                     {{"id", "gift-bookmark"},
                      {"kind", "gift"},
                      {"product_id", "bookmark"},
                      {"value", 5000},
                      {"ends", kWeekLater}})
                    .status == 201);
        REQUIRE(give(port, "c-alice",
                     {{"id", "double"},
                      {"kind", "points_multiplier"},
                      {"multiplier", "2"},
                      {"ends", kWeekLater}})
                    .status == 201);
        // A gift is given once unless the shop says otherwise.
        CHECK(listed_offer(port, "c-alice", "gift-bookmark")["uses_limit"] == 1);
        CHECK(listed_offer(port, "c-alice", "double")["uses_limit"].is_null());

        // A 70.00 bookmark (at most 50.00 of it free) and 1,000.00 of books: 1,020.00 paid earns
        // 1,020 points, doubled by the multiplier: 2,040. The books' line earns 1020/1070 of its
        // 1,000.00: 102000/107 points, and the offer adds as many.
        json o = order("O-1", 100000, {"gift-bookmark", "double"});
        o["lines"].push_back(
            {{"sku", "bookmark"}, {"category", "stationery"}, {"price", 7000}, {"quantity", 1}});
        auto booked = post(port, "/api/loyalty/orders", o, admin());
        REQUIRE(booked.status == 201);
        CHECK(booked.body["preview"]["offers_applied"][0]["goods"] == 5000);
        CHECK(booked.body["preview"]["offers_applied"][1]["goods"] == 0);
        CHECK(booked.body["earned"] == 2040);
        const json& why = booked.body["preview"]["earn"]["explanation"];
        CHECK(why[1]["kind"] == "offer");
        CHECK(why[1]["label"] == "double");
        CHECK(why[1]["points"] == "102000/107");

        // The gift is used up; the multiplier serves on.
        json second = order("O-2", 100000, {"gift-bookmark"});
        second["lines"].push_back({{"sku", "bookmark"}, {"price", 7000}});
        auto used_up = post(port, "/api/loyalty/orders", second, admin());
        CHECK(used_up.status == 410);
        CHECK(used_up.body["errors"][0]["message"] ==
              "offer gift-bookmark was used up: 1 of 1 uses");
        CHECK(post(port, "/api/loyalty/orders", order("O-3", 10000, {"double"}), admin())
                  .body["earned"] == 200);

        // An offer the customer was not given, one of another customer, a repeat, a bad id.
        REQUIRE(
            give(port, "c-bob", {{"id", "bobs"}, {"kind", "free_shipping"}, {"ends", kWeekLater}})
                .status == 201);
        auto unknown = post(port, "/api/loyalty/orders", order("O-4", 10000, {"bobs"}), admin());
        CHECK(unknown.status == 422);
        CHECK(unknown.body["errors"][0]["message"] == "customer c-alice has no offer bobs");
        CHECK(first_error_path(post(port, "/api/loyalty/orders",
                                    order("O-4", 10000, {"double", "double"}), admin())) ==
              "/offer_ids/1");
        CHECK(
            post(port, "/api/loyalty/orders", order("O-4", 10000, {"no spaces"}), admin()).status ==
            400);
        CHECK(post(port, "/api/loyalty/orders", order("O-4", 10000, "double"), admin()).status ==
              400);
        // An offer that has not started is refused by the core at its start.
        REQUIRE(give(port, "c-alice",
                     {{"id", "later"},
                      {"kind", "free_shipping"},
                      {"starts", "2026-06-05T00:00:00+03:00"},
                      {"ends", kWeekLater}})
                    .status == 201);
        auto early = post(port, "/api/loyalty/orders", order("O-4", 10000, {"later"}), admin());
        CHECK(early.status == 422);
        CHECK(first_error_path(early) == "/offer_ids/0/starts");
        CHECK(listed_offer(port, "c-alice", "later")["status"] == "scheduled");
    }

    TEST_CASE("offers: every bad give is a 400 at its field, and only the shop may give") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        auto at = [&](const json& body) { return first_error_path(give(port, "c-alice", body)); };
        const json base = {
            {"id", "x"}, {"kind", "percent_off"}, {"percent", "10%"}, {"ends", kWeekLater}};
        auto with = [&](const char* k, const json& v) {
            json b = base;
            b[k] = v;
            return b;
        };
        CHECK(at(with("percent", "150%")) == "/percent");
        CHECK(at(with("kind", "cashback")) == "/kind");
        CHECK(at(with("ends", "2026-05-01T00:00:00+03:00")) == "/ends");    // already past
        CHECK(at(with("starts", "2026-06-09T00:00:00+03:00")) == "/ends");  // ends before it starts
        CHECK(at(with("ends", "next week")) == "/ends");
        CHECK(at(with("id", "has space")) == "/id");
        CHECK(at(with("uses", 0)) == "/uses");
        CHECK(at(with("percent", 1e300)) == "/percent");
        CHECK(at(with("colour", "red")) == "/colour");
        CHECK(at({{"id", "g"}, {"kind", "gift"}, {"ends", kWeekLater}}) == "/product_id");
        CHECK(at({{"id", "m"},
                  {"kind", "points_multiplier"},
                  {"multiplier", "0.5"},
                  {"ends", kWeekLater}}) == "/multiplier");
        CHECK(give(port, "c-alice", base, {}).status == 401);
        CHECK(give(port, "c-alice", base, bearer(token_for(port, "c-alice"))).status == 401);
        CHECK(give(port, "bad id!", base).status == 404);
        CHECK(get(port, "/api/loyalty/customers/c-alice/offers").status == 401);
        CHECK(get(port, "/api/loyalty/customers/c-alice/offers", admin()).body["offers"].empty());
        // A customer the server does not know yet is created with the offer.
        CHECK(give(port, "c-new", base).status == 201);
        CHECK(get(port, "/api/loyalty/customers/c-new/offers", admin()).body["offers"].size() == 1);
    }

    TEST_CASE("offers: one use left and 10 concurrent orders: one gets it") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        REQUIRE(give(port, "c-alice",
                     {{"id", "once"},
                      {"kind", "percent_off"},
                      {"percent", "50%"},
                      {"uses", 1},
                      {"ends", kWeekLater}})
                    .status == 201);
        std::atomic<int> booked{0}, refused{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 10; ++i) {
            threads.emplace_back([&, i] {
                auto a = post(port, "/api/loyalty/orders",
                              order("C-" + std::to_string(i), 10000, {"once"}), admin());
                if (a.status == 201)
                    ++booked;
                else if (a.status == 410)
                    ++refused;
            });
        }
        for (auto& t : threads) t.join();
        CHECK(booked == 1);
        CHECK(refused == 9);
        CHECK(
            get(port, "/api/loyalty/customers/c-alice/offers", admin()).body["offers"][0]["uses"] ==
            1);
    }

    TEST_CASE("an offer that ends is gone from the shopper's view and refused at the checkout") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const auto now = loyalty::parse_instant(
            get(port, "/healthz").body["now"].get<std::string>(), loyalty::Zone{});
        REQUIRE(now);
        const std::string soon = loyalty::format_instant(*now + 2, loyalty::Zone{3 * 3600});
        REQUIRE(give(port, "c-alice", {{"id", "flash"}, {"kind", "free_shipping"}, {"ends", soon}})
                    .status == 201);
        const std::string alice = token_for(port, "c-alice");
        CHECK(get(port, "/api/loyalty/me", bearer(alice)).body["offers"].size() == 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(3000));
        CHECK(get(port, "/api/loyalty/me", bearer(alice)).body["offers"].empty());
        auto late = post(port, "/api/loyalty/orders", order("O-1", 10000, {"flash"}), admin());
        CHECK(late.status == 410);
        CHECK(late.body["errors"][0]["message"] == "offer flash ended at " + soon);
        CHECK(get(port, "/api/loyalty/customers/c-alice/offers", admin())
                  .body["offers"][0]["status"] == "ended");
    }
}
