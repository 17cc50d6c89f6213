// The shared frame of every JSON operation: size limit, parse, run, serialise, never throw.
#pragma once

#include <string>
#include <string_view>

#include "json_reader.h"

namespace loyalty {

/** The frame's refusals, written once for every operation (inlined into each, they cost the
 *  widget's wasm bytes; docs/performance.md): a request over `max_bytes`, not JSON, or not an
 * object gives its error document's text; otherwise `doc` holds the parsed object and the answer is
 * empty. */
std::string parse_request(std::string_view request, size_t max_bytes, json& doc);

/** Parses `request` (refusing more than `max_bytes`), requires an object, runs `body` on it and
 *  serialises what it returns. `body` returns either a response object with "ok": true or the
 *  errors document. An exception escaping `body` (a bug) becomes an error document too. */
template <class Body>
std::string run_json_operation(std::string_view request, size_t max_bytes, Body&& body) {
    json doc;
    if (std::string refused = parse_request(request, max_bytes, doc); !refused.empty())
        return refused;
#if defined(__cpp_exceptions)
    try {
        return dump_json(body(doc));
    } catch (const std::exception& e) {
        return dump_json(errors_document(
            {{"", std::string("internal error: ") + e.what(), ErrorCode::internal}}));
    } catch (...) {
        return dump_json(errors_document({{"", "internal error", ErrorCode::internal}}));
    }
#else
    return dump_json(body(doc));
#endif
}

}  // namespace loyalty
