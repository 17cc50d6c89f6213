// The console's programme versions (docs/server.md, "Programme versions"): the list, one version,
// and an upload that the core validates and that takes effect now or at a chosen instant.
#pragma once

#include <string>
#include <string_view>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

/** GET /api/admin/program/versions: every version, newest first, with its status. */
Reply program_versions_reply(App& app);

/** GET /api/admin/program/versions/{n}: one version and its programme. */
Reply program_version_reply(App& app, std::string_view number);

/** POST /api/admin/program/versions: `body` parsed, `text` the raw body (the programme is kept
 *  with its members in the owner's order), `actor` for the audit log. */
Reply upload_program_version(App& app, const json& body, const std::string& text,
                             const std::string& actor);

}  // namespace loyalty::server
