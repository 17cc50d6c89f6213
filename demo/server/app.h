// Everything a request handler needs, built once at start and shared by the worker threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "clock.h"
#include "config.h"
#include "database.h"
#include "log.h"
#include "program_file.h"
#include "program_versions.h"
#include "refusal_log.h"
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

    /** With SQLite, held around every write transaction: SQLite admits one writer at a time
     *  anyway, and queueing the writers of this process here hands the lock over at once, where
     *  SQLite's busy handler would make them sleep and poll (BEGIN IMMEDIATE still guards
     *  against other processes). PostgreSQL's writers lock per customer instead: see gate(). */
    std::mutex write_gate;

    /** The write gate, held with SQLite and left alone with PostgreSQL. */
    std::unique_lock<std::mutex> gate() {
        return pool->one_writer() ? std::unique_lock(write_gate)
                                  : std::unique_lock(write_gate, std::defer_lock);
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
