// loyalty-server: start-up and shutdown. Reads the configuration, checks the program with the
// core, opens (or creates) the database, serves until SIGINT or SIGTERM, then lets the requests
// in flight finish and closes the database. Exit codes: 0 after a clean stop, 1 when it cannot
// listen or open the database, 2 for a bad configuration or program.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "app.h"
#include "crypto.h"
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

    httplib::Server server;
    const int threads = config.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    server.set_payload_max_length(config.max_body);
    server.set_keep_alive_max_count(100);
    server.set_keep_alive_timeout(5);
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    server.set_tcp_nodelay(true);
    install_routes(server, app);
    // The library's default sets SO_REUSEPORT, which lets a second server bind the same port and
    // take half of its connections; SO_REUSEADDR alone allows a quick restart and nothing more.
    int listen_fd = -1;
    server.set_socket_options([&listen_fd](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listen_fd = sock;  // the last socket offered is the one that binds
    });

    int port = config.port;
    if (port == 0) {
        port = server.bind_to_any_port(config.host);
    } else if (!server.bind_to_port(config.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        std::cerr << "loyalty-server: cannot listen on " << config.host << ":" << config.port
                  << " (in use, or not an address of this machine?)\n";
        return 1;
    }

    // httplib 0.11 listens with a backlog of 5: a burst of new connections overflows it and the
    // kernel drops some. Listening again on the same socket raises the backlog.
    if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);

    std::atomic<bool> finished{false};
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (finished) return;  // woken by main after listen() ended on its own
        app.logger.info("stopping: finishing requests in flight",
                        {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
        // stop() only works once listen() runs; a signal in the instant before waits for it.
        while (!server.is_running() && !finished)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        server.stop();
    });

    nlohmann::ordered_json mounts = nlohmann::ordered_json::array();
    for (const auto& m : app.statics.mounts()) mounts.push_back(m.prefix + "=" + m.dir);
    app.logger.info("listening",
                    {{"host", config.host},
                     {"port", port},
                     {"url", "http://" + config.host + ":" + std::to_string(port) + "/"},
                     {"db", config.db},
                     {"program", app.program.id},
                     {"static", mounts},
                     {"threads", threads},
                     {"clock", app.program.iso(app.clock.now())}});
    const bool clean = server.listen_after_bind();

    finished = true;
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();
    app.pool
        ->close();  // every worker has returned its connection: the last close checkpoints the WAL
    app.logger.info("stopped", {{"clean", clean}});
    return clean ? 0 : 1;
}
