// What an endpoint answers, independent of the HTTP library: a status, a JSON body and extra
// headers. Errors have the core's shape: {"ok": false, "errors": [{"path", "message"}]}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "loyalty/error.h"

namespace loyalty::server {

using nlohmann::json;

struct Reply {
    int status = 200;
    json body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/** [{"path", "message"}, ...] */
json errors_json(const Errors& errors);

/** {"ok": false, "errors": [...]} with an HTTP status (4xx or 5xx). */
Reply error_reply(int status, const Errors& errors);
Reply error_reply(int status, std::string path, std::string message);

/** The errors of a core response ({"ok": false, "errors": [...]}) as Error values. */
Errors core_errors(const json& response);

}  // namespace loyalty::server
