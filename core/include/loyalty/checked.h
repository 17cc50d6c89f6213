// Overflow-checked integer arithmetic: money and points never wrap silently.
#pragma once

#include <cstdint>
#include <optional>

namespace loyalty {

inline std::optional<int64_t> checked_add(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
    return r;
}

inline std::optional<int64_t> checked_sub(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
    return r;
}

inline std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
    return r;
}

/** Largest amount (minor units) or point count the core accepts: 10^15, so that sums of a
 *  million such values and products with fixed-point ratios stay inside 128-bit intermediates. */
inline constexpr int64_t kMaxAmount = 1'000'000'000'000'000;

}  // namespace loyalty
