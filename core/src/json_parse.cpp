// parse_json_text: strict JSON text (RFC 8259) to an nlohmann::json value.
//
// Why not nlohmann's own parser: its lexer, parser and SAX DOM builder are a large part of the
// WebAssembly every shop page downloads, and its number lexer calls the C library's strtod, whose
// musl version links long-double soft float; this reader is a fraction of that, and converts no
// decimal to binary at all (docs/performance.md). It accepts and rejects exactly what nlohmann's
// parser does and builds the same values (a number token's text where nlohmann reads a double),
// which tests/unit/json_text_test.cpp checks against nlohmann on every vector and on mutated
// texts:
// - an optional UTF-8 byte order mark, then one value, then only whitespace (space, tab, LF, CR);
// - strings hold well-formed UTF-8 and no raw control character; \u escapes pair surrogates;
// - an integer token is an int64 when negative, a uint64 otherwise; one that does not fit, and
//   any token with a fraction or exponent, is kept as its text (a json binary value, which JSON
//   text never gives), read exactly by the field that takes it (JsonReader's ratio and
//   whole_number) and printed back as it came (dump_json); a token a double cannot hold (strtod
//   would give infinity) is an error, reported at the JSON Pointer of its field, as nlohmann
//   reports it;
// - a repeated object key keeps the last value.
// Nesting depth is limited only by memory: containers are tracked on a heap stack, not by
// recursion, so a hostile "[[[[..." cannot overflow the call stack.
#include <algorithm>
#include <vector>

#include "json_reader.h"

namespace loyalty {
namespace {

// 2^1024 - 2^970, the midpoint between the largest double and 2^1024: a decimal at or above it
// rounds to infinity (ties to even go up, DBL_MAX's significand being odd).
constexpr std::string_view kOverflowDigits =
    "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775"
    "8720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581"
    "7711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699"
    "508093042880177904174497792";

/** True when the number token's magnitude is at least kOverflowDigits: what strtod reads as an
 *  infinity. Decided on the digits alone: the value is 0.d1d2... x 10^k. */
bool overflows_double(std::string_view token) {
    // The significant digits, as many as the comparison needs (a hostile token may hold
    // millions): a value whose first 309 agree with the threshold's is at or above it anyway.
    std::string digits;
    int64_t k = 0;  // the decimal exponent of the first significant digit, as 0.d x 10^k
    bool point = false;
    size_t i = token.front() == '-' ? 1 : 0;
    for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
        const char c = token[i];
        if (c == '.') {
            point = true;
            continue;
        }
        if (digits.empty() && c == '0') {
            if (point) --k;  // 0.00d: each zero after the point lowers the exponent
            continue;
        }
        if (digits.size() < kOverflowDigits.size()) digits += c;
        if (!point) ++k;
    }
    if (digits.empty()) return false;  // zero
    if (i < token.size()) {
        // The exponent, clamped far beyond any token's count of digits (so that a clamped
        // exponent still decides), and far below what would wrap.
        size_t j = i + 1;
        const bool negative = token[j] == '-';
        if (token[j] == '-' || token[j] == '+') ++j;
        constexpr int64_t kClamp = 1'000'000'000'000;
        int64_t e = 0;
        for (; j < token.size(); ++j) e = std::min<int64_t>(e * 10 + (token[j] - '0'), kClamp);
        k += negative ? -e : e;
    }
    const auto size = int64_t(kOverflowDigits.size());
    if (k != size) return k > size;
    // Same exponent: compare the digits as fractions (the token's padded with zeros).
    for (size_t d = 0; d < kOverflowDigits.size(); ++d) {
        const char a = d < digits.size() ? digits[d] : '0';
        if (a != kOverflowDigits[d]) return a > kOverflowDigits[d];
    }
    return true;  // at the midpoint or above it: rounds up
}

class Parser {
  public:
    explicit Parser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    /** After a failed parse: the number token that overflowed a double, if that was the
     *  problem, and the JSON Pointer of its field. */
    const std::string& too_large() const { return too_large_; }
    const std::string& too_large_path() const { return too_large_path_; }

    bool parse(json& out) {
        // nlohmann skips a BOM only when all three bytes are there.
        if (end_ - p_ >= 1 && uint8_t(*p_) == 0xEF) {
            if (end_ - p_ < 3 || uint8_t(p_[1]) != 0xBB || uint8_t(p_[2]) != 0xBF) return false;
            p_ += 3;
        }
        if (!value(out)) return false;
        skip_space();
        return p_ == end_;
    }

  private:
    void skip_space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
    }

