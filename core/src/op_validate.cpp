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
        campaigns.push_back({{"id", c.id},
                             {"name", c.name},
                             {"starts", format_instant(c.starts, p.zone)},
                             {"ends", format_instant(c.ends, p.zone)},
                             {"multiplier", format_ratio(c.multiplier)},
                             {"bonus_points", c.bonus_points},
                             {"categories", c.categories}});
    }
    json categories = json::object();
    for (const auto& [name, rule] : p.earn.categories) {
        categories[name] = {{"multiplier", format_ratio(rule.multiplier)}, {"excluded", rule.excluded}};
    }
    json surveys = json::array();
    for (const auto& s : p.surveys) surveys.push_back(survey_settings_json(s));
    return {
        {"id", p.id},
        {"name", p.name},
        {"currency", p.currency.code},
        {"currency_exponent", p.currency.exponent},
        {"timezone", format_instant(0, p.zone).substr(19)},
        {"earn", {{"points", p.earn.points},
                  {"per_amount", p.earn.per_amount},
                  {"rounding", rounding_name(p.earn.rounding)},
                  {"basis", p.earn.basis == EarnBasis::Paid ? "paid" : "subtotal"},
                  {"min_order", p.earn.min_order},
                  {"categories", std::move(categories)},
                  {"campaigns", std::move(campaigns)}}},
        {"bonuses", {{"signup", p.bonuses.signup},
                     {"first_purchase", p.bonuses.first_purchase},
                     {"birthday", p.bonuses.birthday},
                     {"review", p.bonuses.review},
                     {"referral_referrer", p.bonuses.referral_referrer},
                     {"referral_referee", p.bonuses.referral_referee},
                     {"referral_max_per_month", p.bonuses.referral_max_per_month}}},
        {"expiry", {{"days", p.expiry.days}, {"warning_days", p.expiry.warning_days}}},
        {"tiers", {{"basis", p.tiers.basis == TierBasis::Spend ? "spend" : "points"},
                   {"window_days", p.tiers.window_days},
                   {"levels", std::move(tiers)}}},
        {"redemption", {{"point_value", p.redemption.point_value},
                        {"min_points", p.redemption.min_points},
                        {"step", p.redemption.step},
                        {"max_share", format_ratio(p.redemption.max_share)},
                        {"return_expired_codes", p.redemption.return_expired_codes}}},
        {"rewards", rewards},
        {"surveys", std::move(surveys)},
    };
}

std::string validate_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        // Accept a bare program or {"program": {...}}, so every operation can share one shape.
        const bool wrapped = doc.size() == 1 && doc.contains("program");
        auto program = parse_program_json(wrapped ? doc["program"] : doc, wrapped ? "/program" : "");
        if (!program.ok()) return errors_document(program.errors());
        return {{"ok", true}, {"program", program_summary_json(program.value())}};
    });
}

}  // namespace loyalty
