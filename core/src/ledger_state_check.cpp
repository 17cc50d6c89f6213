#include "ledger_state_check.h"

#include "json_reader.h"
#include "loyalty/checked.h"
#include "tier_window.h"

namespace loyalty {
namespace {

class StateChecker {
  public:
    StateChecker(const Program& program, const LedgerState& state, Errors& errors)
        : program_(program), s_(state), errors_(errors) {}

    void run() {
        times();
        totals();
        history();
        lots();
        tier_window();
        orders();
    }

  private:
    void fail(std::string path, std::string message, ErrorCode code) {
        errors_.push_back({std::move(path), std::move(message), code});
    }

    bool in_range(const std::string& path, int64_t v, int64_t lo, int64_t hi) {
        if (v >= lo && v <= hi) return true;
        fail(path,
             "is " + std::to_string(v) + "; expected " + std::to_string(lo) + " to " +
                 std::to_string(hi),
             ErrorCode::out_of_range);
        return false;
    }

    std::string at(Instant t) const { return format_instant(t, program_.zone); }

    void times() {
        if (s_.last_at && (!s_.as_of || *s_.as_of < *s_.last_at))
            fail("/as_of",
                 "must be given and not before last_at: a ledger is never behind its last event",
                 ErrorCode::out_of_order);
        if (s_.active_at && (!s_.last_at || *s_.active_at > *s_.last_at))
            fail("/active_at", "is after last_at: it is the instant of a booked event",
                 ErrorCode::out_of_order);
        // A state from before expiry.inactive_days existed cannot say when its lots go.
        if (program_.expiry.inactive_days > 0 && !s_.active_at &&
            (s_.totals.purchases > 0 || s_.totals.redeemed > 0))
            fail("/active_at",
                 "is missing; the program's expiry.inactive_days needs the last purchase or "
                 "redemption (replay the events instead)",
                 ErrorCode::required);
    }

    void totals() {
        const Status& t = s_.totals;
        in_range("/totals/balance", t.balance, 0, kMaxCounter);
        in_range("/totals/earned", t.earned, 0, kMaxCounter);
        in_range("/totals/redeemed", t.redeemed, 0, kMaxCounter);
        in_range("/totals/expired", t.expired, 0, kMaxCounter);
        in_range("/totals/clawed_back", t.clawed_back, 0, kMaxCounter);
        in_range("/totals/adjusted", t.adjusted, -kMaxCounter, kMaxCounter);
        in_range("/totals/uncollected", t.uncollected, 0, kMaxCounter);
        in_range("/totals/purchases", t.purchases, 0, kMaxCounter);
    }

    void history() {
        const auto& h = s_.totals.history;
        if (h.size() > kMaxStateHistory) {
            fail("/history",
                 "has " + std::to_string(h.size()) + " entries; a state keeps at most " +
                     std::to_string(kMaxStateHistory),
                 ErrorCode::too_many);
            return;
        }
        if (s_.totals.history_total < h.size())
            fail("/history_total",
                 "is less than the " + std::to_string(h.size()) + " entries in history",
                 ErrorCode::conflict);
        for (size_t i = 0; i < h.size(); ++i) {
            const std::string path = "/history/" + std::to_string(i);
            const HistoryEntry& e = h[i];
            if (!s_.as_of || e.at > *s_.as_of)
                fail(path + "/at", "is after the state's as_of", ErrorCode::out_of_order);
            if (i > 0 && e.at < h[i - 1].at)
                fail(path + "/at", "is earlier than the entry before it", ErrorCode::out_of_order);
            in_range(path + "/points", e.points, -kMaxCounter, kMaxCounter);
            in_range(path + "/balance", e.balance, 0, kMaxCounter);
            in_range(path + "/uncollected", e.uncollected, 0, kMaxCounter);
            for (size_t k = 0; k < e.explanation.size(); ++k) {
                const ExplanationLine& l = e.explanation[k];
                const std::string lpath = path + "/explanation/" + std::to_string(k);
                if (l.amount) in_range(lpath + "/amount", *l.amount, -kMaxCounter, kMaxCounter);
                // Display only; bounded so that printing it cannot overflow.
                constexpr __int128 kBound = __int128(kMaxCounter) * kMaxCounter;
                if (l.points.den <= 0 || l.points.den > kBound || l.points.num > kBound ||
                    l.points.num < -kBound)
                    fail(lpath + "/points",
                         "is not a fraction with a positive denominator below 10^36",
                         ErrorCode::bad_format);
            }
        }
    }

