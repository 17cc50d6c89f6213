// A bounded load run of loyalty-server on loopback: starts the real server (temp database), then
// measures three request kinds one after the other with C keep-alive clients each:
//   status   GET /api/loyalty/me with a customer token (the core replays the stored ledger)
//   orders   POST /api/loyalty/orders, one SQLite transaction each (the core previews and replays)
//   surveys  POST /api/loyalty/surveys, one row each
// and prints requests/s and latency percentiles. Afterwards it checks that nothing was lost:
// every booking is in the ledgers and every answer in the survey report. Exit 1 if anything
// failed or went missing. docs/performance.md ("Reference server") has the figures.
//   loyalty-server-load --server build/demo/server/loyalty-server [--requests 2000] [--clients 16]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include "http_helpers.h"

using namespace loyalty::test;
using Clock = std::chrono::steady_clock;

namespace {

struct Phase {
    std::string name;
    size_t requests = 0;
    size_t ok = 0;
    double seconds = 0;
    std::vector<double> ms;  // sorted latencies
    double percentile(double p) const {
        if (ms.empty()) return 0;
        const size_t i = std::min(ms.size() - 1, size_t(p / 100.0 * double(ms.size() - 1) + 0.5));
        return ms[i];
    }
};

/** Runs `total` requests over `clients` keep-alive connections; `send(client, i)` returns the
 *  HTTP status of request i (expected: `want`). */
Phase run_phase(const std::string& name, int port, size_t total, int clients, int want,
                const std::function<int(httplib::Client&, size_t)>& send) {
    Phase phase;
    phase.name = name;
    phase.requests = total;
    std::atomic<size_t> next{0}, ok{0};
    std::mutex merge;
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            // Without it the client's Nagle algorithm holds a POST body back until the headers
            // are acknowledged, and delayed ACKs make that 40 ms: the client, not the server.
            client.set_tcp_nodelay(true);
            client.set_read_timeout(60, 0);
            std::vector<double> mine;
            while (true) {
                const size_t i = next++;
                if (i >= total) break;
                const auto t0 = Clock::now();
                const int status = send(client, i);
                mine.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (status == want)
                    ok++;
                else
                    std::fprintf(stderr, "%s #%zu: HTTP %d\n", name.c_str(), i, status);
            }
            std::lock_guard lock(merge);
            phase.ms.insert(phase.ms.end(), mine.begin(), mine.end());
        });
    }
    for (auto& t : threads) t.join();
    phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    phase.ok = ok;
    std::sort(phase.ms.begin(), phase.ms.end());
    return phase;
}

int status_of(const httplib::Result& r) { return r ? r->status : -1; }

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Bounded loopback load run of loyalty-server (see docs/performance.md)."};
    std::string binary = LOYALTY_SERVER_BIN, program = data_path("program.json"),
                seed = data_path("customers");
    size_t requests = 2000;
    int clients = 16, threads = 16;
    app.add_option("--server", binary, "the loyalty-server binary")->capture_default_str();
    app.add_option("--requests", requests, "requests per kind")->capture_default_str();
    app.add_option("--clients", clients, "concurrent keep-alive clients")->capture_default_str();
    app.add_option("--threads", threads, "the server's --threads")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    TempDir dir;
    ServerProcess server(
        binary, {"--port", "0", "--db", dir.file("load.db"), "--program", program, "--seed-demo",
                 "--seed-dir", seed, "--admin-token", kAdmin, "--customer-secret", kSecret,
                 "--clock", kClock, "--threads", std::to_string(threads), "--log-format", "json"});
    const int port = server.port();
    const auto auth = admin();

    // A customer with a real ledger to read: 30 more orders for Alice (32 events).
    for (int i = 0; i < 30; ++i) {
        auto a = post(port, "/api/loyalty/orders",
                      {{"customer_id", "c-alice"},
                       {"order_id", "warm-" + std::to_string(i)},
                       {"lines",
                        {{{"sku", "book"}, {"price", 1990 + i}},
                         {{"sku", "pen"}, {"price", 450}, {"quantity", 2}}}}},
                      auth);
        if (a.status != 201) {
            std::cerr << "warm-up order failed: " << a.status << " " << a.text << "\n";
            return 1;
        }
    }
    const std::string token = token_for(port, "c-alice");
    const httplib::Headers customer = bearer(token);

    std::vector<Phase> phases;
    phases.push_back(run_phase(
        "status", port, requests, clients, 200,
        [&](httplib::Client& c, size_t) { return status_of(c.Get("/api/loyalty/me", customer)); }));
    // Orders go to 50 customers in turn, so ledgers grow as a shop's would.
    phases.push_back(
        run_phase("orders", port, requests, clients, 201, [&](httplib::Client& c, size_t i) {
            const json order = {
                {"customer_id", "load-" + std::to_string(i % 50)},
                {"order_id", "L-" + std::to_string(i)},
                {"lines",
                 {{{"sku", "book"}, {"category", "books"}, {"price", 1000 + int(i % 97)}}}}};
            return status_of(c.Post("/api/loyalty/orders", auth, order.dump(), "application/json"));
        }));
    phases.push_back(
        run_phase("surveys", port, requests, clients, 201, [&](httplib::Client& c, size_t i) {
            const json answer = {{"survey_id", "nps-main"},
                                 {"visitor_id", "v-" + std::to_string(i)},
                                 {"idempotency_key", "load-key-" + std::to_string(i)},
                                 {"score", int(i % 11)},
                                 {"answered_at", "2026-06-01T10:00:00+03:00"},
                                 {"page", "/cart"}};
            return status_of(c.Post("/api/loyalty/surveys", answer.dump(), "application/json"));
        }));

    // Nothing lost: count what the server kept.
    size_t booked = 0;
    for (int k = 0; k < 50; ++k) {
        auto a = get(port, "/api/loyalty/customers/load-" + std::to_string(k) + "?history_limit=0",
                     auth);
        if (a.status == 200) booked += a.body["customer"]["events"].size();
    }
    auto report = get(port, "/api/admin/surveys?survey_id=nps-main&from=2026-05-01", auth);
    const size_t answers =
        report.status == 200 ? report.body["surveys"][0]["answers"].get<size_t>() : 0;
    const int stopped = server.stop(SIGTERM);

    std::printf(
        "loyalty-server load run: %zu requests per kind, %d clients, %d server threads, loopback\n",
        requests, clients, threads);
    std::printf("%-8s %10s %10s %9s %9s %9s %9s\n", "kind", "ok", "req/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms");
    bool good = true;
    for (const auto& p : phases) {
        std::printf("%-8s %5zu/%-5zu %9.0f %9.2f %9.2f %9.2f %9.2f\n", p.name.c_str(), p.ok,
                    p.requests, double(p.requests) / p.seconds, p.percentile(50), p.percentile(90),
                    p.percentile(99), p.ms.empty() ? 0.0 : p.ms.back());
        good = good && p.ok == p.requests;
    }
    std::printf(
        "kept: %zu of %zu bookings in the ledgers, %zu of %zu survey answers; server exit %d\n",
        booked, requests, answers, requests, stopped);
    good = good && booked == requests && answers == requests && stopped == 0;
    std::printf("%s\n", good ? "no request lost" : "FAILED: requests failed or were lost");
    return good ? 0 : 1;
}
