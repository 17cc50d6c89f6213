// Reading the server's own request documents (orders, refunds, survey answers, token requests):
// JSON object bodies, fields checked one by one, every problem reported with its JSON Pointer,
// unknown fields refused (a misspelt "points_redemed" must not silently become 0).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "json_body.h"
#include "loyalty/error.h"

namespace loyalty::server {

using nlohmann::json;

/** Parses a body that must be one JSON object, nested at most kMaxJsonDepth deep; the error
 *  names where the text went wrong (json_body.h). */
Result<json> parse_object_body(std::string_view body);

/** Reads members of one object, appending an Error per problem to `errors`. */
class FieldReader {
  public:
    FieldReader(const json& object, Errors& errors) : object_(object), errors_(errors) {}

    /** A string of at most `max_bytes`; `valid`, when given, must accept it (`expected` then
     *  says what was wanted). Empty when absent or wrong (an error is recorded unless it was
     *  optional and absent). */
    std::optional<std::string> string(std::string_view key, bool required, size_t max_bytes,
                                      bool (*valid)(std::string_view) = nullptr,
                                      std::string_view expected = {});
    /** A whole number in [min, max]. */
    std::optional<int64_t> integer(std::string_view key, bool required, int64_t min, int64_t max);
    /** true or false. */
    std::optional<bool> boolean(std::string_view key, bool required);
    /** The raw member (any type), or nullptr; records "required" when missing and required. */
    const json* raw(std::string_view key, bool required);
    /** Records an error for each member not in `known`. */
    void reject_unknown(std::initializer_list<std::string_view> known);

  private:
    void fail(std::string_view key, std::string message, ErrorCode code);

    const json& object_;
    Errors& errors_;
};

/** "a string", "a number", ...: how a JSON value is described in messages. */
std::string describe_type(const json& value);

}  // namespace loyalty::server
