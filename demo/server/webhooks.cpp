#include "webhooks.h"

#include <algorithm>

#include "bookings.h"
#include "crypto.h"
#include "ledger_store.h"
#include "request_body.h"
#include "webhook_payloads.h"
#include "webhook_store.h"

namespace loyalty::server {
namespace {

using httplib::Request;

/** Who sent a delivery, as the report and the logs name it. */
struct Sender {
    std::string source;    // "generic", "shopify", "insales"
    std::string platform;  // "the generic webhook", "Shopify", "InSales": for sentences
    std::string flag;      // "--shopify-secret"
    std::string env;       // "LOYALTY_SHOPIFY_SECRET"
};

const Sender kGeneric{"generic", "the generic order webhook", "--webhook-secret",
                      "LOYALTY_WEBHOOK_SECRET"};
const Sender kShopify{"shopify", "the Shopify webhook", "--shopify-secret",
                      "LOYALTY_SHOPIFY_SECRET"};
const Sender kInsales{"insales", "the InSales webhook", "--insales-secret",
                      "LOYALTY_INSALES_SECRET"};

/** A refusal: logged, counted for the report, answered. Never a 5xx. */
Reply refuse(App& app, const Request& req, const Sender& s, const std::string& request_id,
             const char* reason, Reply reply) {
    const std::string message = reply.body.contains("errors") && !reply.body["errors"].empty()
                                    ? reply.body["errors"][0].value("message", "")
                                    : "";
    app.logger.warn("webhook refused", {{"source", s.source},
                                        {"reason", reason},
                                        {"status", reply.status},
                                        {"message", message},
                                        {"remote", req.remote_addr},
                                        {"request_id", request_id}});
    app.webhook_refusals.add(reason, {{"at", app.program().iso(app.clock.now())},
                                      {"source", s.source},
                                      {"reason", reason},
                                      {"status", reply.status},
                                      {"message", message},
                                      {"remote", req.remote_addr},
                                      {"request_id", request_id}});
    return reply;
}

/** 403 when the endpoint's secret is not configured, 415 for a body that is not JSON. */
std::optional<Reply> check_endpoint(App& app, const Request& req, const Sender& s,
                                    const std::string& secret, const std::string& request_id) {
    if (secret.empty()) {
        return refuse(app, req, s, request_id, "off",
                      error_reply(403, "",
                                  s.platform + " is off: start the server with " + s.flag + " or " +
                                      s.env + " (docs/integration.md, \"Orders from the shop\")"));
    }
    std::string type = req.get_header_value("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (type.rfind("application/json", 0) != 0) {
        return refuse(
            app, req, s, request_id, "content_type",
            error_reply(
                415, "",
                "send the delivery as JSON with \"Content-Type: application/json\" (got \"" +
                    req.get_header_value("Content-Type").substr(0, 100) + "\")"));
    }
    return std::nullopt;
}

/** The first error of a reply, as one sentence. */
std::string reason_of(const Reply& r) {
    std::string out;
    if (!r.body.contains("errors")) return out;
    for (const auto& e : r.body["errors"]) {
        if (!out.empty()) out += "; ";
        const std::string path = e.value("path", "");
        out += (path.empty() ? "" : path + ": ") + e.value("message", "");
    }
    return out;
}

/** A booking at the platform's time when the ledger allows it, else at the server's clock: a
 *  delivery late or out of order (a customer's second order arriving first) must still book. */
struct Booked {
    Reply reply;
    std::string note;
};
Booked book_at_or_now(App& app, Reply (*fn)(App&, const json&), json body) {
    Reply r = fn(app, body);
    if (body.contains("at") && (r.status == 400 || r.status == 409) && r.body.contains("errors") &&
        !r.body["errors"].empty() && r.body["errors"][0].value("path", "") == "/at") {
        std::string note = "booked at the server's clock, since its own time " +
                           r.body["errors"][0].value("message", "");
        body.erase("at");
        return {fn(app, body), std::move(note)};
    }
    return {std::move(r), ""};
}

json delivery_json(const App& app, const StoredDelivery& d) {
    json out = {{"source", d.source},   {"delivery_id", d.delivery_id},
                {"topic", d.topic},     {"received_at", app.program().iso(d.received_at)},
                {"outcome", d.outcome}, {"detail", d.detail}};
    if (d.order_id) out["order_id"] = *d.order_id;
    if (d.refund_id) out["refund_id"] = *d.refund_id;
    if (d.customer_id) out["customer_id"] = *d.customer_id;
    if (d.booking) out["booking"] = json::parse(*d.booking, nullptr, false);
    if (d.updated_at != d.received_at) out["updated_at"] = app.program().iso(d.updated_at);
    return out;
}

/** What a booking's reply makes of a delivery: its outcome and detail, or the reply to pass on
 *  (a 5xx: the platform retries; a generic sender's own malformed data: 400). */
std::optional<Reply> settle(const Sender& s, const Booked& booked, StoredDelivery& d,
                            json& answer) {
    const Reply& r = booked.reply;
    if (r.status >= 500) return r;
    if (r.status == 400 && s.source == "generic") {
        Reply bad = r;
        for (auto& e : bad.body["errors"]) e["path"] = "/data" + e.value("path", "");
        return bad;
    }
    const std::string note = booked.note.empty() ? "" : " (" + booked.note + ")";
    if (r.status == 201) {
        d.outcome = "booked";
        if (r.body.contains("earned")) {
            answer["earned"] = r.body["earned"];
            d.detail += ": " + r.body["earned"].dump() + " points earned" + note;
        } else if (r.body.contains("entry") && r.body["entry"].is_object()) {
            answer["points"] = r.body["entry"].value("points", json(0));
            d.detail += ": " + answer["points"].dump() + " points" + note;
        }
        answer["at"] = r.body.value("at", "");
    } else if (r.status == 200) {
        d.outcome = "duplicate";
        d.detail += ": booked already (an earlier delivery or the API), nothing new";
    } else {
        d.outcome = "kept";
        d.detail += ": refused (" + std::to_string(r.status) + ") " + reason_of(r) + note;
    }
    return std::nullopt;
}

/** A signed, readable delivery: recorded once, booked when it asks for it and can be. */
Reply accept(App& app, const Sender& s, std::string delivery_id, std::string topic,
             WebhookIntent intent, const std::string& request_id) {
    const Instant now = app.clock.now();
    {
        auto conn = app.pool->acquire();
        if (auto prior = find_delivery(*conn, s.source, delivery_id)) {
            app.logger.info("webhook replay", {{"source", s.source},
                                               {"delivery_id", delivery_id},
                                               {"outcome", prior->outcome},
                                               {"request_id", request_id}});
            json answer = delivery_json(app, *prior);
            answer.erase("booking");
            answer["ok"] = true;
            answer["replay"] = true;
            answer["booked"] = false;
            return Reply{200, std::move(answer), {}};
        }
    }
    StoredDelivery d{
        s.source,         delivery_id,        std::move(topic), now,          "", intent.order_id,
        intent.refund_id, intent.customer_id, intent.detail,    std::nullopt, now};
    json answer = json::object();
    switch (intent.action) {
        case WebhookAction::Ignore:
            d.outcome = "ignored";
            break;
        case WebhookAction::Skip:
            d.outcome = "skipped";
            break;
        case WebhookAction::Keep:
            d.outcome = "kept";
            break;
        case WebhookAction::BookOrder: {
            if (auto passed = settle(s, book_at_or_now(app, book_order, intent.booking), d, answer))
                return *passed;
            break;
        }
        case WebhookAction::BookRefund: {
            // Under the order's lock, which its booking takes too: either the order is booked
            // and the refund books now, or the refund waits and the order's booking finds it.
            const std::string& order_id = *intent.order_id;
            std::string customer;
            {
                const auto gate = app.gate();
                auto conn = app.pool->acquire();
                Transaction tx(*conn, {"order:" + order_id});
                auto order = find_idempotent(*conn, "order", order_id);
                if (!order) {
                    d.outcome = "pending";
                    d.booking = intent.booking.dump();
                    d.detail +=
                        ": order " + order_id + " is not booked yet; the refund books when it is";
                    insert_delivery(*conn, d);
                    tx.commit();
                } else {
                    customer = order->customer_id;
                }
            }
            if (d.outcome == "pending") break;
            d.customer_id = customer;
            json booking = intent.booking;
            if (booking.contains("customer_id") && booking["customer_id"] != customer) {
                d.outcome = "kept";
                d.detail += ": names customer " + booking["customer_id"].get<std::string>() +
                            ", but order " + order_id + " was booked for customer " + customer;
                break;
            }
            booking["customer_id"] = customer;
            if (auto passed = settle(s, book_at_or_now(app, book_refund, booking), d, answer))
                return *passed;
            break;
        }
    }
    if (d.outcome != "pending") {
        const auto gate = app.gate();
        auto conn = app.pool->acquire();
        insert_delivery(*conn, d);  // false: a copy of this delivery recorded it meanwhile
    }
    app.logger.info("webhook", {{"source", s.source},
                                {"topic", d.topic},
                                {"delivery_id", d.delivery_id},
                                {"outcome", d.outcome},
                                {"order_id", d.order_id.value_or("")},
                                {"refund_id", d.refund_id.value_or("")},
                                {"customer_id", d.customer_id.value_or("")},
                                {"detail", d.detail},
                                {"request_id", request_id}});
    answer["ok"] = true;
    answer["replay"] = false;
    answer["booked"] = d.outcome == "booked";
    answer["kept"] = d.outcome == "kept" || d.outcome == "pending";
    answer["outcome"] = d.outcome;
    answer["delivery_id"] = d.delivery_id;
    if (d.order_id) answer["order_id"] = *d.order_id;
    if (d.refund_id) answer["refund_id"] = *d.refund_id;
    if (d.customer_id) answer["customer_id"] = *d.customer_id;
    answer["detail"] = d.detail;
    return Reply{200, std::move(answer), {}};
}

/** The body as one JSON object, or the 400 naming where it went wrong. */
std::optional<Reply> read_body(App& app, const Request& req, const Sender& s,
                               const std::string& body, const std::string& request_id, json& out) {
    auto parsed = parse_object_body(body);
    if (!parsed.ok())
        return refuse(app, req, s, request_id, "malformed", error_reply(400, parsed.errors()));
    out = std::move(parsed.value());
    return std::nullopt;
}

MoneyRules money_rules(const App& app) {
    auto currency = find_currency(app.program().currency);
    return MoneyRules{
        currency.value_or(Currency{"RUB", 2})};  // the core validated the programme's code
}

/** "t=1780300800,v1=5257a8...": the timestamp and every v1 signature (several while a secret
 *  is rotated). */
struct Signature {
    std::optional<int64_t> t;
    std::vector<std::string> v1;
};
Signature parse_signature(const std::string& header) {
    Signature out;
    size_t start = 0;
    while (start <= header.size()) {
        size_t end = header.find(',', start);
        if (end == std::string::npos) end = header.size();
        std::string part = header.substr(start, end - start);
        part.erase(0, part.find_first_not_of(' '));
        if (part.rfind("t=", 0) == 0 && part.size() > 2 && part.size() <= 14 &&
            part.find_first_not_of("0123456789", 2) == std::string::npos) {
            out.t = std::stoll(part.substr(2));
        } else if (part.rfind("v1=", 0) == 0 && out.v1.size() < 8) {
            std::string hex = part.substr(3);
            std::transform(hex.begin(), hex.end(), hex.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
            out.v1.push_back(hex);
        }
        start = end + 1;
    }
    return out;
}

}  // namespace

Reply generic_webhook(App& app, const Request& req, const std::string& body,
                      const std::string& request_id) {
    const Sender& s = kGeneric;
    const std::string& secret = app.config.webhook_secret;
    if (auto no = check_endpoint(app, req, s, secret, request_id)) return *no;
    if (!req.has_header("X-Loyalty-Signature")) {
        return refuse(
            app, req, s, request_id, "signature_missing",
            error_reply(
                401, "",
                "no X-Loyalty-Signature header: sign the body as docs/integration.md shows"));
    }
    const Signature sig = parse_signature(req.get_header_value("X-Loyalty-Signature"));
    if (!sig.t || sig.v1.empty()) {
        return refuse(
            app, req, s, request_id, "signature_bad",
            error_reply(401, "",
                        "X-Loyalty-Signature must read t=<unix seconds>,v1=<64 hex digits>"));
    }
    const std::string expected =
        to_hex(digest_bytes(hmac_sha256(secret, std::to_string(*sig.t) + "." + body)));
    bool good = false;
    for (const auto& v : sig.v1) good = constant_time_equal(expected, v) || good;  // no early exit
    if (!good) {
        return refuse(
            app, req, s, request_id, "signature_bad",
            error_reply(
                401, "",
                "the signature does not match the body: sign \"<t>.<body>\" (the exact bytes "
                "sent) with HMAC-SHA256 under the webhook secret"));
    }
    const Instant now = app.clock.now();
    if (*sig.t < now - kWebhookTolerance || *sig.t > now + kWebhookTolerance) {
        return refuse(app, req, s, request_id, "timestamp_stale",
                      error_reply(401, "",
                                  "the signature's timestamp " + std::to_string(*sig.t) + " is " +
                                      std::to_string(*sig.t < now ? now - *sig.t : *sig.t - now) +
                                      " s from the server's clock (" + std::to_string(now) +
                                      "); at most " + std::to_string(kWebhookTolerance) +
                                      " s are accepted: sign each delivery when it is sent, and "
                                      "check the sender's clock"));
    }
    json envelope;
    if (auto bad = read_body(app, req, s, body, request_id, envelope)) return *bad;
    std::string delivery_id;
    auto intent = map_generic(envelope, money_rules(app), delivery_id);
    if (!intent.ok())
        return refuse(app, req, s, request_id, "malformed", error_reply(400, intent.errors()));
    Reply r = accept(app, s, delivery_id, envelope["type"].get<std::string>(),
                     std::move(intent.value()), request_id);
    if (r.status == 400) return refuse(app, req, s, request_id, "malformed", std::move(r));
    return r;
}

Reply shopify_webhook(App& app, const Request& req, const std::string& body,
                      const std::string& request_id) {
    const Sender& s = kShopify;
    const std::string& secret = app.config.shopify_secret;
    if (auto no = check_endpoint(app, req, s, secret, request_id)) return *no;
    if (!req.has_header("X-Shopify-Hmac-Sha256")) {
        return refuse(app, req, s, request_id, "signature_missing",
                      error_reply(401, "",
                                  "no X-Shopify-Hmac-Sha256 header: only Shopify's signed webhooks "
                                  "are accepted here"));
    }
    const std::string expected = base64(digest_bytes(hmac_sha256(secret, body)));
    if (!constant_time_equal(expected, req.get_header_value("X-Shopify-Hmac-Sha256"))) {
        return refuse(
            app, req, s, request_id, "signature_bad",
            error_reply(401, "",
                        "X-Shopify-Hmac-Sha256 does not match the body: is --shopify-secret the "
                        "signing secret shown under Settings > Notifications > Webhooks?"));
    }
    const std::string topic = req.get_header_value("X-Shopify-Topic");
    if (topic.empty() || topic.size() > 100) {
        return refuse(
            app, req, s, request_id, "malformed",
            error_reply(400, "",
                        "no X-Shopify-Topic header: expected orders/paid or refunds/create",
                        ErrorCode::required));
    }
    json payload;
    if (auto bad = read_body(app, req, s, body, request_id, payload)) return *bad;
    auto intent = map_shopify(topic, payload, money_rules(app));
    if (!intent.ok())
        return refuse(app, req, s, request_id, "malformed", error_reply(400, intent.errors()));
    // Shopify repeats X-Shopify-Webhook-Id on every retry of a delivery; without it, the body's
    // digest tells a retry (the same bytes) apart.
    std::string delivery_id = req.get_header_value("X-Shopify-Webhook-Id").substr(0, 128);
    if (delivery_id.empty()) delivery_id = "sha256:" + to_hex(digest_bytes(sha256(body)));
    return accept(app, s, delivery_id, topic, std::move(intent.value()), request_id);
}

Reply insales_webhook(App& app, const Request& req, const std::string& body,
                      std::string_view secret, const std::string& request_id) {
    const Sender& s = kInsales;
    const std::string& configured = app.config.insales_secret;
    if (auto no = check_endpoint(app, req, s, configured, request_id)) return *no;
    if (!secrets_equal(secret, configured)) {
        return refuse(
            app, req, s, request_id, "secret_bad",
            error_reply(401, "",
                        "the secret in this URL is not the server's --insales-secret: copy the URL "
                        "again as docs/integration.md shows"));
    }
    json payload;
    if (auto bad = read_body(app, req, s, body, request_id, payload)) return *bad;
    auto intent = map_insales(payload, money_rules(app));
    if (!intent.ok())
        return refuse(app, req, s, request_id, "malformed", error_reply(400, intent.errors()));
    // InSales sends no delivery id: the same bytes again are the same delivery, and each change
    // of an order (orders/update) is a delivery of its own.
    const std::string delivery_id = "sha256:" + to_hex(digest_bytes(sha256(body)));
    return accept(app, s, delivery_id, "order", std::move(intent.value()), request_id);
}

Reply webhook_report(App& app, const Request& req) {
    int limit = 50;
    if (req.has_param("limit")) {
        const std::string v = req.get_param_value("limit");
        if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(v) < 1 || std::stoi(v) > 500)
            return error_reply(400, "/limit", "expected a whole number from 1 to 500",
                               ErrorCode::out_of_range);
        limit = std::stoi(v);
    }
    std::optional<std::string> outcome;
    if (req.has_param("outcome")) {
        outcome = req.get_param_value("outcome");
        static const char* kOutcomes[] = {"booked", "duplicate", "pending",
                                          "kept",   "skipped",   "ignored"};
        if (std::find(std::begin(kOutcomes), std::end(kOutcomes), *outcome) == std::end(kOutcomes))
            return error_reply(400, "/outcome",
                               "expected booked, duplicate, pending, kept, skipped or ignored",
                               ErrorCode::not_allowed);
    }
    auto conn = app.pool->acquire();
    json counts = json::object();
    for (const char* o : {"booked", "duplicate", "pending", "kept", "skipped", "ignored"})
        counts[o] = 0;
    for (const auto& [o, n] : count_deliveries(*conn)) counts[o] = n;
    // What needs the owner: refunds waiting for their order, deliveries kept unbooked.
    std::vector<StoredDelivery> attention = list_deliveries(*conn, limit, std::string("pending"));
    for (auto& d : list_deliveries(*conn, limit, std::string("kept")))
        attention.push_back(std::move(d));
    std::sort(attention.begin(), attention.end(),
              [](const StoredDelivery& a, const StoredDelivery& b) {
                  return a.received_at > b.received_at;
              });
    if (attention.size() > size_t(limit)) attention.resize(size_t(limit));
    json attention_json = json::array(), deliveries = json::array();
    for (const auto& d : attention) attention_json.push_back(delivery_json(app, d));
    for (const auto& d : list_deliveries(*conn, limit, outcome))
        deliveries.push_back(delivery_json(app, d));
    json refused = app.webhook_refusals.report();
    refused["since"] = app.program().iso(app.started_at);
    return Reply{200,
                 {{"ok", true},
                  {"now", app.program().iso(app.clock.now())},
                  {"endpoints",
                   {{"generic", !app.config.webhook_secret.empty()},
                    {"shopify", !app.config.shopify_secret.empty()},
                    {"insales", !app.config.insales_secret.empty()}}},
                  {"counts", std::move(counts)},
                  {"attention", std::move(attention_json)},
                  {"deliveries", std::move(deliveries)},
                  {"refused", std::move(refused)}},
                 {}};
}

void book_pending_refunds(App& app, const std::string& order_id) {
    std::vector<StoredDelivery> waiting;
    std::string customer;
    {
        auto conn = app.pool->acquire();
        waiting = pending_for_order(*conn, order_id);
        if (waiting.empty()) return;
        auto order = find_idempotent(*conn, "order", order_id);
        if (!order) return;
        customer = order->customer_id;
    }
    for (const auto& d : waiting) {
        json booking = json::parse(d.booking.value_or("{}"), nullptr, false);
        std::string outcome, detail = d.detail;
        if (!booking.is_object()) {
            outcome = "kept";
            detail += "; its stored request cannot be read";
        } else if (booking.contains("customer_id") && booking["customer_id"] != customer) {
            outcome = "kept";
            detail += "; it names customer " + booking["customer_id"].dump() + ", but order " +
                      order_id + " was booked for customer " + customer;
        } else {
            booking["customer_id"] = customer;
            Booked booked = book_at_or_now(app, book_refund, booking);
            if (booked.reply.status >= 500) {
                app.logger.error("pending refund not booked", {{"order_id", order_id},
                                                               {"delivery_id", d.delivery_id},
                                                               {"status", booked.reply.status}});
                continue;  // stays pending: the order's next delivery or booking tries again
            }
            const std::string note = booked.note.empty() ? "" : " (" + booked.note + ")";
            if (booked.reply.status == 201) {
                outcome = "booked";
                detail += "; booked once the order came: " +
                          booked.reply.body["entry"].value("points", json(0)).dump() + " points" +
                          note;
            } else if (booked.reply.status == 200) {
                outcome = "duplicate";
                detail += "; booked already (an earlier delivery or the API), nothing new";
            } else {
                outcome = "kept";
                detail += "; refused once the order came (" + std::to_string(booked.reply.status) +
                          ") " + reason_of(booked.reply) + note;
            }
        }
        const Instant now = app.clock.now();
        {
            const auto gate = app.gate();
            auto conn = app.pool->acquire();
            Transaction tx(*conn, {"order:" + order_id});
            settle_delivery(*conn, d, outcome, customer, detail, now);
            tx.commit();
        }
        app.logger.info("webhook", {{"source", d.source},
                                    {"topic", d.topic},
                                    {"delivery_id", d.delivery_id},
                                    {"outcome", outcome},
                                    {"order_id", order_id},
                                    {"refund_id", d.refund_id.value_or("")},
                                    {"customer_id", customer},
                                    {"detail", detail}});
    }
}

std::string loggable_path(const std::string& path) {
    if (path.rfind(kInsalesPrefix, 0) == 0) return std::string(kInsalesPrefix) + "***";
    return path;
}

}  // namespace loyalty::server
