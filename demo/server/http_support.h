// HTTP plumbing shared by the endpoints: sending replies, request ids and timing, who is
// calling (customer token, admin token), CORS and the security headers every response gets.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

/** Writes a Reply: JSON body (invalid UTF-8 replaced, never thrown), its headers. */
void send_reply(httplib::Response& res, const Reply& reply);

/** Starts a request: its id (X-Request-Id when it is sane, else a random one) and its clock. */
void begin_request(const httplib::Request& req, httplib::Response& res);

/** The request's id, making one if begin_request did not run (errors before routing). */
std::string request_id(httplib::Response& res);

/** Milliseconds since begin_request on this thread, then forgets it; 0 when it did not run. */
double finish_request_ms();

/** The token after "Bearer " in the Authorization header, if any. */
std::optional<std::string> bearer_token(const httplib::Request& req);

/** The value of one cookie, if sent. */
std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name);

/** Name of the cookie that may carry a customer token (for pages on the API's own origin). */
inline constexpr std::string_view kTokenCookie = "loyalty_token";

/** Who a request speaks for. */
struct Caller {
    bool admin = false;
    std::optional<std::string> customer_id;
};

/** The signed-in customer (Bearer header first, then the cookie), or the 401 to answer. */
std::optional<Reply> require_customer(App& app, const httplib::Request& req, Caller& caller);

/** The admin (the configured admin token as Bearer), or the 401/403 to answer. */
std::optional<Reply> require_admin(App& app, const httplib::Request& req);

/** Admin, or a customer token: for endpoints a shopper may call about themselves. */
std::optional<Reply> require_admin_or_customer(App& app, const httplib::Request& req,
                                               Caller& caller);

/** Adds CORS headers when the Origin is configured; answers a preflight. */
void apply_cors(const App& app, const httplib::Request& req, httplib::Response& res);
/** OPTIONS: a preflight from an allowed origin gets 204 and the allowed methods and headers;
 *  from any other origin 403. Without Origin: 204 with Allow. */
void answer_options(const App& app, const httplib::Request& req, httplib::Response& res);

/** Headers every response gets (nosniff, referrer policy) and a CSP on HTML and JSON. */
void add_security_headers(const httplib::Request& req, httplib::Response& res);

/** The Content-Security-Policy of HTML pages this server serves. */
inline constexpr std::string_view kPageCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'";

}  // namespace loyalty::server
