#include "offer_discounts.h"

#include <algorithm>

#include "loyalty/checked.h"

namespace loyalty {

Result<std::vector<AppliedOffer>> offer_discounts(const Event& purchase, int64_t goods_left,
                                                  int64_t shipping_left, Zone zone,
                                                  const std::string& path) {
    std::vector<AppliedOffer> out;
    Errors errors;
    for (size_t i = 0; i < purchase.offers.size(); ++i) {
        const Offer& o = purchase.offers[i];
        const std::string ipath = path + "/offers/" + std::to_string(i);
        // An offer applies only inside its window, so a booking after it ended is refused rather
        // than given a discount the shop no longer offers.
        if (o.starts && purchase.at < *o.starts) {
            errors.push_back({ipath + "/starts", "offer \"" + o.id + "\" starts at " +
                                                     format_instant(*o.starts, zone) + ", after this order"});
            continue;
        }
        if (o.ends && purchase.at >= *o.ends) {
            errors.push_back({ipath + "/ends", "offer \"" + o.id + "\" ended at " +
                                                   format_instant(*o.ends, zone) + ", before this order"});
            continue;
        }
        AppliedOffer a{o.id, 0, 0};
        switch (o.kind) {
            case OfferKind::PercentOff:
                // Rounded down to the minor unit, as a percent reward is.
                a.goods = *round_fraction(Fraction{(__int128)goods_left * o.percent.micros, Ratio::kScale},
                                          Rounding::Floor);
                break;
            case OfferKind::FreeShipping:
                a.shipping = shipping_left;
                break;
            case OfferKind::Gift: {
                auto line = std::find_if(purchase.lines.begin(), purchase.lines.end(),
                                         [&](const OrderLine& l) { return l.sku == o.product_id; });
                if (line == purchase.lines.end()) {
                    errors.push_back({ipath, "offer \"" + o.id + "\" is a gift of \"" + o.product_id +
                                                 "\"; add it to the order as a line"});
                    continue;
                }
                a.goods = std::min({line->price, o.value.value_or(line->price), goods_left});
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
