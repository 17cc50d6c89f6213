// The server's clock: the system clock, or one that starts at a stated instant and then runs at
// real speed (--clock), so a demo can stand on a chosen day and a test on a known one. The core
// never reads a clock; every "now" it sees comes from here.
#pragma once

#include <chrono>
#include <cstdint>

#include "loyalty/date.h"

namespace loyalty::server {

class Clock {
  public:
    /** The system clock. */
    Clock() = default;
    /** A clock that reads `start` now and advances in real time from there. */
    explicit Clock(Instant start);

    /** Seconds since the epoch. */
    Instant now() const;
    /** Milliseconds since the epoch (for sub-second stamps). */
    int64_t now_ms() const;

  private:
    int64_t offset_ms_ = 0;
};

/** Milliseconds since the epoch from the system clock (log stamps are always real time). */
int64_t system_now_ms();

/** "2026-11-26T21:07:21.123Z" for a system time in milliseconds. */
std::string utc_stamp(int64_t ms);

}  // namespace loyalty::server
