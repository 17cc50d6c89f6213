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

/** How a caller uses a state the cache holds (state_cache.h): a booking takes it and stores the
 *  next one; a read copies it. */
enum class CacheUse { take, copy };

/** A stored state's text in the core's types: the state this process stored as that very text
 *  when the cache holds it, else parsed. Empty when unreadable or refused. */
std::optional<LedgerState> typed_state(App& app, const std::string& customer_id,
                                       const std::string& text, CacheUse use);

/** A state document (replay_state()'s, without "orders") in the core's types. */
std::optional<LedgerState> typed_state(const App& app, const json& state);

}  // namespace loyalty::server
