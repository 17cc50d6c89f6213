// validate: a program document in, its normalised summary (or every error) out.
#include "loyalty/api.h"
#include "operation.h"
#include "program_json.h"
#include "status_json.h"
#include "survey_json.h"

namespace loyalty {

namespace {

json earn_rules_json(const Program& p) {
    static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    json list = json::array();
    for (const auto& r : p.earn.rules) {
        json& out = list.emplace_back();
        put(out, "id", r.id);
        put(out, "name", r.name);
        put(out, "kind", kEarnRuleKindNames[int(r.kind)]);
        put(out, "points", r.points);
        if (r.kind == EarnRuleKind::Rate) put(out, "per_amount", r.per_amount);
        put(out, "categories", r.categories);
        put(out, "products", r.products);
        put(out, "min_order", r.min_order);
        json days = json::array();
        for (int d = 0; d < 7; ++d)
            if ((r.weekdays >> d) & 1u) days.push_back(kDays[d]);
        put(out, "weekdays", std::move(days));
        put_instant(out, "starts", r.starts, p.zone);
        put_instant(out, "ends", r.ends, p.zone);
        put(out, "tiers", r.tiers);
        put(out, "first_order_only", r.first_order_only);
        put(out, "combine", kEarnCombineNames[int(r.combine)]);
        if (r.combine == EarnCombine::Exclusive) put(out, "priority", r.priority);
    }
    return list;
}

}  // namespace

json program_summary_json(const Program& p) {
    json rewards = rewards_json(p, 0, -1, std::nullopt);
    for (size_t i = 0; i < p.rewards.size(); ++i)
        put(rewards[i], "code_days", p.rewards[i].code_days);
    json tiers = json::array();
    for (size_t i = 0; i < p.tiers.levels.size(); ++i) tiers.push_back(tier_json(p, int(i)));
    json campaigns = json::array();
    for (const auto& c : p.earn.campaigns) {
        json& out = campaigns.emplace_back();
        put(out, "id", c.id);
        put(out, "name", c.name);
        put(out, "starts", format_instant(c.starts, p.zone));
        put(out, "ends", format_instant(c.ends, p.zone));
        put(out, "multiplier", format_ratio(c.multiplier));
        put(out, "bonus_points", c.bonus_points);
        put(out, "categories", c.categories);
    }
    json categories = json::object();
    for (const auto& [name, rule] : p.earn.categories) {
        json& out = categories[name];
        put(out, "multiplier", format_ratio(rule.multiplier));
        put(out, "excluded", rule.excluded);
    }
    json surveys = json::array();
    for (const auto& s : p.surveys) surveys.push_back(survey_settings_json(s));
    json out;  // member by member: see json_reader.h, "Building objects"
    put(out, "id", p.id);
    put(out, "name", p.name);
    put(out, "currency", p.currency.code);
    put(out, "currency_exponent", p.currency.exponent);
    put(out, "timezone", format_instant(0, p.zone).substr(19));
    json& earn = out["earn"];
    if (p.earn.rules.empty()) {
        put(earn, "points", p.earn.points);
        put(earn, "per_amount", p.earn.per_amount);
    } else {
        put(earn, "rules", earn_rules_json(p));
    }
    put(earn, "rounding", rounding_name(p.earn.rounding));
    if (p.earn.rounding_per != RoundingPer::Order)
        put(earn, "rounding_per", kRoundingPerNames[int(p.earn.rounding_per)]);
    put(earn, "basis", kEarnBasisNames[int(p.earn.basis)]);
    put(earn, "min_order", p.earn.min_order);
    if (p.earn.shipping == Inclusion::Included) put(earn, "shipping", kInclusionNames[1]);
    if (p.earn.tax == Inclusion::Excluded) put(earn, "tax", kInclusionNames[0]);
    put(earn, "categories", std::move(categories));
    put(earn, "campaigns", std::move(campaigns));
    json& bonuses = out["bonuses"];
    put(bonuses, "signup", p.bonuses.signup);
    put(bonuses, "first_purchase", p.bonuses.first_purchase);
    put(bonuses, "birthday", p.bonuses.birthday);
    put(bonuses, "review", p.bonuses.review);
    put(bonuses, "referral_referrer", p.bonuses.referral_referrer);
    put(bonuses, "referral_referee", p.bonuses.referral_referee);
    put(bonuses, "referral_max_per_month", p.bonuses.referral_max_per_month);
    json& expiry = out["expiry"];
    put(expiry, "days", p.expiry.days);
    if (p.expiry.at_end_of != ExpiryEnd::None)
        put(expiry, "at_end_of", kExpiryEndNames[int(p.expiry.at_end_of)]);
    if (p.expiry.inactive_days > 0) put_int(expiry, "inactive_days", p.expiry.inactive_days);
    if (p.expiry.never_expire) {
        json& lasting = expiry["never_expire"];
        for (size_t i = 0; i < std::size(kLotSourceNames); ++i)
            if (p.expiry.never_expire >> i & 1) lasting.push_back(kLotSourceNames[i]);
    }
    put(expiry, "warning_days", p.expiry.warning_days);
    json& tier_list = out["tiers"];
    put(tier_list, "basis", kTierBasisNames[int(p.tiers.basis)]);
    put(tier_list, "window_days", p.tiers.window_days);
    if (p.tiers.grace_days > 0) put_int(tier_list, "grace_days", p.tiers.grace_days);
    if (p.tiers.requalify != TierRequalify::Rolling)
        put(tier_list, "requalify", kTierRequalifyNames[int(p.tiers.requalify)]);
    put(tier_list, "levels", std::move(tiers));
    json& redemption = out["redemption"];
    put(redemption, "point_value", p.redemption.point_value);
    put(redemption, "min_points", p.redemption.min_points);
    put(redemption, "step", p.redemption.step);
    put(redemption, "max_share", format_ratio(p.redemption.max_share));
    put(redemption, "return_expired_codes", p.redemption.return_expired_codes);
    put(out, "rewards", std::move(rewards));
    put(out, "surveys", std::move(surveys));
    return out;
}

std::string validate_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        // Accept a bare program or {"program": {...}}, so every operation can share one shape.
        const bool wrapped = doc.size() == 1 && doc.contains("program");
        auto program =
            parse_program_json(wrapped ? doc["program"] : doc, wrapped ? "/program" : "");
        if (!program.ok()) return errors_document(program.errors());
        json answer;
        put(answer, "ok", true);
        put(answer, "program", program_summary_json(program.value()));
        return answer;
    });
}

}  // namespace loyalty
