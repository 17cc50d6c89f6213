// Everything a request handler needs, built once at start and shared by the worker threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "clock.h"
#include "config.h"
#include "database.h"
#include "group_commit.h"
#include "log.h"
#include "program_file.h"
#include "program_versions.h"
#include "refusal_log.h"
#include "state_cache.h"
#include "static_files.h"

namespace loyalty::server {

struct App {
    Config config;
    ProgramVersions programs;  // every version run; program_versions.h
    Clock clock;
    Logger logger;
    std::unique_ptr<Pool> pool;
    StaticFiles statics;
    std::string customer_secret;        // from the configuration, or random for this run
    std::atomic<bool> stopping{false};  // set on SIGTERM: /healthz answers 503 from then on
    Instant started_at = 0;             // by the server's clock: what the refusal counts count from
    RefusalLog webhook_refusals;        // webhook calls refused since start (webhooks.h)
    StateCache states{kStateCacheBytes};  // typed ledger states, for the next booking

    /** About 3,000 customers with a full 50-entry history, 10,000 with short ones; the typed
     *  states take about as much again. */
    static constexpr size_t kStateCacheBytes = 32 << 20;

    /** With SQLite: every write goes through it (group_commit.h). Null with PostgreSQL, whose
     *  writers lock per customer and commit on their own connections. */
    std::unique_ptr<GroupCommit> group;

    /** With SQLite, held around every write transaction a request runs on its own connection:
     *  SQLite admits one writer at a time anyway, and queueing the writers of this process here
     *  hands the lock over at once, where SQLite's busy handler would make them sleep and poll
     *  (BEGIN IMMEDIATE still guards against other processes). Empty with PostgreSQL. */
    std::unique_lock<std::mutex> gate() {
        return group ? group->exclusive() : std::unique_lock<std::mutex>();
    }

    /** Runs work(Connection&, WriteTx&) as one write transaction holding `locks`, and returns
     *  its result once what it kept (WriteTx::keep) is durable: in SQLite's group commit, or with
     *  PostgreSQL in a transaction of its own on a pool connection. */
    template <class Work>
    auto write(std::vector<std::string> locks, Work&& work) {
        if (group) return group->run(std::forward<Work>(work));
        auto conn = pool->acquire();
        Transaction transaction(*conn, std::move(locks));
        WriteTx tx;
        auto result = work(*conn, tx);
        if (tx.kept()) transaction.commit();
        return result;
    }

    /** The programme in force now, by the server's clock. */
    const ProgramFile& program() const { return programs.program_at(clock.now()); }

    App(Config c, ProgramFile p, Clock k)
        : config(std::move(c)),
          programs(std::move(p)),
          clock(k),
          logger(config.log_format),
          statics(config.mounts),
          started_at(clock.now()) {}
};

}  // namespace loyalty::server
