// How OrderTable::finalize() groups rows by customer and puts each customer's rows in day
// order, for either of the records a row travels as (see orders_table.cpp). Internal to the core.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "loyalty/checked.h"
#include "loyalty/date.h"

namespace loyalty::grouping {

// Customers are grouped in blocks of kBlock; between the two passes of group_by_customer() a
// record carries the low kBlockBits bits of its customer (its place within the block).
constexpr unsigned kBlockBits = 9;
constexpr uint32_t kBlock = 1u << kBlockBits;

/** A row of a table whose order ids may repeat: merging needs the id (and a hash of it, to
 *  compare ids fast) and the line (for the message when a merged amount overflows). 24 bytes. */
struct MergeRec {
    static constexpr uint32_t kHashMask = (1u << (32 - kBlockBits)) - 1;
    Day day;
    uint32_t line;
    int64_t amount;
    uint32_t ref;
    uint32_t id_hash;  // kHashMask bits of the id's hash; the customer's low bits ride on top

    void set_low(uint32_t low) { id_hash = (id_hash & kHashMask) | low << (32 - kBlockBits); }
    uint32_t take_low() {
        const uint32_t low = id_hash >> (32 - kBlockBits);
        id_hash &= kHashMask;
        return low;
    }
};

/** A row of a table whose order ids cannot repeat (each non-empty id greater than the one
 *  before): nothing merges, so neither a hash nor a line is needed. 16 bytes. */
struct PlainRec {
    // Order amounts are in [0, kMaxAmount], below 2^50: the customer's low bits ride above.
    static constexpr unsigned kAmountBits = 50;
    static_assert(kMaxAmount < (int64_t(1) << kAmountBits));
    Day day;
    uint32_t ref;
    int64_t amount;

    void set_low(uint32_t low) { amount |= int64_t(low) << kAmountBits; }
    uint32_t take_low() {
        const auto low = uint32_t(amount >> kAmountBits);
        amount &= (int64_t(1) << kAmountBits) - 1;
        return low;
    }
};

/** A stable counting sort of rows [0, n) by `customer`: customer c's rows end up in
 *  [start[c], start[c + 1]), in input order. `make(i)` is row i's record; it is called for
 *  i = 0, 1, ... in turn. Two passes instead of one scatter to a random place per row (a cache
 *  miss each, since the records span megabytes): first by block of kBlock customers into
 *  `recs` (n records), whose few write positions stay in cache, then within each block, whose
 *  records fit in cache. Each grouped block is handed over while it is still in cache, as
 *  `block_done(first, count, grouped)`: customers [first, first + count) with their records
 *  at grouped[0, start[first + count] - start[first]) (a scratch buffer, reused for the next
 *  block), so the caller reads them without another pass over megabytes. */
template <class Rec, class Make, class BlockDone>
void group_by_customer(const int32_t* customer, size_t n, const std::vector<uint32_t>& start,
                       Rec* recs, Make make, BlockDone block_done) {
    const size_t customers = start.size() - 1;
    const size_t blocks = (customers + kBlock - 1) / kBlock;
    auto block_begin = [&](size_t b) { return start[std::min(customers, b * kBlock)]; };
    std::vector<uint32_t> next(blocks);
    uint32_t largest = 0;
    for (size_t b = 0; b < blocks; ++b) {
        next[b] = block_begin(b);
        largest = std::max(largest, block_begin(b + 1) - next[b]);
    }
    for (size_t i = 0; i < n; ++i) {
        const auto c = uint32_t(customer[i]);
        Rec r = make(i);
        r.set_low(c & (kBlock - 1));
        recs[next[c >> kBlockBits]++] = r;
    }
    // Not value-initialised: each block's part is written before it is read.
    std::unique_ptr<Rec[]> grouped(new Rec[largest]);
    std::vector<uint32_t> within(std::min(customers, size_t(kBlock)));  // write positions
    for (size_t b = 0; b < blocks; ++b) {
        const uint32_t lo = block_begin(b), hi = block_begin(b + 1);
        const size_t first = b * kBlock;
        const size_t count = std::min(customers, first + kBlock) - first;
        for (size_t k = 0; k < count; ++k) within[k] = start[first + k] - lo;
        for (uint32_t k = lo; k < hi; ++k) {
            Rec r = recs[k];
            const uint32_t low = r.take_low();
            grouped[within[low]++] = r;
        }
        block_done(first, count, grouped.get());
    }
}

/** Puts one customer's records in day order, stably. Exports are usually sorted one way or
 *  the other, so a sorted run is checked for first and a newest-first one reversed. */
template <class Rec>
void sort_by_day(Rec* b, Rec* e) {
    auto by_day = [](const Rec& x, const Rec& y) { return x.day < y.day; };
    if (std::is_sorted(b, e, by_day)) return;
    if (std::is_sorted(b, e, [](const Rec& x, const Rec& y) { return x.day > y.day; }) &&
        std::adjacent_find(b, e, [](const Rec& x, const Rec& y) { return x.day == y.day; }) == e) {
        std::reverse(b, e);  // newest first, no ties: reversing keeps ties' order moot
    } else {
        std::stable_sort(b, e, by_day);
    }
}

}  // namespace loyalty::grouping
