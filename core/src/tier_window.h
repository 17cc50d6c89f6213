// Qualifying spend or points over a rolling window or by calendar year, kept incrementally as time
// moves forward. Only contributions still inside the window are kept (none for a lifetime window;
// this year's and last year's by calendar year), so its size follows the customer's recent
// activity, not their whole history.
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
    /** Drops contributions that left the window by `now`. */
    void advance_to(Instant now);

    /** What counts toward a tier now: the window's sum, or the current calendar year's. */
    int64_t qualifying() const { return sum_ - last_year_; }
    /** Every contribution kept, a calendar-year programme's last year included. */
    int64_t kept() const { return sum_; }
    /** Index of the highest tier `qualifying()` reaches, or by calendar year the higher of that
     *  and last year's tier, which is held until the year ends; -1 without tiers. */
    int tier_index() const;
    /** When the current tier is lost if nothing more is added (empty: never, or no tiers). */
    std::optional<Instant> lapses_at() const;

    /** The contributions still kept, the next handle and kept() (a ledger state). */
    std::vector<TierEntry> entries() const;
    uint64_t count() const { return count_; }
    /** Restores what entries()/count()/kept() gave. The caller checked the invariants. */
    void restore(std::vector<TierEntry> entries, uint64_t count, int64_t sum);

    bool lifetime() const { return !by_year() && rules_.window_days <= 0; }
    bool by_year() const { return rules_.requalify == TierRequalify::CalendarYear; }
    /** When a contribution dated `at` stops counting: exactly `window_days` later, or by calendar
     *  year at the local midnight that starts the year after next. */
    Instant leaves_at(Instant at) const;

  private:
    /** Local midnight on 1 January `years_later` years after the year of `at`. */
    Instant year_start(Instant at, int years_later) const;

    static constexpr Instant kUnset = std::numeric_limits<Instant>::min();
    const TierRules& rules_;
    Zone zone_;
    std::vector<TierEntry> entries_;  // by handle; handles may have gaps after a restore
    size_t first_ = 0;                // entries before it have left the window
    uint64_t count_ = 0;
    int64_t sum_ = 0;
    // By calendar year: entries from first_ to this_year_ are last year's and add up to
    // last_year_; the current year is [year_begins_, next_year_), set by advance_to().
    size_t this_year_ = 0;
    int64_t last_year_ = 0;
    Instant year_begins_ = kUnset;
    Instant next_year_ = kUnset;
};

/** Index of the highest tier reached by `qualifying`; -1 when the program has no tiers. */
int tier_for(const TierRules& rules, int64_t qualifying);

}  // namespace loyalty
