#include <algorithm>
#include <cstring>
#include <memory>

#include "loyalty/checked.h"
#include "loyalty/orders.h"
#include "orders_grouping.h"

namespace loyalty {
namespace {

constexpr uint32_t kMaxArenaBytes = 0xFFFF0000u;
constexpr size_t kEntryHeader = 6;  // 4-byte index, 2-byte length

uint32_t load32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

uint16_t load16(const char* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

uint64_t load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// Equal bytes of two strings of length n. Ids are short: up to 16 bytes (most) are decided by
// two overlapping loads per side and one branch, without a loop whose exit depends on n.
bool same_bytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
        uint64_t diff = 0;
        size_t i = 0;
        for (; i + 8 < n; i += 8) diff |= load64(a + i) ^ load64(b + i);
        diff |= load64(a + n - 8) ^ load64(b + n - 8);
        return diff == 0;
    }
    if (n >= 4) return (load32(a) ^ load32(b)) == 0 && (load32(a + n - 4) ^ load32(b + n - 4)) == 0;
    for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

// A strict order on ids: shorter first, then by bytes (numbers of one width in numeric order).
// A byte loop over a few bytes beats a call to memcmp.
bool text_before(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return a.size() < b.size();
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return uint8_t(a[i]) < uint8_t(b[i]);
    }
    return false;
}

// Offsets into the order-id store stay below OrderTable::kNumericRef (2 GiB of ids).
constexpr uint32_t kMaxIdStoreBytes = 0x7FFF0000u;

}  // namespace

// A fast 64-bit mix over 8-byte words. Only the table layout depends on it, never an output:
// indices are handed out in order of first appearance.
uint32_t StringInterner::hash(std::string_view s) {
    const char* p = s.data();
    size_t n = s.size();
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t(n) * 0xC2B2AE3D27D4EB4Full);
    while (n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        p += 8;
        n -= 8;
    }
    // The last 1-7 bytes in two overlapping loads (the length is mixed in above, so overlaps
    // cannot make two strings collide), without a variable-length copy.
    uint64_t w = 0;
    if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        w = lo | (uint64_t(hi) << 32);
    } else if (n > 0) {
        w = uint64_t(uint8_t(p[0])) | uint64_t(uint8_t(p[n / 2])) << 8 |
            uint64_t(uint8_t(p[n - 1])) << 16;
    }
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    h *= 0x9E3779B97F4A7C15ull;
    return uint32_t(h >> 32);
}

StringInterner::StringInterner() : arena_(1, '\0'), slots_(1024, 0) {}

// >= 0: the index found; < 0: -(free slot) - 1.
int64_t StringInterner::probe(std::string_view text, uint32_t hash) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint64_t slot = slots_[i];
        if (slot == 0) return -int64_t(i) - 1;
        if (uint32_t(slot >> 32) != hash) continue;
        const char* entry = arena_.data() + uint32_t(slot);
        if (load16(entry + 4) == text.size() &&
            same_bytes(entry + kEntryHeader, text.data(), text.size()))
            return load32(entry);
    }
}

