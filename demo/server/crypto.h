// The server's cryptography, all from OpenSSL's libcrypto (already linked through cpp-httplib):
// SHA-256 for request fingerprints and ETags, HMAC-SHA256 for customer tokens and webhook
// signatures, standard base64 (Shopify's signature header), a comparison whose time does not
// depend on the bytes compared, and secrets from the system's CSPRNG.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty::server {

using Digest = std::array<uint8_t, 32>;

/** The SHA-256 digest of `bytes`. */
Digest sha256(std::string_view bytes);

/** HMAC-SHA256 of `message` under `key` (any length). */
Digest hmac_sha256(std::string_view key, std::string_view message);

/** Lower-case hex of `bytes` (64 characters for a digest). */
std::string to_hex(std::string_view bytes);

/** Standard base64 (RFC 4648 section 4, with "=" padding) of `bytes`, by OpenSSL's
 *  EVP_EncodeBlock: what Shopify's X-Shopify-Hmac-Sha256 header carries. */
std::string base64(std::string_view bytes);

/** The digest's bytes as a string (for base64url or comparison). */
inline std::string digest_bytes(const Digest& d) {
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

/** True when `a` and `b` hold the same bytes. For equal lengths the time taken does not depend
 *  on the contents (CRYPTO_memcmp); a length mismatch returns false at once (MAC lengths are
 *  public). */
bool constant_time_equal(std::string_view a, std::string_view b);

/** Compares two secrets of possibly different lengths without revealing either length or the
 *  position of the first difference: compares their SHA-256 digests in constant time. */
bool secrets_equal(std::string_view a, std::string_view b);

/** `n` bytes from OpenSSL's CSPRNG (RAND_bytes); throws std::runtime_error if it fails, which
 *  is better than a predictable secret. */
std::string random_bytes(size_t n);

/** Lower-case hex of `n` random bytes. */
inline std::string random_hex(size_t n) { return to_hex(random_bytes(n)); }

}  // namespace loyalty::server
