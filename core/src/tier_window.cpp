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
}

void TierWindow::advance_to(Instant now) {
    if (lifetime()) return;
    // A contribution counts while now < at + window: it leaves exactly `window_days` later.
    while (first_ < entries_.size() && leaves_at(entries_[first_].at) <= now) {
        sum_ -= entries_[first_].amount;
        ++first_;
    }
    // Forget what has left once it is most of the vector, so a long replay stays small.
    if (first_ > 64 && first_ * 2 > entries_.size()) {
        entries_.erase(entries_.begin(), entries_.begin() + ptrdiff_t(first_));
        first_ = 0;
    }
}

int TierWindow::tier_index() const { return tier_for(rules_, sum_); }

std::optional<Instant> TierWindow::lapses_at() const {
    const int index = tier_index();
    if (index <= 0 || lifetime()) return std::nullopt;
    const int64_t threshold = rules_.levels[size_t(index)].threshold;
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
}

}  // namespace loyalty
