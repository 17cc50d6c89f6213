// The ledger states this process's bookings last stored, kept typed by customer, so the next
// booking of the same customer continues from them without parsing the stored text again
// (docs/performance.md, "where a booking's time goes"). The stored text is the key: a state
// another process wrote, one rebuilt from the events, or one whose batch rolled back reads back
// as other text, and is parsed as before. A state printed and read back prints the same text
// (tests/unit/ledger_state_test.cpp), so a cached state equals what parsing its text gives.
#pragma once

#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "loyalty/ledger.h"

namespace loyalty::server {

class StateCache {
  public:
    /** Keeps states whose texts add up to at most `byte_budget`, the least recently stored
     *  dropped first. */
    explicit StateCache(size_t byte_budget) : budget_(byte_budget) {}

    /** The state cached for `customer_id` when it was stored as `text`, moved out: one booking
     *  of a customer runs at a time, and it puts the next state back. */
    std::optional<LedgerState> take(const std::string& customer_id, std::string_view text);

    /** take() for a read, which leaves the state for the next booking: a copy. Another text
     *  leaves the entry too (the read may have loaded an older row than the one just stored). */
    std::optional<LedgerState> copy(const std::string& customer_id, std::string_view text);

    /** Caches `state`, just stored as `text`, for `customer_id`. */
    void put(const std::string& customer_id, std::string text, LedgerState state);

    size_t size() const;

  private:
    struct Entry {
        std::string text;
        LedgerState state;
        std::list<std::string>::iterator age;  // its place in order_
    };
    void erase(std::unordered_map<std::string, Entry>::iterator it);

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> order_;  // customer ids, the least recently stored first
    size_t bytes_ = 0;
    size_t budget_;
};

}  // namespace loyalty::server
