// A customer's ledger state rebuilt from their stored events, each run of events folded in under
// the programme version that booked it (docs/server.md, "Programme versions"): what the stored
// state would be had it never been lost. Used when a state is missing or refused.
#pragma once

#include <optional>
#include <string_view>

#include "app.h"
#include "ledger_store.h"

namespace loyalty::server {

/** The state (with its "orders") after every event of `customer`, loaded whole by
 *  load_customer(); empty when the core refuses them. */
std::optional<json> replay_state(const App& app, const StoredCustomer& customer);

/** The customer's state: the stored one, else replayed from the events (and not stored: reads
 *  never write). Empty when the core refuses the events. */
std::optional<StoredState> state_of(App& app, Connection& c, std::string_view customer_id);

}  // namespace loyalty::server
