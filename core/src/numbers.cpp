#include "loyalty/numbers.h"

#include <algorithm>
#include <iterator>

#include "loyalty/checked.h"

namespace loyalty {

std::optional<Month> parse_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int year = 0, month = 0;
    for (size_t i = 0; i < 7; ++i) {
        if (i == 4) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        (i < 4 ? year : month) = (i < 4 ? year : month) * 10 + (text[i] - '0');
    }
    if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
    return Month{year, unsigned(month)};
}

std::string format_month(Month m) {
    std::string out = std::to_string(m.year) + "-";
    if (m.month < 10) out += '0';
    return out + std::to_string(m.month);
}

Month add_months(Month m, int count) {
    const int index = m.year * 12 + int(m.month) - 1 + count;
    return Month{index / 12, unsigned(index % 12) + 1};
}

int months_between(Month from, Month to) {
    return (to.year * 12 + int(to.month)) - (from.year * 12 + int(from.month)) + 1;
}

Instant month_start(Month m, Zone zone) {
    return start_of_day(days_from_civil(m.year, m.month, 1), zone);
}

namespace {

/** The lifetime counters a month's figures are differences of. */
struct Counters {
    int64_t earned = 0, redeemed = 0, expired = 0, clawed_back = 0, adjusted = 0, balance = 0;
};

Counters counters_of(const Status& s) {
    return {s.earned, s.redeemed, s.expired, s.clawed_back, s.adjusted, s.balance};
}

}  // namespace

Result<std::vector<MonthFigures>> customer_months(const Program& program, const Customer& customer,
                                                  Month first, int count, Instant now,
                                                  const std::vector<const Program*>& booked_by) {
    if (!booked_by.empty() && booked_by.size() != customer.events.size())
        return Error{"/booked_by",
                     "has " + std::to_string(booked_by.size()) +
                         " programmes; expected one per event (" +
                         std::to_string(customer.events.size()) + ")",
                     ErrorCode::conflict};
    // The programme of event i; the ledger starts under the first event's.
    auto program_of = [&](size_t i) -> const Program& {
        return booked_by.empty() ? program : *booked_by[i];
    };
    const Program* current = customer.events.empty() ? &program : &program_of(0);
    const Instant range_start = month_start(first, program.zone);
    for (int i = 0; i < count; ++i) {
        if (month_start(add_months(first, i), program.zone) > now)
            return Error{"/to",
                         "the month " + format_month(add_months(first, i)) +
                             " starts after \"now\" (" + format_instant(now, program.zone) +
                             "); its figures do not exist yet",
                         ErrorCode::out_of_order};
    }
    for (size_t i = 0; i < customer.events.size(); ++i) {
        if (customer.events[i].at > now)
            return Error{"/events/" + std::to_string(i) + "/at",
                         "is after \"now\" (" + format_instant(now, program.zone) +
                             "); future-dated events are refused",
                         ErrorCode::out_of_order};
    }
    std::optional<Ledger> ledger;
    std::optional<Instant> last_event;
#ifdef LOYALTY_WIDGET_CORE
    if (false) {
#else
    if (customer.state) {
#endif
        const std::optional<Instant> taken =
            customer.state->as_of ? customer.state->as_of : customer.state->last_at;
        if (taken && *taken >= range_start) {
            return Error{"/state",
                         "was taken at " + format_instant(*taken, program.zone) +
                             ", inside the range; the figures of a month need the "
                             "events from its start on (send the events instead)",
                         ErrorCode::conflict};
        }
        auto resumed = Ledger::resume(*current, *customer.state, 0);
        if (!resumed.ok()) {
            Errors errors = resumed.errors();
            for (auto& e : errors) e.path = "/state" + e.path;
            return errors;
        }
        ledger.emplace(std::move(resumed).value());
        last_event = customer.state->last_at;
    } else {
        ledger.emplace(*current, 0);
    }

    size_t next = 0;
    // Books every event at or before `t`, then reads the counters as of `t` (expiring what is
    // due by then).
    auto counters_at = [&](Instant t) -> Result<Counters> {
        for (; next < customer.events.size() && customer.events[next].at <= t; ++next) {
            if (const Program& p = program_of(next); &p != current) {
                // A new version took effect: its ledger goes on from the state the last one left.
                auto resumed = Ledger::resume(p, ledger->snapshot(), 0);
                if (!resumed.ok()) {
                    Errors errors = resumed.errors();
                    for (auto& e : errors) e.path = "/events/" + std::to_string(next) + e.path;
                    return errors;
                }
                ledger.emplace(std::move(resumed).value());
                current = &p;
            }
            auto r = ledger->apply(customer.events[next]);
            if (!r.ok()) {
                Errors errors = r.errors();
                for (auto& e : errors) e.path = "/events/" + std::to_string(next) + e.path;
                return errors;
            }
            last_event = customer.events[next].at;
        }
        return counters_of(ledger->status(t));
    };

    auto opening = counters_at(range_start - 1);
    if (!opening.ok()) return opening.errors();
    Counters before = opening.value();
    std::vector<MonthFigures> out;
    out.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const Instant end = month_start(add_months(first, i + 1), program.zone);
        // The month's last second, or now for the month now is in.
        const Instant t = std::min(end - 1, now);
        auto at = counters_at(t);
        if (!at.ok()) return at.errors();
        const Counters& c = at.value();
        // Counters stay below 10^18 (kMaxCounter), so these differences cannot overflow.
        MonthFigures f;
        f.issued = c.earned - before.earned;
        f.redeemed = c.redeemed - before.redeemed;
        f.expired = c.expired - before.expired;
        f.clawed_back = c.clawed_back - before.clawed_back;
        f.adjusted = c.adjusted - before.adjusted;
        f.balance = c.balance;
        f.active = last_event && *last_event > t - kActiveDays * kSecondsPerDay ? 1 : 0;
        out.push_back(f);
        before = c;
    }
    return out;
}

Result<bool> add_month_figures(std::vector<MonthFigures>& into,
                               const std::vector<MonthFigures>& more) {
    if (into.size() != more.size())
        return Error{"", "the month lists differ in length", ErrorCode::internal};
    for (size_t i = 0; i < into.size(); ++i) {
        MonthFigures& a = into[i];
        const MonthFigures& b = more[i];
        int64_t* const sums[] = {&a.issued,   &a.redeemed, &a.expired, &a.clawed_back,
                                 &a.adjusted, &a.balance,  &a.active};
        const int64_t adds[] = {b.issued,   b.redeemed, b.expired, b.clawed_back,
                                b.adjusted, b.balance,  b.active};
        for (size_t k = 0; k < std::size(adds); ++k) {
            int64_t* x = sums[k];
            const int64_t y = adds[k];
            auto sum = checked_add(*x, y);
            if (!sum)
                return Error{"", "a sum leaves the 64-bit integer range", ErrorCode::out_of_range};
            *x = *sum;
        }
    }
    return true;
}

}  // namespace loyalty
