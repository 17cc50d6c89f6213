#include <algorithm>

#include "loyalty/checked.h"
#include "loyalty/ledger.h"

namespace loyalty {

int64_t max_redeemable_points(const Program& program, int64_t balance, int64_t subtotal) {
    const RedemptionRules& r = program.redemption;
    if (balance <= 0 || subtotal <= 0) return 0;
    // The cap: max_share of the subtotal, in whole points (a point is never split).
    const auto cap_money = round_fraction(
        Fraction{(__int128)subtotal * r.max_share.micros, Ratio::kScale}, Rounding::Floor);
    if (!cap_money) return 0;
    int64_t points = std::min(balance, *cap_money / r.point_value);
    points -= points % r.step;
    return points >= r.min_points ? points : 0;
}

}  // namespace loyalty
