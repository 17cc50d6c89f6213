// loyalty-server: start-up and shutdown. Reads the configuration, checks the program with the
// core, opens (or creates) the database, serves until SIGINT or SIGTERM, then serves every
// request already sent (listener.h) and closes the database. Exit codes: 0 after a clean stop, 1
// when it cannot listen or open the database, 2 for a bad configuration or program.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "app.h"
#include "crypto.h"
#include "listener.h"
#include "postgres_store.h"
#include "program_version_store.h"
#include "routes.h"
#include "schema.h"
#include "seed.h"

namespace {

using namespace loyalty::server;

/** Blocks SIGINT, SIGTERM and SIGUSR1 in this thread and every thread started after it, so the
 *  signal thread alone receives them (with sigwait, outside any signal handler). */
sigset_t block_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not end the server
    return set;
}

/** Raises this process's open-file limit to its hard maximum and returns how many connections
 *  fit under it, leaving room for the database, logs and static files. */
int open_file_room() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    const rlim_t spare = 256;
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > rlim_t(1'000'000)) return 1'000'000;
    return limit.rlim_cur > spare ? int(limit.rlim_cur - spare) : 16;
}

}  // namespace

int main(int argc, char** argv) {
    const sigset_t signals = block_signals();

    Config config;
    if (const int code = parse_config(argc, argv, config); code >= 0) return code;

    auto program = load_program_file(config.program);
    if (!program.ok()) {
        std::cerr << "loyalty-server: the program " << config.program << " is refused:\n";
        for (const auto& e : program.errors()) {
            std::cerr << "  " << (e.path.empty() ? "(document)" : e.path) << ": " << e.message
                      << "\n";
        }
        return 2;
    }
    Clock clock;
    if (config.clock) clock = Clock(*loyalty::parse_instant(*config.clock, loyalty::Zone{}));

    App app(config, std::move(program.value()), clock);
    if (auto problems = app.statics.problems(); !problems.empty()) {
        for (const auto& p : problems) std::cerr << "loyalty-server: " << p << "\n";
        return 2;
    }
    app.customer_secret = config.customer_secret;
    if (app.customer_secret.empty()) {
        app.customer_secret = random_bytes(32);
        app.logger.warn(
            "no customer secret configured: using a random one, so customer tokens stop "
            "working when the server restarts (set LOYALTY_CUSTOMER_SECRET)");
    }
    if (config.admin_token.empty()) {
        app.logger.warn(
            "no admin token configured: orders, refunds, tokens and the survey report "
            "answer 403 (set LOYALTY_ADMIN_TOKEN)");
    }
    if (config.demo_login) {
        app.logger.warn(
            "demo login is on: anyone can sign in as any stored customer (never on a real site)");
    }

    try {
        app.pool = std::make_unique<Pool>(config.db, size_t(config.threads) + 1);
        auto conn = app.pool->acquire();
        migrate(*conn);
        open_program_versions(app, *conn, app.clock.now());
        if (app.pool->one_writer()) app.group = std::make_unique<GroupCommit>(config.db);
    } catch (const DbError& e) {
        std::cerr << "loyalty-server: " << e.what() << "\n";
        return 1;
    }
    if (config.seed_demo) {
        try {
            const int n = seed_customers(app, config.seed_dir);
            app.logger.info(
                n > 0 ? "seeded sample customers" : "database has customers; not seeding",
                {{"customers", n}, {"dir", config.seed_dir}});
        } catch (const std::exception& e) {
            std::cerr << "loyalty-server: --seed-demo: " << e.what() << "\n";
            return 2;
        }
    }

    if (const int room = open_file_room(); config.max_connections > room) {
        app.logger.warn("fewer file descriptors than --max-connections: lowered to fit",
                        {{"max_connections", room}});
        config.max_connections = room;
    }
    ConnectionLimits limits;
    limits.stream.request_timeout = std::chrono::seconds(config.request_timeout);
    limits.max_body = config.max_body;
    // Chunk framing and compression: an honest client's bytes on the wire stay well under this.
    limits.stream.max_body_wire_bytes = 2 * config.max_body + 64 * 1024;
    HttpServer server(limits, app.stopping);
    server.set_payload_max_length(config.max_body);  // a Content-Length over it: 413 at once
    server.set_keep_alive_max_count(limits.keep_alive_max_requests);
    server.set_keep_alive_timeout(limits.keep_alive_timeout.count() / 1000);
    install_routes(server, app);
    server.on_unrouted_answer = [&app](int status, const std::string& remote) {
        app.logger.info("request", {{"status", status}, {"remote", remote}});
    };
    Listener listener(server,
                      {size_t(config.max_connections), size_t(config.max_client_connections)});
    listener.on_refusals = [&app](int status, const std::string& client, uint64_t refused) {
        app.logger.warn(
            "connections refused",
            {{"status", status},
             {"reason", status == 429 ? "--max-client-connections" : "--max-connections"},
             {"remote", client},
             {"refused", refused}});
    };

    const int port = listener.bind(config.host, config.port);
    if (port <= 0) {
        std::cerr << "loyalty-server: cannot listen on " << config.host << ":" << config.port
                  << " (in use, or not an address of this machine?)\n";
        return 1;
    }

    std::atomic<bool> finished{false};
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (finished) return;  // woken by main after the listener ended on its own
        app.logger.info("stopping: finishing requests in flight",
                        {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
        app.stopping = true;  // /healthz answers 503; idle keep-alive connections close
        listener.stop();
    });

    nlohmann::ordered_json mounts = nlohmann::ordered_json::array();
    for (const auto& m : app.statics.mounts()) mounts.push_back(m.prefix + "=" + m.dir);
    app.logger.info("listening",
                    {{"host", config.host},
                     {"port", port},
                     {"url", "http://" + config.host + ":" + std::to_string(port) + "/"},
                     {"db", is_postgres_url(config.db) ? redact_password(config.db) : config.db},
                     {"program", app.program().id},
                     {"static", mounts},
                     {"threads", config.threads},
                     {"max_connections", config.max_connections},
                     {"clock", app.program().iso(app.clock.now())}});
    listener.run();  // until stop(), and every connection has ended

    finished = true;
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();
    // Every worker has returned its connection, and every batch is committed: the last close
    // checkpoints the WAL.
    app.group.reset();
    app.pool->close();
    app.logger.info("stopped", {{"clean", true}});
    return 0;
}
