#include <algorithm>
#include <cstring>
#include <memory>

#include "loyalty/checked.h"
#include "loyalty/orders.h"

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
        w = uint64_t(uint8_t(p[0])) | uint64_t(uint8_t(p[n / 2])) << 8 | uint64_t(uint8_t(p[n - 1])) << 16;
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
        if (load16(entry + 4) == text.size() && same_bytes(entry + kEntryHeader, text.data(), text.size()))
            return load32(entry);
    }
}

void StringInterner::grow() {
    std::vector<uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
        if (slot == 0) continue;
        size_t i = uint32_t(slot >> 32) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = slot;
    }
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
        grow();
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

void StringInterner::intern_batch(const std::string_view* texts, const uint32_t* hashes,
                                  size_t n, int32_t* out) {
    // A software pipeline: the slot of row i + 2D is prefetched, the string the slot of row i + D
    // points at is prefetched, and row i is looked up, its memory by then (mostly) in cache. A
    // random access is what a lookup costs (hundreds of nanoseconds on a busy machine), so D
    // rows of work must cover it.
    constexpr size_t kAhead = 32;
    const char* arena = arena_.data();
    for (size_t i = 0; i < n + 2 * kAhead; ++i) {
        const size_t mask = slots_.size() - 1;
        const uint64_t* slots = slots_.data();
        if (i < n) __builtin_prefetch(slots + (hashes[i] & mask));
        if (i >= kAhead && i - kAhead < n) {
            const size_t j = i - kAhead;
            const uint64_t slot = slots[hashes[j] & mask];
            if (uint32_t(slot >> 32) == hashes[j]) __builtin_prefetch(arena + uint32_t(slot));
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

uint32_t OrderTable::store_id(std::string_view id) {
    if (id.empty() || ids_.size() + 1 + id.size() > kMaxArenaBytes) return 0;
    if (id.size() > 255) id = id.substr(0, 255);
    const auto offset = uint32_t(ids_.size());
    ids_ += char(uint8_t(id.size()));
    ids_.append(id);
    return offset;
}

std::string_view OrderTable::id_at(uint32_t ref) const {
    if (ref == 0) return {};
    return {ids_.data() + ref + 1, size_t(uint8_t(ids_[ref]))};
}

void OrderTable::reserve(size_t rows) {
    rows = std::min(rows, kMaxRows);
    customer_.reserve(rows);
    day_.reserve(rows);
    amount_.reserve(rows);
    line_.reserve(rows);
    order_ref_.reserve(rows);
    // Customer ids: a guess of a few distinct ids per ten rows, each with its 6-byte header.
    // Growing by doubling would copy the store and touch fresh pages each time.
    customers_.reserve_text(rows * 12);
}

void OrderTable::reserve_ids(size_t rows, size_t bytes_per_id) {
    // Growing a string by doubling copies it each time; one reservation copies nothing.
    ids_.reserve(std::min(std::min(rows, kMaxRows) * (bytes_per_id + 1), size_t(kMaxArenaBytes)));
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
        customer_.push_back(c);
        day_.push_back(r.day);
        amount_.push_back(r.amount);
        line_.push_back(r.line);
        order_ref_.push_back(store_id(r.order_id));
    }
    return n;
}

std::vector<RejectedRow> OrderTable::finalize() {
    std::vector<RejectedRow> rejected;
    if (finalized_) return rejected;
    finalized_ = true;
    const size_t n = size();
    const auto customers = size_t(customer_count());

    // One stable counting sort by customer, carrying each order as one 24-byte record so the
    // scatter writes one place per order.
    struct Rec {
        Day day;
        uint32_t line;
        int64_t amount;
        uint32_t ref;
        uint32_t id_hash;
    };
    constexpr int64_t kMerged = -1;  // the amount of a row merged away
    // Counting touches one random place per order (in a small array), so the places a few
    // dozen orders ahead are prefetched while the current one waits for nothing.
    constexpr size_t kAhead = 32;
    std::vector<uint32_t> start(customers + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) __builtin_prefetch(&start[size_t(customer_[i + kAhead]) + 1], 1);
        ++start[size_t(customer_[i]) + 1];
    }
    for (size_t c = 0; c < customers; ++c) start[c + 1] += start[c];
    // Two passes instead of one scatter to a random place per order (a cache miss each, since
    // the records span tens of megabytes): first by block of kBlock customers, whose few write
    // positions stay in cache, then within each block, whose records fit in cache. The low bits
    // of the customer ride in the top of id_hash between the passes (the hash keeps the rest;
    // it only speeds up comparing order ids, which are compared in full anyway).
    constexpr unsigned kBlockBits = 9;
    constexpr uint32_t kBlock = 1u << kBlockBits;
    constexpr uint32_t kHashMask = (1u << (32 - kBlockBits)) - 1;
    const size_t blocks = (customers + kBlock - 1) / kBlock;
    auto block_begin = [&](size_t b) { return start[std::min(customers, b * kBlock)]; };
    // Not value-initialised: every element is written exactly once below.
    std::unique_ptr<Rec[]> recs(new Rec[n]);
    {
        std::vector<uint32_t> next(blocks);
        for (size_t b = 0; b < blocks; ++b) next[b] = block_begin(b);
        for (size_t i = 0; i < n; ++i) {
            const auto c = uint32_t(customer_[i]);
            const uint32_t ref = order_ref_[i];  // the ids arena is read in input order here
            const uint32_t id_hash = ref == 0 ? 0 : StringInterner::hash(id_at(ref)) & kHashMask;
            recs[next[c >> kBlockBits]++] = {day_[i], line_[i], amount_[i], ref,
                                             id_hash | (c & (kBlock - 1)) << (32 - kBlockBits)};
        }
        std::vector<Rec> block;  // one block's records, reused
        for (size_t b = 0; b < blocks; ++b) {
            const uint32_t lo = block_begin(b), hi = block_begin(b + 1);
            block.assign(recs.get() + lo, recs.get() + hi);
            const size_t first = b * kBlock;
            const size_t count = std::min(customers, first + kBlock) - first;
            next.assign(start.begin() + std::ptrdiff_t(first),
                        start.begin() + std::ptrdiff_t(first + count));
            for (Rec& r : block) {
                const uint32_t low = r.id_hash >> (32 - kBlockBits);
                r.id_hash &= kHashMask;
                recs[next[low]++] = r;
            }
        }
    }

    // Per customer: day order (exports are usually sorted one way or the other), then merge
    // the rows of one order.
    std::vector<std::pair<uint32_t, uint32_t>> by_id;  // (id hash, position), reused
    for (size_t c = 0; c < customers; ++c) {
        Rec* b = recs.get() + start[c];
        Rec* e = recs.get() + start[c + 1];
        auto by_day = [](const Rec& x, const Rec& y) { return x.day < y.day; };
        if (!std::is_sorted(b, e, by_day)) {
            if (std::is_sorted(b, e, [](const Rec& x, const Rec& y) { return x.day > y.day; }) &&
                std::adjacent_find(b, e, [](const Rec& x, const Rec& y) { return x.day == y.day; }) == e) {
                std::reverse(b, e);  // newest first, no ties: reversing keeps ties' order moot
            } else {
                std::stable_sort(b, e, by_day);
            }
        }
        if (e - b < 2) continue;
        // Each row with an id merges into the earliest surviving row with the same id.
        auto merge = [&](Rec& first, Rec& row) {
            const auto sum = checked_add(first.amount, row.amount);
            if (!sum || *sum > kMaxAmount) {
                rejected.push_back({row.line, "the rows of order \"" +
                                                  std::string(id_at(row.ref).substr(0, 60)) +
                                                  "\" add up to more than 10^15 minor units"});
            } else {
                first.amount = *sum;
                ++merged_rows_;
            }
            row.amount = kMerged;
        };
        auto same_order = [&](const Rec& first, const Rec& row) {
            return first.ref != 0 && first.amount != kMerged && first.id_hash == row.id_hash &&
                   id_at(first.ref) == id_at(row.ref);
        };
        if (e - b <= 16) {  // most customers: pairwise beats sorting
            for (Rec* row = b + 1; row != e; ++row) {
                if (row->ref == 0) continue;
                for (Rec* first = b; first != row; ++first) {
                    if (same_order(*first, *row)) {
                        merge(*first, *row);
                        break;
                    }
                }
            }
            continue;
        }
        by_id.clear();
        for (Rec* r = b; r != e; ++r) {
            if (r->ref != 0) by_id.emplace_back(r->id_hash, uint32_t(r - b));
        }
        if (by_id.size() < 2) continue;
        std::sort(by_id.begin(), by_id.end());
        for (size_t i = 0; i < by_id.size();) {
            size_t j = i + 1;
            while (j < by_id.size() && by_id[j].first == by_id[i].first) ++j;
            // Within one hash: each row merges into the earliest row with an equal id.
            for (size_t k = i + 1; k < j; ++k) {
                Rec& row = b[by_id[k].second];
                for (size_t m = i; m < k; ++m) {
                    Rec& first = b[by_id[m].second];
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
    group_.assign(customers + 1, 0);
    size_t out = 0;
    for (size_t c = 0; c < customers; ++c) {
        group_[c] = uint32_t(out);
        for (uint32_t k = start[c]; k < start[c + 1]; ++k) {
            const Rec& r = recs[k];
            if (r.amount == kMerged) continue;
            customer_[out] = int32_t(c);
            day_[out] = r.day;
            amount_[out] = r.amount;
            line_[out] = r.line;
            order_ref_[out] = r.ref;
            ++out;
        }
    }
    group_[customers] = uint32_t(out);
    customer_.resize(out);
    day_.resize(out);
    amount_.resize(out);
    line_.resize(out);
    order_ref_.resize(out);
    std::sort(rejected.begin(), rejected.end(),
              [](const RejectedRow& x, const RejectedRow& y) { return x.line < y.line; });

    // Link refunds to the order of the same customer with the id they name.
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
            if (order_ref_[k] != 0) by_id.emplace_back(StringInterner::hash(id_at(order_ref_[k])), k);
        }
        std::sort(by_id.begin(), by_id.end());
        for (; i < linkable.size() && refunds_[linkable[i]].customer == c; ++i) {
            RefundRow& r = refunds_[linkable[i]];
            const std::string_view id = id_at(r.order_ref);
            const uint32_t h = StringInterner::hash(id);
            auto it = std::lower_bound(by_id.begin(), by_id.end(), std::make_pair(h, 0u));
            for (; it != by_id.end() && it->first == h; ++it) {
                if (id_at(order_ref_[it->second]) == id) {
                    r.order = int32_t(it->second);
                    break;
                }
            }
        }
    }
    return rejected;
}

}  // namespace loyalty
