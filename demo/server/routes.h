// The endpoints (docs/server.md lists each with its request, response and errors).
#pragma once

#include <httplib.h>

#include "app.h"

namespace loyalty::server {

/** Registers every endpoint, the static mounts, error and exception handling, CORS, security
 *  headers and the request log on `server`. */
void install_routes(httplib::Server& server, App& app);

}  // namespace loyalty::server
