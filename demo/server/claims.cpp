#include "claims.h"

#include <algorithm>

#include "audit.h"
#include "booking.h"
#include "code_store.h"
#include "crypto.h"
#include "ids.h"
#include "request_body.h"
#include "reward_code.h"

namespace loyalty::server {
namespace {

constexpr int kListedCodes = 100;

/** The 404 for a path segment that cannot be a code at all. */
Reply not_a_code() {
    return error_reply(404, "", "no such code: a code is 18 of " + std::string(kCodeAlphabet));
}

/** What a code is now: "expired" once past its expiry while unused, else its stored state. */
std::string code_status(const StoredCode& c, Instant now) {
    return c.state == "active" && c.expires_at <= now ? "expired" : c.state;
}

json claim_json(const App& app, const StoredCode& c, Instant now) {
    json out = {{"id", c.claim_id},
                {"reward_id", c.reward_id},
                {"code", display_reward_code(c.code)},
                {"points", c.points},
                {"created_at", app.program().iso(c.created_at)},
                {"expires_at", app.program().iso(c.expires_at)},
                {"status", code_status(c, now)}};
    if (const RewardInfo* r = app.program().reward(c.reward_id)) out["reward_name"] = r->name;
    if (c.order_id) out["order_id"] = *c.order_id;
    if (c.closed_at) out["closed_at"] = app.program().iso(*c.closed_at);
    return out;
}

/** The claim id for a customer's Idempotency-Key: the same on every retry, so a repeat finds
 *  the redemption it booked; unguessable from outside since the key is the client's secret. */
std::string claim_id_for(std::string_view customer_id, std::string_view key) {
    std::string material(customer_id);
    material += '\n';
    material += key;
    return "claim-" + to_hex(digest_bytes(sha256(material))).substr(0, 20);
}

/** Books the points of `code` back to its customer as an adjustment and closes the code in
 *  the same transaction as `state`. Idempotent by the code. */
Reply return_points(App& app, const StoredCode& code, std::string_view state, std::string reason,
                    const std::optional<AdminAction>& audit = std::nullopt) {
    Booking b;
    b.scope = std::string("code-") + std::string(state);
    b.key = code.code;
    b.customer_id = code.customer_id;
    b.customer_must_exist = true;
    b.hash = code.code;
    b.entry_id = std::string(state == "voided" ? "void-" : "expired-") + code.claim_id;
    b.event = {{"type", "adjustment"},
               {"id", b.entry_id},
               {"points", code.points},
               {"reason", std::move(reason)}};
    b.answer = {{"returned", code.points}};
    b.id_path = "";
    b.label = "the return of code " + display_reward_code(code.code);
    b.locks = {"code:" + code.code};
    const std::string canonical = code.code;
    const std::string to_state(state);
    b.on_booked.push_back([&app, canonical, to_state](Connection& conn, json& answer,
                                                      Instant at) -> std::optional<Reply> {
        if (!close_code(conn, canonical, to_state, std::nullopt, at)) {
            // Used or voided by someone else between our read and our lock: nothing goes back.
            auto now = find_code(conn, canonical);
            return error_reply(409, "",
                               "code " + display_reward_code(canonical) + " is " +
                                   (now ? now->state : std::string("gone")) +
                                   "; its points were not returned");
        }
        auto closed = find_code(conn, canonical);
        answer["code"] = claim_json(app, *closed, at);
        return std::nullopt;
    });
    if (audit) {
        b.on_booked.push_back(
            [&app, audit](Connection& conn, json& answer, Instant) -> std::optional<Reply> {
                AdminAction a = *audit;
                a.detail["returned"] = answer.value("returned", json(0));
                record_action(conn, app.clock.now(), a);
                return std::nullopt;
            });
    }
    return book(app, b);
}

/** Under `redemption.return_expired_codes`, books the points of the customer's codes that
 *  expired unused back, once each, before anything reads or spends their balance. */
void settle_lapsed_codes(App& app, const std::string& customer_id) {
    if (!app.program().return_expired_codes) return;
    std::vector<StoredCode> lapsed;
    {
        auto conn = app.pool->acquire();
        lapsed = lapsed_codes(*conn, customer_id, app.clock.now());
    }
    for (const auto& code : lapsed) {
        return_points(app, code, "expired",
                      "reward code " + display_reward_code(code.code) +
                          " expired unused: its points are back");
    }
}

}  // namespace

Reply claim_reward(App& app, const std::string& customer_id, const std::string& key,
                   const json& body) {
    if (key.empty()) {
        return error_reply(
            400, "",
            "send an Idempotency-Key header (8-128 of A-Z a-z 0-9 - _), the same on every "
            "retry of this claim, so a retry can never claim twice",
            ErrorCode::required);
    }
    if (!valid_idempotency_key(key))
        return error_reply(400, "", "the Idempotency-Key header must be 8-128 of A-Z a-z 0-9 - _",
                           ErrorCode::bad_format);
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"reward_id"});
    auto reward_id = r.string("reward_id", true, 64);
    if (!errors.empty()) return error_reply(400, errors);
    settle_lapsed_codes(app, customer_id);

    const RewardInfo* reward = app.program().reward(*reward_id);
    Booking b;
    b.scope = "claim";
    b.key = customer_id + "\n" + key;
    b.customer_id = customer_id;
    b.hash = request_hash(body);
    b.conflict_status = 422;
    b.id_path = "";
    b.label = "the claim with this Idempotency-Key";
    b.entry_id = claim_id_for(customer_id, key);
    // An unknown reward is refused by `check`, after a repeat of an earlier claim had its chance.
    b.event = {{"type", "redemption"},
               {"id", b.entry_id},
               {"points", reward ? reward->cost : 1},
               {"reward_id", *reward_id}};
    const std::string wanted = *reward_id;
    b.checks.push_back([wanted](Connection&, const json& status) -> std::optional<Reply> {
        for (const auto& w : status["rewards"]) {
            if (w.value("id", "") != wanted) continue;
            if (!w.value("tier_ok", true)) {
                return error_reply(422, "/reward_id",
                                   "\"" + wanted + "\" is for the tier \"" +
                                       w.value("min_tier", "") +
                                       "\" and above; the customer's tier is lower",
                                   ErrorCode::not_allowed);
            }
            if (!w.value("affordable", false)) {
                return error_reply(422, "/reward_id",
                                   "\"" + wanted + "\" costs " +
                                       std::to_string(w.value("cost", int64_t(0))) +
                                       " points; the balance is " +
                                       std::to_string(status.value("balance", int64_t(0))),
                                   ErrorCode::not_enough_points);
            }
            return std::nullopt;
        }
        return error_reply(422, "/reward_id", "no reward \"" + wanted + "\" in this programme",
                           ErrorCode::unknown_reference);
    });
    const int code_days = reward ? reward->code_days : 30;
    b.on_booked.push_back([&app, &b, wanted, code_days](Connection& conn, json& answer,
                                                        Instant at) -> std::optional<Reply> {
        StoredCode code;
        do code.code = new_reward_code();
        while (find_code(conn, code.code));  // 89 bits: never, but a collision must not be a 500
        code.claim_id = b.entry_id;
        code.customer_id = b.customer_id;
        code.reward_id = wanted;
        code.points = b.event["points"].get<int64_t>();
        code.created_at = at;
        code.expires_at = at + int64_t(code_days) * 86'400;
        insert_code(conn, code);
        json status = std::move(answer["status"]);
        answer = {{"ok", true},
                  {"booked", true},
                  {"duplicate", false},
                  {"claim", claim_json(app, code, at)},
                  {"customer", std::move(status)}};
        return std::nullopt;
    });
    return book(app, b);
}

