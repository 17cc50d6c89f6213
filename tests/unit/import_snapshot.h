// Everything a CSV import produced, flattened into text, so two imports (one file fed in
// different chunks, or an import and the hand-worked answer) compare field by field and a failed
// check prints both sides whole. Shared by the csv and orders_finalize suites. Header-only;
// everything is in loyalty::test.
//
// Strings are built by appending (`s += ...`): `"text" + std::to_string(...)` chains trip a false
// GCC 12 -Wrestrict warning, and warnings are errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loyalty/csv.h"
#include "loyalty/date.h"
#include "loyalty/orders.h"

namespace loyalty::test {

/** One import, as text. Days are yyyy-mm-dd, amounts in minor units. */
struct ImportSnapshot {
    std::vector<std::string> orders;   // "customer|order id|yyyy-mm-dd|amount", in table order
    std::vector<uint32_t> begins;      // customer_begin(0 .. customer_count())
    std::vector<std::string> refunds;  // "customer|named order id|yyyy-mm-dd|amount|order index"
    std::vector<std::string> errors;   // "line|column|message"
    uint64_t rows = 0, bad_rows = 0, merged = 0, refund_rows = 0, lines = 0;
    char delimiter = 0;   // 0 until a header was read
    std::string columns;  // the matched header names: "customer|order|date|amount"
    std::string fatal;    // "path: message", or "" when the import was not stopped

    bool operator==(const ImportSnapshot&) const = default;

    /** All of it, one item a line, for failure messages and whole-import comparisons. */
    std::string text() const {
        std::string s;
        for (const auto& o : orders) {
            s += "order ";
            s += o;
            s += '\n';
        }
        s += "begins";
        for (uint32_t b : begins) {
            s += ' ';
            s += std::to_string(b);
        }
        s += '\n';
        for (const auto& r : refunds) {
            s += "refund ";
            s += r;
            s += '\n';
        }
        for (const auto& e : errors) {
            s += "error ";
            s += e;
            s += '\n';
        }
        s += "rows ";
        s += std::to_string(rows);
        s += " bad ";
        s += std::to_string(bad_rows);
        s += " merged ";
        s += std::to_string(merged);
        s += " refunds ";
        s += std::to_string(refund_rows);
        s += " lines ";
        s += std::to_string(lines);
        // Named, so a tab or a missing delimiter is visible in a failure message.
        s += " delimiter ";
        if (delimiter == 0) {
            s += "(none)";
        } else if (delimiter == '\t') {
            s += "tab";
        } else {
            s += delimiter;
        }
        s += "\ncolumns ";
        s += columns;
        s += "\nfatal ";
        s += fatal;
        return s;
    }
};

/** doctest prints a failed `CHECK(a == b)` of two snapshots with this. */
inline std::ostream& operator<<(std::ostream& out, const ImportSnapshot& snapshot) {
    return out << "\n" << snapshot.text() << "\n";
}

/** Order `i` of a finalized table: "customer|order id|yyyy-mm-dd|amount". */
inline std::string order_text(const OrderTable& t, size_t i) {
    std::string s(t.customer_id(t.customer()[i]));
    s += '|';
    s += t.order_id(i);
    s += '|';
    s += format_day(t.day()[i]);
    s += '|';
    s += std::to_string(t.amount()[i]);
    return s;
}

/** Every order of a finalized table, in table order. */
inline std::vector<std::string> orders_of(const OrderTable& t) {
    std::vector<std::string> out;
    for (size_t i = 0; i < t.size(); ++i) out.push_back(order_text(t, i));
    return out;
}

/** customer_begin(c) for c = 0 .. customer_count(): where each customer's orders start, then
 *  the end. */
inline std::vector<uint32_t> begins_of(const OrderTable& t) {
    std::vector<uint32_t> out;
    for (int32_t c = 0; c <= t.customer_count(); ++c) out.push_back(t.customer_begin(c));
    return out;
}

/** A refund: "customer|named order id|yyyy-mm-dd|amount|linked order index (-1: none)". */
inline std::string refund_text(const OrderTable& t, const RefundRow& r) {
    std::string s(t.customer_id(r.customer));
    s += '|';
    s += t.refund_order_id(r);
    s += '|';
    s += format_day(r.day);
    s += '|';
    s += std::to_string(r.amount);
    s += '|';
    s += std::to_string(r.order);
    return s;
}

/** Finishes the reader and flattens its table and report. */
inline ImportSnapshot import_snapshot(OrderCsvReader& reader) {
    reader.finish();
    ImportSnapshot s;
    const auto& t = reader.table();
    s.orders = orders_of(t);
    s.begins = begins_of(t);
    for (const auto& r : t.refunds()) s.refunds.push_back(refund_text(t, r));
    const auto& rep = reader.report();
    for (const auto& e : rep.errors) {
        std::string line = std::to_string(e.line);
        line += '|';
        line += e.column;
        line += '|';
        line += e.message;
        s.errors.push_back(std::move(line));
    }
    s.rows = rep.rows;
    s.bad_rows = rep.bad_rows;
    s.merged = rep.merged_rows;
    s.refund_rows = rep.refund_rows;
    s.lines = rep.lines;
    s.delimiter = rep.delimiter;
    s.columns = rep.customer_column;
    s.columns += '|';
    s.columns += rep.order_column;
    s.columns += '|';
    s.columns += rep.date_column;
    s.columns += '|';
    s.columns += rep.amount_column;
    if (rep.fatal) {
        s.fatal = rep.fatal->path;
        s.fatal += ": ";
        s.fatal += rep.fatal->message;
    }
    return s;
}

/** Imports `text` fed in chunks of `chunk` bytes (0: in one piece). */
inline ImportSnapshot import_text(std::string_view text, size_t chunk = 0,
                                  const CsvOptions& options = {}) {
    OrderCsvReader reader(options);
    if (chunk == 0) {
        reader.feed(text);
    } else {
        for (size_t i = 0; i < text.size(); i += chunk) reader.feed(text.substr(i, chunk));
    }
    return import_snapshot(reader);
}

}  // namespace loyalty::test
