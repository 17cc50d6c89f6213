// Which rules of `earn.rules` earn on an order's line: conditions per order, scope per line,
// then how the rules combine (docs/program.md#earnrules).
#pragma once

#include <cstdint>
#include <vector>

#include "loyalty/ledger.h"

namespace loyalty {

/** A set of rules by their index in `earn.rules` (bit i: rule i). A programme has at most
 *  kMaxEarnRules rules, so one word holds any set; the widget's wasm is smaller for it than with
 *  vectors of flags and indices. */
using RuleSet = uint64_t;
constexpr size_t kMaxEarnRules = 50;

/** What an order's rule conditions look at. */
struct RuleOrder {
    Instant at = 0;
    Zone zone;
    int64_t basis_amount = 0;  // paid or subtotal, as earn.basis says
    const Tier* tier = nullptr;
    bool first_order = false;
};

/** The rules whose order conditions (minimum, weekdays, dates, tier, first order) hold. */
RuleSet rule_conditions(const std::vector<EarnRule>& rules, const RuleOrder& order);

/** The rules that earn on `line`: those of `holds` whose scope covers the line, cut after the
 *  first "stop" rule among them in list order; if any of those is "exclusive", only the exclusive
 *  one of highest priority (ties: the earliest). */
RuleSet rules_for_line(const std::vector<EarnRule>& rules, RuleSet holds, const OrderLine& line);

}  // namespace loyalty
