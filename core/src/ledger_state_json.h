// A ledger state as JSON (docs/api.md, "Ledger state"): what `status` returns with
// "include_state" and what a customer's "state" member carries back.
#pragma once

#include "json_reader.h"
#include "loyalty/ledger.h"

namespace loyalty {

/** The state document's "version": what this core writes and reads. */
inline constexpr int kLedgerStateVersion = 1;

/** Exact points as the state writes them: "n", or "n/d" when not whole. */
std::string fraction_text(Fraction f);

/** The state's document as compact text, byte for byte dump_json(ledger_state_json(...)), printed
 *  straight from the state without building the tree (ledger_state_text.cpp). */
std::string ledger_state_text(const LedgerState& state, Zone zone);

/** Reads one order record found at `path`. */
Result<OrderRecord> parse_order_record_json(const json& doc, std::string_view path);

/** The state's document; instants in `zone`, explanation points as exact "num/den" text. */
json ledger_state_json(const LedgerState& state, Zone zone);

/** Reads a state document found at `path`. Types and ranges are checked here; how the parts fit
 *  together (lots adding up to the balance, ...) is checked when a ledger resumes from it. */
Result<LedgerState> parse_ledger_state_json(const json& doc, std::string_view path, Zone zone);

}  // namespace loyalty
