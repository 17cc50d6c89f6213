// Customer and cart documents -> events, with errors naming each field.
#pragma once

#include "json_reader.h"
#include "loyalty/ledger.h"

namespace loyalty {

/** Reads {id, state?, events?: [...]} found at `path` (events continue from the state). Events are
 * not checked against each other here (order, references, balances): replay() does that and names
 * the event. */
Result<Customer> parse_customer_json(const json& doc, std::string_view path, Zone zone);

/** Reads a cart {lines, shipping?, discount?, points_redeemed?, rewards?, offers?, order_id?} as a
 *  purchase at `at`. */
Result<Event> parse_cart_json(const json& doc, std::string_view path, Instant at, Zone zone);

/** Reads the "now" member of a request (required), in the program's zone. */
std::optional<Instant> read_now(JsonReader& r, const json& request, Zone zone);

}  // namespace loyalty
