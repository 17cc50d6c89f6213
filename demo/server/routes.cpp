#include "routes.h"

#include "audit.h"
#include "bookings.h"
#include "claims.h"
#include "connection.h"
#include "core_calls.h"
#include "customer_search.h"
#include "dashboard_assets.h"
#include "exports.h"
#include "http_support.h"
#include "ids.h"
#include "ledger_replay.h"
#include "ledger_store.h"
#include "mime.h"
#include "numbers.h"
#include "offers.h"
#include "program_admin.h"
#include "program_version_store.h"
#include "referrals.h"
#include "reminders.h"
#include "request_body.h"
#include "surveys.h"
#include "token.h"
#include "webhooks.h"

namespace loyalty::server {
namespace {

using httplib::Request;
using httplib::Response;

constexpr int64_t kDefaultTokenTtl = 3600;
constexpr int64_t kMaxTokenTtl = 30 * 86'400;
constexpr int64_t kDemoTokenTtl = 86'400;

int history_limit(const Request& req) {
    if (!req.has_param("history_limit")) return 20;
    const std::string v = req.get_param_value("history_limit");
    if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    const int n = std::stoi(v);
    return n <= 1000 ? n : -1;
}

/** {"ok", "customer", "now", "status", "offers"}: a customer as the widget reads it
 * (docs/server.md). "status" comes from the customer's ledger state, each event in it booked under
 * the programme version of its day; "customer" is the record of their events, which the widget's
 * core previews carts from (it cannot read ledger states within its byte budget). For the admin
 * also "contact", and each event carries the "program_version" that booked it. */
Reply customer_reply(App& app, std::string_view customer_id, int limit, bool admin = false) {
    StoredCustomer c;
    std::optional<StoredStateText> stored;
    json offers, contact;
    Instant now = app.clock.now();
    {
        refresh_program_versions(app);
        auto conn = app.pool->acquire();
        c = load_customer(*conn, customer_id);
        stored = load_state_text(*conn, customer_id);
        // Reads never move the ledger's clock backwards either (see bookings.cpp).
        now = std::max(now, c.last_at.value_or(now));
        offers = current_offers(app, *conn, std::string(customer_id), now);
        if (admin) contact = contact_json(app, *conn, customer_id);
    }
    // The state this process last stored for the customer when it still is the stored one.
    std::optional<LedgerState> state;
    if (stored) state = typed_state(app, c.id, stored->text, CacheUse::copy);
    // Missing (sample data, a lost row) or unreadable: the fold of the events, not stored.
    if (!state) {
        if (auto replayed = replay_state(app, c)) {
            replayed->erase("orders");
            state = typed_state(app, *replayed);
        }
    }
    const ProgramFile& program = app.programs.program_at(now);
    json status;
    if (state) status = core_status(program, Customer{c.id, std::move(*state), {}}, now, limit);
    if (!state || !core_ok(status)) {
        Errors errors = state ? core_errors(status) : Errors{{"", "its events are refused"}};
        for (auto& e : errors) {
            e.message = "the stored ledger is refused by the core: " + e.message;
            e.code = ErrorCode::internal;  // the shopper's request is fine; the store is not
        }
        return error_reply(500, errors);
    }
    json doc = c.document();
    if (admin) {
        for (size_t i = 0; i < c.versions.size(); ++i)
            doc["events"][i]["program_version"] = c.versions[i];
    }
    Reply out{200,
              {{"ok", true},
               {"customer", std::move(doc)},
               {"now", program.iso(now)},
               {"status", std::move(status)},
               {"offers", std::move(offers)}},
              {}};
    if (admin) out.body["contact"] = std::move(contact);
    return out;
}

/** Parses a JSON body, with 415 for another media type. */
std::optional<Reply> read_json_body(const Request& req, const std::string& text, json& out) {
    const std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0) {
        return error_reply(415, "",
                           "send the body as JSON with \"Content-Type: application/json\"");
    }
    auto parsed = parse_object_body(text);
    if (!parsed.ok()) return error_reply(400, parsed.errors());
    out = std::move(parsed.value());
    return std::nullopt;
}

/** The id in "/api/loyalty/customers/{id}" (+ "/events" when `events`), percent-decoded. */
std::optional<std::string> customer_in_path(const std::string& path, bool events) {
    constexpr std::string_view kPrefix = "/api/loyalty/customers/";
    if (!path.starts_with(kPrefix)) return std::nullopt;
    std::string rest = path.substr(kPrefix.size());
    if (events) {
        if (!rest.ends_with("/events")) return std::nullopt;
        rest.resize(rest.size() - 7);
    }
    if (rest.empty() || rest.find('/') != std::string::npos) return std::nullopt;
    return rest;
}

/** The id in "/api/loyalty/customers/{id}/codes". */
std::optional<std::string> codes_path(const std::string& path) {
    constexpr std::string_view kPrefix = "/api/loyalty/customers/";
    constexpr std::string_view kTail = "/codes";
    if (!path.starts_with(kPrefix) || !path.ends_with(kTail)) return std::nullopt;
    std::string id = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kTail.size());
    if (id.empty() || id.find('/') != std::string::npos) return std::nullopt;
    return id;
}

