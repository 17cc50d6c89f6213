#include "sqlite_store.h"

#include <sqlite3.h>

#include <climits>

namespace loyalty::server {
namespace {

bool transient(int code) { return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED; }

[[noreturn]] void fail(sqlite3* db, int code, const std::string& doing) {
    throw DbError(doing + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)), transient(code));
}

int length_of(std::string_view text) {
    if (text.size() > size_t(INT_MAX)) throw DbError("text too long to bind");
    return int(text.size());
}

class SqliteCursor final : public Cursor {
  public:
    SqliteCursor(sqlite3* db, const char* sql) : db_(db) {
        const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
        if (rc != SQLITE_OK) fail(db_, rc, std::string("prepare ") + sql);
    }
    ~SqliteCursor() override { sqlite3_finalize(stmt_); }

    void bind_text(int index, std::string_view text) override {
        check(sqlite3_bind_text(stmt_, index, text.data(), length_of(text), SQLITE_TRANSIENT));
    }
    void bind_integer(int index, int64_t value) override {
        check(sqlite3_bind_int64(stmt_, index, sqlite3_int64(value)));
    }
    void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }

    bool step() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail(db_, rc, "step");
    }
    int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        const int n = sqlite3_column_bytes(stmt_, column);
        return p ? std::string(p, size_t(n)) : std::string();
    }
    bool is_null(int column) const override {
        return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
    }
    void reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

  private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail(db_, rc, "bind");
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection final : public Connection {
  public:
    explicit SqliteConnection(const std::string& path) {
        // NOMUTEX: a connection is only ever used by the thread that leased it.
        const int rc = sqlite3_open_v2(
            path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr);
        if (rc != SQLITE_OK) {
            std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw DbError("cannot open database " + path + ": " + message);
        }
        sqlite3_busy_timeout(db_, 10'000);
        exec("PRAGMA journal_mode=WAL");
        // FULL: a booked order survives a power cut, not just a crash of this process.
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
    }
    ~SqliteConnection() override {
        forget_statements();  // finalized before the connection closes
        sqlite3_close_v2(db_);
    }

    Dialect dialect() const override { return Dialect::Sqlite; }

    void exec(const std::string& sql) override {
        char* message = nullptr;
        const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            throw DbError("exec: " + text, transient(rc));
        }
    }

    int64_t changes() const override { return sqlite3_changes64(db_); }

    bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

    void begin_write(std::vector<std::string>) override {
        // The write lock is taken at once, so a read-then-write never deadlocks; it covers the
        // whole file, so no named lock is needed.
        exec("BEGIN IMMEDIATE");
    }

  protected:
    std::unique_ptr<Cursor> make_cursor(const char* sql) override {
        return std::make_unique<SqliteCursor>(db_, sql);
    }

  private:
    sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path) {
    return std::make_unique<SqliteConnection>(path);
}

}  // namespace loyalty::server
