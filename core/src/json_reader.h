// Reading JSON input field by field, collecting errors that name each field's JSON Pointer.
// Internal to the core: public headers stay free of nlohmann.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "loyalty/date.h"
#include "loyalty/error.h"
#include "loyalty/ratio.h"

namespace loyalty {

using json = nlohmann::json;

/** JSON Pointer of `key` under `parent` ("/earn" + "rate" -> "/earn/rate"), escaping ~ and /. */
std::string child_path(std::string_view parent, std::string_view key);
std::string child_path(std::string_view parent, size_t index);

/** A short description of a JSON value's type for messages: "a string", "null", "a number 1.5". */
std::string describe(const json& value);

/** The text of a number token the core's parser kept (a json binary value: json_parse.cpp). */
std::string_view number_token(const json& value);

/** A number as a message quotes it: as the request wrote it, cut after 40 characters. */
std::string quoted_number(const json& value);

/** Parses request text without exceptions; a syntax error becomes an Error at path "". */
Result<json> parse_json_text(std::string_view text);

/** Serialises a response: compact, invalid UTF-8 replaced rather than thrown on. */
std::string dump_json(const json& value);

/** Appends `s` as a JSON string literal, escaped as dump_json escapes it. */
void append_json_string(std::string_view s, std::string& out);

// Building objects: answers are built member by member with `put`, never from nlohmann's nested
// initializer lists (`{{"id", ...}, ...}`) nor with `out["id"] = ...` at the call site. Both of
// those expand, at every member, into code that makes the key string, finds or inserts it and
// converts the value; `put` keeps that in one function per value type, which made the widget's
// wasm about 2 KB gzip smaller (docs/performance.md, "Widget size"). Keys come out sorted.

/** Sets member `key` of `object` (a null `object` becomes an object), replacing any old value. */
void put(json& object, const char* key, json value);
void put(json& object, const char* key, const std::string& value);
void put(json& object, const char* key, std::string&& value);
void put(json& object, const char* key, const char* value);
void put(json& object, const char* key, std::nullptr_t);
void put_bool(json& object, const char* key, bool value);
void put_int(json& object, const char* key, int64_t value);
void put_uint(json& object, const char* key, uint64_t value);
/** The instant as ISO 8601 text in `zone`, or null when absent. */
void put_instant(json& object, const char* key, std::optional<Instant> t, Zone zone);

// Integers and booleans by their exact type: a plain overload on bool or int64_t would also take
// a pointer or a double by implicit conversion and write the wrong JSON type without a warning.
template <class B>
requires std::same_as<B, bool>
void put(json& object, const char* key, B value) { put_bool(object, key, value); }
template <std::signed_integral I>
void put(json& object, const char* key, I value) {
    put_int(object, key, value);
}
template <std::unsigned_integral U>
requires(!std::same_as<U, bool>) void put(json& object, const char* key, U value) {
    put_uint(object, key, value);
}

/** The `{"ok": false, "errors": [...]}` document. */
json errors_document(const Errors& errors);

/** Reads typed fields out of JSON objects. Every failed read appends one Error; reads of a
 *  field that is absent return the fallback (optional fields) or record "is required". */
class JsonReader {
  public:
    explicit JsonReader(Errors& errors) : errors_(errors) {}

    /** Records an error of kind `code` (every site names one: docs/api.md, "Error codes"). Out
     *  of line, with an overload for a literal message: a readers' call site then only passes
     *  pointers, which keeps the widget's wasm smaller (about 250 B gzip). */
    void fail(std::string path, std::string message, ErrorCode code);
    void fail(std::string path, const char* message, ErrorCode code);
    size_t error_count() const { return errors_.size(); }

    /** The member, or nullptr when absent (recording an error when `required`). Also fails,
     *  returning nullptr, when `object` is not an object. */
    const json* member(const json& object, std::string_view path, std::string_view key,
                       bool required);

    /** True when `value` is an object; records "expected an object" otherwise. */
    bool expect_object(const json& value, std::string_view path);
    bool expect_array(const json& value, std::string_view path, size_t max_items = 1'000'000);

    std::optional<std::string> string(const json& object, std::string_view path,
                                      std::string_view key, bool required, size_t max_length = 200);
    /** An integer in [min, max]. Floats ("12.5") and numeric strings are refused. */
    std::optional<int64_t> integer(const json& object, std::string_view path, std::string_view key,
                                   bool required, int64_t min, int64_t max);
    /** An amount of money in minor units: integer() whose messages say so. */
    std::optional<int64_t> money(const json& object, std::string_view path, std::string_view key,
                                 bool required, int64_t min, int64_t max);
    /** An identifier: 1-64 characters of letters, digits, '-', '_' and '.'. */
    std::optional<std::string> identifier(const json& object, std::string_view path,
                                          std::string_view key, bool required);
    /** Records "is not a known field here" for each member of `object` not in `known`, so that
     *  a misspelt key never passes silently as its default. */
    void reject_unknown(const json& object, std::string_view path,
                        std::initializer_list<std::string_view> known);
    std::optional<bool> boolean(const json& object, std::string_view path, std::string_view key,
                                bool required);
    /** A member naming one of `names` (a table in the order of enum E): sets `out` to it and
     *  returns true, or records "expected "a", "b" or "c" (hint)" (or "is required") and leaves
     *  `out` alone. */
    template <class E, size_t N>
    bool choice(const json& object, std::string_view path, std::string_view key,
                const char* const (&names)[N], E& out, const char* hint = "",
                bool required = false) {
        const int i = choice_index(object, path, key, names, N, hint, required);
        if (i >= 0) out = E(i);
        return i >= 0;
    }
    /** A ratio given as a JSON number (1.5) or decimal text ("1.5", "30%"), within [min, max]. */
    std::optional<Ratio> ratio(const json& object, std::string_view path, std::string_view key,
                               bool required, Ratio min, Ratio max);
    std::optional<Instant> instant(const json& object, std::string_view path, std::string_view key,
                                   bool required, Zone zone);
    std::optional<Day> day(const json& object, std::string_view path, std::string_view key,
                           bool required);

    /** The index in `names` of the string `value` at `path` (an element of a list), or -1
     *  after recording "expected ..." as choice() does. */
    int choice_value(const json& value, const std::string& path, const char* const* names,
                     size_t count, const char* hint = "");

  private:
    /** choice() without its type: the index of the name, or -1 (absent or refused). */
    int choice_index(const json& object, std::string_view path, std::string_view key,
                     const char* const* names, size_t count, const char* hint, bool required);
    std::optional<int64_t> whole_number(const json& object, std::string_view path,
                                        std::string_view key, bool required, int64_t min,
                                        int64_t max, std::string_view unit_hint);
    Errors& errors_;
};

}  // namespace loyalty