/** A query parameter, when sent. */
std::optional<std::string> param(const Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    return req.get_param_value(name);
}

/** "/api/loyalty/customers/{id}/offers" (offer empty) or ".../offers/{offer}/void". */
struct OfferPath {
    std::string customer_id;
    std::string offer_id;
};
std::optional<OfferPath> offer_path(const std::string& path) {
    constexpr std::string_view kPrefix = "/api/loyalty/customers/";
    if (!path.starts_with(kPrefix)) return std::nullopt;
    const std::string rest = path.substr(kPrefix.size());
    const size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string::npos) return std::nullopt;
    OfferPath out{rest.substr(0, slash), ""};
    const std::string tail = rest.substr(slash);
    if (tail == "/offers") return out;
    constexpr std::string_view kOffers = "/offers/";
    if (!tail.starts_with(kOffers) || !tail.ends_with("/void")) return std::nullopt;
    out.offer_id = tail.substr(kOffers.size(), tail.size() - kOffers.size() - 5);
    if (out.offer_id.empty() || out.offer_id.find('/') != std::string::npos) return std::nullopt;
    return out;
}

/** The code and the action in "/api/loyalty/codes/{code}/redeem" or ".../void". */
struct CodeAction {
    std::string code;
    std::string action;
};
std::optional<CodeAction> code_in_path(const std::string& path) {
    constexpr std::string_view kPrefix = "/api/loyalty/codes/";
    if (!path.starts_with(kPrefix)) return std::nullopt;
    const std::string rest = path.substr(kPrefix.size());
    const size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string::npos) return std::nullopt;
    CodeAction out{rest.substr(0, slash), rest.substr(slash + 1)};
    if (out.action != "redeem" && out.action != "void") return std::nullopt;
    return out;
}

constexpr std::string_view kClaimsPath = "/api/loyalty/me/claims";
constexpr std::string_view kProgramVersionsPath = "/api/admin/program/versions";
constexpr std::string_view kCustomersCsv = "/api/admin/export/customers.csv";
constexpr std::string_view kEventsCsv = "/api/admin/export/events.csv";

class Router {
  public:
    explicit Router(App& app) : app_(app) {}

