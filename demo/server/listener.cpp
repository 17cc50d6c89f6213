#include "listener.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace loyalty::server {
namespace {

/** At most this many threads answer refused connections at once; past it they are just
 *  closed, so a flood of connections costs the server no more than this. */
constexpr size_t kMaxRefusing = 64;

std::string client_address(int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "?";
    std::string ip;
    int port = 0;
    socket_address_text(addr, ip, port);
    return ip;
}

/** Attaches a classic BPF program to the listening socket that drops TCP segments with SYN set
 *  (the filter sees the TCP header at offset 0; flags are byte 13, SYN is 0x02). No new
 *  connection starts (its client retries, then finds the port closed), while handshakes under
 *  way complete and wait in the accept queue to be served. Unlike closing the socket at once,
 *  which resets every connection the kernel has completed but the server has not accepted. */
void refuse_new_handshakes(int fd) {
    static sock_filter drop_syn[] = {
        {BPF_LD | BPF_B | BPF_ABS, 0, 0, 13},      // A = TCP flags
        {BPF_JMP | BPF_JSET | BPF_K, 0, 1, 0x02},  // SYN? next : skip one
        {BPF_RET | BPF_K, 0, 0, 0},                // drop
        {BPF_RET | BPF_K, 0, 0, 0xffffffff},       // keep the whole segment
    };
    sock_fprog program{4, drop_syn};
    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}

}  // namespace

Listener::Listener(HttpServer& server, AdmissionLimits limits) : server_(server), limits_(limits) {
    if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) wake_[0] = wake_[1] = -1;
}

Listener::~Listener() {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    for (int fd : wake_) {
        if (fd >= 0) ::close(fd);
    }
}

int Listener::bind(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0) return -1;
    int bound = -1;
    for (addrinfo* a = found; a && bound < 0; a = a->ai_next) {
        const int fd =
            ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        // SO_REUSEADDR allows a quick restart; not SO_REUSEPORT, which would let a second
        // server bind the same port and take half of the connections.
        int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
            bound = fd;
        } else {
            ::close(fd);
        }
    }
    freeaddrinfo(found);
    if (bound < 0) return -1;
    listen_fd_ = bound;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    std::string ip;
    int actual = 0;
    socket_address_text(addr, ip, actual);
    return actual;
}

void Listener::run() {
    while (true) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents) break;  // stop()
        if (fds[0].revents & POLLIN) accept_ready(false);
    }
    drain_and_close();
    std::unique_lock lock(mutex_);
    ended_.wait(lock, [&] { return threads_ == 0; });
}

void Listener::stop() {
    if (wake_[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(wake_[1], &byte, 1);
    }
}

size_t Listener::open_connections() {
    std::lock_guard lock(mutex_);
    return serving_;
}

void Listener::drain_and_close() {
    if (listen_fd_ < 0) return;
    refuse_new_handshakes(listen_fd_);
    // Accept what completes until 50 ms pass with nothing new (a round trip for the handshakes
    // under way), at most 1 s.
    using Clock = std::chrono::steady_clock;
    const auto give_up = Clock::now() + std::chrono::seconds(1);
    auto quiet_since = Clock::now();
    while (Clock::now() - quiet_since < std::chrono::milliseconds(50) && Clock::now() < give_up) {
        if (accept_ready(true) > 0) quiet_since = Clock::now();
        pollfd p{listen_fd_, POLLIN, 0};
        ::poll(&p, 1, 10);
    }
    ::close(listen_fd_);
    listen_fd_ = -1;
}

size_t Listener::accept_ready(bool draining) {
    size_t accepted = 0;
    while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
            ++accepted;
            admit(fd);
            continue;
        }
        if (errno == EINTR) continue;
        if ((errno == EMFILE || errno == ENFILE) && !draining) {
            // Out of file descriptors: the connection waits in the backlog; try again soon.
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return accepted;  // EAGAIN: nothing more to accept now
    }
}

void Listener::admit(int fd) {
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    std::string client = client_address(fd);
    std::unique_lock lock(mutex_);
    if (serving_ >= limits_.max_connections) {
        lock.unlock();
        return refuse(fd, 503,
                      "the server has " + std::to_string(limits_.max_connections) +
                          " connections open, its most; try again in a moment",
                      client);
    }
    size_t& mine = per_client_[client];
    if (mine >= limits_.max_client_connections) {
        lock.unlock();
        return refuse(fd, 429,
                      "this address has " + std::to_string(limits_.max_client_connections) +
                          " connections open, its most; reuse one (keep-alive) or close one",
                      client);
    }
    ++mine;
    ++serving_;
    ++threads_;
    lock.unlock();
    try {
        std::thread([this, fd, client = std::move(client)]() mutable {
            serve(fd, client);
        }).detach();
    } catch (const std::system_error&) {  // no thread to be had: as if the server were full
        std::lock_guard relock(mutex_);
        --threads_;
        --serving_;
        if (--per_client_[client] == 0) per_client_.erase(client);
        ::close(fd);
    }
}

void Listener::serve(int fd, std::string client) {
    try {
        server_.serve(fd);
    } catch (const std::exception&) {  // out of memory, say: this connection ends, not the server
        ::close(fd);
    }
    std::lock_guard lock(mutex_);
    --serving_;
    if (--per_client_[client] == 0) per_client_.erase(client);
    --threads_;
    ended_.notify_all();  // under the lock: run() cannot return before this is done
}

void Listener::refuse(int fd, int status, std::string message, const std::string& client) {
    uint64_t tell = 0;
    {
        std::lock_guard lock(mutex_);
        RefusalCount& count = refusals_[status];
        ++count.since_told;
        const auto now = std::chrono::steady_clock::now();
        if (now - count.told >= std::chrono::seconds(1)) {
            tell = count.since_told;
            count.since_told = 0;
            count.told = now;
        }
    }
    if (tell && on_refusals) on_refusals(status, client, tell);
    {
        std::lock_guard lock(mutex_);
        if (refusing_ >= kMaxRefusing) {
            ::close(fd);
            return;
        }
        ++refusing_;
        ++threads_;
    }
    auto answer = [this, fd, status, message = std::move(message)] {
        Reply reply = error_reply(status, "", message);
        reply.headers.emplace_back("Retry-After", "1");
        const std::string bytes = raw_answer(reply);
        // The answer is small enough for the socket's send buffer: it never blocks.
        [[maybe_unused]] const ssize_t n =
            ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        // Let the request arrive and be dropped, so the close does not reset the answer away.
        ::shutdown(fd, SHUT_WR);
        pollfd p{fd, POLLIN, 0};
        char sink[4096];
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        while (std::chrono::steady_clock::now() < deadline && ::poll(&p, 1, 100) >= 0) {
            if (p.revents && ::recv(fd, sink, sizeof sink, 0) <= 0) break;
        }
        ::close(fd);
        std::lock_guard lock(mutex_);
        --refusing_;
        --threads_;
        ended_.notify_all();
    };
    try {
        std::thread(std::move(answer)).detach();
    } catch (const std::system_error&) {
        std::lock_guard lock(mutex_);
        --refusing_;
        --threads_;
        ::close(fd);
    }
}

}  // namespace loyalty::server
