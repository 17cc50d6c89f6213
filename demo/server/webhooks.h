// Order webhooks (docs/server.md, "Order webhooks"): the shop's platform tells the server an order
// was paid or refunded, and the server books it as POST /api/loyalty/orders and /refunds would.
// Each endpoint checks its own signature over the exact bytes read, refuses (and logs) what is
// unsigned, stale or unreadable, records every signed delivery (webhook_store.h) so a retry books
// nothing, keeps what it cannot book for the owner's report rather than failing, and holds a
// refund whose order is not booked yet until that order arrives.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

/** POST /api/webhooks/generic: X-Loyalty-Signature "t=<unix seconds>,v1=<hex HMAC-SHA256 of
 *  "<t>.<body>">" under --webhook-secret, t within kWebhookTolerance of the server's clock; body
 *  {id, type: "order.paid" | "order.refunded", currency?, data}. */
Reply generic_webhook(App& app, const httplib::Request& req, const std::string& body,
                      const std::string& request_id);

/** POST /api/webhooks/shopify: X-Shopify-Hmac-Sha256 (base64 of HMAC-SHA256 of the body under
 *  --shopify-secret), X-Shopify-Topic, X-Shopify-Webhook-Id. */
Reply shopify_webhook(App& app, const httplib::Request& req, const std::string& body,
                      const std::string& request_id);

/** POST /api/webhooks/insales/{secret}: InSales signs nothing, so the URL carries
 *  --insales-secret (compared in constant time). */
Reply insales_webhook(App& app, const httplib::Request& req, const std::string& body,
                      std::string_view secret, const std::string& request_id);

/** GET /api/admin/webhooks (admin): counts by outcome, what needs the owner (kept, pending), the
 *  latest deliveries, and the calls refused since start. Query: outcome, limit (1-500, 50). */
Reply webhook_report(App& app, const httplib::Request& req);

/** Books the refunds that waited for order `order_id` (after it was booked, whichever way it
 *  came). Each is settled once, even when two processes book the order at once. */
void book_pending_refunds(App& app, const std::string& order_id);

/** The request path as logs may show it: the InSales URL's secret replaced by "***". */
std::string loggable_path(const std::string& path);

/** How far a generic webhook's timestamp may stand from the server's clock, in seconds. */
inline constexpr int64_t kWebhookTolerance = 300;

inline constexpr std::string_view kInsalesPrefix = "/api/webhooks/insales/";

}  // namespace loyalty::server
