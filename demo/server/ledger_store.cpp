#include "ledger_store.h"

#include "contacts.h"

namespace loyalty::server {

json StoredCustomer::document() const {
    json doc = {{"id", id}, {"events", events}};
    if (name) doc["name"] = *name;
    return doc;
}

StoredCustomer load_customer(Connection& c, std::string_view id) {
    StoredCustomer out;
    out.id = std::string(id);
    {
        auto s = c.prepare("SELECT name FROM customers WHERE id = ?");
        s.bind(1, id);
        if (!s.step()) return out;
        out.exists = true;
        if (!s.is_null(0)) out.name = s.text(0);
    }
    auto s = c.prepare(
        "SELECT at, body, COALESCE(program_version, 1) FROM events WHERE customer_id = ? ORDER BY "
        "at, seq");
    s.bind(1, id);
    while (s.step()) {
        out.last_at = s.integer(0);
        out.ats.push_back(s.integer(0));
        out.events.push_back(json::parse(s.text(1)));
        out.versions.push_back(s.integer(2));
    }
    return out;
}

StoredCustomer load_customer_head(Connection& c, std::string_view id) {
    StoredCustomer out;
    out.id = std::string(id);
    auto s = c.prepare("SELECT name FROM customers WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return out;
    out.exists = true;
    if (!s.is_null(0)) out.name = s.text(0);
    return out;
}

std::optional<StoredStateText> load_state_text(Connection& c, std::string_view customer_id) {
    auto s = c.prepare("SELECT last_at, state FROM ledger_states WHERE customer_id = ?");
    s.bind(1, customer_id);
    if (!s.step()) return std::nullopt;
    StoredStateText out;
    if (!s.is_null(0)) out.last_at = s.integer(0);
    out.text = s.text(1);
    return out;
}

std::optional<StoredState> load_state(Connection& c, std::string_view customer_id) {
    auto stored = load_state_text(c, customer_id);
    if (!stored) return std::nullopt;
    StoredState out;
    out.last_at = stored->last_at;
    out.state = json::parse(stored->text, nullptr, false);
    if (!out.state.is_object()) return std::nullopt;  // unreadable: rebuilt from the events
    return out;
}

void save_order_record_text(Connection& c, std::string_view customer_id, std::string_view order_id,
                            std::string_view program_etag, std::string_view record) {
    auto s = c.prepare(
        "INSERT INTO ledger_orders (customer_id, order_id, program_etag, record) VALUES "
        "(?, ?, ?, ?) "
        "ON CONFLICT (customer_id, order_id) DO UPDATE SET program_etag = "
        "excluded.program_etag, "
        "record = excluded.record");
    s.bind(1, customer_id).bind(2, order_id).bind(3, program_etag).bind(4, record);
    s.run();
}

void save_state_text(Connection& c, std::string_view customer_id, std::string_view program_etag,
                     std::optional<Instant> last_at, std::string_view state) {
    auto s = c.prepare(
        "INSERT INTO ledger_states (customer_id, program_etag, last_at, state) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (customer_id) DO UPDATE SET program_etag = excluded.program_etag, "
        "last_at = excluded.last_at, state = excluded.state");
    s.bind(1, customer_id).bind(2, program_etag).bind(4, state);
    if (last_at)
        s.bind(3, *last_at);
    else
        s.bind_null(3);
    s.run();
}

void save_state(Connection& c, std::string_view customer_id, std::string_view program_etag,
                std::optional<Instant> last_at, json state) {
    if (state.contains("orders")) {
        for (const auto& [order_id, record] : state["orders"].items())
            save_order_record_text(c, customer_id, order_id, program_etag, record.dump());
        state.erase("orders");
    }
    save_state_text(c, customer_id, program_etag, last_at, state.dump());
}

std::optional<json> load_order_record(Connection& c, std::string_view customer_id,
                                      std::string_view order_id) {
    auto s = c.prepare("SELECT record FROM ledger_orders WHERE customer_id = ? AND order_id = ?");
    s.bind(1, customer_id).bind(2, order_id);
    if (!s.step()) return std::nullopt;
    json record = json::parse(s.text(0), nullptr, false);
    if (record.is_discarded()) return std::nullopt;
    return record;
}

void ensure_customer(Connection& c, std::string_view id, const std::optional<std::string>& name,
                     Instant now, const std::optional<std::string>& email,
                     const std::optional<std::string>& phone) {
    auto s = c.prepare(
        "INSERT INTO customers (id, name, name_key, email, phone, created_at) VALUES (?, ?, ?, ?, "
        "?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = COALESCE(excluded.name, customers.name), "
        "name_key = COALESCE(excluded.name_key, customers.name_key), "
        "email = COALESCE(excluded.email, customers.email), "
        "phone = COALESCE(excluded.phone, customers.phone)");
    s.bind(1, id).bind(2, name);
    if (name)
        s.bind(3, fold_case(*name));
    else
        s.bind_null(3);
    s.bind(4, email).bind(5, phone).bind(6, now);
    s.run();
}

void insert_event(Connection& c, std::string_view customer_id, Instant at, const json& event,
                  Instant now, int64_t program_version) {
    auto s = c.prepare(
        "INSERT INTO events (customer_id, at, type, body, recorded_at, program_version) VALUES (?, "
        "?, ?, ?, ?, ?)");
    s.bind(1, customer_id)
        .bind(2, at)
        .bind(3, event.value("type", ""))
        .bind(4, event.dump())
        .bind(5, now)
        .bind(6, program_version);
    s.run();
}

int64_t count_customers(Connection& c) {
    auto s = c.prepare("SELECT COUNT(*) FROM customers");
    return s.step() ? s.integer(0) : 0;
}

json list_customers(Connection& c, int limit) {
    json out = json::array();
    auto s = c.prepare("SELECT id, name FROM customers ORDER BY id LIMIT ?");
    s.bind(1, int64_t(limit));
    while (s.step()) {
        json item = {{"id", s.text(0)}};
        item["name"] = s.is_null(1) ? json(nullptr) : json(s.text(1));
        out.push_back(std::move(item));
    }
    return out;
}

std::optional<IdempotentRecord> find_idempotent(Connection& c, std::string_view scope,
                                                std::string_view key) {
    auto s = c.prepare(
        "SELECT customer_id, request_hash, status, response FROM idempotency WHERE scope = ? AND "
        "key = ?");
    s.bind(1, scope).bind(2, key);
    if (!s.step()) return std::nullopt;
    return IdempotentRecord{s.text(0), s.text(1), int(s.integer(2)), s.text(3)};
}

void save_idempotent(Connection& c, std::string_view scope, std::string_view key,
                     const IdempotentRecord& record, Instant now) {
    auto s = c.prepare(
        "INSERT INTO idempotency (scope, key, customer_id, request_hash, status, response, "
        "created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, scope).bind(2, key).bind(3, record.customer_id).bind(4, record.request_hash);
    s.bind(5, int64_t(record.status)).bind(6, record.response).bind(7, now);
    s.run();
}

}  // namespace loyalty::server