    bool literal(std::string_view word) {
        if (size_t(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
            return false;
        }
        p_ += word.size();
        return true;
    }

    /** One value, containers included, into `out`. Containers open on `stack`; after each
     *  scalar or closed container the loop reads a ',' or the closing bracket of the innermost
     *  open container. */
    bool value(json& out) {
        std::vector<json*> stack;
        json* slot = &out;
        while (true) {
            skip_space();
            if (p_ == end_) return false;
            const char c = *p_;
            if (c == '{' || c == '[') {
                ++p_;
                *slot = c == '{' ? json::object() : json::array();
                skip_space();
                const char close = c == '{' ? '}' : ']';
                if (p_ < end_ && *p_ == close) {
                    ++p_;  // empty: fall through to the "after a value" handling below
                } else {
                    stack.push_back(slot);
                    keys_.emplace_back();
                    slot = c == '{' ? member_slot(*slot) : element_slot(*slot);
                    if (!slot) return false;
                    continue;
                }
            } else if (!scalar(*slot)) {
                if (!too_large_.empty()) too_large_path_ = path_of(stack);
                return false;
            }
            // After a value: a ',' opens the next slot of the innermost container, or its
            // closing bracket ends it, which is again "after a value" one level up.
            while (true) {
                if (stack.empty()) return true;
                skip_space();
                if (p_ == end_) return false;
                json& container = *stack.back();
                if (*p_ == ',') {
                    ++p_;
                    slot = container.is_object() ? member_slot(container) : element_slot(container);
                    if (!slot) return false;
                    break;
                }
                if (*p_ != (container.is_object() ? '}' : ']')) return false;
                ++p_;
                stack.pop_back();
                keys_.pop_back();
            }
        }
    }

    json* element_slot(json& array) {
        array.push_back(json());
        return &array.back();
    }

    /** Reads `"key":` and returns the member's slot (a repeated key's old value is replaced). */
    json* member_slot(json& object) {
        skip_space();
        std::string key;
        if (p_ == end_ || *p_ != '"' || !string(key)) return nullptr;
        skip_space();
        if (p_ == end_ || *p_ != ':') return nullptr;
        ++p_;
        json& slot = object[key];
        slot = json();
        keys_.back() = std::move(key);  // kept only to name a field in an error
        return &slot;
    }

    bool scalar(json& out) {
        switch (*p_) {
            case '"': {
                std::string s;
                if (!string(s)) return false;
                out = std::move(s);
                return true;
            }
            case 't':
                out = true;
                return literal("true");
            case 'f':
                out = false;
                return literal("false");
            case 'n':
                out = nullptr;
                return literal("null");
            default:
                return number(out);
        }
    }

    /** Four hex digits after "\u". */
    bool hex4(uint32_t& out) {
        if (end_ - p_ < 4) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *p_++;
            uint32_t digit;
            if (c >= '0' && c <= '9') {
                digit = uint32_t(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                digit = uint32_t(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                digit = uint32_t(c - 'A' + 10);
            } else {
                return false;
            }
            out = out * 16 + digit;
        }
        return true;
    }

    static void append_utf8(std::string& s, uint32_t cp) {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xC0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += char(0xE0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        } else {
            s += char(0xF0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3F));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        }
    }

    /** The escape after a backslash (p_ is past the backslash). */
    bool escape(std::string& s) {
        if (p_ == end_) return false;
        switch (*p_++) {
            case '"':
                s += '"';
                return true;
            case '\\':
                s += '\\';
                return true;
            case '/':
                s += '/';
                return true;
            case 'b':
                s += '\b';
                return true;
            case 'f':
                s += '\f';
                return true;
            case 'n':
                s += '\n';
                return true;
            case 'r':
                s += '\r';
                return true;
            case 't':
                s += '\t';
                return true;
            case 'u':
                break;
            default:
                return false;
        }
        uint32_t cp;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate cannot come first
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(s, cp);
        return true;
    }

    /** A byte in [lo, hi] at p_, consumed. */
    bool byte_in(uint8_t lo, uint8_t hi) {
        if (p_ == end_ || uint8_t(*p_) < lo || uint8_t(*p_) > hi) return false;
        ++p_;
        return true;
    }

    /** The continuation bytes of one well-formed UTF-8 sequence whose lead byte is at p_ - 1
     *  (the Unicode table of well-formed sequences: no overlongs, surrogates or > U+10FFFF). */
    bool utf8_tail(uint8_t lead) {
        if (lead >= 0xC2 && lead <= 0xDF) return byte_in(0x80, 0xBF);
        if (lead == 0xE0) return byte_in(0xA0, 0xBF) && byte_in(0x80, 0xBF);
        if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
            return byte_in(0x80, 0xBF) && byte_in(0x80, 0xBF);
        }
        if (lead == 0xED) return byte_in(0x80, 0x9F) && byte_in(0x80, 0xBF);
        if (lead == 0xF0) return byte_in(0x90, 0xBF) && byte_in(0x80, 0xBF) && byte_in(0x80, 0xBF);
        if (lead >= 0xF1 && lead <= 0xF3) {
            return byte_in(0x80, 0xBF) && byte_in(0x80, 0xBF) && byte_in(0x80, 0xBF);
        }
        if (lead == 0xF4) return byte_in(0x80, 0x8F) && byte_in(0x80, 0xBF) && byte_in(0x80, 0xBF);
        return false;
    }

