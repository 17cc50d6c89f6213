// Reading a request body as JSON without trusting it: nesting is limited where the text is read
// (so nothing later walks or re-serialises an unbounded tree recursively), and a problem is
// reported at the JSON Pointer of the value it is in, e.g. {"path": "/score", "message": "is
// 1e400, a number too large to read"} rather than a 500.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "loyalty/error.h"

namespace loyalty::server {

/** Deepest nesting of arrays and objects a request body may have. The server's own documents
 *  need 4 (an order's lines hold objects); 32 leaves room and keeps recursion trivially safe. */
inline constexpr int kMaxJsonDepth = 32;

/** "/key" as a JSON Pointer token (RFC 6901: "~" as "~0", "/" as "~1"). */
std::string pointer_to(std::string_view key);

/** Parses `text` as one JSON value. Fails with the path and what is wrong: a syntax error (path
 *  "", with the byte offset), nesting deeper than `max_depth`, or a number that overflows a
 *  double. Never throws. */
Result<nlohmann::json> parse_json_limited(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace loyalty::server
