#include "json_reader.h"

#include <algorithm>

#include "loyalty/checked.h"

namespace loyalty {

std::string child_path(std::string_view parent, std::string_view key) {
    std::string out(parent);
    out += '/';
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string child_path(std::string_view parent, size_t index) {
    return std::string(parent) + "/" + std::to_string(index);
}

std::string_view number_token(const json& value) {
    const auto& bytes = value.get_binary();
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::string quoted_number(const json& value) {
    std::string text = dump_json(value);
    if (text.size() > 40) {
        text.resize(40);
        text += "...";
    }
    return text;
}

std::string describe(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::object:
            return "an object";
        case json::value_t::array:
            return "an array";
        case json::value_t::string:
            return "a string";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::number_float:
        case json::value_t::binary:  // a number token with a fraction or exponent (json_parse.cpp)
            return "a fractional number";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "an integer";
        default:
            return "an unsupported value";
    }
}

json errors_document(const Errors& errors) {
    json list = json::array();
    for (const auto& e : errors) {
        json& item = list.emplace_back();
        put(item, "code", error_code_name(e.code));
        put(item, "path", e.path);
        put(item, "message", e.message);
    }
    json out;
    put(out, "ok", false);
    put(out, "errors", std::move(list));
    return out;
}

const json* JsonReader::member(const json& object, std::string_view path, std::string_view key,
                               bool required) {
    if (!object.is_object()) return nullptr;  // the caller already reported the container
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) fail(child_path(path, key), "is required", ErrorCode::required);
        return nullptr;
    }
    return &*it;
}

bool JsonReader::expect_object(const json& value, std::string_view path) {
    if (value.is_object()) return true;
    fail(std::string(path), "expected an object, got " + describe(value), ErrorCode::wrong_type);
    return false;
}

bool JsonReader::expect_array(const json& value, std::string_view path, size_t max_items) {
    if (!value.is_array()) {
        fail(std::string(path), "expected an array, got " + describe(value), ErrorCode::wrong_type);
        return false;
    }
    if (value.size() > max_items) {
        fail(std::string(path),
             "has " + std::to_string(value.size()) + " items; at most " +
                 std::to_string(max_items) + " are accepted",
             ErrorCode::too_many);
        return false;
    }
    return true;
}

std::optional<std::string> JsonReader::string(const json& object, std::string_view path,
                                              std::string_view key, bool required,
                                              size_t max_length) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        fail(child_path(path, key), "expected a string, got " + describe(*v),
             ErrorCode::wrong_type);
        return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > max_length) {
        fail(child_path(path, key),
             "is " + std::to_string(s.size()) + " bytes long; at most " +
                 std::to_string(max_length) + " are accepted",
             ErrorCode::too_long);
        return std::nullopt;
    }
    for (unsigned char c : s) {
        if (c < 0x20 && c != '\t') {
            fail(child_path(path, key), "contains a control character", ErrorCode::bad_format);
            return std::nullopt;
        }
    }
    return s;
}

std::optional<int64_t> JsonReader::integer(const json& object, std::string_view path,
                                           std::string_view key, bool required, int64_t min,
                                           int64_t max) {
    return whole_number(object, path, key, required, min, max, "");
}

std::optional<int64_t> JsonReader::money(const json& object, std::string_view path,
                                         std::string_view key, bool required, int64_t min,
                                         int64_t max) {
    return whole_number(object, path, key, required, min, max,
                        " (amounts are in minor units, e.g. kopecks)");
}

std::optional<std::string> JsonReader::identifier(const json& object, std::string_view path,
                                                  std::string_view key, bool required) {
    auto id = string(object, path, key, required, 64);
    if (!id) return std::nullopt;
    const bool valid = !id->empty() && std::all_of(id->begin(), id->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
    if (!valid) {
        fail(child_path(path, key), "must be 1-64 characters of letters, digits, '-', '_' or '.'",
             ErrorCode::bad_format);
        return std::nullopt;
    }
    return id;
}

void JsonReader::fail(std::string path, std::string message, ErrorCode code) {
    errors_.push_back({std::move(path), std::move(message), code});
}

void JsonReader::fail(std::string path, const char* message, ErrorCode code) {
    errors_.push_back({std::move(path), std::string(message), code});
}

void JsonReader::reject_unknown(const json& object, std::string_view path,
                                std::initializer_list<std::string_view> known) {
    if (!object.is_object()) return;
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string list;
        for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        // A pathological key is cut in the path so that the error document stays short.
        const std::string shown = key.size() > 64 ? key.substr(0, 64) + "..." : key;
        fail(child_path(path, shown), "is not a known field here; expected one of: " + list,
             ErrorCode::unknown_field);
    }
}

