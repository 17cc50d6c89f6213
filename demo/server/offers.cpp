#include "offers.h"

#include <algorithm>

#include "audit.h"
#include "core_calls.h"
#include "ids.h"
#include "ledger_store.h"
#include "offer_store.h"
#include "request_body.h"

namespace loyalty::server {
namespace {

constexpr int kListedOffers = 200;
constexpr int kCurrentOffers = 20;
constexpr int64_t kMaxUses = 1'000'000;

/** Offer ids are the core's identifiers: they label the "why?" lines of the orders using them. */
bool valid_offer_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}
constexpr std::string_view kOfferIdWords = "an offer id: 1-64 of A-Z a-z 0-9 - _ .";

std::string offer_status(const StoredOffer& o, Instant now) {
    if (o.voided_at) return "voided";
    if (o.uses_limit && o.uses >= *o.uses_limit) return "used_up";
    if (now >= o.ends) return "ended";
    if (now < o.starts) return "scheduled";
    return "active";
}

json offer_json(const App& app, const StoredOffer& o, Instant now) {
    json out = json::parse(o.terms);  // written by give_offer from checked fields
    if (o.title) out["title"] = *o.title;
    out["starts"] = app.program().iso(o.starts);
    out["ends"] = app.program().iso(o.ends);
    out["uses"] = o.uses;
    out["uses_limit"] = o.uses_limit ? json(*o.uses_limit) : json(nullptr);
    out["status"] = offer_status(o, now);
    out["created_at"] = app.program().iso(o.created_at);
    if (o.voided_at) out["voided_at"] = app.program().iso(*o.voided_at);
    return out;
}

/** The terms as the core reads them in an order: with the window, so the core refuses an order
 *  outside it even when the server's checks are bypassed by a clock change. */
json terms_for_order(const App& app, const StoredOffer& o) {
    json t = json::parse(o.terms);
    t["starts"] = app.program().iso(o.starts);
    t["ends"] = app.program().iso(o.ends);
    return t;
}

/** The core's verdict on the terms alone: a one-line cart (with the gift's line) using them. */
Errors check_terms(App& app, const json& terms, Instant now) {
    const std::string sku = terms.contains("product_id") && terms["product_id"].is_string()
                                ? terms["product_id"].get<std::string>()
                                : std::string("probe");
    json cart = {{"lines", json::array({{{"sku", sku}, {"price", 100}}})},
                 {"offers", json::array({terms})}};
    json preview = core_preview(app.program(), json::object(), cart, now);
    if (core_ok(preview)) return {};
    Errors errors = core_errors(preview);
    const std::string prefix = "/cart/offers/0";
    for (auto& e : errors) {
        if (e.path.rfind(prefix, 0) == 0) e.path = e.path.substr(prefix.size());
    }
    return errors;
}

}  // namespace

