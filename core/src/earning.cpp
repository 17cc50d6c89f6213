#include "earning.h"

#include <algorithm>

#include "earn_rules.h"
#include "loyalty/checked.h"
#include "offer_discounts.h"
#include "reward_discounts.h"

namespace loyalty {
namespace {

bool campaign_applies(const Campaign& c, Instant at, std::string_view category) {
    if (at < c.starts || at >= c.ends) return false;
    return c.categories.empty() ||
           std::find(c.categories.begin(), c.categories.end(), category) != c.categories.end();
}

Error overflow(const std::string& path) {
    return {path, "amounts are too large to compute points exactly"};
}

}  // namespace

Result<PurchaseTotals> purchase_totals(const Program& program, const Event& purchase,
                                       const std::string& path) {
    PurchaseTotals t;
    for (size_t i = 0; i < purchase.lines.size(); ++i) {
        const auto& line = purchase.lines[i];
        auto total = checked_mul(line.price, line.quantity);
        auto sum = total ? checked_add(t.subtotal, *total) : std::nullopt;
        const std::string lpath = path + "/lines/" + std::to_string(i);
        if (!sum || *sum > kMaxAmount)
            return Error{lpath, "the order total exceeds 10^15 minor units",
                         ErrorCode::out_of_range};
        t.subtotal = *sum;
        // Tax a price includes cannot be more than the price.
        if (purchase.taxes_included && line.tax > *total)
            return Error{lpath + "/tax",
                         "is more than the line's price x quantity (" + std::to_string(*total) +
                             "), which includes it",
                         ErrorCode::out_of_range};
    }
    if (purchase.taxes_included && purchase.shipping_tax > purchase.shipping)
        return Error{path + "/shipping_tax", "is more than the shipping, which includes it",
                     ErrorCode::out_of_range};
    if (!purchase.rewards.empty()) {
        auto applied = reward_discounts(program, purchase, t.subtotal, path);
        if (!applied.ok()) return applied.errors();
        t.applied = std::move(applied.value());
        for (const auto& a : t.applied) {
            t.reward_discount += a.goods;
            t.shipping_discount += a.shipping;
        }
    }
    if (!purchase.offers.empty()) {
        const int64_t goods_left =
            std::max<int64_t>(0, t.subtotal - purchase.discount - t.reward_discount);
        auto applied = offer_discounts(purchase, goods_left,
                                       purchase.shipping - t.shipping_discount, program.zone, path);
        if (!applied.ok()) return applied.errors();
        t.offers_applied = std::move(applied.value());
        for (const auto& a : t.offers_applied) {
            t.offer_discount += a.goods;
            t.shipping_discount += a.shipping;
        }
    }
    auto points_money = checked_mul(purchase.points_redeemed, program.redemption.point_value);
    auto off = points_money ? checked_add(*points_money, purchase.discount) : std::nullopt;
    if (off) off = checked_add(*off, t.reward_discount);
    if (off) off = checked_add(*off, t.offer_discount);
    if (!off || *off > t.subtotal) {
        return Error{path + "/points_redeemed",
                     "points redeemed plus discounts exceed the order's subtotal of " +
                         format_minor(t.subtotal, program.currency) + " " +
                         std::string(program.currency.code),
                     ErrorCode::not_enough_points};
    }
    t.money_off = *off;
    t.paid = t.subtotal - t.money_off;
    return t;
}

Result<EarnResult> earn_for_purchase(const Program& program, const Event& purchase,
                                     const PurchaseTotals& totals, int tier_index,
                                     bool first_purchase, const std::string& path) {
    const EarnRules& rules = program.earn;
    EarnResult out;
    const int64_t basis_amount = rules.basis == EarnBasis::Paid ? totals.paid : totals.subtotal;

    // Share of each line's price that earns: paid / subtotal under the "paid" basis.
    Fraction share = fraction_of(int64_t(1));
    if (rules.basis == EarnBasis::Paid && totals.subtotal > 0)
        share = {totals.paid, totals.subtotal};

    const Tier* tier = tier_index >= 0 ? &program.tiers.levels[size_t(tier_index)] : nullptr;
    const bool below_minimum = basis_amount < rules.min_order;
    Fraction exact = fraction_of(int64_t(0));
    bool any_earning_line = false;
    const RuleSet holds = rule_conditions(
        rules.rules, {purchase.at, program.zone, basis_amount, tier, first_purchase});

    auto add_line = [&](ExplanationLine line) -> bool {
        auto sum = fraction_add(exact, line.points);
        if (!sum) return false;
        exact = *sum;
        out.explanation.push_back(std::move(line));
        return true;
    };
    // Rounds `part` (a rule's points on a line, a line's, or the order's) to whole points with a
    // "rounding" line that says what it took or added, so the lines still add up to the total.
    auto round_part = [&](Fraction& part, const std::string& category, const std::string& rule) {
        if (part.den == 1) return true;
        auto whole = round_fraction(part, rules.rounding);
        auto diff = whole ? fraction_add(fraction_of(*whole), fraction_neg(part)) : std::nullopt;
        if (!diff || !add_line({"rounding", std::string(rounding_name(rules.rounding)), category,
                                std::nullopt, std::nullopt, *diff, rule}))
            return false;
        part = fraction_of(*whole);
        return true;
    };
    // earn.rounding_per "rule": each rule's points on a line are rounded before its multipliers.
    const bool per_rule = rules.rounding_per == RoundingPer::Rule;

    // What earns of `total` minor units that carry `tax`: with the tax or without (earn.tax),
    // whether the price includes it or it comes on top (the order's taxes_included).
    auto taxed = [&](int64_t total, int64_t tax) -> std::optional<int64_t> {
        const bool earns = rules.tax == Inclusion::Included;
        if (purchase.taxes_included) return earns ? total : total - tax;
        return earns ? checked_add(total, tax) : total;
    };
    // One earning line: a cart line or the shipping. `money` earns at the rate times `part` (the
    // paid share); `holds` are the rules whose conditions allow them on it.
    auto earn_on = [&](const OrderLine& line, const std::string& label, const char* rate_kind,
                       int64_t money, Fraction part, RuleSet allowed) -> bool {
        Fraction running = fraction_of(int64_t(0));
        // One rule's points on this line (the one rate's, without earn.rules): explained, rounded
        // first under rounding_per "rule", and added to the line's points.
        auto earn_part = [&](const char* kind, Fraction pts, const std::string& rule) {
            if (!add_line({kind, label, line.category, money, std::nullopt, pts, rule}))
                return false;
            if (per_rule && !round_part(pts, line.category, rule)) return false;
            auto sum = fraction_add(running, pts);
            if (sum) running = *sum;
            return sum.has_value();
        };
        if (rules.rules.empty()) {
            auto r = fraction_mul(part, Fraction{rules.points, rules.per_amount});
            auto base = r ? fraction_mul(fraction_of(money), *r) : std::nullopt;
            if (!base || !earn_part(rate_kind, *base, {})) return false;
        } else {
            const RuleSet chosen = rules_for_line(rules.rules, allowed, line);
            if (!chosen) return true;  // no rule earns on it, so no multiplier either
            for (size_t index = 0; index < rules.rules.size(); ++index) {
                if (!((chosen >> index) & 1u)) continue;
                const EarnRule& rule = rules.rules[index];
                const bool per_unit = rule.kind == EarnRuleKind::PerUnit;
                // A rate scales with the paid share like the one rate; fixed points per unit do
                // not.
                std::optional<Fraction> pts;
                if (per_unit) {
                    if (auto n = checked_mul(rule.points, line.quantity)) pts = fraction_of(*n);
                } else if (auto r = fraction_mul(part, {rule.points, rule.per_amount})) {
                    pts = fraction_mul(fraction_of(money), *r);
                }
                if (!pts || !earn_part(per_unit ? "per_unit" : rate_kind, *pts, rule.id))
                    return false;
            }
        }
        // Each multiplier adds (factor - 1) x the points so far: base, then category, campaign,
        // tier.
        auto apply = [&](const std::string& kind, const std::string& name, Ratio factor) -> bool {
            if (factor == Ratio::one()) return true;
            auto extra = fraction_mul(running, *fraction_add(fraction_of(factor), {-1, 1}));
            if (!extra) return false;
            auto next = fraction_add(running, *extra);
            if (!next) return false;
            running = *next;
            return add_line({kind, name, line.category, std::nullopt, factor, *extra});
        };
        auto rule_it = rules.categories.find(line.category);
        if (rule_it != rules.categories.end() &&
            !apply("category", line.category, rule_it->second.multiplier))
            return false;
        for (const auto& c : rules.campaigns) {
            if (campaign_applies(c, purchase.at, line.category) &&
                !apply("campaign", c.id, c.multiplier))
                return false;
        }
        if (tier && !apply("tier", tier->id, tier->multiplier)) return false;
        for (const auto& o : purchase.offers) {
            if (o.kind == OfferKind::PointsMultiplier && !apply("offer", o.id, o.multiplier))
                return false;
        }
        // rounding_per "line" and "rule": the line's points after its multipliers.
        return rules.rounding_per == RoundingPer::Order || round_part(running, line.category, {});
    };

    for (const auto& line : purchase.lines) {
        const int64_t line_total = line.price * line.quantity;  // checked by purchase_totals
        auto rule_it = rules.categories.find(line.category);
        if (rule_it != rules.categories.end() && rule_it->second.excluded) {
            out.explanation.push_back(
                {"excluded", line.sku, line.category, line_total, std::nullopt, {0, 1}});
            continue;
        }
        if (below_minimum) continue;
        any_earning_line = true;
        const auto money = taxed(line_total, line.tax);
        if (!money || !earn_on(line, line.sku, "base", *money, share, holds)) return overflow(path);
    }
    // earn.shipping "included": what is paid for the shipping earns like a line of no category
    // and no product, so only rules without a scope cover it, and no rule per unit. Points never
    // pay for shipping, so its paid share is what its discounts (free shipping) left.
    const int64_t shipping_paid =
        std::max<int64_t>(0, purchase.shipping - totals.shipping_discount);
    const int64_t shipping_basis =
        rules.basis == EarnBasis::Paid ? shipping_paid : purchase.shipping;
    // An order whose every line is excluded (a gift card) earns nothing on its shipping either.
    if (rules.shipping == Inclusion::Included && any_earning_line && shipping_basis > 0) {
        RuleSet rates = holds;
        for (size_t i = 0; i < rules.rules.size(); ++i)
            if (rules.rules[i].kind == EarnRuleKind::PerUnit) rates &= ~(RuleSet(1) << i);
        const Fraction part = {shipping_basis, purchase.shipping};
        const auto money = taxed(purchase.shipping, purchase.shipping_tax);
        if (!money || !earn_on(OrderLine{}, "shipping", "shipping", *money, part, rates))
            return overflow(path);
    }

    if (below_minimum && !purchase.lines.empty()) {
        out.explanation.push_back({"min_order", "", "", basis_amount, std::nullopt, {0, 1}});
    }
    // The order's sum once; whole already when its lines or rules were rounded.
    if (!round_part(exact, {}, {}) || exact.num > kMaxAmount) return overflow(path);
    out.points = int64_t(exact.num);

    // Fixed campaign bonuses: once per order that has an earning line the campaign covers.
    for (const auto& c : rules.campaigns) {
        if (c.bonus_points == 0 || below_minimum || !any_earning_line) continue;
        const bool covered =
            std::any_of(purchase.lines.begin(), purchase.lines.end(), [&](const OrderLine& l) {
                auto it = rules.categories.find(l.category);
                const bool excluded = it != rules.categories.end() && it->second.excluded;
                return !excluded && campaign_applies(c, purchase.at, l.category);
            });
        if (!covered) continue;
        out.points += c.bonus_points;
        out.explanation.push_back(
            {"campaign_bonus", c.id, "", std::nullopt, std::nullopt, fraction_of(c.bonus_points)});
    }
    if (first_purchase && program.bonuses.first_purchase > 0) {
        out.points += program.bonuses.first_purchase;
        out.explanation.push_back({"first_purchase", "first_purchase", "", std::nullopt,
                                   std::nullopt, fraction_of(program.bonuses.first_purchase)});
    }
    return out;
}

}  // namespace loyalty
