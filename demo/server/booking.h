// The one way an event reaches a customer's ledger: in one transaction that locks the customer
// and the request's idempotency key, read the ledger state, let the core check the event against
// it, store it with the next state, and keep the answer for a repeat of the same request. The
// request parsers (bookings.cpp, claims.cpp) describe what to book; this books it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app.h"
#include "database.h"
#include "reply.h"

namespace loyalty::server {

/** One event to book and how to answer about it. */
struct Booking {
    std::string scope;  // idempotency scope: "order", "refund", "event"
    std::string key;    // idempotency key within the scope
    std::string customer_id;
    std::optional<std::string> customer_name;
    std::optional<std::string> customer_email;  // normalised (contacts.h); the latest given wins
    std::optional<std::string> customer_phone;
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
    /** The status for a key already used with another request (claims answer 422). */
    int conflict_status = 409;
    /** Check the request against the customer's status before the event (`status` from the
     *  stored state, at `at`); a reply refuses it. Claims: the reward exists, the tier allows it.
     */
    using Check = std::function<std::optional<Reply>(Connection& conn, const json& status)>;
    std::vector<Check> checks;
    /** Commits what a check wrote when it refuses (a referral marked capped); else rolled back. */
    bool commit_refusal = false;
    /** Events booked right after `event` for the same customer, in the same transaction (a
     *  newcomer's referral bonus with their first order); a check may set them. */
    std::vector<json> also;
    /** Run in the booking's transaction, in order, once the event is stored and `answer` is
     * complete; may write more (a claim's code) and reshape the answer before it is kept for
     * repeats. A reply instead rolls the whole booking back and is answered. */
    using AfterBooking =
        std::function<std::optional<Reply>(Connection& conn, json& answer, Instant at)>;
    std::vector<AfterBooking> on_booked;
    /** Locks held besides the customer's and the key's (a code's, so a void and a redeem of
     *  one code cannot interleave). */
    std::vector<std::string> locks;
};

/** SHA-256 (hex) of the request as JSON: what tells a repeat from another request with one key. */
std::string request_hash(const json& body);

/** Books `b`: 201 booked, 200 the same request again, `conflict_status` for the key used with
 *  another request, 422 what the core refuses. */
Reply book(App& app, Booking& b);

}  // namespace loyalty::server
