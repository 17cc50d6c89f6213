// A loyalty program as the core sees it after parsing program.json: plain data, exact numbers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/error.h"
#include "loyalty/money.h"
#include "loyalty/ratio.h"
#include "loyalty/survey.h"

namespace loyalty {

/** How one product category earns: a multiplier, or nothing at all. */
struct CategoryRule {
    Ratio multiplier = Ratio::one();
    bool excluded = false;
};

/** A time-boxed boost: a multiplier on matching lines and/or fixed points per qualifying order. */
struct Campaign {
    std::string id;
    std::string name;
    Instant starts = 0;  // inclusive
    Instant ends = 0;    // exclusive
    Ratio multiplier = Ratio::one();
    int64_t bonus_points = 0;
    std::vector<std::string> categories;  // empty: every category
};

// Each choice's names in the program's JSON, in the order of its enum: the reader and the
// validate summary both use them, so a name is spelt once.

enum class EarnBasis { Paid, Subtotal };
inline constexpr const char* kEarnBasisNames[] = {"paid", "subtotal"};

/** What `earn.rounding` rounds (docs/program.md#rounding): the order's exact sum once, each cart
 *  line's points after its multipliers, or each rule's points on a line before them (then the
 *  line). */
enum class RoundingPer { Order, Line, Rule };
inline constexpr const char* kRoundingPerNames[] = {"order", "line", "rule"};

/** How an earning rule earns on a line in its scope: a rate on the line's money, or fixed points
 *  per unit (10 points per copy of a book). */
enum class EarnRuleKind { Rate, PerUnit };
inline constexpr const char* kEarnRuleKindNames[] = {"rate", "per_unit"};

/** How a rule combines with the others that apply to the same line (docs/program.md). */
enum class EarnCombine { Stackable, Exclusive, Stop };
inline constexpr const char* kEarnCombineNames[] = {"stackable", "exclusive", "stop"};

/** One entry of `earn.rules`: what it earns, on which lines, under which order conditions. */
struct EarnRule {
    std::string id;
    std::string name;
    EarnRuleKind kind = EarnRuleKind::Rate;
    int64_t points = 0;                   // rate: per `per_amount` minor units; per_unit: per unit
    int64_t per_amount = 100;             // rate only
    std::vector<std::string> categories;  // scope: a line matches by category or by sku;
    std::vector<std::string> products;    // both empty: every line
    int64_t min_order = 0;                // minor units of the order's earn basis
    uint8_t weekdays = 0;                 // bit 0 Monday .. bit 6 Sunday, local; 0: every day
    std::optional<Instant> starts;        // inclusive
    std::optional<Instant> ends;          // exclusive
    std::vector<std::string> tiers;       // tier ids held before the order; empty: any
    bool first_order_only = false;
    EarnCombine combine = EarnCombine::Stackable;
    int64_t priority = 0;  // exclusive rules only: the highest wins, ties the earliest
};

/** earn.shipping and earn.tax: whether a part of the order earns. An enum, not a bool: reading it
 *  shares the code every other named choice uses (the widget's wasm is smaller for it). */
enum class Inclusion { Excluded, Included };
inline constexpr const char* kInclusionNames[] = {"excluded", "included"};

struct EarnRules {
    int64_t points = 1;  // `points` earned per `per_amount` minor units spent
    int64_t per_amount = 100;
    Rounding rounding = Rounding::Floor;
    RoundingPer rounding_per = RoundingPer::Order;
    EarnBasis basis = EarnBasis::Paid;
    int64_t min_order = 0;  // minor units; smaller orders earn no base points
    std::map<std::string, CategoryRule, std::less<>> categories;
    std::vector<Campaign> campaigns;
    std::vector<EarnRule> rules;  // empty: one rate of `points` per `per_amount` on every line
    Inclusion shipping = Inclusion::Excluded;  // "included": what is paid for shipping earns
    Inclusion tax = Inclusion::Included;       // "excluded": the tax of lines and shipping does not
};

struct Bonuses {
    int64_t signup = 0;
    int64_t first_purchase = 0;
    int64_t birthday = 0;
    int64_t review = 0;
    int64_t referral_referrer = 0;
    int64_t referral_referee = 0;
    int64_t referral_max_per_month = 0;  // referrer bonuses per calendar month; 0: no cap
};

/** Where a lot's last usable day is moved to (docs/program.md#expiry): the day itself, or the
 *  last day of its calendar month, quarter or year in the program's zone. */
enum class ExpiryEnd { None, Month, Quarter, Year };
inline constexpr const char* kExpiryEndNames[] = {"day", "month", "quarter", "year"};

/** Where a lot's points come from, for expiry.never_expire: a purchase, points a refund gave
 *  back, each bonus kind (in BonusKind's order), an adjustment. */
enum class LotSource {
    Purchase,
    Returned,
    Signup,
    Birthday,
    Review,
    ReferralReferrer,
    ReferralReferee,
    Adjustment
};
inline constexpr const char* kLotSourceNames[] = {
    "purchase", "returned",          "signup",           "birthday",
    "review",   "referral_referrer", "referral_referee", "adjustment"};

struct Expiry {
    int32_t days = 0;  // with at_end_of None, 0: points never expire
    ExpiryEnd at_end_of = ExpiryEnd::None;
    int32_t inactive_days = 0;  // > 0: a lot also goes this many days after the customer's last
                                // purchase or redemption (or its own earning, if later)
    int32_t warning_days = 30;
    uint32_t never_expire = 0;  // a bit per LotSource whose lots never expire, inactivity too