    void get(const Request& req, Response& res) {
        const std::string& p = req.path;
        if (p == "/healthz") return send_reply(res, health());
        if (p == "/api/loyalty/program") return program(req, res);
        if (p == "/api/loyalty/me") return me(req, res);
        if (p == kClaimsPath) return claims(req, res);
        if (p == "/api/loyalty/me/referral") return referral(req, res);
        if (auto id = customer_in_path(p, false)) return customer(req, res, *id);
        if (auto id = codes_path(p)) {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, list_codes_reply(app_, *id));
        }
        if (p == "/api/admin/customers") {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, search_customers(app_, param(req, "q"), param(req, "limit")));
        }
        if (p == "/api/admin/numbers") {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, numbers_reply(app_, param(req, "from"), param(req, "to")));
        }
        if (p == kCustomersCsv || p == kEventsCsv) {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return p == kCustomersCsv ? export_customers_csv(app_, res)
                                      : export_events_csv(app_, res);
        }
        if (p == "/api/admin/audit") {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, audit_reply(app_, {param(req, "customer_id"),
                                                      param(req, "limit"), param(req, "before")}));
        }
        if (auto o = offer_path(p); o && o->offer_id.empty()) {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, list_offers_reply(app_, o->customer_id));
        }
        if (p == kProgramVersionsPath) {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, program_versions_reply(app_));
        }
        if (p.starts_with(std::string(kProgramVersionsPath) + "/")) {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(
                res, program_version_reply(app_,
                                           std::string_view(p).substr(
                                               std::string_view(kProgramVersionsPath).size() + 1)));
        }
        if (p == "/api/admin/surveys") return surveys_report(req, res);
        if (p == "/api/admin/reminders") return reminder_list(req, res);
        if (p == "/api/admin/webhooks") {
            if (auto no = require_admin(app_, req)) return send_reply(res, *no);
            return send_reply(res, webhook_report(app_, req));
        }
        if (const Asset* a = find_dashboard_asset(p)) {
            res.set_header("Cache-Control", "no-cache");
            // The console's stricter policy (add_security_headers keeps a policy already set);
            // the token it holds never leaves in a Referer.
            res.set_header("Content-Security-Policy", std::string(kConsoleCsp));
            res.set_header("Referrer-Policy", "no-referrer");
            res.set_content(std::string(a->body), std::string(mime_type(a->file)));
            return;
        }
        if (app_.config.demo_login && p == "/demo/customers") return demo_customers(res);
        if (is_post_only(p)) return method_not_allowed(req, res, "POST, OPTIONS");
        if (app_.statics.serve(req, res)) return;
        not_found(req, res);
    }

    /** A POST whose body `text` has been read within the limits. */
    void post(const Request& req, const std::string& text, Response& res) {
        const std::string& p = req.path;
        json body;
        if (p.starts_with("/api/webhooks/")) return webhook(req, text, res);
        if (p == "/api/loyalty/surveys") return survey_answer(req, text, res);
        if (p == kClaimsPath) return claim(req, text, res);
        std::string actor;  // who an admin call is recorded as (audit.h)
        if (auto code = code_in_path(p)) {
            if (auto no = require_admin_actor(req, actor)) return send_reply(res, *no);
            // A void may come without a body; anything sent must be a JSON object.
            if (!(code->action == "void" && text.empty())) {
                if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
            } else {
                body = json::object();
            }
            return send_reply(res, code->action == "redeem"
                                       ? redeem_code(app_, code->code, body)
                                       : void_code(app_, code->code, body, actor));
        }
        if (auto o = offer_path(p)) {
            if (auto no = require_admin_actor(req, actor)) return send_reply(res, *no);
            if (!o->offer_id.empty()) {  // a void needs no body
                if (!text.empty()) {
                    if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
                } else {
                    body = json::object();
                }
                return send_reply(res,
                                  void_offer_reply(app_, o->customer_id, o->offer_id, body, actor));
            }
            if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
            return send_reply(res, give_offer(app_, o->customer_id, body, actor));
        }
        if (p == kProgramVersionsPath) {
            if (auto no = require_admin_actor(req, actor)) return send_reply(res, *no);
            if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
            return send_reply(res, upload_program_version(app_, body, text, actor));
        }
        if (p == "/api/loyalty/orders" || p == "/api/loyalty/refunds" ||
            customer_in_path(p, true) || p == "/api/admin/tokens") {
            if (auto no = require_admin_actor(req, actor)) return send_reply(res, *no);
            if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
            if (p == "/api/loyalty/orders") return send_reply(res, book_order(app_, body));
            if (p == "/api/loyalty/refunds") return send_reply(res, book_refund(app_, body));
            if (p == "/api/admin/tokens") return send_reply(res, sign_token(body));
            return send_reply(res, book_event(app_, *customer_in_path(p, true), body, actor));
        }
        if (app_.config.demo_login && (p == "/demo/login" || p == "/demo/logout"))
            return demo_session(req, text, res);
        if (app_.config.demo_login && p == "/demo/checkout") return demo_checkout(req, text, res);
        if (is_get_only(p)) return method_not_allowed(req, res, "GET, HEAD, OPTIONS");
        not_found(req, res);
    }

    void not_found(const Request& req, Response& res) {
        send_reply(res, error_reply(404, "", "nothing here: " + req.method + " " + req.path));
    }

    void method_not_allowed(const Request& req, Response& res, const char* allow) {
        Reply r =
            error_reply(405, "", req.method + " is not allowed on " + req.path + "; use " + allow);
        r.headers.emplace_back("Allow", allow);
        send_reply(res, r);
    }

    bool is_post_only(const std::string& p) const {
        if (auto o = offer_path(p); o && !o->offer_id.empty()) return true;
        if (p == "/api/webhooks/generic" || p == "/api/webhooks/shopify" ||
            (p.starts_with(kInsalesPrefix) && p.size() > kInsalesPrefix.size()))
            return true;
        return p == "/api/loyalty/surveys" || p == "/api/loyalty/orders" || code_in_path(p) ||
               p == "/api/loyalty/refunds" || p == "/api/admin/tokens" ||
               customer_in_path(p, true).has_value() ||
               (app_.config.demo_login &&
                (p == "/demo/login" || p == "/demo/logout" || p == "/demo/checkout"));
    }

    bool is_get_only(const std::string& p) const {
        return p == "/healthz" || p == "/api/loyalty/program" || p == "/api/loyalty/me" ||
               p == "/api/admin/surveys" || p == "/api/admin/reminders" ||
               p == "/api/loyalty/me/referral" || p == "/api/admin/webhooks" ||
               p == "/api/admin/customers" || p == "/api/admin/audit" ||
               p == "/api/admin/numbers" || p == kCustomersCsv || p == kEventsCsv ||
               customer_in_path(p, false).has_value() || codes_path(p).has_value() ||
               find_dashboard_asset(p) != nullptr;
    }

  private:
    /** The admin, and the actor the call is recorded as: X-Loyalty-Actor, else "api". */
    std::optional<Reply> require_admin_actor(const Request& req, std::string& actor) {
        if (auto no = require_admin(app_, req)) return no;
        std::optional<std::string> header;
        if (req.has_header(kActorHeader)) header = req.get_header_value(kActorHeader);
        return read_actor(header, actor);
    }

    /** POST /api/webhooks/...: each platform's endpoint checks its own signature (webhooks.h). */
    void webhook(const Request& req, const std::string& text, Response& res) {
        const std::string& p = req.path;
        const std::string id = request_id(res);
        if (p == "/api/webhooks/generic")
            return send_reply(res, generic_webhook(app_, req, text, id));
        if (p == "/api/webhooks/shopify")
            return send_reply(res, shopify_webhook(app_, req, text, id));
        if (p.starts_with(kInsalesPrefix) && p.size() > kInsalesPrefix.size() &&
            p.find('/', kInsalesPrefix.size()) == std::string::npos) {
            return send_reply(
                res, insales_webhook(app_, req, text,
                                     std::string_view(p).substr(kInsalesPrefix.size()), id));
        }
        send_reply(
            res,
            error_reply(404, "",
                        "nothing here: POST " + loggable_path(p) +
                            "; the webhooks are /api/webhooks/generic, /api/webhooks/shopify and "
                            "/api/webhooks/insales/{secret}"));
    }

    Reply health() {
        if (app_.stopping) {
            // A load balancer that polls this takes the instance out before it is gone.
            return error_reply(503, "", "stopping: finishing the requests in flight");
        }
        auto conn = app_.pool->acquire();
        auto s = conn->prepare("SELECT COUNT(*) FROM customers");
        const int64_t customers = s.step() ? s.integer(0) : 0;
        return Reply{200,
                     {{"ok", true},
                      {"program", app_.program().id},
                      {"customers", customers},
                      {"now", app_.program().iso(app_.clock.now())}},
                     {}};
    }

    /** The version in force now: the widget previews carts and shows rewards by it. */
    void program(const Request& req, Response& res) {
        refresh_program_versions(app_);
        const ProgramVersion v = app_.programs.at(app_.clock.now());
        res.set_header("ETag", v.program->etag);
        res.set_header("X-Program-Version", std::to_string(v.number));
        res.set_header("Cache-Control", "no-cache");
        if (req.get_header_value("If-None-Match") == v.program->etag) {
            res.status = 304;
            return;
        }
        res.set_content(v.program->text, "application/json; charset=utf-8");
    }

    void me(const Request& req, Response& res) {
        // A visitor who sent no credentials at all is a guest: 204, which the widget reads as
        // "guest" without the console line a 401 leaves. Credentials that fail are a 401.
        if (!bearer_token(req) && !cookie_value(req, kTokenCookie)) {
            res.status = 204;
            return;
        }
        Caller caller;
        if (auto no = require_customer(app_, req, caller)) return send_reply(res, *no);
        const int limit = history_limit(req);
        if (limit < 0)
            return send_reply(
                res, error_reply(400, "/history_limit", "expected a whole number from 0 to 1000",
                                 ErrorCode::out_of_range));
        send_reply(res, customer_reply(app_, *caller.customer_id, limit));
    }

    void claims(const Request& req, Response& res) {
        Caller caller;
        if (auto no = require_customer(app_, req, caller)) return send_reply(res, *no);
        send_reply(res, list_claims(app_, *caller.customer_id));
    }

    void referral(const Request& req, Response& res) {
        Caller caller;
        if (auto no = require_customer(app_, req, caller)) return send_reply(res, *no);
        send_reply(res, my_referral(app_, *caller.customer_id));
    }

    void claim(const Request& req, const std::string& text, Response& res) {
        Caller caller;
        if (auto no = require_customer(app_, req, caller)) return send_reply(res, *no);
        json body;
        if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
        send_reply(res, claim_reward(app_, *caller.customer_id,
                                     req.get_header_value("Idempotency-Key"), body));
    }

    void customer(const Request& req, Response& res, const std::string& id) {
        Caller caller;
        if (auto no = require_admin_or_customer(app_, req, caller)) return send_reply(res, *no);
        if (!caller.admin && caller.customer_id != id) {
            return send_reply(res,
                              error_reply(403, "", "this customer token is for another customer"));
        }
        if (!valid_customer_id(id))
            return send_reply(res, error_reply(404, "", "no customer can have this id"));
        const int limit = history_limit(req);
        if (limit < 0)
            return send_reply(
                res, error_reply(400, "/history_limit", "expected a whole number from 0 to 1000",
                                 ErrorCode::out_of_range));
        send_reply(res, customer_reply(app_, id, limit, caller.admin));
    }

    void survey_answer(const Request& req, const std::string& text, Response& res) {
        json body;
        if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
        // Answers may be anonymous; a valid customer token only adds who gave it.
        std::optional<std::string> customer_id;
        Caller caller;
        if (!require_customer(app_, req, caller)) customer_id = caller.customer_id;
        std::optional<std::string> key;
        if (req.has_header("Idempotency-Key")) key = req.get_header_value("Idempotency-Key");
        send_reply(res, record_survey_answer(app_, body, key, customer_id));
    }

    void surveys_report(const Request& req, Response& res) {
        if (auto no = require_admin(app_, req)) return send_reply(res, *no);
        SurveyQuery q{req.get_param_value("survey_id"), req.get_param_value("from"),
                      req.get_param_value("to"), req.get_param_value("bucket")};
        send_reply(res, survey_report(app_, q));
    }

    void reminder_list(const Request& req, Response& res) {
        if (auto no = require_admin(app_, req)) return send_reply(res, *no);
        Reply page = reminders(app_, {req.get_param_value("within_days"),
                                      req.get_param_value("limit"), req.get_param_value("after")});
        if (page.status != 200 ||
            req.get_header_value("Accept").find("text/csv") == std::string::npos)
            return send_reply(res, page);
        res.status = 200;
        res.set_header("Content-Disposition", "attachment; filename=\"loyalty-reminders.csv\"");
        if (page.body["next"].is_string())
            res.set_header("X-Next-After", page.body["next"].get<std::string>());
        res.set_content(reminders_csv(page.body), "text/csv; charset=utf-8");
    }

    Reply sign_token(const json& body) {
        Errors errors;
        FieldReader r(body, errors);
        r.reject_unknown({"customer_id", "ttl_seconds"});
        auto id = r.string("customer_id", true, 128, valid_customer_id,
                           "a customer id: 1-128 of A-Z a-z 0-9 . _ - : @ +");
        auto ttl = r.integer("ttl_seconds", false, 60, kMaxTokenTtl);
        if (!errors.empty()) return error_reply(400, errors);
        const Instant expires = app_.clock.now() + ttl.value_or(kDefaultTokenTtl);
        return Reply{200,
                     {{"ok", true},
                      {"token", sign_customer_token(app_.customer_secret, *id, expires)},
                      {"customer_id", *id},
                      {"expires", expires},
                      {"expires_at", app_.program().iso(expires)}},
                     {}};
    }

    void demo_customers(Response& res) {
        auto conn = app_.pool->acquire();
        send_reply(res, Reply{200, {{"ok", true}, {"customers", list_customers(*conn, 100)}}, {}});
    }

    /** The demo shop has no backend of its own: this books its cart for the signed-in shopper
     *  (the cookie's customer), as a shop's backend would with POST /api/loyalty/orders. */
    void demo_checkout(const Request& req, const std::string& text, Response& res) {
        Caller caller;
        if (auto no = require_customer(app_, req, caller)) return send_reply(res, *no);
        json body;
        if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
        if (body.contains("customer_id")) {
            return send_reply(
                res, error_reply(400, "/customer_id", "is the signed-in customer's; leave it out",
                                 ErrorCode::not_allowed));
        }
        body["customer_id"] = *caller.customer_id;
        send_reply(res, book_order(app_, body));
    }

    void demo_session(const Request& req, const std::string& text, Response& res) {
        const std::string cookie_tail = "; Path=/; HttpOnly; SameSite=Lax";
        if (req.path == "/demo/logout") {
            Reply r{
                200,
                {{"ok", true}},
                {{"Set-Cookie", std::string(kTokenCookie) + "=" + cookie_tail + "; Max-Age=0"}}};
            return send_reply(res, r);
        }
        json body;
        if (auto bad = read_json_body(req, text, body)) return send_reply(res, *bad);
        Errors errors;
        FieldReader r(body, errors);
        r.reject_unknown({"customer_id"});
        auto id = r.string("customer_id", true, 128, valid_customer_id, "a customer id");
        if (!errors.empty()) return send_reply(res, error_reply(400, errors));
        bool exists;
        {
            auto conn = app_.pool->acquire();
            exists = load_customer(*conn, *id).exists;
        }
        if (!exists)
            return send_reply(
                res, error_reply(404, "/customer_id", "no customer " + *id + " is stored"));
        const Instant expires = app_.clock.now() + kDemoTokenTtl;
        const std::string token = sign_customer_token(app_.customer_secret, *id, expires);
        Reply ok{200,
                 {{"ok", true}, {"customer_id", *id}, {"expires_at", app_.program().iso(expires)}},
                 {{"Set-Cookie", std::string(kTokenCookie) + "=" + token + cookie_tail +
                                     "; Max-Age=" + std::to_string(kDemoTokenTtl)}}};
        send_reply(res, ok);
    }

    App& app_;
};

