// dump_json: compact JSON text of an nlohmann::json value, byte for byte what
// `value.dump(-1, ' ', false, json::error_handler_t::replace)` prints, except that a number token
// the core's parser kept (a binary value: json_parse.cpp) is printed as the request wrote it.
//
// Why not nlohmann's serializer: it formats "\u%04x" with snprintf, which links musl's printf
// machinery into the WebAssembly every shop page downloads, and carries indentation
// and error modes the core never uses (docs/performance.md). Doubles still go through
// nlohmann's own shortest round-trip formatter (Grisu2), so numbers print as before.
// tests/unit/json_text_test.cpp compares the two on every vector and on invalid UTF-8.
#include <array>
#include <charconv>
#include <cmath>

#include "json_reader.h"

namespace loyalty {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/** The length of the well-formed UTF-8 sequence at s[i] (1-4), or 0 when the bytes there do
 *  not start one; `prefix` is then how many bytes form the longest valid-looking start (at
 *  least 1), which nlohmann replaces with one U+FFFD before reading on. */
size_t utf8_sequence(std::string_view s, size_t i, size_t& prefix) {
    const auto at = [&](size_t k) -> uint8_t {
        return i + k < s.size() ? uint8_t(s[i + k]) : uint8_t(0);
    };
    const uint8_t lead = at(0);
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;  // the range of the second byte; later bytes are 80..BF
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3;
        if (lead == 0xE0) lo = 0xA0;
        if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4;
        if (lead == 0xF0) lo = 0x90;
        if (lead == 0xF4) hi = 0x8F;
    } else {
        prefix = 1;
        return 0;
    }
    for (size_t k = 1; k < need; ++k) {
        const uint8_t b = at(k);
        const bool ok = i + k < s.size() && (k == 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xBF);
        if (!ok) {
            prefix = k;
            return 0;
        }
    }
    return need;
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
    out += '"';
    size_t i = 0;
    while (i < s.size()) {
        size_t prefix = 0;
        const size_t n = utf8_sequence(s, i, prefix);
        if (n == 0) {
            // Invalid: one U+FFFD for the bytes that began a sequence, then read on from the
            // byte that broke it (it may start a valid sequence itself).
            out += kReplacement;
            i += prefix;
            continue;
        }
        const char c = s[i];
        if (n > 1) {
            out.append(s.data() + i, n);
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (uint8_t(c) >= 0x20) {
            out += c;
        } else if (c == '\b') {
            out += "\\b";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\f') {
            out += "\\f";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[uint8_t(c) >> 4];
            out += kHex[uint8_t(c) & 15];
        }
        i += n;
    }
    out += '"';
}

namespace {

template <typename Integer>
void dump_integer(Integer v, std::string& out) {
    std::array<char, 24> buffer;
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v).ptr;
    out.append(buffer.data(), size_t(end - buffer.data()));
}

void dump_value(const json& v, std::string& out);

void dump_container(const json& v, std::string& out) {
    const bool object = v.is_object();
    out += object ? '{' : '[';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        if (object) {
            append_json_string(it.key(), out);
            out += ':';
        }
        dump_value(*it, out);
    }
    out += object ? '}' : ']';
}

void dump_value(const json& v, std::string& out) {
    switch (v.type()) {
        case json::value_t::object:
        case json::value_t::array:
            dump_container(v, out);
            return;
        case json::value_t::string:
            append_json_string(v.get_ref<const std::string&>(), out);
            return;
        case json::value_t::boolean:
            out += v.get<bool>() ? "true" : "false";
            return;
        case json::value_t::number_integer:
            dump_integer(v.get<int64_t>(), out);
            return;
        case json::value_t::number_unsigned:
            dump_integer(v.get<uint64_t>(), out);
            return;
        case json::value_t::number_float: {
            const double d = v.get<double>();
            if (!std::isfinite(d)) {
                out += "null";
                return;
            }
            std::array<char, 64> buffer;
            const char* end =
                nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
            out.append(buffer.data(), size_t(end - buffer.data()));
            return;
        }
        case json::value_t::binary: {
            // A number token kept as the request wrote it (json_parse.cpp): printed as it came.
            const auto& token = v.get_binary();
            out.append(reinterpret_cast<const char*>(token.data()), token.size());
            return;
        }
        default:
            out += "null";
            return;  // null, and the discarded kind never built here
    }
}

}  // namespace

std::string dump_json(const json& value) {
    std::string out;
    dump_value(value, out);
    return out;
}

}  // namespace loyalty
