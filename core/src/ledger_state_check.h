// The invariants of a ledger state, checked before a ledger continues from one: a state comes
// from outside (a store, a browser), and a wrong one must be refused, never booked on.
#pragma once

#include "loyalty/ledger.h"

namespace loyalty {

/** Most history entries a state may carry. */
inline constexpr size_t kMaxStateHistory = 1'000;

/** Problems with `state` under `program`, at paths relative to the state ("/lots/2/index");
 *  empty when a ledger can continue from it. */
Errors check_ledger_state(const Program& program, const LedgerState& state);

}  // namespace loyalty
