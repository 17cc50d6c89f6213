// GET /api/admin/numbers (docs/server.md, "Numbers by month"): the programme's points issued,
// redeemed, expired, clawed back and adjusted by month, the liability at each month's end and the
// active members. Customers are read in batches and each batch goes to the core's "numbers"
// operation with the sum so far as its carry: the server adds nothing up itself.
#pragma once

#include <optional>
#include <string>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

/** The core's numbers answer over every stored customer for the months `from`..`to` ("YYYY-MM";
 *  absent: the 12 months up to the current one), or a 400 naming /from or /to (not a month,
 *  reversed, more than 120 months, after the current month). */
Reply numbers_reply(App& app, const std::optional<std::string>& from,
                    const std::optional<std::string>& to);

}  // namespace loyalty::server
