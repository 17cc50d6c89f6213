// Referral codes and referrals in the store (schema 3): a shopper's one code, and one row per
// newcomer whose first order named a code (pending until the referrer's bonus is booked or capped).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "loyalty/date.h"

namespace loyalty::server {

/** The customer's referral code, if one was made. */
std::optional<std::string> referral_code_of(Connection& c, std::string_view customer_id);
void insert_referral_code(Connection& c, std::string_view code, std::string_view customer_id,
                          Instant at);
/** The customer whose code this is. */
std::optional<std::string> referrer_of_code(Connection& c, std::string_view code);

struct Referral {
    std::string referee_id;
    std::string referrer_id;
    std::string order_id;
    Instant at = 0;
    std::string month;  // "2026-06" in the programme's zone
    std::string state;  // pending, rewarded, capped
    int64_t referrer_points = 0;
};

void insert_referral(Connection& c, const Referral& r);
std::optional<Referral> find_referral(Connection& c, std::string_view referee_id);
void set_referral_state(Connection& c, std::string_view referee_id, std::string_view state,
                        int64_t points);
/** Referrer bonuses booked for `referrer_id` for referrals of `month`. */
int64_t rewarded_in_month(Connection& c, std::string_view referrer_id, std::string_view month);
/** Newcomers `referrer_id` brought whose referrer bonus is not settled yet. */
std::vector<std::string> pending_referees(Connection& c, std::string_view referrer_id);

struct ReferralStats {
    int64_t friends_joined = 0;  // newcomers whose first order named the code
    int64_t points_earned = 0;   // referrer bonuses booked
};
ReferralStats referral_stats(Connection& c, std::string_view referrer_id);

}  // namespace loyalty::server
