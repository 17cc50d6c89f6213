// Personal offers in the store (schema 4, table offers): given once per customer and offer id,
// counted when an order uses one (in that order's transaction), voided at most once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "loyalty/date.h"

namespace loyalty::server {

struct StoredOffer {
    std::string customer_id;
    std::string id;
    std::string terms;  // the core's offer document, as JSON text
    std::optional<std::string> title;
    Instant starts = 0;
    Instant ends = 0;
    std::optional<int64_t> uses_limit;
    int64_t uses = 0;
    Instant created_at = 0;
    std::optional<Instant> voided_at;
    std::string request_hash;
};

void insert_offer(Connection& c, const StoredOffer& offer);

std::optional<StoredOffer> find_offer(Connection& c, std::string_view customer_id,
                                      std::string_view id);

/** A customer's offers, the latest ending first, at most `limit`; with `current_at`, only those
 *  not voided, not used up and not ended by then. */
std::vector<StoredOffer> list_offers(Connection& c, std::string_view customer_id, int limit,
                                     std::optional<Instant> current_at = std::nullopt);

/** Counts one use; false when the offer is voided or used up (someone took the last use first). */
bool use_offer(Connection& c, std::string_view customer_id, std::string_view id);

/** Voids an offer; false when it was voided already. */
bool void_offer(Connection& c, std::string_view customer_id, std::string_view id, Instant at);

}  // namespace loyalty::server
