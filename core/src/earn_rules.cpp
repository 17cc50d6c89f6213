#include "earn_rules.h"

#include <algorithm>

namespace loyalty {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool covers(const EarnRule& rule, const OrderLine& line) {
    if (rule.categories.empty() && rule.products.empty()) return true;
    return contains(rule.categories, line.category) || contains(rule.products, line.sku);
}

}  // namespace

RuleSet rule_conditions(const std::vector<EarnRule>& rules, const RuleOrder& order) {
    const Day day = day_of(order.at, order.zone);
    const int weekday = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday is 0
    RuleSet out = 0;
    for (size_t i = 0; i < rules.size() && i < kMaxEarnRules; ++i) {
        const EarnRule& r = rules[i];
        bool ok = order.basis_amount >= r.min_order;
        ok = ok && (r.weekdays == 0 || (r.weekdays >> weekday) & 1u);
        ok = ok && (!r.starts || order.at >= *r.starts) && (!r.ends || order.at < *r.ends);
        ok = ok && (r.tiers.empty() || (order.tier && contains(r.tiers, order.tier->id)));
        ok = ok && (!r.first_order_only || order.first_order);
        if (ok) out |= RuleSet(1) << i;
    }
    return out;
}

RuleSet rules_for_line(const std::vector<EarnRule>& rules, RuleSet holds, const OrderLine& line) {
    RuleSet out = 0;
    const EarnRule* best = nullptr;
    size_t best_index = 0;
    for (size_t i = 0; i < rules.size() && i < kMaxEarnRules; ++i) {
        if (!((holds >> i) & 1u) || !covers(rules[i], line)) continue;
        out |= RuleSet(1) << i;
        if (rules[i].combine == EarnCombine::Exclusive &&
            (!best || rules[i].priority > best->priority)) {
            best = &rules[i];
            best_index = i;
        }
        if (rules[i].combine == EarnCombine::Stop) break;
    }
    return best ? RuleSet(1) << best_index : out;
}

}  // namespace loyalty
