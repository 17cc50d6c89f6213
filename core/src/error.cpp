#include "loyalty/error.h"

#include <iterator>

namespace loyalty {
namespace {

// In the order of enum ErrorCode.
constexpr const char* kNames[] = {
    "invalid",
    "not_json",
    "too_large",
    "required",
    "wrong_type",
    "out_of_range",
    "too_long",
    "too_many",
    "bad_format",
    "unknown_field",
    "not_allowed",
    "duplicate",
    "out_of_order",
    "unknown_reference",
    "not_enough_points",
    "conflict",
    "internal",
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "timeout",
    "gone",
    "unsupported_media_type",
    "rate_limited",
    "unavailable",
};
static_assert(std::size(kNames) == size_t(ErrorCode::unavailable) + 1);

}  // namespace

const char* error_code_name(ErrorCode code) {
    const auto i = size_t(code);
    return i < std::size(kNames) ? kNames[i] : "invalid";
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
    for (size_t i = 0; i < std::size(kNames); ++i)
        if (name == kNames[i]) return ErrorCode(i);
    return std::nullopt;
}

}  // namespace loyalty
