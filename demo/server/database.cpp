#include "database.h"

#include "postgres_store.h"
#include "sqlite_store.h"

namespace loyalty::server {

Statement Connection::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, make_cursor(sql)).first;
    return Statement(*it->second);
}

bool is_postgres_url(std::string_view db) {
    return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

std::unique_ptr<Connection> open_connection(const std::string& db) {
    if (is_postgres_url(db)) return open_postgres(db);
    return open_sqlite(db);
}

Transaction::Transaction(Connection& c, std::vector<std::string> locks) : c_(c) {
    c_.begin_write(std::move(locks));
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        c_.exec("ROLLBACK");
    } catch (const DbError&) {
        // The transaction is gone already (SQLite rolls back on some errors by itself).
    }
}

void Transaction::commit() {
    c_.exec("COMMIT");
    done_ = true;
}

Pool::Pool(const std::string& db, size_t size)
    : db_(db), dialect_(is_postgres_url(db) ? Dialect::Postgres : Dialect::Sqlite) {
    for (size_t i = 0; i < size; ++i) idle_.push_back(open_connection(db));
}

Pool::Lease::~Lease() {
    if (c_) pool_->give_back(std::move(c_));
}

Pool::Lease Pool::acquire() {
    std::unique_ptr<Connection> c;
    {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty(); });
        c = std::move(idle_.back());
        idle_.pop_back();
    }
    if (!c->healthy()) {
        // The database restarted or the network dropped: a new connection, or a DbError (503)
        // that leaves the pool one short until the next acquire tries again.
        try {
            c = open_connection(db_);
        } catch (...) {
            give_back(std::move(c));
            throw;
        }
    }
    return Lease(*this, std::move(c));
}

void Pool::give_back(std::unique_ptr<Connection> c) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(c));
    }
    available_.notify_one();
}

void Pool::close() {
    std::lock_guard lock(mutex_);
    idle_.clear();
}

}  // namespace loyalty::server
