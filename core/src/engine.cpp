// status and preview on parsed values (engine.h): the one implementation behind status_json,
// preview_json and the server's calls.
#include "loyalty/engine.h"

#include <algorithm>

#include "earning.h"

namespace loyalty {

Result<StatusResult> status(const Program& program, const Customer& customer, Instant now,
                            StatusOptions options) {
    const size_t shown = options.history_limit;
    auto ledger = replay_ledger(program, customer, now,
                                options.include_state ? std::max(shown, kStateHistory) : shown);
    if (!ledger.ok()) return ledger.errors();
    StatusResult out;
    out.customer_id = customer.id;
    out.now = now;
    out.history_limit = shown;
    // The state is taken before advancing to now, so events dated between the last one and now
    // can still follow it.
#ifndef LOYALTY_WIDGET_CORE  // the widget writes no states (op_status.cpp)
    if (options.include_state) out.state = ledger.value().snapshot();
#endif
    out.status = ledger.value().status(now);
    return out;
}

Result<PreviewResult> preview(const Program& p, const Customer& customer, Event cart, Instant now) {
    // One ledger: the status before, then the cart booked on it at "now". It keeps one history
    // entry, the cart's, however long the customer's history is.
    auto ledger = replay_ledger(p, customer, now, 1);
    if (!ledger.ok()) return ledger.errors();
    const Status before = ledger.value().status(now);
    // The cart's totals without its points, so that too many points are refused with the most
    // the cart can take rather than with the subtotal they exceed. (The points are set aside
    // rather than the event copied: a copy of an Event costs the widget's module its own code.)
    const int64_t requested_points = cart.points_redeemed;
    cart.points_redeemed = 0;
    auto totals = purchase_totals(p, cart, "/cart");
    cart.points_redeemed = requested_points;
    if (!totals.ok()) return totals.errors();
    const PurchaseTotals& t = totals.value();
    // The rewards' codes and the offers come off before points, so points pay only what is left.
    const int64_t money_off_before_points = cart.discount + t.reward_discount + t.offer_discount;
    const int64_t max_points =
        max_redeemable_points(p, before.balance, t.subtotal, money_off_before_points);
    ErrorCode code = ErrorCode::invalid;
    if (auto refusal = redemption_refusal(p, cart.points_redeemed, max_points, code);
        !refusal.empty())
        return Error{"/cart/points_redeemed", refusal, code};
    auto booked_ok = ledger.value().apply(cart);
    if (!booked_ok.ok()) {
        Errors errs = booked_ok.errors();
        for (auto& e : errs) e.path = "/cart" + e.path;
        return errs;
    }
    Status after = ledger.value().status(now);
    HistoryEntry& booked = after.history.back();

    PreviewResult r;
    r.subtotal = t.subtotal;
    r.shipping = cart.shipping;
    r.discount = cart.discount;
    r.points_redeemed = cart.points_redeemed;
    const int64_t shipping_due = cart.shipping - t.shipping_discount;
    const int64_t redeemed_money = cart.points_redeemed * p.redemption.point_value;
    r.total = t.subtotal - money_off_before_points - redeemed_money + shipping_due;
    r.points_earned = booked.points;
    r.explanation = std::move(booked.explanation);
    r.max_points = max_points;
    r.max_discount = max_points * p.redemption.point_value;
    r.total_after_max = t.subtotal - money_off_before_points - r.max_discount + shipping_due;
    r.balance_before = before.balance;
    r.balance_after = after.balance;
    r.tier_before = before.tier;
    r.tier_after = after.tier;
    for (const auto& a : t.applied) r.rewards_applied.push_back({a.id, a.goods, a.shipping});
    r.reward_discount = t.reward_discount;
    for (const auto& a : t.offers_applied) r.offers_applied.push_back({a.id, a.goods, a.shipping});
    r.offer_discount = t.offer_discount;
    r.shipping_discount = t.shipping_discount;
    return r;
}

}  // namespace loyalty
