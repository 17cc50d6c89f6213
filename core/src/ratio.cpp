#include "loyalty/ratio.h"

#include <algorithm>

#include "loyalty/checked.h"

namespace loyalty {

std::optional<Ratio> parse_ratio(std::string_view text) {
    bool percent = false;
    if (!text.empty() && text.back() == '%') {
        percent = true;
        text.remove_suffix(1);
    }
    // A JSON number's exponent ("3e-1", "30E-2") moves the point.
    int exponent = 0;
    if (const size_t e = text.find_first_of("eE"); e != std::string_view::npos && !percent) {
        std::string_view digits = text.substr(e + 1);
        const bool down = !digits.empty() && digits.front() == '-';
        if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
            digits.remove_prefix(1);
        if (digits.empty() || digits.size() > 3) return std::nullopt;
        for (char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            exponent = exponent * 10 + (c - '0');
        }
        if (down) exponent = -exponent;
        text = text.substr(0, e);
    }
    if (text.empty() || text.size() > 24) return std::nullopt;
    // 30% is 0.3 = 300'000 millionths = 30 * 10^4: a percentage keeps four fractional digits.
    const int max_fraction_digits = percent ? 4 : 6;
    __int128 value = 0;        // the digits without their trailing zeros...
    int zeros = 0;             // ...which are counted here instead: "1.500" is 15 and 2 zeros
    int fraction_digits = -1;  // -1: before the point
    int integer_digits = 0;
    for (char c : text) {
        if (c == '.') {
            if (fraction_digits >= 0 || integer_digits == 0) return std::nullopt;
            fraction_digits = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (fraction_digits >= 0)
            ++fraction_digits;
        else
            ++integer_digits;
        if (c == '0') {
            ++zeros;
            continue;
        }
        for (; zeros > 0; --zeros) value *= 10;
        value = value * 10 + (c - '0');
        if (value > (__int128)kMaxAmount * 100'000'000) return std::nullopt;
    }
    if (fraction_digits == 0) return std::nullopt;  // "1." is not a number
    // The value is value x 10^(zeros - fraction digits + exponent), in millionths (or units of
    // 10^-4 for a percentage): digits past those may only be zeros.
    int scale =
        zeros - (fraction_digits < 0 ? 0 : fraction_digits) + exponent + max_fraction_digits;
    if (scale < 0) return std::nullopt;
    for (; scale > 0 && value != 0; --scale) {
        value *= 10;
        if (value > (__int128)kMaxAmount) return std::nullopt;
    }
    if (value > (__int128)kMaxAmount) return std::nullopt;
    return Ratio{int64_t(value)};
}

std::string format_ratio(Ratio r) {
    std::string out = std::to_string(r.micros / Ratio::kScale);
    int64_t frac = r.micros % Ratio::kScale;
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        digits = std::string(6 - digits.size(), '0') + digits;
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        out += '.' + digits;
    }
    return out;
}

namespace {

bool fits64(__int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// 128-bit division is a long software loop in WebAssembly; nearly every value here fits in
// 64 bits, where division is one instruction, so take that path whenever it applies.
__int128 div128(__int128 a, __int128 b) {
    if (fits64(a) && fits64(b) && !(a == INT64_MIN && b == -1)) return int64_t(a) / int64_t(b);
    return a / b;
}

using u128 = unsigned __int128;

u128 magnitude(__int128 v) { return v < 0 ? u128(0) - u128(v) : u128(v); }  // -2^127 too

u128 gcd_u128(u128 a, u128 b) {
    while (b != 0 && ((a | b) >> 64) != 0) {
        u128 t = a % b;
        a = b;
        b = t;
    }
    if (b == 0) return a;  // a may still be above 64 bits: gcd(2^127, 2^126) = 2^126
    auto x = uint64_t(a), y = uint64_t(b);
    while (y != 0) {
        uint64_t t = x % y;
        x = y;
        y = t;
    }
    return x;
}

__int128 gcd128(__int128 a, __int128 b) { return __int128(gcd_u128(magnitude(a), magnitude(b))); }

/** Appends the decimal digits of v. */
void append_digits(std::string& out, u128 v) {
    char buf[40];
    char* p = buf + sizeof buf;
    do {
        *--p = char('0' + int(v % 10));
        v /= 10;
    } while (v != 0);
    out.append(p, size_t(buf + sizeof buf - p));
}

Fraction reduced(Fraction f) {
    __int128 g = gcd128(f.num, f.den);
    if (g > 1) {
        f.num = div128(f.num, g);
        f.den = div128(f.den, g);
    }
    return f;
}

}  // namespace

Fraction fraction_of(int64_t value) { return Fraction{value, 1}; }

Fraction fraction_of(Ratio r) { return reduced(Fraction{r.micros, Ratio::kScale}); }

Fraction fraction_neg(Fraction a) { return Fraction{-a.num, a.den}; }

std::optional<Fraction> fraction_mul(Fraction a, Fraction b) {
    // Cross-reduce first so realistic products (1.5 x 1.25 x 5/10000) stay small.
    __int128 g1 = gcd128(a.num, b.den), g2 = gcd128(b.num, a.den);
    if (g1 > 1) {
        a.num = div128(a.num, g1);
        b.den = div128(b.den, g1);
    }
    if (g2 > 1) {
        b.num = div128(b.num, g2);
        a.den = div128(a.den, g2);
    }
    Fraction out;
    if (__builtin_mul_overflow(a.num, b.num, &out.num)) return std::nullopt;
    if (__builtin_mul_overflow(a.den, b.den, &out.den)) return std::nullopt;
    return reduced(out);
}

std::optional<Fraction> fraction_add(Fraction a, Fraction b) {
    __int128 g = gcd128(a.den, b.den);
    __int128 da = div128(b.den, g),
             db = div128(a.den, g);  // multipliers bringing both to lcm(a.den, b.den)
    __int128 na, nb, den, num;
    if (__builtin_mul_overflow(a.num, da, &na) || __builtin_mul_overflow(b.num, db, &nb) ||
        __builtin_mul_overflow(a.den, da, &den) || __builtin_add_overflow(na, nb, &num))
        return std::nullopt;
    return reduced(Fraction{num, den});
}

std::optional<int64_t> round_fraction(Fraction f, Rounding mode) {
    if (f.den <= 0 || f.num < 0) return std::nullopt;
    __int128 q = div128(f.num, f.den);
    __int128 r = f.num - q * f.den;
    switch (mode) {
        case Rounding::Floor:
            break;
        case Rounding::Ceil:
            if (r != 0) ++q;
            break;
        case Rounding::HalfUp:
            if (2 * r >= f.den) ++q;
            break;
        case Rounding::HalfEven:
            if (2 * r > f.den || (2 * r == f.den && (q % 2) == 1)) ++q;
            break;
    }
    if (q > (__int128)INT64_MAX) return std::nullopt;
    return int64_t(q);
}

std::string format_fraction(Fraction f) {
    if (f.den <= 0) return "0";
    u128 n = magnitude(f.num), d = u128(f.den);
    const u128 g = gcd_u128(n, d);  // >= 1, since d > 0
    n /= g;
    d /= g;
    // Terminates iff d = 2^twos x 5^fives, after max(twos, fives) decimal places.
    u128 rest = d;
    int twos = 0, fives = 0;
    for (; rest % 2 == 0; rest /= 2) ++twos;
    for (; rest % 5 == 0; rest /= 5) ++fives;
    std::string out = f.num < 0 ? "-" : "";
    if (rest != 1) {
        append_digits(out, n);
        out += '/';
        append_digits(out, d);
        return out;
    }
    append_digits(out, n / d);
    if (d == 1) return out;
    out += '.';
    // Long division. 10 x r overflows 128 bits when d is above 2^128 / 10, so r is added ten times
    // modulo d: each partial sum stays below 2d < 2^128.
    u128 r = n % d;
    for (int places = std::max(std::max(twos, fives), 2); places > 0; --places) {
        u128 next = 0;
        char digit = '0';
        for (int i = 0; i < 10; ++i) {
            next += r;
            if (next >= d) {
                next -= d;
                ++digit;
            }
        }
        out += digit;
        r = next;
    }
    return out;
}

std::optional<int64_t> mul_div(int64_t a, int64_t b, int64_t c, Rounding mode) {
    if (a < 0 || b < 0 || c <= 0) return std::nullopt;
    return round_fraction(Fraction{(__int128)a * b, c}, mode);
}

}  // namespace loyalty
