// A customer's events and their replay into a status: balance, lots, lifetime totals, tier,
// history.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/error.h"
#include "loyalty/program.h"

namespace loyalty {

struct OrderLine {
    std::string sku;
    std::string category;
    int64_t price = 0;  // minor units per item
    int64_t quantity = 1;
    int64_t tax = 0;  // minor units of tax on the line: part of price x quantity unless the
                      // order's taxes_included is false (then on top of it)
};

// The names in JSON, in the enums' order.
enum class EventType { Purchase, Refund, Redemption, Bonus, Adjustment, Tier };
inline constexpr const char* kEventTypeNames[] = {"purchase", "refund",     "redemption",
                                                  "bonus",    "adjustment", "tier"};
enum class BonusKind { Signup, Birthday, Review, ReferralReferrer, ReferralReferee };
inline constexpr const char* kBonusKindNames[] = {"signup", "birthday", "review",
                                                  "referral_referrer", "referral_referee"};
enum class OfferKind { PercentOff, FreeShipping, Gift, PointsMultiplier };
inline constexpr const char* kOfferKindNames[] = {"percent_off", "free_shipping", "gift",
                                                  "points_multiplier"};

/** A personal offer the shop gave one customer, copied with its terms into each purchase it
 *  applies to: the ledger keeps no offers, so a later change to one never rewrites history. */
struct Offer {
    std::string id;
    OfferKind kind = OfferKind::PercentOff;
    Ratio percent = Ratio::zero();    // percent_off, as a ratio (0.25 for 25%)
    Ratio multiplier = Ratio::one();  // points_multiplier
    std::string product_id;           // gift: one unit of this line is free
    std::optional<int64_t> value;     // gift: at most this many minor units (absent: its price)
    std::optional<Instant> starts;    // the purchase must be at or after this...
    std::optional<Instant> ends;      // ...and before this
};

/** One thing that happened to a customer. Which fields matter depends on `type`. */
struct Event {
    EventType type = EventType::Purchase;
    Instant at = 0;
    std::string id;  // purchase: order id; others: optional event id
    // purchase
    std::vector<OrderLine> lines;
    int64_t shipping = 0;              // minor units; earns only under earn.shipping "included"
    int64_t shipping_tax = 0;          // tax on the shipping, as a line's tax
    bool taxes_included = true;        // prices and shipping include their tax (else it is added)
    int64_t discount = 0;              // minor units of coupons or rewards applied to the order
    int64_t points_redeemed = 0;       // points paid with on this order
    std::vector<std::string> rewards;  // ids of the rewards whose codes this order uses
    std::vector<Offer> offers;         // personal offers this order uses, with their terms
    // refund
    std::string order_id;
    int64_t amount = 0;  // minor units of merchandise refunded
    // redemption (a reward claimed with points), adjustment
    int64_t points = 0;  // adjustment: signed; redemption: cost
    std::string reward_id;
    std::string reason;
    // bonus
    BonusKind bonus = BonusKind::Signup;
    // tier: the floor the shop sets by hand ("" removes it), in force until `until` (absent: no
    // end); `reason` as for an adjustment
    std::string tier_id;
    std::optional<Instant> until;
};

/** A parcel of points earned together, expiring as one. Spent soonest-expiring first: lots that
 *  expire go oldest first (they expire in earning order), those of expiry.never_expire last. */
struct Lot {
    uint64_t index = 0;  // the lot's place among all the customer ever earned
    Instant earned_at = 0;
    std::optional<Instant> expires_at;  // absent: never
    int64_t points = 0;                 // remaining
    std::string source;                 // event id that created it
    bool lasting = false;               // from a source of expiry.never_expire: never goes
};

/** One line of an explanation. Points are exact (a fraction) until the "rounding" line. Kinds:
 *  "base" (a line's points at the base rate on its paid share), "excluded", "category",
 *  "campaign", "tier" (the extra points a multiplier added), "min_order" (base points withheld),
 *  "rounding", "campaign_bonus", "first_purchase", "bonus", "adjustment", "refund",
 *  "redeemed_returned", "redeemed_on_order", "reward", "expiry", "inactivity" (a lot gone after
 *  expiry.inactive_days without a purchase or redemption), "offer" (the extra points a
 *  personal offer's multiplier added; label: the offer's id). Labels are ids from the program or
 * the request, never prose. */
struct ExplanationLine {
    std::string kind;
    std::string label;     // sku, category, campaign id, tier id, rounding mode, bonus kind
    std::string category;  // "base"/"excluded": the line's category
    std::optional<int64_t> amount;  // minor units the line applied to
    std::optional<Ratio> factor;    // multipliers
    Fraction points;                // signed, exact
    std::string rule = {};  // earn.rules id of a "base"/"per_unit" line; "= {}" lets others omit it
};

struct HistoryEntry {
    Instant at = 0;
    std::string type;  // purchase, refund, redemption, bonus, adjustment, expiry, ...
    std::string id;
    int64_t points = 0;       // signed change of the balance
    int64_t balance = 0;      // after the entry
    int64_t uncollected = 0;  // points a refund could not take back (the balance was too low)
    std::vector<ExplanationLine> explanation;
    std::string reason;  // an adjustment's reason, as the shop wrote it
};

struct TierStatus {
    // Thresholds and multipliers live in the program; this holds where the customer stands.
    int32_t index = 0;       // into program.tiers.levels
    int64_t qualifying = 0;  // spend (minor units) or points in the window
    std::optional<int32_t> next_index;
    int64_t remaining = 0;             // to the next tier
    double fraction = 1.0;             // progress from this tier's threshold to the next, in [0, 1]
    std::optional<Instant> lapses_at;  // when the tier is lost if nothing more is bought
    std::optional<int32_t> floor_index;  // the floor the shop set, while it is in force
    std::optional<Instant> floor_until;  // when that floor ends (absent: no end)
};

struct Status {
    int64_t balance = 0;
    std::vector<Lot> lots;
    int64_t expiring_soon = 0;           // points expiring within the warning window
    std::optional<Instant> next_expiry;  // earliest lot expiry
    int64_t earned = 0, redeemed = 0, expired = 0, clawed_back = 0, adjusted = 0;
    int64_t uncollected = 0;            // refund points that could not be taken back
    std::optional<TierStatus> tier;     // absent when the program has no tiers
    std::vector<HistoryEntry> history;  // chronological; the newest entries only, when the
                                        // ledger keeps a limited tail
    uint64_t history_total = 0;         // entries ever recorded
    int64_t purchases = 0;
};

/** What the ledger remembers of a booked order so that a refund undoes exactly what it did. */
struct OrderRecord {
    int64_t subtotal = 0;
    int64_t paid = 0;
    int64_t earned = 0;                  // points the order earned (all bonuses included)
    int64_t points_redeemed = 0;         // points spent on it
    int64_t refunded = 0;                // merchandise refunded so far, minor units
    int64_t clawed_back = 0;             // earned points taken back so far (collected or not)
    int64_t returned = 0;                // redeemed points given back so far
    int64_t paid_refunded = 0;           // qualifying spend removed so far
    std::optional<uint64_t> lot;         // Lot::index its points went to
    std::optional<uint64_t> tier_entry;  // its contribution to the tier window
    friend bool operator==(const OrderRecord&, const OrderRecord&) = default;
};

/** One contribution to the tier window that has not left it yet. */
struct TierEntry {
    uint64_t handle = 0;  // order of addition among all contributions
    Instant at = 0;
    int64_t amount = 0;
};

/** Everything a ledger needs to go on booking without its past events: open lots, the tier
 *  window, the counters, the newest history entries and the orders a refund may name. Continuing
 *  from a snapshot gives exactly what replaying every event gives (docs/api.md, "Ledger state").
 *  A state belongs to the program that made it: under another program, replay the events. */
struct LedgerState {
    std::optional<Instant> last_at;    // the last event booked
    std::optional<Instant> as_of;      // lots were expired up to here (>= last_at)
    std::optional<Instant> active_at;  // the last purchase or redemption (expiry.inactive_days)
    bool signed_up = false;
    Status totals;           // counters, history tail, history_total; lots and tier unused
    std::vector<Lot> lots;   // non-empty lots, by index
    uint64_t lot_count = 0;  // lots ever created (the next lot's index)
    std::vector<TierEntry> tier_entries;  // by handle; empty for a lifetime window
    uint64_t tier_count = 0;              // contributions ever added (the next handle)
    int64_t tier_sum = 0;                 // qualifying amount in the window
    std::string tier_floor;               // the tier id the shop set as a floor ("" none)
    std::optional<Instant> tier_floor_until;
    /** The orders known to the state by id. A caller that keeps them elsewhere may pass only
     *  those the next events name (a refund's order, a purchase's own id). */
    std::map<std::string, OrderRecord> orders;
};

/** A customer: an optional state to continue from, then the events after it. */
struct Customer {
    std::string id;
    std::optional<LedgerState> state;
    std::vector<Event> events;  // chronological, none before the state's as_of
};

/** History entries a ledger keeps in its state (the newest; a status shows at most these when
 *  it comes from a state). */
inline constexpr size_t kStateHistory = 50;
/** A ledger that keeps every history entry. */
inline constexpr size_t kAllHistory = SIZE_MAX;
/** Counters (balance, lifetime totals, the tier window) never pass this: 10^18 points. */
inline constexpr int64_t kMaxCounter = 1'000'000'000'000'000'000;

/** The incremental form of replay(): apply events one at a time (the metrics replay uses
 *  it). Holds a reference to `program`, which must outlive it. */
class Ledger {
  public:
    /** Keeps the newest `history_limit` history entries (0: none and no explanations, for bulk
     *  replays; kAllHistory: every one). */
    explicit Ledger(const Program& program, size_t history_limit = kAllHistory);
    /** Continues from `state`; fails, naming the field under "", when the state is not one a
     *  ledger can be in (lots not adding up to the balance, indices out of order, ...). */
    static Result<Ledger> resume(const Program& program, LedgerState state,
                                 size_t history_limit = kStateHistory);
    ~Ledger();
    Ledger(Ledger&&) noexcept;
    Ledger& operator=(Ledger&&) noexcept;

