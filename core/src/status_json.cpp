#include "status_json.h"

#include <algorithm>

namespace loyalty {

json explanation_json(const std::vector<ExplanationLine>& lines) {
    json out = json::array();
    for (const auto& l : lines) {
        json item;
        put(item, "kind", l.kind);
        put(item, "points", format_fraction(l.points));
        if (!l.label.empty()) put(item, "label", l.label);
        if (!l.category.empty()) put(item, "category", l.category);
        if (l.amount) put(item, "amount", *l.amount);
        if (l.factor) put(item, "factor", format_ratio(*l.factor));
        if (!l.rule.empty()) put(item, "rule", l.rule);
        out.push_back(std::move(item));
    }
    return out;
}

json tier_json(const Program& program, int index) {
    const Tier& t = program.tiers.levels[size_t(index)];
    json out;
    put(out, "id", t.id);
    put(out, "name", t.name);
    put(out, "threshold", t.threshold);
    put(out, "multiplier", format_ratio(t.multiplier));
    put(out, "perks", t.perks);
    return out;
}

json tier_status_json(const Program& program, const TierStatus& tier) {
    json out = tier_json(program, tier.index);
    put(out, "basis", program.tiers.basis == TierBasis::Spend ? "spend" : "points");
    put(out, "window_days", program.tiers.window_days);
    put(out, "qualifying", tier.qualifying);
    put_instant(out, "lapses_at", tier.lapses_at, program.zone);
    if (tier.floor_index) {  // the tier the shop set by hand, while in force
        json floor;
        put(floor, "tier_id", program.tiers.levels[size_t(*tier.floor_index)].id);
        put_instant(floor, "until", tier.floor_until, program.zone);
        put(out, "floor", std::move(floor));
    }
    if (tier.next_index) {
        json next = tier_json(program, *tier.next_index);
        put(next, "remaining", tier.remaining);
        put(next, "fraction", tier.fraction);
        put(out, "next", std::move(next));
    } else {
        put(out, "next", nullptr);
    }
    return out;
}

json rewards_json(const Program& program, int64_t balance, int tier_index,
                  std::optional<int64_t> order_subtotal) {
    json out = json::array();
    for (const auto& w : program.rewards) {
        json item;
        put(item, "id", w.id);
        put(item, "name", w.name);
        put(item, "kind", reward_kind_name(w.kind));
        put(item, "cost", w.cost);
        put(item, "affordable", balance >= w.cost);
        put(item, "points_missing", std::max<int64_t>(0, w.cost - balance));
        if (w.kind == RewardKind::FixedDiscount || w.kind == RewardKind::FreeProduct)
            put(item, "value", w.value);
        if (w.kind == RewardKind::PercentDiscount) put(item, "percent", format_ratio(w.percent));
        if (!w.product_id.empty()) put(item, "product_id", w.product_id);
        if (w.min_order > 0) put(item, "min_order", w.min_order);
        bool tier_ok = true;
        if (!w.min_tier.empty()) {
            put(item, "min_tier", w.min_tier);
            auto it = std::find_if(program.tiers.levels.begin(), program.tiers.levels.end(),
                                   [&](const Tier& t) { return t.id == w.min_tier; });
            tier_ok = it != program.tiers.levels.end() &&
                      tier_index >= int(it - program.tiers.levels.begin());
        }
        put(item, "tier_ok", tier_ok);
        bool available = tier_ok && balance >= w.cost;
        if (order_subtotal) {
            const bool order_ok = *order_subtotal >= w.min_order;
            put(item, "order_ok", order_ok);
            available = available && order_ok;
        }
        put(item, "available", available);
        out.push_back(std::move(item));
    }
    return out;
}

json status_json_body(const Program& program, const Status& s, Instant now, size_t history_limit) {
    const Zone zone = program.zone;
    json lots = json::array();
    const Instant warn_until = now + int64_t(program.expiry.warning_days) * kSecondsPerDay;
    // What expires within the warning, one line per instant (lots going together are one line).
    std::vector<std::pair<Instant, int64_t>> warned;
    for (const auto& lot : s.lots) {
        json& out = lots.emplace_back();
        put(out, "points", lot.points);
        put(out, "earned_at", format_instant(lot.earned_at, zone));
        put_instant(out, "expires_at", lot.expires_at, zone);
        if (!lot.expires_at || *lot.expires_at > warn_until) continue;
        if (!warned.empty() && warned.back().first == *lot.expires_at)
            warned.back().second += lot.points;
        else
            warned.emplace_back(*lot.expires_at, lot.points);
    }
    json expiring = json::array();
    for (const auto& [at, points] : warned) {
        json& line = expiring.emplace_back();
        put(line, "points", points);
        put(line, "expires_at", format_instant(at, zone));
    }
    json history = json::array();
    const size_t n = std::min(history_limit, s.history.size());
    for (size_t k = 0; k < n; ++k) {
        const HistoryEntry& h = s.history[s.history.size() - 1 - k];
        json item;
        put(item, "at", format_instant(h.at, zone));
        put(item, "type", h.type);
        put(item, "points", h.points);
        put(item, "balance", h.balance);
        put(item, "explanation", explanation_json(h.explanation));
        if (!h.id.empty()) put(item, "id", h.id);
        if (h.uncollected > 0) put(item, "uncollected", h.uncollected);
        if (!h.reason.empty()) put(item, "reason", h.reason);
        history.push_back(std::move(item));
    }
    // Member by member: nlohmann's nested initializer lists cost the widget's module more code
    // (json objects keep their keys sorted either way, so the text is the same).
    json body;
    put(body, "currency", program.currency.code);
    put(body, "now", format_instant(now, zone));
    put(body, "balance", s.balance);
    put(body, "balance_value", s.balance * program.redemption.point_value);
    json& soon = body["expiring"];
    put(soon, "points", s.expiring_soon);
    put(soon, "within_days", program.expiry.warning_days);
    put(soon, "lots", std::move(expiring));
    put_instant(body, "next_expiry", s.next_expiry, zone);
    json& lifetime = body["lifetime"];
    put(lifetime, "earned", s.earned);
    put(lifetime, "redeemed", s.redeemed);
    put(lifetime, "expired", s.expired);
    put(lifetime, "clawed_back", s.clawed_back);
    put(lifetime, "adjusted", s.adjusted);
    put(lifetime, "uncollected", s.uncollected);
    put(body, "purchases", s.purchases);
    put(body, "lots", std::move(lots));
    put(body, "tier", s.tier ? tier_status_json(program, *s.tier) : json(nullptr));
    put(body, "rewards",
        rewards_json(program, s.balance, s.tier ? s.tier->index : -1, std::nullopt));
    put(body, "history", std::move(history));
    put(body, "history_total", s.history_total);
    return body;
}

}  // namespace loyalty
