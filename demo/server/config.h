// The server's configuration: command-line flags, each with an environment variable beside it
// (the flag wins). `loyalty-server --help` lists them; docs/server.md explains each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "log.h"

namespace loyalty::server {

/** A static mount: URL prefix ("/loyalty/", always with both slashes) served from a directory. */
struct Mount {
    std::string prefix;
    std::string dir;
};

struct Config {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (the "listening" log line says which)
    std::string db = "loyalty.db";
    std::string program = "demo/examples/program.json";
    std::vector<Mount> mounts;
    std::string customer_secret;  // empty: a random one per process (tokens die on restart)
    std::string admin_token;      // empty: admin endpoints answer 403
    std::string webhook_secret;   // empty: POST /api/webhooks/generic answers 403
    std::string shopify_secret;   // empty: POST /api/webhooks/shopify answers 403
    std::string insales_secret;   // empty: POST /api/webhooks/insales/{secret} answers 403
    std::vector<std::string> allowed_origins;
    size_t max_body = 1 << 20;
    bool seed_demo = false;
    std::string seed_dir = "demo/examples/customers";
    bool demo_login = false;
    LogFormat log_format = LogFormat::Json;
    int threads = 16;                  // database connections: requests using it at once
    int request_timeout = 10;          // seconds to read one whole request, head and body
    int max_connections = 1024;        // open at once, all clients
    int max_client_connections = 128;  // open at once from one client address
    std::optional<std::string> clock;  // ISO instant the server's clock starts at
};

/** Shortest accepted secret and admin token, in bytes. */
inline constexpr size_t kMinSecretBytes = 16;

/** Parses flags and environment into `out`. Returns -1 to go on, or the exit code to leave with
 *  (0 after --help or --version, 2 after a usage error; messages already printed). */
int parse_config(int argc, char** argv, Config& out);

/** Parses "PREFIX=DIR" (the prefix gains missing slashes: "loyalty" -> "/loyalty/"). */
std::optional<Mount> parse_mount(const std::string& text);

}  // namespace loyalty::server
