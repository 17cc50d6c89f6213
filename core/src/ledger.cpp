#include "loyalty/ledger.h"

#include <algorithm>
#include <map>

#include "earning.h"
#include "ledger_state_check.h"
#include "loyalty/checked.h"
#include "tier_window.h"

namespace loyalty {
namespace {

std::string_view bonus_name(BonusKind k) { return kBonusKindNames[int(k)]; }

int64_t bonus_points(const Bonuses& b, BonusKind k) {
    switch (k) {
        case BonusKind::Signup:
            return b.signup;
        case BonusKind::Birthday:
            return b.birthday;
        case BonusKind::Review:
            return b.review;
        case BonusKind::ReferralReferrer:
            return b.referral_referrer;
        case BonusKind::ReferralReferee:
            return b.referral_referee;
    }
    return 0;
}

/** `day`, or the last day of its calendar month, quarter or year. */
Day last_usable_day(Day day, ExpiryEnd end) {
    if (end == ExpiryEnd::None) return day;
    int year = 0;
    unsigned month = 0, unused = 0;
    civil_from_days(day, year, month, unused);
    // The first month of the next period: the next month, the month after this quarter, January.
    unsigned next = end == ExpiryEnd::Month     ? month + 1
                    : end == ExpiryEnd::Quarter ? (month + 2) / 3 * 3 + 1
                                                : 13;
    if (next > 12) {
        next = 1;
        ++year;
    }
    return days_from_civil(year, next, 1) - 1;
}

/** Lots in index order, spent from the front; the empty ones at the front are forgotten once they
 *  are most of the vector, so a long history costs nothing. */
struct LotQueue {
    std::vector<Lot> lots;
    size_t first = 0;  // lots before it are empty

    void drop_spent() {
        while (first < lots.size() && lots[first].points == 0) ++first;
        if (first > 64 && first * 2 > lots.size()) {
            lots.erase(lots.begin(), lots.begin() + ptrdiff_t(first));
            first = 0;
        }
    }

    Lot* find(uint64_t index) {
        auto it = std::lower_bound(lots.begin() + ptrdiff_t(first), lots.end(), index,
                                   [](const Lot& l, uint64_t i) { return l.index < i; });
        return it != lots.end() && it->index == index ? &*it : nullptr;
    }

    // Takes up to `want` points, oldest first; returns what it got.
    int64_t take(int64_t want) {
        int64_t taken = 0;
        for (size_t i = first; i < lots.size() && taken < want; ++i) {
            const int64_t t = std::min(lots[i].points, want - taken);
            lots[i].points -= t;
            taken += t;
        }
        drop_spent();
        return taken;
    }
};

}  // namespace

struct Ledger::State {
    const Program& program;
    size_t history_limit;
    TierWindow tiers;
    // Lots that expire, by index; expiry order is the same (one expiry period). Then those of
    // expiry.never_expire, spent only when the others are gone.
    LotQueue expiring, lasting;
    uint64_t lot_count = 0;
    // Looked up by id only, never iterated; a map links less code than a hash table.
    std::map<std::string, OrderRecord> orders;
    Status totals;  // balance and lifetime counters; history when recorded
    std::optional<Instant> last_at;
    std::optional<Instant> as_of;
    std::optional<Instant> active_at;  // the last purchase or redemption
    bool signed_up = false;
    int floor = -1;                      // the tier the shop set as a floor (-1: none)
    std::optional<Instant> floor_until;  // when it ends (absent: no end)

    State(const Program& p, size_t history)
        : program(p), history_limit(history), tiers(p.tiers, p.zone) {}

    std::optional<Instant> expiry_for(Instant earned_at) const {
        const Expiry& e = program.expiry;
        if (!e.expires()) return std::nullopt;
        // Usable through the end of local day (earned day + days), moved on to the last day of
        // its month, quarter or year when the program says so; gone at the next midnight. The
        // rounding keeps lots in earning order also in expiry order.
        return start_of_day(
            last_usable_day(day_of(earned_at, program.zone) + e.days, e.at_end_of) + 1,
            program.zone);
    }

