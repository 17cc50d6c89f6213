#include "earn_rules_json.h"

#include <algorithm>
#include <array>
#include <set>

#include "earn_rules.h"
#include "loyalty/checked.h"

namespace loyalty {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

// The name lists of a rule. One function reads them all (not a template per list): the widget's
// wasm carries the reader once.
enum class NameList { Categories, Products, Weekdays, Tiers };

// Why `name` cannot be in the list (and the kind of problem in `code`), or "" when it can. Tier
// ids are checked once tiers are read (check_earn_rule_tiers).
std::string refuse_name(NameList list, const std::string& name, const Program& p, ErrorCode& code) {
    const std::string quoted = "\"" + name + "\"";
    if (list == NameList::Categories) {
        auto it = p.earn.categories.find(name);
        code = ErrorCode::unknown_reference;
        if (it == p.earn.categories.end())
            return quoted + " is not in earn.categories; list it there (" + quoted +
                   ": {} earns at x1)";
        code = ErrorCode::conflict;
        if (it->second.excluded)
            return quoted + " is excluded in earn.categories, so this rule could never apply to it";
    }
    code = ErrorCode::not_allowed;
    if (list == NameList::Weekdays &&
        std::find(kWeekdays.begin(), kWeekdays.end(), name) == kWeekdays.end())
        return quoted +
               " is not a weekday; expected \"mon\", \"tue\", \"wed\", \"thu\", \"fri\", "
               "\"sat\" or \"sun\"";
    return {};
}

// A list of 1-64 character names (categories, skus, weekdays, tier ids), each at most once.
std::vector<std::string> read_names(JsonReader& r, const json& rule, std::string_view path,
                                    const char* key, NameList kind, const Program& p) {
    static constexpr const char* kWhat[] = {"a category name", "a product id (sku)", "a weekday",
                                            "a tier id"};
    std::vector<std::string> out;
    const json* list = r.member(rule, path, key, false);
    if (!list) return out;
    const std::string lpath = child_path(path, key);
    if (!r.expect_array(*list, lpath, 200)) return out;
    if (list->empty())
        r.fail(lpath, "an empty list matches nothing; leave the field out for all",
               ErrorCode::too_many);
    for (size_t k = 0; k < list->size(); ++k) {
        const json& v = (*list)[k];
        const std::string kpath = child_path(lpath, k);
        if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
            v.get_ref<const std::string&>().size() > 64) {
            r.fail(kpath, std::string("expected ") + kWhat[int(kind)] + " (1-64 characters)",
                   ErrorCode::bad_format);
            continue;
        }
        const std::string& name = v.get_ref<const std::string&>();
        if (std::find(out.begin(), out.end(), name) != out.end()) {
            r.fail(kpath, "\"" + name + "\" is listed twice", ErrorCode::duplicate);
            continue;
        }
        ErrorCode code = ErrorCode::invalid;
        if (std::string why = refuse_name(kind, name, p, code); !why.empty()) {
            r.fail(kpath, why, code);
            continue;
        }
        out.push_back(name);
    }
    return out;
}

void read_rule(JsonReader& r, const json& x, const std::string& path, Program& p, EarnRule& rule) {
    r.reject_unknown(
        x, path,
        {"id", "name", "kind", "points", "per_amount", "categories", "products", "min_order",
         "weekdays", "starts", "ends", "tiers", "first_order_only", "combine", "priority"});
    if (auto n = r.string(x, path, "name", false)) rule.name = *n;
    r.choice(x, path, "kind", kEarnRuleKindNames, rule.kind,
             "points per amount spent, or per unit");
    const bool rate = rule.kind == EarnRuleKind::Rate;
    if (auto v = r.integer(x, path, "points", true, 0, 1'000'000)) rule.points = *v;
    if (rate) {
        if (auto v = r.money(x, path, "per_amount", true, 1, kMaxAmount)) rule.per_amount = *v;
    } else if (r.member(x, path, "per_amount", false)) {
        r.fail(child_path(path, "per_amount"),
               "a \"per_unit\" rule earns its points per unit; leave \"per_amount\" out",
               ErrorCode::conflict);
    }
    rule.categories = read_names(r, x, path, "categories", NameList::Categories, p);
    rule.products = read_names(r, x, path, "products", NameList::Products, p);
    if (auto v = r.money(x, path, "min_order", false, 0, kMaxAmount)) rule.min_order = *v;
    rule.weekdays = 0;
    for (const auto& day : read_names(r, x, path, "weekdays", NameList::Weekdays, p))
        rule.weekdays |=
            uint8_t(1u << (std::find(kWeekdays.begin(), kWeekdays.end(), day) - kWeekdays.begin()));
    if (r.member(x, path, "starts", false))
        rule.starts = r.instant(x, path, "starts", true, p.zone);
    if (r.member(x, path, "ends", false)) rule.ends = read_end(r, x, path, "ends", p.zone);
    if (rule.starts && rule.ends && *rule.ends <= *rule.starts)
        r.fail(child_path(path, "ends"), "must be after \"starts\"", ErrorCode::out_of_order);
    rule.tiers = read_names(r, x, path, "tiers", NameList::Tiers, p);
    if (auto v = r.boolean(x, path, "first_order_only", false)) rule.first_order_only = *v;
    r.choice(x, path, "combine", kEarnCombineNames, rule.combine, "no later rule after it");
    if (r.member(x, path, "priority", false)) {
        if (auto v = r.integer(x, path, "priority", true, 0, 1000)) rule.priority = *v;
        if (rule.combine != EarnCombine::Exclusive)
            r.fail(child_path(path, "priority"),
                   "only an \"exclusive\" rule has a priority; set \"combine\": \"exclusive\"",
                   ErrorCode::conflict);
    }
}

}  // namespace

std::optional<Instant> read_end(JsonReader& r, const json& object, std::string_view path,
                                std::string_view key, Zone zone) {
    auto t = r.instant(object, path, key, true, zone);
    if (!t) return std::nullopt;
    const json* v = r.member(object, path, key, false);
    if (v && v->is_string() && v->get_ref<const std::string&>().size() == 10)
        t = *t + kSecondsPerDay;
    return t;
}

void read_earn_rules(JsonReader& r, const json& list, std::string_view path, Program& p) {
    if (!r.expect_array(list, path, kMaxEarnRules)) return;
    if (list.empty()) {
        r.fail(std::string(path), "needs at least one rule (or leave it out and use \"points\")",
               ErrorCode::too_many);
        return;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string ipath = child_path(path, i);
        if (!r.expect_object(list[i], ipath)) continue;
        EarnRule rule;
        if (auto id = r.identifier(list[i], ipath, "id", true)) {
            if (!ids.insert(*id).second)
                r.fail(child_path(ipath, "id"), "duplicates another rule's id",
                       ErrorCode::duplicate);
            rule.id = *id;
        }
        read_rule(r, list[i], ipath, p, rule);
        p.earn.rules.push_back(std::move(rule));
    }
}

void check_earn_rule_tiers(JsonReader& r, std::string_view path, const Program& p) {
    for (size_t i = 0; i < p.earn.rules.size(); ++i) {
        const auto& tiers = p.earn.rules[i].tiers;
        for (size_t k = 0; k < tiers.size(); ++k) {
            const bool known = std::any_of(p.tiers.levels.begin(), p.tiers.levels.end(),
                                           [&](const Tier& t) { return t.id == tiers[k]; });
            if (!known)
                r.fail(child_path(child_path(child_path(path, i), "tiers"), k),
                       "\"" + tiers[k] + "\" names no tier of this program",
                       ErrorCode::unknown_reference);
        }
    }
}

}  // namespace loyalty
