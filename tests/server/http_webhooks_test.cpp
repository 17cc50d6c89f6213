// Order webhooks against the real server (docs/server.md, "Order webhooks"): the generic signed
// webhook, Shopify's orders/paid and refunds/create, and InSales' orders, each on a payload shaped
// like the platform's own (data/webhooks/). For each: a good delivery books once with exact
// points, a replay books nothing, unsigned, badly signed, stale and non-JSON calls are refused
// and logged, a refund that comes before its order is kept and booked when the order comes, a
// customer is created on their first order, another currency is kept. Both stores.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "crypto.h"
#include "http_helpers.h"

using namespace loyalty::test;
using loyalty::server::base64;
using loyalty::server::digest_bytes;
using loyalty::server::hmac_sha256;
using loyalty::server::to_hex;

namespace {

constexpr const char* kHookSecret = "generic-webhook-secret-for-tests";
constexpr const char* kShopifySecret = "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";
constexpr const char* kInsalesSecret = "insales-url-secret-0123456789";

std::vector<std::string> webhook_flags() {
    return {"--webhook-secret", kHookSecret,        "--shopify-secret",
            kShopifySecret,     "--insales-secret", kInsalesSecret};
}

/** The server's clock now, in unix seconds (it started at kClock and runs in real time). */
int64_t server_now(int port) {
    return *loyalty::parse_instant(get(port, "/healthz").body["now"].get<std::string>(),
                                   loyalty::Zone{});
}

std::string generic_signature(const std::string& secret, int64_t t, const std::string& body) {
    return "t=" + std::to_string(t) +
           ",v1=" + to_hex(digest_bytes(hmac_sha256(secret, std::to_string(t) + "." + body)));
}

Answer post_generic(int port, const std::string& body, const std::string& signature,
                    const std::string& type = "application/json") {
    return post_text(port, "/api/webhooks/generic", body, type,
                     {{"X-Loyalty-Signature", signature}});
}

/** A generic delivery signed now. */
Answer deliver_generic(int port, const json& envelope) {
    const std::string body = envelope.dump();
    return post_generic(port, body, generic_signature(kHookSecret, server_now(port), body));
}

json generic_order(const std::string& delivery, const std::string& order_id,
                   const std::string& customer = "g-olga") {
    return {{"id", delivery},
            {"type", "order.paid"},
            {"data",
             {{"customer_id", customer},
              {"order_id", order_id},
              {"lines",
               {{{"sku", "novel"}, {"category", "books"}, {"price", 123450}, {"quantity", 1}}}},
              {"shipping", 30000}}}};
}

json generic_refund(const std::string& delivery, const std::string& order_id,
                    const std::string& refund_id, int64_t amount,
                    const std::string& customer = "g-olga") {
    return {{"id", delivery},
            {"type", "order.refunded"},
            {"data",
             {{"customer_id", customer},
              {"order_id", order_id},
              {"refund_id", refund_id},
              {"amount", amount}}}};
}

httplib::Headers shopify_headers(const std::string& body, const std::string& topic,
                                 const std::string& webhook_id,
                                 const std::string& secret = kShopifySecret) {
    return {{"X-Shopify-Hmac-Sha256", base64(digest_bytes(hmac_sha256(secret, body)))},
            {"X-Shopify-Topic", topic},
            {"X-Shopify-Webhook-Id", webhook_id},
            {"X-Shopify-Shop-Domain", "lavka-books.myshopify.com"},
            {"X-Shopify-API-Version", "2024-07"},
            {"X-Shopify-Triggered-At", "2026-06-01T07:15:43.123Z"}};
}

Answer deliver_shopify(int port, const std::string& body, const std::string& topic,
                       const std::string& webhook_id) {
    return post_text(port, "/api/webhooks/shopify", body, "application/json",
                     shopify_headers(body, topic, webhook_id));
}

Answer deliver_insales(int port, const std::string& body,
                       const std::string& secret = kInsalesSecret) {
    return post_text(port, "/api/webhooks/insales/" + secret, body, "application/json");
}

json fixture(const std::string& name) {
    return json::parse(read_file(data_path("webhooks/" + name)));
}

int64_t balance_of(int port, const std::string& customer) {
    return get(port, "/api/loyalty/customers/" + customer, admin())
        .body["status"]["balance"]
        .get<int64_t>();
}

bool customer_exists(int port, const std::string& customer) {
    auto a = get(port, "/api/loyalty/customers/" + customer, admin());
    return a.status == 200 && !a.body["customer"]["events"].empty();
}

json report(int port, const std::string& query = "") {
    return get(port, "/api/admin/webhooks" + query, admin()).body;
}

/** The recorded delivery with this id in the report's latest deliveries. */
json delivery(int port, const std::string& delivery_id) {
    const json r = report(port);  // kept whole: a loop over a temporary's member would dangle
    for (const auto& d : r["deliveries"])
        if (d["delivery_id"] == delivery_id) return d;
    return nullptr;
}

/** True once the log holds exactly `n` lines that `match`. Lines reach the test through a pipe a
 *  moment after the answer: this waits up to 2 s for them (at once false when there are more). */
bool logged(const ServerProcess& server, int n, const std::function<bool(const json&)>& match) {
    for (int i = 0; i < 200; ++i) {
        int seen = 0;
        for (const auto& r : server.records()) seen += match(r) ? 1 : 0;
        if (seen >= n) return seen == n;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

/** True once exactly `n` "webhook refused" log lines name `reason` (see logged). */
bool refusals_logged(const ServerProcess& server, const std::string& reason, int n) {
    return logged(server, n, [&](const json& r) {
        return r.value("msg", "") == "webhook refused" && r.value("reason", "") == reason;
    });
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE(
        "generic webhook: a signed order books once with exact points and creates its customer; a "
        "replay books nothing") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        CHECK_FALSE(customer_exists(port, "g-olga"));

        const std::string body = generic_order("evt-1", "G-1001").dump();
        const std::string signature = generic_signature(kHookSecret, server_now(port), body);
        auto first = post_generic(port, body, signature);
        REQUIRE(first.status == 200);
        CHECK(first.body["outcome"] == "booked");
        CHECK(first.body["booked"] == true);
        CHECK(first.body["kept"] == false);
        CHECK(first.body["earned"] ==
              1234);  // 1 point per 1.00 of 1,234.50 paid, floored; shipping earns none
        CHECK(first.body["customer_id"] == "g-olga");
        CHECK(customer_exists(port, "g-olga"));
        CHECK(balance_of(port, "g-olga") == 1234);

        // The same bytes again (a retry, or a replay by someone who caught them): nothing new.
        auto replay = post_generic(port, body, signature);
        REQUIRE(replay.status == 200);
        CHECK(replay.body["replay"] == true);
        CHECK(replay.body["booked"] == false);
        CHECK(replay.body["outcome"] == "booked");  // what became of the delivery the first time
        // Signed again later, still the same delivery id: nothing new.
        CHECK(deliver_generic(port, generic_order("evt-1", "G-1001")).body["replay"] == true);
        // Another delivery of the same order (a sender that lost track): the order books once.
        auto again = deliver_generic(port, generic_order("evt-2", "G-1001"));
        REQUIRE(again.status == 200);
        CHECK(again.body["outcome"] == "duplicate");
        CHECK(again.body["booked"] == false);
        CHECK(balance_of(port, "g-olga") == 1234);

        const json r = report(port);
        CHECK(r["counts"]["booked"] == 1);
        CHECK(r["counts"]["duplicate"] == 1);
        CHECK(r["endpoints"] == json{{"generic", true}, {"shopify", true}, {"insales", true}});
        CHECK(delivery(port, "evt-1")["order_id"] == "G-1001");
    }

    TEST_CASE(
        "generic webhook: bad, missing and stale signatures, other media types and malformed "
        "bodies are refused, logged and book nothing") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        const std::string body = generic_order("evt-9", "G-9").dump();
        const int64_t now = server_now(port);

        auto forged = post_generic(port, body,
                                   generic_signature("another-secret-of-enough-bytes", now, body));
        CHECK(forged.status == 401);
        CHECK(forged.body["errors"][0]["message"].get<std::string>().find("does not match") !=
              std::string::npos);
        // One byte changed after signing.
        std::string tampered = body;
        tampered.replace(tampered.find("123450"), 6, "923450");
        CHECK(post_generic(port, tampered, generic_signature(kHookSecret, now, body)).status ==
              401);
        CHECK(post_text(port, "/api/webhooks/generic", body, "application/json").status ==
              401);  // unsigned
        CHECK(post_generic(port, body,
                           "sha256=" + to_hex(digest_bytes(hmac_sha256(kHookSecret, body))))
                  .status == 401);

        auto stale = post_generic(port, body, generic_signature(kHookSecret, now - 600, body));
        CHECK(stale.status == 401);
        CHECK(stale.body["errors"][0]["message"].get<std::string>().find(
                  "from the server's clock") != std::string::npos);
        CHECK(post_generic(port, body, generic_signature(kHookSecret, now + 600, body)).status ==
              401);

        auto form = post_generic(port, body, generic_signature(kHookSecret, now, body),
                                 "application/x-www-form-urlencoded");
        CHECK(form.status == 415);

        // Signed, but not what the endpoint reads: 400 naming the field.
        json no_lines = generic_order("evt-10", "G-10");
        no_lines["data"].erase("lines");
        auto missing = deliver_generic(port, no_lines);
        CHECK(missing.status == 400);
        CHECK(first_error_path(missing) == "/data/lines");
        json unknown = generic_order("evt-11", "G-11");
        unknown["tip"] = 5;
        CHECK(first_error_path(deliver_generic(port, unknown)) == "/tip");
        const std::string not_json = "{\"id\": ";
        CHECK(post_generic(port, not_json, generic_signature(kHookSecret, now, not_json)).status ==
              400);

        CHECK_FALSE(customer_exists(port, "g-olga"));
        const json r = report(port);
        CHECK(r["deliveries"].empty());  // refusals are not deliveries
        CHECK(r["refused"]["counts"]["signature_bad"] == 3);
        CHECK(r["refused"]["counts"]["signature_missing"] == 1);
        CHECK(r["refused"]["counts"]["timestamp_stale"] == 2);
        CHECK(r["refused"]["counts"]["content_type"] == 1);
        CHECK(r["refused"]["counts"]["malformed"] == 3);
        CHECK(r["refused"]["recent"][0]["source"] == "generic");
        CHECK(refusals_logged(*server, "signature_bad", 3));
        CHECK(refusals_logged(*server, "timestamp_stale", 2));
        CHECK(refusals_logged(*server, "content_type", 1));
    }

    TEST_CASE(
        "generic webhook: an unknown type is ignored, another currency is kept, both answered 200 "
        "and reported") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        auto ignored = deliver_generic(
            port, {{"id", "evt-c1"}, {"type", "customer.updated"}, {"data", {{"id", 5}}}});
        REQUIRE(ignored.status == 200);
        CHECK(ignored.body["outcome"] == "ignored");

        json dollars = generic_order("evt-usd", "G-USD");
        dollars["currency"] = "USD";
        auto kept = deliver_generic(port, dollars);
        REQUIRE(kept.status == 200);
        CHECK(kept.body["kept"] == true);
        CHECK(kept.body["outcome"] == "kept");
        CHECK(kept.body["detail"].get<std::string>().find("USD") != std::string::npos);
        CHECK_FALSE(customer_exists(port, "g-olga"));
        // The same order in the programme's currency books.
        json rubles = generic_order("evt-rub", "G-RUB");
        rubles["currency"] = "RUB";
        CHECK(deliver_generic(port, rubles).body["earned"] == 1234);

        const json r = report(port);
        CHECK(r["counts"]["kept"] == 1);
        CHECK(r["counts"]["ignored"] == 1);
        REQUIRE(r["attention"].size() == 1);
        CHECK(r["attention"][0]["delivery_id"] == "evt-usd");
        CHECK(report(port, "?outcome=ignored")["deliveries"].size() == 1);
        CHECK(get(port, "/api/admin/webhooks?outcome=lost", admin()).status == 400);
        CHECK(get(port, "/api/admin/webhooks").status == 401);
    }

