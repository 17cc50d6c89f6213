// The group commit of SQLite writes (group_commit.h): what a writer keeps is committed when
// run() returns, what it refuses or throws on is gone, concurrent writers share COMMITs, and a
// batch that cannot be committed fails its writers without leaving anything behind.
#include "group_commit.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sqlite_store.h"

using namespace loyalty::server;

namespace {

struct TempDb {
    std::filesystem::path dir;
    std::string path;
    TempDb() {
        dir = std::filesystem::temp_directory_path() /
              ("loyalty-group-" + std::to_string(::getpid()) + "-" +
               std::to_string(reinterpret_cast<uintptr_t>(this)));
        std::filesystem::create_directories(dir);
        path = (dir / "test.db").string();
        auto c = open_sqlite(path);
        c->exec("CREATE TABLE parent (id TEXT PRIMARY KEY)");
        c->exec(
            "CREATE TABLE rows (k TEXT PRIMARY KEY, parent TEXT REFERENCES parent (id) "
            "DEFERRABLE INITIALLY DEFERRED)");
    }
    ~TempDb() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

bool has_row(Connection& c, const std::string& k) {
    auto s = c.prepare("SELECT 1 FROM rows WHERE k = ?");
    s.bind(1, k);
    return s.step();
}

int64_t row_count(Connection& c) {
    auto s = c.prepare("SELECT count(*) FROM rows");
    s.step();
    return s.integer(0);
}

void insert_row(Connection& c, const std::string& k, const char* parent = nullptr) {
    auto s = c.prepare("INSERT INTO rows (k, parent) VALUES (?, ?)");
    s.bind(1, k);
    if (parent)
        s.bind(2, parent);
    else
        s.bind_null(2);
    s.run();
}

}  // namespace

TEST_SUITE("group commit") {
    TEST_CASE("kept writes are committed when run returns; refused and thrown ones are gone") {
        TempDb db;
        GroupCommit group(db.path);
        constexpr int kThreads = 8, kWrites = 150;
        std::vector<std::string> problems(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                auto reader = open_sqlite(db.path);  // sees only what is committed
                for (int i = 0; i < kWrites; ++i) {
                    const std::string k = std::to_string(t) + "-" + std::to_string(i);
                    try {
                        const int answer = group.run([&](Connection& c, WriteTx& tx) {
                            insert_row(c, k);
                            if (i % 7 == 3) throw std::runtime_error("refused midway");
                            if (i % 5 != 4) tx.keep();  // every 5th is refused: rolled back
                            return i;
                        });
                        if (answer != i) problems[t] += k + ": wrong result; ";
                        if (i % 5 != 4 && !has_row(*reader, k))
                            problems[t] += k + ": answered before it was committed; ";
                    } catch (const std::runtime_error& e) {
                        if (std::string(e.what()) != "refused midway")
                            problems[t] += k + ": " + e.what() + "; ";
                    }
                }
            });
        }
        for (auto& th : threads) th.join();
        for (const auto& p : problems) CHECK(p == "");

        // Of 150 writes per thread: i % 7 == 3 throws (21 of them: 3, 10, ..., 143), i % 5 == 4
        // refuses (30: 4, 9, ..., 149); both hold for i = 24, 59, 94, 129 (i % 35 == 24): 4.
        // Kept: 150 - 21 - 30 + 4 = 103 per thread.
        auto reader = open_sqlite(db.path);
        CHECK(row_count(*reader) == kThreads * 103);
        CHECK_FALSE(has_row(*reader, "0-3"));  // threw
        CHECK_FALSE(has_row(*reader, "0-4"));  // refused
        CHECK(has_row(*reader, "7-0"));
        MESSAGE("kept writes: " << kThreads * 103 << ", COMMITs: " << group.commits());
    }

    TEST_CASE("a writer that queues while another works joins its batch: one COMMIT for both") {
        // The age limit is what makes a batch close with writers still queued; 0 closes each.
        for (const auto& [age, commits] : {std::pair{std::chrono::microseconds(60'000'000), 1},
                                           std::pair{std::chrono::microseconds(0), 2}}) {
            TempDb db;
            GroupCommit group(db.path, age);
            auto reader = open_sqlite(db.path);
            std::thread second;
            bool second_saw_first = true;
            group.run([&](Connection& c, WriteTx& tx) {
                insert_row(c, "first");
                tx.keep();
                second = std::thread([&] {
                    group.run([&](Connection& c2, WriteTx& tx2) {
                        second_saw_first = has_row(c2, "first");  // in the batch
                        insert_row(c2, "second");
                        tx2.keep();
                        return 0;
                    });
                });
                while (group.queued() == 0) std::this_thread::yield();
                return 0;
            });
            // The first writer is answered once "first" is committed, with "second" when they
            // share the batch.
            CHECK(has_row(*reader, "first"));
            second.join();
            CHECK(second_saw_first);
            CHECK(has_row(*reader, "second"));
            CHECK(group.commits() == uint64_t(commits));
        }
    }

    TEST_CASE("a batch the database refuses to commit fails its writer, and the next one works") {
        TempDb db;
        GroupCommit group(db.path);
        // The missing parent is found at COMMIT (a deferred foreign key): the whole batch fails.
        CHECK_THROWS_AS(group.run([](Connection& c, WriteTx& tx) {
            insert_row(c, "orphan", "no-such-parent");
            tx.keep();
            return 0;
        }),
                        DbError);
        std::string refusal;
        try {
            group.run([](Connection& c, WriteTx& tx) {
                insert_row(c, "orphan-2", "no-such-parent");
                tx.keep();
                return 0;
            });
        } catch (const DbError& e) {
            CHECK(e.busy());  // 503: nothing was stored, the same request may be tried again
            refusal = e.what();
        }
        CHECK(refusal.find("the batch could not be committed") == 0);
        group.run([](Connection& c, WriteTx& tx) {
            insert_row(c, "fine");
            tx.keep();
            return 0;
        });
        auto reader = open_sqlite(db.path);
        CHECK(has_row(*reader, "fine"));
        CHECK_FALSE(has_row(*reader, "orphan"));
        CHECK(row_count(*reader) == 1);
    }

    TEST_CASE("exclusive() commits the open batch, so another connection can write at once") {
        TempDb db;
        GroupCommit group(db.path);
        group.run([](Connection& c, WriteTx& tx) {
            insert_row(c, "a");
            tx.keep();
            return 0;
        });
        auto other = open_sqlite(db.path);
        {
            auto gate = group.exclusive();
            other->exec("PRAGMA busy_timeout = 0");  // a lock still held would fail at once
            Transaction t(*other, {"x"});
            insert_row(*other, "b");
            t.commit();
        }
        CHECK(row_count(*other) == 2);
    }
}
