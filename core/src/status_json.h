// Status, tiers, rewards and explanations -> response JSON. Shared by status and preview.
#pragma once

#include "json_reader.h"
#include "loyalty/ledger.h"

namespace loyalty {

/** Explanation lines as response JSON, `points` as exact text (format_fraction: "200", "0.495",
 *  "-859/2684"). */
json explanation_json(const std::vector<ExplanationLine>& lines);

/** {id, name, multiplier, perks, threshold} of tier `index`. */
json tier_json(const Program& program, int index);

/** Where the customer stands: tier, qualifying amount, next tier, progress, lapse. */
json tier_status_json(const Program& program, const TierStatus& tier);

/** Every reward with whether `balance` affords it, the points missing, and whether the tier
 *  and (when `order_subtotal` is given) the order meet its conditions. */
json rewards_json(const Program& program, int64_t balance, int tier_index,
                  std::optional<int64_t> order_subtotal);

/** The full status response body (without "ok"). `history_limit` newest entries, newest first. */
json status_json_body(const Program& program, const Status& status, Instant now,
                      size_t history_limit);

}  // namespace loyalty
