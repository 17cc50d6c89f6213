// The points one purchase earns, with the explanation lines that produce them.
#pragma once

#include <vector>

#include "loyalty/ledger.h"

namespace loyalty {

struct PurchaseTotals {
    int64_t subtotal = 0;   // sum of price x quantity over the lines
    int64_t money_off = 0;  // points redeemed at their value, plus discounts (at most subtotal)
    int64_t paid = 0;       // subtotal - money_off: what the shopper pays for merchandise
};

/** Sums a purchase's lines and the money taken off them. Fails on overflow or when the
 *  redeemed points and discounts exceed the subtotal. `path` locates the event for errors. */
Result<PurchaseTotals> purchase_totals(const Program& program, const Event& purchase,
                                       const std::string& path);

struct EarnResult {
    int64_t points = 0;  // rounded line points + campaign bonuses + first-purchase bonus
    std::vector<ExplanationLine> explanation;
};

/** Points `purchase` earns under `program` for a customer at tier `tier_index` (-1: no tiers).
 *  Exact: fractions until one rounding per order, in the program's rounding mode. */
Result<EarnResult> earn_for_purchase(const Program& program, const Event& purchase,
                                     const PurchaseTotals& totals, int tier_index,
                                     bool first_purchase, const std::string& path);

}  // namespace loyalty
