#include "webhook_store.h"

namespace loyalty::server {
namespace {

// One literal per statement (they are cached by address); read_delivery reads these columns:
// source, delivery_id, topic, received_at, outcome, order_id, refund_id, customer_id, detail,
// booking, updated_at

std::optional<std::string> optional_text(Statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return s.text(column);
}

StoredDelivery read_delivery(Statement& s) {
    StoredDelivery d;
    d.source = s.text(0);
    d.delivery_id = s.text(1);
    d.topic = s.text(2);
    d.received_at = s.integer(3);
    d.outcome = s.text(4);
    d.order_id = optional_text(s, 5);
    d.refund_id = optional_text(s, 6);
    d.customer_id = optional_text(s, 7);
    d.detail = s.text(8);
    d.booking = optional_text(s, 9);
    d.updated_at = s.integer(10);
    return d;
}

}  // namespace

bool insert_delivery(Connection& c, const StoredDelivery& d) {
    auto s = c.prepare(
        "INSERT INTO webhook_deliveries (source, delivery_id, topic, received_at, outcome, "
        "order_id, "
        "refund_id, customer_id, detail, booking, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?) "
        "ON CONFLICT (source, delivery_id) DO NOTHING");
    s.bind(1, d.source)
        .bind(2, d.delivery_id)
        .bind(3, d.topic)
        .bind(4, d.received_at)
        .bind(5, d.outcome);
    s.bind(6, d.order_id)
        .bind(7, d.refund_id)
        .bind(8, d.customer_id)
        .bind(9, d.detail)
        .bind(10, d.booking);
    s.bind(11, d.updated_at);
    s.run();
    return c.changes() == 1;
}

std::optional<StoredDelivery> find_delivery(Connection& c, std::string_view source,
                                            std::string_view delivery_id) {
    auto s = c.prepare(
        "SELECT source, delivery_id, topic, received_at, outcome, order_id, refund_id, "
        "customer_id, detail, "
        "booking, updated_at FROM webhook_deliveries WHERE source = ? AND delivery_id = ?");
    s.bind(1, source).bind(2, delivery_id);
    if (!s.step()) return std::nullopt;
    return read_delivery(s);
}

std::vector<StoredDelivery> pending_for_order(Connection& c, std::string_view order_id) {
    auto s = c.prepare(
        "SELECT source, delivery_id, topic, received_at, outcome, order_id, refund_id, "
        "customer_id, detail, "
        "booking, updated_at FROM webhook_deliveries WHERE order_id = ? AND outcome = 'pending' "
        "ORDER BY received_at, delivery_id");
    s.bind(1, order_id);
    std::vector<StoredDelivery> out;
    while (s.step()) out.push_back(read_delivery(s));
    return out;
}

bool settle_delivery(Connection& c, const StoredDelivery& d, std::string_view outcome,
                     const std::optional<std::string>& customer_id, std::string_view detail,
                     Instant now) {
    auto s = c.prepare(
        "UPDATE webhook_deliveries SET outcome = ?, customer_id = ?, detail = ?, booking = NULL, "
        "updated_at = ? "
        "WHERE source = ? AND delivery_id = ? AND outcome = 'pending'");
    s.bind(1, outcome)
        .bind(2, customer_id)
        .bind(3, detail)
        .bind(4, now)
        .bind(5, d.source)
        .bind(6, d.delivery_id);
    s.run();
    return c.changes() == 1;
}

std::vector<StoredDelivery> list_deliveries(Connection& c, int limit,
                                            std::optional<std::string> outcome) {
    std::vector<StoredDelivery> out;
    if (outcome) {
        auto s = c.prepare(
            "SELECT source, delivery_id, topic, received_at, outcome, order_id, refund_id, "
            "customer_id, detail, "
            "booking, updated_at FROM webhook_deliveries WHERE outcome = ? "
            "ORDER BY received_at DESC, source, delivery_id LIMIT ?");
        s.bind(1, *outcome).bind(2, int64_t(limit));
        while (s.step()) out.push_back(read_delivery(s));
        return out;
    }
    auto s = c.prepare(
        "SELECT source, delivery_id, topic, received_at, outcome, order_id, refund_id, "
        "customer_id, detail, "
        "booking, updated_at FROM webhook_deliveries ORDER BY received_at DESC, source, "
        "delivery_id LIMIT ?");
    s.bind(1, int64_t(limit));
    while (s.step()) out.push_back(read_delivery(s));
    return out;
}

std::vector<std::pair<std::string, int64_t>> count_deliveries(Connection& c) {
    auto s = c.prepare(
        "SELECT outcome, COUNT(*) FROM webhook_deliveries GROUP BY outcome ORDER BY outcome");
    std::vector<std::pair<std::string, int64_t>> out;
    while (s.step()) out.emplace_back(s.text(0), s.integer(1));
    return out;
}

}  // namespace loyalty::server
