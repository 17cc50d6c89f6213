// Errors are values: every fallible core function returns them instead of throwing.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace loyalty {

/** One problem with an input: a JSON Pointer to the offending field ("" for the whole document)
 *  and a sentence saying what was expected. */
struct Error {
    std::string path;
    std::string message;
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
