// The database a test's server uses: a SQLite file in the test's directory, or, when the suite
// runs under tests/server/with-postgres.sh (LOYALTY_TEST_POSTGRES set to the cluster's URI), a
// PostgreSQL database of the test's own, made on first use and dropped with the directory. So
// the same HTTP tests run against both stores.
#pragma once

#include <libpq-fe.h>

#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

#include "server_process.h"

namespace loyalty::test {

/** The cluster's URI ("postgresql://postgres@127.0.0.1:PORT/postgres"), or "" for SQLite. */
inline std::string postgres_admin_uri() {
    const char* uri = std::getenv("LOYALTY_TEST_POSTGRES");
    return uri ? uri : "";
}

/** Runs one SQL command on the cluster's admin database; throws with the server's message. */
inline void postgres_admin(const std::string& sql) {
    PGconn* conn = PQconnectdb(postgres_admin_uri().c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(conn);
    if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

/** The URI of the PostgreSQL database named `name` on the test cluster. */
inline std::string postgres_uri(const std::string& name) {
    const std::string admin = postgres_admin_uri();
    return admin.substr(0, admin.rfind('/') + 1) + name;
}

/** What to pass as --db for a server of the test owning `dir`. */
inline std::string test_database(const TempDir& dir) {
    if (postgres_admin_uri().empty()) return dir.file("loyalty.db");
    const std::string name = dir.name();  // "loyalty-server-XXXXXX": unique while dir lives
    static std::mutex mutex;
    static std::set<std::string> made;
    std::lock_guard lock(mutex);
    if (made.insert(name).second) {
        // FILE_COPY: a third of the time of PostgreSQL 15's default (WAL_LOG) on a cluster
        // without fsync.
        postgres_admin("CREATE DATABASE \"" + name + "\" STRATEGY FILE_COPY");
        dir.on_cleanup([name] {
            try {
                postgres_admin("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            } catch (const std::exception&) {
                // The cluster is thrown away after the suite anyway.
            }
            std::lock_guard relock(mutex);
            made.erase(name);
        });
    }
    return postgres_uri(name);
}

}  // namespace loyalty::test