    bool expires() const { return days > 0 || at_end_of != ExpiryEnd::None; }
    bool lasting(LotSource s) const { return never_expire >> int(s) & 1; }
};

enum class TierBasis { Spend, Points };
inline constexpr const char* kTierBasisNames[] = {"spend", "points"};

/** How a tier is kept (docs/program.md#tiers): by what was bought over a rolling window
 *  (`window_days`, 0 for a lifetime), or by calendar year, a tier reached in one year being held
 *  until the end of the next. */
enum class TierRequalify { Rolling, CalendarYear };
inline constexpr const char* kTierRequalifyNames[] = {"rolling", "calendar_year"};

struct Tier {
    std::string id;
    std::string name;
    int64_t threshold = 0;  // minor units (spend) or points, depending on the basis
    Ratio multiplier = Ratio::one();
    std::vector<std::string> perks;
};

struct TierRules {
    TierBasis basis = TierBasis::Spend;
    int32_t window_days = 0;  // 0: lifetime (rolling only)
    TierRequalify requalify = TierRequalify::Rolling;
    int32_t grace_days = 0;    // a tier is kept this long after the amount falls below it (rolling)
    std::vector<Tier> levels;  // ascending thresholds; the first is 0
};

struct RedemptionRules {
    int64_t point_value = 100;  // minor units one point is worth
    int64_t min_points = 1;
    int64_t step = 1;
    Ratio max_share = Ratio::one();     // most of an order (subtotal) points may pay
    bool return_expired_codes = false;  // an expired, unused reward code gives its points back
};

enum class RewardKind { FixedDiscount, PercentDiscount, FreeShipping, FreeProduct };
inline constexpr const char* kRewardKindNames[] = {"fixed_discount", "percent_discount",
                                                   "free_shipping", "free_product"};

struct Reward {
    std::string id;
    std::string name;
    RewardKind kind = RewardKind::FixedDiscount;
    int64_t cost = 0;               // points
    int64_t value = 0;              // minor units (fixed discount, free product's price)
    Ratio percent = Ratio::zero();  // percent discount, as a ratio (0.1 for 10%)
    std::string product_id;         // free product
    int64_t min_order = 0;
    std::string min_tier;  // tier id; empty: any
    int code_days = 30;    // a claimed code is valid this many days
};

struct Program {
    std::string id;
    std::string name;
    Currency currency{"RUB", 2};
    Zone zone;
    EarnRules earn;
    Bonuses bonuses;
    Expiry expiry;
    TierRules tiers;
    RedemptionRules redemption;
    std::vector<Reward> rewards;
    std::vector<SurveySettings> surveys;
};

inline std::string_view reward_kind_name(RewardKind kind) { return kRewardKindNames[int(kind)]; }

}  // namespace loyalty
