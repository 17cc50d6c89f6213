// The core's own JSON reader and writer (core/src/json_parse.cpp, json_dump.cpp) against
// nlohmann/json's: the same texts accepted and refused, the same values (types included) built,
// the same bytes printed. They replace nlohmann's only to keep the WebAssembly small, so any
// difference here is a bug in them.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "json_reader.h"
#include "test_helpers.h"

namespace {

using loyalty::json;

/** Same kind (int64, uint64 and double told apart) and same value, all the way down. */
bool identical(const json& a, const json& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case json::value_t::object: {
            if (a.size() != b.size()) return false;
            for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt) {
                if (it.key() != jt.key() || !identical(*it, *jt)) return false;
            }
            return true;
        }
        case json::value_t::array: {
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); ++i) {
                if (!identical(a[i], b[i])) return false;
            }
            return true;
        }
        case json::value_t::number_float: {
            const double x = a.get<double>(), y = b.get<double>();
            return std::memcmp(&x, &y, sizeof x) == 0;  // bit for bit: -0.0 is not 0.0 here
        }
        default:
            return a == b;
    }
}

/** `v` with each number token the core's parser kept (a binary value: json_parse.cpp) read as
 *  glibc's strtod reads it, which is what nlohmann builds. */
json with_doubles(const json& v) {
    if (v.is_binary()) {
        const auto& b = v.get_binary();
        return std::strtod(std::string(b.begin(), b.end()).c_str(), nullptr);
    }
    if (!v.is_structured()) return v;
    json out = v.is_object() ? json::object() : json::array();
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (v.is_object())
            out[it.key()] = with_doubles(*it);
        else
            out.push_back(with_doubles(*it));
    }
    return out;
}

std::string nlohmann_dump(const json& v) {
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

/** Parses `text` both ways; returns "" when they agree, else what differs. */
std::string compare_parsers(const std::string& text) {
    const auto ours = loyalty::parse_json_text(text);
    const json theirs = json::parse(text, nullptr, /*allow_exceptions=*/false);
    const bool they_accept = !theirs.is_discarded();
    if (ours.ok() != they_accept) {
        return std::string(they_accept ? "nlohmann accepts" : "nlohmann refuses") +
               ", ours does not: " +
               json(text.substr(0, 120)).dump(-1, ' ', true, json::error_handler_t::replace);
    }
    if (!they_accept) return "";
    // Ours keeps each fraction's token exactly as nlohmann's lexer saw it...
    if (!identical(ours.value(), loyalty::test::parse_keeping_tokens(text)))
        return "different tokens for " + nlohmann_dump(theirs).substr(0, 120);
    // ...and read as a double, it is the double nlohmann read.
    const json read = with_doubles(ours.value());
    if (!identical(read, theirs))
        return "different values for " + nlohmann_dump(theirs).substr(0, 120);
    if (loyalty::dump_json(read) != nlohmann_dump(theirs)) {
        return "different text for " + nlohmann_dump(theirs).substr(0, 120);
    }
    // Printed, the tokens come out as they went in: the text reads back to the same tree.
    const auto again = loyalty::parse_json_text(loyalty::dump_json(ours.value()));
    if (!again.ok() || again.value() != ours.value())  // (-0, an int64, prints as 0)
        return "a token changed on the way round for " + nlohmann_dump(theirs).substr(0, 120);
    return "";
}

/** A small deterministic generator (splitmix64), so a failure reproduces. */
struct Random {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return size_t(next() % n); }
};

// Bytes that move a JSON text between valid and invalid, or a string between good and bad UTF-8.
constexpr unsigned char kInteresting[] = {
    '"',  '\\', '{',  '}',  '[',  ']',  ',',  ':',  '0',  '1',  '9',  '-',  '+',  'e',
    'E',  '.',  'u',  't',  'n',  'f',  ' ',  '\t', '\n', 'a',  'D',  0x00, 0x1F, 0x7F,
    0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};

std::string mutate(std::string text, Random& rng) {
    const auto byte = [&] { return char(kInteresting[rng.below(sizeof kInteresting)]); };
    const size_t edits = 1 + rng.below(3);
    for (size_t e = 0; e < edits && !text.empty(); ++e) {
        const size_t at = rng.below(text.size());
        switch (rng.below(4)) {
            case 0:
                text[at] = byte();
                break;
            case 1:
                text.erase(at, 1 + rng.below(3));
                break;
            case 2:
                text.insert(at, 1, byte());
                break;
            default:
                text.resize(at);
                break;
        }
    }
    return text;
}

