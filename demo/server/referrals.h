// Referrals (docs/server.md, "Referrals"): each signed-in shopper has one unguessable code; a
// newcomer's first order that names it books the newcomer's bonus with the order and then the
// referrer's bonus, once per newcomer, never for a self-referral, within the monthly cap.
#pragma once

#include <string>

#include "app.h"
#include "booking.h"
#include "reply.h"

namespace loyalty::server {

/** GET /api/loyalty/me/referral: the shopper's code (made on first ask), the bonuses and how many
 *  friends joined with it and what they earned the shopper. */
Reply my_referral(App& app, const std::string& customer_id);

/** Makes the order booking `b` (customer `referee_id`, order `order_id`) honour `typed_code`:
 *  when the order is the newcomer's first and the code is another shopper's, the newcomer's bonus
 *  is booked with the order and the referral recorded; `b.answer["referral"]` says what happened.
 *  After a 201, complete_referral books the referrer's side. */
void attach_referral(App& app, Booking& b, const std::string& typed_code);

/** Books the referrer's bonus for the newcomer `referee_id`'s referral, or marks it capped; does
 *  nothing when it is settled already. Idempotent. */
void complete_referral(App& app, const std::string& referee_id);

}  // namespace loyalty::server