std::optional<int64_t> JsonReader::whole_number(const json& object, std::string_view path,
                                                std::string_view key, bool required, int64_t min,
                                                int64_t max, std::string_view unit_hint) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    const std::string where = child_path(path, key);
    const std::string range = " in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    if (v->is_number_unsigned()) {
        auto u = v->get<uint64_t>();
        if (u > uint64_t(max) || (min > 0 && u < uint64_t(min))) {
            fail(where, "is " + std::to_string(u) + "; expected an integer" + range,
                 ErrorCode::out_of_range);
            return std::nullopt;
        }
        return int64_t(u);
    }
    if (v->is_number_integer()) {
        auto i = v->get<int64_t>();
        if (i < min || i > max) {
            fail(where, "is " + std::to_string(i) + "; expected an integer" + range,
                 ErrorCode::out_of_range);
            return std::nullopt;
        }
        return i;
    }
    if (v->is_number_float() || v->is_binary()) {
        fail(where,
             "is " + quoted_number(*v) + "; expected a whole number" + range +
                 std::string(unit_hint),
             ErrorCode::wrong_type);
        return std::nullopt;
    }
    fail(where, "expected an integer" + range + ", got " + describe(*v), ErrorCode::wrong_type);
    return std::nullopt;
}

std::optional<bool> JsonReader::boolean(const json& object, std::string_view path,
                                        std::string_view key, bool required) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        fail(child_path(path, key), "expected true or false, got " + describe(*v),
             ErrorCode::wrong_type);
        return std::nullopt;
    }
    return v->get<bool>();
}

int JsonReader::choice_index(const json& object, std::string_view path, std::string_view key,
                             const char* const* names, size_t count, const char* hint,
                             bool required) {
    const json* v = member(object, path, key, required);
    return v ? choice_value(*v, child_path(path, key), names, count, hint) : -1;
}

int JsonReader::choice_value(const json& value, const std::string& path, const char* const* names,
                             size_t count, const char* hint) {
    if (value.is_string())
        for (size_t i = 0; i < count; ++i)
            if (value.get_ref<const std::string&>() == names[i]) return int(i);
    std::string message = "expected ";
    for (size_t i = 0; i < count; ++i) {
        if (i) message += i + 1 < count ? ", " : " or ";
        message += '"';
        message += names[i];
        message += '"';
    }
    if (*hint) {
        message += " (";
        message += hint;
        message += ')';
    }
    if (!value.is_string()) message += ", got " + describe(value);
    fail(path, std::move(message),
         value.is_string() ? ErrorCode::not_allowed : ErrorCode::wrong_type);
    return -1;
}

std::optional<Ratio> JsonReader::ratio(const json& object, std::string_view path,
                                       std::string_view key, bool required, Ratio min, Ratio max) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    const std::string where = child_path(path, key);
    std::string text;
    if (v->is_string()) {
        text = v->get_ref<const std::string&>();
    } else if (v->is_binary()) {
        // The token as the request wrote it ("0.3", "3e-1", "1.500"; the core's parser keeps
        // it), read exactly: no binary rounding reaches the program.
        text = number_token(*v);
    } else if (v->is_number()) {
        // A double built in C++: the shortest text that reads back as it, read exactly.
        text = dump_json(*v);
    } else {
        fail(where, "expected a decimal number such as 1.5 or \"30%\", got " + describe(*v),
             ErrorCode::wrong_type);
        return std::nullopt;
    }
    auto r = parse_ratio(text);
    if (!r) {
        fail(where,
             "\"" + text.substr(0, 40) +
                 "\" is not a plain non-negative decimal with at most six fractional digits "
                 "(or a percentage such as \"30%\")",
             ErrorCode::bad_format);
        return std::nullopt;
    }
    if (*r < min || *r > max) {
        fail(where,
             "is " + format_ratio(*r) + "; expected a value in [" + format_ratio(min) + ", " +
                 format_ratio(max) + "]",
             ErrorCode::out_of_range);
        return std::nullopt;
    }
    return r;
}

std::optional<Instant> JsonReader::instant(const json& object, std::string_view path,
                                           std::string_view key, bool required, Zone zone) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    const std::string where = child_path(path, key);
    if (!v->is_string()) {
        fail(where, "expected an ISO 8601 date or date-time string, got " + describe(*v),
             ErrorCode::wrong_type);
        return std::nullopt;
    }
    auto t = parse_instant(v->get_ref<const std::string&>(), zone);
    if (!t) {
        fail(where,
             "\"" + v->get_ref<const std::string&>().substr(0, 40) +
                 "\" is not an ISO 8601 date (2026-11-26) or date-time "
                 "(2026-11-26T14:30:00+03:00) between 1900 and 2999",
             ErrorCode::bad_format);
        return std::nullopt;
    }
    return t;
}

std::optional<Day> JsonReader::day(const json& object, std::string_view path, std::string_view key,
                                   bool required) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    const std::string where = child_path(path, key);
    if (!v->is_string()) {
        fail(where, "expected a date string (2026-11-26), got " + describe(*v),
             ErrorCode::wrong_type);
        return std::nullopt;
    }
    auto d = parse_day(v->get_ref<const std::string&>());
    if (!d) {
        fail(where,
             "\"" + v->get_ref<const std::string&>().substr(0, 40) +
                 "\" is not a date such as 2026-11-26",
             ErrorCode::bad_format);
        return std::nullopt;
    }
    return d;
}

}  // namespace loyalty