    void lots() {
        __int128 sum = 0;
        const Lot* before = nullptr;
        const Lot* dated = nullptr;  // the last lot before this one that can expire
        for (size_t i = 0; i < s_.lots.size(); ++i) {
            const std::string path = "/lots/" + std::to_string(i);
            const Lot& lot = s_.lots[i];
            if (lot.index >= s_.lot_count)
                fail(path + "/index",
                     "is not below lot_count (" + std::to_string(s_.lot_count) + ")",
                     ErrorCode::out_of_range);
            if (before && lot.index <= before->index)
                fail(path + "/index", "must be greater than the lot before it",
                     ErrorCode::out_of_order);
            if (in_range(path + "/points", lot.points, 1, kMaxCounter)) sum += lot.points;
            if (!s_.as_of || lot.earned_at > *s_.as_of)
                fail(path + "/earned_at", "is after the state's as_of", ErrorCode::out_of_order);
            if (before && lot.earned_at < before->earned_at)
                fail(path + "/earned_at", "is earlier than the lot before it",
                     ErrorCode::out_of_order);
            before = &lot;
            if (lot.lasting) {
                if (!program_.expiry.never_expire)
                    fail(path + "/never_expires",
                         "the program exempts no points from expiry (expiry.never_expire)",
                         ErrorCode::conflict);
                if (lot.expires_at)
                    fail(path + "/expires_at", "is set on a lot that never expires",
                         ErrorCode::conflict);
                continue;
            }
            const auto idle = inactivity_due(program_, s_.active_at, lot.earned_at);
            if (idle && s_.as_of && *idle <= *s_.as_of)
                fail(path + "/earned_at",
                     "is " + at(lot.earned_at) +
                         ": expiry.inactive_days should have taken the lot "
                         "by as_of",
                     ErrorCode::conflict);
            if (lot.expires_at) {
                // Due lots were expired up to as_of; one still here would expire out of order.
                if (s_.as_of && *lot.expires_at <= *s_.as_of)
                    fail(path + "/expires_at",
                         "is " + at(*lot.expires_at) +
                             ", not after as_of: the lot should have expired",
                         ErrorCode::conflict);
                if (dated && (!dated->expires_at || *lot.expires_at < *dated->expires_at))
                    fail(path + "/expires_at",
                         "is earlier than the expiry of the lot before it; lots expire in earning "
                         "order",
                         ErrorCode::out_of_order);
            }
            dated = &lot;
        }
        if (sum != s_.totals.balance)
            fail("/totals/balance",
                 "is " + std::to_string(s_.totals.balance) + " but the lots hold " +
                     std::to_string(int64_t(sum > kMaxCounter ? kMaxCounter : sum)) + " points",
                 ErrorCode::conflict);
    }

    void tier_window() {
        const TierWindow window(program_.tiers, program_.zone);
        const auto& entries = s_.tier_entries;
        if (window.lifetime()) {
            if (!entries.empty())
                fail("/tier_window/entries", "must be empty: the program's tier window is lifetime",
                     ErrorCode::conflict);
            in_range("/tier_window/sum", s_.tier_sum, 0, kMaxCounter);
            return;
        }
        __int128 sum = 0;
        for (size_t i = 0; i < entries.size(); ++i) {
            const std::string path = "/tier_window/entries/" + std::to_string(i);
            const TierEntry& e = entries[i];
            if (e.handle >= s_.tier_count)
                fail(path + "/handle",
                     "is not below the window's count (" + std::to_string(s_.tier_count) + ")",
                     ErrorCode::out_of_range);
            if (i > 0 && e.handle <= entries[i - 1].handle)
                fail(path + "/handle", "must be greater than the entry before it",
                     ErrorCode::out_of_order);
            if (i > 0 && e.at < entries[i - 1].at)
                fail(path + "/at", "is earlier than the entry before it", ErrorCode::out_of_order);
            if (!s_.as_of || e.at > *s_.as_of)
                fail(path + "/at", "is after the state's as_of", ErrorCode::out_of_order);
            else if (window.leaves_at(e.at) <= *s_.as_of)
                fail(path + "/at", "has left the window by the state's as_of", ErrorCode::conflict);
            if (in_range(path + "/amount", e.amount, 0, kMaxCounter)) sum += e.amount;
        }
        if (sum != s_.tier_sum)
            fail("/tier_window/sum",
                 "is " + std::to_string(s_.tier_sum) + " but the entries add up to another amount",
                 ErrorCode::conflict);
    }

    void orders() {
        for (const auto& [id, o] : s_.orders) {
            const std::string path = child_path("/orders", id);
            if (id.empty() || id.size() > 64)
                fail(path, "an order id has 1 to 64 characters", ErrorCode::too_long);
            in_range(path + "/subtotal", o.subtotal, 0, kMaxAmount);
            in_range(path + "/paid", o.paid, 0, o.subtotal);
            in_range(path + "/earned", o.earned, 0, kMaxCounter);
            in_range(path + "/points_redeemed", o.points_redeemed, 0, kMaxAmount);
            in_range(path + "/refunded", o.refunded, 0, o.subtotal);
            in_range(path + "/clawed_back", o.clawed_back, 0, o.earned);
            in_range(path + "/returned", o.returned, 0, o.points_redeemed);
            in_range(path + "/paid_refunded", o.paid_refunded, 0, o.paid);
            if (o.lot && *o.lot >= s_.lot_count)
                fail(path + "/lot", "is not below lot_count", ErrorCode::out_of_range);
            if (o.tier_entry && *o.tier_entry >= s_.tier_count)
                fail(path + "/tier_entry", "is not below the window's count",
                     ErrorCode::out_of_range);
        }
    }

    const Program& program_;
    const LedgerState& s_;
    Errors& errors_;
};

}  // namespace

Errors check_ledger_state(const Program& program, const LedgerState& state) {
    Errors errors;
    StateChecker(program, state, errors).run();
    if (errors.size() > 100) errors.resize(100);
    return errors;
}

}  // namespace loyalty
