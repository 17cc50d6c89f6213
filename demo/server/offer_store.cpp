#include "offer_store.h"

namespace loyalty::server {
namespace {

// One literal per statement (they are cached by address); read_offer reads these columns:
// customer_id, id, terms, title, starts, ends, uses_limit, uses, created_at, voided_at,
// request_hash

StoredOffer read_offer(Statement& s) {
    StoredOffer o;
    o.customer_id = s.text(0);
    o.id = s.text(1);
    o.terms = s.text(2);
    if (!s.is_null(3)) o.title = s.text(3);
    o.starts = s.integer(4);
    o.ends = s.integer(5);
    if (!s.is_null(6)) o.uses_limit = s.integer(6);
    o.uses = s.integer(7);
    o.created_at = s.integer(8);
    if (!s.is_null(9)) o.voided_at = s.integer(9);
    o.request_hash = s.text(10);
    return o;
}

}  // namespace

void insert_offer(Connection& c, const StoredOffer& o) {
    auto s = c.prepare(
        "INSERT INTO offers (customer_id, id, terms, title, starts, ends, uses_limit, uses, "
        "created_at, voided_at, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, o.customer_id).bind(2, o.id).bind(3, o.terms).bind(4, o.title);
    s.bind(5, o.starts).bind(6, o.ends);
    if (o.uses_limit)
        s.bind(7, *o.uses_limit);
    else
        s.bind_null(7);
    s.bind(8, o.uses).bind(9, o.created_at);
    if (o.voided_at)
        s.bind(10, *o.voided_at);
    else
        s.bind_null(10);
    s.bind(11, o.request_hash);
    s.run();
}

std::optional<StoredOffer> find_offer(Connection& c, std::string_view customer_id,
                                      std::string_view id) {
    auto s = c.prepare(
        "SELECT customer_id, id, terms, title, starts, ends, uses_limit, uses, created_at, "
        "voided_at, "
        "request_hash FROM offers WHERE customer_id = ? AND id = ?");
    s.bind(1, customer_id).bind(2, id);
    if (!s.step()) return std::nullopt;
    return read_offer(s);
}

std::vector<StoredOffer> list_offers(Connection& c, std::string_view customer_id, int limit,
                                     std::optional<Instant> current_at) {
    std::vector<StoredOffer> out;
    if (current_at) {
        auto s = c.prepare(
            "SELECT customer_id, id, terms, title, starts, ends, uses_limit, uses, created_at, "
            "voided_at, "
            "request_hash FROM offers WHERE customer_id = ? AND ends > ? AND voided_at IS NULL "
            "AND (uses_limit IS NULL OR uses < uses_limit) ORDER BY ends, id LIMIT ?");
        s.bind(1, customer_id).bind(2, *current_at).bind(3, int64_t(limit));
        while (s.step()) out.push_back(read_offer(s));
        return out;
    }
    auto s = c.prepare(
        "SELECT customer_id, id, terms, title, starts, ends, uses_limit, uses, created_at, "
        "voided_at, "
        "request_hash FROM offers WHERE customer_id = ? ORDER BY ends DESC, id LIMIT ?");
    s.bind(1, customer_id).bind(2, int64_t(limit));
    while (s.step()) out.push_back(read_offer(s));
    return out;
}

bool use_offer(Connection& c, std::string_view customer_id, std::string_view id) {
    auto s = c.prepare(
        "UPDATE offers SET uses = uses + 1 WHERE customer_id = ? AND id = ? AND voided_at IS NULL "
        "AND (uses_limit IS NULL OR uses < uses_limit)");
    s.bind(1, customer_id).bind(2, id);
    s.run();
    return c.changes() == 1;
}

bool void_offer(Connection& c, std::string_view customer_id, std::string_view id, Instant at) {
    auto s = c.prepare(
        "UPDATE offers SET voided_at = ? WHERE customer_id = ? AND id = ? AND voided_at IS NULL");
    s.bind(1, at).bind(2, customer_id).bind(3, id);
    s.run();
    return c.changes() == 1;
}

}  // namespace loyalty::server