void StringInterner::rehash(size_t slots) {
    std::vector<uint64_t> old(slots, 0);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
        if (slot == 0) continue;
        size_t i = uint32_t(slot >> 32) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

void StringInterner::reserve_slots(size_t count) {
    // At the load factor intern() keeps (at most 3/4): one table of the right size at once,
    // instead of a rehash of every string at each doubling.
    size_t slots = slots_.size();
    while (slots * 3 < count * 4 && slots < (size_t(1) << 30)) slots *= 2;
    if (slots != slots_.size()) rehash(slots);
}

int32_t StringInterner::intern(std::string_view text, uint32_t hash) {
    int64_t found = probe(text, hash);
    if (found >= 0) return int32_t(found);
    if (text.size() > 0xFFFF || arena_.size() + kEntryHeader + text.size() > kMaxArenaBytes ||
        size() >= 0x7FFFFFF0)
        return -1;
    // A load factor of at most 3/4: a smaller table stays in cache more, and linear probes over
    // 8-byte slots stay within a cache line or two.
    if ((size_t(size()) + 1) * 4 > slots_.size() * 3) {
        rehash(slots_.size() * 2);
        found = probe(text, hash);
    }
    const int32_t index = size();
    const auto offset = uint32_t(arena_.size());
    char header[kEntryHeader];
    const auto length = uint16_t(text.size());
    std::memcpy(header, &index, 4);
    std::memcpy(header + 4, &length, 2);
    arena_.append(header, kEntryHeader);
    arena_.append(text);
    offsets_.push_back(offset);
    slots_[size_t(-found - 1)] = (uint64_t(hash) << 32) | offset;
    return index;
}

void StringInterner::intern_batch(const std::string_view* texts, const uint32_t* hashes, size_t n,
                                  int32_t* out) {
    // A software pipeline: the slot of row i + 2D is prefetched, the string the slot of row i + D
    // points at is prefetched, and row i is looked up, its memory by then (mostly) in cache. A
    // random access is what a lookup costs (hundreds of nanoseconds on a busy machine), so D
    // rows of work must cover it.
    constexpr size_t kAhead = 32;
    constexpr size_t kPrefetchProbes = 8;  // one or two cache lines of slots, already fetched
    const char* arena = arena_.data();
    for (size_t i = 0; i < n + 2 * kAhead; ++i) {
        const size_t mask = slots_.size() - 1;
        const uint64_t* slots = slots_.data();
        if (i < n) __builtin_prefetch(slots + (hashes[i] & mask));
        if (i >= kAhead && i - kAhead < n) {
            // The entry of the first slot with the row's hash, wherever in its probe run it
            // sits: at the table's load, many ids are not in their home slot, and an entry left
            // unprefetched is a full memory miss in intern() (the costliest stall of the import).
            const size_t j = i - kAhead;
            for (size_t k = hashes[j] & mask, probes = 0; probes < kPrefetchProbes;
                 k = (k + 1) & mask, ++probes) {
                const uint64_t slot = slots[k];
                if (slot == 0) break;
                if (uint32_t(slot >> 32) == hashes[j]) {
                    // An entry of an id up to 32 bytes (e-mails) may span two cache lines.
                    // (A prefetch never faults, even past the end of the arena.)
                    __builtin_prefetch(arena + uint32_t(slot));
                    __builtin_prefetch(arena + uint32_t(slot) + kEntryHeader + 31);
                    break;
                }
            }
        }
        if (i >= 2 * kAhead) {
            const size_t k = i - 2 * kAhead;
            out[k] = intern(texts[k], hashes[k]);
            arena = arena_.data();  // an insert may have moved it
        }
    }
}

void StringInterner::reserve_text(size_t bytes) {
    arena_.reserve(std::min(bytes, size_t(kMaxArenaBytes)));
}

int32_t StringInterner::find(std::string_view text) const {
    const int64_t found = probe(text, hash(text));
    return found >= 0 ? int32_t(found) : -1;
}

std::string_view StringInterner::at(int32_t index) const {
    const char* entry = arena_.data() + offsets_[size_t(index)];
    return {entry + kEntryHeader, load16(entry + 4)};
}

// kNumericRef | the value for a number written plainly: at most 10 digits, no leading zero (so
// "007" and "7" stay two ids), below 2^31; otherwise 0. Branch-free over the digits: it runs
// once per row.
uint32_t OrderTable::numeric_ref(std::string_view id) {
    const size_t n = id.size();
    if (n == 0 || n > 10 || (id[0] == '0' && n > 1)) return 0;
    uint64_t value = 0;
    unsigned bad = 0;
    for (size_t i = 0; i < n; ++i) {
        const unsigned digit = unsigned(uint8_t(id[i])) - unsigned('0');
        bad |= unsigned(digit > 9);
        value = value * 10 + digit;
    }
    return bad == 0 && value < kNumericRef ? kNumericRef | uint32_t(value) : 0;
}

uint32_t OrderTable::store_id(std::string_view id) {
    if (id.empty()) return 0;
    if (const uint32_t ref = numeric_ref(id)) return ref;
    if (ids_.size() + 1 + std::min<size_t>(id.size(), 255) > kMaxIdStoreBytes) return 0;
    if (id.size() > 255) id = id.substr(0, 255);
    if (ids_.size() == 1 && ids_reserve_ > ids_.capacity()) ids_.reserve(ids_reserve_);
    const auto offset = uint32_t(ids_.size());
    ids_ += char(uint8_t(id.size()));
    ids_.append(id);
    return offset;
}

std::string_view OrderTable::id_view(uint32_t ref, char (&digits)[10]) const {
    if (ref == 0) return {};
    if (!numeric(ref)) return {ids_.data() + ref + 1, size_t(uint8_t(ids_[ref]))};
    uint32_t value = ref & ~kNumericRef;
    size_t at = sizeof digits;
    do {
        digits[--at] = char('0' + value % 10);
        value /= 10;
    } while (value != 0);
    return {digits + at, sizeof digits - at};
}

std::string OrderTable::id_text(uint32_t ref) const {
    char digits[10];
    return std::string(id_view(ref, digits));
}

// Each id has one ref (store_id keeps every plain number as a number), so a number equals only
// the same number; two stored texts compare by their bytes.
bool OrderTable::same_id(uint32_t a, uint32_t b) const {
    if (a == b) return true;
    if (a == 0 || b == 0 || numeric(a) || numeric(b)) return false;
    char unused[10];
    return id_view(a, unused) == id_view(b, unused);
}

bool OrderTable::id_before(uint32_t a, uint32_t b) const {
    if (numeric(a) && numeric(b)) return a < b;  // the numeric order is text_before's order
    char da[10], db[10];
    return text_before(id_view(a, da), id_view(b, db));
}

uint32_t OrderTable::id_hash(uint32_t ref) const {
    if (!numeric(ref)) {
        char unused[10];
        return StringInterner::hash(id_view(ref, unused));
    }
    uint64_t h = uint64_t(ref) * 0x9E3779B97F4A7C15ull;
    return uint32_t(h >> 32);
}

void OrderTable::reserve(size_t rows) {
    rows = std::min(rows, kMaxRows);
    customer_.reserve(rows);
    day_.reserve(rows);
    amount_.reserve(rows);
    order_ref_.reserve(rows);
    // Customer ids: a guess of a few distinct ids per ten rows, each with its 6-byte header.
    // Growing by doubling would copy the store and touch fresh pages each time.
    customers_.reserve_text(rows * 12);
    // Distinct customers: a guess of one per eight rows (a year's export has a few orders per
    // customer; `rows` itself is a generous guess). A table sized once is not rehashed at each
    // doubling; a wrong guess costs one or two doublings, or an emptier table. Capped (a 16 MiB
    // table) so that a huge file of few customers does not zero a huge table up front (the
    // calculator's wasm memory never shrinks).
    customers_.reserve_slots(std::min(rows / 8, size_t(1) << 20));
}

void OrderTable::reserve_ids(size_t rows, size_t bytes_per_id) {
    // Growing a string by doubling copies it each time; one reservation copies nothing. It is
    // made when the first id that is not a plain number arrives: a file of order numbers needs
    // no store (and the calculator's wasm memory never shrinks).
    ids_reserve_ =
        std::min(std::min(rows, kMaxRows) * (bytes_per_id + 1), size_t(kMaxIdStoreBytes));
}

size_t OrderTable::add_rows(const OrderRow* rows, size_t n) {
    if (finalized_) return 0;
    const size_t used = size() + refunds_.size();
    n = std::min(n, used >= kMaxRows ? 0 : kMaxRows - used);
    hash_scratch_.resize(n);
    text_scratch_.resize(n);
    index_scratch_.resize(n);
    for (size_t i = 0; i < n; ++i) {
        text_scratch_[i] = rows[i].customer;
        hash_scratch_[i] = StringInterner::hash(rows[i].customer);
    }
    customers_.intern_batch(text_scratch_.data(), hash_scratch_.data(), n, index_scratch_.data());
    for (size_t i = 0; i < n; ++i) {
        const OrderRow& r = rows[i];
        const int32_t c = index_scratch_[i];
        if (c < 0) return i;
        if (r.amount < 0) {
            refunds_.push_back({c, r.day, -r.amount, -1, r.line, store_id(r.order_id)});
            continue;
        }
        uint32_t ref = numeric_ref(r.order_id);  // inline: the usual order number
        if (ref == 0) ref = store_id(r.order_id);
        if (ref != 0) {
            // Ids that keep growing (the usual order numbers) cannot repeat: finalize() then
            // skips merging. Compared as stored (at most 255 bytes), shorter ids first.
            if (last_ref_ != 0 &&
                !(numeric(last_ref_) && numeric(ref) ? last_ref_ < ref : id_before(last_ref_, ref)))
                ids_ascending_ = false;
            last_ref_ = ref;
        }
        customer_.push_back(c);
        day_.push_back(r.day);
        amount_.push_back(r.amount);
        // Lines mostly follow one another: only where they do not is one stored.
        const auto order = uint32_t(size() - 1);
        if (line_runs_.empty() ||
            r.line != uint64_t(line_runs_.back().line) + (order - line_runs_.back().order))
            line_runs_.push_back({order, r.line});
        order_ref_.push_back(ref);
    }
    return n;
}

std::vector<RejectedRow> OrderTable::finalize() {
    std::vector<RejectedRow> rejected;
    if (finalized_) return rejected;
    finalized_ = true;
    const size_t n = size();
    const auto customers = size_t(customer_count());

    // Where each customer's rows go: counting touches one random place per order (in a small
    // array), so the places a few dozen orders ahead are prefetched.
    constexpr size_t kAhead = 32;
    std::vector<uint32_t> start(customers + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) __builtin_prefetch(&start[size_t(customer_[i + kAhead]) + 1], 1);
        ++start[size_t(customer_[i]) + 1];
    }
    for (size_t c = 0; c < customers; ++c) start[c + 1] += start[c];

    group_.assign(customers + 1, 0);
    if (ids_ascending_) {
        finalize_plain(start);
    } else {
        rejected = finalize_merging(start);
    }
    // The lines were kept only for the messages of merged rows.
    std::vector<LineRun>().swap(line_runs_);
    std::sort(rejected.begin(), rejected.end(),
              [](const RejectedRow& x, const RejectedRow& y) { return x.line < y.line; });
    link_refunds();
    return rejected;
}

