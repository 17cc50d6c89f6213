// The audit log of the owner's console (docs/server.md, "Audit log"): who did what to which
// customer, when and why. An entry is written in the transaction of its action and only when
// the action changed something, so a retried request leaves one entry, and a rolled-back one none.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app.h"
#include "database.h"
#include "reply.h"

namespace loyalty::server {

/** The operator's name, sent by the console with each admin call. */
inline constexpr const char* kActorHeader = "X-Loyalty-Actor";
/** The actor of admin calls that name none (a shop's backend, curl). */
inline constexpr std::string_view kDefaultActor = "api";

/** The actor of a request: `header` (X-Loyalty-Actor when sent) must be 1-100 bytes of printable
 *  UTF-8; absent, "api". A 400 naming the header otherwise. */
std::optional<Reply> read_actor(const std::optional<std::string>& header, std::string& actor);

/** One action to record. */
struct AdminAction {
    std::string actor;
    std::string customer_id;
    std::string action;  // adjustment, bonus, offer_given, offer_voided, code_voided
    std::string target;  // the event id, offer id or code
    std::optional<std::string> reason;
    json detail = json::object();
};

/** Appends `a` at `at` (the server's clock), inside the caller's transaction. */
void record_action(Connection& c, Instant at, const AdminAction& a);

/** GET /api/admin/audit: the entries newest first, of one customer when `customer_id` is given;
 *  `limit` 1-200 (50), `before` a seq for the next page. 400 at the parameter otherwise. */
struct AuditQuery {
    std::optional<std::string> customer_id;
    std::optional<std::string> limit;
    std::optional<std::string> before;
};
Reply audit_reply(App& app, const AuditQuery& q);

}  // namespace loyalty::server
