#include "http_support.h"

#include <algorithm>
#include <chrono>

#include "crypto.h"
#include "ids.h"
#include "token.h"

namespace loyalty::server {
namespace {

struct RequestClock {
    bool active = false;
    std::chrono::steady_clock::time_point start;
};
thread_local RequestClock request_clock;

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

Reply unauthorized(std::string message, bool invalid_token) {
    Reply r = error_reply(401, "", std::move(message));
    r.headers.emplace_back("WWW-Authenticate",
                           invalid_token ? "Bearer realm=\"loyalty\", error=\"invalid_token\""
                                         : "Bearer realm=\"loyalty\"");
    return r;
}

bool origin_allowed(const App& app, const std::string& origin) {
    const auto& list = app.config.allowed_origins;
    return !origin.empty() && std::find(list.begin(), list.end(), origin) != list.end();
}

}  // namespace

void send_reply(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    for (const auto& [k, v] : reply.headers) res.set_header(k, v);
    res.set_content(reply.text.empty()
                        ? reply.body.dump(-1, ' ', false, json::error_handler_t::replace)
                        : reply.text,
                    "application/json; charset=utf-8");
}

void begin_request(const httplib::Request& req, httplib::Response& res) {
    request_clock = {true, std::chrono::steady_clock::now()};
    const std::string given = req.get_header_value("X-Request-Id");
    res.set_header("X-Request-Id", valid_request_id(given) ? given : random_hex(8));
}

std::string request_id(httplib::Response& res) {
    if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", random_hex(8));
    return res.get_header_value("X-Request-Id");
}

double finish_request_ms() {
    if (!request_clock.active) return 0;
    request_clock.active = false;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - request_clock.start)
                        .count();
    return double(us / 10) / 100.0;  // two decimals
}

std::optional<std::string> bearer_token(const httplib::Request& req) {
    const std::string h = req.get_header_value("Authorization");
    if (!iequals_prefix(h, "Bearer ")) return std::nullopt;
    std::string token = h.substr(7);
    while (!token.empty() && token.front() == ' ') token.erase(0, 1);
    while (!token.empty() && token.back() == ' ') token.pop_back();
    if (token.empty()) return std::nullopt;
    return token;
}

std::optional<std::string> cookie_value(const httplib::Request& req, std::string_view name) {
    const std::string header = req.get_header_value("Cookie");
    size_t start = 0;
    while (start < header.size()) {
        size_t end = header.find(';', start);
        if (end == std::string::npos) end = header.size();
        std::string_view pair(header.data() + start, end - start);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name)
            return std::string(pair.substr(eq + 1));
        start = end + 1;
    }
    return std::nullopt;
}

std::optional<Reply> require_customer(App& app, const httplib::Request& req, Caller& caller) {
    auto token = bearer_token(req);
    if (!token) token = cookie_value(req, kTokenCookie);
    if (!token || token->empty()) {
        return unauthorized(
            "sign in first: send \"Authorization: Bearer <customer token>\" or the " +
                std::string(kTokenCookie) + " cookie",
            false);
    }
    const TokenCheck check = verify_customer_token(app.customer_secret, *token, app.clock.now());
    if (!check.customer_id) return unauthorized("the customer token is " + check.problem, true);
    caller.customer_id = check.customer_id;
    return std::nullopt;
}

std::optional<Reply> require_admin(App& app, const httplib::Request& req) {
    if (app.config.admin_token.empty()) {
        return error_reply(403, "",
                           "admin endpoints are off: start the server with --admin-token or "
                           "LOYALTY_ADMIN_TOKEN");
    }
    const auto token = bearer_token(req);
    if (!token) return unauthorized("send \"Authorization: Bearer <admin token>\"", false);
    if (!secrets_equal(*token, app.config.admin_token))
        return unauthorized("the admin token is wrong", true);
    return std::nullopt;
}

std::optional<Reply> require_admin_or_customer(App& app, const httplib::Request& req,
                                               Caller& caller) {
    const auto token = bearer_token(req);
    if (token && !app.config.admin_token.empty() && secrets_equal(*token, app.config.admin_token)) {
        caller.admin = true;
        return std::nullopt;
    }
    return require_customer(app, req, caller);
}

void apply_cors(const App& app, const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty()) res.set_header("Vary", "Origin");
    if (!origin_allowed(app, origin)) return;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Allow-Credentials", "true");
    res.set_header("Access-Control-Expose-Headers", "X-Request-Id");
}

void answer_options(const App& app, const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    const bool preflight = !origin.empty() && req.has_header("Access-Control-Request-Method");
    if (preflight && !origin_allowed(app, origin)) {
        send_reply(res, error_reply(403, "",
                                    "origin " + origin +
                                        " is not allowed; start the server with "
                                        "--allowed-origin " +
                                        origin));
        return;
    }
    res.status = 204;
    res.set_header("Allow", "GET, HEAD, POST, OPTIONS");
    if (preflight) {
        res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.set_header(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type, Idempotency-Key, X-Loyalty-Actor, X-Request-Id");
        res.set_header("Access-Control-Max-Age", "600");
    }
}

void add_security_headers(const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!res.has_header("Referrer-Policy"))
        res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    const std::string type = res.get_header_value("Content-Type");
    if (type.starts_with("text/html")) {
        // A page that set its own (stricter) policy keeps it: the owner's console.
        if (!res.has_header("Content-Security-Policy"))
            res.set_header("Content-Security-Policy", std::string(kPageCsp));
        res.set_header("X-Frame-Options", "SAMEORIGIN");
    } else if (type.starts_with("application/json") && !type.empty()) {
        // A JSON answer opened as a page can run nothing.
        res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    if (req.path.starts_with("/api/") && !res.has_header("Cache-Control"))
        res.set_header("Cache-Control", "no-store");
}

}  // namespace loyalty::server
