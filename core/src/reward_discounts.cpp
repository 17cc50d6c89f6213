#include "reward_discounts.h"

#include <algorithm>

#include "loyalty/checked.h"

namespace loyalty {

// Not inlined: rewards and offers share one copy in the widget's module.
[[gnu::noinline]] int64_t percent_off(int64_t goods, Ratio percent) {
    return *round_fraction(Fraction{(__int128)goods * percent.micros, Ratio::kScale},
                           Rounding::Floor);
}

[[gnu::noinline]] std::optional<int64_t> free_unit(const std::vector<OrderLine>& lines,
                                                   const std::string& sku, int64_t cap,
                                                   int64_t goods_left) {
    for (const auto& l : lines) {
        if (l.sku == sku) return std::min({l.price, cap, goods_left});
    }
    return std::nullopt;
}

Result<std::vector<AppliedDiscount>> reward_discounts(const Program& program, const Event& purchase,
                                                      int64_t subtotal, const std::string& path) {
    std::vector<AppliedDiscount> out;
    Errors errors;
    int64_t goods_left = std::max<int64_t>(0, subtotal - purchase.discount);
    int64_t shipping_left = purchase.shipping;
    for (size_t i = 0; i < purchase.rewards.size(); ++i) {
        const std::string ipath = path + "/rewards/" + std::to_string(i);
        const std::string& id = purchase.rewards[i];
        auto it = std::find_if(program.rewards.begin(), program.rewards.end(),
                               [&](const Reward& w) { return w.id == id; });
        if (it == program.rewards.end()) {
            errors.push_back({ipath, "\"" + id + "\" names no reward of this program",
                              ErrorCode::unknown_reference});
            continue;
        }
        const Reward& w = *it;
        if (subtotal < w.min_order) {
            errors.push_back({ipath,
                              "\"" + id + "\" needs an order of at least " +
                                  format_minor(w.min_order, program.currency) + " " +
                                  std::string(program.currency.code) + "; the subtotal is " +
                                  format_minor(subtotal, program.currency),
                              ErrorCode::conflict});
            continue;
        }
        AppliedDiscount a{id, 0, 0};
        switch (w.kind) {
            case RewardKind::FixedDiscount:
                a.goods = std::min(w.value, goods_left);
                break;
            case RewardKind::PercentDiscount:
                a.goods = percent_off(goods_left, w.percent);
                break;
            case RewardKind::FreeShipping:
                a.shipping = shipping_left;
                break;
            case RewardKind::FreeProduct: {
                // One unit, at most at the reward's value, and never more than is left to pay.
                auto free = free_unit(purchase.lines, w.product_id, w.value, goods_left);
                if (!free) {
                    errors.push_back({ipath,
                                      "\"" + id + "\" is a free \"" + w.product_id +
                                          "\"; add it to the order as a line",
                                      ErrorCode::conflict});
                    continue;
                }
                a.goods = *free;
                break;
            }
        }
        goods_left -= a.goods;
        shipping_left -= a.shipping;
        out.push_back(std::move(a));
    }
    if (!errors.empty()) return errors;
    return out;
}

}  // namespace loyalty
