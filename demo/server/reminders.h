// GET /api/admin/reminders (docs/server.md, "Reminders"): the customers whose points expire within
// N days, how many and when, with their active unused codes, for the shop's mailing tool. Pages
// through customers by id, so a store of any size is read in bounded pieces.
#pragma once

#include <optional>
#include <string>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

struct ReminderQuery {
    std::string within_days;  // as sent; 1..365, default 7
    std::string limit;        // customers scanned per page; 1..5000, default 1000
    std::string after;        // the page after this customer id ("next" of the previous page)
};

/** {"ok", "now", "within_days", "until", "scanned", "next", "customers": [{customer_id, name,
 *  points, first_expiry, lots: [{points, expires_at}], codes: [{code, reward_id, points,
 *  expires_at}]}]}, or a 400 naming the bad parameter. */
Reply reminders(App& app, const ReminderQuery& query);

/** The same page as CSV (one row per customer; lots and codes joined), safe to open in a
 *  spreadsheet: cells that a spreadsheet would run as a formula are prefixed with '. */
std::string reminders_csv(const json& page);

}  // namespace loyalty::server
