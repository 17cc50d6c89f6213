// The SQLite backend of database.h: one file, WAL journal, synchronous=FULL, a 10 s busy timeout.
#pragma once

#include <memory>
#include <string>

#include "database.h"

namespace loyalty::server {

/** Opens (creating) the SQLite file `path`. Throws DbError when it cannot. */
std::unique_ptr<Connection> open_sqlite(const std::string& path);

}  // namespace loyalty::server