Reply give_offer(App& app, const std::string& customer_id, const json& body,
                 const std::optional<std::string>& actor) {
    if (!valid_customer_id(customer_id))
        return error_reply(404, "", "no customer can have the id in this URL");
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"id", "kind", "percent", "multiplier", "product_id", "value", "title",
                      "starts", "ends", "uses", "reason"});
    auto id = r.string("id", true, 64, valid_offer_id, kOfferIdWords);
    auto kind = r.string("kind", true, 40);
    auto title = r.string("title", false, 200);
    auto starts_text = r.string("starts", false, 40);
    auto ends_text = r.string("ends", true, 40);
    auto uses = r.integer("uses", false, 1, kMaxUses);
    auto reason = r.string("reason", false, 500);
    if (!errors.empty()) return error_reply(400, errors);

    const Instant now = app.clock.now();
    std::optional<Instant> starts =
        starts_text ? parse_instant(*starts_text, app.program().zone) : now;
    std::optional<Instant> ends = parse_instant(*ends_text, app.program().zone);
    const std::string instant_words =
        "expected an ISO 8601 instant, e.g. 2026-12-12T00:00:00+03:00";
    if (!starts) errors.push_back({"/starts", instant_words, ErrorCode::bad_format});
    if (!ends)
        errors.push_back({"/ends", instant_words, ErrorCode::bad_format});
    else if (*ends <= now)
        errors.push_back(
            {"/ends",
             "is " + app.program().iso(*ends) + ", already past: the offer could never be used",
             ErrorCode::out_of_order});
    else if (starts && *ends <= *starts)
        errors.push_back({"/ends", "must be after starts (" + app.program().iso(*starts) + ")",
                          ErrorCode::out_of_order});
    if (!errors.empty()) return error_reply(400, errors);

    json terms = {{"id", *id}, {"kind", *kind}};
    for (const char* k : {"percent", "multiplier", "product_id", "value"})
        if (body.contains(k)) terms[k] = body[k];
    errors = check_terms(app, terms, now);
    if (!errors.empty()) return error_reply(400, errors);

    StoredOffer o;
    o.customer_id = customer_id;
    o.id = *id;
    o.terms = terms.dump();
    o.title = title;
    o.starts = *starts;
    o.ends = *ends;
    // A gift is given once unless the shop says otherwise; a discount serves its whole window.
    o.uses_limit = uses ? uses : (*kind == "gift" ? std::optional<int64_t>(1) : std::nullopt);
    o.created_at = now;
    // Why it was given is the audit log's, not the offer's: a repeat with another reason is a
    // repeat.
    json identity = body;
    identity.erase("reason");
    o.request_hash = request_hash(identity);

    auto gate = app.gate();  // before the connection, as book() takes them
    auto conn = app.pool->acquire();
    Transaction tx(*conn, {"customer:" + customer_id});
    if (auto prior = find_offer(*conn, customer_id, *id)) {
        if (prior->request_hash != o.request_hash) {
            return error_reply(409, "/id",
                               "offer " + *id + " was already given to customer " + customer_id +
                                   " with other terms; give a new offer another id");
        }
        return Reply{
            200, {{"ok", true}, {"duplicate", true}, {"offer", offer_json(app, *prior, now)}}, {}};
    }
    ensure_customer(*conn, customer_id, std::nullopt, now);
    insert_offer(*conn, o);
    if (actor) {
        json detail = terms;
        detail.erase("id");
        if (o.title) detail["title"] = *o.title;
        detail["starts"] = app.program().iso(o.starts);
        detail["ends"] = app.program().iso(o.ends);
        detail["uses_limit"] = o.uses_limit ? json(*o.uses_limit) : json(nullptr);
        record_action(*conn, now,
                      {*actor, customer_id, "offer_given", *id, reason, std::move(detail)});
    }
    tx.commit();
    app.logger.info("offer given", {{"customer_id", customer_id}, {"offer_id", *id}});
    return Reply{201,
                 {{"ok", true},
                  {"duplicate", false},
                  {"customer_id", customer_id},
                  {"offer", offer_json(app, o, now)}},
                 {}};
}

Reply list_offers_reply(App& app, const std::string& customer_id) {
    if (!valid_customer_id(customer_id))
        return error_reply(404, "", "no customer can have the id in this URL");
    const Instant now = app.clock.now();
    auto conn = app.pool->acquire();
    json list = json::array();
    for (const auto& o : list_offers(*conn, customer_id, kListedOffers))
        list.push_back(offer_json(app, o, now));
    return Reply{
        200, {{"ok", true}, {"customer_id", customer_id}, {"offers", std::move(list)}}, {}};
}

