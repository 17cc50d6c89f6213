#include "postgres_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>

namespace loyalty::server {
namespace {

/** Serialisation failure, deadlock, lock or statement timeout, a lost connection: worth a
 *  retry in a moment (503), not a bug (500). */
bool transient(const PGresult* r, const PGconn* conn) {
    if (PQstatus(conn) != CONNECTION_OK) return true;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    if (!state) return false;
    const std::string_view s(state);
    return s == "40001" || s == "40P01" || s == "55P03" || s == "57014" || s.starts_with("08");
}

/** Takes ownership of a result and throws unless it is `expected` (or rows). */
class PgResult {
  public:
    PgResult(PGresult* r, PGconn* conn, const std::string& doing) : r_(r) {
        const auto status = PQresultStatus(r_);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            std::string message = r_ ? PQresultErrorMessage(r_) : PQerrorMessage(conn);
            while (!message.empty() && message.back() == '\n') message.pop_back();
            const bool retry = transient(r_, conn);
            PQclear(r_);
            throw DbError(doing + ": " + message, retry);
        }
    }
    ~PgResult() { PQclear(r_); }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    PGresult* release() {
        PGresult* r = r_;
        r_ = nullptr;
        return r;
    }
    int64_t changed() const {
        const char* n = PQcmdTuples(r_);
        int64_t value = 0;
        if (n && *n) std::from_chars(n, n + std::char_traits<char>::length(n), value);
        return value;
    }

  private:
    PGresult* r_;
};

/** "?" placeholders (the SQL the server writes has no "?" anywhere else) as "$1", "$2", .... */
std::string numbered_placeholders(const char* sql, int& count) {
    std::string out;
    count = 0;
    for (const char* p = sql; *p; ++p) {
        if (*p == '?') {
            out += '$';
            out += std::to_string(++count);
        } else {
            out += *p;
        }
    }
    return out;
}

class PostgresCursor final : public Cursor {
  public:
    PostgresCursor(PGconn* conn, int64_t& changes, std::string name, const char* sql)
        : conn_(conn), changes_(changes), name_(std::move(name)) {
        int count = 0;
        const std::string text = numbered_placeholders(sql, count);
        PgResult prepared(PQprepare(conn_, name_.c_str(), text.c_str(), count, nullptr), conn_,
                          std::string("prepare ") + sql);
        values_.resize(size_t(count));
    }
    ~PostgresCursor() override { PQclear(result_); }

    void bind_text(int index, std::string_view text) override {
        // libpq takes text parameters NUL-terminated; request strings with NUL are refused
        // where they are read (request_body.cpp), so none reaches here.
        slot(index) = std::string(text);
    }
    void bind_integer(int index, int64_t value) override { slot(index) = std::to_string(value); }
    void bind_null(int index) override { slot(index).reset(); }

    bool step() override {
        if (!ran_) {
            std::vector<const char*> values;
            for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
            PgResult r(PQexecPrepared(conn_, name_.c_str(), int(values.size()), values.data(),
                                      nullptr, nullptr, 0),
                       conn_, "run " + name_);
            changes_ = r.changed();
            result_ = r.release();
            ran_ = true;
            row_ = -1;
        }
        return ++row_ < PQntuples(result_);
    }
    int64_t integer(int column) const override {
        const char* v = PQgetvalue(result_, row_, column);
        int64_t out = 0;
        std::from_chars(v, v + PQgetlength(result_, row_, column), out);
        return out;
    }
    std::string text(int column) const override {
        return std::string(PQgetvalue(result_, row_, column),
                           size_t(PQgetlength(result_, row_, column)));
    }
    bool is_null(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
    void reset() override {
        PQclear(result_);
        result_ = nullptr;
        ran_ = false;
        std::fill(values_.begin(), values_.end(), std::nullopt);
    }

  private:
    std::optional<std::string>& slot(int index) {
        if (index < 1 || size_t(index) > values_.size())
            throw DbError(name_ + ": no parameter " + std::to_string(index));
        return values_[size_t(index) - 1];
    }

    PGconn* conn_;
    int64_t& changes_;
    std::string name_;
    std::vector<std::optional<std::string>> values_;
    PGresult* result_ = nullptr;
    bool ran_ = false;
    int row_ = -1;
};

class PostgresConnection final : public Connection {
  public:
    explicit PostgresConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
            while (!message.empty() && message.back() == '\n') message.pop_back();
            PQfinish(conn_);
            conn_ = nullptr;
            throw DbError("cannot connect to " + redact_password(url) + ": " + message, true);
        }
        // A booking waits at most 10 s for another one of the same customer (then 503), as
        // SQLite's busy timeout; no statement of this server runs near a minute.
        exec("SET lock_timeout = '10s'");
        exec("SET statement_timeout = '60s'");
        exec("SET client_min_messages = warning");
    }
    ~PostgresConnection() override {
        forget_statements();
        PQfinish(conn_);
    }

    Dialect dialect() const override { return Dialect::Postgres; }

    void exec(const std::string& sql) override {
        PgResult r(PQexec(conn_, sql.c_str()), conn_, "exec");
        changes_ = r.changed();
    }

    int64_t changes() const override { return changes_; }

    void begin_write(std::vector<std::string> locks) override {
        exec("BEGIN");
        std::sort(locks.begin(), locks.end());
        locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
        for (const auto& name : locks) {
            // Advisory locks need no row to exist (a new customer's first order) and end with
            // the transaction. A hash collision only makes two names wait on each other.
            auto s = prepare("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
            s.bind(1, name).run();
        }
    }

    bool in_transaction() const override {
        return PQtransactionStatus(conn_) != PQTRANS_IDLE;  // in a block, failed or busy
    }

    bool healthy() const override { return PQstatus(conn_) == CONNECTION_OK; }

  protected:
    std::unique_ptr<Cursor> make_cursor(const char* sql) override {
        return std::make_unique<PostgresCursor>(conn_, changes_,
                                                "loyalty_" + std::to_string(++statements_), sql);
    }

  private:
    PGconn* conn_;
    int64_t changes_ = 0;
    int statements_ = 0;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& url) {
    return std::make_unique<PostgresConnection>(url);
}

std::string redact_password(const std::string& url) {
    // scheme://user:password@host...: the password is between the first ':' after "//" and
    // the last '@' before the path.
    const size_t start = url.find("//");
    if (start == std::string::npos) return url;
    const size_t slash = url.find('/', start + 2);
    const size_t at = url.rfind('@', slash == std::string::npos ? url.size() : slash);
    if (at == std::string::npos || at < start) return url;
    const size_t colon = url.find(':', start + 2);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace loyalty::server
