#include "connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace loyalty::server {
namespace {

thread_local ConnectionContext* current = nullptr;

class ContextScope {
  public:
    explicit ContextScope(ConnectionContext* c) { current = c; }
    ~ContextScope() { current = nullptr; }
    ContextScope(const ContextScope&) = delete;
    ContextScope& operator=(const ContextScope&) = delete;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string seconds_text(std::chrono::milliseconds ms) {
    std::string out = std::to_string(ms.count() / 1000);
    if (const auto tenths = (ms.count() % 1000) / 100) {
        out += '.';
        out += char('0' + tenths);
    }
    out += " s";
    return out;
}

/** The reason phrase of the statuses answered without routing. */
const char* reason_phrase(int status) {
    switch (status) {
        case 408:
            return "Request Timeout";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        case 503:
            return "Service Unavailable";
        default:
            return "Bad Request";
    }
}

/** Writes a whole answer for a request cpp-httplib could not route (it answers nothing when
 *  the request line cannot be read), best effort. */
void write_unrouted(RequestStream& stream, const Reply& reply) {
    const std::string bytes = raw_answer(reply);
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = stream.write(bytes.data() + sent, bytes.size() - sent);
        if (n <= 0) return;
        sent += size_t(n);
    }
}

/** Sends FIN after the answer, then reads and drops what the client still sends (up to
 *  `linger` and 256 KiB) before closing: closing with unread bytes would send a reset, which
 *  can destroy the answer before the client reads it. */
void close_gracefully(int fd, std::chrono::milliseconds linger) {
    ::shutdown(fd, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + linger;
    char sink[4096];
    size_t dropped = 0;
    while (dropped < (256u << 10)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(left)) <= 0) break;
        const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n <= 0) break;
        dropped += size_t(n);
    }
    ::close(fd);
}

}  // namespace

ConnectionContext* current_connection() { return current; }

std::string raw_answer(const Reply& reply) {
    const std::string body = reply.body.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " +
                      reason_phrase(reply.status) +
                      "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
                      std::to_string(body.size()) +
                      "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n"
                      "Cache-Control: no-store\r\n";
    for (const auto& [k, v] : reply.headers) out += k + ": " + v + "\r\n";
    return out + "\r\n" + body;
}

std::optional<Reply> stream_fault_reply() {
    const ConnectionContext* c = current;
    if (!c || !c->stream) return std::nullopt;
    const ConnectionLimits& l = *c->limits;
    switch (c->stream->fault()) {
        case StreamFault::timed_out: {
            Reply r = error_reply(408, "",
                                  "the request did not arrive in full within " +
                                      seconds_text(l.stream.request_timeout) +
                                      "; send it at once, then wait for the answer");
            return r;
        }
        case StreamFault::head_too_large:
            return error_reply(431, "",
                               "the request line and headers are over " +
                                   std::to_string(l.stream.max_head_bytes) + " bytes");
        case StreamFault::body_too_large:
            return error_reply(413, "",
                               "the request body is too large: at most " +
                                   std::to_string(l.max_body) + " bytes are accepted (and " +
                                   std::to_string(l.stream.max_body_wire_bytes) +
                                   " bytes as sent, with chunk framing or compression)");
        case StreamFault::none:
            break;
    }
    return std::nullopt;
}

void HttpServer::serve(int fd) {
    RequestStream stream(fd, limits_.stream);
    ConnectionContext context{&stream, &limits_, &stopping_, false};
    ContextScope scope(&context);
    bool linger = false;
    for (size_t served = 0; served < limits_.keep_alive_max_requests; ++served) {
        const auto wait = served == 0 ? limits_.stream.request_timeout : limits_.keep_alive_timeout;
        // A stopping server still takes the first request of a connection it has just
        // accepted (the client sent it before the stop); an idle keep-alive connection ends.
        const auto grace = served == 0 ? limits_.stop_grace : std::chrono::milliseconds(0);
        if (stream.wait_for_request(wait, stopping_, grace) != RequestStream::Wait::ready) break;
        stream.begin_request();
        context.close_after = false;
        const bool last = stopping_ || served + 1 == limits_.keep_alive_max_requests;
        bool client_closes = false;
        const bool answered = process_request(stream, last, client_closes, nullptr);
        if (stream.fault() != StreamFault::none || context.close_after) linger = true;
        if (!answered) {
            // The request line could not be read: cpp-httplib wrote nothing.
            if (stream.request_bytes() > 0) {
                if (auto reply = stream_fault_reply()) {
                    write_unrouted(stream, *reply);
                    if (on_unrouted_answer) {
                        std::string ip;
                        int port = 0;
                        stream.get_remote_ip_and_port(ip, port);
                        on_unrouted_answer(reply->status, ip);
                    }
                }
            }
            break;
        }
        if (linger || client_closes || last || stopping_) break;
    }
    close_gracefully(fd,
                     linger ? std::chrono::milliseconds(2'000) : std::chrono::milliseconds(200));
}

std::optional<Reply> begin_request_body(const httplib::Request& req) {
    ConnectionContext* c = current;
    if (c && c->stream) c->stream->begin_body();
    // POST is the only method with a body this server reads; PUT and PATCH get their 405 (and
    // the connection closes, unread) whatever their framing.
    if (req.method != "POST") return std::nullopt;
    const bool has_length = req.has_header("Content-Length");
    const bool has_coding = req.has_header("Transfer-Encoding");
    std::optional<Reply> refusal;
    if (has_coding && lower(req.get_header_value("Transfer-Encoding")) != "chunked") {
        refusal = error_reply(400, "",
                              "Transfer-Encoding \"" + req.get_header_value("Transfer-Encoding") +
                                  "\" is not taken; send the body as it is, or chunked");
    } else if (has_coding && has_length) {
        refusal =
            error_reply(400, "", "a request has Content-Length or Transfer-Encoding, not both",
                        ErrorCode::conflict);
    } else if (!has_coding && !has_length) {
        refusal =
            error_reply(411, "", "send Content-Length (or Transfer-Encoding: chunked) with a body");
    } else if (req.has_header("Content-Encoding")) {
        const std::string coding = lower(req.get_header_value("Content-Encoding"));
        if (coding != "gzip" && coding != "deflate" && coding != "br" && coding != "identity") {
            refusal = error_reply(415, "",
                                  "Content-Encoding \"" + req.get_header_value("Content-Encoding") +
                                      "\" is not taken; use gzip, deflate, br or none");
        }
    }
    if (refusal && c) c->close_after = true;  // its body is left unread
    return refusal;
}

std::optional<Reply> read_request_body(const httplib::ContentReader& reader,
                                       const httplib::Response& res, std::string& out) {
    ConnectionContext* c = current;
    const size_t max = c ? c->limits->max_body : size_t(1) << 20;
    bool too_large = false;
    const bool ok = reader([&](const char* data, size_t n) {
        if (n > max - out.size()) {
            too_large = true;  // counted after decompression: a small gzip cannot grow past it
            return false;
        }
        out.append(data, n);
        return true;
    });
    if (ok) return std::nullopt;
    out.clear();
    if (c) c->close_after = true;
    if (auto fault = stream_fault_reply()) return fault;
    if (too_large || res.status == 413) {
        return error_reply(413, "",
                           "the request body is too large: at most " + std::to_string(max) +
                               " bytes are accepted (counted after decompression)");
    }
    return error_reply(400, "",
                       "the request body could not be read: broken chunked encoding or "
                       "compression, or the connection closed early");
}

}  // namespace loyalty::server