// No two orders share an id: grouping and day order only, 16 bytes per row.
void OrderTable::finalize_plain(const std::vector<uint32_t>& start) {
    using grouping::PlainRec;
    const size_t n = size();
    const size_t customers = start.size() - 1;
    // Not value-initialised: every element is written exactly once.
    std::unique_ptr<PlainRec[]> recs(new PlainRec[n]);
    // Each block of customers is sorted by day and written back to the columns while its
    // records are in cache: no further pass over the records. (The columns were read in full
    // by the first pass before any block is done.)
    auto write_back = [&](size_t first, size_t count, PlainRec* grouped) {
        const uint32_t base = start[first];
        for (size_t c = first; c < first + count; ++c) {
            const uint32_t b = start[c], e = start[c + 1];
            PlainRec* rec = grouped + (b - base);
            grouping::sort_by_day(rec, rec + (e - b));
            group_[c] = b;
            for (uint32_t k = b; k < e; ++k, ++rec) {
                customer_[k] = int32_t(c);
                day_[k] = rec->day;
                amount_[k] = rec->amount;
                order_ref_[k] = rec->ref;
            }
        }
    };
    auto make = [&](size_t i) { return PlainRec{day_[i], order_ref_[i], amount_[i]}; };
    grouping::group_by_customer(customer_.data(), n, start, recs.get(), make, write_back);
    group_[customers] = uint32_t(n);
}

