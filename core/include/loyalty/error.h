// Errors are values: every fallible core function returns them instead of throwing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loyalty {

/** What kind of problem an Error is: a stable key for callers and translations, beside the
 *  English sentence. The names (error_code_name) are listed in docs/api.md, "Error codes"; a new
 *  code goes at the end, and a code never changes its meaning. */
enum class ErrorCode : uint8_t {
    invalid,            // breaks a rule of the format not covered below
    not_json,           // the request is not JSON text (a syntax error or invalid UTF-8)
    too_large,          // a request over its byte limit, or a number beyond any field's range
    required,           // a required field is missing (or null)
    wrong_type,         // a field of the wrong JSON type
    out_of_range,       // a number outside the field's range
    too_long,           // a text longer than the field allows
    too_many,           // a list with more items than the field allows, or an empty one
    bad_format,         // text in the wrong form: a date, an identifier, a decimal, a month
    unknown_field,      // a field the format does not have (usually a misspelling)
    not_allowed,        // a value that is not one of the field's allowed names or values
    duplicate,          // an id, a name or an order given twice
    out_of_order,       // dates or events out of order, or after "now"
    unknown_reference,  // names something that does not exist: a tier, a reward, an order
    not_enough_points,  // spends more points than the balance or the cart allows
    conflict,           // contradicts another field, the programme or the ledger
    internal,           // a bug in the core (or the server); the input may well be fine
    // Only loyalty-server answers these (docs/server.md): the HTTP status says the same.
    unauthorized,            // 401: no valid token or key
    forbidden,               // 403: the token or key may not do this
    not_found,               // 404: no such customer, code, route or version
    method_not_allowed,      // 405
    timeout,                 // 408: the request was not read in time
    gone,                    // 410: expired or withdrawn
    unsupported_media_type,  // 415: not JSON, or an encoding other than gzip
    rate_limited,            // 429: too many requests; Retry-After says when to come back
    unavailable,             // 503: shutting down or the store is unreachable; try again
};

/** The code's name in JSON ("out_of_range"). */
const char* error_code_name(ErrorCode code);

/** The code named `name`, or nullopt (for callers that read error documents back). */
std::optional<ErrorCode> error_code_from_name(std::string_view name);

/** One problem with an input: a JSON Pointer to the offending field ("" for the whole document),
 *  a sentence saying what was expected, and the kind of problem. */
struct Error {
    std::string path;
    std::string message;
    ErrorCode code = ErrorCode::invalid;
    friend bool operator==(const Error&, const Error&) = default;
};

using Errors = std::vector<Error>;

/** A value or the errors that prevented it. `ok()` is true exactly when there are no errors. */
template <class T>
class Result {
  public:
    Result(T value) : value_(std::move(value)) {}
    Result(Errors errors) : errors_(std::move(errors)) {}
    Result(Error error) : errors_{std::move(error)} {}

    bool ok() const { return errors_.empty() && value_.has_value(); }
    const T& value() const& { return *value_; }
    T& value() & { return *value_; }
    T&& value() && { return std::move(*value_); }
    const Errors& errors() const { return errors_; }

  private:
    std::optional<T> value_;
    Errors errors_;
};

}  // namespace loyalty
