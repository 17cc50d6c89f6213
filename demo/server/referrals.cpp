#include "referrals.h"

#include <memory>

#include "referral_store.h"
#include "reward_code.h"

namespace loyalty::server {
namespace {

/** "2026-06": the calendar month of `at` in the programme's zone, which the cap counts by. */
std::string month_of(const App& app, Instant at) { return app.program().iso(at).substr(0, 7); }

json refused(const std::string& code, std::string reason) {
    return {{"code", code}, {"status", "refused"}, {"reason", std::move(reason)}};
}

}  // namespace

Reply my_referral(App& app, const std::string& customer_id) {
    std::string code;
    ReferralStats stats;
    {
        const auto gate = app.gate();
        auto conn = app.pool->acquire();
        Transaction t(*conn, {"referral-code:" + customer_id});
        if (auto existing = referral_code_of(*conn, customer_id)) {
            code = *existing;
        } else {
            do code = new_reward_code(kReferralCodeLength);
            while (referrer_of_code(*conn, code));  // 59 bits: a clash is a retry, never an error
            insert_referral_code(*conn, code, customer_id, app.clock.now());
        }
        t.commit();
    }
    // Referrals whose second half a crash interrupted are finished whenever their referrer looks.
    std::vector<std::string> pending;
    {
        auto conn = app.pool->acquire();
        pending = pending_referees(*conn, customer_id);
    }
    for (const auto& referee : pending) complete_referral(app, referee);
    {
        auto conn = app.pool->acquire();
        stats = referral_stats(*conn, customer_id);
    }
    return Reply{200,
                 {{"ok", true},
                  {"code", code},
                  {"param", "ref"},
                  {"friends_joined", stats.friends_joined},
                  {"points_earned", stats.points_earned},
                  {"referrer_bonus", app.program().referrer_bonus},
                  {"referee_bonus", app.program().referee_bonus},
                  {"max_per_month", app.program().referral_max_per_month}},
                 {}};
}

void attach_referral(App& app, Booking& b, const std::string& typed_code) {
    const auto code = canonical_reward_code(typed_code, kReferralCodeLength);
    if (!code) {
        b.answer["referral"] = refused(typed_code, "no such referral code");
        return;
    }
    std::optional<std::string> referrer;
    {
        auto conn = app.pool->acquire();
        referrer = referrer_of_code(*conn, *code);
    }
    if (!referrer) {
        b.answer["referral"] = refused(*code, "no such referral code");
        return;
    }
    if (*referrer == b.customer_id) {
        b.answer["referral"] = refused(*code, "a shopper cannot refer themselves");
        return;
    }
    // Decided in the booking's transaction, under the newcomer's lock, on the ledger before the
    // order: only a first order, and only once per newcomer.
    auto eligible = std::make_shared<bool>(false);
    const std::string referee = b.customer_id, referrer_id = *referrer, canonical = *code;
    const std::string order_id = b.key;
    b.checks.push_back([&app, &b, eligible, referee, canonical](
                           Connection& conn, const json& status) -> std::optional<Reply> {
        b.also.clear();
        *eligible = false;
        if (status.value("purchases", int64_t(0)) > 0) {
            b.answer["referral"] =
                refused(canonical, "only a newcomer's first order earns referral bonuses");
        } else if (find_referral(conn, referee)) {
            b.answer["referral"] = refused(canonical, "this customer was referred already");
        } else {
            *eligible = true;
            if (app.program().referee_bonus > 0)
                b.also.push_back(
                    {{"type", "bonus"}, {"kind", "referral_referee"}, {"id", "referral"}});
            b.answer["referral"] = {{"code", canonical},
                                    {"status", "booked"},
                                    {"referee_points", app.program().referee_bonus}};
        }
        return std::nullopt;
    });
    b.on_booked.push_back([&app, eligible, referee, referrer_id, order_id](
                              Connection& conn, json& answer, Instant at) -> std::optional<Reply> {
        if (*eligible) {
            insert_referral(conn,
                            {referee, referrer_id, order_id, at, month_of(app, at), "pending", 0});
        }
        (void)answer;
        return std::nullopt;
    });
}

void complete_referral(App& app, const std::string& referee_id) {
    std::optional<Referral> row;
    {
        auto conn = app.pool->acquire();
        row = find_referral(*conn, referee_id);
    }
    if (!row || row->state != "pending") return;
    Booking b;
    b.scope = "referral";
    b.key = referee_id;
    b.customer_id = row->referrer_id;
    b.hash = referee_id;
    b.entry_id = "referral-" + referee_id;
    b.event = {{"type", "bonus"}, {"kind", "referral_referrer"}, {"id", b.entry_id}};
    b.id_path = "";
    b.label = "the referral of " + referee_id;
    b.commit_refusal = true;
    const int64_t points = app.program().referrer_bonus;
    // Under the referrer's lock: two newcomers' referrals never both pass a cap with room for one.
    b.checks.push_back(
        [&app, referee_id, points](Connection& conn, const json&) -> std::optional<Reply> {
            auto current = find_referral(conn, referee_id);
            if (!current || current->state != "pending") return Reply{200, {{"settled", true}}, {}};
            const int64_t cap = app.program().referral_max_per_month;
            if (cap > 0 && rewarded_in_month(conn, current->referrer_id, current->month) >= cap) {
                set_referral_state(conn, referee_id, "capped", 0);
                return Reply{200, {{"capped", true}}, {}};
            }
            if (points == 0) {  // nothing to book: the referral counts, with no points
                set_referral_state(conn, referee_id, "rewarded", 0);
                return Reply{200, {{"rewarded", true}}, {}};
            }
            return std::nullopt;
        });
    b.on_booked.push_back(
        [referee_id, points](Connection& conn, json&, Instant) -> std::optional<Reply> {
            set_referral_state(conn, referee_id, "rewarded", points);
            return std::nullopt;
        });
    book(app, b);
}

}  // namespace loyalty::server