Reply list_claims(App& app, const std::string& customer_id) {
    settle_lapsed_codes(app, customer_id);
    const Instant now = app.clock.now();
    json claims = json::array();
    {
        auto conn = app.pool->acquire();
        for (const auto& c : list_codes(*conn, customer_id, kListedCodes))
            claims.push_back(claim_json(app, c, now));
    }
    return Reply{
        200, {{"ok", true}, {"now", app.program().iso(now)}, {"claims", std::move(claims)}}, {}};
}

Reply list_codes_reply(App& app, const std::string& customer_id) {
    if (!valid_customer_id(customer_id))
        return error_reply(404, "", "no customer can have the id in this URL");
    Reply r = list_claims(app, customer_id);
    r.body["codes"] = std::move(r.body["claims"]);
    r.body.erase("claims");
    return r;
}

Reply redeem_code(App& app, std::string_view typed_code, const json& body) {
    auto canonical = canonical_reward_code(typed_code);
    if (!canonical) return not_a_code();
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"order_id"});
    auto order_id = r.string("order_id", true, 64, valid_record_id, kRecordIdWords);
    if (!errors.empty()) return error_reply(400, errors);

    const auto gate = app.gate();
    auto conn = app.pool->acquire();
    Transaction transaction(*conn, {"code:" + *canonical});
    auto code = find_code(*conn, *canonical);
    if (!code) return error_reply(404, "", "no such code: " + display_reward_code(*canonical));
    const Instant now = app.clock.now();
    const std::string shown = display_reward_code(code->code);
    if (code->state == "used") {
        if (code->order_id == order_id) {
            return Reply{200,
                         {{"ok", true}, {"duplicate", true}, {"code", claim_json(app, *code, now)}},
                         {}};
        }
        return error_reply(409, "/order_id",
                           "code " + shown + " was already used on order " +
                               code->order_id.value_or("?") + " at " +
                               app.program().iso(code->closed_at.value_or(0)));
    }
    if (code->state == "voided") {
        return error_reply(
            410, "",
            "code " + shown + " was voided at " + app.program().iso(code->closed_at.value_or(0)));
    }
    if (code_status(*code, now) == "expired") {
        return error_reply(410, "",
                           "code " + shown + " expired at " + app.program().iso(code->expires_at));
    }
    close_code(*conn, code->code, "used", order_id, now);  // active, under the code's lock
    transaction.commit();
    code->state = "used";
    code->order_id = order_id;
    code->closed_at = now;
    return Reply{
        200, {{"ok", true}, {"duplicate", false}, {"code", claim_json(app, *code, now)}}, {}};
}

