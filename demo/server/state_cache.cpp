#include "state_cache.h"

namespace loyalty::server {

std::optional<LedgerState> StateCache::take(const std::string& customer_id, std::string_view text) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(customer_id);
    if (it == entries_.end()) return std::nullopt;
    std::optional<LedgerState> out;
    if (it->second.text == text) out = std::move(it->second.state);
    erase(it);  // taken, or stale: the stored text moved on without this process
    return out;
}

std::optional<LedgerState> StateCache::copy(const std::string& customer_id, std::string_view text) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(customer_id);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.text == text) return it->second.state;
    // Kept: a read outside the booking's lock may hold an older text than the one just stored.
    return std::nullopt;
}

void StateCache::put(const std::string& customer_id, std::string text, LedgerState state) {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(customer_id); it != entries_.end()) erase(it);
    if (text.size() > budget_) return;
    bytes_ += text.size();
    order_.push_back(customer_id);
    entries_.emplace(customer_id,
                     Entry{std::move(text), std::move(state), std::prev(order_.end())});
    while (bytes_ > budget_) erase(entries_.find(order_.front()));
}

size_t StateCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void StateCache::erase(std::unordered_map<std::string, Entry>::iterator it) {
    bytes_ -= it->second.text.size();
    order_.erase(it->second.age);
    entries_.erase(it);
}

}  // namespace loyalty::server
