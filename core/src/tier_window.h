// Qualifying spend or points over a rolling window, kept incrementally as time moves forward.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/program.h"

namespace loyalty {

class TierWindow {
public:
    explicit TierWindow(const TierRules& rules) : rules_(rules) {}

    /** Adds a contribution dated `at` (not earlier than the last one); returns its handle. */
    size_t add(Instant at, int64_t amount);
    /** Reduces contribution `handle` (a refund of that order), wherever it is in the window. */
    void reduce(size_t handle, int64_t amount);
    /** Drops contributions that left the window by `now`. */
    void advance_to(Instant now);

    int64_t qualifying() const { return sum_; }
    /** Index of the highest tier whose threshold `qualifying()` reaches; -1 without tiers. */
    int tier_index() const;
    /** When the current tier is lost if nothing more is added (empty: never, or no tiers). */
    std::optional<Instant> lapses_at() const;

private:
    struct Entry {
        Instant at;
        int64_t amount;
    };
    Instant leaves_at(const Entry& e) const {
        return e.at + int64_t(rules_.window_days) * kSecondsPerDay;
    }

    const TierRules& rules_;
    std::vector<Entry> entries_;
    size_t first_ = 0;  // entries before it have left the window
    int64_t sum_ = 0;
};

/** Index of the highest tier reached by `qualifying`; -1 when the program has no tiers. */
int tier_for(const TierRules& rules, int64_t qualifying);

}  // namespace loyalty