Reply void_offer_reply(App& app, const std::string& customer_id, const std::string& offer_id,
                       const json& body, const std::string& actor) {
    if (!valid_customer_id(customer_id) || !valid_offer_id(offer_id))
        return error_reply(404, "", "no such offer");
    Errors errors;
    FieldReader r(body, errors);
    r.reject_unknown({"reason"});
    auto reason = r.string("reason", false, 500);
    if (!errors.empty()) return error_reply(400, errors);
    const Instant now = app.clock.now();
    auto gate = app.gate();  // before the connection, as book() takes them
    auto conn = app.pool->acquire();
    Transaction tx(*conn, {"customer:" + customer_id});
    auto offer = find_offer(*conn, customer_id, offer_id);
    if (!offer)
        return error_reply(404, "", "customer " + customer_id + " has no offer " + offer_id);
    // A repeat answers the first void: voiding is idempotent.
    if (!offer->voided_at) {
        void_offer(*conn, customer_id, offer_id, now);
        offer->voided_at = now;
        json detail = json::parse(offer->terms);
        detail.erase("id");
        if (offer->title) detail["title"] = *offer->title;
        detail["uses"] = offer->uses;
        record_action(*conn, now,
                      {actor, customer_id, "offer_voided", offer_id, reason, std::move(detail)});
    }
    tx.commit();
    return Reply{200, {{"ok", true}, {"offer", offer_json(app, *offer, now)}}, {}};
}

json current_offers(App& app, Connection& conn, const std::string& customer_id, Instant now) {
    json list = json::array();
    for (const auto& o : list_offers(conn, customer_id, kCurrentOffers, now))
        list.push_back(offer_json(app, o, now));
    return list;
}

std::optional<Reply> attach_offers(App& app, Booking& b, const json& typed_ids) {
    if (!typed_ids.is_array() || typed_ids.size() > 10)
        return error_reply(400, "/offer_ids", "expected a list of at most 10 offer ids",
                           ErrorCode::too_many);
    std::vector<std::string> ids;
    Errors errors;
    for (size_t i = 0; i < typed_ids.size(); ++i) {
        const std::string path = "/offer_ids/" + std::to_string(i);
        const json& v = typed_ids[i];
        if (!v.is_string() || !valid_offer_id(v.get_ref<const std::string&>()))
            errors.push_back(
                {path, "expected " + std::string(kOfferIdWords), ErrorCode::bad_format});
        else if (std::find(ids.begin(), ids.end(), v.get<std::string>()) != ids.end())
            errors.push_back(
                {path, "repeats an offer: each applies once to an order", ErrorCode::duplicate});
        else
            ids.push_back(v.get<std::string>());
    }
    if (!errors.empty()) return error_reply(400, errors);
    if (ids.empty()) return std::nullopt;
    b.renames.emplace("/offers", "/offer_ids");
    b.checks.push_back([&app, &b, ids](Connection& conn,
                                       const json& status) -> std::optional<Reply> {
        const Instant at =
            parse_instant(status.value("now", ""), app.program().zone).value_or(app.clock.now());
        json terms = json::array();
        for (size_t i = 0; i < ids.size(); ++i) {
            const std::string path = "/offer_ids/" + std::to_string(i);
            auto o = find_offer(conn, b.customer_id, ids[i]);
            if (!o)
                return error_reply(422, path,
                                   "customer " + b.customer_id + " has no offer " + ids[i],
                                   ErrorCode::unknown_reference);
            if (o->voided_at) return error_reply(410, path, "offer " + ids[i] + " was voided");
            if (o->uses_limit && o->uses >= *o->uses_limit)
                return error_reply(410, path,
                                   "offer " + ids[i] + " was used up: " + std::to_string(o->uses) +
                                       " of " + std::to_string(*o->uses_limit) + " uses");
            if (at >= o->ends)
                return error_reply(410, path,
                                   "offer " + ids[i] + " ended at " + app.program().iso(o->ends));
            terms.push_back(
                terms_for_order(app, *o));  // one that has not started: the core says so
        }
        (*b.cart)["offers"] = terms;
        b.event["offers"] = terms;
        return std::nullopt;
    });
    b.on_booked.push_back(
        [&b, ids](Connection& conn, json& answer, Instant) -> std::optional<Reply> {
            for (const auto& id : ids) {
                if (!use_offer(conn, b.customer_id,
                               id))  // held under the customer's lock: cannot happen
                    return error_reply(409, "/offer_ids", "offer " + id + " was used up meanwhile");
            }
            answer["offer_ids"] = ids;
            return std::nullopt;
        });
    return std::nullopt;
}

}  // namespace loyalty::server
