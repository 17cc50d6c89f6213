#include "audit.h"

#include <limits>

#include "contacts.h"
#include "ids.h"

namespace loyalty::server {
namespace {

constexpr int64_t kDefaultEntries = 50;
constexpr int64_t kMaxEntries = 200;

/** A whole number in [min, max] written as plain digits (no sign, no spaces), else empty. */
std::optional<int64_t> whole_number(const std::string& text, int64_t min, int64_t max) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int64_t n = std::stoll(text);
    if (n < min || n > max) return std::nullopt;
    return n;
}

}  // namespace

std::optional<Reply> read_actor(const std::optional<std::string>& header, std::string& actor) {
    if (!header) {
        actor = kDefaultActor;
        return std::nullopt;
    }
    if (header->empty() || header->size() > 100 || !printable_utf8(*header)) {
        return error_reply(
            400, "",
            std::string("the ") + kActorHeader +
                " header must be the operator's name: 1-100 bytes of printable UTF-8",
            ErrorCode::bad_format);
    }
    actor = *header;
    return std::nullopt;
}

void record_action(Connection& c, Instant at, const AdminAction& a) {
    auto s = c.prepare(
        "INSERT INTO admin_actions (at, actor, customer_id, action, target, reason, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, at).bind(2, a.actor).bind(3, a.customer_id).bind(4, a.action).bind(5, a.target);
    s.bind(6, a.reason).bind(7, a.detail.dump(-1, ' ', false, json::error_handler_t::replace));
    s.run();
}

Reply audit_reply(App& app, const AuditQuery& q) {
    Errors errors;
    int64_t limit = kDefaultEntries;
    int64_t before = std::numeric_limits<int64_t>::max();
    if (q.limit) {
        if (auto n = whole_number(*q.limit, 1, kMaxEntries))
            limit = *n;
        else
            errors.push_back(
                {"/limit", "expected a whole number from 1 to 200", ErrorCode::out_of_range});
    }
    if (q.before) {
        if (auto n = whole_number(*q.before, 1, std::numeric_limits<int64_t>::max()))
            before = *n;
        else
            errors.push_back(
                {"/before",
                 "expected the seq of an entry (a whole number from 1), as next_before gives",
                 ErrorCode::bad_format});
    }
    if (q.customer_id && !valid_customer_id(*q.customer_id))
        errors.push_back({"/customer_id",
                          "expected a customer id: 1-128 of A-Z a-z 0-9 . _ - : @ +",
                          ErrorCode::bad_format});
    if (!errors.empty()) return error_reply(400, errors);

    json entries = json::array();
    std::optional<int64_t> next;
    auto conn = app.pool->acquire();
    // One more row than asked tells whether an older page exists.
    auto read = [&](Statement& s) {
        while (s.step()) {
            if (int64_t(entries.size()) == limit) {
                next = entries.back()["seq"].get<int64_t>();
                break;
            }
            json e = {{"seq", s.integer(0)}, {"at", app.program().iso(s.integer(1))},
                      {"actor", s.text(2)},  {"customer_id", s.text(3)},
                      {"action", s.text(4)}, {"target", s.text(5)}};
            e["reason"] = s.is_null(6) ? json(nullptr) : json(s.text(6));
            json detail = json::parse(s.text(7), nullptr, false);
            e["detail"] = detail.is_object() ? detail : json::object();
            entries.push_back(std::move(e));
        }
    };
    if (q.customer_id) {
        auto s = conn->prepare(
            "SELECT seq, at, actor, customer_id, action, target, reason, detail FROM admin_actions "
            "WHERE customer_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
        s.bind(1, *q.customer_id).bind(2, before).bind(3, limit + 1);
        read(s);
    } else {
        auto s = conn->prepare(
            "SELECT seq, at, actor, customer_id, action, target, reason, detail FROM admin_actions "
            "WHERE seq < ? ORDER BY seq DESC LIMIT ?");
        s.bind(1, before).bind(2, limit + 1);
        read(s);
    }
    return Reply{200,
                 {{"ok", true},
                  {"entries", std::move(entries)},
                  {"next_before", next ? json(*next) : json(nullptr)}},
                 {}};
}

}  // namespace loyalty::server
