// validate: a program document in, its normalised summary (or every error) out.
#include "loyalty/api.h"
#include "operation.h"
#include "program_json.h"
#include "status_json.h"
#include "survey_json.h"

namespace loyalty {

json program_summary_json(const Program& p) {
    json rewards = rewards_json(p, 0, -1, std::nullopt);
    for (size_t i = 0; i < p.rewards.size(); ++i) rewards[i]["code_days"] = p.rewards[i].code_days;
    json tiers = json::array();
    for (size_t i = 0; i < p.tiers.levels.size(); ++i) tiers.push_back(tier_json(p, int(i)));
    json campaigns = json::array();
    for (const auto& c : p.earn.campaigns) {
        json& out = campaigns.emplace_back();
        out["id"] = c.id;
        out["name"] = c.name;
        out["starts"] = format_instant(c.starts, p.zone);
        out["ends"] = format_instant(c.ends, p.zone);
        out["multiplier"] = format_ratio(c.multiplier);
        out["bonus_points"] = c.bonus_points;
        out["categories"] = c.categories;
    }
    json categories = json::object();
    for (const auto& [name, rule] : p.earn.categories) {
        json& out = categories[name];
        out["multiplier"] = format_ratio(rule.multiplier);
        out["excluded"] = rule.excluded;
    }
    json surveys = json::array();
    for (const auto& s : p.surveys) surveys.push_back(survey_settings_json(s));
    json out;  // member by member: see json_reader.h, "Building objects"
    out["id"] = p.id;
    out["name"] = p.name;
    out["currency"] = p.currency.code;
    out["currency_exponent"] = p.currency.exponent;
    out["timezone"] = format_instant(0, p.zone).substr(19);
    json& earn = out["earn"];
    earn["points"] = p.earn.points;
    earn["per_amount"] = p.earn.per_amount;
    earn["rounding"] = rounding_name(p.earn.rounding);
    earn["basis"] = p.earn.basis == EarnBasis::Paid ? "paid" : "subtotal";
    earn["min_order"] = p.earn.min_order;
    earn["categories"] = std::move(categories);
    earn["campaigns"] = std::move(campaigns);
    json& bonuses = out["bonuses"];
    bonuses["signup"] = p.bonuses.signup;
    bonuses["first_purchase"] = p.bonuses.first_purchase;
    bonuses["birthday"] = p.bonuses.birthday;
    bonuses["review"] = p.bonuses.review;
    bonuses["referral_referrer"] = p.bonuses.referral_referrer;
    bonuses["referral_referee"] = p.bonuses.referral_referee;
    bonuses["referral_max_per_month"] = p.bonuses.referral_max_per_month;
    json& expiry = out["expiry"];
    expiry["days"] = p.expiry.days;
    expiry["warning_days"] = p.expiry.warning_days;
    json& tier_list = out["tiers"];
    tier_list["basis"] = p.tiers.basis == TierBasis::Spend ? "spend" : "points";
    tier_list["window_days"] = p.tiers.window_days;
    tier_list["levels"] = std::move(tiers);
    json& redemption = out["redemption"];
    redemption["point_value"] = p.redemption.point_value;
    redemption["min_points"] = p.redemption.min_points;
    redemption["step"] = p.redemption.step;
    redemption["max_share"] = format_ratio(p.redemption.max_share);
    redemption["return_expired_codes"] = p.redemption.return_expired_codes;
    out["rewards"] = std::move(rewards);
    out["surveys"] = std::move(surveys);
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
        answer["ok"] = true;
        answer["program"] = program_summary_json(program.value());
        return answer;
    });
}

}  // namespace loyalty
