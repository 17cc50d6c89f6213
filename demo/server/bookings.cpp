#include "bookings.h"

#include "audit.h"
#include "booking.h"
#include "claims.h"
#include "contacts.h"
#include "ids.h"
#include "offers.h"
#include "referrals.h"
#include "request_body.h"
#include "webhooks.h"

namespace loyalty::server {
namespace {

constexpr std::string_view kCustomerIdWords = "a customer id: 1-128 of A-Z a-z 0-9 . _ - : @ +";

/** Reads "at" (optional ISO 8601, in the program's zone when it has no offset). */
std::optional<Instant> read_at(App& app, FieldReader& r, Errors& errors) {
    auto text = r.string("at", false, 40);
    if (!text) return std::nullopt;
    auto t = parse_instant(*text, app.program().zone);
    if (!t)
        errors.push_back({"/at", "expected an ISO 8601 instant, e.g. 2026-11-26T15:30:00+03:00",
                          ErrorCode::bad_format});
    return t;
}

/** An optional contact in its stored spelling (contacts.h); "" and null are "not given". */
std::optional<std::string> read_contact(FieldReader& r, Errors& errors, const char* key,
                                        std::optional<std::string> (*normal)(std::string_view),
                                        std::string_view words) {
    const json* v = r.raw(key, false);
    if (!v || v->is_null() || (v->is_string() && v->get_ref<const std::string&>().empty()))
        return std::nullopt;
    std::optional<std::string> out;
    if (v->is_string()) out = normal(v->get_ref<const std::string&>());
    if (!out)
        errors.push_back(
            {"/" + std::string(key), "expected " + std::string(words), ErrorCode::bad_format});
    return out;
}

/** The audit entry of a booked adjustment, bonus or tier floor, written in its booking's
 *  transaction. */
void audit_event(App& app, Booking& b, const json& body, const std::string& type,
                 const std::string& id, const std::string& actor) {
    b.on_booked.push_back([&app, body, type, id, actor, customer = b.customer_id](
                              Connection& conn, json& answer, Instant) -> std::optional<Reply> {
        AdminAction a{actor, customer, type, id, std::nullopt, json::object()};
        if (body.contains("reason") && body["reason"].is_string())
            a.reason = body["reason"].get<std::string>();
        if (body.contains("points")) a.detail["points"] = body["points"];
        if (body.contains("kind")) a.detail["kind"] = body["kind"];
        for (const char* k : {"tier_id", "until"})
            if (body.contains(k)) a.detail[k] = body[k];
        // A bonus's points are the programme's: what the core booked.
        const json& entry = answer.contains("entry") ? answer["entry"] : json();
        if (type == "bonus" && entry.is_object() && entry.contains("points"))
            a.detail["points"] = entry["points"];
        a.detail["at"] = answer.value("at", "");
        record_action(conn, app.clock.now(), a);
        return std::nullopt;
    });
}

}  // namespace

Reply book_order(App& app, const json& body) {
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"customer_id", "customer_name", "customer_email", "customer_phone",
                      "order_id", "at", "lines", "points_redeemed", "discount", "shipping",
                      "shipping_tax", "taxes_included", "referral_code", "reward_codes",
                      "offer_ids"});
    Booking b;
    auto customer_id = r.string("customer_id", true, 128, valid_customer_id, kCustomerIdWords);
    b.customer_name = r.string("customer_name", false, 200);
    b.customer_email = read_contact(r, errors, "customer_email", normal_email, kEmailWords);
    b.customer_phone = read_contact(r, errors, "customer_phone", normal_phone, kPhoneWords);
    auto order_id = r.string("order_id", true, 64, valid_record_id, kRecordIdWords);
    b.at = read_at(app, r, errors);
    r.raw("lines", true);  // its contents are the core's to check
    auto referral_code = r.string("referral_code", false, 64);
    if (!errors.empty()) return error_reply(400, errors);

    b.scope = "order";
    b.key = *order_id;
    b.customer_id = *customer_id;
    b.hash = request_hash(body);
    json cart = {{"order_id", *order_id}, {"lines", body["lines"]}};
    for (const char* k :
         {"points_redeemed", "discount", "shipping", "shipping_tax", "taxes_included"}) {
        if (body.contains(k) && !body[k].is_null()) cart[k] = body[k];
    }
    b.event = cart;
    b.event["type"] = "purchase";
    b.cart = std::move(cart);
    b.answer = {{"order_id", *order_id}};
    b.id_path = "/order_id";
    b.label = "order " + *order_id;
    if (const json* codes = r.raw("reward_codes", false)) {
        if (auto bad = attach_reward_codes(app, b, *codes)) return *bad;
    }
    if (const json* offers = r.raw("offer_ids", false)) {
        if (auto bad = attach_offers(app, b, *offers)) return *bad;
    }
    if (referral_code) attach_referral(app, b, *referral_code);
    Reply reply = book(app, b);
    // After the order is stored, what waited for it: the referrer's half of a referral, and
    // refunds a webhook delivered before their order. A repeat finishes what a crash cut short.
    if (reply.status == 201 || reply.status == 200) {
        if (referral_code) complete_referral(app, b.customer_id);
        book_pending_refunds(app, *order_id);
    }
    return reply;
}

