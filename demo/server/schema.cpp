#include "schema.h"

#include <string>
#include <utility>
#include <vector>

#include "contacts.h"

namespace loyalty::server {
namespace {

// Events are the core's event documents, verbatim (docs/server.md, "Storage"): they are the
// record. The only derived data is the ledger state of version 2, which can always be rebuilt.
// One schema for both stores; the words that differ are written {int} (64-bit integers: plain
// INTEGER in SQLite, BIGINT in PostgreSQL), {serial} and {without_rowid}.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    name        TEXT,
    created_at  {int} NOT NULL
){without_rowid};

CREATE TABLE events (
    seq          {serial},
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    at           {int} NOT NULL,        -- unix seconds; replay order is (at, seq)
    type         TEXT NOT NULL,
    body         TEXT NOT NULL,         -- the event as the core reads it
    recorded_at  {int} NOT NULL
);
CREATE INDEX events_by_customer ON events (customer_id, at, seq);

-- One row per idempotent request: an order id, a refund id, a customer's event id.
CREATE TABLE idempotency (
    scope         TEXT NOT NULL,        -- "order", "refund", "event"
    key           TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    request_hash  TEXT NOT NULL,        -- SHA-256 of the canonical request; "seed" for sample data
    status        {int} NOT NULL,
    response      TEXT NOT NULL,
    created_at    {int} NOT NULL,
    PRIMARY KEY (scope, key)
){without_rowid};

CREATE TABLE survey_answers (
    idempotency_key  TEXT PRIMARY KEY,
    survey_id        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    visitor_id       TEXT NOT NULL,
    customer_id      TEXT,
    score            {int},             -- NULL for a dismissal
    dismissed        {int} NOT NULL,
    follow_up        TEXT,
    answered_at      TEXT NOT NULL,     -- as the browser said
    at               {int} NOT NULL,    -- min(answered_at, received_at): what reports bucket by
    received_at      {int} NOT NULL,
    page             TEXT,
    lang             TEXT,
    request_hash     TEXT NOT NULL
){without_rowid};
CREATE INDEX survey_answers_by_time ON survey_answers (survey_id, at);
)sql";

// Version 2: the ledger state of each customer (docs/api.md, "Ledger state"), so a booking costs
// the same whatever the length of the history. Derived data, rebuilt from the events whenever it
// is missing or was made under another programme; the events stay the record.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE ledger_states (
    customer_id   TEXT PRIMARY KEY REFERENCES customers(id),
    program_etag  TEXT NOT NULL,        -- the programme the state was made under
    last_at       {int},                -- unix seconds of the last event folded in
    state         TEXT NOT NULL         -- the core's state document, without its orders
){without_rowid};

-- Each booked order's record (what a refund needs), apart from the state so the state stays small.
CREATE TABLE ledger_orders (
    customer_id   TEXT NOT NULL,
    order_id      TEXT NOT NULL,
    program_etag  TEXT NOT NULL,
    record        TEXT NOT NULL,
    PRIMARY KEY (customer_id, order_id)
){without_rowid};
)sql";

// Version 3: reward codes and referrals (docs/server.md, "Reward codes", "Referrals"). A claim
// books a redemption event in the ledger; the code is what the shop's checkout asks about, and is
// used or voided exactly once.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE reward_codes (
    code         TEXT PRIMARY KEY,      -- 18 symbols of 23456789ABCDEFGHJKMNPQRSTUVWXYZ
    claim_id     TEXT NOT NULL UNIQUE,  -- the redemption event's id in the ledger
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    reward_id    TEXT NOT NULL,
    points       {int} NOT NULL,
    created_at   {int} NOT NULL,
    expires_at   {int} NOT NULL,
    state        TEXT NOT NULL,         -- active, used, voided, expired (once its points went back)
    order_id     TEXT,                  -- the order it was used on
    closed_at    {int}                  -- when it was used, voided or its points went back
){without_rowid};
CREATE INDEX reward_codes_by_customer ON reward_codes (customer_id, created_at);

