// A thin RAII layer over SQLite: connections with cached prepared statements, a pool the worker
// threads borrow from, and BEGIN IMMEDIATE transactions. Failures throw DbError (the HTTP layer
// turns them into a 500 or 503 JSON error); nothing here knows about loyalty.
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

struct sqlite3;
struct sqlite3_stmt;

namespace loyalty::server {

struct DbError : std::runtime_error {
    DbError(int code_, const std::string& what) : std::runtime_error(what), code(code_) {}
    int code;
    /** The database stayed locked past the busy timeout (another process holds it). */
    bool busy() const;
};

/** A prepared statement borrowed from a connection's cache; reset when it goes out of scope. */
class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /** Binds parameter `index` (1-based). */
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, int64_t value);
    Statement& bind_null(int index);
    /** Binds the text, or NULL when empty. */
    Statement& bind(int index, const std::optional<std::string>& text);

    /** Runs one step: true when a row is ready, false when done. */
    bool step();
    /** Runs to completion (for INSERT/UPDATE/DELETE). */
    void run();

    int64_t integer(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

/** One SQLite connection, used by one thread at a time. */
class Connection {
  public:
    /** Opens (creating) `path` with WAL journaling, a busy timeout and foreign keys on. */
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /** Runs SQL text with no parameters and no rows (schema, pragmas). */
    void exec(const std::string& sql);
    /** The statement for `sql`, prepared once per connection and reused. */
    Statement prepare(const char* sql);
    /** Rows changed by the last INSERT/UPDATE/DELETE. */
    int64_t changes() const;

  private:
    sqlite3* db_ = nullptr;
    std::map<const char*, sqlite3_stmt*> cache_;  // keyed by the literal's address
};

/** BEGIN IMMEDIATE (the write lock is taken at once, so a read-then-write never deadlocks);
 *  ROLLBACK on destruction unless commit() ran. */
class Transaction {
  public:
    explicit Transaction(Connection& c);
    ~Transaction();
    void commit();

  private:
    Connection& c_;
    bool done_ = false;
};

/** A fixed set of connections; acquire() blocks until one is free. */
class Pool {
  public:
    Pool(const std::string& path, size_t size);

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

  private:
    friend class Lease;
    void give_back(std::unique_ptr<Connection> c);

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace loyalty::server
