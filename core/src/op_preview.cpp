// preview: what a cart would earn and could redeem, computed by booking it on a copy of the
// customer's ledger, so the preview and the booking can never disagree.
#include "customer_json.h"
#include "earning.h"
#include "loyalty/api.h"
#include "operation.h"
#include "request_common.h"
#include "status_json.h"

namespace loyalty {
namespace {

json tier_ref(const Program& p, const std::optional<TierStatus>& t) {
    if (!t) return nullptr;
    const Tier& tier = p.tiers.levels[size_t(t->index)];
    json out;
    out["id"] = tier.id;
    out["name"] = tier.name;
    return out;
}

/** [{<id_key>, goods, shipping}] for what each reward or offer took off. */
json applied_json(const std::vector<AppliedDiscount>& applied, const char* id_key) {
    json out = json::array();
    for (const auto& used : applied) {
        json& item = out.emplace_back();
        item[id_key] = used.id;
        item["goods"] = used.goods;
        item["shipping"] = used.shipping;
    }
    return out;
}

}  // namespace

std::string preview_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        Errors errors;
        auto [program, now, zone] = read_program_and_now(doc, errors);
        JsonReader r(errors);
        Customer customer;  // a guest has no events
        if (const json* c = r.member(doc, "", "customer", false)) {
            auto parsed = parse_customer_json(*c, "/customer", zone);
            if (parsed.ok())
                customer = std::move(parsed.value());
            else
                errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
        }
        std::optional<Event> cart;
        if (const json* c = r.member(doc, "", "cart", true)) {
            auto parsed = parse_cart_json(*c, "/cart", now.value_or(0), zone);
            if (parsed.ok())
                cart = std::move(parsed.value());
            else
                errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
        }
        if (!errors.empty()) return errors_document(errors);
        const Program& p = *program;
        const Event& cart_event = *cart;

        // One ledger: the status before, then the cart booked on it at "now". It keeps one history
        // entry, the cart's, however long the customer's history is.
        auto ledger = replay_ledger(p, customer, *now, 1);
        if (!ledger.ok()) return errors_document(ledger.errors());
        const Status before = ledger.value().status(*now);
        // The cart's totals without its points, so that too many points are refused with the
        // most the cart can take rather than with the subtotal they exceed.
        // (The points are set aside rather than the event copied: a copy of an Event costs the
        // widget's module its own code.)
        const int64_t requested_points = cart->points_redeemed;
        cart->points_redeemed = 0;
        auto totals = purchase_totals(p, *cart, "/cart");
        cart->points_redeemed = requested_points;
        if (!totals.ok()) return errors_document(totals.errors());
        const PurchaseTotals& t = totals.value();
        const int64_t subtotal = t.subtotal;
        // The rewards' codes and the offers come off before points, so points pay only what is
        // left.
        const int64_t money_off_before_points =
            cart_event.discount + t.reward_discount + t.offer_discount;
        const int64_t max_points =
            max_redeemable_points(p, before.balance, subtotal, money_off_before_points);
        if (auto refusal = redemption_refusal(p, cart_event.points_redeemed, max_points);
            !refusal.empty())
            return errors_document({{"/cart/points_redeemed", refusal}});
        auto booked_ok = ledger.value().apply(cart_event);
        if (!booked_ok.ok()) {
            Errors errs = booked_ok.errors();
            for (auto& e : errs) e.path = "/cart" + e.path;
            return errors_document(errs);
        }
        const Status after = ledger.value().status(*now);
        const Status& b = before;
        const Status& a = after;
        const HistoryEntry& booked = a.history.back();
        const int64_t max_discount = max_points * p.redemption.point_value;
        const int64_t redeemed_money = cart_event.points_redeemed * p.redemption.point_value;
        const int64_t shipping_due = cart_event.shipping - t.shipping_discount;
        const int64_t total = subtotal - money_off_before_points - redeemed_money + shipping_due;
        // Member by member rather than one initializer list: nlohmann's nested initializer lists
        // cost the widget's module more code (json objects keep their keys sorted either way).
        json answer;
        answer["ok"] = true;
        answer["currency"] = p.currency.code;
        answer["subtotal"] = subtotal;
        answer["shipping"] = cart_event.shipping;
        answer["discount"] = cart_event.discount;
        answer["points_redeemed"] = cart_event.points_redeemed;
        answer["total"] = total;
        json& earn = answer["earn"];
        earn["points"] = booked.points;
        earn["explanation"] = explanation_json(booked.explanation);
        json& redeem = answer["redeem"];
        redeem["max_points"] = max_points;
        redeem["max_discount"] = max_discount;
        redeem["total_after_max"] =
            subtotal - money_off_before_points - max_discount + shipping_due;
        redeem["point_value"] = p.redemption.point_value;
        redeem["min_points"] = p.redemption.min_points;
        redeem["step"] = p.redemption.step;
        redeem["max_share"] = format_ratio(p.redemption.max_share);
        answer["balance_before"] = b.balance;
        answer["balance_after"] = a.balance;
        answer["tier_before"] = tier_ref(p, b.tier);
        answer["tier_after"] = tier_ref(p, a.tier);
        answer["tier_changed"] = b.tier && a.tier && b.tier->index != a.tier->index;
        answer["rewards"] = rewards_json(p, b.balance, b.tier ? b.tier->index : -1, subtotal);
        // Only for carts with rewards or offers, so answers for carts without them stay as they
        // were.
        if (!t.applied.empty()) {
            answer["rewards_applied"] = applied_json(t.applied, "reward_id");
            answer["reward_discount"] = t.reward_discount;
        }
        if (!t.offers_applied.empty()) {
            answer["offers_applied"] = applied_json(t.offers_applied, "offer_id");
            answer["offer_discount"] = t.offer_discount;
        }
        if (!t.applied.empty() || !t.offers_applied.empty())
            answer["shipping_discount"] = t.shipping_discount;
        return answer;
    });
}

}  // namespace loyalty