-- Referrals (docs/server.md, "Referrals"): each shopper's code, and one row per newcomer whose
-- first order named a code, which is what makes the bonuses once per newcomer.
CREATE TABLE referral_codes (
    code         TEXT PRIMARY KEY,      -- 12 symbols of the reward code alphabet
    customer_id  TEXT NOT NULL UNIQUE,  -- the referrer (maybe not stored yet: a token is enough)
    created_at   {int} NOT NULL
){without_rowid};

CREATE TABLE referrals (
    referee_id       TEXT PRIMARY KEY REFERENCES customers(id),
    referrer_id      TEXT NOT NULL,
    order_id         TEXT NOT NULL,     -- the newcomer's first order
    at               {int} NOT NULL,
    month            TEXT NOT NULL,     -- "2026-06" in the programme's zone: what the cap counts
    state            TEXT NOT NULL,     -- pending, rewarded, capped
    referrer_points  {int} NOT NULL
){without_rowid};
CREATE INDEX referrals_by_referrer ON referrals (referrer_id, month);
)sql";

// Version 4: personal offers (docs/server.md, "Personal offers"). The shop gives one customer an
// offer under its own id; each order that uses it gets a copy of its terms, so the ledger never
// depends on this table, and a void or an end only stops later orders.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE offers (
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    id           TEXT NOT NULL,         -- the shop's id: the same offer may go to many customers
    terms        TEXT NOT NULL,         -- the core's offer document: {id, kind, percent, ...}
    title        TEXT,                  -- what the shopper reads
    starts       {int} NOT NULL,
    ends         {int} NOT NULL,
    uses_limit   {int},                 -- NULL: any number of orders within the window
    uses         {int} NOT NULL,
    created_at   {int} NOT NULL,
    voided_at    {int},
    request_hash TEXT NOT NULL,         -- tells a repeat of the give from another offer with its id
    PRIMARY KEY (customer_id, id)
){without_rowid};
CREATE INDEX offers_by_end ON offers (customer_id, ends);
)sql";

// Version 5: order webhooks (docs/server.md, "Order webhooks"). One row per delivery a platform
// sent with a good signature, whatever became of it, so a retry of the same delivery books
// nothing and the owner sees what was kept rather than booked. A refund whose order was never
// booked waits here as "pending", with its booking request, until that order is booked.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE webhook_deliveries (
    source       TEXT NOT NULL,         -- generic, shopify, insales
    delivery_id  TEXT NOT NULL,         -- the platform's id of the delivery: a retry repeats it
    topic        TEXT NOT NULL,         -- order.paid, orders/paid, refunds/create, order, ...
    received_at  {int} NOT NULL,
    outcome      TEXT NOT NULL,         -- booked, duplicate, pending, kept, skipped, ignored
    order_id     TEXT,
    refund_id    TEXT,
    customer_id  TEXT,
    detail       TEXT NOT NULL,         -- a sentence for the owner: what was booked, or why not
    booking      TEXT,                  -- pending: the refund request to book once its order is
    updated_at   {int} NOT NULL,
    PRIMARY KEY (source, delivery_id)
){without_rowid};
CREATE INDEX webhook_deliveries_by_order ON webhook_deliveries (order_id, outcome);
CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);
)sql";

// Version 6: the owner's console (docs/server.md, "The owner's console"). Contacts to find a
// customer by (e-mail and phone in one spelling, contacts.h; the name folded to lower case, since
// SQL's own lower() knows no Cyrillic in SQLite), and the audit log of what operators did: written
// in the transaction of the action, only when the action changed something.
constexpr const char* kSchemaV6 = R"sql(
ALTER TABLE customers ADD COLUMN email TEXT;
ALTER TABLE customers ADD COLUMN phone TEXT;
ALTER TABLE customers ADD COLUMN name_key TEXT;
CREATE INDEX customers_by_email ON customers (email);
CREATE INDEX customers_by_phone ON customers (phone);

CREATE TABLE admin_actions (
    seq          {serial},
    at           {int} NOT NULL,        -- unix seconds, the server's clock
    actor        TEXT NOT NULL,         -- X-Loyalty-Actor, or "api"
    customer_id  TEXT NOT NULL,
    action       TEXT NOT NULL,         -- adjustment, bonus, offer_given, offer_voided, code_voided
    target       TEXT NOT NULL,         -- the event id, offer id or code
    reason       TEXT,
    detail       TEXT NOT NULL          -- a small JSON object: points, kind, terms, returned points
);
CREATE INDEX admin_actions_by_customer ON admin_actions (customer_id, seq);
)sql";

