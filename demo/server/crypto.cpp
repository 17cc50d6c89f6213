#include "crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <climits>
#include <stdexcept>

namespace loyalty::server {

Digest sha256(std::string_view bytes) {
    Digest out{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, EVP_sha256(), nullptr) != 1 ||
        size != out.size()) {
        throw std::runtime_error("OpenSSL could not compute SHA-256");
    }
    return out;
}

Digest hmac_sha256(std::string_view key, std::string_view message) {
    if (key.size() > size_t(INT_MAX)) throw std::length_error("HMAC key too long");
    Digest out{};
    unsigned int size = 0;
    // An empty key is a valid HMAC key; OpenSSL wants a non-null pointer for it.
    static const unsigned char kEmpty = 0;
    const auto* k = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
    if (!HMAC(EVP_sha256(), k, int(key.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(),
              &size) ||
        size != out.size()) {
        throw std::runtime_error("OpenSSL could not compute HMAC-SHA256");
    }
    return out;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

std::string base64(std::string_view bytes) {
    if (bytes.size() > size_t(INT_MAX) / 4 * 3) throw std::length_error("too many bytes to encode");
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock adds a NUL
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
    out.resize(size_t(n));
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool secrets_equal(std::string_view a, std::string_view b) {
    return constant_time_equal(digest_bytes(sha256(a)), digest_bytes(sha256(b)));
}

std::string random_bytes(size_t n) {
    if (n > size_t(INT_MAX)) throw std::length_error("too many random bytes asked for");
    std::string out(n, '\0');
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1)
        throw std::runtime_error("OpenSSL's random generator failed");
    return out;
}

}  // namespace loyalty::server
