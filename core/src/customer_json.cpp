#include "customer_json.h"

#include <algorithm>

#include "earn_rules_json.h"
#include "ledger_state_json.h"
#include "loyalty/checked.h"

namespace loyalty {
namespace {

constexpr size_t kMaxEvents = 200'000;
constexpr size_t kMaxLines = 1'000;
constexpr size_t kMaxRewardsPerOrder = 10;
constexpr size_t kMaxOffersPerOrder = 10;
constexpr int64_t kMaxPoints = kMaxAmount;
const Ratio kMaxOfferMultiplier{100 * Ratio::kScale};

void read_lines(JsonReader& r, const json& doc, std::string_view path, Event& e) {
    const json* lines = r.member(doc, path, "lines", true);
    if (!lines) return;
    const std::string lpath = child_path(path, "lines");
    if (!r.expect_array(*lines, lpath, kMaxLines)) return;
    for (size_t i = 0; i < lines->size(); ++i) {
        const json& l = (*lines)[i];
        const std::string ipath = child_path(lpath, i);
        if (!r.expect_object(l, ipath)) continue;
        OrderLine line;
        if (auto v = r.string(l, ipath, "sku", true, 64)) line.sku = *v;
        if (auto v = r.string(l, ipath, "category", false, 64)) line.category = *v;
        if (auto v = r.money(l, ipath, "price", true, 0, kMaxAmount)) line.price = *v;
        if (auto v = r.integer(l, ipath, "quantity", false, 1, 100'000)) line.quantity = *v;
        if (auto v = r.money(l, ipath, "tax", false, 0, kMaxAmount)) line.tax = *v;
        e.lines.push_back(std::move(line));
    }
}

/** One offer's terms: {id, kind, percent | multiplier | product_id (+ value), starts?, ends?}. */
void read_offer(JsonReader& r, const json& x, const std::string& path, Zone zone, Offer& o) {
    r.reject_unknown(
        x, path, {"id", "kind", "percent", "multiplier", "product_id", "value", "starts", "ends"});
    if (auto id = r.identifier(x, path, "id", true)) o.id = *id;
    // An unknown kind requires no terms: only the kind is refused.
    std::optional<OfferKind> kind;
    if (r.choice(x, path, "kind", kOfferKindNames, o.kind, "", true)) kind = o.kind;
    if (auto pc =
            r.ratio(x, path, "percent", kind == OfferKind::PercentOff, Ratio::zero(), Ratio::one()))
        o.percent = *pc;
    if (auto m = r.ratio(x, path, "multiplier", kind == OfferKind::PointsMultiplier, Ratio::one(),
                         kMaxOfferMultiplier))
        o.multiplier = *m;
    if (auto pid = r.string(x, path, "product_id", kind == OfferKind::Gift, 64))
        o.product_id = *pid;
    if (auto v = r.money(x, path, "value", false, 0, kMaxAmount)) o.value = *v;
    o.starts = r.instant(x, path, "starts", false, zone);
    o.ends = r.instant(x, path, "ends", false, zone);
    if (o.starts && o.ends && *o.ends <= *o.starts)
        r.fail(child_path(path, "ends"), "must be after starts", ErrorCode::out_of_order);
}

void read_offers(JsonReader& r, const json& doc, std::string_view path, Zone zone, Event& e) {
    const json* offers = r.member(doc, path, "offers", false);
    if (!offers) return;
    const std::string opath = child_path(path, "offers");
    if (!r.expect_array(*offers, opath, kMaxOffersPerOrder)) return;
    for (size_t i = 0; i < offers->size(); ++i) {
        const std::string ipath = child_path(opath, i);
        if (!r.expect_object((*offers)[i], ipath)) continue;
        Offer o;
        read_offer(r, (*offers)[i], ipath, zone, o);
        const bool repeated = std::any_of(e.offers.begin(), e.offers.end(),
                                          [&](const Offer& x) { return x.id == o.id; });
        if (repeated && !o.id.empty())
            r.fail(child_path(ipath, "id"), "repeats an offer: each applies once to an order",
                   ErrorCode::duplicate);
        e.offers.push_back(std::move(o));
    }
}

void read_purchase_money(JsonReader& r, const json& doc, std::string_view path, Zone zone,
                         Event& e) {
    read_lines(r, doc, path, e);
    if (auto v = r.money(doc, path, "shipping", false, 0, kMaxAmount)) e.shipping = *v;
    if (auto v = r.money(doc, path, "shipping_tax", false, 0, kMaxAmount)) e.shipping_tax = *v;
    // Whether tax fits what includes it is checked with the sums (purchase_totals).
    e.taxes_included = r.boolean(doc, path, "taxes_included", false).value_or(true);
    if (auto v = r.money(doc, path, "discount", false, 0, kMaxAmount)) e.discount = *v;
    if (auto v = r.integer(doc, path, "points_redeemed", false, 0, kMaxPoints))
        e.points_redeemed = *v;
    if (const json* rewards = r.member(doc, path, "rewards", false)) {
        const std::string rpath = child_path(path, "rewards");
        if (r.expect_array(*rewards, rpath, kMaxRewardsPerOrder)) {
            for (size_t i = 0; i < rewards->size(); ++i) {
                const json& id = (*rewards)[i];
                if (!id.is_string() || id.get_ref<const std::string&>().empty() ||
                    id.get_ref<const std::string&>().size() > 64) {
                    r.fail(child_path(rpath, i), "expected a reward id (text of 1-64 bytes)",
                           ErrorCode::wrong_type);
                    continue;
                }
                e.rewards.push_back(id.get<std::string>());
            }
        }
    }
    read_offers(r, doc, path, zone, e);
}

void read_event(JsonReader& r, const json& doc, const std::string& path, Zone zone, Event& e) {
    const bool typed = r.choice(doc, path, "type", kEventTypeNames, e.type, "", true);
    if (auto at = r.instant(doc, path, "at", true, zone)) e.at = *at;
    if (auto id = r.string(doc, path, "id", false, 64)) e.id = *id;
    if (!typed) return;
    switch (e.type) {
        case EventType::Purchase:
            if (auto id = r.string(doc, path, "order_id", true, 64)) e.id = *id;
            read_purchase_money(r, doc, path, zone, e);
            break;
        case EventType::Refund:
            if (auto id = r.string(doc, path, "order_id", true, 64)) e.order_id = *id;
            if (auto v = r.money(doc, path, "amount", true, 1, kMaxAmount)) e.amount = *v;
            break;
        case EventType::Redemption:
            if (auto v = r.integer(doc, path, "points", true, 1, kMaxPoints)) e.points = *v;
            if (auto v = r.string(doc, path, "reward_id", false, 64)) e.reward_id = *v;
            break;
        case EventType::Bonus:
            r.choice(doc, path, "kind", kBonusKindNames, e.bonus, "", true);
            break;
        case EventType::Adjustment:
            if (auto v = r.integer(doc, path, "points", true, -kMaxPoints, kMaxPoints)) {
                if (*v == 0)
                    r.fail(child_path(path, "points"), "an adjustment of 0 points changes nothing",
                           ErrorCode::out_of_range);
                e.points = *v;
            }
            if (auto v = r.string(doc, path, "reason", true, 500)) e.reason = *v;
            break;
        case EventType::Tier:
            // A floor set by hand: a tier id (null or absent removes the floor); until an instant
            // (a bare date covers that whole day) after the event.
            if (auto v = r.identifier(doc, path, "tier_id", false)) e.tier_id = *v;
            if (r.member(doc, path, "until", false)) {
                e.until = read_end(r, doc, path, "until", zone);
                if (e.until && *e.until <= e.at)
                    r.fail(child_path(path, "until"), "must be after \"at\"",
                           ErrorCode::out_of_order);
            }
            if (auto v = r.string(doc, path, "reason", true, 500)) e.reason = *v;
            break;
    }
}

}  // namespace

Result<Customer> parse_customer_json(const json& doc, std::string_view path, Zone zone) {
    Errors errors;
    JsonReader r(errors);
    if (!r.expect_object(doc, path)) return errors;
    Customer c;
    if (auto id = r.string(doc, path, "id", false, 128)) c.id = *id;
    if (const json* state = r.member(doc, path, "state", false)) {
#ifdef LOYALTY_WIDGET_CORE
        // Reading states costs the widget more than its byte budget has left (docs/performance.md,
        // "Widget size"); the widget replays events until its core sheds the JSON DOM (issue 10).
        (void)state;
        r.fail(child_path(path, "state"),
               "is not in the widget module; send the events, or use the calculator module",
               ErrorCode::not_allowed);
#else
        auto parsed = parse_ledger_state_json(*state, child_path(path, "state"), zone);
        if (parsed.ok())
            c.state = std::move(parsed.value());
        else
            errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
#endif
    }
    if (const json* events = r.member(doc, path, "events", false)) {
        const std::string epath = child_path(path, "events");
        if (r.expect_array(*events, epath, kMaxEvents)) {
            c.events.reserve(events->size());
            for (size_t i = 0; i < events->size(); ++i) {
                const std::string ipath = child_path(epath, i);
                const json& ev = (*events)[i];
                if (!r.expect_object(ev, ipath)) continue;
                Event e;
                read_event(r, ev, ipath, zone, e);
                c.events.push_back(std::move(e));
                if (errors.size() > 100) break;  // enough to fix; the rest would repeat
            }
        }
    }
    if (!errors.empty()) return errors;
    return c;
}

Result<Event> parse_cart_json(const json& doc, std::string_view path, Instant at, Zone zone) {
    Errors errors;
    JsonReader r(errors);
    if (!r.expect_object(doc, path)) return errors;
    Event e;
    e.type = EventType::Purchase;
    e.at = at;
    e.id = "cart";
    if (auto id = r.string(doc, path, "order_id", false, 64)) e.id = *id;
    read_purchase_money(r, doc, path, zone, e);
    if (!errors.empty()) return errors;
    return e;
}

std::optional<Instant> read_now(JsonReader& r, const json& request, Zone zone) {
    return r.instant(request, "", "now", true, zone);
}

}  // namespace loyalty
