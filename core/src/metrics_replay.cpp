// A loyalty program replayed over an order history: what it would have issued, what customers
// would have redeemed, what expired, and what is still owed. Definitions: docs/metrics.md.
#include <algorithm>
#include <charconv>

#include "loyalty/ledger.h"
#include "metrics_index.h"

namespace loyalty {
namespace {

constexpr int64_t kNoon = 12 * 3600;
constexpr size_t kMaxIssues = 10;

struct Sums {
    __int128 issued = 0, clawed_back = 0, redeemed = 0, expired = 0, outstanding = 0;
};

class Replayer {
  public:
    Replayer(const OrderTable& table, const Program& program, const PeriodLayout& layout,
             RedemptionPolicy policy, ProgramReplay& out)
        : table_(table),
          program_(program),
          L_(layout),
          policy_(policy),
          out_(out),
          months_(size_t(layout.month_count())) {
        checkpoint_.push_back(start_of_day(L_.from, program_.zone));
        for (Day d : L_.month_to) checkpoint_.push_back(start_of_day(d + 1, program_.zone));
        purchase_.type = EventType::Purchase;
        purchase_.lines.resize(1);
        refund_.type = EventType::Refund;
    }

    void run() {
        // Linked refunds up to the period's end, grouped by customer in day order.
        std::vector<int32_t> refunds;
        const auto& rows = table_.refunds();
        for (size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].day > L_.to) continue;
            if (rows[i].order < 0) {
                ++out_.skipped;
                issue(rows[i].customer, table_.refund_order_id(rows[i]),
                      "the refund names no order of this customer, so no points are taken back");
                continue;
            }
            refunds.push_back(int32_t(i));
        }
        std::stable_sort(refunds.begin(), refunds.end(), [&](int32_t a, int32_t b) {
            const RefundRow &x = rows[size_t(a)], &y = rows[size_t(b)];
            return x.customer != y.customer ? x.customer < y.customer : x.day < y.day;
        });
        if (!refunds.empty()) refunded_.assign(table_.size(), 0);

        size_t r = 0;
        for (int32_t c = 0; c < table_.customer_count(); ++c) {
            const uint32_t begin = table_.customer_begin(c), end = table_.customer_begin(c + 1);
            size_t r_end = r;
            while (r_end < refunds.size() && rows[size_t(refunds[r_end])].customer == c) ++r_end;
            if (begin == end && r == r_end) continue;
            customer(c, begin, end, refunds.data() + r, refunds.data() + r_end);
            r = r_end;
        }
    }

    Result<bool> finish(const Metrics& metrics) {
        const int64_t value = program_.redemption.point_value;
        Sums total;
        out_.months.resize(months_.size());
        for (size_t m = 0; m < months_.size(); ++m) {
            const Sums& s = months_[m];
            auto r = fill(out_.months[m], s, value, metrics.months[m].revenue);
            if (!r.ok()) return r;
            total.issued += s.issued;
            total.clawed_back += s.clawed_back;
            total.redeemed += s.redeemed;
            total.expired += s.expired;
        }
        total.outstanding = months_.empty() ? 0 : months_.back().outstanding;
        return fill(out_.period, total, value, metrics.period.revenue);
    }

  private:
    static Result<bool> fill(ProgramPeriod& p, const Sums& s, int64_t value, int64_t revenue) {
        const __int128 liability = s.outstanding * value;
        const __int128 cost = s.redeemed * value;
        for (__int128 v :
             {s.issued, s.clawed_back, s.redeemed, s.expired, s.outstanding, liability, cost}) {
            if (v > INT64_MAX || v < INT64_MIN)
                return Error{"/program", "the replay's point totals exceed 64-bit integers",
                             ErrorCode::out_of_range};
        }
        p.points_issued = int64_t(s.issued);
        p.points_clawed_back = int64_t(s.clawed_back);
        p.points_redeemed = int64_t(s.redeemed);
        p.points_expired = int64_t(s.expired);
        p.points_outstanding = int64_t(s.outstanding);
        p.liability = int64_t(liability);
        p.reward_cost = int64_t(cost);
        if (revenue > 0) p.reward_cost_share = rate4(cost, revenue);
        return true;
    }

    static void assign_order_key(std::string& out, size_t order) {
        char buf[24] = "#";
        const auto res = std::to_chars(buf + 1, buf + sizeof buf, order);
        out.assign(buf, size_t(res.ptr - buf));
    }

    void issue(int32_t c, std::string_view order_id, std::string_view message) {
        if (out_.issues.size() >= kMaxIssues) return;
        std::string text = "customer \"" + std::string(table_.customer_id(c).substr(0, 60)) + "\"";
        if (!order_id.empty()) text += ", order \"" + std::string(order_id.substr(0, 60)) + "\"";
        out_.issues.push_back(text + ": " + std::string(message));
    }

    // Expires lots up to every checkpoint not after `t`, booking breakage and month-end balances.
    void pass_checkpoints(Ledger& ledger, Instant t, size_t& next) {
        while (next < checkpoint_.size() && checkpoint_[next] <= t) {
            const int64_t before = ledger.balance();
            ledger.advance_to(checkpoint_[next]);
            if (next > 0) {  // checkpoint 0 opens the period; expiry before it is not counted
                Sums& s = months_[next - 1];
                s.expired += before - ledger.balance();
                s.outstanding += ledger.balance();
            }
            ++next;
        }
    }

