// snprintf for the widget module, integers only. nlohmann/json calls snprintf for two integer
// formats ("\\u%04x" when it escapes a control character, "<U+%.4X>" in a parse error's text),
// and musl's snprintf links its floating-point formatting too (fmt_fp, frexp and long-double
// argument handling: about 4 KB of wasm that no call here ever runs). Defining snprintf in the
// module makes the linker take this one instead of libc's; it formats through musl's own
// integer-only variant (vsniprintf, the one iprintf uses), so every integer format prints exactly
// what libc's snprintf prints. A floating-point conversion is refused (-1, empty output) rather
// than reaching the missing float formatter. Linked into the widget module only
// (wasm/CMakeLists.txt); docs/performance.md has the measurement.
#include <cstdarg>
#include <cstddef>

extern "C" int vsniprintf(char* s, size_t n, const char* fmt, va_list ap);

namespace {

/** True when `c` is one of the characters of `set` (a NUL never is). Written out: strchr and
 *  strspn would each link another libc function for this one check. */
bool is_one_of(const char* set, char c) {
    for (; *set; ++set) {
        if (*set == c) return true;
    }
    return false;
}

/** True when `fmt` holds a floating-point conversion (%e %f %g %a, any case). */
bool has_float_conversion(const char* fmt) {
    for (const char* p = fmt; *p; ++p) {
        if (*p != '%') continue;
        // flags, width, precision, argument index and length modifiers come before the conversion
        do ++p;
        while (is_one_of("0123456789$#-+ '.*hljztqL", *p));
        if (!*p) return false;
        if (is_one_of("aAeEfFgG", *p)) return true;
    }
    return false;
}

}  // namespace

extern "C" int snprintf(char* s, size_t n, const char* fmt, ...) {
    if (has_float_conversion(fmt)) {
        if (n > 0) s[0] = '\0';
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    const int written = vsniprintf(s, n, fmt, ap);
    va_end(ap);
    return written;
}
