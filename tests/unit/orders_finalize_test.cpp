// OrderTable::finalize() on its two paths (ascending order ids: plain grouping; otherwise
// merging the rows of one order), the line named when a merged amount overflows (lines kept as
// runs of consecutive lines), refunds linked on both paths, and the CSV row scanner that
// classifies 64 bytes at a time, with special bytes placed on and around its window edges.
#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "import_snapshot.h"
#include "loyalty/checked.h"
#include "loyalty/csv.h"
#include "loyalty/date.h"
#include "loyalty/orders.h"
#include "test_helpers.h"

namespace {

using loyalty::OrderCsvReader;
using loyalty::OrderTable;
using loyalty::test::import_snapshot;
using loyalty::test::import_text;
using loyalty::test::ImportSnapshot;
using loyalty::test::order_text;
using loyalty::test::orders_of;

loyalty::Day day(const char* iso) { return *loyalty::parse_csv_date(iso); }

// The parts one after another. Appended, not `"c" + std::to_string(c) + ...`: GCC 12 warns
// (falsely, -Wrestrict) on a literal followed by a temporary string.
std::string cat(std::initializer_list<std::string_view> parts) {
    std::string s;
    for (std::string_view part : parts) s += part;
    return s;
}

// The header in one feed, the body in another: byte k of the body is byte k of the chunk the
// row scanner classifies (its 64-byte windows start at the body's first byte).
ImportSnapshot import_head_body(std::string_view head, std::string_view body) {
    OrderCsvReader reader;
    reader.feed(head);
    reader.feed(body);
    return import_snapshot(reader);
}

// The text in one piece, then in chunks of 1, 7 and 4096 bytes: every way must give the same.
ImportSnapshot import_every_way(std::string_view text) {
    const ImportSnapshot whole = import_text(text);
    for (size_t chunk : {size_t(1), size_t(7), size_t(4096)}) {
        CAPTURE(chunk);
        CHECK(import_text(text, chunk).text() == whole.text());
    }
    return whole;
}

void check_lines(const std::vector<std::string>& actual, const std::vector<std::string>& expected) {
    CHECK(actual.size() == expected.size());
    for (size_t i = 0; i < std::max(actual.size(), expected.size()); ++i) {
        CAPTURE(i);
        CHECK((i < actual.size() ? actual[i] : "(none)") ==
              (i < expected.size() ? expected[i] : "(none)"));
    }
}

const std::string kOverflow = "add up to more than 10^15 minor units";

}  // namespace