    /** When `lot` goes: at its own expiry, or earlier when `expiry.inactive_days` pass without a
     *  purchase or redemption, counted from the later of the last one and the lot's earning. Both
     *  grow with the lot's index, so lots still go in index order. */
    std::optional<Instant> due(const Lot& lot) const {
        if (lot.lasting) return std::nullopt;
        const auto gone = inactivity_due(program, active_at, lot.earned_at);
        return gone && (!lot.expires_at || *gone < *lot.expires_at) ? gone : lot.expires_at;
    }

    void record(Instant at, std::string type, std::string id, int64_t points,
                std::vector<ExplanationLine> explanation, int64_t uncollected = 0,
                std::string reason = {}) {
        ++totals.history_total;
        if (history_limit == 0) return;
        auto& history = totals.history;
        history.push_back({at, std::move(type), std::move(id), points, totals.balance, uncollected,
                           std::move(explanation), std::move(reason)});
        // Trim in batches so a long replay with a short tail stays linear.
        if (history_limit != kAllHistory && history.size() >= 2 * history_limit + 16)
            history.erase(history.begin(), history.end() - ptrdiff_t(history_limit));
    }

    /** An entry explained by one line of `kind` for all its points. Out of line: six call sites
     *  each building the line inline cost the widget's wasm more than this function. */
    [[gnu::noinline]] void record_one(Instant at, const char* type, std::string id, int64_t points,
                                      const char* kind, std::string label,
                                      std::string reason = {}) {
        record(at, type, std::move(id), points,
               {{kind, std::move(label), "", std::nullopt, std::nullopt, fraction_of(points)}}, 0,
               std::move(reason));
    }

    uint64_t credit(Instant at, int64_t points, const std::string& source, LotSource from) {
        const bool keep = program.expiry.lasting(from);
        (keep ? lasting : expiring)
            .lots.push_back(
                {lot_count, at, keep ? std::nullopt : expiry_for(at), points, source, keep});
        totals.balance += points;
        return lot_count++;
    }

    // Takes up to `points` from lot `preferred` first (if it still has any), then soonest
    // expiring first; returns what it got.
    int64_t debit(int64_t points, std::optional<uint64_t> preferred = std::nullopt) {
        int64_t taken = 0;
        if (preferred) {
            Lot* lot = expiring.find(*preferred);
            if (!lot) lot = lasting.find(*preferred);
            if (lot) {
                taken = std::min(lot->points, points);
                lot->points -= taken;
            }
        }
        taken += expiring.take(points - taken);
        taken += lasting.take(points - taken);
        totals.balance -= taken;
        return taken;
    }

    void expire_until(Instant t) {
        auto& lots = expiring.lots;
        for (size_t i = expiring.first; i < lots.size(); ++i) {
            Lot& lot = lots[i];
            const std::optional<Instant> at = due(lot);
            if (!at || *at > t) break;
            if (lot.points == 0) continue;
            const int64_t points = lot.points;
            lot.points = 0;
            totals.balance -= points;
            totals.expired += points;
            record_one(*at, "expiry", lot.source, -points,
                       at == lot.expires_at ? "expiry" : "inactivity", lot.source);
        }
        expiring.drop_spent();
        tiers.advance_to(t);
        if (!as_of || t > *as_of) as_of = t;
    }

    bool floor_holds(Instant t) const { return floor >= 0 && (!floor_until || t < *floor_until); }
    /** The tier at `t` (the window advanced to it): the window's, or the shop's floor above it. */
    int tier_at(Instant t) const {
        const int window = tiers.tier_index();
        return floor_holds(t) && floor > window ? floor : window;
    }

    int64_t tier_contribution(int64_t paid, int64_t earned) const {
        return program.tiers.basis == TierBasis::Spend ? paid : earned;
    }

