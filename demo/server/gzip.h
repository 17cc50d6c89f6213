// gzip (RFC 1952) compression with zlib, for static files that have no precompressed .gz.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loyalty::server {

/** The gzip member holding `bytes` (level 6); empty if zlib fails. */
std::optional<std::string> gzip_compress(std::string_view bytes);

}  // namespace loyalty::server
