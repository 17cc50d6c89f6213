// The webhook calls this process refused (bad or missing signature, stale timestamp, wrong
// content type, a body it cannot read), for the owner's report: counts by reason since start and
// the latest few. In memory on purpose: a refused call is unauthenticated, and writing each to
// the database would let anyone fill it. Every refusal is also a log line.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace loyalty::server {

class RefusalLog {
  public:
    /** The latest refusals kept. */
    static constexpr size_t kKept = 50;

    /** Records one refusal: {at, source, reason, status, message, remote, request_id}. */
    void add(const std::string& reason, nlohmann::json record) {
        std::lock_guard lock(mutex_);
        ++counts_[reason];
        recent_.push_front(std::move(record));
        if (recent_.size() > kKept) recent_.pop_back();
    }

    /** {"counts": {reason: n}, "recent": [newest first]}. */
    nlohmann::json report() const {
        std::lock_guard lock(mutex_);
        nlohmann::json counts = nlohmann::json::object();
        for (const auto& [reason, n] : counts_) counts[reason] = n;
        nlohmann::json recent = nlohmann::json::array();
        for (const auto& r : recent_) recent.push_back(r);
        return {{"counts", std::move(counts)}, {"recent", std::move(recent)}};
    }

  private:
    mutable std::mutex mutex_;
    std::map<std::string, int64_t> counts_;
    std::deque<nlohmann::json> recent_;
};

}  // namespace loyalty::server
