#include "tier_window.h"

#include <algorithm>

namespace loyalty {

int tier_for(const TierRules& rules, int64_t qualifying) {
    int index = -1;
    for (size_t i = 0; i < rules.levels.size(); ++i) {
        if (qualifying >= rules.levels[i].threshold) index = int(i);
    }
    return rules.levels.empty() ? -1 : (index < 0 ? 0 : index);
}

uint64_t TierWindow::add(Instant at, int64_t amount) {
    sum_ += amount;
    // A lifetime window never drops anything, so it needs only the sum.
    if (!lifetime()) entries_.push_back({count_, at, amount});
    return count_++;
}

void TierWindow::reduce(uint64_t handle, int64_t amount) {
    if (handle >= count_) return;
    if (lifetime()) {
        sum_ -= amount;
        return;
    }
    auto it = std::lower_bound(entries_.begin() + ptrdiff_t(first_), entries_.end(), handle,
                               [](const TierEntry& e, uint64_t h) { return e.handle < h; });
    if (it == entries_.end() || it->handle != handle) return;  // it has left the window
    it->amount -= amount;
    sum_ -= amount;
    if (size_t(it - entries_.begin()) < this_year_)
        last_year_ -= amount;  // a refund of last year's
}

Instant TierWindow::year_start(Instant at, int years_later) const {
    int year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(day_of(at, zone_), year, month, day);
    return start_of_day(days_from_civil(year + years_later, 1, 1), zone_);
}

Instant TierWindow::leaves_at(Instant at) const {
    return by_year() ? year_start(at, 2) : window_end(at) + grace();
}

void TierWindow::advance_to(Instant now) {
    if (lifetime()) return;
    now_ = now;
    // What stops counting toward qualifying() first: last year's by calendar year, what left the
    // window (and is kept through its grace) otherwise.
    if (by_year() && now >= next_year_) {
        year_begins_ = year_start(now, 0);
        next_year_ = year_start(now, 1);
    }
    for (; this_year_ < entries_.size(); ++this_year_) {
        const Instant at = entries_[this_year_].at;
        if (by_year() ? at >= year_begins_ : window_end(at) > now) break;
        last_year_ += entries_[this_year_].amount;
    }
    // Then what no tier can count any more: a contribution is kept while now < leaves_at(at).
    while (first_ < entries_.size() && leaves_at(entries_[first_].at) <= now) {
        sum_ -= entries_[first_].amount;
        last_year_ -= entries_[first_].amount;  // it stopped counting above
        ++first_;
    }
    // Forget what has left once it is most of the vector, so a long replay stays small.
    if (first_ > 64 && first_ * 2 > entries_.size()) {
        entries_.erase(entries_.begin(), entries_.begin() + ptrdiff_t(first_));
        this_year_ -= first_;
        first_ = 0;
    }
}

int64_t TierWindow::highest(int64_t threshold, Instant* last_fall) const {
    const Instant from = now_ - grace();
    int64_t sum = 0, best = 0;
    // Every change in time order; at the same instant a contribution leaves before another
    // enters, so no sum is counted that the window never had. The sum before a change after
    // `from` is one the window had from `from` on (each kept entry leaves after `from`, so the
    // last of them is such a change).
    for (size_t in = first_, out = first_; out < entries_.size();) {
        const bool leaves =
            in == entries_.size() || window_end(entries_[out].at) <= entries_[in].at;
        const Instant at = leaves ? window_end(entries_[out].at) : entries_[in].at;
        const int64_t before = sum;
        sum += leaves ? -entries_[out++].amount : entries_[in++].amount;
        if (at > from) best = std::max(best, before);
        if (last_fall && before >= threshold && sum < threshold) *last_fall = at;
    }
    return best;
}

int TierWindow::tier_index() const {
    if (rules_.grace_days > 0 && !by_year()) return tier_for(rules_, highest(0, nullptr));
    return std::max(tier_for(rules_, qualifying()), tier_for(rules_, last_year_));
}

std::optional<Instant> TierWindow::lapses_at(int index) const {
    if (index <= 0 || lifetime()) return std::nullopt;
    // By calendar year a tier reached this year is held through next year; one held on last
    // year's purchases alone goes when this year ends.
    if (by_year())
        return tier_for(rules_, qualifying()) >= index ? year_start(next_year_, 1) : next_year_;
    const int64_t threshold = rules_.levels[size_t(index)].threshold;
    // With grace_days, the tier goes that long after the sum last falls below it.
    if (rules_.grace_days > 0) {
        Instant fall = 0;
        highest(threshold, &fall);
        return fall + grace();
    }
    int64_t remaining = sum_;
    for (size_t i = first_; i < entries_.size(); ++i) {
        remaining -= entries_[i].amount;
        if (remaining < threshold) return leaves_at(entries_[i].at);
    }
    return std::nullopt;
}

std::vector<TierEntry> TierWindow::entries() const {
    return {entries_.begin() + ptrdiff_t(first_), entries_.end()};
}

void TierWindow::restore(std::vector<TierEntry> entries, uint64_t count, int64_t sum) {
    entries_ = std::move(entries);
    first_ = 0;
    count_ = count;
    sum_ = sum;
    // The year is set again from the entries at the next advance_to().
    this_year_ = 0;
    last_year_ = 0;
    year_begins_ = next_year_ = kUnset;
}

}  // namespace loyalty
