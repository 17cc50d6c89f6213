// The points one purchase earns, with the explanation lines that produce them.
#pragma once

#include <string>
#include <vector>

#include "loyalty/ledger.h"

namespace loyalty {

/** What one applied reward or personal offer (by its id) took off: from the goods, or from the
 *  shipping. A points multiplier takes nothing off. One type for both, so the widget's module
 *  carries one copy of the code that handles them (docs/performance.md). */
struct AppliedDiscount {
    std::string id;
    int64_t goods = 0;
    int64_t shipping = 0;
};

struct PurchaseTotals {
    int64_t subtotal = 0;           // sum of price x quantity over the lines
    int64_t reward_discount = 0;    // what the applied rewards took off the goods
    int64_t shipping_discount = 0;  // rewards' and offers' free shipping
    std::vector<AppliedDiscount> applied;
    int64_t offer_discount = 0;  // what the personal offers took off the goods
    std::vector<AppliedDiscount> offers_applied;
    int64_t money_off =
        0;             // points at their value, the discount, rewards and offers (at most subtotal)
    int64_t paid = 0;  // subtotal - money_off: what the shopper pays for merchandise
};

/** Sums a purchase's lines and the money taken off them: the cart's discount, then its rewards
 *  (reward_discounts.cpp), then its personal offers (offer_discounts.cpp), then its points. Fails
 * on overflow, on a reward the program lacks or the order does not qualify for, and when points and
 * discounts exceed the subtotal. `path` locates the event for errors. */
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
