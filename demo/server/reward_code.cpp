#include "reward_code.h"

#include "crypto.h"

namespace loyalty::server {

std::string new_reward_code(size_t length) {
    // Rejection sampling keeps every symbol equally likely: bytes 248..255 would favour the
    // first eight symbols, so they are drawn again.
    constexpr unsigned kUsable = 256 - 256 % kCodeAlphabet.size();  // 248
    std::string code;
    while (code.size() < length) {
        for (unsigned char b : random_bytes(length)) {
            if (b >= kUsable) continue;
            code += kCodeAlphabet[b % kCodeAlphabet.size()];
            if (code.size() == length) break;
        }
    }
    return code;
}

std::optional<std::string> canonical_reward_code(std::string_view typed, size_t length) {
    if (typed.size() > 64) return std::nullopt;
    std::string out;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
        if (kCodeAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        out += c;
    }
    if (out.size() != length) return std::nullopt;
    return out;
}

std::string display_reward_code(std::string_view canonical) {
    std::string out;
    for (size_t i = 0; i < canonical.size(); ++i) {
        if (i > 0 && i % 6 == 0) out += '-';
        out += canonical[i];
    }
    return out;
}

}  // namespace loyalty::server
