// A small, correctly rounded decimal-to-double conversion for JSON number tokens, used by the
// core's JSON reader (json_parse.cpp) instead of the C library's strtod: musl's (WebAssembly)
// parses through long double and links compiler-rt's 128-bit soft float into the wasm every shop
// page downloads (docs/performance.md has its cost); and with one conversion in both builds, native
// and wasm read every number identically (glibc 2.36 misrounds a narrow subnormal range that this
// gets right). The native unit test (tests/unit/json_strtod_test.cpp) compares it bit for bit with
// glibc's strtod.
//
// How: a token of at most 19 significant digits whose value is w * 10^g with w <= 2^53 and
// |g| <= 22 is one exact multiplication or division of two exact doubles (Clinger's fast path),
// so IEEE rounding gives the answer. Any other token starts from a guess a few ulps off; the
// guess then moves one ulp at a time until the exact decimal value lies between the midpoints to
// its two neighbours, each comparison done exactly with small big integers. No long double and
// no libc float parsing, so nothing pulls the soft float back in.
#pragma once

#include <cstdint>
#include <cstring>

namespace loyalty {
namespace json_strtod_detail {

// Digits kept exactly. Every point compared with is a multiple of 2^-1076 below 2^1024, whose
// decimal expansion has at most 769 significant digits, so the first 800 digits plus one nonzero
// digit standing for any nonzero rest compare with each of them as the whole digit string does.
constexpr int kMaxDigits = 800;
// 128 limbs = 4096 bits. The largest numbers compared are m * 10^1123 with m < 2^54 (an 801-digit
// token near 10^-323: 3785 bits) and its match 10^801 * 2^1076 (3737 bits).
constexpr int kLimbs = 128;
constexpr std::uint64_t kInfBits = 0x7ff0000000000000u;

/** Unsigned big integer: `n` little-endian 32-bit limbs (top limbs may be zero). */
struct Big {
    int n = 0;
    std::uint32_t d[kLimbs];
};

/** x = x * f + a. */
inline void mul_add(Big& x, std::uint32_t f, std::uint32_t a) {
    std::uint64_t carry = a;
    for (int i = 0; i < x.n; ++i) {
        carry += std::uint64_t{x.d[i]} * f;
        x.d[i] = static_cast<std::uint32_t>(carry);
        carry >>= 32;
    }
    if (carry) x.d[x.n++] = static_cast<std::uint32_t>(carry);
}

/** x = x * 10^k, nine digits at a time. */
inline void mul_pow10(Big& x, int k) {
    for (; k > 0; k -= 9) {
        std::uint32_t f = 1;
        for (int i = k < 9 ? k : 9; i > 0; --i) f *= 10;
        mul_add(x, f, 0);
    }
}

/** x = x * 2^s. */
inline void shift_left(Big& x, int s) {
    const int limbs = s >> 5;
    const int bits = s & 31;
    x.d[x.n] = 0;
    for (int i = x.n; i >= 0; --i) {
        std::uint32_t v = x.d[i] << bits;
        if (bits && i > 0) v |= x.d[i - 1] >> (32 - bits);
        x.d[i + limbs] = v;
    }
    for (int i = 0; i < limbs; ++i) x.d[i] = 0;
    x.n += limbs + 1;
}

/** -1, 0 or 1 as a <, ==, > b. */
inline int compare(const Big& a, const Big& b) {
    for (int i = a.n > b.n ? a.n : b.n; i-- > 0;) {
        const std::uint32_t x = i < a.n ? a.d[i] : 0;
        const std::uint32_t y = i < b.n ? b.d[i] : 0;
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

/** Sign of (a / b) - m * 2^e2, for m < 2^54. */
inline int compare_fraction(const Big& a, const Big& b, std::uint64_t m, int e2) {
    // a / b  <=>  m * 2^e2   as   a * 2^-e2  <=>  b * m   (or a  <=>  b * m * 2^e2)
    Big left = a;
    Big right;
    right.n = b.n + 2;
    for (int i = 0; i < right.n; ++i) right.d[i] = 0;
    const std::uint32_t factor[2] = {static_cast<std::uint32_t>(m),
                                     static_cast<std::uint32_t>(m >> 32)};
    for (int j = 0; j < 2; ++j) {
        std::uint64_t carry = 0;
        for (int i = 0; i < b.n; ++i) {
            carry += std::uint64_t{b.d[i]} * factor[j] + right.d[i + j];
            right.d[i + j] = static_cast<std::uint32_t>(carry);
            carry >>= 32;
        }
        right.d[b.n + j] = static_cast<std::uint32_t>(carry);
    }
    if (e2 > 0) {
        shift_left(right, e2);
    } else {
        shift_left(left, -e2);
    }
    return compare(left, right);
}

/** Sign of (a / b) - v, where v is the non-negative double with bit pattern `bits`, plus half an
 *  ulp when `half` (the midpoint to the next double up). */
inline int compare_to_double(const Big& a, const Big& b, std::uint64_t bits, bool half) {
    std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
    int biased = static_cast<int>(bits >> 52);
    if (biased) {
        mant |= std::uint64_t{1} << 52;
    } else {
        biased = 1;  // subnormal: the smallest exponent, no hidden bit
    }
    // v (+ half ulp) = (2 * mant + half) * 2^(biased - 1075 - 1)
    return compare_fraction(a, b, 2 * mant + half, biased - 1076);
}

/** x * 10^g in double arithmetic, in steps of at most 10^22 (exact powers): one correctly
 *  rounded operation when |g| <= 22, else a guess within a few ulps. */
inline double scale(double x, int g) {
    while (g != 0) {
        const int step = g > 22 ? 22 : g < -22 ? -22 : g;
        double p = 1;
        for (int i = step < 0 ? -step : step; i > 0; --i) p *= 10;
        x = step > 0 ? x * p : x / p;
        g -= step;
    }
    return x;
}

}  // namespace json_strtod_detail

/** strtod for JSON number tokens: reads `-? digits [. digits] [(e|E) [+-] digits]` at `s`
 *  (a leading or trailing '.' too, as strtod does; no whitespace, '+', hex, inf or nan) and
 *  returns the nearest double, ties to even. Sets *end (when `end` is not null) past the last
 *  character read, or to `s` when no digit starts the text (then returns 0). Out of range:
 *  +-HUGE_VAL and *range_error = true (where strtod sets errno = ERANGE; the core writes no
 *  global); an inexact result below DBL_MIN (tiny after rounding) is a range error too, as in
 *  glibc. Bit for bit glibc's answer, but for glibc 2.36's misrounding in
 *  [2^-1023, 2^-1022): there a value 3/4 ulp above an even double is rounded up, as IEEE and
 *  musl round it, and 1/4 ulp above one reports ERANGE (tests/unit/json_strtod_test.cpp). */
inline double json_strtod(const char* s, char** end, bool* range_error = nullptr) {
    using namespace json_strtod_detail;
    const char* p = s;
    const bool negative = *p == '-';
    if (negative) ++p;

    Big digits;           // the first kMaxDigits significant digits
    std::uint64_t w = 0;  // the first 19 significant digits
    int w_digits = 0;
    int significant = 0;  // significant digits (from the first nonzero one)
    int exp10 = 0;        // value = (all significant digits as an integer) * 10^exp10
    bool any_digit = false;
    bool dropped_nonzero = false;
    for (bool fraction = false;; ++p) {
        if (*p == '.' && !fraction) {
            fraction = true;
            continue;
        }
        const unsigned digit = static_cast<unsigned>(*p - '0');
        if (digit > 9) break;
        any_digit = true;
        if (fraction) --exp10;
        if (significant == 0 && digit == 0) continue;
        ++significant;
        if (w_digits < 19) {
            w = w * 10 + digit;
            ++w_digits;
        }
        if (significant <= kMaxDigits) {
            mul_add(digits, 10, digit);
        } else {
            dropped_nonzero |= digit != 0;
        }
    }
    if (!any_digit) {
        if (end) *end = const_cast<char*>(s);
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        const char* q = p + 1;
        const bool exp_negative = *q == '-';
        if (*q == '-' || *q == '+') ++q;
        if (static_cast<unsigned>(*q - '0') <= 9) {
            int e = 0;
            for (; static_cast<unsigned>(*q - '0') <= 9; ++q) {
                if (e < 100000) e = e * 10 + (*q - '0');  // far past any double's range
            }
            exp10 += exp_negative ? -e : e;
            p = q;
        }
    }
    if (end) *end = const_cast<char*>(p);

    std::uint64_t bits = 0;
    const int magnitude = significant + exp10;  // value < 10^magnitude
    if (significant == 0) {
        bits = 0;  // an exact zero: no range error
    } else if (magnitude > 310) {
        bits = kInfBits;
    } else if (magnitude >= -323) {  // else below 10^-324, under half the smallest subnormal
        // Clinger's fast path: exact operands, one rounding.
        const int g = exp10 + significant - w_digits;
        double guess = scale(static_cast<double>(w), g);
        if (significant == w_digits && w <= (std::uint64_t{1} << 53) && g >= -22 && g <= 22) {
            return negative ? -guess : guess;
        }
        // The exact value as the fraction a / b.
        int digits_exp =
            exp10 + significant - (significant < kMaxDigits ? significant : kMaxDigits);
        if (dropped_nonzero) {
            mul_add(digits, 10, 1);
            --digits_exp;
        }
        Big& a = digits;
        Big b;
        b.n = 1;
        b.d[0] = 1;
        mul_pow10(digits_exp >= 0 ? a : b, digits_exp >= 0 ? digits_exp : -digits_exp);

        std::memcpy(&bits, &guess, sizeof bits);
        if (bits > kInfBits) bits = kInfBits;
        for (;;) {
            // At or below the midpoint to the double below (a tie goes to the even one): down.
            if (bits > 0) {
                const int c = compare_to_double(a, b, bits - 1, true);
                if (c < 0 || (c == 0 && (bits & 1))) {
                    --bits;
                    continue;
                }
            }
            // Above the midpoint to the double above, or at it from an odd one: up.
            if (bits < kInfBits) {
                const int c = compare_to_double(a, b, bits, true);
                if (c > 0 || (c == 0 && (bits & 1))) {
                    ++bits;
                    continue;
                }
            }
            break;
        }
        // glibc reports a range error for an inexact result that is tiny: below DBL_MIN = 2^-1022
        // once rounded to 53 bits as if the exponent had no lower limit (ties to even). Rounded
        // to DBL_MIN, the value is tiny below the point 2^-1076 under it.
        constexpr std::uint64_t kMinNormalBits = std::uint64_t{1} << 52;
        if (bits < kMinNormalBits
                ? compare_to_double(a, b, bits, false) != 0
                : bits == kMinNormalBits &&
                      compare_fraction(a, b, (std::uint64_t{1} << 54) - 1, -1076) < 0) {
            if (range_error) *range_error = true;
        }
    }
    if (significant != 0 && (bits == 0 || bits == kInfBits) && range_error) *range_error = true;
    bits |= std::uint64_t{negative} << 63;
    double result;
    std::memcpy(&result, &bits, sizeof result);
    return result;
}

}  // namespace loyalty
