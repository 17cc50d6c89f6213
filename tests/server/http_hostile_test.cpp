// What one anonymous client can send to stop or flood loyalty-server, each against the real
// process: bodies nested 100,000 deep, bodies over the limit as sent (chunked, without a length,
// compressed to 65 KB from 64 MiB), numbers too large for a double, clients that send a header
// line every second, too many connections from one address, and a SIGTERM under traffic.
// Every case failed (a crash, a 500, a hang, an answer lost) before the server owned its sockets.
#include <doctest/doctest.h>
#include <poll.h>

#include <atomic>
#include <thread>

#include "http_helpers.h"

using namespace loyalty::test;

namespace {

/** A connected loopback socket, closed when this goes out of scope. */
class Socket {
  public:
    explicit Socket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(uint16_t(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Socket() { close(fd_); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    bool connected() const { return connected_; }
    /** Sends all of `bytes`; false once the server has closed or reset the connection. */
    bool send_all(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(size_t(n));
        }
        return true;
    }
    void finish_sending() { shutdown(fd_, SHUT_WR); }
    /** Everything the server sends until it closes, or until `timeout` passes. */
    std::string read_all(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::string out;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        char buffer[4096];
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0) continue;
            const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            out.append(buffer, size_t(n));
        }
        return out;
    }
    /** True when the server has answered or closed (something to read, or the end). */
    bool readable(int ms = 0) {
        pollfd p{fd_, POLLIN, 0};
        return poll(&p, 1, ms) > 0;
    }