    TEST_CASE(
        "generic webhook: a refund before its order is kept, then booked when the order comes") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        auto early = deliver_generic(port, generic_refund("evt-r1", "G-2001", "GR-1", 61725));
        REQUIRE(early.status == 200);
        CHECK(early.body["kept"] == true);
        CHECK(early.body["outcome"] == "pending");
        CHECK_FALSE(customer_exists(port, "g-olga"));
        json r = report(port);
        CHECK(r["counts"]["pending"] == 1);
        REQUIRE(r["attention"].size() == 1);
        CHECK(r["attention"][0]["order_id"] == "G-2001");
        CHECK(r["attention"][0]["booking"]["refund_id"] == "GR-1");
        CHECK(deliver_generic(port, generic_refund("evt-r1", "G-2001", "GR-1", 61725))
                  .body["replay"] == true);

        auto order = deliver_generic(port, generic_order("evt-o1", "G-2001"));
        REQUIRE(order.status == 200);
        CHECK(order.body["earned"] == 1234);
        // Half the order refunded: half its points back, floored as the programme says (617).
        CHECK(balance_of(port, "g-olga") == 1234 - 617);
        const json settled = delivery(port, "evt-r1");
        CHECK(settled["outcome"] == "booked");
        CHECK(settled["customer_id"] == "g-olga");
        CHECK(settled.count("booking") == 0);
        r = report(port);
        CHECK(r["counts"]["pending"] == 0);
        CHECK(r["attention"].empty());
        // The refund's delivery once more, and the refund itself by another delivery: nothing new.
        CHECK(deliver_generic(port, generic_refund("evt-r1", "G-2001", "GR-1", 61725))
                  .body["booked"] == false);
        CHECK(deliver_generic(port, generic_refund("evt-r2", "G-2001", "GR-1", 61725))
                  .body["outcome"] == "duplicate");
        CHECK(balance_of(port, "g-olga") == 617);