TEST_SUITE("orders_finalize") {
    // ---- The plain path: every order id sorts after the one before --------------------------

    TEST_CASE(
        "ascending ids of mixed widths come out grouped by customer, in day order, amounts "
        "intact") {
        // Order ids in file order: 9, 10, 11, 1001, 1002, 1003, 1004, 1005, 1006 (shorter ids
        // first, then bytewise: each sorts after the one before), so nothing can merge. The
        // refund rows name ids out of order (1005 before 1002), which must not matter: refunds
        // are not orders. Customers by first appearance: anna 0, boris 1, vera 2.
        const std::string text =
            "customer;order;date;amount\n"                  // line 1
            "anna;9;2026-01-20;10\n"                        // 2
            "boris;10;2026-01-05;20\n"                      // 3
            "anna;11;2026-01-03;30\n"                       // 4
            "vera;1001;2026-02-01;40\n"                     // 5
            "boris;1005;2026-01-09;-8\n"                    // 6: refund of 1005, before the order
            "boris;1002;2026-01-01;50\n"                    // 7
            "anna;1003;2026-01-10;60\n"                     // 8
            "vera;1004;2026-01-15;10 000 000 000 000,00\n"  // 9: 10^15 minor, the largest
            "boris;1005;2026-01-05;80\n"                    // 10
            "anna;1006;2026-01-03;90\n"                     // 11
            "anna;1006;2026-01-09;-1,50\n"                  // 12: refund of 1006
            "vera;1003;2026-02-02;-2\n"                     // 13: 1003 is anna's, not vera's
            "anna;;2026-01-09;-3\n"                         // 14: names no order
            "boris;1002;2026-01-08;-5\n";                   // 15: refund of 1002
        const ImportSnapshot s = import_every_way(text);
        CHECK(s.fatal == "");
        // anna's rows in file order: 9 (01-20), 11 (01-03), 1003 (01-10), 1006 (01-03); by day,
        // ties in file order: 11, 1006, 1003, 9. boris: 10 (01-05), 1002 (01-01), 1005 (01-05)
        // -> 1002, 10, 1005. vera, newest first: 1001 (02-01), 1004 (01-15) -> 1004, 1001.
        // vera's 10^15 survives the customer index (2) riding above the amount's 50 bits.
        check_lines(s.orders, {"anna|11|2026-01-03|3000",                // 0
                               "anna|1006|2026-01-03|9000",              // 1
                               "anna|1003|2026-01-10|6000",              // 2
                               "anna|9|2026-01-20|1000",                 // 3
                               "boris|1002|2026-01-01|5000",             // 4
                               "boris|10|2026-01-05|2000",               // 5
                               "boris|1005|2026-01-05|8000",             // 6
                               "vera|1004|2026-01-15|1000000000000000",  // 7
                               "vera|1001|2026-02-01|4000"});            // 8
        CHECK(s.begins == std::vector<uint32_t>{0, 4, 7, 9});
        // Refunds in file order, each with the index of its order above.
        check_lines(s.refunds, {"boris|1005|2026-01-09|800|6", "anna|1006|2026-01-09|150|1",
                                "vera|1003|2026-02-02|200|-1", "anna||2026-01-09|300|-1",
                                "boris|1002|2026-01-08|500|4"});
        // 14 data rows = 9 orders + 0 merged + 5 refunds + 0 bad.
        CHECK(s.rows == 14);
        CHECK(s.merged == 0);
        CHECK(s.refund_rows == 5);
        CHECK(s.bad_rows == 0);
        CHECK(s.errors.empty());
        CHECK(s.lines == 15);
    }

    TEST_CASE(
        "more than 512 customers (several grouping blocks) on either path keep every order in "
        "place") {
        // 1200 customers (blocks of 512: 0-511, 512-1023, 1024-1199), three rounds of one order
        // each. Round r lists customers 0..1199 in turn with id 100000 + 1200 r + c (6 digits,
        // ascending), amount 1000 c + r, day: round 0 on 01-21, round 1 on 01-01, round 2 on
        // 01-11. So customer c's orders, by day, are rounds 1, 2, 0 at [3c, 3c + 3).
        const loyalty::Day d0 = day("2026-01-01");
        const loyalty::Day round_day[3] = {d0 + 20, d0, d0 + 10};
        auto fill = [&](OrderTable& t) {
            for (int r = 0; r < 3; ++r) {
                for (int c = 0; c < 1200; ++c) {
                    REQUIRE(t.add(cat({"c", std::to_string(c)}),
                                  std::to_string(100000 + 1200 * r + c), round_day[r], 1000 * c + r,
                                  uint32_t(2 + 1200 * r + c)));
                }
            }
        };
        auto check_customer = [&](const OrderTable& t, int c, int64_t extra_round0) {
            CAPTURE(c);
            const uint32_t b = t.customer_begin(c);
            REQUIRE(t.customer_begin(c + 1) == b + 3);
            const std::string name = cat({"c", std::to_string(c)});
            CHECK(order_text(t, b) == cat({name, "|", std::to_string(101200 + c), "|2026-01-01|",
                                           std::to_string(1000 * c + 1)}));
            CHECK(order_text(t, b + 1) == cat({name, "|", std::to_string(102400 + c),
                                               "|2026-01-11|", std::to_string(1000 * c + 2)}));
            CHECK(order_text(t, b + 2) ==
                  cat({name, "|", std::to_string(100000 + c), "|2026-01-21|",
                       std::to_string(1000 * c + extra_round0)}));
        };

        SUBCASE("ascending ids: plain") {
            OrderTable t;
            fill(t);
            CHECK(t.finalize().empty());
            CHECK(t.size() == 3600);
            CHECK(t.merged_rows() == 0);
            for (int c : {0, 1, 511, 512, 513, 1000, 1023, 1024, 1199}) check_customer(t, c, 0);
        }
        SUBCASE("one repeated id at the end: merging") {
            OrderTable t;
            fill(t);
            // c1000's round-0 id again, on 01-25: 100000 sorts before 103599, the last id, so
            // the table merges; the row joins c1000's order of 01-21: 1 000 000 + 0 + 5.
            REQUIRE(t.add("c1000", "101000", d0 + 24, 5, 3602));
            CHECK(t.finalize().empty());
            CHECK(t.size() == 3600);
            CHECK(t.merged_rows() == 1);
            for (int c : {0, 1, 511, 512, 513, 1023, 1024, 1199}) check_customer(t, c, 0);
            check_customer(t, 1000, 5);
        }
    }

    // ---- Switching to the merging path ------------------------------------------------------

    TEST_CASE(
        "an id that sorts lower switches to merging: a customer's repeated id merges, another "
        "customer's does not") {
        const std::string text =
            "customer;order;date;amount\n"  // line 1
            "anna;1001;2026-01-05;10\n"     // 2
            "boris;1002;2026-01-06;20\n"    // 3
            "anna;1005;2026-01-07;30\n"     // 4
            "boris;1004;2026-01-03;40\n"    // 5: 1004 sorts before 1005
            "anna;1001;2026-01-02;5\n"      // 6: anna's 1001 again, earlier day
            "boris;1001;2026-01-08;7\n"     // 7: 1001 of boris: another order
            "anna;1005;2026-01-07;0,25\n"   // 8: anna's 1005 again, same day
            "boris;1004;2026-01-09;-1\n";   // 9: refund of boris's 1004
        const ImportSnapshot s = import_every_way(text);
        // anna 1001: rows of 01-05 (1000) and 01-02 (500): one order on the earlier day, 1500.
        // anna 1005: 3000 + 25 = 3025. boris keeps 1004, 1002 and his own 1001, by day.
        check_lines(s.orders, {"anna|1001|2026-01-02|1500", "anna|1005|2026-01-07|3025",
                               "boris|1004|2026-01-03|4000", "boris|1002|2026-01-06|2000",
                               "boris|1001|2026-01-08|700"});
        CHECK(s.begins == std::vector<uint32_t>{0, 2, 5});
        check_lines(s.refunds, {"boris|1004|2026-01-09|100|2"});
        // 8 rows = 5 orders + 2 merged + 1 refund.
        CHECK(s.rows == 8);
        CHECK(s.merged == 2);
        CHECK(s.refund_rows == 1);
        CHECK(s.errors.empty());
    }

    TEST_CASE(
        "ids that only look ascending still merge: a repeat next to itself, after an empty id, "
        "after a small first id, around a refund") {
        const loyalty::Day d = day("2026-03-01");
        SUBCASE("the same id twice in a row is not 'after' itself") {
            OrderTable t;
            REQUIRE(t.add("a", "1005", d, 300));
            REQUIRE(t.add("a", "1005", d + 1, 25));
            CHECK(t.finalize().empty());
            check_lines(orders_of(t), {"a|1005|2026-03-01|325"});  // 300 + 25
            CHECK(t.merged_rows() == 1);
        }
        SUBCASE("an order without an id does not restart the comparison") {
            // 1002, 1003, (none), 1002: the second 1002 must be compared with 1003.
            OrderTable t;
            REQUIRE(t.add("a", "1002", d, 100));
            REQUIRE(t.add("a", "1003", d, 200));
            REQUIRE(t.add("a", "", d, 400));
            REQUIRE(t.add("a", "1002", d + 2, 800));
            CHECK(t.finalize().empty());
            check_lines(orders_of(t), {"a|1002|2026-03-01|900",  // 100 + 800
                                       "a|1003|2026-03-01|200", "a||2026-03-01|400"});
        }
        SUBCASE("each id is compared with the one just before, not with the first") {
            // 1, 1003, 1002, 1002: all sort after "1", but 1002 does not sort after 1003.
            OrderTable t;
            REQUIRE(t.add("a", "1", d, 1));
            REQUIRE(t.add("b", "1003", d, 2));
            REQUIRE(t.add("b", "1002", d, 4));
            REQUIRE(t.add("b", "1002", d + 1, 8));
            CHECK(t.finalize().empty());
            check_lines(orders_of(t), {"a|1|2026-03-01|1", "b|1003|2026-03-01|2",
                                       "b|1002|2026-03-01|12"});  // 4 + 8
        }
        SUBCASE("a refund naming a lower id between two lines of one order") {
            // Orders 1001, 1001 with a refund of "1000" between: the refund is not an order,
            // and it must not make the second 1001 look ascending.
            OrderTable t;
            REQUIRE(t.add("a", "1001", d, 1000));
            REQUIRE(t.add("a", "1000", d + 1, -300));
            REQUIRE(t.add("a", "1001", d + 2, 50));
            CHECK(t.finalize().empty());
            check_lines(orders_of(t), {"a|1001|2026-03-01|1050"});  // 1000 + 50
            REQUIRE(t.refunds().size() == 1);
            CHECK(t.refunds()[0].amount == 300);
            CHECK(t.refunds()[0].order == -1);  // no order 1000
        }
        SUBCASE("mixed widths: 9, 10, 11 ascend; then 10 again merges") {
            OrderTable t;
            REQUIRE(t.add("a", "9", d, 1));
            REQUIRE(t.add("a", "10", d, 2));
            REQUIRE(t.add("a", "11", d, 4));
            REQUIRE(t.add("a", "10", d + 3, 16));
            CHECK(t.finalize().empty());
            check_lines(orders_of(t), {"a|9|2026-03-01|1",
                                       "a|10|2026-03-01|18",  // 2 + 16
                                       "a|11|2026-03-01|4"});
        }
    }

    // ---- The line named when a merged amount overflows --------------------------------------

    TEST_CASE(
        "an overflowing merge names its own line after blank lines, multi-line rows, bad rows and "
        "refunds, in any chunking") {
        // 999 999 999 999 999 = "9 999 999 999 999,99" roubles in kopecks: 1 short of 10^15.
        // Orders (index: line): 0:2 1:3 2:5 3:6 4:8 5:9 6:10 7:13 8:14 9:15 10:16 11:19, so the
        // runs of consecutive lines are {0: 2}, {2: 5}, {3: 6}, {4: 8}, {7: 13}, {11: 19}: a
        // blank line (4), a two-line row (6-7), a bad row (11) and a refund (12) break them;
        // order 10 (line 16) is the fourth of the run that starts at 13.
        const std::string text =
            "customer;order;date;amount;comment\n"              // 1
            "big;X1;2026-01-10;9 999 999 999 999,99;first\n"    // 2: order 0
            "a;A1;2026-01-02;1;\n"                              // 3: order 1
            "\n"                                                // 4: blank
            "a;A2;2026-01-03;2;\n"                              // 5: order 2
            "b;B1;2026-01-04;3;\"two\n"                         // 6: order 3, lines 6-7
            "lines\"\n"                                         // 7
            "big;X1;2026-01-11;0,02;overflows\n"                // 8: order 4
            "a;A3;2026-01-05;4;\n"                              // 9: order 5
            "big;X1;2026-01-12;0,01;fits exactly\n"             // 10: order 6
            "a;A4;not a date;5;\n"                              // 11: bad row
            "a;A1;2026-01-06;-1;\n"                             // 12: refund of A1
            "c;C1;2026-01-20;0,05;\n"                           // 13: order 7
            "c;C1;2026-01-01;9 999 999 999 999,99;\n"           // 14: order 8
            "\"c\";C2;2026-01-21;\"1\";\"quoted, one line\"\n"  // 15: order 9
            "big;X1;2026-01-13;0,03;\"three\nline\nnote\"\n"    // 16: order 10, lines 16-18
            "a;A1;2026-01-07;0,5;\n";                           // 19: order 11
        // X1 by day: 01-10 (999 999 999 999 999), 01-11 (+2 = 10^15 + 1: refused, line 8),
        // 01-12 (+1 = 10^15: merged), 01-13 (+3: refused, line 16).
        // C1 by day: 01-01 (999 999 999 999 999) first, so the row of 01-20 (line 13, +5) is
        // the one merged into it, and refused: the line of the later day, not the later line.
        // A1: 100 + 50 (line 19) = 150.
        const std::string date_message =
            "11|date|\"not a date\" is not a date; expected 2026-01-05, 2026-01-05T14:30:00 or "
            "05.01.2026 (years 1900-2999)";
        auto check_import = [&](const ImportSnapshot& s) {
            CHECK(s.fatal == "");
            check_lines(s.errors, {"8|amount|the rows of order \"X1\" " + kOverflow, date_message,
                                   "13|amount|the rows of order \"C1\" " + kOverflow,
                                   "16|amount|the rows of order \"X1\" " + kOverflow});
            check_lines(s.orders,
                        {"big|X1|2026-01-10|1000000000000000", "a|A1|2026-01-02|150",
                         "a|A2|2026-01-03|200", "a|A3|2026-01-05|400", "b|B1|2026-01-04|300",
                         "c|C1|2026-01-01|999999999999999", "c|C2|2026-01-21|100"});
            CHECK(s.begins == std::vector<uint32_t>{0, 1, 4, 5, 7});
            check_lines(s.refunds, {"a|A1|2026-01-06|100|1"});
            // 14 rows = 7 orders + 2 merged (lines 10, 19) + 1 refund + 4 bad (one date, three
            // overflows).
            CHECK(s.rows == 14);
            CHECK(s.merged == 2);
            CHECK(s.refund_rows == 1);
            CHECK(s.bad_rows == 4);
            CHECK(s.lines == 19);
        };
        SUBCASE("LF") { check_import(import_every_way(text)); }
        SUBCASE("CRLF") {
            std::string crlf;
            for (char ch : text) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
            check_import(import_every_way(crlf));
        }
    }

    TEST_CASE("the overflow line is right past several batches of rows and a blank line") {
        // 3000 data rows; a blank line after the first 1500. Row k (0-based) is on line
        // 2 + k, or 3 + k from k = 1500 on. Rows 0, 2500 and 2999 are lines of order B of
        // customer "big" (999 999 999 999 999, then +2 refused, then +1 merged); the others
        // are "c<k mod 10>" with id 100000 + k and amount k kopecks.
        // Row 2500 is on line 3 + 2500 = 2503.
        std::string text = "customer;order;date;amount\n";
        for (int k = 0; k < 3000; ++k) {
            if (k == 1500) text += "\n";
            if (k == 0) {
                text += "big;B;2026-01-01;9 999 999 999 999,99\n";
            } else if (k == 2500) {
                text += "big;B;2026-01-02;0,02\n";
            } else if (k == 2999) {
                text += "big;B;2026-01-03;0,01\n";
            } else {
                text +=
                    cat({"c", std::to_string(k % 10), ";", std::to_string(100000 + k),
                         ";2026-01-05;0,", k % 100 < 10 ? "0" : "", std::to_string(k % 100), "\n"});
            }
        }
        const ImportSnapshot s = import_every_way(text);
        check_lines(s.errors, {"2503|amount|the rows of order \"B\" " + kOverflow});
        // 3000 rows = 2998 orders + 1 merged (row 2999) + 1 bad (row 2500).
        CHECK(s.rows == 3000);
        CHECK(s.orders.size() == 2998);
        CHECK(s.merged == 1);
        CHECK(s.bad_rows == 1);
        CHECK(s.lines == 3002);
        REQUIRE(!s.orders.empty());
        CHECK(s.orders[0] == "big|B|2026-01-01|1000000000000000");
    }

    TEST_CASE("lines given out of order to the table, and JSON item indices, are named right") {
        SUBCASE("table: lines 10, 11, 12, then 5, 6") {
            // Runs {0: 10}, {3: 5}. x's order o: 999 999 999 999 999 (line 10, day 1), +2 on
            // day 2 (line 5) refused, +1 on day 3 (line 6) merged: 10^15.
            const loyalty::Day d = day("2026-01-01");
            OrderTable t;
            REQUIRE(t.add("x", "o", d, 999'999'999'999'999, 10));
            REQUIRE(t.add("y", "p", d, 1, 11));
            REQUIRE(t.add("y", "q", d, 1, 12));
            REQUIRE(t.add("x", "o", d + 1, 2, 5));
            REQUIRE(t.add("x", "o", d + 2, 1, 6));
            const auto rejected = t.finalize();
            REQUIRE(rejected.size() == 1);
            CHECK(rejected[0].line == 5);
            CHECK(rejected[0].message == "the rows of order \"o\" " + kOverflow);
            CHECK(t.merged_rows() == 1);
            check_lines(orders_of(t), {"x|o|2026-01-01|1000000000000000", "y|p|2026-01-01|1",
                                       "y|q|2026-01-01|1"});
        }
        SUBCASE("JSON: an invalid item between breaks the run of item indices") {
            // Items 0, 2, 3 are orders (runs {0: 0}, {1: 2}); item 3 overflows o.
            const auto response = loyalty::test::run_text("metrics", R"({"orders": [
                {"customer": "a", "order_id": "o", "date": "2026-01-01", "amount": 999999999999999},
                {"customer": "", "order_id": "z", "date": "2026-01-01", "amount": 1},
                {"customer": "a", "order_id": "p", "date": "2026-01-02", "amount": 1},
                {"customer": "a", "order_id": "o", "date": "2026-01-03", "amount": 2}]})");
            INFO(loyalty::test::errors_text(response));
            CHECK(response.value("ok", true) == false);
            CHECK(loyalty::test::has_error_at(response, "/orders/1/customer"));
            CHECK(loyalty::test::has_error_at(response, "/orders/3/amount"));
            CHECK_FALSE(loyalty::test::has_error_at(response, "/orders/2/amount"));
        }
    }
}