// Order ids may repeat: each row with an id merges into the earliest surviving row of the same
// customer with the same id. Returns the rows whose merged amount would overflow.
std::vector<RejectedRow> OrderTable::finalize_merging(const std::vector<uint32_t>& start) {
    using grouping::MergeRec;
    std::vector<RejectedRow> rejected;
    const size_t n = size();
    const size_t customers = start.size() - 1;
    constexpr int64_t kMerged = -1;  // the amount of a row merged away
    std::unique_ptr<MergeRec[]> recs(new MergeRec[n]);
    size_t run = 0;  // the run of consecutive lines row i is in (rows come in input order)
    auto make = [&](size_t i) {
        while (run + 1 < line_runs_.size() && line_runs_[run + 1].order <= i) ++run;
        const auto line = uint32_t(line_runs_[run].line + (i - line_runs_[run].order));
        const uint32_t ref = order_ref_[i];  // the id store is read in input order here
        // The hash only speeds up comparing ids, which are compared in full anyway.
        const uint32_t hash = ref == 0 ? 0 : id_hash(ref) & MergeRec::kHashMask;
        return MergeRec{day_[i], line, amount_[i], ref, hash};
    };
    // Merging below needs every customer's rows in place in `recs`.
    auto put_back = [&](size_t first, size_t count, const MergeRec* grouped) {
        std::copy(grouped, grouped + (start[first + count] - start[first]),
                  recs.get() + start[first]);
    };
    grouping::group_by_customer(customer_.data(), n, start, recs.get(), make, put_back);

    std::vector<std::pair<uint32_t, uint32_t>> by_id;  // (id hash, position), reused
    for (size_t c = 0; c < customers; ++c) {
        MergeRec* b = recs.get() + start[c];
        MergeRec* e = recs.get() + start[c + 1];
        grouping::sort_by_day(b, e);
        if (e - b < 2) continue;
        auto merge = [&](MergeRec& first, MergeRec& row) {
            const auto sum = checked_add(first.amount, row.amount);
            if (!sum || *sum > kMaxAmount) {
                rejected.push_back({row.line, "the rows of order \"" +
                                                  id_text(row.ref).substr(0, 60) +
                                                  "\" add up to more than 10^15 minor units"});
            } else {
                first.amount = *sum;
                ++merged_rows_;
            }
            row.amount = kMerged;
        };
        auto same_order = [&](const MergeRec& first, const MergeRec& row) {
            return first.ref != 0 && first.amount != kMerged && first.id_hash == row.id_hash &&
                   same_id(first.ref, row.ref);
        };
        if (e - b <= 16) {  // most customers: pairwise beats sorting
            for (MergeRec* row = b + 1; row != e; ++row) {
                if (row->ref == 0) continue;
                for (MergeRec* first = b; first != row; ++first) {
                    if (same_order(*first, *row)) {
                        merge(*first, *row);
                        break;
                    }
                }
            }
            continue;
        }
        by_id.clear();
        for (MergeRec* r = b; r != e; ++r) {
            if (r->ref != 0) by_id.emplace_back(r->id_hash, uint32_t(r - b));
        }
        if (by_id.size() < 2) continue;
        std::sort(by_id.begin(), by_id.end());
        for (size_t i = 0; i < by_id.size();) {
            size_t j = i + 1;
            while (j < by_id.size() && by_id[j].first == by_id[i].first) ++j;
            // Within one hash: each row merges into the earliest row with an equal id.
            for (size_t k = i + 1; k < j; ++k) {
                MergeRec& row = b[by_id[k].second];
                for (size_t m = i; m < k; ++m) {
                    MergeRec& first = b[by_id[m].second];
                    if (same_order(first, row)) {
                        merge(first, row);
                        break;
                    }
                }
            }
            i = j;
        }
    }

    // Write the columns back in grouped order, dropping merged rows.
    size_t out = 0;
    for (size_t c = 0; c < customers; ++c) {
        group_[c] = uint32_t(out);
        for (uint32_t k = start[c]; k < start[c + 1]; ++k) {
            const MergeRec& r = recs[k];
            if (r.amount == kMerged) continue;
            customer_[out] = int32_t(c);
            day_[out] = r.day;
            amount_[out] = r.amount;
            order_ref_[out] = r.ref;
            ++out;
        }
    }
    group_[customers] = uint32_t(out);
    customer_.resize(out);
    day_.resize(out);
    amount_.resize(out);
    order_ref_.resize(out);
    return rejected;
}

