// Reward codes (docs/server.md, "Reward codes"): a shopper claims a reward and gets a code at once,
// the points spent as a redemption in the ledger; the shop's checkout redeems the code once; the
// shop can void an unused code, which gives the points back. Every write is idempotent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app.h"
#include "booking.h"
#include "reply.h"

namespace loyalty::server {

/** POST /api/loyalty/me/claims {reward_id} with the Idempotency-Key `key`: 201 with the claim
 *  and the customer's status; 200 the same claim for the same key and body; 422 for the key with
 *  another body, an unknown reward, too few points, too low a tier. */
Reply claim_reward(App& app, const std::string& customer_id, const std::string& key,
                   const json& body);

/** GET /api/loyalty/me/claims: the customer's codes, newest first: active, used, voided, expired.
 */
Reply list_claims(App& app, const std::string& customer_id);

/** POST /api/loyalty/codes/{code}/redeem {order_id} (admin): marks the code used once. 200; the
 *  same order again 200; another order 409 naming the first; voided or expired 410; unknown 404. */
Reply redeem_code(App& app, std::string_view typed_code, const json& body);

/** Makes the order booking `b` use `typed_codes` (its "reward_codes"): under each code's lock,
 *  each must be the customer's, active and unexpired; their rewards go into the previewed cart
 *  and the stored order (the core takes them off exactly), and the codes are marked used by the
 *  order in its transaction. A 400 for a code that cannot be one, else empty. */
std::optional<Reply> attach_reward_codes(App& app, Booking& b, const json& typed_codes);

/** POST /api/loyalty/codes/{code}/void {reason?} (admin): the points go back to the customer.
 *  The void that returns them is written to the audit log as `actor`'s; a repeat writes nothing. */
Reply void_code(App& app, std::string_view typed_code, const json& body, const std::string& actor);

/** GET /api/loyalty/customers/{id}/codes (admin): {"ok", "now", "codes"}, the customer's codes as
 *  GET /api/loyalty/me/claims lists them. */
Reply list_codes_reply(App& app, const std::string& customer_id);

}  // namespace loyalty::server
