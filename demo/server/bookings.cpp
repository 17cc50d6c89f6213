#include "bookings.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core_calls.h"
#include "crypto.h"
#include "ids.h"
#include "ledger_store.h"
#include "request_body.h"

namespace loyalty::server {
namespace {

constexpr std::string_view kCustomerIdWords = "a customer id: 1-128 of A-Z a-z 0-9 . _ - : @ +";
constexpr std::string_view kRecordIdWords = "an id: 1-64 of A-Z a-z 0-9 . _ - : / #";

/** One event to book and how to answer about it. */
struct Booking {
    std::string scope;  // idempotency scope: "order", "refund", "event"
    std::string key;    // idempotency key within the scope
    std::string customer_id;
    std::optional<std::string> customer_name;
    bool customer_must_exist = false;
    std::optional<Instant> at;  // requested instant; default: now
    json event;                 // the core's event document, without "at"
    std::string hash;           // of the canonical request
    /** Orders: the cart the core previews (caps, overdraws) before the event is stored. */
    std::optional<json> cart;
    /** How paths inside the new event map back to the request ("/id" -> "/refund_id"). */
    std::map<std::string, std::string> renames;
    json answer;           // fields of the reply beside the core's documents
    std::string id_path;   // the request field holding the id: "/order_id", "/refund_id", "/id"
    std::string label;     // "order A-1", for messages
    std::string entry_id;  // the id the core's history gives the new event
};

std::string request_hash(const json& body) {
    return to_hex(digest_bytes(sha256(body.dump(-1, ' ', false, json::error_handler_t::replace))));
}

/** Maps a core error path under `prefix` (the new event, or the previewed cart) back to the
 *  request's own fields; other paths (earlier, stored events) are left as the core gave them. */
Errors map_paths(Errors errors, const std::string& prefix,
                 const std::map<std::string, std::string>& renames) {
    for (auto& e : errors) {
        if (e.path == prefix) {
            e.path = "";
        } else if (e.path.rfind(prefix + "/", 0) == 0) {
            std::string rest = e.path.substr(prefix.size());
            for (const auto& [from, to] : renames) {
                if (rest == from || rest.rfind(from + "/", 0) == 0) {
                    rest = to + rest.substr(from.size());
                    break;
                }
            }
            e.path = rest;
        }
    }
    return errors;
}

/** The newest history entry of the status that is the booked event. */
json find_entry(const json& status, std::string_view type, std::string_view id) {
    if (!status.contains("history")) return nullptr;
    for (const auto& h : status["history"]) {
        if (h.value("type", "") == type && h.value("id", "") == id) return h;
    }
    return nullptr;
}

/** The customer's ledger state under the running programme; when missing (a customer from before
 *  schema 2, sample data) or made under another programme, rebuilt from every event and stored
 *  in the booking's transaction; `rebuild` forces that. Empty when the core refuses the events. */
std::optional<StoredState> current_state(App& app, Connection& conn, const StoredCustomer& customer,
                                         bool rebuild) {
    if (!rebuild) {
        if (auto stored = load_state(conn, customer.id, app.program.etag)) return stored;
    }
    StoredCustomer full = load_customer(conn, customer.id);
    const Instant now = std::max(app.clock.now(), full.last_at.value_or(std::numeric_limits<Instant>::min()));
    json status = core_status(app.program, full.document(), now, 0, true);
    if (!core_ok(status)) return std::nullopt;
    StoredState out{std::move(status["state"]), full.last_at};
    if (full.exists) save_state(conn, customer.id, app.program.etag, full.last_at, out.state);
    out.state.erase("orders");
    return out;
}

/** True when the core refused the stored state or an order record, not the request. */
bool refuses_state(const json& response) {
    for (const auto& e : core_errors(response)) {
        if (e.path.rfind("/customer/state", 0) == 0) return true;
    }
    return false;
}

Reply book(App& app, Booking& b) {
    const auto gate = app.gate();
    auto conn = app.pool->acquire();
    // One customer's bookings never interleave, nor two bookings of one id (for two customers).
    Transaction transaction(*conn, {"customer:" + b.customer_id, b.scope + ":" + b.key});

    if (auto prior = find_idempotent(*conn, b.scope, b.key)) {
        if (prior->request_hash == b.hash) {
            json again = json::parse(prior->response);
            again["booked"] = false;
            again["duplicate"] = true;
            return Reply{200, std::move(again), {}};
        }
        return error_reply(409, b.id_path,
                           b.label + " was already booked" +
                               (prior->request_hash == "seed" ? " (sample data)" : "") +
                               (prior->customer_id != b.customer_id ? " for another customer"
                                                                    : " with a different request") +
                               "; an id books one thing once");
    }

    StoredCustomer customer = load_customer_head(*conn, b.customer_id);
    if (b.customer_must_exist && !customer.exists) {
        return error_reply(404, "/customer_id", "no customer " + b.customer_id + " is stored");
    }
    // The ledger state: the booking costs the same for a customer with 10 events and with 10,000.
    // A stored state (or order record) the core refuses is derived data gone wrong, never the
    // caller's fault: it is rebuilt from the events once and the booking tried again.
    Instant now = 0, at = 0;
    json answer, event, status, next_state;
    for (int attempt = 0;; ++attempt) {
        auto stored = current_state(app, *conn, customer, attempt > 0);
        if (!stored) {
            return error_reply(500, "", "the stored ledger of customer " + b.customer_id + " is refused by the core");
        }
        // The clock may stand before the last event (a --clock demo restarted without it): the
        // ledger's own time then wins, so the ledger stays in order.
        now = std::max(app.clock.now(), stored->last_at.value_or(std::numeric_limits<Instant>::min()));
        at = b.at.value_or(now);
        if (at > now) {
            return error_reply(400, "/at",
                               "is " + app.program.iso(at) + ", after the server's clock (" +
                                   app.program.iso(now) + "); nothing is booked in the future");
        }
        if (stored->last_at && at < *stored->last_at) {
            return error_reply(409, "/at",
                               "is " + app.program.iso(at) + ", before the customer's last event (" +
                                   app.program.iso(*stored->last_at) +
                                   "); events are booked in time order");
        }

        // The state carries the one order record this event can name (a refund's order).
        json state = std::move(stored->state);
        state["orders"] = json::object();
        const std::string named_order = b.event.value("order_id", "");
        if (!named_order.empty()) {
            if (auto record = load_order_record(*conn, b.customer_id, named_order, app.program.etag))
                state["orders"][named_order] = std::move(*record);
        }
        json doc = {{"id", b.customer_id}, {"state", std::move(state)}};

        answer = b.answer;
        if (b.cart) {
            json preview = core_preview(app.program, doc, *b.cart, at);
            if (!core_ok(preview)) {
                if (attempt == 0 && refuses_state(preview)) continue;
                return error_reply(422, map_paths(core_errors(preview), "/cart", b.renames));
            }
            answer["earned"] = preview["earn"]["points"];
            answer["preview"] = std::move(preview);
        }
        event = b.event;
        event["at"] = app.program.iso(at);
        doc["events"] = json::array({event});
        status = core_status(app.program, doc, now, kBookingHistory, true);
        if (!core_ok(status)) {
            if (attempt == 0 && refuses_state(status)) continue;
            return error_reply(422, map_paths(core_errors(status), "/customer/events/0", b.renames));
        }
        next_state = std::move(status["state"]);
        status.erase("state");
        break;
    }

    ensure_customer(*conn, b.customer_id, b.customer_name, now);
    insert_event(*conn, b.customer_id, at, event, now);
    save_state(*conn, b.customer_id, app.program.etag, at, std::move(next_state));
    answer["ok"] = true;
    answer["booked"] = true;
    answer["duplicate"] = false;
    answer["customer_id"] = b.customer_id;
    answer["at"] = event["at"];
    if (!b.cart) answer["entry"] = find_entry(status, event.value("type", ""), b.entry_id);
    answer["status"] = std::move(status);
    save_idempotent(*conn, b.scope, b.key, {b.customer_id, b.hash, 201, answer.dump()}, now);
    transaction.commit();
    return Reply{201, std::move(answer), {}};
}

/** Reads "at" (optional ISO 8601, in the program's zone when it has no offset). */
std::optional<Instant> read_at(App& app, FieldReader& r, Errors& errors) {
    auto text = r.string("at", false, 40);
    if (!text) return std::nullopt;
    auto t = parse_instant(*text, app.program.zone);
    if (!t)
        errors.push_back({"/at", "expected an ISO 8601 instant, e.g. 2026-11-26T15:30:00+03:00"});
    return t;
}

}  // namespace

Reply book_order(App& app, const json& body) {
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"customer_id", "customer_name", "order_id", "at", "lines", "points_redeemed",
                      "discount", "shipping"});
    Booking b;
    auto customer_id = r.string("customer_id", true, 128, valid_customer_id, kCustomerIdWords);
    b.customer_name = r.string("customer_name", false, 200);
    auto order_id = r.string("order_id", true, 64, valid_record_id, kRecordIdWords);
    b.at = read_at(app, r, errors);
    r.raw("lines", true);  // its contents are the core's to check
    if (!errors.empty()) return error_reply(400, errors);

    b.scope = "order";
    b.key = *order_id;
    b.customer_id = *customer_id;
    b.hash = request_hash(body);
    json cart = {{"order_id", *order_id}, {"lines", body["lines"]}};
    for (const char* k : {"points_redeemed", "discount", "shipping"}) {
        if (body.contains(k) && !body[k].is_null()) cart[k] = body[k];
    }
    b.event = cart;
    b.event["type"] = "purchase";
    b.cart = std::move(cart);
    b.answer = {{"order_id", *order_id}};
    b.id_path = "/order_id";
    b.label = "order " + *order_id;
    return book(app, b);
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

Reply book_event(App& app, std::string_view customer_id, const json& body) {
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
        } else if (*type == "purchase" || *type == "refund") {
            errors.push_back(
                {"/type",
                 "book purchases with POST /api/loyalty/orders and refunds with "
                 "POST /api/loyalty/refunds (they are idempotent by order and refund id)"});
        } else {
            errors.push_back({"/type", "expected \"bonus\", \"adjustment\" or \"redemption\""});
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
    return book(app, b);
}

}  // namespace loyalty::server
