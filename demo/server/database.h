// The server's storage behind one small interface, with two backends: SQLite (a file, the
// default: sqlite_store.cpp) and PostgreSQL (--db postgres://..., for several server processes
// on one database: postgres_store.cpp). Connections with cached prepared statements ("?"
// placeholders in both), a pool the worker threads borrow from, and write transactions that
// hold named locks, so that two bookings of one customer never interleave, in one process or
// across many. Failures throw DbError (the HTTP layer turns them into a 500 or a 503); nothing
// here knows about loyalty.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::server {

enum class Dialect { Sqlite, Postgres };

struct DbError : std::runtime_error {
    /** `transient`: a lock that stayed held past its timeout, a serialisation failure or
     *  deadlock the database gave up on: the same request may succeed in a moment (503). */
    DbError(const std::string& what, bool transient = false)
        : std::runtime_error(what), transient_(transient) {}
    bool busy() const { return transient_; }

  private:
    bool transient_;
};

/** What a backend implements for one prepared statement. Parameters are 1-based. */
class Cursor {
  public:
    virtual ~Cursor() = default;
    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_integer(int index, int64_t value) = 0;
    virtual void bind_null(int index) = 0;
    /** Runs the statement on the first call; true while a row is ready. */
    virtual bool step() = 0;
    virtual int64_t integer(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual bool is_null(int column) const = 0;
    /** Forgets the bindings and the rows, ready for the next use. */
    virtual void reset() = 0;
};

/** A prepared statement borrowed from a connection's cache; reset when it goes out of scope. */
class Statement {
  public:
    explicit Statement(Cursor& cursor) : cursor_(cursor) {}
    ~Statement() { cursor_.reset(); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view text) {
        cursor_.bind_text(index, text);
        return *this;
    }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, int64_t value) {
        cursor_.bind_integer(index, value);
        return *this;
    }
    Statement& bind_null(int index) {
        cursor_.bind_null(index);
        return *this;
    }
    /** Binds the text, or NULL when absent. */
    Statement& bind(int index, const std::optional<std::string>& text) {
        return text ? bind(index, std::string_view(*text)) : bind_null(index);
    }

    /** Runs one step: true when a row is ready, false when done. */
    bool step() { return cursor_.step(); }
    /** Runs to completion (for INSERT/UPDATE/DELETE). */
    void run() {
        while (step()) {
        }
    }

    int64_t integer(int column) const { return cursor_.integer(column); }
    std::string text(int column) const { return cursor_.text(column); }
    bool is_null(int column) const { return cursor_.is_null(column); }

  private:
    Cursor& cursor_;
};

/** One database connection, used by one thread at a time. */
class Connection {
  public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    /** Runs SQL text with no parameters and no rows (schema, settings). */
    virtual void exec(const std::string& sql) = 0;
    /** Rows changed by the last INSERT/UPDATE/DELETE. */
    virtual int64_t changes() const = 0;
    /** Starts a write transaction holding the named locks until it ends: SQLite takes its one
     *  write lock (BEGIN IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock per
     *  name, in sorted order, so that no two transactions can wait on each other in a cycle. */
    virtual void begin_write(std::vector<std::string> locks) = 0;
    /** True inside a transaction: false after a COMMIT, a ROLLBACK, or an error that made the
     *  database roll back by itself. */
    virtual bool in_transaction() const = 0;
    /** False when the connection is broken (the server went away) and must be replaced. */
    virtual bool healthy() const { return true; }

    /** The statement for `sql` (a string literal), prepared once per connection and reused. */
    Statement prepare(const char* sql);

  protected:
    virtual std::unique_ptr<Cursor> make_cursor(const char* sql) = 0;
    void forget_statements() { cache_.clear(); }

  private:
    std::map<const char*, std::unique_ptr<Cursor>> cache_;  // keyed by the literal's address
};

/** True for "postgres://..." and "postgresql://..." (a libpq connection URI). */
bool is_postgres_url(std::string_view db);

/** Opens `db`: a PostgreSQL URI, or else a SQLite file (created when missing). */
std::unique_ptr<Connection> open_connection(const std::string& db);

/** A write transaction (Connection::begin_write); ROLLBACK on destruction unless commit() ran. */
class Transaction {
  public:
    explicit Transaction(Connection& c, std::vector<std::string> locks = {"loyalty"});
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& c_;
    bool done_ = false;
};

/** A fixed number of connections; acquire() blocks until one is free, and replaces one that
 *  broke. */
class Pool {
  public:
    Pool(const std::string& db, size_t size);

    class Lease {
      public:
        Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
        Lease(Lease&& other) noexcept = default;
        ~Lease();
        Connection& operator*() { return *c_; }
        Connection* operator->() { return c_.get(); }

      private:
        Pool* pool_;
        std::unique_ptr<Connection> c_;
    };

    Lease acquire();
    /** Closes every idle connection (at shutdown, after the workers have stopped). */
    void close();
    Dialect dialect() const { return dialect_; }
    /** SQLite has one writer per file: the writers of this process queue on a mutex first
     *  (handing the lock over at once, where SQLite's busy handler would sleep and poll). */
    bool one_writer() const { return dialect_ == Dialect::Sqlite; }

  private:
    friend class Lease;
    void give_back(std::unique_ptr<Connection> c);

    std::string db_;
    Dialect dialect_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace loyalty::server
