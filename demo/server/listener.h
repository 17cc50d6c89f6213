// The server's listening socket and its connections. Each admitted connection is served on a
// thread of its own, so a slow client delays nobody else; a connection is admitted only while
// the server has fewer than --max-connections open and its client address fewer than
// --max-client-connections (else it gets a short 503 or 429 and is closed). A stop takes no new
// connection but serves every one the kernel had already accepted.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "connection.h"

namespace loyalty::server {

struct AdmissionLimits {
    size_t max_connections = 1024;
    size_t max_client_connections = 128;
};

class Listener {
  public:
    Listener(HttpServer& server, AdmissionLimits limits);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    /** Binds `host`:`port` (0: a free port) and listens with the system's full backlog.
     *  Returns the port, or -1 (the address is in use or not this machine's). */
    int bind(const std::string& host, int port);

    /** Accepts and serves until stop(); returns once every connection has ended. */
    void run();

    /** Ends run(): new connections are no longer completed (the listening socket drops them
     *  and later closes), those already completed are accepted and served, and run() returns
     *  when the last one ends. Safe from any thread, and more than once. */
    void stop();

    /** Connections being served now (for tests and logs). */
    size_t open_connections();

    /** Told of refused connections (503: the server is full, 429: the address is), at most once a
     *  second per status, with the last client and how many were refused since the last call,
     *  so a flood is one log line a second, not one per connection. Set before run(). */
    std::function<void(int status, const std::string& client, uint64_t refused)> on_refusals;

  private:
    size_t accept_ready(bool draining);  // returns how many were accepted
    void admit(int fd);
    void serve(int fd, std::string client);
    void refuse(int fd, int status, std::string message, const std::string& client);
    void drain_and_close();

    HttpServer& server_;
    AdmissionLimits limits_;
    int listen_fd_ = -1;
    int wake_[2] = {-1, -1};  // stop() writes a byte to wake the accept loop

    std::mutex mutex_;
    std::condition_variable ended_;
    size_t threads_ = 0;  // serving and refusing threads alive
    size_t serving_ = 0;
    size_t refusing_ = 0;
    std::unordered_map<std::string, size_t> per_client_;
    struct RefusalCount {
        uint64_t since_told = 0;
        std::chrono::steady_clock::time_point told{};
    };
    std::unordered_map<int, RefusalCount> refusals_;  // by status
};

}  // namespace loyalty::server
