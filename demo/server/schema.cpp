#include "schema.h"

#include <string>

namespace loyalty::server {
namespace {

// Events are the core's event documents, verbatim (docs/server.md, "Storage"): the ledger is
// replayed by the core on every read, so no derived number (a balance, a tier) is ever stored.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE customers (
    id          TEXT PRIMARY KEY,
    name        TEXT,
    created_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    at           INTEGER NOT NULL,      -- unix seconds; replay order is (at, seq)
    type         TEXT NOT NULL,
    body         TEXT NOT NULL,         -- the event as the core reads it
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX events_by_customer ON events (customer_id, at, seq);

-- One row per idempotent request: an order id, a refund id, a customer's event id.
CREATE TABLE idempotency (
    scope         TEXT NOT NULL,        -- "order", "refund", "event"
    key           TEXT NOT NULL,
    customer_id   TEXT NOT NULL,
    request_hash  TEXT NOT NULL,        -- SHA-256 of the canonical request; "seed" for sample data
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;

CREATE TABLE survey_answers (
    idempotency_key  TEXT PRIMARY KEY,
    survey_id        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    visitor_id       TEXT NOT NULL,
    customer_id      TEXT,
    score            INTEGER,           -- NULL for a dismissal
    dismissed        INTEGER NOT NULL,
    follow_up        TEXT,
    answered_at      TEXT NOT NULL,     -- as the browser said
    at               INTEGER NOT NULL,  -- min(answered_at, received_at): what reports bucket by
    received_at      INTEGER NOT NULL,
    page             TEXT,
    lang             TEXT,
    request_hash     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_answers_by_time ON survey_answers (survey_id, at);
)sql";

}  // namespace

void migrate(Connection& c) {
    // Inside the write lock, so two servers starting on one new file cannot both create tables.
    Transaction t(c);
    int64_t version = 0;
    {
        auto s = c.prepare("PRAGMA user_version");
        if (s.step()) version = s.integer(0);
    }
    if (version == kSchemaVersion) return;
    if (version > kSchemaVersion) {
        throw DbError(0, "the database has schema version " + std::to_string(version) +
                             "; this server knows version " + std::to_string(kSchemaVersion) +
                             " (it was made by a newer server)");
    }
    c.exec(kSchemaV1);
    c.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    t.commit();
}

}  // namespace loyalty::server