  private:
    int fd_;
    bool connected_ = false;
};

/** Sends `head` and then `body` from a second thread while this one reads the answer, as a
 *  client that keeps sending after the server has answered would. */
std::string send_while_reading(int port, const std::string& head, const std::string& body) {
    Socket s(port);
    if (!s.connected()) return "<connect failed>";
    std::thread writer([&] {
        if (s.send_all(head)) s.send_all(body);
    });
    std::string answer = s.read_all();
    writer.join();
    return answer;
}

/** The JSON body of a raw answer. */
json body_of(const std::string& answer) {
    const size_t start = answer.find("\r\n\r\n");
    if (start == std::string::npos) return nullptr;
    return json::parse(answer.substr(start + 4), nullptr, false);
}

std::string first_message(const json& body) {
    if (!body.is_object() || !body.contains("errors") || body["errors"].empty()) return "";
    return body["errors"][0].value("message", "");
}

/** The server's peak resident memory in KiB (VmHWM), from /proc. */
long peak_memory_kib(pid_t pid) {
    const std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
    const size_t at = status.find("VmHWM:");
    return at == std::string::npos ? -1 : std::stol(status.substr(at + 6));
}

std::string gzip_of(const std::string& bytes) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, uLong(bytes.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = uInt(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

json survey_answer(const std::string& key) {
    return {{"survey_id", "nps-main"},
            {"visitor_id", "v-" + key},
            {"idempotency_key", key},
            {"answered_at", "2026-06-01T10:00:00+03:00"},
            {"score", 9}};
}

/** How many answers the survey report holds for nps-main. */
int stored_answers(int port) {
    auto report = get(port, "/api/admin/surveys?survey_id=nps-main", admin());
    return report.status == 200 ? report.body["surveys"][0].value("answers", -1) : -1;
}

/** True once the server has logged a request answered with `status` (it logs just after). */
bool log_has_status(const ServerProcess& s, int status) {
    for (int i = 0; i < 200; ++i) {
        for (const auto& r : s.records()) {
            if (r.value("msg", "") == "request" && r.value("status", 0) == status) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::string post_head(const std::string& path, const std::string& extra) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra +
           "\r\n";
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE("a body nested 100,000 arrays deep is refused at its path, and the server lives") {
        TempDir dir;
        auto server = start_server(dir, {"--max-body", "1048576"});
        const int port = server->port();
        const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
        REQUIRE(deep.size() == 200'000);
        // The unknown member of an anonymous survey answer, which answers ignore: it used to be
        // re-serialised (recursively) to fingerprint the request.
        std::string text = survey_answer("k-deep-000001").dump();
        text.insert(text.size() - 1, ",\"extra\":" + deep);
        auto a = post_text(port, "/api/loyalty/surveys", text, "application/json");
        CHECK(a.status == 400);
        // Levels 1 to 32 are the object and 31 arrays: the 32nd array, at /extra followed by 31
        // indices, is one too many.
        std::string path = "/extra";
        for (int i = 0; i < 31; ++i) path += "/0";
        CHECK(first_error_path(a) == path);
        CHECK(first_message(a.body) == "is nested deeper than 32 levels of arrays and objects");
        CHECK(a.body["errors"][0]["code"] == "too_large");
        // The score itself, which the core's survey summary used to receive.
        json score_text = survey_answer("k-deep-000002");
        std::string scored = score_text.dump();
        scored.replace(scored.find("\"score\":9"), 9, "\"score\":" + deep);
        CHECK(post_text(port, "/api/loyalty/surveys", scored, "application/json").status == 400);
        // An admin order's lines, which go to the core.
        const std::string order =
            R"({"customer_id":"c-bob","order_id":"B-deep","lines":)" + deep + "}";
        auto o = post_text(port, "/api/loyalty/orders", order, "application/json", admin());
        CHECK(o.status == 400);
        CHECK(first_error_path(o).rfind("/lines/0/0/", 0) == 0);
        // 32 levels in all is still accepted: an unknown member 31 arrays deep.
        std::string fine = survey_answer("k-deep-000003").dump();
        fine.insert(fine.size() - 1, ",\"extra\":" + std::string(31, '[') + std::string(31, ']'));
        CHECK(post_text(port, "/api/loyalty/surveys", fine, "application/json").status == 201);
        CHECK(get(port, "/healthz").status == 200);
        CHECK(stored_answers(port) == 1);
        CHECK(
            get(port, "/api/loyalty/customers/c-bob", admin()).body["customer"]["events"].size() ==
            1);  // the seeded purchase only
    }

    TEST_CASE("numbers too large for a double are a 400 that names the field, never a 500") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        std::string text = survey_answer("k-huge-000001").dump();
        text.replace(text.find("\"score\":9"), 9, "\"score\":1e400");
        auto a = post_text(port, "/api/loyalty/surveys", text, "application/json");
        CHECK(a.status == 400);
        CHECK(first_error_path(a) == "/score");
        CHECK(first_message(a.body) == "is 1e400, a number too large to read");
        CHECK(a.body["errors"][0]["code"] == "too_large");
        const std::string order =
            R"({"customer_id":"c-bob","order_id":"B-huge","lines":[{"sku":"a","price":100},)"
            R"({"sku":"b","price":-1e400}]})";
        auto o = post_text(port, "/api/loyalty/orders", order, "application/json", admin());
        CHECK(o.status == 400);
        CHECK(first_error_path(o) == "/lines/1/price");
        CHECK(first_message(o.body) == "is -1e400, a number too large to read");
        CHECK(o.body["errors"][0]["code"] == "too_large");
        // A key with "/" and "~" is escaped in the path (RFC 6901).
        auto k = post_text(port, "/api/loyalty/surveys", R"({"a/b~c":1e999})", "application/json");
        CHECK(first_error_path(k) == "/a~1b~0c");
        // A large number that a double holds is read, and refused by the field's own rule.
        std::string big = survey_answer("k-huge-000002").dump();
        big.replace(big.find("\"score\":9"), 9, "\"score\":1e300");
        auto b = post_text(port, "/api/loyalty/surveys", big, "application/json");
        CHECK(b.status == 400);
        CHECK(first_error_path(b) == "/score");
        CHECK(stored_answers(port) == 0);
    }

    TEST_CASE("the body limit holds on the bytes read and inflated: chunked, unframed, gzip") {
        TempDir dir;
        auto server = start_server(dir);  // --max-body 65536
        const int port = server->port();
        const long memory_before = peak_memory_kib(server->pid());
        REQUIRE(memory_before > 0);

        SUBCASE("a chunked body of 10 MiB") {
            std::string chunks;
            const std::string chunk(64 * 1024, 'x');
            char size_line[32];
            snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
            for (int i = 0; i < 160; ++i) chunks += size_line + chunk + "\r\n";
            chunks += "0\r\n\r\n";
            const std::string answer = send_while_reading(
                port, post_head("/api/loyalty/surveys", "Transfer-Encoding: chunked\r\n"), chunks);
            CHECK(raw_status(answer) == 413);
            CHECK(first_message(body_of(answer)).find("at most 65536 bytes") != std::string::npos);
            CHECK(answer.find("Connection: close") != std::string::npos);
        }
        SUBCASE("a chunked body within the limit is read and used") {
            const std::string text = survey_answer("k-chunked-0001").dump();
            const std::string half = text.substr(0, text.size() / 2),
                              rest = text.substr(half.size());
            char a[16], b[16];
            snprintf(a, sizeof a, "%zx\r\n", half.size());
            snprintf(b, sizeof b, "%zx\r\n", rest.size());
            const std::string body = std::string(a) + half + "\r\n" + b + rest + "\r\n0\r\n\r\n";
            const std::string answer =
                send_while_reading(port,
                                   post_head("/api/loyalty/surveys",
                                             "Transfer-Encoding: chunked\r\nConnection: close\r\n"),
                                   body);
            CHECK(raw_status(answer) == 201);
            CHECK(stored_answers(port) == 1);
        }
        SUBCASE("a body with no length, ended by closing the socket") {
            Socket s(port);
            REQUIRE(s.connected());
            s.send_all(post_head("/api/loyalty/surveys", "") +
                       survey_answer("k-unframed-01").dump());
            s.finish_sending();
            const std::string answer = s.read_all();
            CHECK(raw_status(answer) == 411);
            CHECK(first_message(body_of(answer)).find("Content-Length") != std::string::npos);
        }
        SUBCASE("a 65 KB gzip body that inflates to 64 MiB") {
            json bomb = survey_answer("k-bomb-000001");
            bomb["padding"] = std::string(64u << 20, 'a');
            const std::string gz = gzip_of(bomb.dump());
            REQUIRE(gz.size() < 100'000);
            const std::string answer = send_while_reading(
                port,
                post_head("/api/loyalty/surveys", "Content-Encoding: gzip\r\nContent-Length: " +
                                                      std::to_string(gz.size()) + "\r\n"),
                gz);
            CHECK(raw_status(answer) == 413);
            CHECK(first_message(body_of(answer)).find("counted after decompression") !=
                  std::string::npos);
        }
        SUBCASE("a gzip body within the limit is inflated and used") {
            const std::string gz = gzip_of(survey_answer("k-gzip-000001").dump());
            auto c = client(port);
            auto a = to_answer(c.Post("/api/loyalty/surveys", {{"Content-Encoding", "gzip"}}, gz,
                                      "application/json"));
            CHECK(a.status == 201);
            CHECK(stored_answers(port) == 1);
        }
        SUBCASE("a Content-Length of 10 GB is refused without waiting for it") {
            const std::string answer = send_while_reading(
                port, post_head("/api/loyalty/surveys", "Content-Length: 10737418240\r\n"),
                std::string(256 * 1024, 'x'));
            CHECK(raw_status(answer) == 413);
        }
        SUBCASE("framing a server should not guess at") {
            const std::string both =
                send_while_reading(port,
                                   post_head("/api/loyalty/surveys",
                                             "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
                                   "0\r\n\r\n");
            CHECK(raw_status(both) == 400);
            const std::string coding = send_while_reading(
                port, post_head("/api/loyalty/surveys", "Transfer-Encoding: gzip\r\n"), "abc");
            CHECK(raw_status(coding) == 400);
            const std::string zstd =
                send_while_reading(port,
                                   post_head("/api/loyalty/surveys",
                                             "Content-Encoding: zstd\r\nContent-Length: 3\r\n"),
                                   "abc");
            CHECK(raw_status(zstd) == 415);
        }
        SUBCASE("a PUT with a gzip bomb is refused unread") {
            json bomb = {{"padding", std::string(64u << 20, 'a')}};
            const std::string gz = gzip_of(bomb.dump());
            const std::string answer = send_while_reading(
                port,
                "PUT /api/loyalty/orders HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                "Content-Length: " +
                    std::to_string(gz.size()) + "\r\n\r\n",
                gz);
            CHECK(raw_status(answer) == 405);
        }

        CHECK(get(port, "/healthz").status == 200);
        // Nothing was held in memory beyond the limit: the peak grew by less than 16 MiB
        // (before: 64 MiB inflated, and the chunked body stored, took the peak 77 -> 370 MB).
        const long memory_after = peak_memory_kib(server->pid());
        CAPTURE(memory_before);
        CAPTURE(memory_after);
        CHECK(memory_after - memory_before < 16 * 1024);
    }

    TEST_CASE("clients that send a header line every second cannot hold the server") {
        TempDir dir;
        auto server = start_server(dir, {"--request-timeout", "3"});  // and --threads 8
        const int port = server->port();
        std::vector<std::unique_ptr<Socket>> slow;
        for (int i = 0; i < 20; ++i) {
            slow.push_back(std::make_unique<Socket>(port));
            REQUIRE(slow.back()->connected());
            slow.back()->send_all("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        }
        std::atomic<bool> dribbling{true};
        std::thread dribbler([&] {
            while (dribbling) {
                for (auto& s : slow) s->send_all("X-Slow: 1\r\n");
                std::this_thread::sleep_for(std::chrono::seconds(1));
            }
        });
        // While the twenty hold their requests open, others are served at once.
        for (int i = 0; i < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            const auto start = std::chrono::steady_clock::now();
            auto h = get(port, "/healthz");
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count();
            CHECK(h.status == 200);
            CHECK(ms < 1000);
        }
        // Each slow request is cut at its 3 s deadline with a 408, though it kept sending.
        int timed_out = 0;
        for (auto& s : slow) {
            const std::string answer = s->read_all(std::chrono::seconds(5));
            if (raw_status(answer) == 408) ++timed_out;
        }
        dribbling = false;
        dribbler.join();
        CHECK(timed_out == 20);
        CHECK(log_has_status(*server, 408));
    }

    TEST_CASE("one address gets at most --max-client-connections, and a 429 past them") {
        TempDir dir;
        auto server = start_server(dir, {"--max-client-connections", "4"});
        const int port = server->port();
        std::vector<std::unique_ptr<Socket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<Socket>(port));
            REQUIRE(held.back()->connected());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // all four admitted
        const std::string refused = raw_request(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(raw_status(refused) == 429);
        CHECK(refused.find("Retry-After: 1") != std::string::npos);
        CHECK(first_message(body_of(refused)).find("4 connections open") != std::string::npos);
        // The refusal is logged (at most a line a second per status, with a count).
        for (int i = 0; i < 20 && server->output().find("connections refused") == std::string::npos;
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const std::string log = server->output();
        const size_t at = log.find("\"msg\":\"connections refused\"");
        REQUIRE(at != std::string::npos);
        const std::string line = log.substr(at, log.find('\n', at) - at);
        CHECK(line.find("\"status\":429") != std::string::npos);
        CHECK(line.find("\"reason\":\"--max-client-connections\"") != std::string::npos);
        CHECK(line.find("\"refused\":1") != std::string::npos);
        // A held connection is served as usual, and once they close, the address is let in.
        held[0]->send_all("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        CHECK(raw_status(held[0]->read_all()) == 200);
        held.clear();
        int status = 0;
        for (int i = 0; i < 40 && status != 200; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            status = get(port, "/healthz").status;
        }
        CHECK(status == 200);
    }

    TEST_CASE("SIGTERM under traffic: every request sent is answered, none is cut off") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // A request whose head is half sent when the signal comes: answered once complete, with
        // the 503 of a stopping server (so a load balancer takes it out) and "Connection: close".
        Socket half(port);
        REQUIRE(half.connected());
        half.send_all("GET /healthz HTTP/1.1\r\nHost: x\r\n");

        std::atomic<int> answered{0}, stored{0}, cut_off{0};
        std::atomic<bool> signalled{false};
        std::mutex mutex;
        std::string first_cut;
        std::vector<std::thread> clients;
        for (int t = 0; t < 6; ++t) {
            clients.emplace_back([&, t] {
                for (int i = 0;; ++i) {
                    Socket s(port);
                    if (!s.connected()) return;  // the server has stopped listening
                    const std::string key = "k-term-" + std::to_string(t) + "-" + std::to_string(i);
                    const std::string body = survey_answer(key + "-pad").dump();
                    const std::string request =
                        i % 2 ? post_head("/api/loyalty/surveys",
                                          "Connection: close\r\nContent-Length: " +
                                              std::to_string(body.size()) + "\r\n") +
                                    body
                              : "GET /api/loyalty/program HTTP/1.1\r\nHost: x\r\nConnection: "
                                "close\r\n\r\n";
                    const bool sent = s.send_all(request);
                    const std::string answer = s.read_all();
                    const int status = raw_status(answer);
                    if (status == 200 || status == 201) {
                        ++answered;
                        if (status == 201) ++stored;
                    } else {
                        ++cut_off;
                        std::lock_guard lock(mutex);
                        if (first_cut.empty())
                            first_cut = "sent=" + std::to_string(sent) + " answer=" + answer;
                    }
                    if (i > 100'000) return;
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        const int before = answered;
        signalled = true;
        kill(server->pid(), SIGTERM);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        half.send_all("\r\n");
        const std::string last = half.read_all();
        for (auto& c : clients) c.join();
        CHECK(before > 20);
        CAPTURE(first_cut);
        CHECK(cut_off == 0);
        CHECK(raw_status(last) == 503);
        CHECK(last.find("Connection: close") != std::string::npos);
        CHECK(server->stop(SIGTERM) == 0);
        // Every answer stored as 201 is in the database after a restart.
        auto again = start_server(dir);
        CHECK(stored_answers(again->port()) == stored);
    }
}