        // A refund naming another customer than its order's is kept, not booked on the wrong
        // ledger.
        auto wrong =
            deliver_generic(port, generic_refund("evt-r3", "G-2001", "GR-2", 100, "g-somebody"));
        CHECK(wrong.body["outcome"] == "kept");
        CHECK(balance_of(port, "g-olga") == 617);
    }

    TEST_CASE(
        "shopify webhook: orders/paid books once from Shopify's payload under the Shopify customer "
        "id; a replay books nothing") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        const std::string body = read_file(data_path("webhooks/shopify-orders-paid.json"));
        const std::string customer = "7390623924472";
        CHECK_FALSE(customer_exists(port, customer));

        auto paid =
            deliver_shopify(port, body, "orders/paid", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        REQUIRE(paid.status == 200);
        CHECK(paid.body["outcome"] == "booked");
        CHECK(paid.body["order_id"] == "5612345678901");
        CHECK(paid.body["customer_id"] == customer);
        // 1,290.00 + 2 x 450.00 of goods, 129.00 off, the 1,000.00 gift card excluded (category
        // gift-cards), shipping never earns: the core spreads the discount over the lines, so the
        // goods paid 2,190.00 - 129.00 x 2,190 / 3,190 = 2,101.44: 2,101 points.
        CHECK(paid.body["earned"] == 2101);
        CHECK(paid.body["at"] == "2026-06-01T10:15:42+03:00");  // Shopify's processed_at
        auto customer_doc =
            get(port, "/api/loyalty/customers/" + customer, admin()).body["customer"];
        CHECK(customer_doc["name"] == "Анна Смирнова");
        CHECK(balance_of(port, customer) == 2101);

        auto retry =
            deliver_shopify(port, body, "orders/paid", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        REQUIRE(retry.status == 200);
        CHECK(retry.body["replay"] == true);
        CHECK(balance_of(port, customer) == 2101);

        // The refund after its order: the bookmark returned, 450.00 of the 3,190.00 subtotal.
        const std::string refund = read_file(data_path("webhooks/shopify-refunds-create.json"));
        auto refunded =
            deliver_shopify(port, refund, "refunds/create", "6f1e3a2b-0c4d-4e5f-9a8b-7c6d5e4f3a2b");
        REQUIRE(refunded.status == 200);
        CHECK(refunded.body["outcome"] == "booked");
        CHECK(refunded.body["refund_id"] == "929361465");
        CHECK(refunded.body["points"] == -296);  // floor(2,101 x 450 / 3,190) = 296 taken back
        CHECK(balance_of(port, customer) == 2101 - 296);
        CHECK(
            deliver_shopify(port, refund, "refunds/create", "6f1e3a2b-0c4d-4e5f-9a8b-7c6d5e4f3a2b")
                .body["replay"] == true);
        CHECK(balance_of(port, customer) == 1805);
    }

    TEST_CASE(
        "shopify webhook: tax on top of the prices (taxes_included false) is booked with each "
        "line's and the shipping's tax, and earns under the default earn.tax") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        json order = fixture("shopify-orders-paid.json");
        order["taxes_included"] = false;
        order["line_items"][0]["tax_lines"] = {
            {{"price", "103.20"}, {"rate", 0.08}, {"title", "Sales tax"}},
            {{"price", "0.01"}, {"rate", 0.0}, {"title", "City"}}};
        order["shipping_lines"][0]["tax_lines"] = {{{"price", "28.00"}, {"rate", 0.08}}};
        auto paid = deliver_shopify(port, order.dump(), "orders/paid", "tax-on-top-1");
        REQUIRE(paid.status == 200);
        CHECK(paid.body["outcome"] == "booked");
        // As in the test above, plus the first line's 103.21 of tax on top of its 1,290.00: the
        // goods earn on (2,190.00 + 103.21) x 3,061 / 3,190 = 2,200.48, 2,200 points.
        CHECK(paid.body["earned"] == 2200);
        auto doc = get(port, "/api/loyalty/customers/7390623924472", admin()).body["customer"];
        const json& event = doc["events"][0];
        CHECK(event["taxes_included"] == false);
        CHECK(event["lines"][0]["tax"] == 10321);
        CHECK_FALSE(event["lines"][1].contains("tax"));
        CHECK(event["shipping_tax"] == 2800);
    }

    TEST_CASE(
        "shopify webhook: a bad or missing HMAC and another media type are refused; other topics "
        "are ignored; another currency and no customer book nothing") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        const std::string body = read_file(data_path("webhooks/shopify-orders-paid.json"));

        auto forged = post_text(
            port, "/api/webhooks/shopify", body, "application/json",
            shopify_headers(body, "orders/paid", "w-1", "shpss_not-the-shops-secret-at-all"));
        CHECK(forged.status == 401);
        auto headers = shopify_headers(body, "orders/paid", "w-2");
        headers.erase("X-Shopify-Hmac-Sha256");
        CHECK(post_text(port, "/api/webhooks/shopify", body, "application/json", headers).status ==
              401);
        // Signed over other bytes than those sent (a proxy that re-serialised the JSON).
        CHECK(post_text(port, "/api/webhooks/shopify", json::parse(body).dump(), "application/json",
                        shopify_headers(body, "orders/paid", "w-3"))
                  .status == 401);
        CHECK(post_text(port, "/api/webhooks/shopify", body, "text/plain",
                        shopify_headers(body, "orders/paid", "w-4"))
                  .status == 415);
        CHECK(refusals_logged(*server, "signature_bad", 2));
        CHECK(refusals_logged(*server, "signature_missing", 1));
        CHECK(refusals_logged(*server, "content_type", 1));

        auto other_topic = deliver_shopify(port, body, "orders/create", "w-5");
        REQUIRE(other_topic.status == 200);
        CHECK(other_topic.body["outcome"] == "ignored");
        CHECK(logged(*server, 1, [](const json& r) {
            return r.value("msg", "") == "webhook" && r.value("outcome", "") == "ignored" &&
                   r.value("topic", "") == "orders/create";
        }));

        json dollars = json::parse(body);
        dollars["id"] = 5612345678902;
        dollars["currency"] = "USD";
        auto kept = deliver_shopify(port, dollars.dump(), "orders/paid", "w-6");
        REQUIRE(kept.status == 200);
        CHECK(kept.body["kept"] == true);
        CHECK(kept.body["order_id"] == "5612345678902");

        json guest = json::parse(body);
        guest["id"] = 5612345678903;
        guest["customer"] = nullptr;
        guest["email"] = nullptr;
        guest["contact_email"] = nullptr;
        auto skipped = deliver_shopify(port, guest.dump(), "orders/paid", "w-7");
        REQUIRE(skipped.status == 200);
        CHECK(skipped.body["outcome"] == "skipped");

        // Without the customer's id, the e-mail is the customer id.
        json by_email = json::parse(body);
        by_email["id"] = 5612345678904;
        by_email["customer"] = nullptr;
        by_email["email"] = "Boris@Example.ru";
        CHECK(deliver_shopify(port, by_email.dump(), "orders/paid", "w-8").body["customer_id"] ==
              "boris@example.ru");

        json bad_price = json::parse(body);
        bad_price["id"] = 5612345678905;
        bad_price["line_items"][1]["price"] = "450.005";
        auto refused = deliver_shopify(port, bad_price.dump(), "orders/paid", "w-9");
        CHECK(refused.status == 400);
        CHECK(first_error_path(refused) == "/line_items/1/price");

        CHECK_FALSE(customer_exists(port, "7390623924472"));
        const json r = report(port);
        CHECK(r["counts"]["ignored"] == 1);
        CHECK(r["counts"]["kept"] == 1);
        CHECK(r["counts"]["skipped"] == 1);
        CHECK(r["counts"]["booked"] == 1);
    }

    TEST_CASE(
        "shopify webhook: refunds/create before orders/paid is kept, then booked when the order "
        "comes, to the same points") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        const std::string refund = read_file(data_path("webhooks/shopify-refunds-create.json"));
        auto early = deliver_shopify(port, refund, "refunds/create", "r-1");
        REQUIRE(early.status == 200);
        CHECK(early.body["outcome"] == "pending");
        CHECK(early.body["kept"] == true);
        CHECK(report(port)["attention"][0]["refund_id"] == "929361465");

        auto paid = deliver_shopify(port, read_file(data_path("webhooks/shopify-orders-paid.json")),
                                    "orders/paid", "o-1");
        REQUIRE(paid.status == 200);
        CHECK(paid.body["earned"] == 2101);
        CHECK(balance_of(port, "7390623924472") == 1805);  // as when they come in order
        const json settled = delivery(port, "r-1");
        CHECK(settled["outcome"] == "booked");
        CHECK(settled["customer_id"] == "7390623924472");
        CHECK(report(port)["counts"]["pending"] == 0);
    }

    TEST_CASE(
        "insales webhook: a paid order books once; an unpaid one is skipped; the URL's secret is "
        "checked and never logged") {
        TempDir dir;
        auto server = start_server(dir, webhook_flags());
        const int port = server->port();
        json order = fixture("insales-order.json");
        const std::string customer = "55501234";

        json unpaid = order;
        unpaid["financial_status"] = "pending";
        auto waiting = deliver_insales(port, unpaid.dump());
        REQUIRE(waiting.status == 200);
        CHECK(waiting.body["outcome"] == "skipped");
        CHECK_FALSE(customer_exists(port, customer));

        const std::string body = order.dump();
        auto paid = deliver_insales(port, body);
        REQUIRE(paid.status == 200);
        CHECK(paid.body["outcome"] == "booked");
        CHECK(paid.body["order_id"] == "123456789");
        CHECK(paid.body["customer_id"] == customer);
        CHECK(paid.body["earned"] == 3843);  // 2 x 801.00 + 2,241.00 paid after the 10% discount
        CHECK(get(port, "/api/loyalty/customers/" + customer, admin()).body["customer"]["name"] ==
              "Иван Петров");
        CHECK(balance_of(port, customer) == 3843);

        CHECK(deliver_insales(port, body).body["replay"] == true);
        // A later update of the paid order (shipped): the same booking, nothing new.
        json shipped = order;
        shipped["fulfillment_status"] = "delivered";
        auto update = deliver_insales(port, shipped.dump());
        CHECK(update.body["outcome"] == "duplicate");
        CHECK(balance_of(port, customer) == 3843);

        json dollars = order;
        dollars["id"] = 123456790;
        dollars["currency_code"] = "USD";
        CHECK(deliver_insales(port, dollars.dump()).body["outcome"] == "kept");
        auto product = deliver_insales(
            port,
            json{{"id", 210000001}, {"title", "Шу Пуэр"}, {"variants", json::array()}}.dump());
        CHECK(product.body["outcome"] == "ignored");

        CHECK(deliver_insales(port, body, "not-the-insales-secret-0000").status == 401);
        CHECK(post_text(port, std::string("/api/webhooks/insales/") + kInsalesSecret, body,
                        "application/xml")
                  .status == 415);
        CHECK(get(port, std::string("/api/webhooks/insales/") + kInsalesSecret).status == 405);
        CHECK(refusals_logged(*server, "secret_bad", 1));
        CHECK(refusals_logged(*server, "content_type", 1));
        CHECK(server->output().find(kInsalesSecret) == std::string::npos);
        CHECK(balance_of(port, customer) == 3843);
    }

    TEST_CASE(
        "webhook endpoints whose secret is not configured answer 403 saying how to turn them on") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const std::string body = generic_order("evt-1", "G-1").dump();
        auto generic =
            post_generic(port, body, generic_signature(kHookSecret, server_now(port), body));
        CHECK(generic.status == 403);
        CHECK(generic.body["errors"][0]["message"].get<std::string>().find(
                  "LOYALTY_WEBHOOK_SECRET") != std::string::npos);
        auto shopify = deliver_shopify(port, body, "orders/paid", "w-1");
        CHECK(shopify.status == 403);
        CHECK(shopify.body["errors"][0]["message"].get<std::string>().find("--shopify-secret") !=
              std::string::npos);
        auto insales = deliver_insales(port, body);
        CHECK(insales.status == 403);
        CHECK(insales.body["errors"][0]["message"].get<std::string>().find(
                  "LOYALTY_INSALES_SECRET") != std::string::npos);
        CHECK(report(port)["endpoints"] ==
              json{{"generic", false}, {"shopify", false}, {"insales", false}});
        CHECK(post_text(port, "/api/webhooks/woocommerce", body, "application/json").status == 404);
    }
}
