// What a customer's personal offers take off an order, exactly: a percent of what the goods still
// cost, the shipping, or one unit of a gift's line. Multipliers take nothing off; earning.cpp
// applies them to the points.
#pragma once

#include <string>
#include <vector>

#include "earning.h"

namespace loyalty {

/** The offers of `purchase`, in order, each on what the cart's discount, its rewards and the
 *  offers before it left: `goods_left` and `shipping_left` minor units. Fails, naming the offer,
 *  when the purchase is outside an offer's starts..ends or lacks a gift's line. */
Result<std::vector<AppliedDiscount>> offer_discounts(const Event& purchase, int64_t goods_left,
                                                     int64_t shipping_left, Zone zone,
                                                     const std::string& path);

}  // namespace loyalty
