// base64url without padding (RFC 4648 section 5), as customer tokens use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loyalty::server {

/** Encodes bytes as base64url with no '=' padding. */
std::string base64url_encode(std::string_view bytes);

/** Decodes unpadded base64url. Empty on any other character, padding, an impossible length, or
 *  non-zero leftover bits, so every byte string has exactly one accepted encoding. */
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace loyalty::server
