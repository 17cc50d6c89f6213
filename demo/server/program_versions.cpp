#include "program_versions.h"

#include <algorithm>

namespace loyalty::server {

ProgramVersions::ProgramVersions(ProgramFile initial) {
    ProgramVersion v;
    v.source = "file";
    v.uploaded_by = "program file";
    v.program = std::make_shared<const ProgramFile>(std::move(initial));
    versions_.push_back(std::move(v));
}

ProgramVersion ProgramVersions::at(Instant t) const {
    std::lock_guard lock(mutex_);
    for (auto it = versions_.rbegin(); it != versions_.rend(); ++it) {
        if (it->in_force_at(t)) return *it;
    }
    return versions_.front();  // version 1 is in force since the beginning
}

std::vector<ProgramVersion> ProgramVersions::list() const {
    std::lock_guard lock(mutex_);
    return versions_;
}

int64_t ProgramVersions::newest() const {
    std::lock_guard lock(mutex_);
    return versions_.back().number;
}

std::optional<ProgramVersion> ProgramVersions::find(int64_t number) const {
    std::lock_guard lock(mutex_);
    for (const auto& v : versions_) {
        if (v.number == number) return v;
    }
    return std::nullopt;
}

void ProgramVersions::add(std::vector<ProgramVersion> versions) {
    std::sort(versions.begin(), versions.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    std::lock_guard lock(mutex_);
    for (auto& v : versions) {
        if (versions_.size() == 1 && versions_.front().number == 0) {
            retired_ = versions_.front().program;
            versions_.clear();
        }
        if (!versions_.empty() && v.number <= versions_.back().number) continue;
        versions_.push_back(std::move(v));
    }
}

}  // namespace loyalty::server
