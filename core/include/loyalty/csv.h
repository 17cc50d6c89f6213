// Streaming import of order-history CSV exports into an OrderTable.
//
// Feed the bytes in chunks of any size, split anywhere (inside a quoted field, between the CR and
// LF of a line end, inside a UTF-8 sequence); then call finish(). The reader detects the
// delimiter (`,` `;` or tab) from the header row, matches the header names (English and Russian)
// to the customer, order, date and amount columns, and reports every row it could not use with
// its line number, the column and the reason. Nothing in the input makes it crash or throw.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/error.h"
#include "loyalty/money.h"
#include "loyalty/orders.h"

namespace loyalty {

/** Reader settings. Column names, when given, override the automatic header matching and are
 *  compared like header names (case, spaces, `_` and `-` do not matter). */
struct CsvOptions {
    Currency currency{"RUB", 2};  // amounts are read in this currency's minor units
    std::string customer_column, order_column, date_column, amount_column;
    /** The export's shape for OrderImport (loyalty/csv_import.h): "" or "auto" to detect it
     *  from the header, or a preset id. OrderCsvReader itself ignores it. */
    std::string preset;
    size_t max_errors = 100;  // rows described in CsvReport::errors; all are counted
    /** The file's size when the caller knows it (0: unknown). Only a hint: the reader sizes its
     *  tables for it once instead of growing them step by step. */
    size_t expected_bytes = 0;
};

/** One row the reader could not use. `line` is the 1-based physical line the row starts on. */
struct CsvRowError {
    uint64_t line = 0;
    std::string column;   // the header name of the offending column, "" for the row as a whole
    std::string message;  // what was found and what was expected
};

/** What the import did. `rows` counts data rows (blank lines are skipped and not counted);
 *  after finish(), rows = orders + merged_rows + refund_rows + bad_rows. */
struct CsvReport {
    uint64_t rows = 0;
    uint64_t bad_rows = 0;
    uint64_t merged_rows = 0;         // order lines added to an order of the same id
    uint64_t refund_rows = 0;         // rows with a negative amount
    uint64_t lines = 0;               // physical lines seen, header included
    uint64_t bytes = 0;               // bytes fed so far (for progress)
    std::vector<CsvRowError> errors;  // the first CsvOptions::max_errors bad rows
    char delimiter = 0;               // 0 until the header is read
    // Header names of the matched columns ("" when absent; only the order column may be).
    std::string customer_column, order_column, date_column, amount_column;
    /** A problem that stops the whole import (no header, a required column missing, a line too
     *  long). Rows after it are not read. */
    std::optional<Error> fatal;
};

/** The last date the reader parsed in the common fixed shape (dd.mm.yyyy or yyyy-mm-dd): its
 *  first ten bytes and its day, so the next rows of the same day skip the calendar arithmetic.
 *  Internal to the reader. */
struct CsvDateMemo {
    char text[10] = {};
    Day day = 0;
    bool valid = false;
};

class CsvSpecialFinder;  // the row scanner's byte classifier (internal, core/src/csv_scan.h)

/** The streaming reader. Typical use: feed() every chunk, finish(), then table() and report(). */
class OrderCsvReader {
  public:
    explicit OrderCsvReader(CsvOptions options = {});

    /** Consumes the next bytes of the file. Cheap to call with tiny chunks; complete rows are
     *  parsed straight from `chunk`, only an unfinished row is copied. */
    void feed(std::string_view chunk);
    /** Ends the input: parses a last row without a line end and links refunds to their orders.
     *  Fails (report().fatal is set too) when the header was missing or unusable. */
    Result<bool> finish();

    const OrderTable& table() const { return table_; }
    OrderTable& table() { return table_; }
    const CsvReport& report() const { return report_; }

    /** The longest row (bytes) accepted; a longer one is a fatal error. */
    static constexpr size_t kMaxRowBytes = 1u << 20;

  private:
    enum class Scan : uint8_t { FieldStart, Unquoted, Quoted, QuoteInQuoted };

    void consume(std::string_view data);
    void handle_record(std::string_view record, bool quoted);
    bool read_header(std::string_view record, bool quoted);
    void split(std::string_view record, bool quoted, char delimiter, size_t max_fields);
    void process_row(std::string_view record, bool quoted);
    void process_fields(bool quoted);
    bool scan_plain_row(std::string_view data, size_t pos, size_t& end,
                        CsvSpecialFinder& find_special);
    bool column_used(size_t index) const;
    void flush_batch();
    void bad_row(uint64_t line, int column, std::string message);
    void set_fatal(uint64_t line, std::string message, ErrorCode code);
    size_t find_record_end(std::string_view data, size_t from, Scan& state, bool& quoted) const;
    bool is_delimiter(char c) const;

    CsvOptions options_;
    OrderTable table_;
    CsvReport report_;
    std::string head_;     // the first bytes, until the BOM check
    std::string pending_;  // an unfinished row carried between chunks
    Scan pending_state_ = Scan::FieldStart;
    bool pending_quoted_ = false;
    bool bom_checked_ = false;
    bool header_done_ = false;
    bool finished_ = false;
    char delimiter_ = 0;      // 0 while reading the header: any of , ; tab
    uint64_t next_line_ = 1;  // the physical line the next row starts on
    std::vector<std::string> header_names_;
    int customer_index_ = -1, order_index_ = -1, date_index_ = -1, amount_index_ = -1;
    size_t needed_fields_ = 0;              // 1 + the largest matched column index
    std::vector<std::string_view> fields_;  // reused per row; may be longer than the row:
    size_t field_count_ = 0;                // the row's fields are fields_[0, field_count_)
    std::string unquoted_;                  // reused per quoted row
    std::vector<OrderRow> batch_;           // parsed rows waiting for the table
    std::string staging_;                   // ids of quoted rows in the batch (fixed capacity)
    CsvDateMemo date_memo_;
};

/** Reads an amount as written in an export ("1 234,50", "1,234.50", "-99.9", "1234.50 ₽",
 *  "RUB 12", "12,5") into minor units of `currency`. Spaces, NBSP, narrow NBSP and thin space
 *  group thousands; with both `.` and `,` present the last is the decimal mark; a lone `,` or `.`
 *  is the decimal mark, except before exactly three digits ("1,000"), which is refused as
 *  ambiguous unless the integer part is 0 or the currency has three decimals. A currency sign or
 * code other than `currency`'s is refused. Returns the amount, or a message saying what was
 * expected. Amounts above kMaxAmount are refused. */
struct ParsedAmount {
    int64_t minor = 0;
    const char* error = nullptr;  // static text; null on success
};
ParsedAmount parse_csv_amount(std::string_view text, const Currency& currency);

/** Reads a date as written in an export: "2026-01-05", "2026-01-05T14:30:00+03:00",
 *  "2026-01-05 14:30", "05.01.2026", "05.01.2026 14:30:15". The calendar date as written is the
 *  order's day; a time and an offset after it are checked and then ignored. */
std::optional<Day> parse_csv_date(std::string_view text);

/** The role a header name plays, judged as the reader judges it: "customer", "order", "date",
 *  "amount" or "" (unknown). Exposed for tests and the calculator's column picker. */
std::string_view csv_column_role(std::string_view header_name);

}  // namespace loyalty