    Result<bool> purchase(const Event& e, const std::string& path) {
        if (e.id.empty())
            return Error{path + "/id", "a purchase needs an order id", ErrorCode::required};
        if (orders.count(e.id))
            return Error{path + "/id", "order \"" + e.id + "\" was already booked",
                         ErrorCode::duplicate};
        if (e.lines.empty())
            return Error{path + "/lines", "a purchase needs at least one line",
                         ErrorCode::required};
        auto totals_r = purchase_totals(program, e, path);
        if (!totals_r.ok()) return totals_r.errors();
        const PurchaseTotals& t = totals_r.value();
        if (e.points_redeemed > totals.balance) {
            return Error{path + "/points_redeemed",
                         "redeems " + std::to_string(e.points_redeemed) +
                             " points but the balance is " + std::to_string(totals.balance),
                         ErrorCode::not_enough_points};
        }
        const int tier_index = program.tiers.levels.empty() ? -1 : tier_at(e.at);
        auto earn = earn_for_purchase(program, e, t, tier_index, totals.purchases == 0, path);
        if (!earn.ok()) return earn.errors();

        OrderRecord rec;
        rec.subtotal = t.subtotal;
        rec.paid = t.paid;
        rec.points_redeemed = e.points_redeemed;
        rec.earned = earn.value().points;
        if (e.points_redeemed > 0) {
            debit(e.points_redeemed);
            totals.redeemed += e.points_redeemed;
            record_one(e.at, "redemption", e.id, -e.points_redeemed, "redeemed_on_order", e.id);
        }
        if (rec.earned > 0) {
            rec.lot = credit(e.at, rec.earned, e.id, LotSource::Purchase);
            totals.earned += rec.earned;
        }
        rec.tier_entry = tiers.add(e.at, tier_contribution(t.paid, rec.earned));
        ++totals.purchases;
        orders.emplace(e.id, rec);
        record(e.at, "purchase", e.id, rec.earned, std::move(earn.value().explanation));
        return true;
    }

    Result<bool> refund(const Event& e, const std::string& path) {
        auto it = orders.find(e.order_id);
        if (it == orders.end())
            return Error{path + "/order_id",
                         "refers to no earlier purchase (\"" + e.order_id.substr(0, 64) + "\")",
                         ErrorCode::unknown_reference};
        OrderRecord& rec = it->second;
        if (e.amount <= 0 || e.amount > rec.subtotal - rec.refunded) {
            return Error{path + "/amount",
                         "must be between 1 and the " +
                             std::to_string(rec.subtotal - rec.refunded) +
                             " minor units not yet refunded on this order",
                         ErrorCode::out_of_range};
        }
        const Rounding mode = program.earn.rounding;
        const int64_t refunded = rec.refunded + e.amount;
        // Cumulative targets keep a series of partial refunds equal to one refund of their sum.
        const int64_t return_target = *mul_div(rec.points_redeemed, refunded, rec.subtotal, mode);
        const int64_t claw_target = *mul_div(rec.earned, refunded, rec.subtotal, mode);
        const int64_t paid_target = *mul_div(rec.paid, refunded, rec.subtotal, Rounding::Floor);
        const int64_t to_return = return_target - rec.returned;
        const int64_t to_claw = claw_target - rec.clawed_back;
        std::vector<ExplanationLine> why;
        if (to_return > 0) {
            credit(e.at, to_return, e.id.empty() ? e.order_id : e.id, LotSource::Returned);
            totals.redeemed -= to_return;
            why.push_back({"redeemed_returned", e.order_id, "", e.amount, std::nullopt,
                           fraction_of(to_return)});
        }
        const int64_t collected = to_claw > 0 ? debit(to_claw, rec.lot) : 0;
        const int64_t uncollected = std::max<int64_t>(0, to_claw - collected);
        if (to_claw > 0)
            why.push_back(
                {"refund", e.order_id, "", e.amount, std::nullopt, fraction_of(-to_claw)});
        totals.clawed_back += collected;
        totals.uncollected += uncollected;
        if (rec.tier_entry) {
            tiers.reduce(*rec.tier_entry, program.tiers.basis == TierBasis::Spend
                                              ? paid_target - rec.paid_refunded
                                              : to_claw);
        }
        rec.refunded = refunded;
        rec.returned = return_target;
        rec.clawed_back = claw_target;
        rec.paid_refunded = paid_target;
        record(e.at, "refund", e.id.empty() ? e.order_id : e.id, to_return - collected,
               std::move(why), uncollected);
        return true;
    }