// ---- The row scanner ------------------------------------------------------------------------

namespace {

// Where a special byte of a row is put, relative to the row's first byte `at` bytes in.
enum class Spot {
    Delimiter,     // the delimiter after the customer at `at`
    LineFeed,      // the row's line feed at `at`
    QuoteOpens,    // the quote opening the order id "4<d>2" at `at`
    QuoteCloses,   // the quote closing it at `at`
    QuoteInField,  // a quote inside the unquoted customer at `at` (a character, like 12")
    CrLfCr,        // the CR of a CRLF at `at` (after an unquoted amount)
    CrLfLf,        // the LF of a CRLF at `at`
    QuotedThenCr,  // the CR at `at` right after a quoted amount "7"
};

struct SpotRow {
    std::string row;
    std::string expected;  // the order it gives, as order_text() writes it
};

// Rows of columns customer, order, date, amount[, comment]; "c" * n is n letters c.
SpotRow spot_row(Spot spot, size_t at, char d) {
    const std::string D(1, d);
    const std::string tail = D + "2026-01-05" + D + "7" + D + "\n";  // date, amount, empty comment
    auto cs = [](size_t n) { return std::string(n, 'c'); };
    switch (spot) {
        case Spot::Delimiter:  // c * at, d at `at`
            return {cs(at) + D + "42" + tail, cs(at) + "|42|2026-01-05|700"};
        case Spot::LineFeed:  // "n1;42;2026-01-05;7;" is 19 bytes, then at - 19 z's
            return {
                "n1" + D + "42" + D + "2026-01-05" + D + "7" + D + std::string(at - 19, 'z') + "\n",
                "n1|42|2026-01-05|700"};
        case Spot::QuoteOpens:  // c * (at - 1), d, then " at `at`, 4, d, 2, " at at + 4
            return {cs(at - 1) + D + "\"4" + D + "2\"" + tail,
                    cs(at - 1) + "|4" + D + "2|2026-01-05|700"};
        case Spot::QuoteCloses:  // c * (at - 5), d, " at at - 4, 4, d, 2, " at `at`
            return {cs(at - 5) + D + "\"4" + D + "2\"" + tail,
                    cs(at - 5) + "|4" + D + "2|2026-01-05|700"};
        case Spot::QuoteInField:  // c * at, " at `at`, x: the customer is c...c"x
            return {cs(at) + "\"x" + D + "42" + tail, cs(at) + "\"x|42|2026-01-05|700"};
        case Spot::CrLfCr:  // c * n, then ";42;2026-01-05;7" (16 bytes): CR at n + 16
            return {cs(at - 16) + D + "42" + D + "2026-01-05" + D + "7\r\n",
                    cs(at - 16) + "|42|2026-01-05|700"};
        case Spot::CrLfLf:  // as above, LF at n + 17
            return {cs(at - 17) + D + "42" + D + "2026-01-05" + D + "7\r\n",
                    cs(at - 17) + "|42|2026-01-05|700"};
        case Spot::QuotedThenCr:  // c * n, ";42;2026-01-05;" (15), "7" (3): CR at n + 18
            return {cs(at - 18) + D + "42" + D + "2026-01-05" + D + "\"7\"\r\n",
                    cs(at - 18) + "|42|2026-01-05|700"};
    }
    return {};
}

// The byte expected at the spot, and (for a check of the layout) the one 1 byte away.
char spot_byte(Spot spot, char d) {
    switch (spot) {
        case Spot::Delimiter:
            return d;
        case Spot::LineFeed:
            return '\n';
        case Spot::QuoteOpens:
        case Spot::QuoteCloses:
        case Spot::QuoteInField:
            return '"';
        case Spot::CrLfCr:
        case Spot::QuotedThenCr:
            return '\r';
        case Spot::CrLfLf:
            return '\n';
    }
    return 0;
}

const char* spot_name(Spot spot) {
    switch (spot) {
        case Spot::Delimiter:
            return "delimiter";
        case Spot::LineFeed:
            return "line feed";
        case Spot::QuoteOpens:
            return "opening quote";
        case Spot::QuoteCloses:
            return "closing quote";
        case Spot::QuoteInField:
            return "quote inside a field";
        case Spot::CrLfCr:
            return "CR of CRLF";
        case Spot::CrLfLf:
            return "LF of CRLF";
        case Spot::QuotedThenCr:
            return "CR after a quoted field";
    }
    return "";
}

}  // namespace

