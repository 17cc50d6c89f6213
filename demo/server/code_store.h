// Reward codes in the store (schema 3, table reward_codes): written in the transaction that books
// the claim's redemption, and closed (used, voided, expired) at most once, under the customer's
// lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "loyalty/date.h"

namespace loyalty::server {

struct StoredCode {
    std::string code;  // canonical
    std::string claim_id;
    std::string customer_id;
    std::string reward_id;
    int64_t points = 0;
    Instant created_at = 0;
    Instant expires_at = 0;
    std::string state = "active";  // active, used, voided, expired
    std::optional<std::string> order_id;
    std::optional<Instant> closed_at;
};

void insert_code(Connection& c, const StoredCode& code);

/** The code with this canonical text, if any. */
std::optional<StoredCode> find_code(Connection& c, std::string_view code);

/** A customer's codes, newest first, at most `limit`. */
std::vector<StoredCode> list_codes(Connection& c, std::string_view customer_id, int limit);

/** A customer's codes still marked active whose expiry is at or before `now`. */
std::vector<StoredCode> lapsed_codes(Connection& c, std::string_view customer_id, Instant now);

/** Moves an active code to `state` ("used", "voided", "expired"); false when it was not active
 *  (someone closed it first). */
bool close_code(Connection& c, std::string_view code, std::string_view state,
                const std::optional<std::string>& order_id, Instant at);

}  // namespace loyalty::server
