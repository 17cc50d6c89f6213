// Serving one client connection: the keep-alive loop around cpp-httplib's request parser and
// router (Server::process_request, which is all the server uses of the library's server side),
// on a RequestStream that enforces the limits; what a handler may ask of the connection it runs
// on (read the body within --max-body, close after the answer); and the end on shutdown: a
// request that has begun to arrive is read and answered ("Connection: close"), an idle
// connection is closed.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "reply.h"
#include "request_stream.h"

namespace loyalty::server {

struct ConnectionLimits {
    StreamLimits stream;
    std::chrono::milliseconds keep_alive_timeout{5'000};  // idle between two requests
    size_t keep_alive_max_requests = 100;
    size_t max_body = 1 << 20;  // body bytes after de-chunking and decompression
    /** How long a connection opened just before a stop may take to send its first request. */
    std::chrono::milliseconds stop_grace{1'000};
};

/** What the handlers of a request know about the connection it arrived on. */
struct ConnectionContext {
    RequestStream* stream = nullptr;
    const ConnectionLimits* limits = nullptr;
    const std::atomic<bool>* stopping = nullptr;
    bool close_after = false;  // end the connection after this answer (a body left unread)

    /** True when the answer being written is the connection's last: say "Connection: close". */
    bool last_answer() const { return close_after || (stopping && *stopping); }
};

/** The connection the calling thread is serving, or nullptr (not on a connection thread). */
ConnectionContext* current_connection();

class HttpServer : public httplib::Server {
  public:
    HttpServer(ConnectionLimits limits, const std::atomic<bool>& stopping)
        : limits_(limits), stopping_(stopping) {
        // cpp-httplib stops writing a streamed answer (a static file) once svr_sock_ is
        // INVALID_SOCKET, its sign of a stop. This server owns its listening socket and finishes
        // every answer it starts, so the library's is set to a value that is never used.
        svr_sock_ = 0;
    }

    /** Serves requests on the connected socket `fd` until the client leaves, a limit or an
     *  error ends the connection, or the server stops; then closes `fd`. */
    void serve(int fd);

    const ConnectionLimits& limits() const { return limits_; }

    /** Told of an answer sent without routing (the request line itself timed out or was too
     *  long), so that it is logged like every other request: status, client address. */
    std::function<void(int, const std::string&)> on_unrouted_answer;

  private:
    ConnectionLimits limits_;
    const std::atomic<bool>& stopping_;
};

/** Called once a request's head is read (the pre-routing handler): from here on the stream
 *  counts body bytes. Refuses a POST framed as the server does not take: a body with neither
 *  Content-Length nor chunked encoding (411), both at once or another transfer coding (400),
 *  a content coding other than gzip, deflate or br (415). */
std::optional<Reply> begin_request_body(const httplib::Request& req);

/** Reads the request body through `reader` into `out`: at most --max-body bytes after
 *  de-chunking and decompression, within the request's deadline. On failure, the answer to
 *  send (413, 408 or 400), and the connection closes after it. */
std::optional<Reply> read_request_body(const httplib::ContentReader& reader,
                                       const httplib::Response& res, std::string& out);

/** The bytes of a whole HTTP/1.1 answer that closes the connection, for the few answers sent
 *  without cpp-httplib (a request line that timed out, a connection refused at admission). */
std::string raw_answer(const Reply& reply);

/** The answer for a request the stream stopped reading (408, 431 or 413), if it did. */
std::optional<Reply> stream_fault_reply();

}  // namespace loyalty::server