std::vector<std::string> vector_texts() {
    std::vector<std::string> texts;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             loyalty::test::source_path("tests/vectors"))) {
        if (entry.path().extension() != ".json") continue;
        const std::string file = loyalty::test::read_text_file(entry.path());
        texts.push_back(file);
        const json vector = loyalty::test::parse_json(file);
        // Fixtures beside the vectors (presets/expected.json) are JSON but carry no request.
        if (vector.contains("request_text"))
            texts.push_back(vector["request_text"].get<std::string>());
        else if (vector.contains("request"))
            texts.push_back(vector["request"].dump());
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             loyalty::test::source_path("demo/examples"))) {
        if (entry.path().extension() == ".json") {
            texts.push_back(loyalty::test::read_text_file(entry.path()));
        }
    }
    return texts;
}

}  // namespace

TEST_SUITE("json text") {
    TEST_CASE("hand-picked texts are accepted, refused and read exactly as nlohmann does") {
        const std::vector<std::string> texts = {
            "",
            " ",
            "null",
            "true",
            "false",
            "nul",
            "truex",
            "0",
            "-0",
            "00",
            "01",
            "-",
            "1.",
            ".5",
            "1.5",
            "-1.5e3",
            "1e",
            "1e+",
            "1E-2",
            "1.0e+308",
            "1e309",
            "-1e309",
            "1e-400",
            "4.9406564584124654e-324",
            "0.1",
            "9007199254740993",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "123456789012345678901234567890",
            "[]",
            "{}",
            "[ ]",
            "{ }",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{\"a\":}",
            "{a:1}",
            "{\"a\":1,\"a\":2}",
            "{\"b\":[1,{\"c\":null}],\"a\":\"x\"}",
            "[[[[[]]]]]",
            "[[[[[]]]]",
            "\"abc",
            "\"a\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\"",
            "\"\\u0000\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\ud83dx\"",
            "\"\\ud83d\\u0041\"",
            "\"\\u12\"",
            "\"\\x\"",
            "\"tab\there\"",
            "\"caf\xC3\xA9\"",
            "\"\xC3\"",
            "\"\xC0\xAF\"",
            "\"\xE0\x80\xAF\"",
            "\"\xED\xA0\x80\"",
            "\"\xF4\x90\x80\x80\"",
            "\"\xF0\x9F\x98\x80\"",
            "\"\xFF\"",
            "\xEF\xBB\xBF{}",
            "\xEF\xBB{}",
            "\xEF",
            " \r\n\t[1] \n",
            "[1] x",
            "{\"a\":1}}",
            "[\"\x7F\"]",
            "-01",
            "2.e5",
            "1e5.5",
            "[-]",
            "{\"\":0}",
        };
        for (const auto& text : texts) {
            CAPTURE(text);
            CHECK(compare_parsers(text) == "");
        }
    }

    TEST_CASE("every vector file and request, and thousands of mutations of them, agree") {
        const auto texts = vector_texts();
        REQUIRE(texts.size() >= 200);  // two per vector file
        Random rng{20261127};
        size_t accepted_mutants = 0, refused_mutants = 0;
        for (const auto& text : texts) {
            REQUIRE_MESSAGE(compare_parsers(text) == "", text.substr(0, 200));
            for (int m = 0; m < 40; ++m) {
                const std::string mutant = mutate(text, rng);
                const std::string problem = compare_parsers(mutant);
                if (!problem.empty()) FAIL_CHECK(problem);
                (json::accept(mutant) ? accepted_mutants : refused_mutants)++;
            }
        }
        // Both outcomes must be well represented, or the mutations test little.
        CHECK(accepted_mutants > 1000);
        CHECK(refused_mutants > 1000);
    }

    TEST_CASE("a deeply nested text is read without recursion, or refused when unclosed") {
        // Too deep for a recursive comparison or writer (the core never writes input back), so
        // this walks the value by hand.
        const auto depth_of = [](const json& v) {
            size_t depth = 0;
            for (const json* p = &v; p->is_structured() && !p->empty(); p = &*p->begin()) ++depth;
            return depth;
        };
        const std::string arrays = std::string(100000, '[') + std::string(100000, ']');
        auto parsed = loyalty::parse_json_text(arrays);
        REQUIRE(parsed.ok());
        CHECK(json::accept(arrays));
        CHECK(depth_of(parsed.value()) == 99999);  // the innermost [] is empty
        CHECK_FALSE(loyalty::parse_json_text(std::string(100000, '[')).ok());
        std::string objects;
        for (int i = 0; i < 20000; ++i) objects += "{\"a\":";
        objects += "1";
        objects += std::string(20000, '}');
        parsed = loyalty::parse_json_text(objects);
        REQUIRE(parsed.ok());
        CHECK(depth_of(parsed.value()) == 20000);
        CHECK_FALSE(loyalty::parse_json_text(objects + "}").ok());
    }

    TEST_CASE("a number too large for a double is refused at its field, named in the message") {
        // nlohmann refuses these too (out_of_range.406); the core says where and what.
        const auto refused = [](std::string_view text) {
            auto r = loyalty::parse_json_text(text);
            REQUIRE_FALSE(r.ok());
            CHECK_FALSE(json::accept(text));
            return r.errors().front();
        };
        auto e = refused(R"({"cart":{"lines":[{"price":1},{"sku":"b","price":-1e400}]}})");
        CHECK(e.path == "/cart/lines/1/price");
        CHECK(e.message == "is -1e400, a number too large to read");
        e = refused("1e999");
        CHECK(e.path == "");
        CHECK(e.message == "is 1e999, a number too large to read");
        // Keys with "/" and "~" are escaped; the index is the element being read.
        e = refused(R"({"a/b~":{"x":[[], [0, 2E+400]]}})");
        CHECK(e.path == "/a~1b~0/x/1/1");
        // Nested 50,000 deep: the path is built in linear time.
        const std::string deep = std::string(50000, '[') + "1e400" + std::string(50000, ']');
        e = refused(deep);
        CHECK(e.path.size() == 50000 * 2);
        // A syntax error is still a syntax error at "", even after a huge number was read fine.
        e = refused(R"({"n": 1e300, "m": })");
        CHECK(e.path == "");
        CHECK(e.message == "the request is not valid JSON (a syntax error or invalid UTF-8)");
    }

    TEST_CASE("a number token is kept as written, refused exactly where a double overflows") {
        // Kept as the request wrote it: a field reads "0.30" as 30/100, never as a double.
        auto kept = loyalty::parse_json_text(R"({"share": 0.30, "big": 18446744073709551616})");
        REQUIRE(kept.ok());
        CHECK(loyalty::dump_json(kept.value()) == R"({"big":18446744073709551616,"share":0.30})");
        // The overflow threshold is 2^1024 - 2^970 (DBL_MAX and half an ulp): at and above it
        // strtod gives infinity and nlohmann refuses; just below it, a finite double.
        const std::string midpoint =
            "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664"
            "90179775872070963302864166928879109465555478519404026306574886715058206819089020007083"
            "83676273854845817711531764475730270069855571366959622842914819860834936475292719074168"
            "444365510704342711559699508093042880177904174497792";
        REQUIRE(midpoint.size() == 309);
        for (const std::string& token : std::vector<std::string>{
                 midpoint, "-" + midpoint, midpoint + ".0", midpoint.substr(0, 308) + "1",
                 midpoint.substr(0, 308) + "1e0", "0." + midpoint + "e309",
                 midpoint.substr(0, 200) + "e109", "1.7976931348623157e308",
                 "1.7976931348623158e308", "1.79769313486231580793728971405303415079934e308",
                 "1e308", "9.99e308", "1e309", "0.00001e313", "1e-400", "-0.0e99999999999999999999",
                 "1" + std::string(400, '0'), "0.0000000000000000000000000000001e340",
                 // Digits that a large negative exponent brings back below the threshold.
                 "1" + std::string(2'000'000, '0') + "e-1999800",
                 "1" + std::string(2'000'000, '0') + "e-1999691", "1e99999999999999999999999",
                 "-1e-99999999999999999999999"}) {
            CAPTURE(token);
            const bool overflows = std::isinf(std::strtod(token.c_str(), nullptr));
            CHECK(loyalty::parse_json_text(token).ok() == !overflows);
            CHECK(json::accept(token) == !overflows);
        }
        // And thousands of random tokens about the threshold: digits, a point, an exponent.
        Random rng{20261208};
        for (int i = 0; i < 20000; ++i) {
            std::string token = rng.below(2) ? "-" : "";
            const size_t digits = 1 + rng.below(30);
            const size_t point = rng.below(digits + 1);
            token += char('1' + rng.below(9));
            for (size_t d = 1; d < digits; ++d) {
                if (d == point) token += '.';
                token += char('0' + rng.below(10));
            }
            // Exponents that put the value within a few digits of 10^308.
            token += "e" + std::to_string(int(309 - point) - 4 + int(rng.below(8)));
            const bool overflows = std::isinf(std::strtod(token.c_str(), nullptr));
            if (loyalty::parse_json_text(token).ok() == overflows) {
                FAIL_CHECK("disagrees with strtod on " << token);
                break;
            }
        }
        // And the threshold's own digits with one changed, cut or lengthened, the point moved
        // and the exponent moved to match: the digit comparison decides all of these.
        for (int i = 0; i < 20000; ++i) {
            std::string digits = midpoint;
            const size_t at = rng.below(digits.size());
            digits[at] =
                char((at == 0 ? '1' : '0') + rng.below(at == 0 ? 9 : 10));  // JSON: no leading 0
            if (rng.below(3) == 0) digits.resize(1 + rng.below(digits.size()));
            if (rng.below(3) == 0)
                digits += std::string(rng.below(20), '0') + char('0' + rng.below(10));
            const size_t point = 1 + rng.below(digits.size());  // digits before the point
            std::string token = digits.substr(0, point);
            if (point < digits.size()) token += "." + digits.substr(point);
            token += "e" + std::to_string(309 - int(point));
            const bool overflows = std::isinf(std::strtod(token.c_str(), nullptr));
            if (loyalty::parse_json_text(token).ok() == overflows) {
                FAIL_CHECK("disagrees with strtod on " << token);
                break;
            }
        }
    }

    TEST_CASE("a kept token is read exactly by a decimal field, whatever its notation") {
        // max_share-like fields read a Ratio: 3e-1, 0.30, 30E-2 and 0.3 are all 0.3.
        for (const char* text :
             {"3e-1", "0.30", "30E-2", "0.3", "0.000003e5", "3.0E-1", "0.3000000000"}) {
            CAPTURE(text);
            const auto doc = loyalty::parse_json_text(std::string("{\"x\": ") + text + "}");
            REQUIRE(doc.ok());
            loyalty::Errors errors;
            loyalty::JsonReader r(errors);
            const auto ratio =
                r.ratio(doc.value(), "", "x", true, loyalty::Ratio{0}, loyalty::Ratio{1'000'000});
            REQUIRE(ratio.has_value());
            CHECK(ratio->micros == 300'000);
        }
        // A message quotes the token as sent, cut after 40 characters.
        const auto doc = loyalty::parse_json_text("{\"n\": 1." + std::string(1000, '0') + "}");
        REQUIRE(doc.ok());
        loyalty::Errors errors;
        loyalty::JsonReader r(errors);
        CHECK_FALSE(r.integer(doc.value(), "", "n", true, 0, 10).has_value());
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message.starts_with("is 1." + std::string(38, '0') + "...; "));
        CHECK(errors[0].message.size() < 120);
    }

    TEST_CASE("strings with invalid UTF-8 print the same U+FFFD replacements") {
        // Invalid bytes reach the writer only through strings the core cuts (a message quoting
        // the first 40 bytes of a value), but every byte pattern must print as nlohmann prints it.
        CHECK(loyalty::dump_json(json("a\xC3")) == "\"a\xEF\xBF\xBD\"");
        // E0 80: E0 needs A0..BF next, so E0 is one U+FFFD and the lone 80 another.
        CHECK(loyalty::dump_json(json("\xE0\x80x")) == "\"\xEF\xBF\xBD\xEF\xBF\xBDx\"");
        CHECK(loyalty::dump_json(json("\x01\x1F\x7F")) == "\"\\u0001\\u001f\x7F\"");
        Random rng{42};
        for (int i = 0; i < 200000; ++i) {
            std::string s(rng.below(8), ' ');
            for (auto& c : s)
                c = char(rng.below(3) == 0 ? rng.below(256)
                                           : kInteresting[rng.below(sizeof kInteresting)]);
            const json value = {{"k" + s, s}, {"list", {s, 1}}};
            const std::string ours = loyalty::dump_json(value);
            if (ours != nlohmann_dump(value)) {
                FAIL_CHECK("differs for "
                           << json(s).dump(-1, ' ', true, json::error_handler_t::replace));
                break;
            }
        }
    }

    TEST_CASE("numbers print the same: integers at the limits and doubles of every magnitude") {
        const json limits = {INT64_MIN, INT64_MAX,  UINT64_MAX, 0,       -1,  0.0,
                             -0.0,      1.5,        1e300,      5e-324,  0.1, 100.0,
                             1e16,      123456.789, NAN,        INFINITY};
        CHECK(loyalty::dump_json(limits) == nlohmann_dump(limits));
        Random rng{7};
        for (int i = 0; i < 200000; ++i) {
            const uint64_t bits = rng.next();
            double d;
            std::memcpy(&d, &bits, sizeof d);
            const json value = d;
            const std::string ours = loyalty::dump_json(value);
            if (ours != nlohmann_dump(value)) {
                FAIL_CHECK("differs for bits " << bits << ": " << ours);
                break;
            }
        }
    }
}
