// Webhook deliveries in the store (schema 5, table webhook_deliveries): one row per signed
// delivery, kept whatever became of it, so a retry of the same delivery books nothing and the
// owner's report lists what was kept, pending or skipped. A pending row holds the refund request
// that waits for its order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "database.h"
#include "loyalty/date.h"

namespace loyalty::server {

struct StoredDelivery {
    std::string source;  // "generic", "shopify", "insales"
    std::string delivery_id;
    std::string topic;
    Instant received_at = 0;
    std::string outcome;  // booked, duplicate, pending, kept, skipped, ignored
    std::optional<std::string> order_id;
    std::optional<std::string> refund_id;
    std::optional<std::string> customer_id;
    std::string detail;
    std::optional<std::string> booking;  // pending: the refund request (JSON text)
    Instant updated_at = 0;
};

/** Records a delivery; false (and nothing written) when one with its source and id is stored
 *  already (two copies of one delivery arriving at once). */
bool insert_delivery(Connection& c, const StoredDelivery& d);

std::optional<StoredDelivery> find_delivery(Connection& c, std::string_view source,
                                            std::string_view delivery_id);

/** The pending refunds that wait for order `order_id`, oldest first. */
std::vector<StoredDelivery> pending_for_order(Connection& c, std::string_view order_id);

/** Settles a pending delivery: its new outcome, customer and detail; false when it was settled
 *  already (by another process booking the same order). */
bool settle_delivery(Connection& c, const StoredDelivery& d, std::string_view outcome,
                     const std::optional<std::string>& customer_id, std::string_view detail,
                     Instant now);

/** Deliveries, newest first, at most `limit`; with `outcome`, only those. */
std::vector<StoredDelivery> list_deliveries(Connection& c, int limit,
                                            std::optional<std::string> outcome = std::nullopt);

/** How many deliveries have each outcome: [(outcome, count)]. */
std::vector<std::pair<std::string, int64_t>> count_deliveries(Connection& c);

}  // namespace loyalty::server
