#include "group_commit.h"

namespace loyalty::server {

namespace {

std::unique_ptr<Connection> open_writer(const std::string& db) {
    auto c = open_connection(db);
    // A savepoint keeps the pages it changes in a statement journal; in memory, not in a temp
    // file created, written and deleted for every batch.
    c->exec("PRAGMA temp_store=MEMORY");
    return c;
}

}  // namespace

GroupCommit::GroupCommit(std::string db, std::chrono::microseconds max_age)
    : db_(std::move(db)), writer_(open_writer(db_)), max_age_(max_age) {}

GroupCommit::~GroupCommit() {
    // Every writer has returned by now, and the last one closed its batch; this is a safeguard.
    std::lock_guard gate(gate_);
    if (open_) close_batch();
}

std::unique_lock<std::mutex> GroupCommit::take_gate() {
    // Counted while waiting: the writer before us sees it and leaves the batch open for us.
    struct Queued {
        std::atomic<int>& n;
        explicit Queued(std::atomic<int>& count) : n(count) { ++n; }
        ~Queued() { --n; }
    } queued(queued_);
    return std::unique_lock(gate_);
}

void GroupCommit::ensure_idle_writer() {
    if (!writer_->in_transaction()) return;
    try {
        writer_->exec("ROLLBACK");
    } catch (const DbError&) {
        // Handled below.
    }
    if (writer_->in_transaction()) writer_ = open_writer(db_);
}

std::unique_lock<std::mutex> GroupCommit::exclusive() {
    auto gate = take_gate();
    if (open_) close_batch();
    return gate;
}

GroupCommit::Ticket GroupCommit::enter() {
    Ticket ticket{take_gate(), nullptr};
    if (!open_) {
        auto batch = std::make_shared<Batch>();
        ensure_idle_writer();
        writer_->exec("BEGIN IMMEDIATE");  // throws before anything is open: nothing to undo
        open_ = std::move(batch);
        members_ = 0;
        opened_at_ = std::chrono::steady_clock::now();
    }
    try {
        writer_->exec("SAVEPOINT request");
    } catch (const DbError&) {
        close_batch();  // what the others wrote is kept; this writer is refused
        throw;
    }
    ++members_;
    ticket.batch = open_;
    return ticket;
}

void GroupCommit::leave(Ticket& ticket, bool keep) {
    if (!ticket.gate.owns_lock()) return;  // left already
    try {
        if (!keep) writer_->exec("ROLLBACK TO request");
        writer_->exec("RELEASE request");
    } catch (const DbError& e) {
        // Some errors (a full disk, I/O) make SQLite roll the whole transaction back: the batch
        // is lost, and so are the writes of everyone in it.
        if (open_) close_batch(std::string("the batch was rolled back: ") + e.what());
    }
    if (open_ && !writer_->in_transaction())
        close_batch("the database rolled the batch back after an error");
    // The last writer in the queue commits; a writer queued behind joins the batch instead,
    // unless the batch is full or old (its first writer has waited long enough).
    if (open_ && (queued_.load() == 0 || members_ >= kMaxBatch ||
                  std::chrono::steady_clock::now() - opened_at_ >= max_age_))
        close_batch();
    ticket.gate.unlock();
}

void GroupCommit::close_batch(std::optional<std::string> lost) {
    std::shared_ptr<Batch> batch = std::move(open_);
    open_.reset();
    if (!batch) return;
    if (!lost) {
        try {
            writer_->exec("COMMIT");
            ++commits_;
        } catch (const DbError& e) {
            lost = std::string("the batch could not be committed: ") + e.what();
        }
    }
    if (lost) {
        try {
            ensure_idle_writer();
        } catch (const DbError& e) {
            // Not even a new connection: the next writer's BEGIN tries again.
            lost = *lost + "; " + e.what();
        }
    }
    {
        std::lock_guard done(done_mutex_);
        batch->done = true;
        batch->error = std::move(lost);
    }
    finished_.notify_all();
}

void GroupCommit::wait(const Ticket& ticket) {
    std::unique_lock done(done_mutex_);
    finished_.wait(done, [&] { return ticket.batch->done; });
    if (ticket.batch->error) throw DbError(*ticket.batch->error, true);
}

}  // namespace loyalty::server
