// What rewards applied to an order take off it, exactly: a fixed discount, a percent of what the
// goods still cost, the shipping, or a free product's price. Each on what the previous left.
#pragma once

#include <string>
#include <vector>

#include "earning.h"

namespace loyalty {

/** The rewards of `purchase` (its `rewards` ids, in order) applied to goods of `subtotal` minor
 *  units of which the cart's `discount` is already off, and to its shipping. */
Result<std::vector<AppliedReward>> reward_discounts(const Program& program, const Event& purchase,
                                                    int64_t subtotal, const std::string& path);

}  // namespace loyalty
