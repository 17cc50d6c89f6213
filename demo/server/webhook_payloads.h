// What a shop platform's webhook payload means for the ledger: Shopify's orders/paid and
// refunds/create, InSales' orders, and the generic envelope, each turned into the request body
// of POST /api/loyalty/orders or /api/loyalty/refunds (so bookings stay in one place,
// bookings.cpp), or into a reason not to book. Pure functions of the payload: no I/O, no clock.
// Money arrives as decimal text ("199.00") and becomes minor units of the programme's currency
// exactly, never through binary floating point.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "loyalty/error.h"
#include "loyalty/money.h"

namespace loyalty::server {

using nlohmann::json;

/** What a delivery asks for. */
enum class WebhookAction {
    BookOrder,   // `booking` is a body for POST /api/loyalty/orders
    BookRefund,  // `booking` is a body for POST /api/loyalty/refunds (its customer_id may be
                 // absent)
    Ignore,      // a topic or type that books nothing (answered 200, recorded, logged)
    Skip,        // an order that books nothing: unpaid, no customer, nothing refunded
    Keep,        // signed but not bookable as sent (another currency): kept for the owner
};

struct WebhookIntent {
    WebhookAction action = WebhookAction::Ignore;
    json booking;  // for BookOrder and BookRefund
    std::optional<std::string> order_id;
    std::optional<std::string> refund_id;
    std::optional<std::string> customer_id;
    std::string detail;  // a sentence for the owner: what it is, or why it books nothing
};

/** The programme's currency as the mapping needs it. */
struct MoneyRules {
    Currency currency;
};

/** Minor units of `rules.currency` in a decimal amount: a string ("199.00", "199", "0.5") or a
 *  JSON number (read as its shortest decimal text). Digits beyond the currency's exponent must be
 *  zeros ("199.000" is 19900 kopecks; "0.005" is refused, never rounded). Empty when it is not
 *  such an amount, negative, or over 10^15 minor units. */
std::optional<int64_t> decimal_to_minor(const json& value, const Currency& currency);

/** Shopify: `topic` from X-Shopify-Topic ("orders/paid", "refunds/create"; any other is
 *  ignored), `payload` the order or refund JSON. Errors name the payload's fields. */
Result<WebhookIntent> map_shopify(std::string_view topic, const json& payload,
                                  const MoneyRules& rules);

/** InSales: an order JSON (orders/create or orders/update), booked when financial_status is
 *  "paid"; a body without order_lines is not an order and is ignored. */
Result<WebhookIntent> map_insales(const json& payload, const MoneyRules& rules);

/** The generic envelope {id, type, currency?, data}: type "order.paid" (data as for POST
 *  /api/loyalty/orders) or "order.refunded" (as for POST /api/loyalty/refunds). `delivery_id`
 *  gets the envelope's id. */
Result<WebhookIntent> map_generic(const json& envelope, const MoneyRules& rules,
                                  std::string& delivery_id);

}  // namespace loyalty::server