    Result<bool> spend(const std::string& path, int64_t points, const char* what) {
        if (points > totals.balance) {
            return Error{path + "/points",
                         std::string(what) + " of " + std::to_string(points) +
                             " points exceeds the balance of " + std::to_string(totals.balance),
                         ErrorCode::not_enough_points};
        }
        debit(points);
        return true;
    }

    Result<bool> apply(const Event& e, const std::string& path) {
        switch (e.type) {
            case EventType::Purchase:
                return purchase(e, path);
            case EventType::Refund:
                return refund(e, path);
            case EventType::Redemption: {
                auto r = spend(path, e.points, "a redemption");
                if (!r.ok()) return r;
                totals.redeemed += e.points;
                record_one(e.at, "redemption", e.id.empty() ? e.reward_id : e.id, -e.points,
                           "reward", e.reward_id);
                return true;
            }
            case EventType::Bonus: {
                if (e.bonus == BonusKind::Signup) {
                    if (signed_up)
                        return Error{path + "/kind", "the sign-up bonus was already granted",
                                     ErrorCode::duplicate};
                    signed_up = true;
                }
                const int64_t points = bonus_points(program.bonuses, e.bonus);
                const std::string kind(bonus_name(e.bonus));
                if (points > 0) {
                    credit(e.at, points, e.id.empty() ? kind : e.id,
                           LotSource(int(LotSource::Signup) + int(e.bonus)));
                    totals.earned += points;
                    if (program.tiers.basis == TierBasis::Points) tiers.add(e.at, points);
                }
                record_one(e.at, "bonus", e.id.empty() ? kind : e.id, points, "bonus", kind);
                return true;
            }
            case EventType::Adjustment: {
                if (e.points < 0) {
                    auto r = spend(path, -e.points, "a negative adjustment");
                    if (!r.ok()) return r;
                } else {
                    credit(e.at, e.points, e.id.empty() ? "adjustment" : e.id,
                           LotSource::Adjustment);
                }
                totals.adjusted += e.points;
                record_one(e.at, "adjustment", e.id, e.points, "adjustment", {}, e.reason);
                return true;
            }
            case EventType::Tier: {
                const auto& levels = program.tiers.levels;
                int index = -1;
                for (size_t i = 0; i < levels.size(); ++i)
                    if (levels[i].id == e.tier_id) index = int(i);
                if (!e.tier_id.empty() && index < 0)
                    return Error{path + "/tier_id",
                                 "\"" + e.tier_id + "\" names no tier of this program",
                                 ErrorCode::unknown_reference};
                floor = index;
                floor_until = e.until;
                record_one(e.at, "tier", e.id, 0, "tier_floor", e.tier_id, e.reason);
                return true;
            }
        }
        return true;
    }
};

std::optional<Instant> inactivity_due(const Program& program, std::optional<Instant> active_at,
                                      Instant earned_at) {
    const int32_t idle = program.expiry.inactive_days;
    if (idle == 0) return std::nullopt;
    // Gone at the midnight that ends local day (start + idle), like a fixed period.
    const Instant from = std::max(active_at.value_or(earned_at), earned_at);
    return start_of_day(day_of(from, program.zone) + idle + 1, program.zone);
}

Ledger::Ledger(const Program& program, size_t history_limit)
    : state_(std::make_unique<State>(program, history_limit)) {}
Ledger::~Ledger() = default;
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;

Result<Ledger> Ledger::resume(const Program& program, LedgerState state, size_t history_limit) {
    Errors errors = check_ledger_state(program, state);
    if (!errors.empty()) return errors;
    Ledger ledger(program, history_limit);
    State& s = *ledger.state_;
    s.last_at = state.last_at;
    s.as_of = state.as_of;
    s.active_at = state.active_at;
    s.signed_up = state.signed_up;
    s.totals = std::move(state.totals);
    s.totals.lots.clear();
    s.totals.tier.reset();
    if (history_limit == 0)
        s.totals.history.clear();
    else if (s.totals.history.size() > history_limit)
        s.totals.history.erase(s.totals.history.begin(),
                               s.totals.history.end() - ptrdiff_t(history_limit));
    for (Lot& lot : state.lots)
        (lot.lasting ? s.lasting : s.expiring).lots.push_back(std::move(lot));
    s.lot_count = state.lot_count;
    s.tiers.restore(std::move(state.tier_entries), state.tier_count, state.tier_sum);
    const auto& levels = program.tiers.levels;
    // A floor naming a tier this programme no longer has holds nothing (docs/program.md#tiers).
    for (size_t i = 0; i < levels.size(); ++i)
        if (levels[i].id == state.tier_floor) s.floor = int(i);
    s.floor_until = state.tier_floor_until;
    s.orders = std::move(state.orders);
    return ledger;
}

LedgerState Ledger::snapshot() const {
    const State& s = *state_;
    LedgerState out;
    out.last_at = s.last_at;
    out.as_of = s.as_of;
    out.active_at = s.active_at;
    out.signed_up = s.signed_up;
    out.totals = s.totals;
    auto& history = out.totals.history;
    if (history.size() > kStateHistory)
        history.erase(history.begin(), history.end() - ptrdiff_t(kStateHistory));
    // A state lists its lots by index, whether they expire or not.
    for (const LotQueue* q : {&s.expiring, &s.lasting}) {
        const size_t from = out.lots.size();
        for (size_t i = q->first; i < q->lots.size(); ++i)
            if (q->lots[i].points > 0) out.lots.push_back(q->lots[i]);
        std::inplace_merge(out.lots.begin(), out.lots.begin() + ptrdiff_t(from), out.lots.end(),
                           [](const Lot& a, const Lot& b) { return a.index < b.index; });
    }
    out.lot_count = s.lot_count;
    out.tier_entries = s.tiers.entries();
    out.tier_count = s.tiers.count();
    out.tier_sum = s.tiers.kept();
    // A floor that has ended can do nothing more (time only moves on), so the state leaves it out.
    if (s.floor >= 0 && s.as_of && s.floor_holds(*s.as_of)) {
        out.tier_floor = s.program.tiers.levels[size_t(s.floor)].id;
        out.tier_floor_until = s.floor_until;
    }
    out.orders = s.orders;
    return out;
}

Result<bool> Ledger::apply(const Event& event) {
    State& s = *state_;
    if (s.last_at && event.at < *s.last_at) {
        return Error{
            "/at",
            "events must be in chronological order; this one is earlier than the one before it (" +
                format_instant(*s.last_at, s.program.zone) + ")",
            ErrorCode::out_of_order};
    }
    if (s.as_of && event.at < *s.as_of) {
        return Error{
            "/at",
            "is before " + format_instant(*s.as_of, s.program.zone) +
                ", the instant the ledger state was taken at; events before it need a replay "
                "from the first event",
            ErrorCode::out_of_order};
    }
    // Each event moves a counter by at most a few times kMaxAmount; stopping well short of the
    // int64 range keeps every sum below exact.
    const Status& t = s.totals;
    constexpr int64_t kRoom = kMaxCounter - 8 * kMaxAmount;
    if (std::max({t.balance, t.earned, t.redeemed, t.expired, t.clawed_back, t.uncollected,
                  t.purchases, std::abs(t.adjusted), std::abs(s.tiers.kept())}) > kRoom) {
        return Error{"",
                     "the customer's lifetime totals have reached 10^18 points or minor units; the "
                     "ledger books no more events",
                     ErrorCode::out_of_range};
    }
    s.expire_until(event.at);
    auto r = s.apply(event, "");
    if (r.ok()) {
        s.last_at = event.at;
        if (event.type == EventType::Purchase || event.type == EventType::Redemption)
            s.active_at = event.at;
    }
    return r;
}

void Ledger::advance_to(Instant t) { state_->expire_until(t); }

int64_t Ledger::balance() const { return state_->totals.balance; }

Status Ledger::status(Instant now) {
    State& s = *state_;
    s.expire_until(now);
    Status out = s.totals;
    if (s.history_limit != kAllHistory && out.history.size() > s.history_limit)
        out.history.erase(out.history.begin(), out.history.end() - ptrdiff_t(s.history_limit));
    out.lots.clear();
    const Instant warn_until = now + int64_t(s.program.expiry.warning_days) * kSecondsPerDay;
    // In the order they are spent: those that expire, soonest first, then the lasting ones.
    for (const LotQueue* q : {&s.expiring, &s.lasting}) {
        for (size_t i = q->first; i < q->lots.size(); ++i) {
            const Lot& lot = q->lots[i];
            if (lot.points == 0) continue;
            const std::optional<Instant> at = s.due(lot);
            out.lots.push_back(lot);
            out.lots.back().expires_at = at;
            if (at) {
                if (!out.next_expiry || *at < *out.next_expiry) out.next_expiry = at;
                if (*at <= warn_until) out.expiring_soon += lot.points;
            }
        }
    }
    if (!s.program.tiers.levels.empty()) {
        TierStatus t;
        const auto& levels = s.program.tiers.levels;
        const int window = s.tiers.tier_index();  // a sweep of the window under a grace
        t.index = window;
        if (s.floor_holds(now)) {
            t.floor_index = s.floor;
            t.floor_until = s.floor_until;
            t.index = std::max(window, s.floor);
        }
        t.qualifying = s.tiers.qualifying();
        if (size_t(t.index) + 1 < levels.size()) {
            const int64_t from = levels[size_t(t.index)].threshold;
            const int64_t to = levels[size_t(t.index) + 1].threshold;
            t.next_index = t.index + 1;
            t.remaining = to - t.qualifying;
            // Progress within the current band, rounded to 4 decimals in integer arithmetic.
            const int64_t done = std::clamp<int64_t>(t.qualifying - from, 0, to - from);
            t.fraction = double(*mul_div(done, 10000, to - from, Rounding::Floor)) / 10000.0;
        }
        // Lost when what holds it goes: the window, the floor, or the later of both when both do.
        if (t.index > window) {
            t.lapses_at = s.floor_until;
        } else {
            t.lapses_at = s.tiers.lapses_at(window);
            if (t.floor_index == window)
                t.lapses_at = t.lapses_at && s.floor_until
                                  ? std::optional(std::max(*t.lapses_at, *s.floor_until))
                                  : std::nullopt;
        }
        out.tier = t;
    }
    return out;
}

Result<Ledger> replay_ledger(const Program& program, const Customer& customer, Instant now,
                             size_t history_limit) {
    std::optional<Ledger> ledger;
#ifdef LOYALTY_WIDGET_CORE
    if (false) {  // the widget's core reads no states (customer_json.cpp), so resume() stays out
#else
    if (customer.state) {
#endif
        auto resumed = Ledger::resume(program, *customer.state, history_limit);
        if (!resumed.ok()) {
            Errors errors = resumed.errors();
            for (auto& err : errors) err.path = "/customer/state" + err.path;
            return errors;
        }
        if (customer.state->as_of && *customer.state->as_of > now) {
            return Error{"/customer/state/as_of",
                         "is after \"now\" (" + format_instant(now, program.zone) +
                             "); a state cannot come from the future",
                         ErrorCode::out_of_order};
        }
        ledger.emplace(std::move(resumed).value());
    } else {
        ledger.emplace(program, history_limit);
    }
    for (size_t i = 0; i < customer.events.size(); ++i) {
        const Event& e = customer.events[i];
        const std::string path = "/customer/events/" + std::to_string(i);
        if (e.at > now) {
            return Error{path + "/at",
                         "is after \"now\" (" + format_instant(now, program.zone) +
                             "); future-dated events are refused",
                         ErrorCode::out_of_order};
        }
        auto r = ledger->apply(e);
        if (!r.ok()) {
            Errors errors = r.errors();
            for (auto& err : errors) err.path = path + err.path;
            return errors;
        }
    }
    return std::move(*ledger);
}

Result<Status> replay(const Program& program, const Customer& customer, Instant now) {
    auto ledger = replay_ledger(program, customer, now);
    if (!ledger.ok()) return ledger.errors();
    return ledger.value().status(now);
}

}  // namespace loyalty
