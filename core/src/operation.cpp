#include "operation.h"

namespace loyalty {

std::string parse_request(std::string_view request, size_t max_bytes, json& doc) {
    if (request.size() > max_bytes) {
        return dump_json(
            errors_document({{"",
                              "the request is " + std::to_string(request.size()) +
                                  " bytes; at most " + std::to_string(max_bytes) + " are accepted",
                              ErrorCode::too_large}}));
    }
    auto parsed = parse_json_text(request);
    if (!parsed.ok()) return dump_json(errors_document(parsed.errors()));
    if (!parsed.value().is_object()) {
        return dump_json(
            errors_document({{"", "expected a JSON object, got " + describe(parsed.value()),
                              ErrorCode::wrong_type}}));
    }
    doc = std::move(parsed.value());
    return {};
}

}  // namespace loyalty
