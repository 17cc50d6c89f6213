// The core's typed C++ API (docs/api.md, "C++ callers"): parse a programme once, then ask for a
// customer's status or a cart's preview as many times as needed, with typed results. The JSON
// operations of api.h (status_json, preview_json) are thin adapters over these functions, so both
// give the same numbers and the same errors; the *_json_text functions give a result's JSON form,
// byte for byte what those operations answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/error.h"
#include "loyalty/ledger.h"
#include "loyalty/program.h"

namespace loyalty {

/** Parses and validates program.json text. Error paths point into the programme ("/earn/rate"),
 *  as validate_json gives them. Parse once, use for every call: a Program is plain data, safe to
 *  share between threads for reading. */
Result<Program> parse_program(std::string_view program_json);

/** Parses a customer document {id, state?, events?} (api.md, "status") under `program`'s zone.
 *  Error paths start with "/customer", as in a status request. */
Result<Customer> parse_customer(std::string_view customer_json, const Program& program);

/** Parses a cart document {lines, shipping?, discount?, points_redeemed?, rewards?, offers?,
 *  order_id?} as a purchase at `at`. Error paths start with "/cart". */
Result<Event> parse_cart(std::string_view cart_json, const Program& program, Instant at);

/** A customer's status as of an instant: what status_json answers. */
struct StatusResult {
    std::string customer_id;
    Instant now = 0;
    Status status;                     // history: at most `history_limit` newest entries
    size_t history_limit = 20;         // entries the JSON form shows
    std::optional<LedgerState> state;  // with include_state: the state to continue from
};

struct StatusOptions {
    size_t history_limit = 20;   // newest history entries kept (status_json's "history_limit")
    bool include_state = false;  // also return the ledger state (as of the last event)
};

/** Replays `customer` under `program` up to `now`. Fails as replay_ledger() does (paths under
 *  "/customer"). */
Result<StatusResult> status(const Program& program, const Customer& customer, Instant now,
                            StatusOptions options = {});

/** What a cart would earn and could redeem, computed by booking it on a copy of the customer's
 *  ledger at `now`: what preview_json answers. Amounts in minor units, points as integers. */
struct PreviewResult {
    int64_t subtotal = 0;         // sum of price x quantity
    int64_t shipping = 0;         // the cart's shipping
    int64_t discount = 0;         // the cart's own discount
    int64_t points_redeemed = 0;  // points the cart pays with
    int64_t total = 0;            // what is left to pay, shipping included
    int64_t points_earned = 0;
    std::vector<ExplanationLine> explanation;  // of points_earned
    int64_t max_points = 0;                    // the most points this cart could take
    int64_t max_discount = 0;                  // max_points at their value
    int64_t total_after_max = 0;               // the total if max_points were used
    int64_t balance_before = 0, balance_after = 0;
    std::optional<TierStatus> tier_before, tier_after;  // absent without tiers
    struct Applied {
        std::string id;  // reward or offer id
        int64_t goods = 0;
        int64_t shipping = 0;
    };
    std::vector<Applied> rewards_applied;  // the rewards whose codes the cart uses
    int64_t reward_discount = 0;
    std::vector<Applied> offers_applied;  // the personal offers the cart uses
    int64_t offer_discount = 0;
    int64_t shipping_discount = 0;  // rewards' and offers' free shipping
};

/** Previews `cart` (a purchase, from parse_cart; taken by value: move it in) for `customer` (no
 * events: a guest). Errors: the customer's under "/customer", the cart's under "/cart"
 * ("/cart/points_redeemed" for too many points). */
Result<PreviewResult> preview(const Program& program, const Customer& customer, Event cart,
                              Instant now);

/** The JSON text status_json answers for this result ({"ok": true, ...}). */
std::string status_json_text(const Program& program, const StatusResult& result);
/** The JSON text preview_json answers for this result ({"ok": true, ...}). */
std::string preview_json_text(const Program& program, const PreviewResult& result);
/** The JSON text of a failure: {"ok": false, "errors": [{path, message}]}. */
std::string errors_json_text(const Errors& errors);

}  // namespace loyalty
