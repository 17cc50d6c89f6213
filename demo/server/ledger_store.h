// Customers, their events and idempotency records in SQLite. Events are stored as the core's
// event documents; reading a customer gives the document the core's status/preview take.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "loyalty/date.h"

namespace loyalty::server {

using nlohmann::json;

struct StoredCustomer {
    bool exists = false;
    std::string id;
    std::optional<std::string> name;
    json events = json::array();    // chronological: by (at, seq)
    std::vector<Instant> ats;       // each event's instant
    std::vector<int64_t> versions;  // the programme version that booked each event
    std::optional<Instant> last_at;

    /** {"id", "name"?, "events"}: the customer document of the core and of GET /api/loyalty/me. */
    json document() const;
};

/** Reads a customer and every event; `exists` is false (and events empty) for an unknown id. */
StoredCustomer load_customer(Connection& c, std::string_view id);

/** A customer's stored ledger state (docs/api.md, "Ledger state"): each event folded in under
 *  the programme version that booked it, so it holds whatever versions are in force later. */
struct StoredState {
    json state;  // without "orders"
    std::optional<Instant> last_at;
};
std::optional<StoredState> load_state(Connection& c, std::string_view customer_id);

/** The stored state as its text (a booking may hold it typed already: state_cache.h). */
struct StoredStateText {
    std::string text;
    std::optional<Instant> last_at;
};
std::optional<StoredStateText> load_state_text(Connection& c, std::string_view customer_id);

/** Name and existence of a customer without their events. */
StoredCustomer load_customer_head(Connection& c, std::string_view id);

/** Stores `state` (its "orders" go to ledger_orders, the rest replaces the customer's state);
 *  `program_etag` is the programme of the last event folded in, for the record. */
void save_state(Connection& c, std::string_view customer_id, std::string_view program_etag,
                std::optional<Instant> last_at, json state);

/** save_state() of a state already printed (without "orders"), and of one order record. */
void save_state_text(Connection& c, std::string_view customer_id, std::string_view program_etag,
                     std::optional<Instant> last_at, std::string_view state);
void save_order_record_text(Connection& c, std::string_view customer_id, std::string_view order_id,
                            std::string_view program_etag, std::string_view record);

/** The record of one order, if stored. */
std::optional<json> load_order_record(Connection& c, std::string_view customer_id,
                                      std::string_view order_id);

/** Adds the customer when missing (a first order creates the customer); keeps an existing name,
 *  e-mail and phone unless a new one is given (already normalised: contacts.h). */
void ensure_customer(Connection& c, std::string_view id, const std::optional<std::string>& name,
                     Instant now, const std::optional<std::string>& email = std::nullopt,
                     const std::optional<std::string>& phone = std::nullopt);

/** Appends one event (its "at" given in unix seconds for ordering), booked under programme
 *  version `program_version`. */
void insert_event(Connection& c, std::string_view customer_id, Instant at, const json& event,
                  Instant now, int64_t program_version);

/** Number of stored customers. */
int64_t count_customers(Connection& c);

/** Ids and names of stored customers, by id (the demo's customer switcher; at most `limit`). */
json list_customers(Connection& c, int limit);

struct IdempotentRecord {
    std::string customer_id;
    std::string request_hash;
    int status = 0;
    std::string response;
};

/** The stored outcome of an idempotent request, if there was one. */
std::optional<IdempotentRecord> find_idempotent(Connection& c, std::string_view scope,
                                                std::string_view key);

/** Records the outcome of an idempotent request (inside the booking's transaction). */
void save_idempotent(Connection& c, std::string_view scope, std::string_view key,
                     const IdempotentRecord& record, Instant now);

}  // namespace loyalty::server
