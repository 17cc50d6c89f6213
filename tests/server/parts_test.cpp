// The static file server's decisions (media types, hashed names, caching, gzip negotiation,
// paths that try to leave a mount), the survey trend's calendar buckets, reward codes, and the
// webhooks' decimal amounts.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "loyalty/date.h"
#include "mime.h"
#include "reward_code.h"
#include "state_cache.h"
#include "static_files.h"
#include "trend.h"
#include "webhook_payloads.h"

using namespace loyalty::server;

TEST_SUITE("server parts") {
    TEST_CASE("media types follow the extension, with application/wasm for the core") {
        CHECK(mime_type("loyalty-core.3f9a0c12be.wasm") == "application/wasm");
        CHECK(mime_type("loyalty-widget.js") == "text/javascript; charset=utf-8");
        CHECK(mime_type("index.HTML") == "text/html; charset=utf-8");
        CHECK(mime_type("program.json") == "application/json; charset=utf-8");
        CHECK(mime_type("styles.css") == "text/css; charset=utf-8");
        CHECK(mime_type("logo.svg") == "image/svg+xml");
        CHECK(mime_type("engine.d.ts") == "text/plain; charset=utf-8");
        CHECK(mime_type("README") == "application/octet-stream");
        CHECK(mime_type(".hidden") == "application/octet-stream");
    }

    TEST_CASE("hashed names are recognised; words, versions and dates are not") {
        CHECK(has_content_hash("loyalty-ui.3f9a0c12be.js"));
        CHECK(has_content_hash("loyalty-core.3f9a0c12be.wasm"));
        CHECK(has_content_hash("chunk-5XJ2KQ3B.js"));
        CHECK(has_content_hash("/loyalty/loyalty-ui.3f9a0c12be.js.gz"));
        CHECK_FALSE(has_content_hash("loyalty-widget.js"));
        CHECK_FALSE(has_content_hash("calculator-worker.js"));
        CHECK_FALSE(has_content_hash("report-20261126.csv"));  // digits only: a date
        CHECK_FALSE(has_content_hash("deadbeefcafe.js"));      // the first part is the name
        CHECK_FALSE(has_content_hash("app.3f9a0c1.js"));       // 7 characters: too short
    }

    TEST_CASE("hashed files are cached for a year, pages revalidated, the rest five minutes") {
        CHECK(cache_control_for("loyalty-ui.3f9a0c12be.js", "text/javascript") ==
              "public, max-age=31536000, immutable");
        CHECK(cache_control_for("index.html", "text/html; charset=utf-8") == "no-cache");
        CHECK(cache_control_for("loyalty-widget.js", "text/javascript") == "public, max-age=300");
    }

    TEST_CASE("gzip is accepted unless refused with q=0") {
        CHECK(accepts_gzip("gzip, deflate, br"));
        CHECK(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        CHECK(accepts_gzip("*"));
        CHECK_FALSE(accepts_gzip(""));
        CHECK_FALSE(accepts_gzip("br, deflate"));
        CHECK_FALSE(accepts_gzip("gzip;q=0"));
        CHECK_FALSE(accepts_gzip("*, gzip;q=0.0"));
    }

    TEST_CASE("compressible types include WebAssembly, not images that are compressed already") {
        CHECK(compressible("application/wasm"));
        CHECK(compressible("text/javascript; charset=utf-8"));
        CHECK(compressible("image/svg+xml"));
        CHECK_FALSE(compressible("image/png"));
        CHECK_FALSE(compressible("font/woff2"));
    }

    TEST_CASE("paths inside a mount stay inside it") {
        const std::filesystem::path root = "/srv/shop";
        CHECK(path_inside(root, "a/b.js") ==
              std::optional<std::filesystem::path>("/srv/shop/a/b.js"));
        CHECK(path_inside(root, "") ==
              std::optional<std::filesystem::path>("/srv/shop/index.html"));
        CHECK(path_inside(root, "docs/") ==
              std::optional<std::filesystem::path>("/srv/shop/docs/index.html"));
        CHECK(path_inside(root, "a//b.js") ==
              std::optional<std::filesystem::path>("/srv/shop/a/b.js"));
        CHECK_FALSE(path_inside(root, "../etc/passwd").has_value());
        CHECK_FALSE(path_inside(root, "a/../../etc/passwd").has_value());
        CHECK_FALSE(path_inside(root, "./a.js").has_value());
        CHECK_FALSE(path_inside(root, ".git/config").has_value());
        CHECK_FALSE(path_inside(root, "a\\..\\b").has_value());
        CHECK_FALSE(path_inside(root, std::string("a\0b", 3)).has_value());
    }

    TEST_CASE("weeks start on Monday midnight in the program's zone and are clipped to the range") {
        const loyalty::Zone msk{3 * 3600};
        // 2026-05-20 is a Wednesday; 12:00 +03:00. Until 2026-06-03 12:00 (a Wednesday).
        const auto from = *loyalty::parse_instant("2026-05-20T12:00:00+03:00", msk);
        const auto to = *loyalty::parse_instant("2026-06-03T12:00:00+03:00", msk);
        const auto b = calendar_buckets(from, to, BucketSize::Week, msk);
        REQUIRE(b.size() == 3);
        CHECK(b[0].start == from);
        CHECK(loyalty::format_instant(b[0].end, msk) == "2026-05-25T00:00:00+03:00");  // Monday
        CHECK(loyalty::format_instant(b[1].start, msk) == "2026-05-25T00:00:00+03:00");
        CHECK(loyalty::format_instant(b[1].end, msk) == "2026-06-01T00:00:00+03:00");
        CHECK(loyalty::format_instant(b[2].start, msk) == "2026-06-01T00:00:00+03:00");
        CHECK(b[2].end == to);
    }

    TEST_CASE("months start on the 1st, across a year end") {
        const loyalty::Zone msk{3 * 3600};
        const auto from = *loyalty::parse_instant("2025-11-15", msk);
        const auto to = *loyalty::parse_instant("2026-02-01", msk);
        const auto b = calendar_buckets(from, to, BucketSize::Month, msk);
        REQUIRE(b.size() == 3);  // Nov (from the 15th), Dec, Jan
        CHECK(loyalty::format_instant(b[0].start, msk) == "2025-11-15T00:00:00+03:00");
        CHECK(loyalty::format_instant(b[1].start, msk) == "2025-12-01T00:00:00+03:00");
        CHECK(loyalty::format_instant(b[2].start, msk) == "2026-01-01T00:00:00+03:00");
        CHECK(loyalty::format_instant(b[2].end, msk) == "2026-02-01T00:00:00+03:00");
        CHECK(calendar_buckets(to, from, BucketSize::Month, msk).empty());
    }
}

TEST_CASE(
    "reward codes: 18 symbols without 0/O/1/I/L, read back whatever the case and the dashes") {
    using namespace loyalty::server;
    CHECK(kCodeAlphabet.size() == 31);
    for (char confusing : std::string("01OIL"))
        CHECK(kCodeAlphabet.find(confusing) == std::string_view::npos);
    // Every symbol turns up, none other, and no two of 2,000 codes are alike (89 bits each).
    std::set<std::string> seen;
    std::map<char, int> counts;
    for (int i = 0; i < 2000; ++i) {
        const std::string code = new_reward_code();
        REQUIRE(code.size() == kCodeLength);
        for (char c : code) ++counts[c];
        seen.insert(code);
    }
    CHECK(seen.size() == 2000);
    CHECK(counts.size() == 31);
    // 36,000 symbols: 1,161 each on average (sd 33), all within 5 sd.
    for (const auto& [c, n] : counts) {
        CHECK(kCodeAlphabet.find(c) != std::string_view::npos);
        CHECK(n > 995);
        CHECK(n < 1330);
    }
    // A byte taken modulo 31 would favour the first eight symbols (9/256 each instead of 1/31):
    // 10,125 of them instead of 9,290 (sd 83). Rejection sampling keeps them within 5 sd.
    int first_eight = 0;
    for (char c : kCodeAlphabet.substr(0, 8)) first_eight += counts[c];
    CHECK(first_eight > 9290 - 415);
    CHECK(first_eight < 9290 + 415);
    CHECK(display_reward_code("7KQ2MXABCDEF234567") == "7KQ2MX-ABCDEF-234567");
    CHECK(canonical_reward_code("7kq2mx-abcdef 234567") ==
          std::optional<std::string>("7KQ2MXABCDEF234567"));
    CHECK_FALSE(canonical_reward_code("7KQ2MX-ABCDEF-23456"));   // 17 symbols
    CHECK_FALSE(canonical_reward_code("OKQ2MX-ABCDEF-234567"));  // O is not a symbol
    CHECK_FALSE(canonical_reward_code("7KQ2MX/ABCDEF/234567"));  // nor is a slash
    CHECK_FALSE(canonical_reward_code(std::string(100, '-')));
}

TEST_CASE(
    "webhook amounts: decimal text becomes minor units exactly, and a fraction of one is refused, "
    "never rounded") {
    using namespace loyalty::server;
    const loyalty::Currency rub{"RUB", 2}, jpy{"JPY", 0}, kwd{"KWD", 3};
    CHECK(decimal_to_minor(json("199.00"), rub) == 19900);
    CHECK(decimal_to_minor(json("199"), rub) == 19900);
    CHECK(decimal_to_minor(json("0.5"), rub) == 50);
    CHECK(decimal_to_minor(json(".5"), rub) == 50);
    CHECK(decimal_to_minor(json("199.000"), rub) == 19900);  // trailing zeros are no fraction
    CHECK(decimal_to_minor(json("1990"), jpy) == 1990);
    CHECK(decimal_to_minor(json("1990.00"), jpy) == 1990);
    CHECK(decimal_to_minor(json("1.234"), kwd) == 1234);
    CHECK(decimal_to_minor(json(195.66), rub) ==
          19566);  // a JSON number, read as its shortest text
    CHECK(decimal_to_minor(json(0.1), rub) == 10);
    CHECK(decimal_to_minor(json(12), rub) == 1200);
    CHECK(decimal_to_minor(json("10000000000000.00"), rub) == 1'000'000'000'000'000);
    for (const json& bad : {json("0.005"), json("1990.5"), json("-1.00"), json("1,5"),
                            json("1 000"), json("1e3"), json(""), json("."), json(-3), json(1e300),
                            json(true), json(nullptr), json("10000000000000.01")}) {
        CAPTURE(bad);
        CHECK_FALSE(decimal_to_minor(bad, bad == json("1990.5") ? jpy : rub).has_value());
    }
}

TEST_SUITE("state cache") {
    // Ledger states told apart by their balance.
    loyalty::LedgerState state_with(int64_t balance) {
        loyalty::LedgerState s;
        s.totals.balance = balance;
        return s;
    }

    TEST_CASE("a state is given back for the very text it was stored as, once") {
        loyalty::server::StateCache cache(1000);
        cache.put("c-1", "text-a", state_with(10));
        CHECK_FALSE(cache.take("c-2", "text-a"));  // another customer's
        auto taken = cache.take("c-1", "text-a");
        REQUIRE(taken);
        CHECK(taken->totals.balance == 10);
        CHECK_FALSE(cache.take("c-1", "text-a"));  // moved out: the booking puts the next back
    }

    TEST_CASE("a read copies the state and leaves it for the next booking") {
        loyalty::server::StateCache cache(1000);
        cache.put("c-1", "text-a", state_with(10));
        for (int read = 0; read < 2; ++read) {
            auto copied = cache.copy("c-1", "text-a");
            REQUIRE(copied);
            CHECK(copied->totals.balance == 10);
        }
        // A read that loaded another (older) row gets nothing and leaves the entry.
        CHECK_FALSE(cache.copy("c-1", "text-b"));
        REQUIRE(cache.take("c-1", "text-a"));
    }

    TEST_CASE("a stored text that moved on (another process, a rollback) drops the entry") {
        loyalty::server::StateCache cache(1000);
        cache.put("c-1", "text-a", state_with(10));
        CHECK_FALSE(cache.take("c-1", "text-b"));
        CHECK(cache.size() == 0);
        CHECK_FALSE(cache.take("c-1", "text-a"));
        cache.put("c-1", "text-a", state_with(10));
        cache.put("c-1", "text-c", state_with(30));  // the next booking replaces it
        CHECK_FALSE(cache.take("c-1", "text-a"));
        cache.put("c-1", "text-c", state_with(30));
        REQUIRE(cache.take("c-1", "text-c"));
    }

    TEST_CASE("the texts stay within the budget, the least recently stored dropped first") {
        loyalty::server::StateCache cache(25);  // two 10-byte texts, not three
        cache.put("c-1", "0123456789", state_with(1));
        cache.put("c-2", "0123456789", state_with(2));
        cache.put("c-1", "abcdefghij", state_with(11));  // c-1 stored again: now the newest
        cache.put("c-3", "0123456789", state_with(3));   // over: c-2 goes
        CHECK(cache.size() == 2);
        CHECK_FALSE(cache.take("c-2", "0123456789"));
        REQUIRE(cache.take("c-1", "abcdefghij"));
        REQUIRE(cache.take("c-3", "0123456789"));
        cache.put("c-4", std::string(26, 'x'), state_with(4));  // larger than the whole budget
        CHECK(cache.size() == 0);
    }
}