    /** Expires lots due by `t`, then books `event`. Fails, changing nothing, when the event is
     *  earlier than the previous one, refers to an unknown order, overdraws, or overflows. */
    Result<bool> apply(const Event& event);
    /** Expires every lot due by `t` (the ledger is then "as of" t). */
    void advance_to(Instant t);
    int64_t balance() const;
    /** Advances to `now` (>= the last event) and reports the status as of then. */
    Status status(Instant now);
    /** The state to continue from later; with the order records it knows. */
    LedgerState snapshot() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/** When `expiry.inactive_days` take a lot earned at `earned_at` from a customer whose last
 *  purchase or redemption was at `active_at` (the later of the two starts the count); absent when
 *  the program sets no inactivity. */
std::optional<Instant> inactivity_due(const Program& program, std::optional<Instant> active_at,
                                      Instant earned_at);

/** The most points an order with `subtotal` minor units, of which `discount` is already taken off,
 *  can be paid with: limited by the balance, the program's share of what is left to pay for the
 *  goods, the minimum and the step; 0 when below the minimum. Points never pay for shipping, so the
 *  order's total after them is never negative. */
int64_t max_redeemable_points(const Program& program, int64_t balance, int64_t subtotal,
                              int64_t discount = 0);

/** Why `points` cannot pay an order that takes at most `max_points` under `program`'s step and
 *  minimum, or "" when it can; `code` says which: out_of_range (under the minimum), not_allowed
 *  (off the step) or not_enough_points (over what the cart or the balance allows). */
std::string redemption_refusal(const Program& program, int64_t points, int64_t max_points,
                               ErrorCode& code);

/** Replays `customer` under `program` up to `now`: resumes from its state, if any, then books its
 *  events. Fails (naming the event) on events out of order or after `now`, unknown orders,
 *  refunds over the paid amount, overdrawn redemptions, and amounts whose arithmetic would
 *  overflow; fails at "/customer/state/..." on an inconsistent state. */
Result<Ledger> replay_ledger(const Program& program, const Customer& customer, Instant now,
                             size_t history_limit = kAllHistory);

/** replay_ledger(), then the status as of `now`. */
Result<Status> replay(const Program& program, const Customer& customer, Instant now);

}  // namespace loyalty
