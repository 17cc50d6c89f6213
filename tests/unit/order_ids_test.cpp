// Order ids in OrderTable: a plain number ("100234") is kept as its value, any other text in the
// id store. Either way an id must come back as written, equal ids must merge and link refunds,
// and ids that only look alike ("7" and "007", "2147483647" and "2147483648") must stay apart.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "loyalty/csv.h"
#include "loyalty/date.h"
#include "loyalty/orders.h"

namespace {

using loyalty::OrderTable;

loyalty::Day day(const char* iso) { return *loyalty::parse_csv_date(iso); }

// "order id|yyyy-mm-dd|amount" of each order of customer `c`, in table order.
std::vector<std::string> customer_orders(const OrderTable& t, int32_t c) {
    std::vector<std::string> out;
    for (uint32_t k = t.customer_begin(c); k < t.customer_begin(c + 1); ++k) {
        std::string s = t.order_id(k);
        s += '|';
        s += loyalty::format_day(t.day()[k]);
        s += '|';
        s += std::to_string(t.amount()[k]);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

TEST_SUITE("order_ids") {
    TEST_CASE("ids at the edges of the numeric form come back exactly as written") {
        // Each id is on one side of a boundary of the numeric form: a single "0", the largest
        // value kept as a number (2^31 - 1) and the next one, 11 digits, a leading zero, signs,
        // a space inside, letters, non-ASCII digits (Arabic-Indic "١٢", 4 bytes). Run in the
        // table's id order (shorter first, then bytes: the plain path) and reversed (merging);
        // the days follow the position, so the table keeps the input order either way.
        std::vector<std::string> ids = {"0",          "7",          "99",         "+12",
                                        "-12",        "007",        "1 2",        "A-17",
                                        "١٢",         "1000000000", "2147483647", "2147483648",
                                        "4294967296", "9999999999", "10000000000"};
        for (const bool reversed : {false, true}) {
            INFO("reversed: ", reversed);
            if (reversed) std::reverse(ids.begin(), ids.end());
            OrderTable t;
            for (size_t i = 0; i < ids.size(); ++i) {
                REQUIRE(t.add("c", ids[i], day("2026-01-01") + loyalty::Day(i), int64_t(100 + i),
                              uint32_t(i + 2)));
            }
            CHECK(t.finalize().empty());
            CHECK(t.merged_rows() == 0);
            REQUIRE(t.size() == ids.size());
            for (size_t i = 0; i < ids.size(); ++i) {
                INFO("id ", ids[i]);
                CHECK(t.order_id(i) == ids[i]);
                CHECK(t.amount()[i] == int64_t(100 + i));
            }
        }
    }

    TEST_CASE(
        "a number merges only with the same number, never with the same digits written otherwise") {
        // Out of order, so the merging path runs. "100" appears three times (500 + 300 + 200 =
        // 1000, on its earliest day, 01-03); "0100" twice (70 + 30 = 100, day 01-02); "100 " is
        // not trimmed by the table, so it is a third id. 7 rows, 3 merged.
        OrderTable t;
        REQUIRE(t.add("c", "100", day("2026-01-05"), 500));
        REQUIRE(t.add("c", "0100", day("2026-01-02"), 70));
        REQUIRE(t.add("c", "100", day("2026-01-03"), 300));
        REQUIRE(t.add("c", "100 ", day("2026-01-04"), 9));
        REQUIRE(t.add("c", "0100", day("2026-01-06"), 30));
        REQUIRE(t.add("c", "100", day("2026-01-07"), 200));
        REQUIRE(t.add("d", "100", day("2026-01-01"), 1));  // another customer's 100 stays its own
        CHECK(t.finalize().empty());
        CHECK(t.merged_rows() == 3);
        CHECK(customer_orders(t, 0) == std::vector<std::string>{"0100|2026-01-02|100",
                                                                "100|2026-01-03|1000",
                                                                "100 |2026-01-04|9"});
        CHECK(customer_orders(t, 1) == std::vector<std::string>{"100|2026-01-01|1"});
    }

    TEST_CASE(
        "the largest number kept as a number and the next one, stored as text, stay two orders") {
        // 2147483648 then 2147483647: the same width, the second sorts lower, so the merging path
        // compares a stored text with a number. Then each repeats and merges with itself only.
        OrderTable t;
        REQUIRE(t.add("c", "2147483648", day("2026-02-01"), 10));
        REQUIRE(t.add("c", "2147483647", day("2026-02-02"), 20));
        REQUIRE(t.add("c", "2147483648", day("2026-02-03"), 1));
        REQUIRE(t.add("c", "2147483647", day("2026-02-04"), 2));
        CHECK(t.finalize().empty());
        CHECK(t.merged_rows() == 2);
        CHECK(customer_orders(t, 0) ==
              std::vector<std::string>{"2147483648|2026-02-01|11", "2147483647|2026-02-02|22"});
    }

    TEST_CASE("refunds link to the order with the very id they name, numeric or not") {
        // Ascending ids (shorter first, then bytes: the plain path). Refunds name 1002 (linked:
        // order index 1), 01002 (no such order), B-77 (linked: index 2), 1001 of customer d (d
        // has no 1001: not linked) and 1001 of c (index 0).
        OrderTable t;
        REQUIRE(t.add("c", "1001", day("2026-03-01"), 1000));
        REQUIRE(t.add("c", "1002", day("2026-03-02"), 2000));
        REQUIRE(t.add("c", "B-77", day("2026-03-03"), 3000));
        REQUIRE(t.add("d", "B-78", day("2026-03-03"), 4000));
        REQUIRE(t.add("c", "1002", day("2026-03-05"), -500));
        REQUIRE(t.add("c", "01002", day("2026-03-05"), -600));
        REQUIRE(t.add("c", "B-77", day("2026-03-06"), -700));
        REQUIRE(t.add("d", "1001", day("2026-03-06"), -800));
        REQUIRE(t.add("c", "1001", day("2026-03-07"), -900));
        CHECK(t.finalize().empty());
        REQUIRE(t.refunds().size() == 5);
        std::vector<std::string> linked;
        for (const auto& r : t.refunds()) {
            std::string s = t.refund_order_id(r);
            s += '>';
            s += std::to_string(r.order);
            linked.push_back(std::move(s));
        }
        CHECK(linked ==
              std::vector<std::string>{"1002>1", "01002>-1", "B-77>2", "1001>-1", "1001>0"});
    }

    TEST_CASE("the CSV import keeps numeric and text ids apart the same way") {
        // Through the reader: fields are trimmed there, so " 0042" is "0042" (text) and " 42 "
        // is 42 (a number); the two are different orders of one customer.
        loyalty::OrderCsvReader reader;
        reader.feed(
            "customer;order;date;amount\n"
            "c; 0042;2026-04-01;10\n"
            "c; 42 ;2026-04-02;20\n"
            "c;42;2026-04-03;-5\n"
            "c;0042;2026-04-03;-1\n");
        REQUIRE(reader.finish().ok());
        const auto& t = reader.table();
        CHECK(customer_orders(t, 0) ==
              std::vector<std::string>{"0042|2026-04-01|1000", "42|2026-04-02|2000"});
        REQUIRE(t.refunds().size() == 2);
        CHECK(t.refund_order_id(t.refunds()[0]) == "42");
        CHECK(t.refunds()[0].order == 1);
        CHECK(t.refund_order_id(t.refunds()[1]) == "0042");
        CHECK(t.refunds()[1].order == 0);
    }
}
