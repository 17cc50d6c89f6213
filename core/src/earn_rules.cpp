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

std::vector<bool> rule_conditions(const std::vector<EarnRule>& rules, const RuleOrder& order) {
    const Day day = day_of(order.at, order.zone);
    const int weekday = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday is 0
    std::vector<bool> out;
    out.reserve(rules.size());
    for (const auto& r : rules) {
        bool ok = order.basis_amount >= r.min_order;
        ok = ok && (r.weekdays == 0 || (r.weekdays >> weekday) & 1u);
        ok = ok && (!r.starts || order.at >= *r.starts) && (!r.ends || order.at < *r.ends);
        ok = ok && (r.tiers.empty() || (order.tier && contains(r.tiers, order.tier->id)));
        ok = ok && (!r.first_order_only || order.first_order);
        out.push_back(ok);
    }
    return out;
}

std::vector<size_t> rules_for_line(const std::vector<EarnRule>& rules,
                                   const std::vector<bool>& holds, const OrderLine& line) {
    std::vector<size_t> out;
    const EarnRule* best = nullptr;
    size_t best_index = 0;
    for (size_t i = 0; i < rules.size(); ++i) {
        if (!holds[i] || !covers(rules[i], line)) continue;
        out.push_back(i);
        if (rules[i].combine == EarnCombine::Exclusive &&
            (!best || rules[i].priority > best->priority)) {
            best = &rules[i];
            best_index = i;
        }
        if (rules[i].combine == EarnCombine::Stop) break;
    }
    if (best) return {best_index};
    return out;
}

}  // namespace loyalty
