#include "referral_store.h"

namespace loyalty::server {

std::optional<std::string> referral_code_of(Connection& c, std::string_view customer_id) {
    auto s = c.prepare("SELECT code FROM referral_codes WHERE customer_id = ?");
    s.bind(1, customer_id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void insert_referral_code(Connection& c, std::string_view code, std::string_view customer_id,
                          Instant at) {
    auto s =
        c.prepare("INSERT INTO referral_codes (code, customer_id, created_at) VALUES (?, ?, ?)");
    s.bind(1, code).bind(2, customer_id).bind(3, at);
    s.run();
}

std::optional<std::string> referrer_of_code(Connection& c, std::string_view code) {
    auto s = c.prepare("SELECT customer_id FROM referral_codes WHERE code = ?");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void insert_referral(Connection& c, const Referral& r) {
    auto s = c.prepare(
        "INSERT INTO referrals (referee_id, referrer_id, order_id, at, month, state, "
        "referrer_points) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.referee_id).bind(2, r.referrer_id).bind(3, r.order_id).bind(4, r.at);
    s.bind(5, r.month).bind(6, r.state).bind(7, r.referrer_points);
    s.run();
}

std::optional<Referral> find_referral(Connection& c, std::string_view referee_id) {
    auto s = c.prepare(
        "SELECT referee_id, referrer_id, order_id, at, month, state, referrer_points FROM "
        "referrals "
        "WHERE referee_id = ?");
    s.bind(1, referee_id);
    if (!s.step()) return std::nullopt;
    return Referral{s.text(0), s.text(1), s.text(2),   s.integer(3),
                    s.text(4), s.text(5), s.integer(6)};
}

void set_referral_state(Connection& c, std::string_view referee_id, std::string_view state,
                        int64_t points) {
    auto s = c.prepare("UPDATE referrals SET state = ?, referrer_points = ? WHERE referee_id = ?");
    s.bind(1, state).bind(2, points).bind(3, referee_id);
    s.run();
}

int64_t rewarded_in_month(Connection& c, std::string_view referrer_id, std::string_view month) {
    auto s = c.prepare(
        "SELECT COUNT(*) FROM referrals WHERE referrer_id = ? AND month = ? AND state = "
        "'rewarded'");
    s.bind(1, referrer_id).bind(2, month);
    return s.step() ? s.integer(0) : 0;
}

std::vector<std::string> pending_referees(Connection& c, std::string_view referrer_id) {
    auto s = c.prepare(
        "SELECT referee_id FROM referrals WHERE referrer_id = ? AND state = 'pending' ORDER BY at, "
        "referee_id");
    s.bind(1, referrer_id);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

ReferralStats referral_stats(Connection& c, std::string_view referrer_id) {
    auto s = c.prepare(
        "SELECT COUNT(*), COALESCE(SUM(referrer_points), 0) FROM referrals WHERE referrer_id = ?");
    s.bind(1, referrer_id);
    if (!s.step()) return {};
    return {s.integer(0), s.integer(1)};
}

}  // namespace loyalty::server