// Version 7: programme versions (docs/server.md, "Programme versions"). Every programme the
// server has run is kept, with when it took effect; each event records the version that booked
// it, so a later version never rewrites what was booked. NULL in events booked before: version 1.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE program_versions (
    version       {int} PRIMARY KEY,
    etag          TEXT NOT NULL,
    text          TEXT NOT NULL,        -- the programme as uploaded: GET /api/loyalty/program
    effective_at  {int},                -- unix seconds; NULL: since the beginning (version 1)
    uploaded_at   {int} NOT NULL,
    uploaded_by   TEXT NOT NULL,        -- X-Loyalty-Actor, or "program file"
    source        TEXT NOT NULL,        -- "file" or "console"
    reason        TEXT
);
ALTER TABLE events ADD COLUMN program_version {int};
)sql";

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/** Schema step `version` (1, 2, ...) in `dialect`'s words. */
std::string schema_for(Dialect dialect, int64_t version) {
    const bool pg = dialect == Dialect::Postgres;
    static constexpr const char* kSteps[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4,
                                             kSchemaV5, kSchemaV6, kSchemaV7};
    std::string sql = kSteps[version - 1];
    sql = replace_all(sql, "{int}", pg ? "BIGINT" : "INTEGER");
    sql = replace_all(sql, "{serial}",
                      pg ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                         : "INTEGER PRIMARY KEY AUTOINCREMENT");
    return replace_all(sql, "{without_rowid}", pg ? "" : " WITHOUT ROWID");
}

/** The schema version of the database: SQLite's PRAGMA user_version; in PostgreSQL the one
 *  row of loyalty_schema (created here when missing). */
int64_t stored_version(Connection& c) {
    if (c.dialect() == Dialect::Postgres) {
        c.exec("CREATE TABLE IF NOT EXISTS loyalty_schema (version BIGINT NOT NULL)");
        auto s = c.prepare("SELECT version FROM loyalty_schema");
        return s.step() ? s.integer(0) : 0;
    }
    auto s = c.prepare("PRAGMA user_version");
    return s.step() ? s.integer(0) : 0;
}

void store_version(Connection& c, int64_t version) {
    if (c.dialect() == Dialect::Postgres) {
        c.exec("DELETE FROM loyalty_schema");
        c.exec("INSERT INTO loyalty_schema (version) VALUES (" + std::to_string(version) + ")");
    } else {
        c.exec("PRAGMA user_version = " + std::to_string(version));
    }
}

/** Step 6 on a database with customers: their names folded for search (contacts.h). */
void fill_name_keys(Connection& c) {
    std::vector<std::pair<std::string, std::string>> names;
    {
        auto s = c.prepare("SELECT id, name FROM customers WHERE name IS NOT NULL");
        while (s.step()) names.emplace_back(s.text(0), s.text(1));
    }
    for (const auto& [id, name] : names) {
        auto s = c.prepare("UPDATE customers SET name_key = ? WHERE id = ?");
        s.bind(1, fold_case(name)).bind(2, id);
        s.run();
    }
}

}  // namespace

void migrate(Connection& c) {
    // Inside a write transaction holding the schema's lock, so two servers starting on one new
    // database cannot both create tables.
    Transaction t(c, {"loyalty:schema"});
    const int64_t version = stored_version(c);
    if (version == kSchemaVersion) return;
    if (version > kSchemaVersion) {
        throw DbError("the database has schema version " + std::to_string(version) +
                      "; this server knows version " + std::to_string(kSchemaVersion) +
                      " (it was made by a newer server)");
    }
    // Each step from the stored version up, in one transaction: a database is never half moved.
    for (int64_t step = version + 1; step <= kSchemaVersion; ++step) {
        c.exec(schema_for(c.dialect(), step));
        if (step == 6 && version > 0) fill_name_keys(c);
    }
    store_version(c, kSchemaVersion);
    t.commit();
}

}  // namespace loyalty::server
