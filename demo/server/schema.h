// The database schema and its version (SQLite: PRAGMA user_version; PostgreSQL: the table
// loyalty_schema). A database made by a newer server is refused rather than misread.
#pragma once

#include "database.h"

namespace loyalty::server {

inline constexpr int kSchemaVersion = 7;

/** Creates the tables on an empty database; checks the version of an existing one. Throws
 *  DbError when the file is from a newer server or is not a database. */
void migrate(Connection& c);

}  // namespace loyalty::server
