// loyalty-server as a process: flags and start-up checks, static files, CORS, limits, security
// headers and logs, a hundred concurrent bookings, restarts and graceful shutdown.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "database.h"
#include "gzip.h"
#include "http_helpers.h"
#include "schema_rollback.h"

using namespace loyalty::test;

namespace {

/** Runs the server binary to completion with `args`; returns {exit status, output}. */
std::pair<int, std::string> run_to_end(const std::string& args) {
    const std::string command = std::string(LOYALTY_SERVER_BIN) + " " + args + " 2>&1";
    FILE* p = popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
    const int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

/** A status without its "now": the server's --clock runs on, so two answers may be a second apart.
 */
json without_now(json status) {
    status.erase("now");
    return status;
}

bool log_has(const ServerProcess& s, const std::function<bool(const json&)>& match) {
    // A request is logged just after its answer is written: allow a moment.
    for (int i = 0; i < 200; ++i) {
        for (const auto& r : s.records()) {
            if (match(r)) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE("--help lists every flag with its environment variable") {
        auto [status, out] = run_to_end("--help");
        CHECK(status == 0);
        for (const char* flag :
             {"--port", "--host", "--db", "--program", "--static", "--customer-secret",
              "--admin-token", "--allowed-origin", "--max-body", "--seed-demo", "--log-format",
              "LOYALTY_CUSTOMER_SECRET", "LOYALTY_ADMIN_TOKEN", "LOYALTY_DB"}) {
            CAPTURE(flag);
            CHECK(out.find(flag) != std::string::npos);
        }
        auto [bad, message] = run_to_end("--port nine");
        CHECK(bad == 2);
    }

    TEST_CASE("the server refuses to start on a program the core refuses, listing the errors") {
        TempDir dir;
        auto [status, out] = run_to_end("--port 0 --db " + dir.file("db") + " --program " +
                                        data_path("bad-program.json"));
        CHECK(status == 2);
        CHECK(out.find("/currency") != std::string::npos);
        CHECK(out.find("/earn/points") != std::string::npos);
        auto [missing, out2] =
            run_to_end("--port 0 --db " + dir.file("db") + " --program " + dir.file("none.json"));
        CHECK(missing == 2);
        CHECK(out2.find("cannot read") != std::string::npos);
        auto [mount, out3] =
            run_to_end("--port 0 --db " + dir.file("db") + " --program " +
                       data_path("program.json") + " --static /x/=" + dir.file("no-such-dir"));
        CHECK(mount == 2);
        CHECK(out3.find("no such directory") != std::string::npos);
        auto [secret, out4] = run_to_end("--port 0 --program " + data_path("program.json") +
                                         " --customer-secret short");
        CHECK(secret == 2);
    }

    TEST_CASE("a second server cannot take a port that is in use") {
        TempDir dir;
        auto first = start_server(dir);
        auto [status, out] =
            run_to_end("--port " + std::to_string(first->port()) + " --db " +
                       dir.file("second.db") + " --program " + data_path("program.json"));
        CHECK(status == 1);
        CHECK(out.find("cannot listen") != std::string::npos);
        CHECK(get(first->port(), "/healthz").status == 200);
    }

    TEST_CASE("settings come from the environment when no flag is given") {
        TempDir dir;
        ServerProcess s(LOYALTY_SERVER_BIN, {"--port", "0", "--program", data_path("program.json")},
                        {"LOYALTY_DB=" + dir.file("env.db"),
                         std::string("LOYALTY_ADMIN_TOKEN=") + kAdmin, "LOYALTY_LOG_FORMAT=json"});
        CHECK(post(s.port(), "/api/admin/tokens", {{"customer_id", "c-x"}}, admin()).status == 200);
        CHECK(std::filesystem::exists(dir.file("env.db")));
        CHECK(s.stop() == 0);
    }

    TEST_CASE("static files: media types, caching, gzip, ETags, HEAD, and no way out of a mount") {
        TempDir dir;
        const auto root = dir.path() / "static";
        std::filesystem::create_directories(root / "sub");
        std::string js;
        for (int i = 0; i < 200; ++i) js += "console.log('line " + std::to_string(i) + "');\n";
        std::string wasm("\0asm\x01\0\0\0", 8);
        wasm += std::string(4000, '\0');
        write_file((root / "index.html").string(),
                   "<!doctype html><title>shop</title><p>Лавка</p>");
        write_file((root / "loyalty-widget.js").string(), js);
        write_file((root / "loyalty-ui.3f9a0c12be.js").string(), js);
        write_file((root / "loyalty-core.3f9a0c12be.wasm").string(), wasm);
        write_file((root / "sub" / "index.html").string(), "<p>sub</p>");
        write_file((root / "pre.js").string(), js);
        // The precompressed sibling holds other text, so the test can tell which was served.
        write_file((root / "pre.js.gz").string(),
                   *loyalty::server::gzip_compress("// from pre.js.gz\n"));
        write_file((root / "empty.txt").string(), "");
        write_file((root / ".env").string(), "SECRET=hidden-dot-file");
        write_file(dir.file("secret.txt"), "SECRET=outside-the-mount");
        std::filesystem::create_symlink(dir.path() / "secret.txt", root / "link.txt");

        auto server = start_server(
            dir, {"--static", "/loyalty/=" + root.string(), "--static", "/=" + root.string()});
        const int port = server->port();
        auto c = client(port);
        c.set_decompress(false);

        auto wasm_r = to_answer(
            c.Get("/loyalty/loyalty-core.3f9a0c12be.wasm", {{"Accept-Encoding", "gzip, br"}}));
        CHECK(wasm_r.status == 200);
        CHECK(wasm_r.header("Content-Type") == "application/wasm");
        CHECK(wasm_r.header("Content-Encoding") == "gzip");
        CHECK(wasm_r.header("Cache-Control") == "public, max-age=31536000, immutable");
        CHECK(wasm_r.header("Vary").find("Accept-Encoding") != std::string::npos);
        CHECK(gunzip(wasm_r.text) == wasm);
        CHECK(wasm_r.text.size() < wasm.size() / 10);

        auto plain = to_answer(c.Get("/loyalty/loyalty-core.3f9a0c12be.wasm"));
        CHECK(plain.header("Content-Encoding").empty());
        CHECK(plain.text == wasm);

        auto loader = to_answer(c.Get("/loyalty/loyalty-widget.js", {{"Accept-Encoding", "gzip"}}));
        CHECK(loader.header("Content-Type") == "text/javascript; charset=utf-8");
        CHECK(loader.header("Cache-Control") == "public, max-age=300");  // a stable name: short
        CHECK(gunzip(loader.text) == js);
        CHECK(to_answer(c.Get("/loyalty/loyalty-ui.3f9a0c12be.js")).header("Cache-Control") ==
              "public, max-age=31536000, immutable");

        auto pre = to_answer(c.Get("/loyalty/pre.js", {{"Accept-Encoding", "gzip"}}));
        CHECK(pre.header("Content-Encoding") == "gzip");
        CHECK(gunzip(pre.text) == "// from pre.js.gz\n");
        CHECK(to_answer(c.Get("/loyalty/pre.js")).text == js);  // without gzip: the file itself

        auto page = to_answer(c.Get("/"));
        CHECK(page.status == 200);
        CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
        CHECK(page.header("Cache-Control") == "no-cache");
        CHECK(page.header("Content-Security-Policy").find("script-src 'self' 'wasm-unsafe-eval'") !=
              std::string::npos);
        CHECK(page.header("X-Content-Type-Options") == "nosniff");
        CHECK(page.text.find("Лавка") != std::string::npos);
        CHECK(to_answer(c.Get("/sub/")).text == "<p>sub</p>");
        CHECK(to_answer(c.Get("/empty.txt")).status == 200);

        const std::string etag = loader.header("ETag");
        REQUIRE_FALSE(etag.empty());
        CHECK(to_answer(c.Get("/loyalty/loyalty-widget.js",
                              {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}}))
                  .status == 304);
        CHECK(to_answer(c.Get("/loyalty/loyalty-widget.js", {{"If-None-Match", etag}})).status ==
              200);  // other encoding

        auto head = to_answer(c.Head("/loyalty/loyalty-widget.js"));
        CHECK(head.status == 200);
        CHECK(head.text.empty());
        CHECK(head.header("Content-Length") == std::to_string(js.size()));

        for (const std::string& path : std::vector<std::string>{
                 "/loyalty/../secret.txt", "/loyalty/..%2fsecret.txt", "/loyalty/%2e%2e/secret.txt",
                 "/loyalty/sub/../../secret.txt", "/loyalty/.env", "/.env", "/%2eenv",
                 "/loyalty/link.txt", "/loyalty/sub/..%5c..%5csecret.txt", "/loyalty/missing.js"}) {
            CAPTURE(path);
            const std::string response = raw_request(
                port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            CHECK(raw_status(response) == 404);
            CHECK(response.find("SECRET=") == std::string::npos);
            CHECK(response.find("\"ok\":false") != std::string::npos);
        }
    }

    TEST_CASE("CORS: configured origins only, with preflight") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        auto c = client(port);
        auto pre = c.Options("/api/loyalty/surveys",
                             {{"Origin", kOrigin},
                              {"Access-Control-Request-Method", "POST"},
                              {"Access-Control-Request-Headers", "content-type,idempotency-key"}});
        REQUIRE(pre);
        CHECK(pre->status == 204);
        CHECK(pre->get_header_value("Access-Control-Allow-Origin") == kOrigin);
        CHECK(pre->get_header_value("Access-Control-Allow-Methods").find("POST") !=
              std::string::npos);
        CHECK(pre->get_header_value("Access-Control-Allow-Headers").find("Idempotency-Key") !=
              std::string::npos);
        CHECK(pre->get_header_value("Access-Control-Allow-Credentials") == "true");

        auto evil = c.Options("/api/loyalty/surveys", {{"Origin", "https://evil.example"},
                                                       {"Access-Control-Request-Method", "POST"}});
        REQUIRE(evil);
        CHECK(evil->status == 403);
        CHECK_FALSE(evil->has_header("Access-Control-Allow-Origin"));

        auto allowed = get(port, "/api/loyalty/program", {{"Origin", kOrigin}});
        CHECK(allowed.header("Access-Control-Allow-Origin") == kOrigin);
        CHECK(allowed.header("Vary").find("Origin") != std::string::npos);
        auto other = get(port, "/api/loyalty/program", {{"Origin", "https://evil.example"}});
        CHECK(other.status == 200);
        CHECK(other.header("Access-Control-Allow-Origin").empty());
    }

    TEST_CASE("bodies over --max-body get 413, wrong methods 405, unknown paths 404, all as JSON") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // A Content-Length over the limit gets 413. cpp-httplib 0.11 still reads (and drops) the
        // announced body before answering, so the whole body is sent: with bytes missing it waits
        // for its read timeout, and with bytes left unread its close resets the connection and can
        // drop the 413 on its way back (both seen in CI).
        const std::string big = raw_request(
            port,
            "POST /api/loyalty/surveys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 100000\r\nConnection: close\r\n\r\n" +
                std::string(100000, 'x'));
        CHECK(raw_status(big) == 413);
        CHECK(big.find("at most 65536 bytes") != std::string::npos);
        auto huge = post(port, "/api/loyalty/surveys", {{"survey_id", std::string(70000, 'x')}});
        CHECK(huge.status == 413);
        CHECK(huge.body["ok"] == false);

        auto put = to_answer(client(port).Put("/api/loyalty/orders", "{}", "application/json"));
        CHECK(put.status == 405);
        CHECK(get(port, "/api/loyalty/orders").status == 405);
        CHECK(get(port, "/api/loyalty/orders").header("Allow") == "POST, OPTIONS");
        CHECK(post(port, "/api/loyalty/me", json::object()).status == 405);
        auto missing = get(port, "/api/loyalty/nothing");
        CHECK(missing.status == 404);
        CHECK(missing.body["ok"] == false);
        CHECK(missing.header("X-Content-Type-Options") == "nosniff");
    }

    TEST_CASE("every request is logged as one JSON line with its id, and the id is echoed") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        auto a = get(port, "/healthz", {{"X-Request-Id", "test-req-42"}});
        CHECK(a.header("X-Request-Id") == "test-req-42");
        CHECK(log_has(*server, [](const json& r) {
            return r.value("msg", "") == "request" && r.value("request_id", "") == "test-req-42" &&
                   r.value("method", "") == "GET" && r.value("path", "") == "/healthz" &&
                   r.value("status", 0) == 200 && r.contains("ms") && r.contains("ts");
        }));
        auto b = get(port, "/healthz", {{"X-Request-Id", "bad id with spaces"}});
        const std::string made = b.header("X-Request-Id");
        CHECK(made.size() == 16);  // a fresh one instead
        CHECK(log_has(*server, [&](const json& r) { return r.value("request_id", "") == made; }));
        // Errors the library raises before routing are logged too.
        raw_request(port,
                    "GET /x HTTP/1.1\r\nHost: x\r\nRange: bytes=zzz\r\nConnection: close\r\n\r\n");
        CHECK(log_has(*server, [](const json& r) { return r.value("status", 0) == 416; }));
    }

    TEST_CASE("a hundred concurrent bookings for one customer give exactly the expected balance") {
        TempDir dir;
        auto server = start_server(dir, {"--threads", "16"});
        const int port = server->port();
        REQUIRE(post(port, "/api/loyalty/customers/c-dave/events",
                     {{"type", "bonus"}, {"id", "welcome"}, {"kind", "signup"}},
                     admin())
                    .status == 201);  // 100 points
        std::atomic<int> created{0}, repeated{0}, failed{0};
        std::mutex failures_mutex;
        std::vector<std::string> failures;  // what went wrong, shown if anything did
        auto note = [&](const Answer& a) {
            std::lock_guard lock(failures_mutex);
            failures.push_back(std::to_string(a.status) + " " + a.text.substr(0, 200));
        };
        std::vector<std::thread> threads;
        for (int i = 0; i < 100; ++i) {
            threads.emplace_back([&, i] {
                json order = {{"customer_id", "c-dave"},
                              {"order_id", "D-" + std::to_string(i)},
                              {"lines", {{{"sku", "book"}, {"price", 12345}}}}};
                if (i % 2 == 1) order["points_redeemed"] = 10;
                auto a = post(port, "/api/loyalty/orders", order, admin());
                if (a.status == 201)
                    created++;
                else
                    failed++, note(a);
            });
        }
        // The same order, ten times at once: booked once.
        for (int i = 0; i < 10; ++i) {
            threads.emplace_back([&] {
                auto a = post(port, "/api/loyalty/orders",
                              {{"customer_id", "c-dave"},
                               {"order_id", "D-dup"},
                               {"lines", {{{"sku", "map"}, {"price", 10000}}}}},
                              admin());
                if (a.status == 201)
                    created++;
                else if (a.status == 200)
                    repeated++;
                else
                    failed++, note(a);
            });
        }
        for (auto& t : threads) t.join();
        for (const auto& f : failures) INFO(f);
        if (failed > 0) MESSAGE(server->output());  // the server's side of what failed
        CHECK_MESSAGE(failed == 0, (failures.empty() ? std::string() : failures.front()));
        CHECK(created == 101);
        CHECK(repeated == 9);
        // Even orders: 123.45 RUB earns floor(123.45) = 123.
        // Odd orders: 10 points pay 10.00 RUB, 113.45 RUB paid earns 113, net 113 - 10 = 103.
        // D-dup: 100.00 RUB earns 100.
        // 100 (sign-up) + 50 x 123 + 50 x 103 + 100 = 100 + 6150 + 5150 + 100 = 11500.
        auto dave = get(port, "/api/loyalty/customers/c-dave?history_limit=0", admin());
        CHECK(dave.body["status"]["balance"] == 11500);
        CHECK(dave.body["customer"]["events"].size() == 102);
        CHECK(dave.body["status"]["purchases"] == 101);
    }

    TEST_CASE("sample customers with dated_for are moved by whole days to the server's clock") {
        TempDir dir;
        const std::string seeds = dir.file("seeds");
        std::filesystem::create_directory(seeds);
        const auto write = [&](const std::string& name, const json& doc) {
            std::ofstream(seeds + "/" + name) << doc.dump();
        };
        const json signup = {
            {"type", "bonus"}, {"kind", "signup"}, {"at", "2026-05-20T09:30:00+03:00"}};
        // The clock is 2026-06-01T12:00+03:00: 10 days and 18 hours after dated_for, so 10 days.
        write(
            "moved.json",
            {{"id", "c-moved"}, {"dated_for", "2026-05-21T18:00:00+03:00"}, {"events", {signup}}});
        write("kept.json", {{"id", "c-kept"}, {"events", {signup}}});
        auto args = server_args(dir);
        for (size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == "--seed-dir") args[i + 1] = seeds;
        }
        {
            ServerProcess server(LOYALTY_SERVER_BIN, args);
            const int port = server.port();
            const json moved = get(port, "/api/loyalty/customers/c-moved", admin()).body;
            CHECK(moved["customer"]["events"][0]["at"] == "2026-05-30T09:30:00+03:00");
            CHECK(moved["status"]["lots"][0]["earned_at"] == "2026-05-30T09:30:00+03:00");
            const json kept = get(port, "/api/loyalty/customers/c-kept", admin()).body;
            CHECK(kept["customer"]["events"][0]["at"] == "2026-05-20T09:30:00+03:00");
        }
        // A dated_for that is not an instant stops the start, naming the file and the field.
        TempDir other;
        write("moved.json", {{"id", "c-moved"}, {"dated_for", "last week"}, {"events", {signup}}});
        auto [status, out] =
            run_to_end("--port 0 --db " + other.file("db") + " --program " +
                       data_path("program.json") + " --seed-demo --seed-dir " + seeds);
        CHECK(status != 0);
        CHECK(out.find("moved.json: \"dated_for\" is not an ISO 8601 instant") !=
              std::string::npos);
    }