std::optional<Reply> attach_reward_codes(App& app, Booking& b, const json& typed_codes) {
    if (!typed_codes.is_array() || typed_codes.size() > 10)
        return error_reply(400, "/reward_codes", "expected a list of at most 10 reward codes",
                           ErrorCode::too_many);
    std::vector<std::string> codes;
    Errors errors;
    for (size_t i = 0; i < typed_codes.size(); ++i) {
        const std::string path = "/reward_codes/" + std::to_string(i);
        auto code = typed_codes[i].is_string()
                        ? canonical_reward_code(typed_codes[i].get<std::string>())
                        : std::nullopt;
        if (!code)
            errors.push_back({path, "expected a reward code: 18 of " + std::string(kCodeAlphabet),
                              ErrorCode::bad_format});
        else if (std::find(codes.begin(), codes.end(), *code) != codes.end())
            errors.push_back({path, "repeats a code: each is used once", ErrorCode::duplicate});
        else
            codes.push_back(*code);
    }
    if (!errors.empty()) return error_reply(400, errors);
    if (codes.empty()) return std::nullopt;
    for (const auto& c : codes) b.locks.push_back("code:" + c);
    b.renames.emplace("/rewards", "/reward_codes");
    b.checks.push_back([&app, &b, codes](Connection& conn, const json&) -> std::optional<Reply> {
        json rewards = json::array();
        const Instant now = app.clock.now();
        for (size_t i = 0; i < codes.size(); ++i) {
            const std::string path = "/reward_codes/" + std::to_string(i);
            const std::string shown = display_reward_code(codes[i]);
            auto code = find_code(conn, codes[i]);
            if (!code ||
                code->customer_id != b.customer_id)  // another's code is no code to this shopper
                return error_reply(422, path,
                                   "no code " + shown + " belongs to customer " + b.customer_id,
                                   ErrorCode::unknown_reference);
            if (code->state == "used")
                return error_reply(
                    409, path,
                    "code " + shown + " was already used on order " + code->order_id.value_or("?"));
            if (code->state == "voided")
                return error_reply(410, path, "code " + shown + " was voided");
            if (code_status(*code, now) == "expired")
                return error_reply(
                    410, path,
                    "code " + shown + " expired at " + app.program().iso(code->expires_at));
            rewards.push_back(code->reward_id);
        }
        (*b.cart)["rewards"] = rewards;
        b.event["rewards"] = rewards;
        return std::nullopt;
    });
    b.on_booked.push_back([codes, order_id = b.key](Connection& conn, json& answer,
                                                    Instant at) -> std::optional<Reply> {
        for (const auto& c : codes) {
            if (!close_code(conn, c, "used", order_id, at))  // held under its lock: cannot happen
                return error_reply(409, "/reward_codes",
                                   "code " + display_reward_code(c) + " was used meanwhile");
        }
        json shown = json::array();
        for (const auto& c : codes) shown.push_back(display_reward_code(c));
        answer["reward_codes"] = std::move(shown);
        return std::nullopt;
    });
    return std::nullopt;
}

Reply void_code(App& app, std::string_view typed_code, const json& body, const std::string& actor) {
    auto canonical = canonical_reward_code(typed_code);
    if (!canonical) return not_a_code();
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"reason"});
    auto reason = r.string("reason", false, 500);
    if (!errors.empty()) return error_reply(400, errors);

    std::optional<StoredCode> code;
    {
        auto conn = app.pool->acquire();
        code = find_code(*conn, *canonical);
    }
    if (!code) return error_reply(404, "", "no such code: " + display_reward_code(*canonical));
    const Instant now = app.clock.now();
    const std::string shown = display_reward_code(code->code);
    if (code->state == "used") {
        return error_reply(409, "",
                           "code " + shown + " was used on order " + code->order_id.value_or("?") +
                               "; refund the order instead");
    }
    if (code->state == "expired" || code_status(*code, now) == "expired") {
        return error_reply(410, "",
                           "code " + shown + " expired at " + app.program().iso(code->expires_at) +
                               (app.program().return_expired_codes ? "; its points went back then"
                                                                   : "; its points stay spent"));
    }
    // Active, or voided already: the booking below is idempotent by the code, so a repeat
    // answers the first void.
    AdminAction audit{actor,         code->customer_id,
                      "code_voided", shown,
                      reason,        {{"reward_id", code->reward_id}, {"points", code->points}}};
    return return_points(app, *code, "voided", reason.value_or("reward code " + shown + " voided"),
                         audit);
}

}  // namespace loyalty::server
