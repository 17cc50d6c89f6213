// The CSV order import: amounts and dates as exports write them, header matching, and the
// streaming reader fed in chunks split at every possible byte.
#include "loyalty/csv.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "import_snapshot.h"

namespace {

using loyalty::Currency;
using loyalty::OrderCsvReader;
using loyalty::parse_csv_amount;
using loyalty::parse_csv_date;
using loyalty::test::import_snapshot;
using loyalty::test::import_text;
using loyalty::test::ImportSnapshot;

const Currency kRub{"RUB", 2};

int64_t amount_of(std::string_view text, Currency currency = kRub) {
    const auto parsed = parse_csv_amount(text, currency);
    INFO("amount text: ", std::string(text));
    REQUIRE(parsed.error == nullptr);
    return parsed.minor;
}

bool amount_refused(std::string_view text, Currency currency = kRub) {
    return parse_csv_amount(text, currency).error != nullptr;
}

int day_of(int y, unsigned m, unsigned d) { return loyalty::days_from_civil(y, m, d); }

// A Russian export with everything at once: a BOM, CRLF line ends, quoted fields holding the
// delimiter, a line break and escaped quotes, "1 234,50" amounts with a plain space and a NBSP,
// dd.mm.yyyy dates with a time, a UTF-8 customer name, a blank line, and order lines to merge.
const std::string kTricky =
    "\xEF\xBB\xBF"
    "\"Номер заказа\";Дата;Покупатель;Комментарий;Сумма, руб.\r\n"
    "1001;05.01.2026 10:15;anna@example.ru;\"Позвонить; потом\";1 234,50\r\n"
    "1002;06.01.2026;\"Пётр Иванов\";\"две\r\nстроки\";\"12\xC2\xA0"
    "345,00 ₽\"\r\n"
    "\r\n"
    "1003;2026-01-07T09:00:00+03:00;anna@example.ru;\"он сказал \"\"ок\"\"\";99,9\r\n"
    "1003;07.01.2026;anna@example.ru;вторая строка заказа;0,10\r\n"
    "1001;10.01.2026;anna@example.ru;возврат;-234,50\r\n"
    "1004;11.01.2026;boris@example.ru;;500";

}  // namespace

