// Customer tokens: what a shop's backend signs so the widget's requests reach one customer's data.
//   token   = base64url(payload) "." base64url(HMAC-SHA256(secret, payload))
//   payload = {"exp": <unix seconds>, "sub": "<customer id>"} (JSON, UTF-8)
// docs/server.md ("Customer tokens") shows how to make one in other languages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loyalty::server {

/** Longest token accepted; anything longer is refused before any work is done on it. */
inline constexpr size_t kMaxTokenBytes = 1024;

/** Signs a token for `customer_id` (a valid customer id) that expires at `expires` (unix s). */
std::string sign_customer_token(std::string_view secret, std::string_view customer_id,
                                int64_t expires);

struct TokenCheck {
    std::optional<std::string> customer_id;  // set when the token is good
    int64_t expires = 0;
    std::string problem;  // why not: "malformed", "bad signature", "expired"
};

/** Checks a token against `secret` at `now` (unix s): the signature first (compared in constant
 *  time), only then the payload, then the expiry (a token is good while now < exp). */
TokenCheck verify_customer_token(std::string_view secret, std::string_view token, int64_t now);

}  // namespace loyalty::server
