#include "request_stream.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace loyalty::server {
namespace {

/** Milliseconds left until `deadline` (0 when past), for poll(). */
int ms_until(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    return int(std::clamp<long long>(left, 0, 60'000));
}

/** poll() for one event, retrying on EINTR; > 0 ready, 0 timed out, < 0 error. */
int wait_for(int fd, short events, int ms) {
    pollfd p{fd, events, 0};
    while (true) {
        const int rc = ::poll(&p, 1, ms);
        if (rc < 0 && errno == EINTR) continue;
        if (rc > 0 && !(p.revents & events) && (p.revents & (POLLERR | POLLNVAL))) return -1;
        return rc;
    }
}

}  // namespace

void socket_address_text(const sockaddr_storage& addr, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (addr.ss_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
        inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
        port = ntohs(a.sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
        inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
        port = ntohs(a.sin6_port);
    } else {
        port = 0;
    }
    ip = text;
}

RequestStream::Wait RequestStream::wait_for_request(std::chrono::milliseconds wait,
                                                    const std::atomic<bool>& stopping,
                                                    std::chrono::milliseconds grace) {
    if (has_buffered()) return Wait::ready;
    auto deadline = Clock::now() + wait;
    bool stop_seen = false;
    while (true) {
        if (stopping && !stop_seen) {
            stop_seen = true;
            deadline = std::min(deadline, Clock::now() + grace);
        }
        // Short slices, so a stop is noticed within 50 ms.
        const int rc = wait_for(fd_, POLLIN, std::min(ms_until(deadline), 50));
        if (rc < 0) return Wait::closed;
        if (rc > 0) {
            const ssize_t n = ::recv(fd_, buffer_, sizeof buffer_, 0);
            if (n > 0) {
                begin_ = 0;
                end_ = size_t(n);
                return Wait::ready;
            }
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            return Wait::closed;
        }
        if (Clock::now() >= deadline) return stop_seen ? Wait::stopping : Wait::idle;
    }
}

void RequestStream::begin_request() {
    request_deadline_ = Clock::now() + limits_.request_timeout;
    answer_deadline_ = request_deadline_;  // set again by the answer's first write
    answering_ = false;
    in_body_ = false;
    head_bytes_ = body_bytes_ = 0;
    fault_ = StreamFault::none;
}

ssize_t RequestStream::fill() {
    while (true) {
        const int ms = ms_until(request_deadline_);
        const int rc = ms > 0 ? wait_for(fd_, POLLIN, ms) : 0;
        if (rc == 0 && Clock::now() < request_deadline_) continue;  // a wait longer than 60 s
        if (rc == 0) {
            fault_ = StreamFault::timed_out;
            return -1;
        }
        if (rc < 0) return -1;
        const ssize_t n = ::recv(fd_, buffer_, sizeof buffer_, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n > 0) {
            begin_ = 0;
            end_ = size_t(n);
        }
        return n;
    }
}

ssize_t RequestStream::read(char* ptr, size_t size) {
    if (fault_ != StreamFault::none) return -1;
    if (!has_buffered()) {
        const ssize_t n = fill();
        if (n <= 0) return n;
    }
    const size_t n = std::min(size, end_ - begin_);
    size_t& counted = in_body_ ? body_bytes_ : head_bytes_;
    const size_t cap = in_body_ ? limits_.max_body_wire_bytes : limits_.max_head_bytes;
    if (counted + n > cap) {
        fault_ = in_body_ ? StreamFault::body_too_large : StreamFault::head_too_large;
        return -1;
    }
    counted += n;
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    return ssize_t(n);
}

bool RequestStream::is_readable() const {
    return has_buffered() || wait_for(fd_, POLLIN, ms_until(request_deadline_)) > 0;
}

bool RequestStream::is_writable() const {
    const auto deadline = answering_ ? answer_deadline_ : Clock::now() + limits_.answer_timeout;
    return wait_for(fd_, POLLOUT, ms_until(deadline)) > 0;
}

ssize_t RequestStream::write(const char* ptr, size_t size) {
    if (!answering_) {
        answering_ = true;
        answer_deadline_ = Clock::now() + limits_.answer_timeout;
    }
    while (true) {
        const int rc = wait_for(fd_, POLLOUT, ms_until(answer_deadline_));
        if (rc == 0 && Clock::now() < answer_deadline_) continue;  // a wait longer than 60 s
        if (rc <= 0) return -1;
        const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        return n;
    }
}

void RequestStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) addr.ss_family = 0;
    socket_address_text(addr, ip, port);
}

void RequestStream::get_local_ip_and_port(std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) addr.ss_family = 0;
    socket_address_text(addr, ip, port);
}

}  // namespace loyalty::server
