// HMAC-SHA256 (RFC 2104) and a comparison whose time does not depend on where inputs differ.
#pragma once

#include <string_view>

#include "sha256.h"

namespace loyalty::server {

/** HMAC-SHA256 of `message` under `key` (any length; keys over 64 bytes are hashed first). */
Digest hmac_sha256(std::string_view key, std::string_view message);

/** True when `a` and `b` hold the same bytes. For equal lengths the time taken does not depend
 *  on the contents; a length mismatch returns false at once (lengths of MACs are public). */
bool constant_time_equal(std::string_view a, std::string_view b);

/** Compares two secrets of possibly different lengths without revealing either length or the
 *  position of the first difference: compares their SHA-256 digests in constant time. */
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace loyalty::server
