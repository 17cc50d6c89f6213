// Order-history import with named presets for real shop exports (InSales, Tilda, 1C, Shopify,
// WooCommerce) on top of the generic OrderCsvReader.
//
// OrderImport reads the header row itself, decodes a Windows-1251 file to UTF-8, and picks a
// preset from the header names (or takes the one the caller names). A file in the generic shape
// goes to OrderCsvReader unchanged. A preset file is read row by row: rows that are no paid sale
// (cancelled, unpaid, test orders, line-item rows after an order's first row, rows in another
// currency) are skipped and counted by reason; the customer becomes a normalised e-mail or phone;
// refunds become negative rows; what remains goes to an OrderCsvReader as generic rows, so every
// amount and date is read by the same code as a generic file. When a needed column is missing the
// report names it and lists the file's headers, so a caller can let the owner pick the column.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/csv.h"

namespace loyalty {

/** The presets, in detection order. Generic is the reader's own header matching. */
enum class CsvPreset { Generic, Shopify, WooCommerce, InSales, Tilda, OneC };

/** The preset's stable id: "generic", "shopify", "woocommerce", "insales", "tilda", "1c". */
std::string_view csv_preset_id(CsvPreset preset);
/** The preset an id names (as csv_preset_id writes it), or nothing. */
std::optional<CsvPreset> csv_preset_from_id(std::string_view id);
/** The preset whose telling columns all appear in `header` (names as written), else Generic. */
CsvPreset detect_csv_preset(const std::vector<std::string>& header);

/** An e-mail (trimmed, lower case) or phone (digits only, a leading 8 of an 11-digit number
 *  read as 7, "+" in front) as one customer key; "" when `text` is neither. */
std::string normalize_customer_contact(std::string_view text);

/** Rows skipped on purpose, by reason ("status \"cancelled\"", "currency USD", "line item"). */
struct CsvSkipCount {
    std::string reason;
    uint64_t rows = 0;
};

/** What an import did beyond the generic report. */
struct CsvImportInfo {
    std::string preset = "generic";     // the preset used
    bool detected = false;              // chosen from the header rather than named by the caller
    std::string encoding = "utf-8";     // or "windows-1251"
    uint64_t skipped_rows = 0;          // rows skipped on purpose (not bad rows)
    std::vector<CsvSkipCount> skipped;  // by reason, in first-seen order
    std::vector<std::string> header;    // the file's header names, as written (after decoding)
    std::vector<std::string> missing;   // roles with no column: "customer", "date", "amount"
};

/** Streaming import with presets. Use like OrderCsvReader: feed() chunks, finish(), then
 *  table(), report() and info(). `preset` is "" or "auto" to detect, or a preset id.
 *  report().rows counts the rows handed to the metrics (a preset's refund written in its own
 *  column is a row of its own) plus info().skipped_rows. */
class OrderImport {
  public:
    OrderImport(CsvOptions options, std::string preset);
    ~OrderImport();
    OrderImport(const OrderImport&) = delete;
    OrderImport& operator=(const OrderImport&) = delete;

    void feed(std::string_view chunk);
    Result<bool> finish();

    const OrderTable& table() const;
    const CsvReport& report() const { return report_; }
    const CsvImportInfo& info() const { return info_; }
    /** Data rows read so far, for progress. */
    uint64_t rows_read() const;

  private:
    struct Impl;
    void start(std::string_view header_line);
    void forward(std::string_view utf8);
    void sync_report();

    CsvOptions options_;
    std::string preset_request_;
    std::unique_ptr<OrderCsvReader> reader_;
    std::unique_ptr<Impl> impl_;  // the preset row mapper, when a preset is in use
    CsvReport report_;
    CsvImportInfo info_;
    std::string head_;  // bytes before the header row is complete
    bool started_ = false;
    bool cp1251_ = false;
    bool finished_ = false;
};

}  // namespace loyalty
