// The ledger state: continuing from a snapshot gives exactly what replaying every event gives.
// Random programs and histories are booked three ways and must agree to the last byte of the
// status: all events at once; the first k events, a state, then the rest; and one event at a
// time from the previous state with the order records kept apart, as the server books.
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "customer_json.h"
#include "ledger_state_json.h"
#include "loyalty/date.h"
#include "program_json.h"
#include "test_helpers.h"

using loyalty::test::errors_text;
using loyalty::test::has_error_at;
using loyalty::test::json;
using loyalty::test::run;

namespace {

const loyalty::Zone kZone{3 * 3600};

std::string iso(loyalty::Instant t) { return loyalty::format_instant(t, kZone); }

struct Case {
    json program;
    std::vector<json> events;  // each accepted by a full replay
    loyalty::Instant now = 0;
};

json random_program(std::mt19937& rng) {
    auto pick = [&](std::initializer_list<int> options) {
        std::vector<int> v(options);
        return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
    };
    const char* roundings[] = {"floor", "ceil", "half_up", "half_even"};
    const char* pers[] = {"order", "line", "rule"};  // earn.rounding_per
    json program = {
        {"currency", "RUB"},
        {"timezone", "+03:00"},
        {"earn",
         {{"points", pick({1, 3, 5, 7})},
          {"per_amount", pick({10000, 3300, 100})},
          {"rounding", roundings[rng() % 4]},
          {"rounding_per", pers[rng() % 3]},
          {"basis", rng() % 2 ? "paid" : "subtotal"},
          {"min_order", pick({0, 0, 30000})},
          {"categories", {{"books", {{"multiplier", "1.5"}}}, {"gifts", {{"excluded", true}}}}}}},
        {"bonuses",
         {{"signup", 100}, {"first_purchase", pick({0, 200})}, {"birthday", 300}, {"review", 50}}},
        {"redemption",
         {{"point_value", 100}, {"min_points", 1}, {"step", 1}, {"max_share", "50%"}}},
    };
    // What earns: the shipping too (earn.shipping), the tax not (earn.tax), in some programmes.
    if (rng() % 3 == 0) program["earn"]["shipping"] = "included";
    if (rng() % 3 == 0) program["earn"]["tax"] = "excluded";
    if (rng() % 3 == 0) {
        // earn.rules instead of the one rate: explanation lines then name their rule, which the
        // state's printer and reader must carry.
        json& earn = program["earn"];
        earn.erase("points");
        earn.erase("per_amount");
        json rules = json::array();
        rules.push_back({{"id", "base"}, {"points", pick({1, 5})}, {"per_amount", 10000}});
        rules.push_back({{"id", "books-per-copy"},
                         {"name", "10 per copy \"книги\""},
                         {"kind", "per_unit"},
                         {"points", 10},
                         {"categories", {"books"}}});
        rules.push_back({{"id", "weekend"},
                         {"points", 3},
                         {"per_amount", 3300},
                         {"weekdays", {"sat", "sun"}},
                         {"combine", rng() % 2 ? "stackable" : "stop"}});
        if (rng() % 2)
            rules.push_back({{"id", "first"},
                             {"points", 20},
                             {"per_amount", 10000},
                             {"first_order_only", true},
                             {"combine", "exclusive"},
                             {"priority", 5}});
        earn["rules"] = std::move(rules);
    }
    // Expiry: never, a number of days, or (expiry.at_end_of) moved on to the end of the month,
    // quarter or year, with or without days; in a third of the programmes also after some days
    // without a purchase or redemption (events come 0 to 12 days apart, so that happens often).
    const char* ends[] = {"day", "month", "quarter", "year"};
    const char* end = ends[rng() % 4];
    const int inactive_days = rng() % 3 == 0 ? pick({1, 10, 20}) : 0;
    if (const int days = pick({0, 1, 7, 30});
        days > 0 || std::string(end) != "day" || inactive_days > 0)
        program["expiry"] = {{"days", days},
                             {"at_end_of", end},
                             {"inactive_days", inactive_days},
                             {"warning_days", 3}};
    // In half of those, some sources never expire (expiry.never_expire): their lots are spent
    // last, and a state marks them.
    if (program.contains("expiry") && rng() % 2) {
        json lasting = json::array();
        for (const char* source :
             {"purchase", "returned", "signup", "birthday", "review", "adjustment"})
            if (rng() % (std::string(source) == "purchase" ? 5 : 2) == 0) lasting.push_back(source);
        if (!lasting.empty()) program["expiry"]["never_expire"] = std::move(lasting);
    }
    if (rng() % 4 != 0) {
        program["tiers"] = {
            {"basis", rng() % 2 ? "spend" : "points"},
            {"window_days", pick({0, 14, 60})},
            {"levels",
             {{{"id", "base"}, {"name", "Base"}, {"threshold", 0}},
              {{"id", "silver"}, {"name", "Silver"}, {"threshold", 5000}, {"multiplier", "1.25"}},
              {{"id", "gold"}, {"name", "Gold"}, {"threshold", 200000}, {"multiplier", "2"}}}}};
        // A third by calendar year (random_case then starts in October, so 1 January passes
        // with last year's tier held and last year's orders refunded).
        if (rng() % 3 == 0) {
            program["tiers"]["window_days"] = 0;
            program["tiers"]["requalify"] = "calendar_year";
        } else if (rng() % 2 == 0 && program["tiers"]["window_days"] != 0) {
            // A downgrade waits some days (tiers.grace_days): the state keeps what left the
            // window within them.
            program["tiers"]["grace_days"] = pick({1, 5, 30});
        }
    }
    return program;
}

json status_of(const json& program, const json& customer, loyalty::Instant now, bool include_state,
               int history_limit = 50) {
    json request = {{"program", program},
                    {"customer", customer},
                    {"now", iso(now)},
                    {"history_limit", history_limit}};
    if (include_state) request["include_state"] = true;
    return run("status", request);
}

/** A random history of `n` candidate events; those a full replay refuses are left out. */
Case random_case(uint32_t seed, size_t n) {
    std::mt19937 rng(seed);
    Case c;
    c.program = random_program(rng);
    auto program = loyalty::parse_program_json(c.program, "");
    REQUIRE(program.ok());
    loyalty::Ledger ledger(program.value(), 0);
    const bool by_year = c.program.contains("tiers") && c.program["tiers"].contains("requalify");
    // 2026-01-01T00:00:00+03:00 or 2026-10-01T00:00:00+03:00, local midnights
    loyalty::Instant t = by_year ? 1790802000 : 1767214800;
    std::map<std::string, int64_t> unrefunded;  // order id -> merchandise not yet refunded
    std::vector<json> accepted;
    for (size_t i = 0; i < n; ++i) {
        switch (rng() % 5) {
            case 0:
                break;  // the same instant
            case 1:
                t += 86'400 - (t + 3 * 3600) % 86'400;
                break;  // the next local midnight
            default:
                t += std::uniform_int_distribution<int64_t>(1, 12 * 86'400)(rng);
        }
        json e;
        const int kind = int(rng() % 20);
        if (kind < 11 || unrefunded.empty()) {
            const std::string id = "o" + std::to_string(i);
            json lines = json::array();
            int64_t subtotal = 0;
            for (int l = 0, k = 1 + int(rng() % 3); l < k; ++l) {
                const char* categories[] = {"", "books", "gifts"};
                const int64_t price = std::uniform_int_distribution<int64_t>(1, 80'000)(rng);
                const int64_t quantity = 1 + int64_t(rng() % 3);
                subtotal += price * quantity;
                lines.push_back({{"sku", "s" + std::to_string(l)},
                                 {"category", categories[rng() % 3]},
                                 {"price", price},
                                 {"quantity", quantity}});
                if (rng() % 2) lines.back()["tax"] = price * quantity / 6;  // 20% VAT inside
            }
            e = {{"type", "purchase"}, {"order_id", id}, {"at", iso(t)}, {"lines", lines}};
            if (rng() % 2) e["shipping"] = int64_t(rng() % 50'000);
            if (rng() % 4 == 0) e["taxes_included"] = false;
            if (rng() % 3 == 0) e["points_redeemed"] = int64_t(rng() % 120);
            if (rng() % 5 == 0) e["discount"] = int64_t(rng() % 5000);
            unrefunded[id] = subtotal;
        } else if (kind < 15) {
            auto it = unrefunded.begin();
            std::advance(it, rng() % unrefunded.size());
            if (it->second == 0) continue;
            const int64_t amount =
                rng() % 2 ? it->second : std::uniform_int_distribution<int64_t>(1, it->second)(rng);
            e = {{"type", "refund"},
                 {"order_id", it->first},
                 {"at", iso(t)},
                 {"amount", amount},
                 {"id", "r" + std::to_string(i)}};
        } else if (kind < 16) {
            e = {{"type", "redemption"},
                 {"at", iso(t)},
                 {"points", 1 + int64_t(rng() % 200)},
                 {"reward_id", "w"}};
        } else if (kind < 18) {
            const char* kinds[] = {"signup", "birthday", "review"};
            e = {{"type", "bonus"}, {"at", iso(t)}, {"kind", kinds[rng() % 3]}};
        } else if (kind == 18 && c.program.contains("tiers")) {
            // A tier set by hand (a floor), for some days or with no end, or removed.
            const char* levels[] = {"base", "silver", "gold"};
            e = {
                {"type", "tier"}, {"id", "f" + std::to_string(i)}, {"at", iso(t)}, {"reason", "r"}};
            e["tier_id"] = rng() % 4 == 0 ? json(nullptr) : json(levels[rng() % 3]);
            if (rng() % 2) e["until"] = iso(t + int64_t(1 + rng() % 40) * 86'400);
        } else {
            e = {{"type", "adjustment"},
                 {"at", iso(t)},
                 {"points", int64_t(rng() % 400) - 150},
                 {"reason", "r"}};
            if (e["points"] == 0) e["points"] = 7;
        }
        // The ledger refuses some (an overdraw, a second sign-up bonus): they are left out.
        auto event = loyalty::parse_customer_json({{"events", {e}}}, "", kZone);
        REQUIRE_MESSAGE(event.ok(), e.dump());
        if (!ledger.apply(event.value().events.at(0)).ok()) continue;
        accepted.push_back(e);
        if (e["type"] == "refund")
            unrefunded[e["order_id"].get<std::string>()] -= e["amount"].get<int64_t>();
    }
    c.events = std::move(accepted);
    c.now = t + std::uniform_int_distribution<int64_t>(0, 40 * 86'400)(rng);
    return c;
}

json slice(const std::vector<json>& events, size_t from, size_t to) {
    return json(
        std::vector<json>(events.begin() + ptrdiff_t(from), events.begin() + ptrdiff_t(to)));
}

/** The ids of orders `event` needs the record of: a refund's order, a purchase's own id. */
std::string order_named_by(const json& event) { return event.value("order_id", ""); }

/** The state printed straight from its fields is the very text its tree dumps to. */
void check_state_text(const json& state) {
    auto parsed = loyalty::parse_ledger_state_json(state, "", kZone);
    REQUIRE_MESSAGE(parsed.ok(), errors_text(loyalty::errors_document(parsed.errors())));
    CHECK(loyalty::ledger_state_text(parsed.value(), kZone) == loyalty::dump_json(state));
}

}  // namespace

TEST_SUITE("ledger state") {
    TEST_CASE(
        "status from a state and the events after it equals the full replay, split anywhere") {
        for (uint32_t seed = 1; seed <= 40; ++seed) {
            const Case c = random_case(seed, 40);
            CAPTURE(seed);
            const json full =
                status_of(c.program, {{"id", "c"}, {"events", c.events}}, c.now, false);
            REQUIRE_MESSAGE(full["ok"] == true, errors_text(full));
            for (size_t k = 0; k <= c.events.size(); ++k) {
                CAPTURE(k);
                const loyalty::Instant at =
                    k == 0
                        ? 1767214800
                        : *loyalty::parse_instant(c.events[k - 1]["at"].get<std::string>(), kZone);
                json first = status_of(c.program, {{"id", "c"}, {"events", slice(c.events, 0, k)}},
                                       at, true);
                REQUIRE_MESSAGE(first["ok"] == true, errors_text(first));
                json rest = status_of(c.program,
                                      {{"id", "c"},
                                       {"state", first["state"]},
                                       {"events", slice(c.events, k, c.events.size())}},
                                      c.now, false);
                REQUIRE_MESSAGE(rest["ok"] == true, errors_text(rest));
                CHECK(rest == full);
            }
        }
    }

    TEST_CASE(
        "booking one event at a time from the stored state, order records kept apart, equals the "
        "full replay") {
        int lasting_states = 0;  // states holding a lot of expiry.never_expire beside others
        for (uint32_t seed = 100; seed < 160; ++seed) {
            const Case c = random_case(seed, 60);
            CAPTURE(seed);
            json state;  // null: no state yet
            std::map<std::string, json> order_store;
            for (size_t i = 0; i < c.events.size(); ++i) {
                CAPTURE(i);
                const json& e = c.events[i];
                json customer = {{"id", "c"}, {"events", json::array({e})}};
                if (!state.is_null()) {
                    json s = state;
                    s["orders"] = json::object();
                    const std::string id = order_named_by(e);
                    if (order_store.count(id)) s["orders"][id] = order_store[id];
                    customer["state"] = s;
                }
                const loyalty::Instant at =
                    *loyalty::parse_instant(e["at"].get<std::string>(), kZone);
                json r = status_of(c.program, customer, at, true);
                REQUIRE_MESSAGE(r["ok"] == true, errors_text(r));
                state = r["state"];
                check_state_text(state);
                const auto& lots = state["lots"];
                const auto lasting = std::count_if(lots.begin(), lots.end(), [](const json& l) {
                    return l.contains("never_expires");
                });
                if (lasting > 0 && size_t(lasting) < lots.size()) ++lasting_states;
                for (const auto& [id, record] : state["orders"].items()) order_store[id] = record;
                // The state stays small: no more orders than the one event named.
                CHECK(state["orders"].size() <= 1);
            }
            json customer = {{"id", "c"}, {"events", json::array()}};
            if (!state.is_null()) customer["state"] = state;
            for (int limit : {0, 20, 50}) {
                CAPTURE(limit);
                json full =
                    status_of(c.program, {{"id", "c"}, {"events", c.events}}, c.now, false, limit);
                json continued = status_of(c.program, customer, c.now, false, limit);
                REQUIRE_MESSAGE(continued["ok"] == true, errors_text(continued));
                CHECK(continued == full);
            }
            // A preview from the state equals a preview from the events.
            const json cart = {
                {"lines",
                 {{{"sku", "x"}, {"category", "books"}, {"price", 123456}, {"quantity", 1}}}}};
            json p_full = run("preview", {{"program", c.program},
                                          {"customer", {{"id", "c"}, {"events", c.events}}},
                                          {"cart", cart},
                                          {"now", iso(c.now)}});
            json p_state = run("preview", {{"program", c.program},
                                           {"customer", customer},
                                           {"cart", cart},
                                           {"now", iso(c.now)}});
            CHECK(p_state == p_full);
        }
        CHECK(lasting_states > 50);  // the mixed case is exercised, not just possible
    }

    TEST_CASE("a preview of each purchase earns exactly what booking it earned (random cases)") {
        int compared = 0;
        for (uint32_t seed = 300; seed < 330; ++seed) {
            const Case c = random_case(seed, 30);
            CAPTURE(seed);
            for (size_t i = 0; i < c.events.size(); ++i) {
                const json& e = c.events[i];
                if (e["type"] != "purchase") continue;
                CAPTURE(i);
                json cart = e;
                for (const char* k : {"type", "at", "order_id"}) cart.erase(k);
                const json before = {{"id", "c"}, {"events", slice(c.events, 0, i)}};
                const json preview = run("preview", {{"program", c.program},
                                                     {"customer", before},
                                                     {"cart", cart},
                                                     {"now", e["at"]}});
                // A preview holds points to redemption.max_share; a booking records what was paid.
                if (preview["ok"] == false &&
                    preview["errors"][0]["path"] == "/cart/points_redeemed")
                    continue;
                REQUIRE_MESSAGE(preview["ok"] == true, errors_text(preview));
                ++compared;
                const json booked =
                    status_of(c.program, {{"id", "c"}, {"events", slice(c.events, 0, i + 1)}},
                              *loyalty::parse_instant(e["at"].get<std::string>(), kZone), false, 1);
                REQUIRE_MESSAGE(booked["ok"] == true, errors_text(booked));
                const json& entry = booked["history"].at(0);
                REQUIRE(entry["type"] == "purchase");
                CHECK(preview["earn"]["points"] == entry["points"]);
            }
        }
        CHECK(compared > 300);
    }

    TEST_CASE("a state's history keeps the newest 50 entries and counts them all") {
        json program = {{"currency", "RUB"},
                        {"timezone", "+03:00"},
                        {"earn", {{"points", 5}, {"per_amount", 10000}}}};
        json events = json::array();
        for (int i = 0; i < 120; ++i)
            events.push_back({{"type", "adjustment"},
                              {"at", iso(1767214800 + i * 60)},
                              {"points", 1},
                              {"reason", "r" + std::to_string(i)}});
        json r = status_of(program, {{"id", "c"}, {"events", events}}, 1767214800 + 7200, true);
        REQUIRE(r["ok"] == true);
        CHECK(r["state"]["history"].size() == 50);
        CHECK(r["state"]["history_total"] == 120);
        CHECK(r["state"]["history"][0]["reason"] == "r70");
        CHECK(r["state"]["totals"]["balance"] == 120);
        CHECK(r["state"]["lots"].size() == 120);  // no expiry: every lot stays open
    }

    TEST_CASE("spent and expired lots and tier contributions that left the window are not kept") {
        json program = {{"currency", "RUB"},
                        {"timezone", "+03:00"},
                        {"earn", {{"points", 5}, {"per_amount", 10000}}},
                        {"expiry", {{"days", 30}}},
                        {"tiers",
                         {{"basis", "spend"},
                          {"window_days", 30},
                          {"levels",
                           {{{"id", "a"}, {"name", "A"}, {"threshold", 0}},
                            {{"id", "b"}, {"name", "B"}, {"threshold", 100000}}}}}}};
        json events = json::array();
        // One 1,000.00 order every 10 days for 1,000 days: 100 orders, 50 points each.
        for (int i = 0; i < 100; ++i) {
            events.push_back({{"type", "purchase"},
                              {"order_id", "o" + std::to_string(i)},
                              {"at", iso(1767214800 + int64_t(i) * 10 * 86'400)},
                              {"lines", {{{"sku", "a"}, {"price", 100000}}}}});
        }
        const loyalty::Instant last = 1767214800 + int64_t(99) * 10 * 86'400;
        json r = status_of(program, {{"id", "c"}, {"events", events}}, last, true);
        REQUIRE(r["ok"] == true);
        const json& s = r["state"];
        // Lots earned on days 960, 970, 980 and 990 are alive at day 990 (30 days and the rest
        // of the day): 4 lots of 50 points; the tier window (30 days) holds days 970-990.
        CHECK(s["lots"].size() == 4);
        CHECK(s["totals"]["balance"] == 200);
        CHECK(s["lot_count"] == 100);
        CHECK(s["tier_window"]["entries"].size() == 3);
        CHECK(s["tier_window"]["sum"] == 300000);
        CHECK(s["tier_window"]["count"] == 100);
        CHECK(s["orders"].size() == 100);
    }

    TEST_CASE(
        "a refund of an order whose record the state lacks is refused at the refund, not guessed") {
        json program = {{"currency", "RUB"},
                        {"timezone", "+03:00"},
                        {"earn", {{"points", 5}, {"per_amount", 10000}}}};
        json first = status_of(program,
                               {{"id", "c"},
                                {"events",
                                 {{{"type", "purchase"},
                                   {"order_id", "o1"},
                                   {"at", iso(1767214800)},
                                   {"lines", {{{"sku", "a"}, {"price", 100000}}}}}}}},
                               1767214800, true);
        REQUIRE(first["ok"] == true);
        json state = first["state"];
        state["orders"] = json::object();
        json r = status_of(program,
                           {{"id", "c"},
                            {"state", state},
                            {"events",
                             {{{"type", "refund"},
                               {"order_id", "o1"},
                               {"at", iso(1767214900)},
                               {"amount", 100}}}}},
                           1767215000, false);
        CHECK(r["ok"] == false);
        CHECK(has_error_at(r, "/customer/events/0/order_id"));
    }

    TEST_CASE("a state printed as text escapes what the shop wrote and prints absent values null") {
        loyalty::LedgerState s;  // no last_at, no as_of: both null
        s.signed_up = true;
        s.totals.balance = 7;
        s.totals.adjusted = -3;
        s.totals.history_total = 2;
        s.lot_count = 4;
        s.lots.push_back({3, 1767214800, std::nullopt, 7, "ord \"1\"\\"});
        s.tier_count = 2;
        s.tier_sum = 12345;
        s.tier_entries.push_back({1, 1767214800, 12345});
        loyalty::HistoryEntry h;
        h.at = 1767214800;
        h.type = "adjustment";
        h.id = "Заказ №1 / ü";
        h.points = -3;
        h.balance = 7;
        h.uncollected = 2;
        h.reason = "\"<b>\"";
        h.explanation.push_back(
            {"bonus", "tab\there", "кат", 990, loyalty::Ratio{1'500'000}, {7, 3}});
        h.explanation.push_back({"rounding", "", "", std::nullopt, std::nullopt, {-1, 1}});
        h.explanation.push_back(
            {"per_unit", "s-1", "книги", 1500, std::nullopt, {20, 1}, "books-per-copy"});
        s.totals.history.push_back(h);
        s.orders["z/\"quoted\""] = {100, 90, 5, 0, 0, 0, 0, 0, std::nullopt, 1};
        s.orders["a"] = {1, 1, 0, 0, 0, 0, 0, 0, 3, std::nullopt};
        const std::string text = loyalty::ledger_state_text(s, kZone);
        CHECK(text == loyalty::dump_json(loyalty::ledger_state_json(s, kZone)));
        // Read back, it prints the same again: nothing is lost on the way through the store.
        auto back = loyalty::parse_ledger_state_json(json::parse(text), "", kZone);
        REQUIRE_MESSAGE(back.ok(), errors_text(loyalty::errors_document(back.errors())));
        CHECK(loyalty::ledger_state_text(back.value(), kZone) == text);
        CHECK(text.find(R"("as_of":null)") != std::string::npos);
        CHECK(text.find(R"("reason":"\"<b>\"")") != std::string::npos);
        CHECK(text.find(R"("points":"7/3")") != std::string::npos);
        CHECK(text.find(R"("points":"20","rule":"books-per-copy")") != std::string::npos);
        // Control characters (which the readers refuse anyway) are escaped as dump() escapes them.
        s.lots[0].source = "a\x01\n\t\x1f\x7f";
        CHECK(loyalty::ledger_state_text(s, kZone) ==
              loyalty::dump_json(loyalty::ledger_state_json(s, kZone)));
        CHECK(loyalty::ledger_state_text(s, kZone).find(R"("source":"a\u0001\n\t\u001f)") !=
              std::string::npos);
    }
}
