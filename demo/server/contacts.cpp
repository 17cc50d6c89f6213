#include "contacts.h"

#include <cstdint>

namespace loyalty::server {

std::string fold_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            out.push_back(char(c + 32));
            continue;
        }
        // Cyrillic capitals are D0 81 (Ё) and D0 90..D0 AF (А..Я) in UTF-8.
        if (c == 0xD0 && i + 1 < text.size()) {
            const auto n = static_cast<unsigned char>(text[i + 1]);
            if (n == 0x81) {  // Ё -> ё (D1 91)
                out += "\xD1\x91";
                ++i;
                continue;
            }
            if (n >= 0x90 && n <= 0x9F) {  // А..П -> а..п (D0 B0..BF)
                out.push_back(char(0xD0));
                out.push_back(char(n + 0x20));
                ++i;
                continue;
            }
            if (n >= 0xA0 && n <= 0xAF) {  // Р..Я -> р..я (D1 80..8F)
                out.push_back(char(0xD1));
                out.push_back(char(n - 0x20));
                ++i;
                continue;
            }
        }
        out.push_back(char(c));
    }
    return out;
}

bool printable_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) return false;
            ++i;
            continue;
        }
        size_t len = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0)
            len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            len = 4, cp = c & 0x07;
        else
            return false;
        if (i + len > text.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto n = static_cast<unsigned char>(text[i + k]);
            if ((n & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (n & 0x3F);
        }
        // Overlong forms, surrogates, beyond Unicode, and the C1 controls.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (cp >= 0x80 && cp <= 0x9F))
            return false;
        i += len;
    }
    return true;
}

std::optional<std::string> normal_email(std::string_view text) {
    if (text.empty() || text.size() > 254 || !printable_utf8(text)) return std::nullopt;
    if (text.find(' ') != std::string_view::npos) return std::nullopt;
    const size_t at = text.find('@');
    if (at == 0 || at == std::string_view::npos || at + 1 == text.size() ||
        text.find('@', at + 1) != std::string_view::npos)
        return std::nullopt;
    return fold_case(text);
}

std::optional<std::string> normal_phone(std::string_view text) {
    if (text.size() > 64) return std::nullopt;
    std::string digits;
    bool seen = false;  // a "+" only before everything else
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
            seen = true;
        } else if (c == '+' && !seen && digits.empty()) {
            seen = true;
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    if (digits.size() < 7 || digits.size() > 15) return std::nullopt;
    return "+" + digits;
}

}  // namespace loyalty::server
