#include "clock.h"

#include <string>

namespace loyalty::server {

int64_t system_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Clock::Clock(Instant start) : offset_ms_(start * 1000 - system_now_ms()) {}

int64_t Clock::now_ms() const { return system_now_ms() + offset_ms_; }

Instant Clock::now() const {
    const int64_t ms = now_ms();
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

std::string utc_stamp(int64_t ms) {
    const int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    const int64_t millis = ms - seconds * 1000;
    std::string text = format_instant(seconds, Zone{});  // "...T21:07:21+00:00"
    text.resize(19);
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03dZ", int(millis));
    return text + frac;
}

}  // namespace loyalty::server
