// The PostgreSQL backend of database.h (libpq from Debian's libpq-dev), for running several
// server processes on one database. Each connection has a 10 s lock timeout (then a 503, as
// SQLite's busy timeout gives) and prepares each statement once.
#pragma once

#include <memory>
#include <string>

#include "database.h"

namespace loyalty::server {

/** Connects to the libpq URI `url` (postgres://user:password@host:port/database?...). Throws
 *  DbError (transient) when the server cannot be reached or refuses. */
std::unique_ptr<Connection> open_postgres(const std::string& url);

/** `url` with its password replaced by "***", for logs and messages. */
std::string redact_password(const std::string& url);

}  // namespace loyalty::server
