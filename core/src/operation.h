// The shared frame of every JSON operation: size limit, parse, run, serialise, never throw.
#pragma once

#include <string>
#include <string_view>

#include "json_reader.h"

namespace loyalty {

/** Parses `request` (refusing more than `max_bytes`), requires an object, runs `body` on it and
 *  serialises what it returns. `body` returns either a response object with "ok": true or the
 *  errors document. An exception escaping `body` (a bug) becomes an error document too. */
template <class Body>
std::string run_json_operation(std::string_view request, size_t max_bytes, Body&& body) {
    if (request.size() > max_bytes) {
        return dump_json(errors_document({{"", "the request is " + std::to_string(request.size()) +
                                                   " bytes; at most " + std::to_string(max_bytes) +
                                                   " are accepted"}}));
    }
    auto parsed = parse_json_text(request);
    if (!parsed.ok()) return dump_json(errors_document(parsed.errors()));
    if (!parsed.value().is_object()) {
        return dump_json(
            errors_document({{"", "expected a JSON object, got " + describe(parsed.value())}}));
    }
#if defined(__cpp_exceptions)
    try {
        return dump_json(body(parsed.value()));
    } catch (const std::exception& e) {
        return dump_json(errors_document({{"", std::string("internal error: ") + e.what()}}));
    } catch (...) {
        return dump_json(errors_document({{"", "internal error"}}));
    }
#else
    return dump_json(body(parsed.value()));
#endif
}

}  // namespace loyalty
