#include "loyalty/ledger.h"

#include <algorithm>
#include <map>

#include "earning.h"
#include "loyalty/checked.h"
#include "tier_window.h"

namespace loyalty {
namespace {

// What the ledger remembers of a booked order so that refunds undo exactly what it did.
struct OrderRecord {
    int64_t subtotal = 0;
    int64_t paid = 0;
    int64_t earned = 0;           // points the order earned (all bonuses included)
    int64_t points_redeemed = 0;  // points spent on it
    int64_t refunded = 0;         // merchandise refunded so far, minor units
    int64_t clawed_back = 0;      // earned points taken back so far (collected or not)
    int64_t returned = 0;         // redeemed points given back so far
    int64_t paid_refunded = 0;    // qualifying spend removed so far
    size_t lot = SIZE_MAX;        // the lot its points went to
    size_t tier_entry = SIZE_MAX;
};

std::string_view bonus_name(BonusKind k) {
    switch (k) {
        case BonusKind::Signup: return "signup";
        case BonusKind::Birthday: return "birthday";
        case BonusKind::Review: return "review";
        case BonusKind::ReferralReferrer: return "referral_referrer";
        case BonusKind::ReferralReferee: return "referral_referee";
    }
    return "signup";
}

int64_t bonus_points(const Bonuses& b, BonusKind k) {
    switch (k) {
        case BonusKind::Signup: return b.signup;
        case BonusKind::Birthday: return b.birthday;
        case BonusKind::Review: return b.review;
        case BonusKind::ReferralReferrer: return b.referral_referrer;
        case BonusKind::ReferralReferee: return b.referral_referee;
    }
    return 0;
}

}  // namespace

struct Ledger::State {
    const Program& program;
    bool record_history;
    TierWindow tiers;
    std::vector<Lot> lots;  // in earning order; expiry order is the same (one expiry period)
    size_t first_live = 0;  // lots before it are empty
    // Looked up by id only, never iterated; a map links less code than a hash table.
    std::map<std::string, OrderRecord> orders;
    Status totals;          // balance and lifetime counters; history when recorded
    std::optional<Instant> last_at;
    bool signed_up = false;

    State(const Program& p, bool history) : program(p), record_history(history), tiers(p.tiers) {}

    std::optional<Instant> expiry_for(Instant earned_at) const {
        if (program.expiry.days <= 0) return std::nullopt;
        // Usable through the end of local day (earned day + days); gone at the next midnight.
        const Day last_day = day_of(earned_at, program.zone) + program.expiry.days;
        return start_of_day(last_day + 1, program.zone);
    }

    void record(Instant at, std::string type, std::string id, int64_t points,
                std::vector<ExplanationLine> explanation, int64_t uncollected = 0,
                std::string reason = {}) {
        if (!record_history) return;
        totals.history.push_back({at, std::move(type), std::move(id), points, totals.balance,
                                  uncollected, std::move(explanation), std::move(reason)});
    }

    size_t credit(Instant at, int64_t points, const std::string& source) {
        lots.push_back({at, expiry_for(at), points, source});
        totals.balance += points;
        return lots.size() - 1;
    }

    // Takes up to `points` from `preferred` first (if any), then oldest first; returns what it got.
    int64_t debit(int64_t points, size_t preferred = SIZE_MAX) {
        int64_t taken = 0;
        auto take_from = [&](Lot& lot) {
            const int64_t t = std::min(lot.points, points - taken);
            lot.points -= t;
            taken += t;
        };
        if (preferred < lots.size()) take_from(lots[preferred]);
        for (size_t i = first_live; i < lots.size() && taken < points; ++i) take_from(lots[i]);
        while (first_live < lots.size() && lots[first_live].points == 0) ++first_live;
        totals.balance -= taken;
        return taken;
    }

