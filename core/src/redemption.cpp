#include <algorithm>

#include "loyalty/checked.h"
#include "loyalty/ledger.h"

namespace loyalty {

int64_t max_redeemable_points(const Program& program, int64_t balance, int64_t subtotal,
                              int64_t discount) {
    const RedemptionRules& r = program.redemption;
    // Points pay a share of what the goods still cost after the cart's other discounts; with a
    // share of at most 1 that is never more than the goods, so points never push a total below
    // the shipping.
    const int64_t goods_to_pay = subtotal - std::max<int64_t>(discount, 0);
    if (balance <= 0 || goods_to_pay <= 0) return 0;
    // The cap: max_share of it, in whole points (a point is never split).
    const auto cap_money = round_fraction(
        Fraction{(__int128)goods_to_pay * r.max_share.micros, Ratio::kScale}, Rounding::Floor);
    if (!cap_money) return 0;
    int64_t points = std::min(balance, *cap_money / r.point_value);
    points -= points % r.step;
    return points >= r.min_points ? points : 0;
}

std::string redemption_refusal(const Program& program, int64_t points, int64_t max_points,
                               ErrorCode& code) {
    const RedemptionRules& r = program.redemption;
    const std::string n = std::to_string(points);
    if (points <= 0) return "";
    code = ErrorCode::out_of_range;
    if (points < r.min_points)
        return "is " + n + "; at least " + std::to_string(r.min_points) +
               " points can be redeemed on an order";
    code = ErrorCode::not_allowed;
    if (points % r.step != 0)
        return "is " + n + "; points are redeemed in steps of " + std::to_string(r.step);
    code = ErrorCode::not_enough_points;
    if (points > max_points)
        return "is " + n + "; this cart can be paid with at most " + std::to_string(max_points) +
               " points";
    return "";
}

}  // namespace loyalty
