// The programme's numbers by calendar month: points issued, redeemed, expired, clawed back and
// adjusted in each month, the balance at each month's end and whether the customer was active,
// for one customer and summed over many (docs/api.md, "numbers").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/error.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"

namespace loyalty {

/** A calendar month: year 1900-2999, month 1-12. */
struct Month {
    int year = 1970;
    unsigned month = 1;
    friend bool operator==(const Month&, const Month&) = default;
};

/** Parses "YYYY-MM" exactly (two-digit month, years 1900-2999); empty on anything else. */
std::optional<Month> parse_month(std::string_view text);
/** "2026-03". */
std::string format_month(Month m);
/** The month `count` months after `m` (count may be negative). */
Month add_months(Month m, int count);
/** Months from `from` to `to`, both included: 1 when equal, 0 or less when `to` is earlier. */
int months_between(Month from, Month to);
/** Local midnight of the month's first day in `zone`. */
Instant month_start(Month m, Zone zone);

/** A customer is active at a month's end when they booked an event (a purchase, refund,
 *  redemption, bonus or adjustment; an expiry is not one) in the this many days before it. */
inline constexpr int64_t kActiveDays = 365;

/** Earlier programme versions ("programs") one numbers request may name. */
inline constexpr size_t kMaxNumbersPrograms = 64;

/** One month's figures, for one customer or summed over many. Points except `active` (a count
 *  of customers). `redeemed` is net of points that refunds gave back; `adjusted` is signed.
 *  Over a month, balance(end) = balance(start) + issued - redeemed - expired - clawed_back +
 *  adjusted. */
struct MonthFigures {
    int64_t issued = 0;       // earned on purchases and bonuses
    int64_t redeemed = 0;     // spent on orders and rewards, less what refunds gave back
    int64_t expired = 0;      // lots that reached their expiry
    int64_t clawed_back = 0;  // earned points refunds took back
    int64_t adjusted = 0;     // manual adjustments, signed
    int64_t balance = 0;      // at the month's end (at `now` for the month `now` is in)
    int64_t active = 0;       // customers active at the month's end (kActiveDays)
    friend bool operator==(const MonthFigures&, const MonthFigures&) = default;
};

/** The figures of `customer` under `program` for `count` months from `first` (1-120), as of `now`
 *  for the month it falls in. `booked_by`, when not empty, holds one programme per event: the
 *  programme version that booked it, under which it is counted (the ledger carries its state
 *  across each change of programme, as the server does when a new version takes effect); empty
 *  counts every event under `program`. Months follow `program`'s zone. The customer's state, if
 *  any, must be taken before the first month starts (its counters are the opening figures).
 *  Fails at "/to" when a month starts after `now`, at "/state" for a state taken inside the
 *  range, at "/booked_by" when its length is not the events', and as replay_ledger() does on the
 *  events (paths "/events/i/...", "/state/..."). */
Result<std::vector<MonthFigures>> customer_months(
    const Program& program, const Customer& customer, Month first, int count, Instant now,
    const std::vector<const Program*>& booked_by = {});

/** The "numbers" operation of run_operation (beside the others of loyalty/api.h). Request:
 *  {program, now, from: "YYYY-MM", to, customers: [...], programs?, carry?, per_customer?} (a
 *  customer's "booked_by" names, per event, the programme that booked it). Response: points
 *  issued, redeemed, expired, clawed back and adjusted, the balance and liability at each month's
 *  end and the active customers, summed over the customers and the carry (docs/api.md). */
std::string numbers_json(std::string_view request);

/** Adds `more` into `into` month by month (same length). Fails, leaving `into` unspecified, when a
 *  sum leaves the 64-bit range: sums are refused, never wrapped. */
Result<bool> add_month_figures(std::vector<MonthFigures>& into,
                               const std::vector<MonthFigures>& more);

}  // namespace loyalty
