// What rewards applied to an order take off it, exactly: a fixed discount, a percent of what the
// goods still cost, the shipping, or a free product's price. Each on what the previous left.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "earning.h"

namespace loyalty {

/** The rewards of `purchase` (its `rewards` ids, in order) applied to goods of `subtotal` minor
 *  units of which the cart's `discount` is already off, and to its shipping. */
Result<std::vector<AppliedDiscount>> reward_discounts(const Program& program, const Event& purchase,
                                                      int64_t subtotal, const std::string& path);

/** `percent` of `goods` minor units, rounded down: a discount never takes more than its percent. */
int64_t percent_off(int64_t goods, Ratio percent);

/** What one free unit of the line with `sku` takes off: its price, at most `cap` and `goods_left`;
 *  empty when the order has no such line. */
std::optional<int64_t> free_unit(const std::vector<OrderLine>& lines, const std::string& sku,
                                 int64_t cap, int64_t goods_left);

}  // namespace loyalty
