// SHA-256 (FIPS 180-4), written here so the server needs no crypto library. Checked against the
// FIPS example messages and, through HMAC, the RFC 4231 vectors in tests/server/crypto_test.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::server {

using Digest = std::array<uint8_t, 32>;

/** Incremental SHA-256: update() any number of times, then finish() once. */
class Sha256 {
  public:
    Sha256();
    /** Adds bytes to the message. */
    void update(std::string_view bytes);
    /** Pads, finishes and returns the 32-byte digest; the object must not be used afterwards. */
    Digest finish();

  private:
    void compress(const uint8_t* block);

    std::array<uint32_t, 8> state_;
    std::array<uint8_t, 64> buffer_{};
    size_t buffered_ = 0;
    uint64_t length_ = 0;  // bytes hashed so far
};

/** The SHA-256 digest of `bytes`. */
Digest sha256(std::string_view bytes);

/** Lower-case hex of `bytes` (64 characters for a digest). */
std::string to_hex(std::string_view bytes);

/** The digest's bytes as a string (for base64url or comparison). */
inline std::string digest_bytes(const Digest& d) {
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

}  // namespace loyalty::server
