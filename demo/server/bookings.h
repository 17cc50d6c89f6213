// Booking what happens to a customer: orders, refunds, bonuses, adjustments, reward claims.
// Each runs in one SQLite transaction (BEGIN IMMEDIATE): read the ledger, let the core check the
// new event against it (preview for orders: caps and overdraws; status for the rest), store it,
// answer with the core's numbers. Each is idempotent by its id: the same request again returns
// the first answer and books nothing; the same id with a different request is a 409.
#pragma once

#include <string_view>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

/** POST /api/loyalty/orders: {customer_id, order_id, at?, lines, points_redeemed?, discount?,
 *  shipping?, customer_name?}. 201 booked, 200 repeated, 400/409/422 refused. */
Reply book_order(App& app, const json& body);

/** POST /api/loyalty/refunds: {customer_id, order_id, amount, refund_id, at?}. */
Reply book_refund(App& app, const json& body);

/** POST /api/loyalty/customers/{id}/events: a bonus, adjustment or redemption event with an id.
 *  A booked adjustment or bonus is written to the audit log as `actor`'s (audit.h). */
Reply book_event(App& app, std::string_view customer_id, const json& body,
                 const std::string& actor);

/** History entries a booking's status carries (the new event is the newest). */
inline constexpr int kBookingHistory = 20;

}  // namespace loyalty::server