    /** A string token (p_ at its opening quote) into `s`, unescaped. */
    bool string(std::string& s) {
        ++p_;
        while (p_ < end_) {
            const char* start = p_;
            // The plain ASCII run up to a quote, a backslash or a byte that needs a look.
            while (p_ < end_ && uint8_t(*p_) >= 0x20 && uint8_t(*p_) < 0x80 && *p_ != '"' &&
                   *p_ != '\\') {
                ++p_;
            }
            s.append(start, size_t(p_ - start));
            if (p_ == end_) return false;
            const uint8_t b = uint8_t(*p_++);
            if (b == '"') return true;
            if (b == '\\') {
                if (!escape(s)) return false;
            } else if (b < 0x20) {
                return false;  // control characters must be escaped
            } else {
                const char* lead = p_ - 1;
                if (!utf8_tail(b)) return false;
                s.append(lead, size_t(p_ - lead));
            }
        }
        return false;
    }

    bool digits() {
        const char* start = p_;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        return p_ > start;
    }

    bool number(json& out) {
        const char* start = p_;
        const bool negative = *p_ == '-';
        if (negative) ++p_;
        if (p_ == end_) return false;
        if (*p_ == '0') {
            ++p_;
        } else if (!(*p_ >= '1' && *p_ <= '9') || !digits()) {
            return false;
        }
        bool integral = true;
        if (p_ < end_ && *p_ == '.') {
            ++p_;
            if (!digits()) return false;
            integral = false;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (!digits()) return false;
            integral = false;
        }
        if (integral && integer(std::string_view(start, size_t(p_ - start)), negative, out)) {
            return true;
        }
        // A fraction, an exponent, or an integer too large for 64 bits: kept as its text, for
        // the field that reads it; what would be an infinite double is refused.
        const std::string_view token(start, size_t(p_ - start));
        if (overflows_double(token)) {
            too_large_ = std::string(token);
            return false;
        }
        out = json::binary(json::binary_t::container_type(start, p_));
        return true;
    }

    /** An integer token that fits: int64 when negative, uint64 otherwise. */
    static bool integer(std::string_view token, bool negative, json& out) {
        uint64_t magnitude = 0;
        for (char c : token.substr(negative ? 1 : 0)) {
            const uint64_t digit = uint64_t(c - '0');
            if (magnitude > (UINT64_MAX - digit) / 10) return false;
            magnitude = magnitude * 10 + digit;
        }
        if (!negative) {
            out = magnitude;
            return true;
        }
        if (magnitude > uint64_t(INT64_MAX) + 1) return false;
        out = magnitude == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -int64_t(magnitude);
        return true;
    }

    /** The JSON Pointer of the value being read: each open container's member key, or its
     *  last element's index (the one being read, or holding the next container down). */
    std::string path_of(const std::vector<json*>& stack) const {
        std::string path;  // appended in place: a text nested 100,000 deep stays linear
        for (size_t i = 0; i < stack.size(); ++i) {
            path += stack[i]->is_object() ? child_path("", keys_[i])
                                          : child_path("", stack[i]->size() - 1);
        }
        return path;
    }

    const char* p_;
    const char* end_;
    std::vector<std::string> keys_;  // per open container: the member being read (objects)
    std::string too_large_;          // a number token that overflows a double, when one did
    std::string too_large_path_;     // where it stands
};

}  // namespace

Result<json> parse_json_text(std::string_view text) {
    json value;
    Parser parser(text);
    if (!parser.parse(value)) {
        // Valid JSON, but a number beyond a double's range: say which field, as a field error.
        if (!parser.too_large().empty()) {
            return Error{parser.too_large_path(),
                         "is " + parser.too_large() + ", a number too large to read",
                         ErrorCode::too_large};
        }
        return Error{"", "the request is not valid JSON (a syntax error or invalid UTF-8)",
                     ErrorCode::not_json};
    }
    return value;
}

}  // namespace loyalty
