// Helpers shared by every native test: reading files, running an operation and parsing its
// response, and describing how two JSON documents differ in words a reader can act on.
// Header-only; everything is in loyalty::test. Failures throw, which doctest reports with the
// message and fails the test case.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/api.h"
#include "loyalty/ratio.h"

namespace loyalty::test {

using json = nlohmann::json;

/** Absolute path of a file in the source tree, e.g. source_path("demo/examples/program.json"). */
inline std::filesystem::path source_path(std::string_view relative) {
    return std::filesystem::path(LOYALTY_SOURCE_DIR) / std::filesystem::path(relative);
}

/** The whole file as bytes; throws std::runtime_error naming the path when it cannot be read. */
inline std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read " + path.string());
    return std::move(out).str();
}

/** Parses JSON text (a response or a file); throws with the start of the text when it is not
 *  valid JSON, since a response that does not parse is a bug worth seeing verbatim. */
inline json parse_json(std::string_view text) {
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        throw std::runtime_error("not valid JSON: " + std::string(text.substr(0, 300)));
    }
    return value;
}

/** Reads and parses a JSON file. */
/** nlohmann's DOM builder, but a number it would read as a double is kept as the text its lexer
 *  saw, a json binary value: the tree the core's own parser builds (core/src/json_parse.cpp),
 *  built by nlohmann's lexer instead. */
struct TokenKeepingBuilder : nlohmann::detail::json_sax_dom_parser<json> {
    using json_sax_dom_parser::json_sax_dom_parser;
    bool number_float(double, const std::string& token) {
        json::binary_t bytes(std::vector<std::uint8_t>(token.begin(), token.end()));
        return binary(bytes);
    }
};

/** `text` parsed by nlohmann with each fraction's token kept (TokenKeepingBuilder); discarded
 *  when nlohmann refuses it. */
inline json parse_keeping_tokens(std::string_view text) {
    json out;
    TokenKeepingBuilder builder(out, /*allow_exceptions=*/false);
    if (!json::sax_parse(text, &builder)) return json(json::value_t::discarded);
    return out;
}

inline json load_json(const std::filesystem::path& path) {
    return parse_json(read_text_file(path));
}

/** Runs one operation on a request document and returns the parsed response. */
inline json run(std::string_view operation, const json& request) {
    return parse_json(loyalty::run_operation(operation, request.dump()));
}

/** Runs one operation on raw request text (malformed JSON, hostile bytes) and parses the reply. */
inline json run_text(std::string_view operation, std::string_view request_text) {
    return parse_json(loyalty::run_operation(operation, request_text));
}

/** True when `response` is an error document holding an error at exactly `path`. */
inline bool has_error_at(const json& response, std::string_view path) {
    if (!response.is_object() || response.value("ok", true)) return false;
    const auto errors = response.find("errors");
    if (errors == response.end() || !errors->is_array()) return false;
    return std::any_of(errors->begin(), errors->end(), [&](const json& e) {
        return e.is_object() && e.value("path", std::string("\x01")) == path;
    });
}

/** The errors of a response as "path: message" lines, for CAPTURE/INFO in failing checks. */
inline std::string errors_text(const json& response) {
    std::string text;
    if (!response.is_object() || !response.contains("errors")) return "(no errors member)";
    for (const auto& e : response["errors"]) {
        text +=
            e.value("path", std::string("?")) + ": " + e.value("message", std::string("?")) + "\n";
    }
    return text;
}

/** A value's compact JSON, shortened to `limit` characters so diffs stay readable. */
inline std::string short_dump(const json& value, size_t limit = 240) {
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > limit) text = text.substr(0, limit) + "...";
    return text;
}

/** Every difference between `expected` and `actual`, one line each, by JSON Pointer:
 *  "/points: expected 120, got 119". Empty when the documents are equal. */
inline std::string describe_difference(const json& expected, const json& actual) {
    std::string text;
    for (const auto& op : json::diff(expected, actual)) {
        const std::string path = op.at("path").get<std::string>();
        const std::string kind = op.at("op").get<std::string>();
        const json::json_pointer pointer(path);
        const std::string shown = path.empty() ? "(whole document)" : path;
        if (kind == "replace") {
            text += shown + ": expected " + short_dump(expected.at(pointer)) + ", got " +
                    short_dump(op.at("value")) + "\n";
        } else if (kind == "remove") {
            text += shown + ": missing, expected " + short_dump(expected.at(pointer)) + "\n";
        } else if (kind == "add") {
            text += shown + ": unexpected " + short_dump(op.at("value")) + "\n";
        } else {
            text += shown + ": " + short_dump(op) + "\n";
        }
    }
    return text;
}

