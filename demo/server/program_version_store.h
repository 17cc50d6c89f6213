// Programme versions in the database (schema 7, table program_versions): read at start and
// whenever another server process may have added one, written by the programme file at start
// and by the console's upload.
#pragma once

#include <optional>
#include <string>

#include "app.h"
#include "database.h"
#include "program_versions.h"

namespace loyalty::server {

/** At start, after migrate(): an empty table gets the programme file as version 1, in force since
 *  the beginning (ledger states made under another programme are dropped, to be rebuilt under
 *  it); a programme file changed since the last start becomes a new version in force from `now`.
 *  Then every stored version is loaded into app.programs. Throws DbError when a stored version
 *  no longer passes the core's checks. */
void open_program_versions(App& app, Connection& c, Instant now);

/** Loads versions another process stored since (cheap when there are none). */
void sync_program_versions(App& app, Connection& c);

/** Stores a new version numbered after the newest in the table (inside the caller's
 *  transaction) and returns it; the caller adds it to app.programs once committed. */
ProgramVersion store_program_version(Connection& c, std::shared_ptr<const ProgramFile> program,
                                     std::optional<Instant> effective_at, Instant uploaded_at,
                                     std::string uploaded_by, std::string source,
                                     std::optional<std::string> reason);

}  // namespace loyalty::server
