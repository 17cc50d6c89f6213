// The core's decimal-to-double conversion (core/src/json_strtod.h): compared bit for bit, range
// error (errno ERANGE) and end pointer included, with the C library's strtod (glibc: correctly
// rounded, ties to even).
#include "json_strtod.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ios>
#include <random>
#include <string>

namespace {

std::uint64_t bits_of(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

double from_bits(std::uint64_t b) {
    double x;
    std::memcpy(&x, &b, sizeof x);
    return x;
}

struct Parsed {
    std::uint64_t bits;
    std::ptrdiff_t consumed;
    int error;
};

Parsed parse_ours(const std::string& text) {
    char* end = nullptr;
    bool range_error = false;
    const double x = loyalty::json_strtod(text.c_str(), &end, &range_error);
    return {bits_of(x), end - text.c_str(), range_error ? ERANGE : 0};
}

Parsed parse_libc(const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(text.c_str(), &end);
    return {bits_of(x), end - text.c_str(), errno};
}

/** Counts the texts on which the two disagree; the first few are reported with both answers. */
struct Comparison {
    long checked = 0;
    long differing = 0;

    void check(const std::string& text) {
        ++checked;
        const Parsed ours = parse_ours(text);
        const Parsed libc = parse_libc(text);
        if (ours.bits == libc.bits && ours.consumed == libc.consumed && ours.error == libc.error) {
            return;
        }
        if (++differing <= 10) {
            INFO("text: " << text);
            INFO("ours: bits " << std::hex << ours.bits << " consumed " << std::dec << ours.consumed
                               << " errno " << ours.error);
            INFO("libc: bits " << std::hex << libc.bits << " consumed " << std::dec << libc.consumed
                               << " errno " << libc.error);
            FAIL_CHECK("json_strtod differs from strtod");
        }
    }
};

/** `prefix`, then `count` copies of `c`, then `suffix`. */
std::string spelled(const char* prefix, std::size_t count, char c, const char* suffix) {
    std::string s = prefix;
    s.append(count, c);
    s += suffix;
    return s;
}

/** Reads `text` (the exact decimal expansion of `v`) and checks the answer is v rounded to double
 *  by the hardware (ties to even) and its range error is `expected_errno` (ERANGE or 0): for
 *  values where glibc itself is off (see below), the reference is the long double the text was
 *  printed from. */
void check_exact_value(const std::string& text, long double v, int expected_errno) {
    const Parsed ours = parse_ours(text);
    INFO("text: " << text);
    CHECK(ours.bits == bits_of(static_cast<double>(v)));
    CHECK(ours.consumed == static_cast<std::ptrdiff_t>(text.size()));
    CHECK(ours.error == expected_errno);
}

/** The exact decimal expansion of a long double (x86 extended or binary128: both hold any
 *  midpoint of two doubles exactly), in scientific notation with `digits` digits after the point.
 */
std::string exact_decimal(long double x, int digits) {
    std::string out(digits + 32, '\0');
    const int n = std::snprintf(out.data(), out.size(), "%.*Le", digits, x);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

}  // namespace

TEST_CASE("json_strtod rounds hand-worked tokens to the nearest double, ties to even") {
    // 2^53 = 9007199254740992 = 0x1p53, bits 0x4340000000000000; the doubles next to it are
    // 2^53 - 1 and 2^53 + 2. 9007199254740993 is the tie between 2^53 and 2^53 + 2: to even,
    // 2^53 (mantissa 0). 9007199254740995 is the tie between 2^53 + 2 (odd mantissa 1) and
    // 2^53 + 4 (mantissa 2): up to 2^53 + 4, bits 0x4340000000000002.
    CHECK(bits_of(loyalty::json_strtod("9007199254740993", nullptr)) == 0x4340000000000000u);
    CHECK(bits_of(loyalty::json_strtod("9007199254740995", nullptr)) == 0x4340000000000002u);
    // 9007199254740993.0000000000000000001 is just above the tie: up, 2^53 + 2.
    CHECK(bits_of(loyalty::json_strtod("9007199254740993.0000000000000000001", nullptr)) ==
          0x4340000000000001u);
    // 2^52 + 0.5 = 4503599627370496.5 is the tie between 2^52 (even) and 2^52 + 1 (ulp 1 here).
    CHECK(bits_of(loyalty::json_strtod("4503599627370496.5", nullptr)) == 0x4330000000000000u);
    // 0.5 = 0x1p-1, bits 0x3fe0000000000000; -0 keeps its sign.
    CHECK(bits_of(loyalty::json_strtod("5e-1", nullptr)) == 0x3fe0000000000000u);
    CHECK(bits_of(loyalty::json_strtod("-0", nullptr)) == 0x8000000000000000u);
    // The smallest subnormal is 2^-1074 = 4.94...e-324 (bits 1); half of
    // it, 2.4703282292062327e-324 rounded up at the 17th digit, is 2^-1075
    // = 2.47032822920623272088...e-324: the token is below it, so 0; ...328e-324 is above it, so
    // 2^-1074.
    CHECK(bits_of(loyalty::json_strtod("2.4703282292062327e-324", nullptr)) == 0u);
    CHECK(bits_of(loyalty::json_strtod("2.4703282292062328e-324", nullptr)) == 1u);
    // DBL_MAX = (2^53 - 1) * 2^971 = 1.7976931348623157e308 (bits 0x7fefffffffffffff); the tie
    // with 2^1024 is 1.797693134862315807937...e308, so ...158e308 is below it (DBL_MAX) and
    // ...159e308 above it (infinity, a range error).
    CHECK(bits_of(loyalty::json_strtod("1.7976931348623158e308", nullptr)) == 0x7fefffffffffffffu);
    bool range_error = false;
    CHECK(bits_of(loyalty::json_strtod("1.7976931348623159e308", nullptr, &range_error)) ==
          0x7ff0000000000000u);
    CHECK(range_error);
    // glibc 2.36 is off in the binade [2^-1023, 2^-1022), where its rounding shifts by one bit
    // into the subnormal range and drops the bit worth 2^-1076: the largest subnormal but one,
    // 0x0.ffffffffffffep-1022 (even), plus 3/4 of its ulp 2^-1074 is nearer the largest subnormal
    // 0x0.fffffffffffffp-1022 (bits 0x000fffffffffffff), where glibc returns the even one; and
    // that plus 1/4 ulp is inexact (a range error), where glibc sets no errno.
    const long double three_quarters = 0x0.ffffffffffffep-1022L + 0x3p-1076L;
    check_exact_value(exact_decimal(three_quarters, 780), three_quarters, ERANGE);
    CHECK(bits_of(static_cast<double>(three_quarters)) == 0x000fffffffffffffu);
    const long double one_quarter = 0x0.ffffffffffffep-1022L + 0x1p-1076L;
    check_exact_value(exact_decimal(one_quarter, 780), one_quarter, ERANGE);
    CHECK(bits_of(static_cast<double>(one_quarter)) == 0x000ffffffffffffeu);
    // The end pointer stops before an exponent marker with no digit after it.
    char* end = nullptr;
    const char* text = "12.5e+,";
    CHECK(loyalty::json_strtod(text, &end) == 12.5);
    CHECK(end == text + 4);
}

TEST_CASE("json_strtod matches strtod on hard cases, range errors and long tokens") {
    Comparison cmp;
    const char* hand_picked[] = {
        "0",
        "-0",
        "0.0",
        "-0.0",
        "0e0",
        "0e999999999",
        "-0e-99999",
        "1",
        "-1",
        "0.1",
        "0.2",
        "0.3",
        "1e23",
        "8.988465674311580536566680e307",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072013e-308",
        "2.2250738585072014e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        // 2^-1075 exactly (751 digits): the tie between 0 and the smallest subnormal, to even: 0.
        "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649"
        "9181808179961898982823477228588654633283551779698981993873980053909390631503565951557022"
        "6392290858392449105184435931802849936536152500319370457678249219365623669863658480757001"
        "5857692699037063119282795585513329278343384093519780155312465972635795746227664652728272"
        "2005637400648549997709659947045402082816622623785739345073633900796776193057750674017632"
        "4673600968951340535537458516661134223766678604162159680461914467291840300530057530849048"
        "7653917113865916462395249126236538818796362393732804238910186723484976682350898633885879"
        "2562830275599565752445550725518931369083625477918694866799496832404970582102851318545139"
        "6213837722826145437693412532098591327667236328125"
        "e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        // 2^1024 - 2^970 - 1, 2^1024 - 2^970 (the tie between DBL_MAX, odd, and 2^1024: infinity)
        // and just below the tie.
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649"
        "017977587207096330286416692887910946555547851940402630657488671505820681908902000708383"
        "676273854845817711531764475730270069855571366959622842914819860834936475292719074168444"
        "365510704342711559699508093042880177904174497791",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649"
        "017977587207096330286416692887910946555547851940402630657488671505820681908902000708383"
        "676273854845817711531764475730270069855571366959622842914819860834936475292719074168444"
        "365510704342711559699508093042880177904174497792",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649"
        "017977587207096330286416692887910946555547851940402630657488671505820681908902000708383"
        "676273854845817711531764475730270069855571366959622842914819860834936475292719074168444"
        "365510704342711559699508093042880177904174497791.999999999999999999999999999999999999",
        "9007199254740993",
        "9007199254740992.5",
        "9007199254740993.5",
        "9007199254740994.5",
        "9007199254740991.5",
        "4503599627370496.5",
        "4503599627370497.5",
        "18014398509481985",
        "123456789012345678901234567890e-20",
        "1e-400",
        "-1e-400",
        "1e400",
        "-1e400",
        "1e-324",
        "1e-323",
        "3e-324",
        "1e308",
        "1e309",
        "0.1e310",
        "1e-22",
        "1e22",
        "1e-23",
        "9007199254740992e22",
        "9007199254740993e-22",
        "9007199254740992e-23",
        "1234567890123456789012345678901234567890e-50",
        "7.3177701707893310e15",
        "4.3984741064470751e-311",
        "2.2250738585072010e-308",
        "1.00000000000000011102230246251565404",
        "1.00000000000000011102230246251565405",
        "5e-324",
        "-5e-324",
        "1.5e-323",
        "123.",
        ".5",
        "-.5",
        "1.e5",
        ".",
        "-",
        "",
        "-.",
        "e5",
        "1e",
        "1e+",
        "1e-",
        "1E5",
        "1e+5x",
        "00000000000000000000000000000000000000001.5",
        "1.5000000000000000000000000000000000000000",
        "0.000000000000000000000000000000000000000000000000000000000000000000000000000000001e83",
    };
    for (const char* text : hand_picked) cmp.check(text);

    // 0.000...0001 with 400 zeros after the point (1e-401): zero and a range error.
    cmp.check(spelled("0.", 400, '0', "1"));
    cmp.check(spelled("-0.", 400, '0', "1"));
    cmp.check(spelled("0.", 320, '0', "1"));  // 1e-321: subnormal
    cmp.check(spelled("1", 308, '0', ""));
    cmp.check(spelled("1", 309, '0', ""));
    cmp.check(spelled("1", 400, '0', "e-400"));
    cmp.check(spelled("1", 1000, '0', "e-1000"));
    // Tokens longer than the 800 digits kept: only whether the rest is zero counts.
    const std::string tie = exact_decimal(std::ldexp(1.0L, -1075), 800);  // 2.47...e-324 exact
    cmp.check(tie);
    const std::string tie_digits = tie.substr(0, tie.find('e'));
    cmp.check(spelled(tie_digits.c_str(), 300, '0', "1e-324"));
    cmp.check(spelled(tie_digits.c_str(), 300, '0', "e-324"));
    cmp.check(spelled("", 850, '9', "e-1173"));  // just under 1e-323
    cmp.check(spelled("", 850, '9', "e-1150"));
    cmp.check(spelled("", 850, '9', "e-540"));  // just under 1e310: infinity
    cmp.check(spelled("", 850, '9', "e-542"));
    cmp.check(spelled("0.", 900, '0', "") + spelled("", 850, '7', "e600"));
    // Just under DBL_MIN = 2^-1022 glibc's range error depends on rounding to 53 bits with no
    // exponent limit: tiny (ERANGE when inexact) below DBL_MIN - 2^-1076 = DBL_MIN - 16 * 2^-1080,
    // not from there up. Steps of 2^-1080 from the largest subnormal, DBL_MIN - 2^-1074 (k = 64),
    // to DBL_MIN (k = 0): exact when k is 0 or 64. Printed exactly, they need up to 773 digits;
    // to 17 and 21 digits they are compared with glibc.
    for (int k = 0; k <= 64; ++k) {
        const long double v = 0x1p-1022L - k * 0x1p-1080L;
        const bool inexact = k % 64 != 0;
        const bool tiny = k > 16;
        check_exact_value(exact_decimal(v, 780), v, inexact && tiny ? ERANGE : 0);
        cmp.check(exact_decimal(v, 16));
        cmp.check(exact_decimal(v, 20));
    }
    const std::string max_tie = exact_decimal(0x1.fffffffffffff8p1023L, 400);
    cmp.check(max_tie);
    cmp.check(max_tie.substr(0, max_tie.find('e')) + "1e308");
    cmp.check(max_tie.substr(0, max_tie.find('e')) + "0000000000000000000000001e308");
    CHECK(cmp.checked > 200);
    CHECK(cmp.differing == 0);
}

TEST_CASE("json_strtod matches strtod on random tokens") {
    Comparison cmp;
    std::mt19937_64 rng(20261127);
    std::string text;
    char buf[64];
    const char terminators[] = {'\0', ',', ']', '}', ' ', 'e', '.'};
    // Random digit strings: 1 to 40 digits, a point anywhere or none, exponents -340..340.
    for (int i = 0; i < 120000; ++i) {
        text.clear();
        if (rng() & 1) text += '-';
        const int n = 1 + static_cast<int>(rng() % 40);
        const int point = static_cast<int>(rng() % (n + 1));
        for (int d = 0; d < n; ++d) {
            if (d == point && d > 0) text += '.';
            // A leading zero only sometimes, and zero runs, so both are covered.
            text += static_cast<char>('0' + (rng() % 4 == 0 ? 0 : rng() % 10));
        }
        if (rng() % 8 != 0) {
            std::snprintf(buf, sizeof buf, "%c%d", (rng() & 1) ? 'e' : 'E',
                          static_cast<int>(rng() % 681) - 340);
            text += buf;
        }
        const char t = terminators[rng() % sizeof terminators];
        if (t) text += t;
        cmp.check(text);
    }
    // Random doubles (any finite bit pattern) printed with 17 and 25 significant digits, and the
    // midpoints to their neighbours, printed with 17, 25 and 40 digits (near ties).
    for (int i = 0; i < 35000; ++i) {
        // A finite double below the largest, so that it has a finite neighbour above.
        const std::uint64_t b = rng() % 0x7fefffffffffffffu;
        const double x = from_bits(b);
        std::snprintf(buf, sizeof buf, "%.17g", x);
        cmp.check(buf);
        std::snprintf(buf, sizeof buf, "%.25e", x);
        cmp.check(buf);
        const long double up = (static_cast<long double>(x) + from_bits(b + 1)) / 2;
        const long double down =
            b == 0 ? 0.0L : (static_cast<long double>(x) + from_bits(b - 1)) / 2;
        for (const long double mid : {up, down}) {
            for (const int digits : {16, 24, 39}) {
                std::snprintf(buf, sizeof buf, "%.*Le", digits, mid);
                cmp.check(buf);
            }
        }
    }
    // Exact midpoints (ties: to even) and the long doubles just beside them, every digit printed.
    for (int i = 0; i < 3000; ++i) {
        const std::uint64_t b = rng() % 0x7fefffffffffffffu;
        const long double mid = (static_cast<long double>(from_bits(b)) + from_bits(b + 1)) / 2;
        cmp.check(exact_decimal(mid, 780));
        cmp.check(exact_decimal(std::nextafter(mid, 0.0L), 780));
        cmp.check(exact_decimal(std::nextafter(mid, 2.0L * mid), 780));
    }
    CHECK(cmp.checked > 300000);
    CHECK(cmp.differing == 0);
}