    void expire_until(Instant t) {
        for (size_t i = first_live; i < lots.size(); ++i) {
            Lot& lot = lots[i];
            if (!lot.expires_at || *lot.expires_at > t) break;
            if (lot.points == 0) continue;
            const int64_t points = lot.points;
            lot.points = 0;
            totals.balance -= points;
            totals.expired += points;
            record(*lot.expires_at, "expiry", lot.source, -points,
                   {{"expiry", lot.source, "", std::nullopt, std::nullopt, fraction_of(-points)}});
        }
        while (first_live < lots.size() && lots[first_live].points == 0) ++first_live;
        tiers.advance_to(t);
    }

    int64_t tier_contribution(int64_t paid, int64_t earned) const {
        return program.tiers.basis == TierBasis::Spend ? paid : earned;
    }

    Result<bool> purchase(const Event& e, const std::string& path) {
        if (e.id.empty()) return Error{path + "/id", "a purchase needs an order id"};
        if (orders.count(e.id)) return Error{path + "/id", "order \"" + e.id + "\" was already booked"};
        if (e.lines.empty()) return Error{path + "/lines", "a purchase needs at least one line"};
        auto totals_r = purchase_totals(program, e, path);
        if (!totals_r.ok()) return totals_r.errors();
        const PurchaseTotals& t = totals_r.value();
        if (e.points_redeemed > totals.balance) {
            return Error{path + "/points_redeemed",
                         "redeems " + std::to_string(e.points_redeemed) + " points but the balance is " +
                             std::to_string(totals.balance)};
        }
        const int tier_index = program.tiers.levels.empty() ? -1 : tiers.tier_index();
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
            record(e.at, "redemption", e.id, -e.points_redeemed,
                   {{"redeemed_on_order", e.id, "", std::nullopt, std::nullopt, fraction_of(-e.points_redeemed)}});
        }
        if (rec.earned > 0) {
            rec.lot = credit(e.at, rec.earned, e.id);
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
            return Error{path + "/order_id", "refers to no earlier purchase (\"" + e.order_id.substr(0, 64) + "\")"};
        OrderRecord& rec = it->second;
        if (e.amount <= 0 || e.amount > rec.subtotal - rec.refunded) {
            return Error{path + "/amount", "must be between 1 and the " + std::to_string(rec.subtotal - rec.refunded) +
                                               " minor units not yet refunded on this order"};
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
            credit(e.at, to_return, e.id.empty() ? e.order_id : e.id);
            totals.redeemed -= to_return;
            why.push_back({"redeemed_returned", e.order_id, "", e.amount, std::nullopt, fraction_of(to_return)});
        }
        const int64_t collected = to_claw > 0 ? debit(to_claw, rec.lot) : 0;
        const int64_t uncollected = std::max<int64_t>(0, to_claw - collected);
        if (to_claw > 0)
            why.push_back({"refund", e.order_id, "", e.amount, std::nullopt, fraction_of(-to_claw)});
        totals.clawed_back += collected;
        totals.uncollected += uncollected;
        tiers.reduce(rec.tier_entry, program.tiers.basis == TierBasis::Spend ? paid_target - rec.paid_refunded : to_claw);
        rec.refunded = refunded;
        rec.returned = return_target;
        rec.clawed_back = claw_target;
        rec.paid_refunded = paid_target;
        record(e.at, "refund", e.id.empty() ? e.order_id : e.id, to_return - collected, std::move(why), uncollected);
        return true;
    }

    Result<bool> spend(const std::string& path, int64_t points, const char* what) {
        if (points > totals.balance) {
            return Error{path + "/points", std::string(what) + " of " + std::to_string(points) +
                                               " points exceeds the balance of " + std::to_string(totals.balance)};
        }
        debit(points);
        return true;
    }

