#include "reminders.h"

#include <algorithm>
#include <limits>

#include "code_store.h"
#include "core_calls.h"
#include "ids.h"
#include "ledger_replay.h"
#include "ledger_store.h"
#include "reward_code.h"

namespace loyalty::server {
namespace {

/** A whole number in [min, max] from a query parameter, `fallback` when absent. */
std::optional<int> parameter(const std::string& text, int min, int max, int fallback) {
    if (text.empty()) return fallback;
    if (text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int v = std::stoi(text);
    if (v < min || v > max) return std::nullopt;
    return v;
}

/** Up to `limit` customers after `after`, by id. */
std::vector<std::pair<std::string, std::optional<std::string>>> customer_page(
    Connection& c, const std::string& after, int limit) {
    auto s = c.prepare("SELECT id, name FROM customers WHERE id > ? ORDER BY id LIMIT ?");
    s.bind(1, after).bind(2, int64_t(limit));
    std::vector<std::pair<std::string, std::optional<std::string>>> out;
    while (s.step())
        out.emplace_back(s.text(0), s.is_null(1) ? std::nullopt : std::optional(s.text(1)));
    return out;
}

/** The customer as the core reads it: their ledger state (stored, else replayed from the events
 *  under the versions that booked them; a read never writes), or null when the core refuses it. */
json ledger_document(App& app, Connection& c, const std::string& id) {
    auto state = state_of(app, c, id);
    if (!state) return nullptr;
    state->state["orders"] = json::object();
    return {{"id", id}, {"state", std::move(state->state)}};
}

std::string csv_cell(std::string text) {
    // A cell starting with = + - @ (or a tab or CR) is a formula to a spreadsheet: shown as text.
    if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos)
        text.insert(0, "'");
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

}  // namespace

Reply reminders(App& app, const ReminderQuery& q) {
    Errors errors;
    const auto within = parameter(q.within_days, 1, 365, 7);
    if (!within)
        errors.push_back({"/within_days", "expected a whole number of days from 1 to 365",
                          ErrorCode::out_of_range});
    const auto limit = parameter(q.limit, 1, 5000, 1000);
    if (!limit)
        errors.push_back({"/limit", "expected a whole number of customers from 1 to 5000",
                          ErrorCode::out_of_range});
    if (!q.after.empty() && !valid_customer_id(q.after))
        errors.push_back({"/after", "expected a customer id (the \"next\" of the previous page)",
                          ErrorCode::bad_format});
    if (!errors.empty()) return error_reply(400, errors);

    const Instant now = app.clock.now();
    const Instant until = now + int64_t(*within) * 86'400;
    json customers = json::array();
    auto conn = app.pool->acquire();
    const auto page = customer_page(*conn, q.after, *limit);
    for (const auto& [id, name] : page) {
        json status = core_status(app.program(), ledger_document(app, *conn, id), now, 0);
        if (!core_ok(status))
            continue;  // a ledger the core refuses is not a reason to hide the rest
        json lots = json::array();
        int64_t points = 0;
        Instant first = std::numeric_limits<Instant>::max();
        std::string first_text;
        for (const auto& lot : status["lots"]) {
            if (!lot["expires_at"].is_string()) continue;
            auto at = parse_instant(lot["expires_at"].get<std::string>(), app.program().zone);
            if (!at || *at > until) continue;
            points += lot["points"].get<int64_t>();
            if (*at < first) {
                first = *at;
                first_text = lot["expires_at"].get<std::string>();
            }
            lots.push_back({{"points", lot["points"]}, {"expires_at", lot["expires_at"]}});
        }
        if (points == 0) continue;
        json codes = json::array();
        for (const auto& c : list_codes(*conn, id, 100)) {
            if (c.state != "active" || c.expires_at <= now) continue;
            codes.push_back({{"code", display_reward_code(c.code)},
                             {"reward_id", c.reward_id},
                             {"points", c.points},
                             {"expires_at", app.program().iso(c.expires_at)}});
        }
        json row = {{"customer_id", id},       {"name", name ? json(*name) : json(nullptr)},
                    {"points", points},        {"first_expiry", first_text},
                    {"lots", std::move(lots)}, {"codes", std::move(codes)}};
        customers.push_back(std::move(row));
    }
    const bool more = int(page.size()) == *limit;
    return Reply{200,
                 {{"ok", true},
                  {"now", app.program().iso(now)},
                  {"within_days", *within},
                  {"until", app.program().iso(until)},
                  {"scanned", page.size()},
                  {"next", more ? json(page.back().first) : json(nullptr)},
                  {"customers", std::move(customers)}},
                 {}};
}

std::string reminders_csv(const json& page) {
    std::string out = "customer_id,name,points,first_expiry,lots,codes\r\n";
    for (const auto& c : page["customers"]) {
        std::string lots, codes;
        for (const auto& l : c["lots"]) {
            if (!lots.empty()) lots += "; ";
            lots += std::to_string(l["points"].get<int64_t>()) + " on " +
                    l["expires_at"].get<std::string>();
        }
        for (const auto& k : c["codes"]) {
            if (!codes.empty()) codes += "; ";
            codes += k["code"].get<std::string>() + " (" + k["reward_id"].get<std::string>() +
                     ", until " + k["expires_at"].get<std::string>() + ")";
        }
        out += csv_cell(c["customer_id"].get<std::string>()) + "," +
               csv_cell(c["name"].is_string() ? c["name"].get<std::string>() : "") + "," +
               std::to_string(c["points"].get<int64_t>()) + "," +
               csv_cell(c["first_expiry"].get<std::string>()) + "," + csv_cell(lots) + "," +
               csv_cell(codes) + "\r\n";
    }
    return out;
}

}  // namespace loyalty::server
