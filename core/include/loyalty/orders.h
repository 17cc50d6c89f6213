// A compact order history: customer ids interned to indices, one day and one amount per order.
// Built row by row from a CSV export (loyalty/csv.h) or from a JSON array of orders, then
// finalize()d: grouped by customer in day order, order lines merged, refunds linked. The
// business metrics and the program replay (loyalty/metrics.h) read the finalized table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.h"

namespace loyalty {

/** Maps distinct strings (at most 65535 bytes) to dense indices 0, 1, 2, ... in order of first
 *  appearance. All strings live in one arena; interning allocates only when the arena or the
 *  table grows (amortised, never per row). Batches are probed with prefetching, since a
 *  random memory access, not the hashing, is what a lookup costs. */
class StringInterner {
  public:
    StringInterner();
    /** The index of `text`, adding it if new; -1 when the interner is full (4 GiB of text). */
    int32_t intern(std::string_view text) { return intern(text, hash(text)); }
    int32_t intern(std::string_view text, uint32_t hash);
    /** Interns `n` strings in order (out[i] as intern(texts[i]) would give), overlapping the
     *  memory accesses of neighbouring lookups. */
    void intern_batch(const std::string_view* texts, const uint32_t* hashes, size_t n,
                      int32_t* out);
    /** The index of `text`, or -1 when it was never interned. */
    int32_t find(std::string_view text) const;
    std::string_view at(int32_t index) const;
    int32_t size() const { return int32_t(offsets_.size()); }
    static uint32_t hash(std::string_view text);
    /** Pre-sizes the text store for about `bytes` bytes of strings (a hint). */
    void reserve_text(size_t bytes);

  private:
    friend class OrderTable;  // sizes the table from the size of an import (reserve_slots)

    int64_t probe(std::string_view text, uint32_t hash) const;
    void rehash(size_t slots);  // to `slots` slots, a power of two
    /** Sizes the table for about `count` strings at once (a hint; never shrinks it). */
    void reserve_slots(size_t count);

    std::string arena_;              // per string: 4-byte index, 2-byte length, the bytes
    std::vector<uint32_t> offsets_;  // string index -> its entry in the arena
    std::vector<uint64_t> slots_;    // open addressing: hash << 32 | arena offset; 0: empty
};

/** A return of money: a row with a negative amount. `order` is the (finalized) order it
 *  refers to: the order of the same customer with the id the row names, or -1. */
struct RefundRow {
    int32_t customer = 0;
    Day day = 0;
    int64_t amount = 0;  // minor units, positive
    int32_t order = -1;
    uint32_t line = 0;
    uint32_t order_ref = 0;  // the named order id (see OrderTable's id refs), 0 when none
};

/** A row finalize() could not keep, with the line (CSV) or item index (JSON) it came from. */
struct RejectedRow {
    uint32_t line = 0;
    std::string message;
};

/** One row of input, as the readers hand it over. */
struct OrderRow {
    std::string_view customer;
    std::string_view order_id;  // may be empty
    Day day = 0;
    int64_t amount = 0;  // minor units in [-kMaxAmount, kMaxAmount]; negative: a refund
    uint32_t line = 0;   // where the row came from, for messages
};

/** A column-oriented order history. Until finalize() the columns are in input order; after
 *  it, orders are grouped by customer (in index order) and sorted by day within a customer,
 *  and every order is unique: rows of one customer with the same non-empty order id (an export
 *  of order lines) are one order with the earliest day and the summed amount. */
class OrderTable {
  public:
    static constexpr size_t kMaxRows = 50'000'000;

    /** Adds rows; returns how many were taken (fewer only when kMaxRows is reached or the
     *  interners are full). Customer ids are interned in one prefetching batch. */
    size_t add_rows(const OrderRow* rows, size_t n);
    /** Adds one row; false when the table is full. */
    bool add(std::string_view customer, std::string_view order_id, Day day, int64_t amount,
             uint32_t line = 0) {
        const OrderRow row{customer, order_id, day, amount, line};
        return add_rows(&row, 1) == 1;
    }

