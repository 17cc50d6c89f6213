#include "program_json.h"

#include <algorithm>
#include <set>

#include "earn_rules_json.h"
#include "loyalty/checked.h"
#include "survey_json.h"

namespace loyalty {
namespace {

constexpr int64_t kMaxPoints = 1'000'000'000;  // any single bonus, cost or threshold in points
const Ratio kMaxMultiplier{100 * Ratio::kScale};

void read_earn(JsonReader& r, const json& earn, std::string_view path, Program& p) {
    if (!r.expect_object(earn, path)) return;
    r.reject_unknown(earn, path,
                     {"points", "per_amount", "rounding", "rounding_per", "basis", "min_order",
                      "categories", "campaigns", "rules", "shipping", "tax"});
    EarnRules& e = p.earn;
    const json* rules = r.member(earn, path, "rules", false);
    if (!rules) {
        if (auto v = r.integer(earn, path, "points", true, 0, 1'000'000)) e.points = *v;
        if (auto v = r.money(earn, path, "per_amount", true, 1, kMaxAmount)) e.per_amount = *v;
    } else {
        for (std::string_view key : {"points", "per_amount"})
            if (r.member(earn, path, key, false))
                r.fail(child_path(path, key),
                       "\"rules\" replaces the one rate; give it as a rule of \"rules\" instead",
                       ErrorCode::conflict);
    }
    r.choice(earn, path, "rounding", kRoundingNames, e.rounding);
    r.choice(earn, path, "rounding_per", kRoundingPerNames, e.rounding_per);
    r.choice(earn, path, "basis", kEarnBasisNames, e.basis,
             "what is paid after points and discounts, or list prices");
    if (auto v = r.money(earn, path, "min_order", false, 0, kMaxAmount)) e.min_order = *v;
    r.choice(earn, path, "shipping", kInclusionNames, e.shipping);
    r.choice(earn, path, "tax", kInclusionNames, e.tax);

    if (const json* cats = r.member(earn, path, "categories", false)) {
        const std::string cpath = child_path(path, "categories");
        if (r.expect_object(*cats, cpath)) {
            for (const auto& [name, rule] : cats->items()) {
                const std::string rpath = child_path(cpath, name);
                if (name.empty() || name.size() > 64) {
                    r.fail(rpath, "a category name must be 1-64 characters", ErrorCode::bad_format);
                    continue;
                }
                if (!r.expect_object(rule, rpath)) continue;
                r.reject_unknown(rule, rpath, {"multiplier", "excluded"});
                CategoryRule c;
                if (auto m =
                        r.ratio(rule, rpath, "multiplier", false, Ratio::zero(), kMaxMultiplier))
                    c.multiplier = *m;
                if (auto x = r.boolean(rule, rpath, "excluded", false)) c.excluded = *x;
                e.categories.emplace(name, c);
            }
        }
    }

    if (const json* camps = r.member(earn, path, "campaigns", false)) {
        const std::string cpath = child_path(path, "campaigns");
        if (r.expect_array(*camps, cpath, 100)) {
            std::set<std::string> ids;
            for (size_t i = 0; i < camps->size(); ++i) {
                const json& c = (*camps)[i];
                const std::string ipath = child_path(cpath, i);
                if (!r.expect_object(c, ipath)) continue;
                r.reject_unknown(
                    c, ipath,
                    {"id", "name", "starts", "ends", "multiplier", "bonus_points", "categories"});
                Campaign camp;
                if (auto id = r.identifier(c, ipath, "id", true)) {
                    if (!ids.insert(*id).second)
                        r.fail(child_path(ipath, "id"), "duplicates another campaign's id",
                               ErrorCode::duplicate);
                    camp.id = *id;
                }
                if (auto n = r.string(c, ipath, "name", false)) camp.name = *n;
                auto starts = r.instant(c, ipath, "starts", true, p.zone);
                auto ends = read_end(r, c, ipath, "ends", p.zone);
                if (starts) camp.starts = *starts;
                if (ends) camp.ends = *ends;
                if (starts && ends && *ends <= *starts)
                    r.fail(child_path(ipath, "ends"), "must be after \"starts\"",
                           ErrorCode::out_of_order);
                if (auto m = r.ratio(c, ipath, "multiplier", false, Ratio::zero(), kMaxMultiplier))
                    camp.multiplier = *m;
                if (auto b = r.integer(c, ipath, "bonus_points", false, 0, kMaxPoints))
                    camp.bonus_points = *b;
                if (const json* list = r.member(c, ipath, "categories", false)) {
                    const std::string lpath = child_path(ipath, "categories");
                    if (r.expect_array(*list, lpath, 200)) {
                        for (size_t k = 0; k < list->size(); ++k) {
                            const json& name = (*list)[k];
                            if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
                                r.fail(child_path(lpath, k), "expected a category name",
                                       ErrorCode::wrong_type);
                                continue;
                            }
                            camp.categories.push_back(name.get<std::string>());
                        }
                    }
                }
                e.campaigns.push_back(std::move(camp));
            }
        }
    }
    if (rules) read_earn_rules(r, *rules, child_path(path, "rules"), p);
}

void read_bonuses(JsonReader& r, const json& b, std::string_view path, Bonuses& out) {
    if (!r.expect_object(b, path)) return;
    r.reject_unknown(b, path,
                     {"signup", "first_purchase", "birthday", "review", "referral_referrer",
                      "referral_referee", "referral_max_per_month"});
    auto read = [&](std::string_view key, int64_t& field) {
        if (auto v = r.integer(b, path, key, false, 0, kMaxPoints)) field = *v;
    };
    read("signup", out.signup);
    read("first_purchase", out.first_purchase);
    read("birthday", out.birthday);
    read("review", out.review);
    read("referral_referrer", out.referral_referrer);
    read("referral_referee", out.referral_referee);
    if (auto v = r.integer(b, path, "referral_max_per_month", false, 0, 10'000))
        out.referral_max_per_month = *v;
}

void read_expiry(JsonReader& r, const json& x, std::string_view path, Expiry& out) {
    if (!r.expect_object(x, path)) return;
    r.reject_unknown(x, path,
                     {"days", "at_end_of", "inactive_days", "warning_days", "never_expire"});
    if (auto v = r.integer(x, path, "days", false, 0, 3650)) out.days = int32_t(*v);
    if (auto v = r.integer(x, path, "inactive_days", false, 0, 3650))
        out.inactive_days = int32_t(*v);
    r.choice(x, path, "at_end_of", kExpiryEndNames, out.at_end_of);
    if (auto v = r.integer(x, path, "warning_days", false, 0, 365)) out.warning_days = int32_t(*v);
    const json* list = r.member(x, path, "never_expire", false);
    const std::string lpath = child_path(path, "never_expire");
    if (!list || !r.expect_array(*list, lpath, std::size(kLotSourceNames))) return;
    for (size_t k = 0; k < list->size(); ++k) {
        const int i = r.choice_value((*list)[k], child_path(lpath, k), kLotSourceNames,
                                     std::size(kLotSourceNames));
        if (i < 0) continue;
        if (out.never_expire >> i & 1)
            r.fail(child_path(lpath, k), "is listed twice", ErrorCode::duplicate);
        out.never_expire |= 1u << i;
    }
    // Exempting points from an expiry the programme does not have is a mistake worth naming.
    if (out.never_expire && !out.expires() && out.inactive_days == 0)
        r.fail(lpath,
               "nothing expires in this programme; set \"days\", \"at_end_of\" or "
               "\"inactive_days\" for the other points",
               ErrorCode::conflict);
}

void read_tiers(JsonReader& r, const json& t, std::string_view path, TierRules& out) {
    if (!r.expect_object(t, path)) return;
    r.reject_unknown(t, path, {"basis", "window_days", "requalify", "grace_days", "levels"});
    r.choice(t, path, "basis", kTierBasisNames, out.basis,
             "money paid in minor units, or points earned");
    if (auto v = r.integer(t, path, "window_days", false, 0, 3650)) out.window_days = int32_t(*v);
    r.choice(t, path, "requalify", kTierRequalifyNames, out.requalify);
    if (auto v = r.integer(t, path, "grace_days", false, 0, 3650)) out.grace_days = int32_t(*v);
    // A calendar year counts neither a rolling window nor a grace after it (it holds a tier
    // through the next year), and a lifetime tier falls only by a refund, at once.
    const bool by_year = out.requalify == TierRequalify::CalendarYear;
    if (by_year && out.window_days > 0)
        r.fail(child_path(path, "window_days"), "is not used with \"calendar_year\"",
               ErrorCode::conflict);
    if (out.grace_days > 0 && (by_year || out.window_days == 0))
        r.fail(child_path(path, "grace_days"), "needs a rolling window: \"window_days\" above 0",
               ErrorCode::conflict);
    const json* levels = r.member(t, path, "levels", true);
    if (!levels) return;
    const std::string lpath = child_path(path, "levels");
    if (!r.expect_array(*levels, lpath, 20)) return;
    if (levels->empty()) {
        r.fail(lpath, "needs at least one tier", ErrorCode::too_many);
        return;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < levels->size(); ++i) {
        const json& l = (*levels)[i];
        const std::string ipath = child_path(lpath, i);
        if (!r.expect_object(l, ipath)) continue;
        r.reject_unknown(l, ipath, {"id", "name", "threshold", "multiplier", "perks"});
        Tier tier;
        if (auto id = r.identifier(l, ipath, "id", true)) {
            if (!ids.insert(*id).second)
                r.fail(child_path(ipath, "id"), "duplicates another tier's id",
                       ErrorCode::duplicate);
            tier.id = *id;
        }
        if (auto n = r.string(l, ipath, "name", true)) tier.name = *n;
        if (auto th = r.integer(l, ipath, "threshold", true, 0, kMaxAmount)) {
            tier.threshold = *th;
            if (i == 0 && *th != 0)
                r.fail(child_path(ipath, "threshold"), "the first tier must start at 0",
                       ErrorCode::out_of_range);
            if (i > 0 && !out.levels.empty() && *th <= out.levels.back().threshold)
                r.fail(child_path(ipath, "threshold"),
                       "must be greater than the previous tier's threshold (" +
                           std::to_string(out.levels.back().threshold) + ")",
                       ErrorCode::out_of_order);
        }
        if (auto m = r.ratio(l, ipath, "multiplier", false, Ratio::zero(), kMaxMultiplier))
            tier.multiplier = *m;
        if (const json* perks = r.member(l, ipath, "perks", false)) {
            const std::string ppath = child_path(ipath, "perks");
            if (r.expect_array(*perks, ppath, 20)) {
                for (size_t k = 0; k < perks->size(); ++k) {
                    json holder;
                    put(holder, "perk", (*perks)[k]);
                    if (auto s = r.string(holder, child_path(ppath, k), "perk", true))
                        tier.perks.push_back(*s);
                }
            }
        }
        out.levels.push_back(std::move(tier));
    }
}

void read_redemption(JsonReader& r, const json& x, std::string_view path, RedemptionRules& out) {
    if (!r.expect_object(x, path)) return;
    r.reject_unknown(x, path,
                     {"point_value", "min_points", "step", "max_share", "return_expired_codes"});
    if (auto v = r.money(x, path, "point_value", true, 1, 1'000'000'000)) out.point_value = *v;
    if (auto v = r.integer(x, path, "min_points", false, 1, kMaxPoints)) out.min_points = *v;
    if (auto v = r.integer(x, path, "step", false, 1, kMaxPoints)) out.step = *v;
    if (auto v = r.ratio(x, path, "max_share", false, Ratio::zero(), Ratio::one()))
        out.max_share = *v;
    if (auto v = r.boolean(x, path, "return_expired_codes", false)) out.return_expired_codes = *v;
}

void read_rewards(JsonReader& r, const json& list, std::string_view path, Program& p) {
    if (!r.expect_array(list, path, 100)) return;
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
        const json& x = list[i];
        const std::string ipath = child_path(path, i);
        if (!r.expect_object(x, ipath)) continue;
        r.reject_unknown(x, ipath,
                         {"id", "name", "kind", "cost", "value", "percent", "product_id",
                          "min_order", "min_tier", "code_days"});
        Reward w;
        if (auto id = r.identifier(x, ipath, "id", true)) {
            if (!ids.insert(*id).second)
                r.fail(child_path(ipath, "id"), "duplicates another reward's id",
                       ErrorCode::duplicate);
            w.id = *id;
        }
        if (auto n = r.string(x, ipath, "name", true)) w.name = *n;
        r.choice(x, ipath, "kind", kRewardKindNames, w.kind, "", true);
        if (auto c = r.integer(x, ipath, "cost", true, 1, kMaxPoints)) w.cost = *c;
        const bool needs_value =
            w.kind == RewardKind::FixedDiscount || w.kind == RewardKind::FreeProduct;
        if (auto v = r.money(x, ipath, "value", needs_value, 0, kMaxAmount)) w.value = *v;
        if (auto pc = r.ratio(x, ipath, "percent", w.kind == RewardKind::PercentDiscount,
                              Ratio::zero(), Ratio::one()))
            w.percent = *pc;
        if (auto pid = r.string(x, ipath, "product_id", w.kind == RewardKind::FreeProduct, 64))
            w.product_id = *pid;
        if (auto m = r.money(x, ipath, "min_order", false, 0, kMaxAmount)) w.min_order = *m;
        if (auto t = r.string(x, ipath, "min_tier", false, 64)) {
            const bool known = std::any_of(p.tiers.levels.begin(), p.tiers.levels.end(),
                                           [&](const Tier& tier) { return tier.id == *t; });
            if (!known)
                r.fail(child_path(ipath, "min_tier"), "names no tier of this program",
                       ErrorCode::unknown_reference);
            w.min_tier = *t;
        }
        if (auto d = r.integer(x, ipath, "code_days", false, 1, 3650)) w.code_days = int(*d);
        p.rewards.push_back(std::move(w));
    }
}

}  // namespace

Result<Program> parse_program_json(const json& doc, std::string_view path) {
    Errors errors;
    JsonReader r(errors);
    if (!r.expect_object(doc, path)) return errors;
    r.reject_unknown(doc, path,
                     {"$schema", "version", "id", "name", "currency", "timezone", "earn", "bonuses",
                      "expiry", "tiers", "redemption", "rewards", "surveys", "display"});
    Program p;
    r.integer(doc, path, "version", false, 1, 1);  // only version 1 exists so far
    if (auto id = r.identifier(doc, path, "id", false)) p.id = *id;
    if (auto n = r.string(doc, path, "name", false)) p.name = *n;
    if (auto c = r.string(doc, path, "currency", true, 10)) {
        if (auto cur = find_currency(*c))
            p.currency = *cur;
        else
            r.fail(
                child_path(path, "currency"),
                "\"" + *c + "\" is not a supported ISO 4217 currency code (e.g. \"RUB\", \"USD\")",
                ErrorCode::not_allowed);
    }
    if (auto z = r.string(doc, path, "timezone", false, 10)) {
        if (auto zone = parse_zone(*z))
            p.zone = *zone;
        else
            r.fail(child_path(path, "timezone"),
                   "expected a UTC offset such as \"+03:00\" or \"UTC\"", ErrorCode::bad_format);
    }
    if (const json* earn = r.member(doc, path, "earn", true))
        read_earn(r, *earn, child_path(path, "earn"), p);
    if (const json* b = r.member(doc, path, "bonuses", false))
        read_bonuses(r, *b, child_path(path, "bonuses"), p.bonuses);
    if (const json* x = r.member(doc, path, "expiry", false))
        read_expiry(r, *x, child_path(path, "expiry"), p.expiry);
    if (const json* t = r.member(doc, path, "tiers", false))
        read_tiers(r, *t, child_path(path, "tiers"), p.tiers);
    check_earn_rule_tiers(r, child_path(child_path(path, "earn"), "rules"), p);
    if (const json* x = r.member(doc, path, "redemption", false))
        read_redemption(r, *x, child_path(path, "redemption"), p.redemption);
    if (const json* w = r.member(doc, path, "rewards", false))
        read_rewards(r, *w, child_path(path, "rewards"), p);
    if (const json* s = r.member(doc, path, "surveys", false)) {
        const std::string spath = child_path(path, "surveys");
        if (r.expect_array(*s, spath, 20)) {
            std::set<std::string> ids;
            for (size_t i = 0; i < s->size(); ++i) {
                auto settings = read_survey_settings(r, (*s)[i], child_path(spath, i));
                if (!settings) continue;
                if (!ids.insert(settings->id).second)
                    r.fail(child_path(child_path(spath, i), "id"), "duplicates another survey's id",
                           ErrorCode::duplicate);
                p.surveys.push_back(std::move(*settings));
            }
        }
    }
    if (const json* d = r.member(doc, path, "display", false))
        r.expect_object(*d, child_path(path, "display"));
    if (!errors.empty()) return errors;
    return p;
}

}  // namespace loyalty
