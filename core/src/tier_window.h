// Qualifying spend or points over a rolling window, kept incrementally as time moves forward.
// Only contributions still inside the window are kept (none for a lifetime window), so its size
// follows the customer's recent activity, not their whole history.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"

namespace loyalty {

class TierWindow {
  public:
    explicit TierWindow(const TierRules& rules) : rules_(rules) {}

    /** Adds a contribution dated `at` (not earlier than the last one); returns its handle. */
    uint64_t add(Instant at, int64_t amount);
    /** Reduces contribution `handle` (a refund of that order), wherever it is in the window;
     *  nothing when it has already left. */
    void reduce(uint64_t handle, int64_t amount);
    /** Drops contributions that left the window by `now`. */
    void advance_to(Instant now);

    int64_t qualifying() const { return sum_; }
    /** Index of the highest tier whose threshold `qualifying()` reaches; -1 without tiers. */
    int tier_index() const;
    /** When the current tier is lost if nothing more is added (empty: never, or no tiers). */
    std::optional<Instant> lapses_at() const;

    /** The contributions still in the window, the next handle and the sum (a ledger state). */
    std::vector<TierEntry> entries() const;
    uint64_t count() const { return count_; }
    /** Restores what entries()/count()/qualifying() gave. The caller checked the invariants. */
    void restore(std::vector<TierEntry> entries, uint64_t count, int64_t sum);

    bool lifetime() const { return rules_.window_days <= 0; }
    Instant leaves_at(Instant at) const {
        return at + int64_t(rules_.window_days) * kSecondsPerDay;
    }

  private:
    const TierRules& rules_;
    std::vector<TierEntry> entries_;  // by handle; handles may have gaps after a restore
    size_t first_ = 0;                // entries before it have left the window
    uint64_t count_ = 0;
    int64_t sum_ = 0;
};

/** Index of the highest tier reached by `qualifying`; -1 when the program has no tiers. */
int tier_for(const TierRules& rules, int64_t qualifying);

}  // namespace loyalty