TEST_SUITE("orders_finalize") {
    TEST_CASE(
        "the row scanner finds a delimiter, quote, CR or LF at bytes 63, 64, 65, 127 and 128 of a "
        "chunk") {
        // The body (all rows after the header) is one chunk: the scanner's windows are its
        // bytes [0, 64), [64, 128), [128, 192) while at least 64 bytes remain, then it reads 16
        // and 8 at a time. Each body: optionally a 30-byte first row (so the special byte of
        // the second row comes from a window the first row already classified), the row with
        // the special byte at the spot, and optionally five 60-byte rows after it (so the
        // spot is inside full windows; without them the body's end is in the short tail).
        const Spot spots[] = {Spot::Delimiter,   Spot::LineFeed,     Spot::QuoteOpens,
                              Spot::QuoteCloses, Spot::QuoteInField, Spot::CrLfCr,
                              Spot::CrLfLf,      Spot::QuotedThenCr};
        for (char d : {';', ','}) {
            const std::string D(1, d);
            const std::string head =
                "customer" + D + "order" + D + "date" + D + "amount" + D + "comment\n";
            // "p0;41;2026-01-04;1;" (19 bytes) + 10 x's + LF = 30 bytes.
            const std::string first_row =
                "p0" + D + "41" + D + "2026-01-04" + D + "1" + D + "xxxxxxxxxx\n";
            REQUIRE(first_row.size() == 30);
            std::string filler;
            std::vector<std::string> filler_orders;
            for (int k = 1; k <= 5; ++k) {
                // "f<k>;5<k>;2026-02-0<k>;<k>;" (19 bytes) + 40 z's + LF = 60 bytes.
                const std::string ks = std::to_string(k);
                const std::string row = cat({"f", ks, D, "5", ks, D, "2026-02-0", ks, D, ks, D,
                                             std::string(40, 'z'), "\n"});
                REQUIRE(row.size() == 60);
                filler += row;
                filler_orders.push_back(
                    cat({"f", ks, "|5", ks, "|2026-02-0", ks, "|", std::to_string(100 * k)}));
            }
            for (Spot spot : spots) {
                for (size_t pos : {size_t(63), size_t(64), size_t(65), size_t(127), size_t(128)}) {
                    for (bool with_first : {false, true}) {
                        for (bool with_filler : {false, true}) {
                            CAPTURE(d);
                            CAPTURE(spot_name(spot));
                            CAPTURE(pos);
                            CAPTURE(with_first);
                            CAPTURE(with_filler);
                            const size_t offset = with_first ? first_row.size() : 0;
                            const SpotRow sr = spot_row(spot, pos - offset, d);
                            const std::string body = (with_first ? first_row : "") + sr.row +
                                                     (with_filler ? filler : "");
                            // The layout: the special byte is where it is meant to be.
                            REQUIRE(body.size() > pos);
                            REQUIRE(body[pos] == spot_byte(spot, d));
                            std::vector<std::string> expected;
                            if (with_first) expected.push_back("p0|41|2026-01-04|100");
                            expected.push_back(sr.expected);
                            if (with_filler) {
                                expected.insert(expected.end(), filler_orders.begin(),
                                                filler_orders.end());
                            }
                            const ImportSnapshot split = import_head_body(head, body);
                            CHECK(split.bad_rows == 0);
                            CHECK(split.errors.empty());
                            check_lines(split.orders, expected);
                            CHECK(split.lines == 1 + expected.size());
                            // The header and rows in one buffer, and after a BOM (then the
                            // header is read inside the row loop, whose scanner must be rebuilt
                            // once the header names the delimiter), and byte by byte.
                            CHECK(import_text(head + body).text() == split.text());
                            CHECK(import_text("\xEF\xBB\xBF" + head + body).text() == split.text());
                            CHECK(import_text(head + body, 1).text() == split.text());
                        }
                    }
                }
            }
        }
    }

    TEST_CASE(
        "short chunks, read 16 and 8 bytes at a time, find a delimiter at every byte position") {
        // A body of one row "c * n;42;2026-01-05;7" + LF (n + 16 bytes), n = 1 .. 80: the
        // delimiter after the customer is at byte n of the chunk. Below 64 bytes the scanner
        // never keeps a window: it reads 16-byte blocks, then 8-byte words, then bytes, so
        // every offset in a block and in a word holds the delimiter once. A second row after
        // it moves the line feed and the later delimiters through every offset too.
        for (char d : {';', ','}) {
            const std::string D(1, d);
            const std::string head = "customer" + D + "order" + D + "date" + D + "amount\n";
            for (size_t n = 1; n <= 80; ++n) {
                CAPTURE(d);
                CAPTURE(n);
                const std::string body = std::string(n, 'c') + D + "42" + D + "2026-01-05" + D +
                                         "7\nd" + D + "43" + D + "2026-01-06" + D + "8\n";
                REQUIRE(body[n] == d);
                const ImportSnapshot s = import_head_body(head, body);
                check_lines(s.orders,
                            {std::string(n, 'c') + "|42|2026-01-05|700", "d|43|2026-01-06|800"});
                CHECK(s.bad_rows == 0);
            }
        }
    }

    TEST_CASE("a quoted field holding the delimiter and a line break across a 64-byte boundary") {
        // Body offsets (the body is one chunk after the header):
        //   0-19   q1;100;2026-01-05;7;            (20 bytes)
        //   20     " opens the comment; 21-62 are 42 letters z
        //   63 ;   64 LF   65-67 end   68 "   69 LF      (lines 2-3)
        //   70-89  q2;101;2026-01-06;8 LF                  (line 4)
        //   90     " opens the customer; 91-126 are 36 letters c
        //   127 ;  128 LF  129 z  130 "  131 ;  then 102;2026-01-07;9 LF   (lines 5-6)
        //   then   q4;103;2026-01-08;10 LF                (line 7)
        const std::string head = "customer;order;date;amount;comment\n";
        const std::string body = "q1;100;2026-01-05;7;\"" + std::string(42, 'z') +
                                 ";\nend\"\n"
                                 "q2;101;2026-01-06;8\n"
                                 "\"" +
                                 std::string(36, 'c') +
                                 ";\nz\";102;2026-01-07;9\n"
                                 "q4;103;2026-01-08;10\n";
        REQUIRE(body[20] == '"');
        REQUIRE(body[63] == ';');
        REQUIRE(body[64] == '\n');
        REQUIRE(body[68] == '"');
        REQUIRE(body[69] == '\n');
        REQUIRE(body[90] == '"');
        REQUIRE(body[127] == ';');
        REQUIRE(body[128] == '\n');
        REQUIRE(body[130] == '"');
        const std::vector<std::string> expected = {"q1|100|2026-01-05|700", "q2|101|2026-01-06|800",
                                                   std::string(36, 'c') + ";\nz|102|2026-01-07|900",
                                                   "q4|103|2026-01-08|1000"};
        const ImportSnapshot split = import_head_body(head, body);
        check_lines(split.orders, expected);
        CHECK(split.bad_rows == 0);
        CHECK(split.rows == 4);
        CHECK(split.lines == 7);
        CHECK(import_every_way(head + body).text() == split.text());
        // The same with CRLF line ends (the line breaks inside quotes become CRLF too, and are
        // kept in the customer id as they are).
        std::string crlf;
        for (char ch : head + body) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
        const ImportSnapshot c = import_every_way(crlf);
        check_lines(c.orders,
                    {"q1|100|2026-01-05|700", "q2|101|2026-01-06|800",
                     std::string(36, 'c') + ";\r\nz|102|2026-01-07|900", "q4|103|2026-01-08|1000"});
        CHECK(c.lines == 7);
    }

    TEST_CASE(
        "a comma file with CRLF and quoted amounts is read with the header in the same chunk") {
        // The first data rows are longer than 64 bytes, so the windows matter.
        const std::string customer(50, 'm');  // 50 bytes: its comma is at byte 50 of the row
        const std::string text = "email,order_id,created_at,total\r\n" + customer +
                                 ",1,2026-01-05,\"1,234.50\"\r\n"  // amount holds the delimiter
                                 + customer +
                                 "2,2,2026-01-06,12.5\r\n"
                                 "b@x.ru,3,05.01.2026 10:15,\"7\"\r\n";
        // With a BOM the header is not read from the first three bytes held back for the BOM
        // check, but inside the row loop, after the scanner was built.
        const ImportSnapshot s = import_every_way(text);
        CHECK(import_every_way("\xEF\xBB\xBF" + text).text() == s.text());
        CHECK(s.delimiter == ',');
        check_lines(s.orders, {customer + "|1|2026-01-05|123450", customer + "2|2|2026-01-06|1250",
                               "b@x.ru|3|2026-01-05|700"});
        CHECK(s.bad_rows == 0);
        CHECK(s.lines == 4);
    }
}