/** Explanation points text as an exact fraction, read independently of the core's printer:
 *  an integer ("-238"), a decimal ("0.495", "-0.50") or a fraction ("-859/2684"). Empty on
 *  anything else, on a zero denominator, and when a part does not fit in 128 bits. */
inline std::optional<loyalty::Fraction> exact_points(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    __int128 num = 0, den = 1, scale = 1;
    bool in_den = false, in_decimals = false, any_digit = false;
    for (char c : text) {
        if (c == '/' && !in_den && !in_decimals && any_digit) {
            in_den = true;
            any_digit = false;
            den = 0;
        } else if (c == '.' && !in_den && !in_decimals && any_digit) {
            in_decimals = true;
            any_digit = false;
        } else if (c >= '0' && c <= '9') {
            __int128& part = in_den ? den : num;
            if (__builtin_mul_overflow(part, 10, &part) ||
                __builtin_add_overflow(part, c - '0', &part))
                return std::nullopt;
            if (in_decimals && __builtin_mul_overflow(scale, 10, &scale)) return std::nullopt;
            any_digit = true;
        } else {
            return std::nullopt;
        }
    }
    if (!any_digit || den == 0) return std::nullopt;
    return loyalty::Fraction{negative ? -num : num, in_decimals ? scale : den};
}

/** Checks that every explanation in `doc` (at any depth: status history, preview earn, a ledger
 *  state's history) adds up exactly to the integer `points` beside it, less the entry's
 *  `uncollected` (points a refund could not take back). One line per problem, by JSON Pointer;
 *  `checked` counts the explanations seen. */
inline std::string explanation_sum_problems(const json& doc, size_t& checked,
                                            const std::string& at = "") {
    std::string problems;
    if (doc.is_array()) {
        for (size_t i = 0; i < doc.size(); ++i)
            problems += explanation_sum_problems(doc[i], checked, at + "/" + std::to_string(i));
        return problems;
    }
    if (!doc.is_object()) return problems;
    for (const auto& [key, value] : doc.items())
        problems += explanation_sum_problems(value, checked, at + "/" + key);
    const auto lines = doc.find("explanation");
    if (lines == doc.end()) return problems;
    ++checked;
    const auto points = doc.find("points");
    if (!lines->is_array() || points == doc.end() || !points->is_number_integer())
        return problems + at + ": an explanation without integer points beside it\n";
    loyalty::Fraction sum{doc.value("uncollected", int64_t(0)), 1};
    for (size_t k = 0; k < lines->size(); ++k) {
        const json& line = (*lines)[k];
        const auto text = line.is_object() && line.contains("points") && line["points"].is_string()
                              ? exact_points(line["points"].get<std::string>())
                              : std::nullopt;
        auto next = text ? loyalty::fraction_add(sum, *text) : std::nullopt;
        if (!next)
            return problems + at + "/explanation/" + std::to_string(k) +
                   ": points are not exact text\n";
        sum = *next;
    }
    const auto expected = points->get<int64_t>();
    if (sum.den != 1 || sum.num != expected) {
        problems += at + ": the lines add up to " + std::to_string(int64_t(sum.num)) +
                    (sum.den == 1 ? "" : "/" + std::to_string(int64_t(sum.den))) +
                    ", not to points " + std::to_string(expected) + "\n";
    }
    return problems;
}

/** The folder of shared vectors: $LOYALTY_VECTORS_DIR when set (to run a subset or a draft),
 *  otherwise tests/vectors of this source tree. */
inline std::filesystem::path vectors_dir() {
    const char* override_dir = std::getenv("LOYALTY_VECTORS_DIR");
    return override_dir != nullptr && *override_dir != '\0' ? override_dir : LOYALTY_VECTORS_DIR;
}

/** The shared vector files (every .json in vectors_dir()), sorted by name. */
inline std::vector<std::filesystem::path> vector_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(vectors_dir())) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace loyalty::test
