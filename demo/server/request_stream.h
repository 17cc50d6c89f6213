// One client connection as cpp-httplib reads and writes it, with the limits that keep a client
// from holding the server: a deadline for reading a whole request (head and body), caps on the
// bytes read for its head and its body, and a deadline for writing a whole answer.
// cpp-httplib 0.11's own SocketStream restarts its timeout with every byte and counts nothing,
// so a client sending one header line every 2 s, or a body without end, kept a worker forever.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>

namespace loyalty::server {

struct StreamLimits {
    std::chrono::milliseconds request_timeout{10'000};  // to read one request, head and body
    std::chrono::milliseconds answer_timeout{60'000};   // to write one answer
    size_t max_head_bytes = 32 * 1024;                  // request line and headers
    /** Body bytes as they arrive (compressed, with chunk framing). The decoded body is capped
     *  separately, at --max-body, where it is read (connection.h). */
    size_t max_body_wire_bytes = 3 << 20;
};

/** Why the stream stopped reading. */
enum class StreamFault { none, timed_out, head_too_large, body_too_large };

class RequestStream final : public httplib::Stream {
  public:
    RequestStream(int fd, const StreamLimits& limits) : fd_(fd), limits_(limits) {
        begin_request();
    }

    enum class Wait { ready, idle, closed, stopping };
    /** Waits up to `wait` for the first byte of the next request. Once `stopping` is true it
     *  waits at most `grace` more, then gives up (`stopping`) if nothing has arrived. */
    Wait wait_for_request(std::chrono::milliseconds wait, const std::atomic<bool>& stopping,
                          std::chrono::milliseconds grace);

    /** Starts a request: its clock (request_timeout) and byte counts, head first. */
    void begin_request();
    /** The head has been read: from here bytes count against the body's cap. */
    void begin_body() { in_body_ = true; }

    StreamFault fault() const { return fault_; }
    /** Bytes of the current request handed to the parser so far. */
    size_t request_bytes() const { return head_bytes_ + body_bytes_; }
    /** True when bytes of a later request (pipelined) or of an unread body are buffered. */
    bool has_buffered() const { return begin_ < end_; }

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return fd_; }

  private:
    using Clock = std::chrono::steady_clock;
    /** Reads what the socket has into the buffer, waiting until the request's deadline. */
    ssize_t fill();

    int fd_;
    StreamLimits limits_;
    char buffer_[16 * 1024];
    size_t begin_ = 0, end_ = 0;
    Clock::time_point request_deadline_;
    Clock::time_point answer_deadline_;
    bool answering_ = false;
    bool in_body_ = false;
    size_t head_bytes_ = 0, body_bytes_ = 0;
    StreamFault fault_ = StreamFault::none;
};

/** "1.2.3.4" or "::1" and the port of a socket address. */
void socket_address_text(const sockaddr_storage& addr, std::string& ip, int& port);

}  // namespace loyalty::server
