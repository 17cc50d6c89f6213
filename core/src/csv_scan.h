// Finding the bytes that end a CSV field (the delimiter, a line feed, a quote) fast: the row
// scanner's inner loop. Internal to the CSV reader.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace loyalty {

/** The first byte in [p, stop) that is the delimiter, a line feed or a quote; `stop` if none.
 *  With SSE2 or wasm SIMD it classifies 64 bytes at a time into one bit mask and keeps it:
 *  a row's fields are short, so the next few special bytes (often the rest of the row) come
 *  from the kept mask without reading the bytes again. Calls must move forward over one
 *  buffer (a call may skip ahead); next() steps from one returned byte to the following one. */
class CsvSpecialFinder {
  public:
    explicit CsvSpecialFinder(char delimiter)
        : delimiter_(delimiter),
#if defined(__SSE2__)
          vd_(_mm_set1_epi8(delimiter)),
          vn_(_mm_set1_epi8('\n')),
          vq_(_mm_set1_epi8('"')),
#elif defined(__wasm_simd128__)
          vd_(wasm_i8x16_splat(delimiter)),
          vn_(wasm_i8x16_splat('\n')),
          vq_(wasm_i8x16_splat('"')),
#endif
          d_(0x0101010101010101ull * uint8_t(delimiter)) {
    }

    char delimiter() const { return delimiter_; }

    const char* operator()(const char* p, const char* stop) {
#if defined(__SSE2__) || defined(__wasm_simd128__)
        if (window_ != nullptr && p >= window_ && p < window_ + kWindow) {
            const uint64_t rest = mask_ & (~0ull << unsigned(p - window_));
            if (rest != 0) {
                rest_ = rest & (rest - 1);
                return window_ + __builtin_ctzll(rest);
            }
            p = window_ + kWindow;
        }
#endif
        return scan(p, stop);
    }

    /** The next special byte after `h`, the byte the last call returned: within a kept window
     *  the next bit of its mask, without any test of where `h` lies. */
    const char* next(const char* h, const char* stop) {
#if defined(__SSE2__) || defined(__wasm_simd128__)
        if (window_ != nullptr) {
            if (rest_ != 0) {
                const char* hit = window_ + __builtin_ctzll(rest_);
                rest_ &= rest_ - 1;
                return hit;
            }
            return scan(window_ + kWindow, stop);
        }
#endif
        return scan(h + 1, stop);
    }

  private:
#if defined(__SSE2__) || defined(__wasm_simd128__)
    static constexpr unsigned kWindow = 64;
#endif

    // The first special byte in [p, stop), from p on (past any kept window).
    const char* scan(const char* p, const char* stop) {
#if defined(__SSE2__) || defined(__wasm_simd128__)
        for (; p + kWindow <= stop; p += kWindow) {
            const uint64_t mask = block_mask(p) | block_mask(p + 16) << 16 |
                                  block_mask(p + 32) << 32 | block_mask(p + 48) << 48;
            if (mask != 0) {
                window_ = p;
                mask_ = mask;
                rest_ = mask & (mask - 1);
                return p + __builtin_ctzll(mask);
            }
        }
        // Fewer than 64 bytes left (the end of a chunk): no window is kept.
        window_ = nullptr;
        for (; p + 16 <= stop; p += 16) {
            const uint64_t mask = block_mask(p);
            if (mask != 0) return p + __builtin_ctzll(mask);
        }
#endif
        constexpr uint64_t nl = 0x0101010101010101ull * uint8_t('\n');
        constexpr uint64_t q = 0x0101010101010101ull * uint8_t('"');
        for (; p + 8 <= stop; p += 8) {
            uint64_t word;
            std::memcpy(&word, p, 8);
            // The lowest flagged byte is always a true match (borrows only run upwards).
            const uint64_t mask =
                match_bytes(word, d_) | match_bytes(word, nl) | match_bytes(word, q);
            if (mask != 0) return p + (__builtin_ctzll(mask) >> 3);
        }
        for (; p < stop; ++p) {
            if (*p == delimiter_ || *p == '\n' || *p == '"') return p;
        }
        return stop;
    }

    // Bytes equal to the byte repeated in `pattern` have their high bit set in the result;
    // bytes above a match may be flagged too (a borrow), which only the lowest flag ignores.
    static uint64_t match_bytes(uint64_t word, uint64_t pattern) {
        const uint64_t x = word ^ pattern;
        return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
    }

#if defined(__SSE2__)
    // Bit i set when p[i] (i < 16) is special.
    uint64_t block_mask(const char* p) const {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(v, vd_), _mm_cmpeq_epi8(v, vn_));
        return unsigned(_mm_movemask_epi8(_mm_or_si128(hits, _mm_cmpeq_epi8(v, vq_))));
    }
#elif defined(__wasm_simd128__)
    uint64_t block_mask(const char* p) const {
        const v128_t v = wasm_v128_load(p);
        const v128_t hits = wasm_v128_or(wasm_i8x16_eq(v, vd_), wasm_i8x16_eq(v, vn_));
        return unsigned(wasm_i8x16_bitmask(wasm_v128_or(hits, wasm_i8x16_eq(v, vq_))));
    }
#endif

    char delimiter_;
#if defined(__SSE2__)
    __m128i vd_, vn_, vq_;
#elif defined(__wasm_simd128__)
    v128_t vd_, vn_, vq_;
#endif
    uint64_t d_;
#if defined(__SSE2__) || defined(__wasm_simd128__)
    const char* window_ = nullptr;  // the last 64 bytes classified, and their mask
    uint64_t mask_ = 0;
    uint64_t rest_ = 0;  // the mask's bits above the last byte returned
#endif
};

}  // namespace loyalty