Reply book_refund(App& app, const json& body) {
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"customer_id", "order_id", "amount", "refund_id", "at"});
    Booking b;
    auto customer_id = r.string("customer_id", true, 128, valid_customer_id, kCustomerIdWords);
    auto order_id = r.string("order_id", true, 64, valid_record_id, kRecordIdWords);
    auto refund_id = r.string("refund_id", true, 64, valid_record_id, kRecordIdWords);
    b.at = read_at(app, r, errors);
    r.raw("amount", true);  // the core checks it against what the order paid
    if (!errors.empty()) return error_reply(400, errors);

    b.scope = "refund";
    b.key = *refund_id;
    b.customer_id = *customer_id;
    b.customer_must_exist = true;
    b.hash = request_hash(body);
    b.event = {{"type", "refund"},
               {"order_id", *order_id},
               {"amount", body["amount"]},
               {"id", *refund_id}};
    b.renames = {{"/id", "/refund_id"}};
    b.answer = {{"refund_id", *refund_id}, {"order_id", *order_id}};
    b.id_path = "/refund_id";
    b.label = "refund " + *refund_id;
    b.entry_id = *refund_id;
    return book(app, b);
}

Reply book_event(App& app, std::string_view customer_id, const json& body,
                 const std::string& actor) {
    if (!valid_customer_id(customer_id)) {
        return error_reply(
            404, "",
            "no customer can have the id in this URL; expected " + std::string(kCustomerIdWords));
    }
    Errors errors;
    FieldReader r(body, errors);
    auto type = r.string("type", true, 20);
    if (type) {
        if (*type == "bonus") {
            r.reject_unknown({"type", "id", "at", "kind"});
        } else if (*type == "adjustment") {
            r.reject_unknown({"type", "id", "at", "points", "reason"});
        } else if (*type == "redemption") {
            r.reject_unknown({"type", "id", "at", "points", "reward_id"});
        } else if (*type == "tier") {
            r.reject_unknown({"type", "id", "at", "tier_id", "until", "reason"});
        } else if (*type == "purchase" || *type == "refund") {
            errors.push_back(
                {"/type",
                 "book purchases with POST /api/loyalty/orders and refunds with "
                 "POST /api/loyalty/refunds (they are idempotent by order and refund id)"});
        } else {
            errors.push_back(
                {"/type", "expected \"bonus\", \"adjustment\", \"redemption\" or \"tier\""});
        }
    }
    auto id = r.string("id", true, 64, valid_record_id,
                       "an id: 1-64 of A-Z a-z 0-9 . _ - : / # (the same id is booked once)");
    Booking b;
    b.at = read_at(app, r, errors);
    if (!errors.empty()) return error_reply(400, errors);

    b.scope = "event";
    b.key = std::string(customer_id) + "\n" + *id;
    b.customer_id = std::string(customer_id);
    b.hash = request_hash(body);
    b.event = body;
    b.event.erase("at");
    b.answer = {{"event_id", *id}};
    b.id_path = "/id";
    b.label = "event " + *id + " of customer " + b.customer_id;
    b.entry_id = *id;
    if (*type == "adjustment" || *type == "bonus" || *type == "tier")
        audit_event(app, b, body, *type, *id, actor);
    return book(app, b);
}

}  // namespace loyalty::server