    /** Pre-sizes the columns for about `rows` orders (a hint; growing past it is fine). */
    void reserve(size_t rows);
    /** Pre-sizes the order-id store for about `rows` ids of about `bytes_per_id` bytes (a hint). */
    void reserve_ids(size_t rows, size_t bytes_per_id);

    /** Groups, merges and links (see the class comment). Rows whose merged amount would exceed
     *  kMaxAmount are dropped and returned. Call once, after the last add. */
    std::vector<RejectedRow> finalize();
    bool finalized() const { return finalized_; }

    size_t size() const { return day_.size(); }
    int32_t customer_count() const { return customers_.size(); }
    const std::vector<int32_t>& customer() const { return customer_; }
    const std::vector<Day>& day() const { return day_; }
    const std::vector<int64_t>& amount() const { return amount_; }
    /** After finalize: customer c's orders are [customer_begin(c), customer_begin(c + 1)). */
    uint32_t customer_begin(int32_t c) const { return group_[size_t(c)]; }
    const std::vector<RefundRow>& refunds() const { return refunds_; }
    std::string_view customer_id(int32_t index) const { return customers_.at(index); }
    /** The order's id, or "" when the input had none. */
    std::string order_id(size_t order) const { return id_text(order_ref_[order]); }
    /** The order id a refund row named, or "". */
    std::string refund_order_id(const RefundRow& refund) const { return id_text(refund.order_ref); }
    /** Rows merged into an earlier row of the same order by finalize(). */
    uint64_t merged_rows() const { return merged_rows_; }

  private:
    // An order id is kept as a 32-bit ref: 0 for none; kNumericRef | value for an id that is a
    // number written plainly ("100234": digits, no leading zero, below 2^31), which most shops'
    // order numbers are; otherwise its offset in ids_. Equal ids get equal refs, so numbers
    // need no storage and compare as integers.
    static constexpr uint32_t kNumericRef = 0x80000000u;
    static bool numeric(uint32_t ref) { return ref >= kNumericRef; }
    // The id's text: a view into ids_, or the number written into `digits`.
    std::string_view id_view(uint32_t ref, char (&digits)[10]) const;
    std::string id_text(uint32_t ref) const;
    bool same_id(uint32_t a, uint32_t b) const;
    bool id_before(uint32_t a, uint32_t b) const;
    uint32_t id_hash(uint32_t ref) const;
    static uint32_t numeric_ref(std::string_view id);
    uint32_t store_id(std::string_view id);
    void finalize_plain(const std::vector<uint32_t>& start);
    std::vector<RejectedRow> finalize_merging(const std::vector<uint32_t>& start);
    void link_refunds();

    StringInterner customers_;
    std::string ids_{'\0'};   // ids not kept as numbers: 1-byte length, the bytes; offset 0 is none
    size_t ids_reserve_ = 0;  // what reserve_ids() asked for, reserved at the first stored id
    std::vector<int32_t> customer_;
    std::vector<Day> day_;
    std::vector<int64_t> amount_;
    // Until finalize, each order's line (for messages) as runs of consecutive lines: order
    // `order` came from `line`, the next ones from the next lines, until the next run.
    struct LineRun {
        uint32_t order;
        uint32_t line;
    };
    std::vector<LineRun> line_runs_;
    std::vector<uint32_t> order_ref_;  // each order's id ref
    uint32_t last_ref_ = 0;            // the last order's non-empty id
    bool ids_ascending_ = true;        // each non-empty order id sorts after the one before
    std::vector<uint32_t> group_;      // after finalize: customer_count() + 1 offsets
    std::vector<RefundRow> refunds_;
    uint64_t merged_rows_ = 0;
    bool finalized_ = false;
    std::vector<uint32_t> hash_scratch_;
    std::vector<std::string_view> text_scratch_;
    std::vector<int32_t> index_scratch_;
};

}  // namespace loyalty
