#include "code_store.h"

namespace loyalty::server {
namespace {

// Statements are prepared once per connection and cached by their literal's address, so each is
// one literal; read_code reads the columns in this order:
// code, claim_id, customer_id, reward_id, points, created_at, expires_at, state, order_id,
// closed_at

StoredCode read_code(Statement& s) {
    StoredCode c;
    c.code = s.text(0);
    c.claim_id = s.text(1);
    c.customer_id = s.text(2);
    c.reward_id = s.text(3);
    c.points = s.integer(4);
    c.created_at = s.integer(5);
    c.expires_at = s.integer(6);
    c.state = s.text(7);
    if (!s.is_null(8)) c.order_id = s.text(8);
    if (!s.is_null(9)) c.closed_at = s.integer(9);
    return c;
}

}  // namespace

void insert_code(Connection& c, const StoredCode& code) {
    auto s = c.prepare(
        "INSERT INTO reward_codes (code, claim_id, customer_id, reward_id, points, created_at, "
        "expires_at, state, order_id, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, code.code).bind(2, code.claim_id).bind(3, code.customer_id).bind(4, code.reward_id);
    s.bind(5, code.points).bind(6, code.created_at).bind(7, code.expires_at).bind(8, code.state);
    s.bind(9, code.order_id);
    if (code.closed_at)
        s.bind(10, *code.closed_at);
    else
        s.bind_null(10);
    s.run();
}

std::optional<StoredCode> find_code(Connection& c, std::string_view code) {
    auto s = c.prepare(
        "SELECT code, claim_id, customer_id, reward_id, points, created_at, expires_at, state, "
        "order_id, closed_at FROM reward_codes WHERE code = ?");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return read_code(s);
}

std::vector<StoredCode> list_codes(Connection& c, std::string_view customer_id, int limit) {
    auto s = c.prepare(
        "SELECT code, claim_id, customer_id, reward_id, points, created_at, expires_at, state, "
        "order_id, closed_at FROM reward_codes WHERE customer_id = ? "
        "ORDER BY created_at DESC, claim_id DESC LIMIT ?");
    s.bind(1, customer_id).bind(2, int64_t(limit));
    std::vector<StoredCode> out;
    while (s.step()) out.push_back(read_code(s));
    return out;
}

std::vector<StoredCode> lapsed_codes(Connection& c, std::string_view customer_id, Instant now) {
    auto s = c.prepare(
        "SELECT code, claim_id, customer_id, reward_id, points, created_at, expires_at, state, "
        "order_id, closed_at FROM reward_codes WHERE customer_id = ? "
        "AND state = 'active' AND expires_at <= ? ORDER BY expires_at, code");
    s.bind(1, customer_id).bind(2, now);
    std::vector<StoredCode> out;
    while (s.step()) out.push_back(read_code(s));
    return out;
}

bool close_code(Connection& c, std::string_view code, std::string_view state,
                const std::optional<std::string>& order_id, Instant at) {
    auto s = c.prepare(
        "UPDATE reward_codes SET state = ?, order_id = ?, closed_at = ? WHERE code = ? AND state = "
        "'active'");
    s.bind(1, state).bind(2, order_id).bind(3, at).bind(4, code);
    s.run();
    return c.changes() == 1;
}

}  // namespace loyalty::server
