// The JSON forms of the typed API's results (engine_json.h): the documents status_json and
// preview_json answer, built from StatusResult and PreviewResult, and survey summaries and scores
// for callers that hold their documents as trees. (numbers_document is in op_numbers.cpp.)
#include "loyalty/engine_json.h"

#include "customer_json.h"
#include "ledger_state_json.h"
#include "status_json.h"
#include "survey_json.h"

namespace loyalty {
namespace {

json tier_ref(const Program& p, const std::optional<TierStatus>& t) {
    if (!t) return nullptr;
    const Tier& tier = p.tiers.levels[size_t(t->index)];
    json out;
    put(out, "id", tier.id);
    put(out, "name", tier.name);
    return out;
}

/** [{<id_key>, goods, shipping}] for what each reward or offer took off. */
json applied_json(const std::vector<PreviewResult::Applied>& applied, const char* id_key) {
    json out = json::array();
    for (const auto& used : applied) {
        json& item = out.emplace_back();
        item[id_key] = used.id;
        put(item, "goods", used.goods);
        put(item, "shipping", used.shipping);
    }
    return out;
}

}  // namespace

Result<Customer> customer_from_json(const json& customer, const Program& program) {
    return parse_customer_json(customer, "/customer", program.zone);
}

Result<Event> cart_from_json(const json& cart, const Program& program, Instant at) {
    return parse_cart_json(cart, "/cart", at, program.zone);
}

#ifndef LOYALTY_WIDGET_CORE
Result<LedgerState> ledger_state_from_json(const json& state, const Program& program) {
    return parse_ledger_state_json(state, "/customer/state", program.zone);
}

Result<OrderRecord> order_record_from_json(const json& record, std::string_view path) {
    return parse_order_record_json(record, path);
}

std::string ledger_state_text(const LedgerState& state, const Program& program) {
    return ledger_state_text(state, program.zone);
}
#endif

json survey_summary_document(const SurveySummary& summary) { return summary_to_json(summary); }

Result<int32_t> survey_score_from_json(const json& value, SurveyKind kind, int32_t ces_scale,
                                       const std::string& path) {
    Errors errors;
    JsonReader r(errors);
    auto score = read_survey_score(r, value, path, kind, ces_scale);
    if (!score) return errors;
    return *score;
}

json status_document(const Program& program, const StatusResult& r) {
    json body = status_json_body(program, r.status, r.now, r.history_limit);
    put(body, "customer_id", r.customer_id);
#ifndef LOYALTY_WIDGET_CORE
    if (r.state) put(body, "state", ledger_state_json(*r.state, program.zone));
#endif
    put(body, "ok", true);
    return body;
}

json preview_document(const Program& p, const PreviewResult& r) {
    // Member by member rather than one initializer list: nlohmann's nested initializer lists
    // cost the widget's module more code (json objects keep their keys sorted either way).
    json answer;
    put(answer, "ok", true);
    put(answer, "currency", p.currency.code);
    put(answer, "subtotal", r.subtotal);
    put(answer, "shipping", r.shipping);
    put(answer, "discount", r.discount);
    put(answer, "points_redeemed", r.points_redeemed);
    put(answer, "total", r.total);
    json& earn = answer["earn"];
    put(earn, "points", r.points_earned);
    put(earn, "explanation", explanation_json(r.explanation));
    json& redeem = answer["redeem"];
    put(redeem, "max_points", r.max_points);
    put(redeem, "max_discount", r.max_discount);
    put(redeem, "total_after_max", r.total_after_max);
    put(redeem, "point_value", p.redemption.point_value);
    put(redeem, "min_points", p.redemption.min_points);
    put(redeem, "step", p.redemption.step);
    put(redeem, "max_share", format_ratio(p.redemption.max_share));
    put(answer, "balance_before", r.balance_before);
    put(answer, "balance_after", r.balance_after);
    put(answer, "tier_before", tier_ref(p, r.tier_before));
    put(answer, "tier_after", tier_ref(p, r.tier_after));
    put(answer, "tier_changed",
        r.tier_before && r.tier_after && r.tier_before->index != r.tier_after->index);
    put(answer, "rewards",
        rewards_json(p, r.balance_before, r.tier_before ? r.tier_before->index : -1, r.subtotal));
    // Only for carts with rewards or offers, so answers for carts without them stay as they were.
    if (!r.rewards_applied.empty()) {
        put(answer, "rewards_applied", applied_json(r.rewards_applied, "reward_id"));
        put(answer, "reward_discount", r.reward_discount);
    }
    if (!r.offers_applied.empty()) {
        put(answer, "offers_applied", applied_json(r.offers_applied, "offer_id"));
        put(answer, "offer_discount", r.offer_discount);
    }
    if (!r.rewards_applied.empty() || !r.offers_applied.empty())
        put(answer, "shipping_discount", r.shipping_discount);
    return answer;
}

}  // namespace loyalty
