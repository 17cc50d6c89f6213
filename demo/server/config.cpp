#include "config.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "loyalty/date.h"

namespace loyalty::server {

std::optional<Mount> parse_mount(const std::string& text) {
    const size_t eq = text.find('=');
    if (eq == std::string::npos || eq + 1 >= text.size()) return std::nullopt;
    Mount m{text.substr(0, eq), text.substr(eq + 1)};
    if (m.prefix.empty() || m.prefix.front() != '/') m.prefix.insert(0, "/");
    if (m.prefix.back() != '/') m.prefix.push_back('/');
    if (m.prefix.find("..") != std::string::npos) return std::nullopt;
    return m;
}

namespace {

bool valid_origin(const std::string& o) {
    // "https://shop.example" or "http://localhost:3000": a scheme, a host, no path.
    const size_t scheme = o.find("://");
    if (scheme == std::string::npos) return false;
    const std::string s = o.substr(0, scheme);
    if (s != "http" && s != "https") return false;
    const std::string rest = o.substr(scheme + 3);
    return !rest.empty() && rest.find('/') == std::string::npos &&
           rest.find(' ') == std::string::npos;
}

}  // namespace

int parse_config(int argc, char** argv, Config& out) {
    CLI::App app{
        "loyalty-server: the reference backend of the loyalty widget. Serves the program, each\n"
        "customer's status (computed by the loyalty core from the stored ledger), books orders,\n"
        "refunds and bonuses idempotently in SQLite, stores survey answers and shows their NPS,\n"
        "CSAT and CES in the owner's console, and serves static files (the widget, a shop).\n"
        "Every flag can also be set by the environment variable shown beside it; the flag wins.",
        "loyalty-server"};
    app.set_version_flag("--version", "loyalty-server 0.1.0");
    app.get_formatter()->column_width(40);
    app.option_defaults()->always_capture_default();

    std::vector<std::string> mounts;
    std::string log_format = "json";
    std::string clock;
    app.add_option("--host", out.host, "address to listen on")->envname("LOYALTY_HOST");
    app.add_option("--port", out.port,
                   "TCP port; 0 picks a free one (see the \"listening\" log line)")
        ->envname("LOYALTY_PORT")
        ->check(CLI::Range(0, 65535));
    app.add_option("--db", out.db,
                   "SQLite database file, created (WAL mode) on first start; or a PostgreSQL URI "
                   "postgres://user:password@host:port/database (the tables are created there)")
        ->envname("LOYALTY_DB");
    app.add_option(
           "--program", out.program,
           "program.json; checked by the core at start (the server refuses to start on errors)")
        ->envname("LOYALTY_PROGRAM");
    app.add_option("--static", mounts,
                   "serve DIR under URL PREFIX, e.g. /loyalty/=web/dist/widget or /=demo/shop "
                   "(repeatable; env: comma-separated)")
        ->envname("LOYALTY_STATIC")
        ->delimiter(',')
        ->type_name("PREFIX=DIR");
    app.add_option("--customer-secret", out.customer_secret,
                   "HMAC key customer tokens are signed with (at least 16 bytes; prefer the "
                   "environment variable); unset: a random key per run")
        ->envname("LOYALTY_CUSTOMER_SECRET")
        ->type_name("SECRET");
    app.add_option("--admin-token", out.admin_token,
                   "bearer token of the shop backend and the owner's console (/admin) (at least 16 "
                   "bytes); unset: "
                   "admin endpoints answer 403")
        ->envname("LOYALTY_ADMIN_TOKEN")
        ->type_name("TOKEN");
    app.add_option("--webhook-secret", out.webhook_secret,
                   "HMAC key of the generic order webhook, POST /api/webhooks/generic (at least 16 "
                   "bytes); unset: that endpoint answers 403")
        ->envname("LOYALTY_WEBHOOK_SECRET")
        ->type_name("SECRET");
    app.add_option(
           "--shopify-secret", out.shopify_secret,
           "the signing secret Shopify shows under Settings > Notifications > Webhooks, for "
           "POST /api/webhooks/shopify; unset: that endpoint answers 403")
        ->envname("LOYALTY_SHOPIFY_SECRET")
        ->type_name("SECRET");
    app.add_option(
           "--insales-secret", out.insales_secret,
           "the secret in the InSales webhook URL /api/webhooks/insales/SECRET (at least 16 "
           "of A-Z a-z 0-9 - _); unset: that endpoint answers 403")
        ->envname("LOYALTY_INSALES_SECRET")
        ->type_name("SECRET");
    app.add_option("--allowed-origin", out.allowed_origins,
                   "an origin allowed cross-origin calls (CORS), e.g. https://shop.example "
                   "(repeatable; env: comma-separated)")
        ->envname("LOYALTY_ALLOWED_ORIGINS")
        ->delimiter(',')
        ->type_name("ORIGIN");
    app.add_option("--max-body", out.max_body, "largest request body in bytes (larger: 413)")
        ->envname("LOYALTY_MAX_BODY")
        ->check(CLI::Range(size_t(1024), size_t(64) << 20));
    app.add_flag("--seed-demo", out.seed_demo,
                 "load the sample customers (--seed-dir) when the database has no customers")
        ->envname("LOYALTY_SEED_DEMO");
    app.add_option("--seed-dir", out.seed_dir, "folder of customer JSON files for --seed-demo")
        ->envname("LOYALTY_SEED_DIR");
    app.add_flag("--demo-login", out.demo_login,
                 "enable /demo/login and /demo/customers, which sign in as any stored customer "
                 "without a password: for the demo shop only, never on a real site")
        ->envname("LOYALTY_DEMO_LOGIN");
    app.add_option("--log-format", log_format, "json (one object per line) or text")
        ->envname("LOYALTY_LOG_FORMAT")
        ->check(CLI::IsMember({"json", "text"}));
    app.add_option("--threads", out.threads,
                   "database connections: requests that use the database at once")
        ->envname("LOYALTY_THREADS")
        ->check(CLI::Range(1, 256));
    app.add_option("--request-timeout", out.request_timeout,
                   "seconds a client has to send one whole request, head and body (else 408)")
        ->envname("LOYALTY_REQUEST_TIMEOUT")
        ->check(CLI::Range(1, 300));
    app.add_option("--max-connections", out.max_connections,
                   "connections open at once, each served by its own thread (more: 503)")
        ->envname("LOYALTY_MAX_CONNECTIONS")
        ->check(CLI::Range(1, 10000));
    app.add_option("--max-client-connections", out.max_client_connections,
                   "connections open at once from one client address (more: 429); behind a "
                   "proxy every client has the proxy's address, so raise it there")
        ->envname("LOYALTY_MAX_CLIENT_CONNECTIONS")
        ->check(CLI::Range(1, 10000));
    app.add_option("--clock", clock,
                   "start the server's clock at this instant (ISO 8601) and run it in real time "
                   "from there: for demos and tests")
        ->envname("LOYALTY_CLOCK")
        ->type_name("INSTANT");
    app.footer(
        "\nExamples:\n"
        "  loyalty-server --db shop.db --program demo/examples/program.json \\\n"
        "      --static /loyalty/=web/dist/widget --static /=demo/shop --seed-demo\n"
        "  LOYALTY_ADMIN_TOKEN=... LOYALTY_CUSTOMER_SECRET=... loyalty-server --port 9000\n"
        "HTTP API and configuration: docs/server.md");

    // A flag given twice takes its last value (a wrapper script's defaults, then the user's);
    // the repeatable ones (--static, --allowed-origin) keep every value.
    for (CLI::Option* o : app.get_options()) {
        if (o->get_items_expected_max() == 1) o->take_last();
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    std::vector<std::string> problems;
    for (const auto& text : mounts) {
        auto m = parse_mount(text);
        if (!m)
            problems.push_back("--static " + text +
                               ": expected PREFIX=DIR, e.g. /loyalty/=web/dist/widget");
        else
            out.mounts.push_back(*m);
    }
    for (const auto& o : out.allowed_origins) {
        if (!valid_origin(o)) {
            problems.push_back(
                "--allowed-origin " + o +
                ": expected scheme://host[:port] with no path, e.g. https://shop.example");
        }
    }
    if (!out.customer_secret.empty() && out.customer_secret.size() < kMinSecretBytes) {
        problems.push_back("--customer-secret: at least " + std::to_string(kMinSecretBytes) +
                           " bytes");
    }
    if (!out.admin_token.empty() && out.admin_token.size() < kMinSecretBytes) {
        problems.push_back("--admin-token: at least " + std::to_string(kMinSecretBytes) + " bytes");
    }
    for (const auto& [flag, secret] : {std::pair{"--webhook-secret", &out.webhook_secret},
                                       std::pair{"--shopify-secret", &out.shopify_secret},
                                       std::pair{"--insales-secret", &out.insales_secret}}) {
        if (!secret->empty() && secret->size() < kMinSecretBytes)
            problems.push_back(std::string(flag) + ": at least " + std::to_string(kMinSecretBytes) +
                               " bytes");
    }
    if (out.insales_secret.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
        std::string::npos) {
        problems.push_back("--insales-secret: use only A-Z a-z 0-9 - _ (it is part of a URL)");
    }
    if (!clock.empty()) {
        if (!parse_instant(clock, Zone{})) {
            problems.push_back("--clock " + clock +
                               ": expected an ISO 8601 instant, e.g. 2026-11-28T12:00:00+03:00");
        }
        out.clock = clock;
    }
    out.log_format = log_format == "text" ? LogFormat::Text : LogFormat::Json;
    for (const auto& p : problems) std::cerr << "loyalty-server: " << p << "\n";
    return problems.empty() ? -1 : 2;
}

}  // namespace loyalty::server