std::string_view status_words(int status) {
    switch (status) {
        case 400:
            return "the request could not be read";
        case 404:
            return "nothing here";
        case 405:
            return "method not allowed";
        case 413:
            return "the request body is too large";
        case 414:
            return "the URL is too long";
        case 416:
            return "the range cannot be satisfied";
        default:
            return "the request failed";
    }
}

}  // namespace

void install_routes(httplib::Server& server, App& app) {
    auto router = std::make_shared<Router>(app);

    server.set_pre_routing_handler([&app](const Request& req, Response& res) {
        begin_request(req, res);
        apply_cors(app, req, res);
        if (auto refused = begin_request_body(req)) {
            send_reply(res, *refused);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.Get(".*", [router](const Request& req, Response& res) { router->get(req, res); });
    // Bodies are read by the handler (read_request_body), never by the library, which would
    // inflate a compressed body without a limit.
    server.Post(".*",
                [router](const Request& req, Response& res, const httplib::ContentReader& reader) {
                    std::string text;
                    if (auto refused = read_request_body(reader, res, text))
                        return send_reply(res, *refused);
                    router->post(req, text, res);
                });
    server.Options(".*",
                   [&app](const Request& req, Response& res) { answer_options(app, req, res); });
    auto refuse = [router](const Request& req, Response& res, const httplib::ContentReader&) {
        if (ConnectionContext* c = current_connection()) c->close_after = true;  // body unread
        router->method_not_allowed(req, res, "GET, HEAD, POST, OPTIONS");
    };
    server.Put(".*", refuse);
    server.Delete(".*", refuse);
    server.Patch(".*", refuse);

    // Errors the library produces itself (413, 414, 400 on a bad request line): JSON too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([&app](const Request& req,
                                                                         Response& res) {
        request_id(res);
        if (auto fault = stream_fault_reply()) {
            // The stream gave up on the request (too slow, too large): say so, not "400".
            if (ConnectionContext* c = current_connection()) c->close_after = true;
            send_reply(res, *fault);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!res.body.empty() || res.content_provider_ || res.status == 304) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        std::string message(status_words(res.status));
        if (res.status == 413)
            message += ": at most " + std::to_string(app.config.max_body) + " bytes are accepted";
        if (res.status == 404) message += ": " + req.method + " " + req.path;
        send_reply(res, error_reply(res.status, "", message));
        return httplib::Server::HandlerResponse::Handled;
    }));

    server.set_exception_handler([&app](const Request& req, Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        bool busy = false;
        try {
            std::rethrow_exception(ep);
        } catch (const DbError& e) {
            what = e.what();
            busy = e.busy();
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        app.logger.error("handler failed", {{"method", req.method},
                                            {"path", loggable_path(req.path)},
                                            {"error", what},
                                            {"request_id", request_id(res)}});
        Reply r = busy ? error_reply(503, "", "the database is busy; try again")
                       : error_reply(500, "",
                                     "internal error (request " + request_id(res) +
                                         "); see the server log");
        if (busy) r.headers.emplace_back("Retry-After", "1");
        send_reply(res, r);
    });

    server.set_post_routing_handler([](const Request& req, Response& res) {
        add_security_headers(req, res);
        const ConnectionContext* c = current_connection();
        if (c && c->last_answer()) {
            res.headers.erase("Keep-Alive");
            res.set_header("Connection", "close");
        }
    });

    server.set_logger([&app](const Request& req, const Response& res) {
        const double ms = finish_request_ms();
        app.logger.info("request", {{"method", req.method},
                                    {"path", loggable_path(req.path)},
                                    {"status", res.status},
                                    {"ms", ms},
                                    {"request_id", res.get_header_value("X-Request-Id")},
                                    {"remote", req.remote_addr}});
    });
}

}  // namespace loyalty::server
