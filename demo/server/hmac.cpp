#include "hmac.h"

#include <array>
#include <cstdint>

namespace loyalty::server {

Digest hmac_sha256(std::string_view key, std::string_view message) {
    constexpr size_t kBlock = 64;
    std::array<uint8_t, kBlock> k{};
    if (key.size() > kBlock) {
        const Digest d = sha256(key);
        std::copy(d.begin(), d.end(), k.begin());
    } else {
        for (size_t i = 0; i < key.size(); ++i) k[i] = uint8_t(key[i]);
    }
    std::array<char, kBlock> ipad, opad;
    for (size_t i = 0; i < kBlock; ++i) {
        ipad[i] = char(k[i] ^ 0x36);
        opad[i] = char(k[i] ^ 0x5c);
    }
    Sha256 inner;
    inner.update(std::string_view(ipad.data(), kBlock));
    inner.update(message);
    const Digest inner_digest = inner.finish();
    Sha256 outer;
    outer.update(std::string_view(opad.data(), kBlock));
    outer.update(
        std::string_view(reinterpret_cast<const char*>(inner_digest.data()), inner_digest.size()));
    return outer.finish();
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    // Accumulate every difference; a volatile sink keeps the compiler from stopping early.
    volatile uint8_t diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff = uint8_t(diff | (uint8_t(a[i]) ^ uint8_t(b[i])));
    return diff == 0;
}

bool secrets_equal(std::string_view a, std::string_view b) {
    return constant_time_equal(digest_bytes(sha256(a)), digest_bytes(sha256(b)));
}

}  // namespace loyalty::server
