// Group commit for SQLite: the writes of many requests share one COMMIT, so one fsync makes a
// whole batch durable. With synchronous=FULL every COMMIT waits for the disk (about 0.4 ms on a
// quiet machine, over 1 ms on a busy one), and SQLite admits one writer at a time: one COMMIT per
// booking capped the server at that many bookings per second whatever the CPU could do.
//
// Writers queue on one gate. Each runs on the one writer connection inside the open batch, in a
// savepoint of its own (a refusal rolls back only its own changes); the last writer in the queue
// (or the 32nd of a batch, or the first after the batch's 5 ms) commits. Nobody answers before the
// COMMIT that holds their writes has returned: what a writer read in the batch (an order booked a
// moment earlier, the balance it left) is then durable too. A COMMIT that fails fails every writer
// of its batch with a DbError (503: the idempotent API makes the retry safe). PostgreSQL commits
// each request on its own; it runs many writers at once and groups their fsyncs itself
// (commit_delay).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "database.h"

namespace loyalty::server {

/** What a write tells its runner: keep() its changes, or leave them to be rolled back. */
class WriteTx {
  public:
    void keep() { kept_ = true; }
    bool kept() const { return kept_; }

  private:
    bool kept_ = false;
};

class GroupCommit {
  public:
    static constexpr size_t kMaxBatch = 32;  // these two bound the wait of a batch's first writer
    static constexpr std::chrono::microseconds kMaxBatchAge{5000};

    /** Opens its writer connection on `db` (a SQLite file). */
    explicit GroupCommit(std::string db, std::chrono::microseconds max_age = kMaxBatchAge);
    ~GroupCommit();
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    /** Runs work(Connection&, WriteTx&) in the open batch and returns its result once the batch
     *  is durable. Throws DbError when the batch could not be committed; an exception from
     *  `work` rolls back its changes and is rethrown. */
    template <class Work>
    auto run(Work&& work) {
        Ticket ticket = enter();
        WriteTx tx;
        try {
            auto result = work(*writer_, tx);
            leave(ticket, tx.kept());
            wait(ticket);
            return result;
        } catch (...) {
            leave(ticket, false);  // no-op when leave() itself threw
            throw;
        }
    }

    /** The gate for a writer that uses its own connection (BEGIN IMMEDIATE): commits the open
     *  batch first, so SQLite's write lock is free for it. */
    std::unique_lock<std::mutex> exclusive();

    /** COMMITs run so far (for the log and the tests: fewer than the writes under load). */
    uint64_t commits() const { return commits_.load(); }
    /** Threads waiting for the gate now (for the tests). */
    int queued() const { return queued_.load(); }

  private:
    struct Batch {
        bool done = false;
        std::optional<std::string> error;  // why it was not committed
    };
    struct Ticket {
        std::unique_lock<std::mutex> gate;
        std::shared_ptr<Batch> batch;
    };

    Ticket enter();
    void leave(Ticket& ticket, bool keep);
    void wait(const Ticket& ticket);
    std::unique_lock<std::mutex> take_gate();
    /** With the gate held and no batch open: a writer connection outside any transaction (one
     *  a failed ROLLBACK left inside one is replaced: closing it rolls back). */
    void ensure_idle_writer();
    /** With the gate held: COMMIT the open batch (or record why it is lost) and wake its
     *  writers. */
    void close_batch(std::optional<std::string> lost = std::nullopt);

    std::string db_;
    std::unique_ptr<Connection> writer_;
    std::mutex gate_;              // one writer at a time, on writer_
    std::atomic<int> queued_{0};   // threads waiting for the gate
    std::shared_ptr<Batch> open_;  // the batch writer_'s transaction holds, if any
    size_t members_ = 0;           // writers in the open batch
    std::chrono::microseconds max_age_;
    std::chrono::steady_clock::time_point opened_at_;
    std::mutex done_mutex_;  // guards Batch::done and error
    std::condition_variable finished_;
    std::atomic<uint64_t> commits_{0};
};

}  // namespace loyalty::server
