// Which rules of `earn.rules` earn on an order's line: conditions per order, scope per line,
// then how the rules combine (docs/program.md#earnrules).
#pragma once

#include <vector>

#include "loyalty/ledger.h"

namespace loyalty {

/** What an order's rule conditions look at. */
struct RuleOrder {
    Instant at = 0;
    Zone zone;
    int64_t basis_amount = 0;  // paid or subtotal, as earn.basis says
    const Tier* tier = nullptr;
    bool first_order = false;
};

/** For each rule, whether its order conditions (minimum, weekdays, dates, tier, first order)
 *  hold. */
std::vector<bool> rule_conditions(const std::vector<EarnRule>& rules, const RuleOrder& order);

/** Indices of the rules that earn on `line`, in list order: the rules whose conditions hold and
 *  whose scope covers the line, cut after the first "stop" rule among them; if any of those is
 *  "exclusive", only the exclusive one of highest priority (ties: the earliest). */
std::vector<size_t> rules_for_line(const std::vector<EarnRule>& rules,
                                   const std::vector<bool>& holds, const OrderLine& line);

}  // namespace loyalty