    // Expires what is due by `at` inside the month of `day`; returns that month or nullptr.
    Sums* advance(Ledger& ledger, Day day, Instant at, size_t& next) {
        pass_checkpoints(ledger, at, next);
        const int64_t before = ledger.balance();
        ledger.advance_to(at);
        Sums* month = L_.contains(day) ? &months_[size_t(L_.month_of(day))] : nullptr;
        if (month) month->expired += before - ledger.balance();
        return month;
    }

    // Books customer c's orders [order, order_end) (day order) and linked refunds.
    void customer(int32_t c, uint32_t order, uint32_t order_end, const int32_t* refund,
                  const int32_t* refund_end) {
        const auto& day = table_.day();
        const auto& amount = table_.amount();
        const auto& rows = table_.refunds();
        Ledger ledger(program_, 0);
        size_t next = 0;
        while (order != order_end || refund != refund_end) {
            // Orders before refunds of the same day: a refund follows its order.
            const bool take_order = order != order_end && (refund == refund_end ||
                                                           day[order] <= rows[size_t(*refund)].day);
            if (take_order) {
                const size_t o = order++;
                if (day[o] > L_.to) {
                    order = order_end;
                    continue;
                }
                book_purchase(ledger, c, o, day[o], amount[o], next);
            } else {
                const RefundRow& row = rows[size_t(*refund++)];
                book_refund(ledger, c, row, next);
            }
        }
        if (ledger.balance() > 0) pass_checkpoints(ledger, INT64_MAX, next);
    }

    void book_purchase(Ledger& ledger, int32_t c, size_t o, Day d, int64_t paid, size_t& next) {
        const Instant at = start_of_day(d, program_.zone) + kNoon;
        Sums* month = advance(ledger, d, at, next);
        // The ledger only needs ids that tell a customer's orders apart: the table's order
        // index does, fits the short-string buffer, and spares a random read of the real id.
        assign_order_key(purchase_.id, o);
        purchase_.at = at;
        purchase_.lines[0].price = paid;
        const int64_t points = policy_ == RedemptionPolicy::Max
                                   ? max_redeemable_points(program_, ledger.balance(), paid)
                                   : 0;
        purchase_.points_redeemed = points;
        const int64_t before = ledger.balance();
        auto r = ledger.apply(purchase_);
        if (!r.ok()) {
            ++out_.skipped;
            issue(c, table_.order_id(o), r.errors().front().message);
            return;
        }
        ++out_.purchases;
        if (month) {
            month->issued += ledger.balance() - before + points;
            month->redeemed += points;
        }
    }

    void book_refund(Ledger& ledger, int32_t c, const RefundRow& row, size_t& next) {
        const auto o = size_t(row.order);
        const int64_t left = table_.amount()[o] - refunded_[o];
        const int64_t amount = std::min(row.amount, left);
        if (amount <= 0) {
            ++out_.skipped;
            issue(c, table_.order_id(o), "the refund exceeds what is left of the order");
            return;
        }
        const Instant at = start_of_day(row.day, program_.zone) + kNoon;
        Sums* month = advance(ledger, row.day, at, next);
        refund_.at = at;
        assign_order_key(refund_.order_id, o);
        refund_.amount = amount;
        // Refunds are rare: the status totals say exactly what this one gave back and took.
        const Status before = ledger.status(at);
        auto r = ledger.apply(refund_);
        if (!r.ok()) {
            ++out_.skipped;
            issue(c, table_.order_id(o), r.errors().front().message);
            return;
        }
        refunded_[o] += amount;
        ++out_.refunds;
        const Status after = ledger.status(at);
        if (month) {
            month->clawed_back += after.clawed_back - before.clawed_back;
            month->redeemed += after.redeemed - before.redeemed;
        }
    }

    const OrderTable& table_;
    const Program& program_;
    const PeriodLayout& L_;
    RedemptionPolicy policy_;
    ProgramReplay& out_;
    std::vector<Sums> months_;
    std::vector<Instant> checkpoint_;  // period start, then the midnight after each month
    std::vector<int64_t> refunded_;    // per order, minor units refunded so far
    Event purchase_, refund_;
};

}  // namespace

Result<ProgramReplay> replay_program(const OrderTable& orders, const Program& program,
                                     const MetricsOptions& options, RedemptionPolicy policy,
                                     const Metrics& metrics) {
    auto layout = layout_period(orders, options);
    if (!layout.ok()) return layout.errors();
    if (metrics.months.size() != size_t(layout.value().month_count()))
        return Error{"", "the metrics passed to replay_program are for another period",
                     ErrorCode::internal};
    ProgramReplay out;
    Replayer replayer(orders, program, layout.value(), policy, out);
    replayer.run();
    auto r = replayer.finish(metrics);
    if (!r.ok()) return r.errors();
    return out;
}

}  // namespace loyalty
