// Personal offers (docs/server.md, "Personal offers"): the shop gives one customer a time-boxed
// percent off, free shipping, gift or points multiplier under its own offer id; the shopper sees
// the current ones with the customer; an order names those it uses in "offer_ids", and gets a
// copy of their terms, which the core applies exactly. Every write is idempotent.
#pragma once

#include <optional>
#include <string>

#include "app.h"
#include "booking.h"
#include "database.h"
#include "reply.h"

namespace loyalty::server {

/** POST /api/loyalty/customers/{id}/offers (admin): 201 with the offer; the same request again
 *  200; the offer id with other terms 409; terms the core refuses 400 at their field. A given
 *  offer is written to the audit log as `actor`'s (audit.h); none for the seed (no actor). */
Reply give_offer(App& app, const std::string& customer_id, const json& body,
                 const std::optional<std::string>& actor);

/** GET /api/loyalty/customers/{id}/offers (admin): every offer of the customer, with its status. */
Reply list_offers_reply(App& app, const std::string& customer_id);

/** POST /api/loyalty/customers/{id}/offers/{offer_id}/void {reason?} (admin): later orders cannot
 *  use it. The first void is written to the audit log as `actor`'s; a repeat answers the same. */
Reply void_offer_reply(App& app, const std::string& customer_id, const std::string& offer_id,
                       const json& body, const std::string& actor);

/** The customer's offers not ended, voided or used up at `now` (those to come too), soonest end
 *  first: what the widget shows and adds to the cart it previews. */
json current_offers(App& app, Connection& conn, const std::string& customer_id, Instant now);

/** Makes the order booking `b` use the offers `typed_ids` (its "offer_ids"): under each offer's
 *  lock each must be the customer's, not voided, not used up and not ended; their terms go into
 *  the previewed cart and the stored order, and one use of each is counted in its transaction.
 *  A 400 for a list that cannot be one, else empty. */
std::optional<Reply> attach_offers(App& app, Booking& b, const json& typed_ids);

}  // namespace loyalty::server
