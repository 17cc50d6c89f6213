#include "database.h"

#include <sqlite3.h>

#include <climits>

namespace loyalty::server {
namespace {

[[noreturn]] void fail(sqlite3* db, int code, const std::string& doing) {
    throw DbError(code, doing + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

int length_of(std::string_view text) {
    if (text.size() > size_t(INT_MAX)) throw DbError(SQLITE_TOOBIG, "text too long to bind");
    return int(text.size());
}

}  // namespace

bool DbError::busy() const {
    return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

Statement::~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text(stmt_, index, text.data(), length_of(text), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, sqlite3_int64(value));
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(p, size_t(n)) : std::string();
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Connection::Connection(const std::string& path) {
    // NOMUTEX: a connection is only ever used by the thread that leased it.
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw DbError(rc, "cannot open database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 10'000);
    exec("PRAGMA journal_mode=WAL");
    // FULL: a booked order survives a power cut, not just a crash of this process.
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
}

Connection::~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

void Connection::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw DbError(rc, "exec: " + text);
    }
}

Statement Connection::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) fail(db_, rc, std::string("prepare ") + sql);
        it = cache_.emplace(sql, stmt).first;
    }
    return Statement(db_, it->second);
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

Transaction::Transaction(Connection& c) : c_(c) { c_.exec("BEGIN IMMEDIATE"); }

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

Pool::Pool(const std::string& path, size_t size) {
    for (size_t i = 0; i < size; ++i) idle_.push_back(std::make_unique<Connection>(path));
}

Pool::Lease::~Lease() {
    if (c_) pool_->give_back(std::move(c_));
}

Pool::Lease Pool::acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty(); });
    auto c = std::move(idle_.back());
    idle_.pop_back();
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