TEST_SUITE("csv") {
    TEST_CASE("amounts are read as exports write them, in minor units") {
        CHECK(amount_of("1 234,50") == 123450);  // space groups, decimal comma
        CHECK(amount_of("1\xC2\xA0"
                        "234,50") == 123450);  // NBSP groups
        CHECK(amount_of("1\xE2\x80\xAF"
                        "234,50") == 123450);  // narrow NBSP groups
        CHECK(amount_of("1\xE2\x80\x89"
                        "234,50") == 123450);           // thin space groups
        CHECK(amount_of("1,234.50") == 123450);         // comma groups, decimal point
        CHECK(amount_of("1.234.567,89") == 123456789);  // dot groups, decimal comma
        CHECK(amount_of("1,234,567") == 123456700);     // several commas can only group
        CHECK(amount_of("12,5") == 1250);               // a lone comma is the decimal mark
        CHECK(amount_of("1234") == 123400);
        CHECK(amount_of("0,05") == 5);
        CHECK(amount_of("  -99.90 ") == -9990);
        CHECK(amount_of("\xE2\x88\x92"
                        "5") == -500);           // U+2212 minus
        CHECK(amount_of("12,5000") == 1250);     // four decimals: no group, zeros dropped
        CHECK(amount_of("0,500") == 50);         // a group never starts with 0: 0.50
        CHECK(amount_of("1234,500") == 123450);  // four digits before: no group
        CHECK(amount_of("1,500", Currency{"KWD", 3}) == 1500);  // three decimals in KWD
        CHECK(amount_of("1234.50 \xE2\x82\xBD") == 123450);     // "₽" after
        CHECK(amount_of("1234.50\xE2\x82\xBD") == 123450);      // glued
        CHECK(amount_of("RUB 12") == 1200);
        CHECK(amount_of("12 rub") == 1200);
        CHECK(amount_of("12 руб.") == 1200);
        CHECK(amount_of("12р") == 1200);
        CHECK(amount_of("$12.5", Currency{"USD", 2}) == 1250);
        CHECK(amount_of("1.5", Currency{"KWD", 3}) == 1500);  // three decimals
        CHECK(amount_of("1 234", Currency{"JPY", 0}) == 1234);
        // 10^13 roubles = 10^15 kopecks, the largest amount accepted.
        CHECK(amount_of("10 000 000 000 000,00") == 1'000'000'000'000'000);
    }

    TEST_CASE("amounts that cannot be read safely are refused, never guessed or wrapped") {
        CHECK(amount_refused(""));
        CHECK(amount_refused("abc"));
        CHECK(amount_refused("12,34,5"));  // groups of three only
        CHECK(amount_refused("1 23,00"));  // a group of two
        CHECK(amount_refused("1..2"));
        CHECK(amount_refused("12."));    // a decimal mark with no decimals
        CHECK(amount_refused("1,234"));  // three decimals in RUB: ambiguous, so refused
        // A lone mark before three digits may group thousands: "1,000" is 1000 in a US export
        // and would be 1.00 if the zeros were dropped, so it is refused, not guessed.
        CHECK(amount_refused("1,000"));
        CHECK(amount_refused("12.500"));
        CHECK(amount_refused("-1,230"));
        CHECK(amount_refused("$1,000", Currency{"USD", 2}));
        CHECK(amount_refused("1,000", Currency{"JPY", 0}));
        CHECK(amount_refused("1.5", Currency{"JPY", 0}));
        CHECK(amount_refused("$12"));     // dollars in a RUB import
        CHECK(amount_refused("12 XYZ"));  // an unknown code
        CHECK(amount_refused("1.234,5.6"));
        CHECK(amount_refused("10 000 000 000 000,01"));  // 10^15 + 1 kopecks
        CHECK(amount_refused("99999999999999999999999999"));
        CHECK(amount_refused("9223372036854775808"));  // 2^63 roubles would wrap an int64
    }

    TEST_CASE("a refused amount says why: a word is not a number, a strange code is a currency") {
        const auto message = [](std::string_view text) {
            const char* error = parse_csv_amount(text, kRub).error;
            return std::string(error ? error : "");
        };
        // Three letters alone look like an ISO code, but with no number left they are a word.
        CHECK(message("abc").rfind("is not an amount", 0) == 0);
        CHECK(message("RUB").rfind("is not an amount", 0) == 0);
        CHECK(message("12 XYZ").rfind("names an unknown currency", 0) == 0);
        CHECK(message("$12").rfind("is in another currency", 0) == 0);
    }

    TEST_CASE("dates: ISO with or without a time, and dd.mm.yyyy") {
        const int jan5 = day_of(2026, 1, 5);
        CHECK(parse_csv_date("2026-01-05") == jan5);
        CHECK(parse_csv_date("2026-01-05T14:30:00+03:00") == jan5);  // the date as written
        CHECK(parse_csv_date("2026-01-05T23:59:59.123Z") == jan5);
        CHECK(parse_csv_date("2026-01-05 14:30") == jan5);
        CHECK(parse_csv_date(" 05.01.2026 ") == jan5);
        CHECK(parse_csv_date("5.1.2026") == jan5);
        CHECK(parse_csv_date("05.01.2026 14:30:15") == jan5);
        CHECK(parse_csv_date("29.02.2024") == day_of(2024, 2, 29));
        CHECK_FALSE(parse_csv_date("2026-02-29"));  // not a leap year
        CHECK_FALSE(parse_csv_date("31.04.2026"));
        CHECK_FALSE(parse_csv_date("2026-13-01"));
        CHECK_FALSE(parse_csv_date("1899-12-31"));
        CHECK_FALSE(parse_csv_date("05/01/2026"));  // month or day first? refused
        CHECK_FALSE(parse_csv_date("2026-01-05T25:00"));
        CHECK_FALSE(parse_csv_date("2026-01-05 garbage"));
        CHECK_FALSE(parse_csv_date(""));
    }

    TEST_CASE("header names are matched in English and Russian, whatever the case and spelling") {
        CHECK(loyalty::csv_column_role("Customer_ID") == "customer");
        CHECK(loyalty::csv_column_role("E-mail") == "customer");
        CHECK(loyalty::csv_column_role("ПОКУПАТЕЛЬ") == "customer");
        CHECK(loyalty::csv_column_role("Телефон клиента") == "customer");
        CHECK(loyalty::csv_column_role("Номер заказа") == "order");
        CHECK(loyalty::csv_column_role("№ заказа") == "order");
        CHECK(loyalty::csv_column_role("Order #") == "order");
        CHECK(loyalty::csv_column_role("created_at") == "date");
        CHECK(loyalty::csv_column_role("Дата заказа") == "date");
        CHECK(loyalty::csv_column_role("Сумма заказа") == "amount");
        CHECK(loyalty::csv_column_role("Итого, руб.") == "amount");
        CHECK(loyalty::csv_column_role("Grand Total") == "amount");
        CHECK(loyalty::csv_column_role("Статус") == "");
    }

    TEST_CASE("a tricky Russian export is read completely") {
        const ImportSnapshot s = import_text(kTricky);
        CHECK(s.fatal == "");
        CHECK(s.delimiter == ';');
        CHECK(s.columns == "Покупатель|Номер заказа|Дата|Сумма, руб.");
        // Grouped by customer in order of appearance, by day within one. 1003 has two lines
        // (99,90 + 0,10 = 100,00); the -234,50 row is a refund of 1001.
        REQUIRE(s.orders.size() == 4);
        CHECK(s.orders[0] == "anna@example.ru|1001|2026-01-05|123450");
        CHECK(s.orders[1] == "anna@example.ru|1003|2026-01-07|10000");
        CHECK(s.orders[2] == "Пётр Иванов|1002|2026-01-06|1234500");
        CHECK(s.orders[3] == "boris@example.ru|1004|2026-01-11|50000");
        REQUIRE(s.refunds.size() == 1);
        CHECK(s.refunds[0] == "anna@example.ru|1001|2026-01-10|23450|0");
        // Rows: 6 data rows = 4 orders + 1 merged + 1 refund; the blank line is not a row.
        CHECK(s.rows == 7 - 1);
        CHECK(s.merged == 1);
        CHECK(s.refund_rows == 1);
        CHECK(s.bad_rows == 0);
        // Lines: header 1, rows 2, 3-4 (a quoted line break), blank 5, then 6, 7, 8, 9.
        CHECK(s.lines == 9);
    }

    TEST_CASE("chunk boundaries anywhere give the same result as one chunk") {
        const ImportSnapshot whole = import_text(kTricky);
        // Two chunks, split at every byte: inside the BOM, a quoted field, a CRLF, a UTF-8
        // sequence, a NBSP.
        for (size_t cut = 0; cut <= kTricky.size(); ++cut) {
            CAPTURE(cut);
            OrderCsvReader reader;
            reader.feed(std::string_view(kTricky).substr(0, cut));
            reader.feed(std::string_view(kTricky).substr(cut));
            CHECK(import_snapshot(reader) == whole);
        }
        // One byte at a time, and in chunks of 2 to 7 bytes.
        for (size_t step = 1; step <= 7; ++step) {
            CAPTURE(step);
            OrderCsvReader reader;
            for (size_t i = 0; i < kTricky.size(); i += step) {
                reader.feed(std::string_view(kTricky).substr(i, step));
            }
            CHECK(import_snapshot(reader) == whole);
        }
    }

    TEST_CASE("a quote inside a field is a character; after spaces it opens a quoted field") {
        // Row 2: 12" pizza is text (the quote does not open anything). Row 3: spaces, then a
        // quoted customer holding the delimiter. Row 4: a quoted last field before CRLF. Row 5:
        // text after a closing quote joins the field. Every split of the file agrees.
        const std::string text =
            "customer;note;date;amount\r\n"
            "c1;12\" pizza;2026-01-05;1\r\n"
            "  \"c;2\";x;2026-01-06;2\r\n"
            "c3;y;2026-01-07;\"3,50\"\r\n"
            "\"c\"4;z;2026-01-08;4\n";
        const ImportSnapshot whole = import_text(text);
        CHECK(whole.bad_rows == 0);
        REQUIRE(whole.orders.size() == 4);
        CHECK(whole.orders[0] == "c1||2026-01-05|100");
        CHECK(whole.orders[1] == "c;2||2026-01-06|200");
        CHECK(whole.orders[2] == "c3||2026-01-07|350");
        CHECK(whole.orders[3] == "c4||2026-01-08|400");
        for (size_t cut = 0; cut <= text.size(); ++cut) {
            CAPTURE(cut);
            OrderCsvReader reader;
            reader.feed(std::string_view(text).substr(0, cut));
            reader.feed(std::string_view(text).substr(cut));
            CHECK(import_snapshot(reader) == whole);
        }
    }

    TEST_CASE("bad rows are counted and reported with their line, column and reason") {
        const std::string text =
            "customer,order_id,date,amount\n"          // line 1
            "c1,o1,2026-01-05,10.00\n"                 // 2: fine
            "c2,o2,\"2026-01-06\",\"multi\nline\"\n"   // 3-4: bad amount, starts on 3
            "c3,o3,2026-02-30,5\n"                     // 5: no such date
            ",o4,2026-01-07,5\n"                       // 6: no customer
            "c5,o5,2026-01-07\n"                       // 7: too few fields
            "c6,o6,2026-01-07,99999999999999999999\n"  // 8: overflow, not a wrap
            "c1,o1,2026-01-08,9999999999999.99\n"      // 9: o1 would pass 10^15
            "c8,o8,2026-01-09,1\n"                     // 10: fine
            "c9,o9,2026-01-10,\"5\n";                  // 11: the quote never closes
        const ImportSnapshot s = import_text(text);
        CHECK(s.rows == 9);
        CHECK(s.bad_rows == 7);
        CHECK(s.orders.size() == 2);
        REQUIRE(s.errors.size() == 7);
        CHECK(s.errors[0].rfind("3|amount|\"multi line\" is not an amount", 0) == 0);
        CHECK(s.errors[1].rfind("5|date|\"2026-02-30\" is not a date", 0) == 0);
        CHECK(s.errors[2] == "6|customer|is empty; every order needs its customer");
        CHECK(s.errors[3] == "7||has 3 fields; expected at least 4 (the header has 4)");
        CHECK(s.errors[4].rfind("8|amount|\"99999999999999999999\" is too large", 0) == 0);
        // Found when the rows of o1 are merged at the end, listed in line order all the same.
        CHECK(s.errors[5] ==
              "9|amount|the rows of order \"o1\" add up to more than 10^15 minor units");
        CHECK(s.errors[6] == "11||ends inside a quoted field (a \" that never closes)");
    }

    TEST_CASE("only the first max_errors bad rows are described, but all are counted") {
        std::string text = "customer;date;amount\n";
        for (int i = 0; i < 50; ++i) text += "c;not a date;1\n";
        loyalty::CsvOptions options;
        options.max_errors = 3;
        const ImportSnapshot s = import_text(text, /*chunk=*/0, options);
        CHECK(s.bad_rows == 50);
        REQUIRE(s.errors.size() == 3);
        CHECK(s.errors[2].rfind("4|date|", 0) == 0);
    }

    TEST_CASE("the delimiter comes from the header, or from Excel's sep= line") {
        CHECK(import_text("email,date,total\na@x,2026-01-05,1.50\n").delimiter == ',');
        CHECK(import_text("email\tdate\ttotal\na@x\t2026-01-05\t1.50\n").delimiter == '\t');
        const ImportSnapshot sep = import_text("sep=;\nemail;date;total\na@x;2026-01-05;1,50\n");
        CHECK(sep.delimiter == ';');
        REQUIRE(sep.orders.size() == 1);
        CHECK(sep.orders[0] == "a@x||2026-01-05|150");
    }

    TEST_CASE("a header without a needed column stops the import with the names it has") {
        OrderCsvReader reader;
        reader.feed("Клиент;Статус;Сумма\nc1;ok;10\n");
        const auto finished = reader.finish();
        REQUIRE_FALSE(finished.ok());
        CHECK(finished.errors()[0].path == "/csv");
        CHECK(finished.errors()[0].message ==
              "line 1: no column for the date (expected a header such as date, created_at, "
              "order_date or дата); the header has \"Клиент\", \"Статус\", \"Сумма\"");
        CHECK(reader.report().rows == 0);
    }

    TEST_CASE("column names given in the options override the automatic matching") {
        loyalty::CsvOptions options;
        options.customer_column = "Телефон";
        options.amount_column = "paid_total";
        const ImportSnapshot s = import_text(
            "Email;Телефон;Date;Amount;Paid_Total\n"
            "a@x;+7900;2026-01-05;10;7\n",
            /*chunk=*/0, options);
        CHECK(s.columns == "Телефон||Date|Paid_Total");
        REQUIRE(s.orders.size() == 1);
        CHECK(s.orders[0] == "+7900||2026-01-05|700");
    }

    TEST_CASE("empty files, UTF-16 files and endless quotes are fatal, not crashes") {
        CHECK(import_text("").fatal.find("the file is empty") != std::string::npos);
        CHECK(import_text(std::string("\xFF\xFE"
                                      "c\0u\0",
                                      6))
                  .fatal.find("UTF-16") != std::string::npos);
        std::string endless = "customer;date;amount\nc;2026-01-05;\"";
        endless += std::string(OrderCsvReader::kMaxRowBytes + 10, 'x');
        CHECK(import_text(endless).fatal.find("longer than 1 MiB") != std::string::npos);
    }

    TEST_CASE("refunds link to their order even when the export lists the newest first") {
        const ImportSnapshot s = import_text(
            "customer;order;date;amount\n"
            "c1;A-2;12.01.2026;-50\n"  // refund of A-2 before it
            "c1;A-2;10.01.2026;200\n"
            "c2;B-1;11.01.2026;-10\n");  // names no order
        REQUIRE(s.refunds.size() == 2);
        CHECK(s.refunds[0] == "c1|A-2|2026-01-12|5000|0");
        CHECK(s.refunds[1] == "c2|B-1|2026-01-11|1000|-1");
    }
}
