#include "reply.h"

namespace loyalty::server {

json errors_json(const Errors& errors) {
    json out = json::array();
    for (const auto& e : errors) out.push_back({{"path", e.path}, {"message", e.message}});
    return out;
}

Reply error_reply(int status, const Errors& errors) {
    return Reply{status, {{"ok", false}, {"errors", errors_json(errors)}}, {}};
}

Reply error_reply(int status, std::string path, std::string message) {
    return error_reply(status, Errors{{std::move(path), std::move(message)}});
}

Errors core_errors(const json& response) {
    Errors out;
    if (response.is_object() && response.contains("errors") && response["errors"].is_array()) {
        for (const auto& e : response["errors"]) {
            out.push_back({e.value("path", ""), e.value("message", "")});
        }
    }
    if (out.empty()) out.push_back({"", "the core refused the request"});
    return out;
}

}  // namespace loyalty::server
