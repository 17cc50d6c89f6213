// Starts the real loyalty-server binary on a free loopback port (--port 0; the port is read
// from its "listening" log line), collects its log, and stops it with a signal. Used by the HTTP
// tests and the load run. Header-only; failures throw std::runtime_error with the server's log.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace loyalty::test {

/** A directory under /tmp removed (with everything in it) when this goes out of scope. */
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "loyalty-server-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        for (auto it = cleanups_.rbegin(); it != cleanups_.rend(); ++it) (*it)();
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    /** Runs `fn` when this goes out of scope, before the directory is removed (last first). */
    void on_cleanup(std::function<void()> fn) const { cleanups_.push_back(std::move(fn)); }
    /** A name for things made for this directory elsewhere (a database): its own base name. */
    std::string name() const { return path_.filename().string(); }

  private:
    std::filesystem::path path_;
    mutable std::vector<std::function<void()>> cleanups_;
};

class ServerProcess {
  public:
    /** Runs `binary` with `args` (plus extra environment entries "NAME=value") and waits up to
     *  `timeout` for it to say it is listening. */
    ServerProcess(const std::string& binary, std::vector<std::string> args,
                  std::vector<std::string> env = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        int fds[2];
        // Close-on-exec, so a second server started meanwhile does not inherit this pipe (its
        // reader would then never see the end of the output).
        if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        std::vector<std::string> argv_s{binary};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<std::string> env_s;
        for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
        env_s.insert(env_s.end(), env.begin(), env.end());
        std::vector<char*> envp;
        for (auto& e : env_s) envp.push_back(e.data());
        envp.push_back(nullptr);

        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            dup2(fds[1], 1);
            dup2(fds[1], 2);
            close(fds[0]);
            close(fds[1]);
            execve(binary.c_str(), argv.data(), envp.data());
            _exit(127);
        }
        close(fds[1]);
        fd_ = fds[0];
        reader_ = std::thread([this] {
            char buffer[4096];
            while (true) {
                const ssize_t n = read(fd_, buffer, sizeof buffer);
                if (n <= 0) break;
                std::lock_guard lock(mutex_);
                output_.append(buffer, size_t(n));
            }
        });
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            for (const auto& record : records()) {
                if (record.value("msg", "") == "listening") {
                    port_ = record.value("port", 0);
                    return;
                }
            }
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                finish_reader();
                throw std::runtime_error("loyalty-server exited with " +
                                         std::to_string(exit_status_) + " before listening:\n" +
                                         output());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const std::string log = output();
        stop(SIGKILL);
        throw std::runtime_error("loyalty-server did not start listening in time:\n" + log);
    }

    ~ServerProcess() {
        if (pid_ > 0) stop(SIGKILL);
        finish_reader();
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }

    /** Sends `sig`, waits (up to 30 s, then SIGKILL) and returns the exit status. */
    int stop(int sig = SIGTERM) {
        if (pid_ <= 0) return exit_status_;
        kill(pid_, sig);
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (waitpid(pid_, &status, WNOHANG) != pid_) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        finish_reader();
        return exit_status_;
    }

    /** Everything the server wrote so far (stdout and stderr). */
    std::string output() const {
        std::lock_guard lock(mutex_);
        return output_;
    }

    /** The log lines that are JSON objects. */
    std::vector<nlohmann::json> records() const {
        std::vector<nlohmann::json> out;
        const std::string text = output();
        size_t start = 0;
        while (start < text.size()) {
            const size_t end = text.find('\n', start);
            if (end == std::string::npos) break;  // a line still being written
            auto j = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
            if (!j.is_discarded() && j.is_object()) out.push_back(std::move(j));
            start = end + 1;
        }
        return out;
    }

  private:
    void finish_reader() {
        if (reader_.joinable()) reader_.join();
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    int port_ = 0;
    int exit_status_ = -1;
    std::thread reader_;
    mutable std::mutex mutex_;
    std::string output_;
};

}  // namespace loyalty::test
