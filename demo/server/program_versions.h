// Every programme version the server has run, and which one is in force at an instant: the
// highest-numbered version whose effective_at is at or before it (version 1 has none: it is in
// force since the beginning). Versions are immutable once stored and only ever added, so a
// reference to a version's programme stays valid for the life of the process; worker threads
// share one registry.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "program_file.h"

namespace loyalty::server {

struct ProgramVersion {
    int64_t number = 0;
    std::optional<Instant> effective_at;  // none: since the beginning
    Instant uploaded_at = 0;
    std::string uploaded_by;  // the console's actor, or "program file"
    std::string source;       // "file" or "console"
    std::optional<std::string> reason;
    std::shared_ptr<const ProgramFile> program;

    bool in_force_at(Instant t) const { return !effective_at || *effective_at <= t; }
};

class ProgramVersions {
  public:
    /** Before the database is read: `initial` (the programme file) as version 0, in force always.
     */
    explicit ProgramVersions(ProgramFile initial);

    /** The version in force at `t`. */
    ProgramVersion at(Instant t) const;
    /** Its programme (valid for the life of the process). */
    const ProgramFile& program_at(Instant t) const { return *at(t).program; }

    /** The programme that booked an event: version `number` when known, else (events stored
     *  before versions were kept) the one in force at `at`, the event's instant. */
    const ProgramFile& booked(int64_t number, Instant at) const {
        const auto v = find(number);
        return v ? *v->program : program_at(at);
    }

    /** Every version, by number. */
    std::vector<ProgramVersion> list() const;
    /** The highest number known (0 before the database is read). */
    int64_t newest() const;
    /** The version numbered `number`, if known. */
    std::optional<ProgramVersion> find(int64_t number) const;

    /** Adds versions read from the database (numbers above newest(); others are ignored). The
     *  first call replaces version 0. */
    void add(std::vector<ProgramVersion> versions);

    /** When a read last asked the database for newer versions (steady clock, ms). */
    std::atomic<int64_t> checked_at_ms{0};

  private:
    mutable std::mutex mutex_;
    std::vector<ProgramVersion> versions_;        // by number
    std::shared_ptr<const ProgramFile> retired_;  // version 0, still referenced by start-up code
};

}  // namespace loyalty::server
