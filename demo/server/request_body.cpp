#include "request_body.h"

#include <algorithm>

#include "json_body.h"

namespace loyalty::server {

std::string describe_type(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        case json::value_t::number_float:
            return "a fraction";
        default:
            return "a number";
    }
}

Result<json> parse_object_body(std::string_view body) {
    if (body.empty())
        return Error{"", "the body is empty; expected a JSON object", ErrorCode::required};
    auto doc = parse_json_limited(body);
    if (!doc.ok()) return doc.errors();
    if (!doc.value().is_object())
        return Error{"", "expected a JSON object, got " + describe_type(doc.value()),
                     ErrorCode::wrong_type};
    return std::move(doc.value());
}

void FieldReader::fail(std::string_view key, std::string message, ErrorCode code) {
    errors_.push_back({pointer_to(key), std::move(message), code});
}

const json* FieldReader::raw(std::string_view key, bool required) {
    const auto it = object_.find(std::string(key));
    if (it == object_.end() || it->is_null()) {
        if (required) fail(key, "is required", ErrorCode::required);
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> FieldReader::string(std::string_view key, bool required,
                                               size_t max_bytes, bool (*valid)(std::string_view),
                                               std::string_view expected) {
    const json* v = raw(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        fail(key, "expected a string, got " + describe_type(*v), ErrorCode::wrong_type);
        return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    if (s.find('\0') != std::string::npos) {
        // "\u0000" is valid JSON, but no stored text needs it and PostgreSQL cannot hold it.
        fail(key, "contains a NUL character (\\u0000)", ErrorCode::bad_format);
        return std::nullopt;
    }
    if (s.size() > max_bytes) {
        fail(key,
             "is " + std::to_string(s.size()) + " bytes; at most " + std::to_string(max_bytes) +
                 " are accepted",
             ErrorCode::too_long);
        return std::nullopt;
    }
    if (valid && !valid(s)) {
        fail(key, "expected " + std::string(expected), ErrorCode::bad_format);
        return std::nullopt;
    }
    return s;
}

std::optional<int64_t> FieldReader::integer(std::string_view key, bool required, int64_t min,
                                            int64_t max) {
    const json* v = raw(key, required);
    if (!v) return std::nullopt;
    const std::string range =
        "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (v->is_number_unsigned()) {
        const uint64_t u = v->get<uint64_t>();
        if (u <= uint64_t(max) && int64_t(u) >= min) return int64_t(u);
    } else if (v->is_number_integer()) {
        const int64_t i = v->get<int64_t>();
        if (i >= min && i <= max) return i;
    } else {
        fail(key, "expected " + range + ", got " + describe_type(*v), ErrorCode::wrong_type);
        return std::nullopt;
    }
    fail(key, "is " + v->dump() + "; expected " + range, ErrorCode::out_of_range);
    return std::nullopt;
}

std::optional<bool> FieldReader::boolean(std::string_view key, bool required) {
    const json* v = raw(key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        fail(key, "expected true or false, got " + describe_type(*v), ErrorCode::wrong_type);
        return std::nullopt;
    }
    return v->get<bool>();
}

void FieldReader::reject_unknown(std::initializer_list<std::string_view> known) {
    int listed = 0;
    for (const auto& [key, value] : object_.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            if (++listed > 20) break;  // a body of a million keys gets twenty errors, not a million
            fail(key, "is not a known field here", ErrorCode::unknown_field);
        }
    }
}

}  // namespace loyalty::server