    TEST_CASE("data is intact after a restart, and idempotency survives it") {
        TempDir dir;
        json alice_before;
        const json order = {{"customer_id", "c-alice"},
                            {"order_id", "A-2"},
                            {"lines", {{{"sku", "novel"}, {"price", 12345}}}}};
        const json survey = {{"survey_id", "nps-main"},
                             {"visitor_id", "v1"},
                             {"idempotency_key", "k-restart-0001"},
                             {"score", 10},
                             {"answered_at", "2026-06-01T10:00:00+03:00"}};
        {
            auto server = start_server(dir);
            const int port = server->port();
            REQUIRE(post(port, "/api/loyalty/orders", order, admin()).status == 201);
            REQUIRE(post(port, "/api/loyalty/surveys", survey).status == 201);
            alice_before = get(port, "/api/loyalty/customers/c-alice", admin()).body;
            CHECK(alice_before["status"]["balance"] == 2723);  // 2600 + 123
            CHECK(server->stop(SIGTERM) == 0);
            CHECK(server->output().find("\"msg\":\"stopped\"") != std::string::npos);
        }
        auto server = start_server(dir);  // same database; --seed-demo sees customers and skips
        const int port = server->port();
        auto after = get(port, "/api/loyalty/customers/c-alice", admin()).body;
        CHECK(after["customer"] == alice_before["customer"]);
        CHECK(after["status"]["balance"] == 2723);
        CHECK(after["status"]["history"] == alice_before["status"]["history"]);
        auto again = post(port, "/api/loyalty/orders", order, admin());
        CHECK(again.status == 200);
        CHECK(again.body["duplicate"] == true);
        CHECK(post(port, "/api/loyalty/surveys", survey).status == 200);
        CHECK(get(port, "/healthz").body["customers"] == 2);
        CHECK(log_has(*server, [](const json& r) {
            return r.value("msg", "") == "database has customers; not seeding";
        }));
    }

