#include "csv_text.h"

namespace loyalty {

std::string_view csv_trim_slow(std::string_view s) {
    for (;;) {
        if (s.empty()) return s;
        const auto c = static_cast<unsigned char>(s[0]);
        if (c == ' ' || c == '\t' || c == '\r') {
            s.remove_prefix(1);
        } else if (c == 0xC2 && s.size() >= 2 && s[1] == '\xA0') {
            s.remove_prefix(2);
        } else if (c == 0xE2 && s.size() >= 3 && s[1] == '\x80' &&
                   (s[2] == '\x89' || s[2] == '\xAF')) {
            s.remove_prefix(3);
        } else {
            break;
        }
    }
    for (;;) {
        const size_t n = s.size();
        const auto c = static_cast<unsigned char>(s[n - 1]);  // s is not empty here
        if (c == ' ' || c == '\t' || c == '\r') {
            s.remove_suffix(1);
        } else if (c == 0xA0 && n >= 2 && s[n - 2] == '\xC2') {
            s.remove_suffix(2);
        } else if ((c == 0x89 || c == 0xAF) && n >= 3 && s[n - 2] == '\x80' && s[n - 3] == '\xE2') {
            s.remove_suffix(3);
        } else {
            return s;
        }
        if (s.empty()) return s;
    }
}

std::string csv_normalize_name(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 8);
    auto space = [&] {
        if (!out.empty() && out.back() != ' ') out += ' ';
    };
    for (size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c >= 'A' && c <= 'Z') {
            out += char(c - 'A' + 'a');
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '_' || c == '-' ||
                   c == '.' || c == '/' || c == '(' || c == ')' || c == ':' || c == '"' ||
                   c == ',' || c == ';' || c == '[' || c == ']' || c == '*') {
            space();
        } else if (c == '#') {
            space();
            out += "number";
        } else if (c == 0xD0 && i + 1 < name.size()) {
            const auto d = static_cast<unsigned char>(name[i + 1]);
            ++i;
            if (d >= 0x90 && d <= 0x9F) {  // А..П -> а..п
                out += '\xD0';
                out += char(d + 0x20);
            } else if (d >= 0xA0 && d <= 0xAF) {  // Р..Я -> р..я
                out += '\xD1';
                out += char(d - 0x20);
            } else if (d == 0x81) {  // Ё -> е
                out += "\xD0\xB5";
            } else {
                out += '\xD0';
                out += char(d);
            }
        } else if (c == 0xD1 && i + 1 < name.size() &&
                   static_cast<unsigned char>(name[i + 1]) == 0x91) {
            out += "\xD0\xB5";  // ё -> е
            ++i;
        } else if (c == 0xC2 && i + 1 < name.size() &&
                   static_cast<unsigned char>(name[i + 1]) == 0xA0) {
            space();  // NBSP
            ++i;
        } else if (c == 0xE2 && i + 2 < name.size() && name[i + 1] == '\x84' &&
                   name[i + 2] == '\x96') {
            space();  // № -> "номер"
            out += "\xD0\xBD\xD0\xBE\xD0\xBC\xD0\xB5\xD1\x80";
            space();
            i += 2;
        } else if (c == 0xEF && i + 2 < name.size() && name[i + 1] == '\xBB' &&
                   name[i + 2] == '\xBF') {
            i += 2;  // a stray BOM
        } else {
            out += char(c);
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string csv_excerpt(std::string_view field) {
    size_t n = field.size() <= 40 ? field.size() : 40;
    // Do not cut a UTF-8 sequence: back up over continuation bytes to the lead byte.
    if (n < field.size()) {
        while (n > 0 && (static_cast<unsigned char>(field[n]) & 0xC0) == 0x80) --n;
    }
    std::string out(field.substr(0, n));
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    }
    if (n < field.size()) out += "...";
    return out;
}

}  // namespace loyalty
