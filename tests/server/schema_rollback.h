// Migration tests take a current database back to what an older server left, then let the
// current server move it forward again. Each step back undoes one schema step (demo/server/
// schema.cpp), newest first.
#pragma once

#include <string>

#include "database.h"

namespace loyalty::test {

/** Undoes schema step 7: the programme versions, and the version of each event. */
inline void undo_schema_7(loyalty::server::Connection& c) {
    c.exec("DROP TABLE program_versions");
    c.exec("ALTER TABLE events DROP COLUMN program_version");
}

/** Undoes schema step 6: the customers' contacts and name key, and the audit log. */
inline void undo_schema_6(loyalty::server::Connection& c) {
    c.exec("DROP TABLE admin_actions");
    c.exec("DROP INDEX customers_by_email");
    c.exec("DROP INDEX customers_by_phone");
    for (const char* column : {"email", "phone", "name_key"})
        c.exec(std::string("ALTER TABLE customers DROP COLUMN ") + column);
}

}  // namespace loyalty::test