    Result<bool> apply(const Event& e, const std::string& path) {
        switch (e.type) {
            case EventType::Purchase: return purchase(e, path);
            case EventType::Refund: return refund(e, path);
            case EventType::Redemption: {
                auto r = spend(path, e.points, "a redemption");
                if (!r.ok()) return r;
                totals.redeemed += e.points;
                record(e.at, "redemption", e.id.empty() ? e.reward_id : e.id, -e.points,
                       {{"reward", e.reward_id, "", std::nullopt, std::nullopt, fraction_of(-e.points)}});
                return true;
            }
            case EventType::Bonus: {
                if (e.bonus == BonusKind::Signup) {
                    if (signed_up) return Error{path + "/kind", "the sign-up bonus was already granted"};
                    signed_up = true;
                }
                const int64_t points = bonus_points(program.bonuses, e.bonus);
                if (points > 0) {
                    credit(e.at, points, e.id.empty() ? std::string(bonus_name(e.bonus)) : e.id);
                    totals.earned += points;
                    if (program.tiers.basis == TierBasis::Points) tiers.add(e.at, points);
                }
                record(e.at, "bonus", e.id.empty() ? std::string(bonus_name(e.bonus)) : e.id, points,
                       {{"bonus", std::string(bonus_name(e.bonus)), "", std::nullopt, std::nullopt, fraction_of(points)}});
                return true;
            }
            case EventType::Adjustment: {
                if (e.points < 0) {
                    auto r = spend(path, -e.points, "a negative adjustment");
                    if (!r.ok()) return r;
                } else {
                    credit(e.at, e.points, e.id.empty() ? "adjustment" : e.id);
                }
                totals.adjusted += e.points;
                record(e.at, "adjustment", e.id, e.points,
                       {{"adjustment", "", "", std::nullopt, std::nullopt, fraction_of(e.points)}}, 0, e.reason);
                return true;
            }
        }
        return true;
    }
};

Ledger::Ledger(const Program& program, bool record_history)
    : state_(std::make_unique<State>(program, record_history)) {}
Ledger::~Ledger() = default;
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;

Result<bool> Ledger::apply(const Event& event) {
    State& s = *state_;
    if (s.last_at && event.at < *s.last_at) {
        return Error{"/at", "events must be in chronological order; this one is earlier than the one before it (" +
                                format_instant(*s.last_at, s.program.zone) + ")"};
    }
    s.expire_until(event.at);
    auto r = s.apply(event, "");
    if (r.ok()) s.last_at = event.at;
    return r;
}

void Ledger::advance_to(Instant t) { state_->expire_until(t); }

int64_t Ledger::balance() const { return state_->totals.balance; }

Status Ledger::status(Instant now) {
    State& s = *state_;
    s.expire_until(now);
    Status out = s.totals;
    out.lots.clear();
    const Instant warn_until = now + int64_t(s.program.expiry.warning_days) * kSecondsPerDay;
    for (size_t i = s.first_live; i < s.lots.size(); ++i) {
        const Lot& lot = s.lots[i];
        if (lot.points == 0) continue;
        out.lots.push_back(lot);
        if (lot.expires_at) {
            if (!out.next_expiry || *lot.expires_at < *out.next_expiry) out.next_expiry = lot.expires_at;
            if (*lot.expires_at <= warn_until) out.expiring_soon += lot.points;
        }
    }
    if (!s.program.tiers.levels.empty()) {
        TierStatus t;
        const auto& levels = s.program.tiers.levels;
        t.index = s.tiers.tier_index();
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
        t.lapses_at = s.tiers.lapses_at();
        out.tier = t;
    }
    return out;
}

Result<Status> replay(const Program& program, const Customer& customer, Instant now) {
    Ledger ledger(program);
    for (size_t i = 0; i < customer.events.size(); ++i) {
        const Event& e = customer.events[i];
        const std::string path = "/customer/events/" + std::to_string(i);
        if (e.at > now) {
            return Error{path + "/at", "is after \"now\" (" + format_instant(now, program.zone) +
                                           "); future-dated events are refused"};
        }
        auto r = ledger.apply(e);
        if (!r.ok()) {
            Errors errors = r.errors();
            for (auto& err : errors) err.path = path + err.path;
            return errors;
        }
    }
    return ledger.status(now);
}

}  // namespace loyalty