    TEST_CASE(
        "after a programme change what was booked keeps its points: a new order earns by the new "
        "rates, a refund takes back what its order earned, a lost state rebuilds the same") {
        TempDir dir;
        const json order = {{"customer_id", "c-state"},
                            {"order_id", "S-1"},
                            {"lines", {{{"sku", "novel"}, {"price", 12345}}}}};
        {
            auto server = start_server(dir);
            auto booked = post(server->port(), "/api/loyalty/orders", order, admin());
            REQUIRE(booked.status == 201);
            CHECK(booked.body["status"]["balance"] == 123);  // 1 point per 1.00: floor(123.45)
            CHECK(server->stop(SIGTERM) == 0);
        }
        // The same shop, now 2 points per 1.00.
        json program = json::parse(read_file(data_path("program.json")));
        program["earn"]["points"] = 2;
        const std::string changed = dir.file("program-2.json");
        write_file(changed, program.dump());
        std::vector<std::string> args = server_args(dir);
        for (size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == "--program") args[i + 1] = changed;
        }
        ServerProcess server(LOYALTY_SERVER_BIN, args);
        const int port = server.port();
        // The changed file is version 2 from this start; S-1 stays booked under version 1: 123,
        // where a replay under the new programme would say 246.
        CHECK(get(port, "/api/loyalty/customers/c-state", admin()).body["status"]["balance"] ==
              123);
        json second = order;
        second["order_id"] = "S-2";
        auto booked = post(port, "/api/loyalty/orders", second, admin());
        REQUIRE(booked.status == 201);
        CHECK(booked.body["earned"] == 246);
        CHECK(booked.body["status"]["balance"] == 369);  // 123 + 246
        // The refund takes back what S-1 earned: 123, not today's 246.
        auto refund = post(port, "/api/loyalty/refunds",
                           {{"customer_id", "c-state"},
                            {"order_id", "S-1"},
                            {"refund_id", "R-1"},
                            {"amount", 12345}},
                           admin());
        REQUIRE(refund.status == 201);
        CHECK(refund.body["entry"]["points"] == -123);
        CHECK(refund.body["status"]["balance"] == 246);
        CHECK(without_now(get(port, "/api/loyalty/customers/c-state", admin()).body["status"]) ==
              without_now(refund.body["status"]));
        // The state is derived: deleted, the read rebuilds it run by run, to the same status.
        {
            auto c = loyalty::server::open_connection(test_database(dir));
            c->exec("DELETE FROM ledger_states");
        }
        CHECK(without_now(get(port, "/api/loyalty/customers/c-state", admin()).body["status"]) ==
              without_now(refund.body["status"]));
    }

    TEST_CASE(
        "a schema-1 database is moved to the current schema on start, and its customers book on") {
        TempDir dir;
        {
            auto server = start_server(dir);  // seeds c-alice (2,600 points) and c-bob
            CHECK(server->stop(SIGTERM) == 0);
        }
        {
            // Back to what a schema-1 server left: no ledger-state, code, offer, webhook or audit
            // tables, no contacts, version 1.
            auto c = loyalty::server::open_connection(test_database(dir));
            undo_schema_7(*c);
            undo_schema_6(*c);
            c->exec("DROP TABLE webhook_deliveries");
            c->exec("DROP TABLE offers");
            c->exec("DROP TABLE reward_codes");
            c->exec("DROP TABLE referrals");
            c->exec("DROP TABLE referral_codes");
            c->exec("DROP TABLE ledger_orders");
            c->exec("DROP TABLE ledger_states");
            if (postgres_admin_uri().empty())
                c->exec("PRAGMA user_version = 1");
            else
                c->exec("UPDATE loyalty_schema SET version = 1");
        }
        auto server = start_server(dir);
        const int port = server->port();
        auto booked = post(port, "/api/loyalty/orders",
                           {{"customer_id", "c-alice"},
                            {"order_id", "M-1"},
                            {"lines", {{{"sku", "novel"}, {"price", 12345}}}}},
                           admin());
        REQUIRE(booked.status == 201);
        CHECK(booked.body["status"]["balance"] ==
              2723);  // 2600 + 123, from a state rebuilt from the events
        CHECK(without_now(get(port, "/api/loyalty/customers/c-alice", admin()).body["status"]) ==
              without_now(booked.body["status"]));
        auto c = loyalty::server::open_connection(test_database(dir));
        auto version =
            c->prepare(postgres_admin_uri().empty() ? "PRAGMA user_version"
                                                    : "SELECT version FROM loyalty_schema");
        REQUIRE(version.step());
        CHECK(version.integer(0) == 7);
        // Schema 3's to 6's tables are there and empty.
        for (const char* count :
             {"SELECT COUNT(*) FROM reward_codes", "SELECT COUNT(*) FROM offers",
              "SELECT COUNT(*) FROM webhook_deliveries", "SELECT COUNT(*) FROM admin_actions"}) {
            auto rows = c->prepare(count);
            REQUIRE(rows.step());
            CHECK(rows.integer(0) == 0);
        }
    }

    TEST_CASE(
        "a stored ledger state or order record the core refuses is rebuilt from the events, not "
        "blamed on the caller") {
        TempDir dir;
        {
            auto server = start_server(dir);
            REQUIRE(post(server->port(), "/api/loyalty/orders",
                         {{"customer_id", "c-alice"},
                          {"order_id", "B-1"},
                          {"lines", {{{"sku", "novel"}, {"price", 12345}}}}},
                         admin())
                        .status == 201);
            CHECK(server->stop(SIGTERM) == 0);
        }
        {
            auto c = loyalty::server::open_connection(test_database(dir));
            c->exec(
                "UPDATE ledger_states SET state = '{\"version\": 1, \"lot_count\": 0, "
                "\"history_total\": 0, "
                "\"totals\": {}, \"tier_window\": {}}'");
            c->exec("UPDATE ledger_orders SET record = '{\"subtotal\": -5}'");
        }
        auto server = start_server(dir);
        auto refund = post(server->port(), "/api/loyalty/refunds",
                           {{"customer_id", "c-alice"},
                            {"order_id", "B-1"},
                            {"refund_id", "BR-1"},
                            {"amount", 12345}},
                           admin());
        REQUIRE_MESSAGE(refund.status == 201, refund.text);
        CHECK(refund.body["status"]["balance"] == 2600);  // 2600 + 123 - 123
        CHECK(without_now(
                  get(server->port(), "/api/loyalty/customers/c-alice", admin()).body["status"]) ==
              without_now(refund.body["status"]));
    }

    TEST_CASE("SIGTERM lets a request in flight finish, then the server exits cleanly") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const std::string body = json{{"customer_id", "c-bob"},
                                      {"order_id", "B-late"},
                                      {"lines", {{{"sku", "atlas"}, {"price", 5000}}}}}
                                     .dump();
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(uint16_t(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        const std::string head =
            "POST /api/loyalty/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            std::string(kAdmin) +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\nConnection: close\r\n\r\n";
        const std::string first = head + body.substr(0, 10);
        send(fd, first.data(), first.size(), MSG_NOSIGNAL);
        std::this_thread::sleep_for(
            std::chrono::milliseconds(300));  // the server is reading the body
        kill(server->pid(), SIGTERM);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const std::string rest = body.substr(10);
        send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        timeval tv{10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        std::string response;
        char buffer[4096];
        ssize_t n;
        while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, size_t(n));
        close(fd);
        CHECK(raw_status(response) == 201);
        CHECK(server->stop(SIGTERM) == 0);  // already stopping; this waits for the exit
        CHECK(server->output().find("stopping: finishing requests in flight") != std::string::npos);
        // Nobody listens any more.
        CHECK(raw_request(port, "GET /healthz HTTP/1.1\r\n\r\n") == "<connect failed>");
        auto again = start_server(dir);
        auto bob = get(again->port(), "/api/loyalty/customers/c-bob", admin());
        CHECK(bob.body["status"]["balance"] ==
              150);  // 100 + 50 for 50.00 RUB, booked before the stop
    }

    TEST_CASE("the owner's console is served with its strict CSP and no third-party assets") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // /admin is the console; /admin/surveys the same page (opened on Surveys by its script).
        for (const char* path : {"/admin", "/admin/", "/admin/surveys"}) {
            CAPTURE(path);
            auto page = get(port, path);
            CHECK(page.status == 200);
            CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
            const std::string csp = page.header("Content-Security-Policy");
            CHECK(csp.find("script-src 'self';") != std::string::npos);
            CHECK(csp.find("style-src 'self';") != std::string::npos);  // no inline style either
            CHECK(csp.find("unsafe-inline") == std::string::npos);
            CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
            CHECK(page.header("Referrer-Policy") == "no-referrer");
            CHECK(page.text.find("/admin/console.js") != std::string::npos);
            CHECK(page.text.find("http") == std::string::npos);  // nothing loaded from elsewhere
            CHECK(page.text.find("<script>") == std::string::npos);  // no inline script
            CHECK(page.text.find("style=") == std::string::npos);
        }
        auto js = get(port, "/admin/console.js");
        CHECK(js.status == 200);
        CHECK(js.header("Content-Type") == "text/javascript; charset=utf-8");
        // The shell: every call carries the operator's name.
        CHECK(js.text.find("X-Loyalty-Actor") != std::string::npos);
        CHECK(js.text.find("innerHTML") == std::string::npos);
        CHECK(js.text.find("eval(") == std::string::npos);
        CHECK(get(port, "/admin/console.css").status == 200);
        // Each section's own script, loaded after console.js, with the API it calls.
        const std::string page = get(port, "/admin").text;
        const std::pair<const char*, const char*> sections[] = {
            {"/admin/console-customers.js", "/api/admin/customers"},
            {"/admin/console-activity.js", "/api/admin/audit"},
            {"/admin/console-programme.js", "/api/admin/program/versions"},
            {"/admin/console-numbers.js", "/api/admin/numbers"},
            {"/admin/console-surveys.js", "/api/admin/surveys"}};
        size_t last = page.find("/admin/console.js");
        for (const auto& [path, api] : sections) {
            CAPTURE(path);
            const size_t at = page.find(std::string("<script src=\"") + path + "\" defer>");
            CHECK(at != std::string::npos);
            CHECK(at > last);  // after the shell and the sections before it
            last = at;
            auto section = get(port, path);
            CHECK(section.status == 200);
            CHECK(section.header("Content-Type") == "text/javascript; charset=utf-8");
            CHECK(section.text.find(api) != std::string::npos);
            CHECK(section.text.find("LoyaltyConsole") != std::string::npos);
            CHECK(section.text.find("innerHTML") == std::string::npos);
            CHECK(section.text.find("eval(") == std::string::npos);
        }
        // The survey dashboard's own script is gone: its page is the console's now.
        CHECK(get(port, "/admin/surveys.js").status == 404);
    }

    TEST_CASE("demo login sets the token cookie only when --demo-login is on") {
        TempDir dir;
        {
            auto server = start_server(dir);
            CHECK(get(server->port(), "/demo/customers").status == 404);
            CHECK(post(server->port(), "/demo/login", {{"customer_id", "c-alice"}}).status == 404);
            CHECK(post(server->port(), "/demo/checkout", json::object()).status == 404);
        }
        auto server = start_server(dir, {"--demo-login"});
        const int port = server->port();
        auto list = get(port, "/demo/customers");
        REQUIRE(list.status == 200);
        CHECK(list.body["customers"] == json::array({{{"id", "c-alice"}, {"name", "Alice"}},
                                                     {{"id", "c-bob"}, {"name", "Bob"}}}));
        auto login = post(port, "/demo/login", {{"customer_id", "c-bob"}});
        REQUIRE(login.status == 200);
        const std::string cookie = login.header("Set-Cookie");
        CHECK(cookie.find("HttpOnly") != std::string::npos);
        CHECK(cookie.find("SameSite=Lax") != std::string::npos);
        const std::string pair = cookie.substr(0, cookie.find(';'));
        auto me = get(port, "/api/loyalty/me", {{"Cookie", pair}});
        CHECK(me.status == 200);
        CHECK(me.body["customer"]["id"] == "c-bob");
        CHECK(post(port, "/demo/login", {{"customer_id", "c-nobody"}}).status == 404);
        // Checkout books the cart for the cookie's customer, as POST /api/loyalty/orders would:
        // 100.00 RUB earns 100 points, so Bob has 100 + 100. Lines may carry display names.
        const json cart = {{"order_id", "web-1"},
                           {"lines", {{{"sku", "atlas"}, {"name", "Атлас"}, {"price", 10000}}}},
                           {"shipping", 30000}};
        auto checkout = post(port, "/demo/checkout", cart, {{"Cookie", pair}});
        CHECK(checkout.status == 201);
        CHECK(checkout.body["earned"] == 100);
        CHECK(checkout.body["customer_id"] == "c-bob");
        CHECK(checkout.body["status"]["balance"] == 200);
        CHECK(post(port, "/demo/checkout", cart, {{"Cookie", pair}}).status == 200);  // once
        CHECK(post(port, "/demo/checkout", cart).status == 401);                      // signed out
        auto someone_else = cart;
        someone_else["customer_id"] = "c-alice";
        CHECK(post(port, "/demo/checkout", someone_else, {{"Cookie", pair}}).status == 400);
        auto out = post(port, "/demo/logout", json::object());
        CHECK(out.header("Set-Cookie").find("Max-Age=0") != std::string::npos);
    }
}
