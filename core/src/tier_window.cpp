#include "tier_window.h"

namespace loyalty {

int tier_for(const TierRules& rules, int64_t qualifying) {
    int index = -1;
    for (size_t i = 0; i < rules.levels.size(); ++i) {
        if (qualifying >= rules.levels[i].threshold) index = int(i);
    }
    return rules.levels.empty() ? -1 : (index < 0 ? 0 : index);
}

size_t TierWindow::add(Instant at, int64_t amount) {
    entries_.push_back({at, amount});
    sum_ += amount;
    return entries_.size() - 1;
}

void TierWindow::reduce(size_t handle, int64_t amount) {
    if (handle >= entries_.size()) return;
    entries_[handle].amount -= amount;
    if (handle >= first_) sum_ -= amount;
}

void TierWindow::advance_to(Instant now) {
    if (rules_.window_days <= 0) return;  // lifetime: nothing ever leaves
    // A contribution counts while now < at + window: it leaves exactly `window_days` later.
    while (first_ < entries_.size() && leaves_at(entries_[first_]) <= now) {
        sum_ -= entries_[first_].amount;
        ++first_;
    }
}

int TierWindow::tier_index() const { return tier_for(rules_, sum_); }

std::optional<Instant> TierWindow::lapses_at() const {
    const int index = tier_index();
    if (index <= 0 || rules_.window_days <= 0) return std::nullopt;
    const int64_t threshold = rules_.levels[size_t(index)].threshold;
    int64_t remaining = sum_;
    for (size_t i = first_; i < entries_.size(); ++i) {
        remaining -= entries_[i].amount;
        if (remaining < threshold) return leaves_at(entries_[i]);
    }
    return std::nullopt;
}

}  // namespace loyalty
