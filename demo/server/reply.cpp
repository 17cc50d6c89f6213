#include "reply.h"

namespace loyalty::server {

json errors_json(const Errors& errors) {
    json out = json::array();
    for (const auto& e : errors)
        out.push_back(
            {{"path", e.path}, {"message", e.message}, {"code", error_code_name(e.code)}});
    return out;
}

Reply error_reply(int status, const Errors& errors) {
    return Reply{status, {{"ok", false}, {"errors", errors_json(errors)}}, {}};
}

ErrorCode code_for_status(int status) {
    switch (status) {
        case 401:
            return ErrorCode::unauthorized;
        case 403:
            return ErrorCode::forbidden;
        case 404:
            return ErrorCode::not_found;
        case 405:
            return ErrorCode::method_not_allowed;
        case 408:
            return ErrorCode::timeout;
        case 409:
            return ErrorCode::conflict;
        case 410:
            return ErrorCode::gone;
        case 411:
            return ErrorCode::required;
        case 413:
        case 431:
            return ErrorCode::too_large;
        case 415:
            return ErrorCode::unsupported_media_type;
        case 429:
            return ErrorCode::rate_limited;
        case 503:
            return ErrorCode::unavailable;
        default:
            return status >= 500 ? ErrorCode::internal : ErrorCode::invalid;
    }
}

Reply error_reply(int status, std::string path, std::string message) {
    return error_reply(status, std::move(path), std::move(message), code_for_status(status));
}

Reply error_reply(int status, std::string path, std::string message, ErrorCode code) {
    return error_reply(status, Errors{{std::move(path), std::move(message), code}});
}

Errors core_errors(const json& response) {
    Errors out;
    if (response.is_object() && response.contains("errors") && response["errors"].is_array()) {
        for (const auto& e : response["errors"]) {
            const auto code = error_code_from_name(e.value("code", ""));
            out.push_back(
                {e.value("path", ""), e.value("message", ""), code.value_or(ErrorCode::invalid)});
        }
    }
    if (out.empty()) out.push_back({"", "the core refused the request", ErrorCode::internal});
    return out;
}

}  // namespace loyalty::server