// Links refunds to the order of the same customer with the id they name.
void OrderTable::link_refunds() {
    std::vector<std::pair<uint32_t, uint32_t>> by_id;  // (id hash, order), reused
    std::vector<uint32_t> linkable;
    for (size_t i = 0; i < refunds_.size(); ++i) {
        if (refunds_[i].order_ref != 0) linkable.push_back(uint32_t(i));
    }
    std::stable_sort(linkable.begin(), linkable.end(), [&](uint32_t x, uint32_t y) {
        return refunds_[x].customer < refunds_[y].customer;
    });
    for (size_t i = 0; i < linkable.size();) {
        const int32_t c = refunds_[linkable[i]].customer;
        by_id.clear();
        for (uint32_t k = group_[size_t(c)]; k < group_[size_t(c) + 1]; ++k) {
            if (order_ref_[k] != 0) by_id.emplace_back(id_hash(order_ref_[k]), k);
        }
        std::sort(by_id.begin(), by_id.end());
        for (; i < linkable.size() && refunds_[linkable[i]].customer == c; ++i) {
            RefundRow& r = refunds_[linkable[i]];
            const uint32_t h = id_hash(r.order_ref);
            auto it = std::lower_bound(by_id.begin(), by_id.end(), std::make_pair(h, 0u));
            for (; it != by_id.end() && it->first == h; ++it) {
                if (same_id(order_ref_[it->second], r.order_ref)) {
                    r.order = int32_t(it->second);
                    break;
                }
            }
        }
    }
}

}  // namespace loyalty
