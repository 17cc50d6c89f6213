// Qualifying spend or points over a rolling window or by calendar year, kept incrementally as time
// moves forward. Only contributions that can still count are kept (none for a lifetime window; the
// window's and, with tiers.grace_days, those that left it within the grace; this year's and last
// year's by calendar year), so its size follows the customer's recent activity, not their whole
// history.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"

namespace loyalty {

class TierWindow {
  public:
    TierWindow(const TierRules& rules, Zone zone) : rules_(rules), zone_(zone) {}

    /** Adds a contribution dated `at` (not earlier than the last one); returns its handle. */
    uint64_t add(Instant at, int64_t amount);
    /** Reduces contribution `handle` (a refund of that order), wherever it is in the window;
     *  nothing when it has already left. */
    void reduce(uint64_t handle, int64_t amount);
    /** Moves the window to `now` (not earlier than the last call). */
    void advance_to(Instant now);

    /** What counts toward a tier now: the window's sum, or the current calendar year's. */
    int64_t qualifying() const { return sum_ - last_year_; }
    /** Every contribution kept, a calendar-year programme's last year included. */
    int64_t kept() const { return sum_; }
    /** Index of the highest tier `qualifying()` reaches; by calendar year the higher of that and
     *  last year's tier, which is held until the year ends; with grace_days the highest tier the
     *  window's sum reached in the last grace_days; -1 without tiers. */
    int tier_index() const;
    /** When tier `index` (tier_index(), which the caller has already computed) is lost if
     *  nothing more is added (empty: never, or no tiers). */
    std::optional<Instant> lapses_at(int index) const;

    /** The contributions still kept, the next handle and kept() (a ledger state). */
    std::vector<TierEntry> entries() const;
    uint64_t count() const { return count_; }
    /** Restores what entries()/count()/kept() gave. The caller checked the invariants. */
    void restore(std::vector<TierEntry> entries, uint64_t count, int64_t sum);

    bool lifetime() const { return !by_year() && rules_.window_days <= 0; }
    bool by_year() const { return rules_.requalify == TierRequalify::CalendarYear; }
    /** When a contribution dated `at` stops counting for any tier: exactly `window_days` (and
     *  `grace_days`) later, or by calendar year at the local midnight that starts the year after
     *  next. */
    Instant leaves_at(Instant at) const;

  private:
    /** Local midnight on 1 January `years_later` years after the year of `at`. */
    Instant year_start(Instant at, int years_later) const;
    Instant grace() const { return int64_t(rules_.grace_days) * kSecondsPerDay; }
    /** When a rolling window's contribution dated `at` leaves the window itself. */
    Instant window_end(Instant at) const {
        return at + int64_t(rules_.window_days) * kSecondsPerDay;
    }
    /** With grace_days: the highest sum the window had from `now_ - grace()` to `now_`; and
     *  `last_fall`, when given, set to the last instant at which the sum falls below `threshold`,
     *  with nothing more added (the window's sum changes only where a contribution enters or
     *  leaves it). */
    int64_t highest(int64_t threshold, Instant* last_fall) const;

    static constexpr Instant kUnset = std::numeric_limits<Instant>::min();
    const TierRules& rules_;
    Zone zone_;
    std::vector<TierEntry> entries_;  // by handle; handles may have gaps after a restore
    size_t first_ = 0;                // entries before it have left the window
    uint64_t count_ = 0;
    int64_t sum_ = 0;
    // Entries from first_ to this_year_ are kept but no longer count toward qualifying(), and add
    // up to last_year_: by calendar year last year's, with grace_days those that left the window
    // within the grace. The current year is [year_begins_, next_year_), set by advance_to().
    size_t this_year_ = 0;
    int64_t last_year_ = 0;
    Instant now_ = 0;  // the last advance_to()
    Instant year_begins_ = kUnset;
    Instant next_year_ = kUnset;
};

/** Index of the highest tier reached by `qualifying`; -1 when the program has no tiers. */
int tier_for(const TierRules& rules, int64_t qualifying);

}  // namespace loyalty
