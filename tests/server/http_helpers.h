// Shared by the HTTP tests: the server's standard test configuration, JSON calls with
// cpp-httplib's client, raw socket requests (for bytes a client library would tidy up), gunzip.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <zlib.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "loyalty/date.h"
#include "server_process.h"
#include "test_database.h"

namespace loyalty::test {

using nlohmann::json;

inline constexpr const char* kAdmin = "admin-token-for-the-tests-0123";
inline constexpr const char* kSecret = "customer-secret-for-the-tests-0123";
/** The server's clock starts here (a Monday) in every test, so dates are known. */
inline constexpr const char* kClock = "2026-06-01T12:00:00+03:00";
inline constexpr const char* kOrigin = "https://shop.example";

inline Instant clock_start() { return *parse_instant(kClock, Zone{}); }

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

inline std::string data_path(const std::string& name) {
    return std::string(LOYALTY_SERVER_TEST_DATA) + "/" + name;
}

/** Flags of a test server: temp database, the test program, the two sample customers. */
inline std::vector<std::string> server_args(const TempDir& dir,
                                            std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--port",
                                  "0",
                                  "--db",
                                  test_database(dir),
                                  "--program",
                                  data_path("program.json"),
                                  "--seed-demo",
                                  "--seed-dir",
                                  data_path("customers"),
                                  "--admin-token",
                                  kAdmin,
                                  "--customer-secret",
                                  kSecret,
                                  "--clock",
                                  kClock,
                                  "--allowed-origin",
                                  kOrigin,
                                  "--max-body",
                                  "65536",
                                  "--threads",
                                  "8"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

inline std::unique_ptr<ServerProcess> start_server(const TempDir& dir,
                                                   std::vector<std::string> extra = {},
                                                   std::vector<std::string> env = {}) {
    return std::make_unique<ServerProcess>(LOYALTY_SERVER_BIN, server_args(dir, std::move(extra)),
                                           std::move(env));
}

/** A test server on `program` (a path) whose clock starts at `clock`; otherwise server_args. */
inline std::unique_ptr<ServerProcess> start_server_with(const TempDir& dir,
                                                        const std::string& program,
                                                        const std::string& clock = kClock) {
    auto args = server_args(dir);
    for (size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--program") args[i + 1] = program;
        if (args[i] == "--clock") args[i + 1] = clock;
    }
    return std::make_unique<ServerProcess>(LOYALTY_SERVER_BIN, args);
}

struct Answer {
    int status = 0;
    json body;
    httplib::Headers headers;
    std::string text;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

inline Answer to_answer(const httplib::Result& r) {
    Answer a;
    if (!r) {
        a.status = -1;
        a.text = "no answer: " + httplib::to_string(r.error());
        return a;
    }
    a.status = r->status;
    a.headers = r->headers;
    a.text = r->body;
    a.body = json::parse(r->body, nullptr, false);
    return a;
}

inline httplib::Client client(int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(60, 0);
    c.set_connection_timeout(10, 0);
    c.set_tcp_nodelay(true);  // no 40 ms Nagle/delayed-ACK stall between a POST's headers and body
    return c;
}

inline httplib::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}
inline httplib::Headers admin() { return bearer(kAdmin); }

inline Answer get(int port, const std::string& path, httplib::Headers headers = {}) {
    auto c = client(port);
    return to_answer(c.Get(path.c_str(), headers));
}

inline Answer post(int port, const std::string& path, const json& body,
                   httplib::Headers headers = {}) {
    auto c = client(port);
    return to_answer(c.Post(path.c_str(), headers, body.dump(), "application/json"));
}

inline Answer post_text(int port, const std::string& path, const std::string& body,
                        const std::string& type, httplib::Headers headers = {}) {
    auto c = client(port);
    return to_answer(c.Post(path.c_str(), headers, body, type.c_str()));
}

/** A customer token from the server's own token endpoint. */
inline std::string token_for(int port, const std::string& customer_id) {
    auto a = post(port, "/api/admin/tokens", {{"customer_id", customer_id}, {"ttl_seconds", 3600}},
                  admin());
    if (a.status != 200)
        throw std::runtime_error("token endpoint answered " + std::to_string(a.status) + ": " +
                                 a.text);
    return a.body["token"].get<std::string>();
}

/** The first error's path and message of an error document, for short checks. */
inline std::string first_error_path(const Answer& a) {
    if (!a.body.is_object() || !a.body.contains("errors") || a.body["errors"].empty())
        return "<no errors>";
    return a.body["errors"][0].value("path", "<no path>");
}

/** Sends raw bytes and returns everything the server answers before closing (or 10 s). */
inline std::string raw_request(int port, const std::string& bytes) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return "<connect failed>";
    }
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::string out;
    char buffer[4096];
    while (true) {
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        out.append(buffer, size_t(n));
    }
    close(fd);
    return out;
}

/** The status code of a raw HTTP response ("HTTP/1.1 404 Not Found" -> 404), or -1. */
inline int raw_status(const std::string& response) {
    if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return -1;
    return std::stoi(response.substr(9, 3));
}

/** Inflates a gzip member. */
inline std::string gunzip(const std::string& gz) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    z.avail_in = uInt(gz.size());
    std::string out;
    char buffer[16384];
    int rc;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
    return out;
}

}  // namespace loyalty::test
