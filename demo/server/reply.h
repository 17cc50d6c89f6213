// What an endpoint answers, independent of the HTTP library: a status, a JSON body and extra
// headers. Errors have the core's shape: {"ok": false, "errors": [{"path", "message", "code"}]}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "loyalty/error.h"

namespace loyalty::server {

using nlohmann::json;

struct Reply {
    using Headers = std::vector<std::pair<std::string, std::string>>;
    Reply() = default;
    Reply(int status_, json body_, Headers headers_ = {}, std::string text_ = {})
        : status(status_),
          body(std::move(body_)),
          headers(std::move(headers_)),
          text(std::move(text_)) {}

    int status = 200;
    json body;
    Headers headers;
    /** When not empty: `body` already serialised, sent as it is (a booking keeps the text it
     *  stored for repeats, so a 5.7 KB answer is printed once). Whoever changes `body` after
     *  setting it must clear it. */
    std::string text;
};

/** [{"path", "message", "code"}, ...] */
json errors_json(const Errors& errors);

/** {"ok": false, "errors": [...]} with an HTTP status (4xx or 5xx). */
Reply error_reply(int status, const Errors& errors);
/** One error; its code is the status's (code_for_status) unless given. */
Reply error_reply(int status, std::string path, std::string message);
Reply error_reply(int status, std::string path, std::string message, ErrorCode code);

/** The code an error answered with `status` has when its site names none: 404 not_found, 409
 *  conflict, 503 unavailable..., and 400 or 422 invalid. */
ErrorCode code_for_status(int status);

/** The errors of a core response ({"ok": false, "errors": [...]}) as Error values. */
Errors core_errors(const json& response);

}  // namespace loyalty::server
