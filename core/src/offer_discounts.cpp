#include "offer_discounts.h"

#include "loyalty/checked.h"
#include "reward_discounts.h"

namespace loyalty {

Result<std::vector<AppliedDiscount>> offer_discounts(const Event& purchase, int64_t goods_left,
                                                     int64_t shipping_left, Zone zone,
                                                     const std::string& path) {
    std::vector<AppliedDiscount> out;
    Errors errors;
    for (size_t i = 0; i < purchase.offers.size(); ++i) {
        const Offer& o = purchase.offers[i];
        const std::string ipath = path + "/offers/" + std::to_string(i);
        // An offer applies only inside its window, so a booking after it ended is refused rather
        // than given a discount the shop no longer offers.
        const bool early = o.starts && purchase.at < *o.starts;
        if (early || (o.ends && purchase.at >= *o.ends)) {
            errors.push_back({ipath + (early ? "/starts" : "/ends"),
                              "offer \"" + o.id + (early ? "\" starts at " : "\" ended at ") +
                                  format_instant(early ? *o.starts : *o.ends, zone) +
                                  (early ? ", after this order" : ", before this order"),
                              ErrorCode::conflict});
            continue;
        }
        AppliedDiscount a{o.id, 0, 0};
        switch (o.kind) {
            case OfferKind::PercentOff:
                a.goods = percent_off(goods_left, o.percent);  // rounded down, as a percent reward
                break;
            case OfferKind::FreeShipping:
                a.shipping = shipping_left;
                break;
            case OfferKind::Gift: {
                auto free = free_unit(purchase.lines, o.product_id, o.value.value_or(kMaxAmount),
                                      goods_left);
                if (!free) {
                    errors.push_back({ipath,
                                      "offer \"" + o.id + "\" is a gift of \"" + o.product_id +
                                          "\"; add it to the order as a line",
                                      ErrorCode::conflict});
                    continue;
                }
                a.goods = *free;
                break;
            }
            case OfferKind::PointsMultiplier:
                break;
        }
        goods_left -= a.goods;
        shipping_left -= a.shipping;
        out.push_back(std::move(a));
    }
    if (!errors.empty()) return errors;
    return out;
}

}  // namespace loyalty
