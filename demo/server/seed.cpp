#include "seed.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "contacts.h"
#include "core_calls.h"
#include "ids.h"
#include "ledger_store.h"
#include "offers.h"
#include "reply.h"

namespace loyalty::server {

namespace fs = std::filesystem;

namespace {

/** Whole days (as seconds) from a sample file's "dated_for" to `now`, or 0 without one. Sample
 *  ledgers have fixed dates, so as the calendar moves on their points would expire and their
 *  tiers lapse; moved by whole days, a demo started on any day shows what they were written to
 *  show, at the same times of day. */
Instant days_since_dated_for(const App& app, const json& doc, Instant now,
                             const std::string& where) {
    if (!doc.contains("dated_for")) return 0;
    const json& field = doc["dated_for"];
    auto dated_for = field.is_string() ? parse_instant(field.get<std::string>(), app.program().zone)
                                       : std::nullopt;
    if (!dated_for) throw std::runtime_error(where + ": \"dated_for\" is not an ISO 8601 instant");
    const Instant elapsed = now - *dated_for;
    const Instant days = elapsed >= 0 ? elapsed / 86'400 : -((-elapsed + 86'399) / 86'400);
    return days * 86'400;
}

}  // namespace

int seed_customers(App& app, const std::string& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (ec) throw std::runtime_error("--seed-dir " + dir + ": " + ec.message());
    std::sort(files.begin(), files.end());

    const Instant now = app.clock.now();
    const ProgramVersion seeded = app.programs.at(now);  // books every sample event
    int loaded = 0;
    // Offers are given once the customers are stored, each through the admin API's own path.
    std::vector<std::pair<std::string, json>> offers;
    {
        const auto gate = app.gate();
        auto conn = app.pool->acquire();
        Transaction transaction(*conn, {"loyalty:seed"});  // two servers starting at once seed once
        if (count_customers(*conn) > 0) return 0;
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            const json doc = json::parse(in, nullptr, false);
            const std::string where = file.string();
            if (doc.is_discarded() || !doc.is_object())
                throw std::runtime_error(where + ": not a JSON object");
            const std::string id = doc.value("id", "");
            if (!valid_customer_id(id))
                throw std::runtime_error(where + ": \"id\" is not a valid customer id");
            json events = doc.value("events", json::array());
            const Instant shift = days_since_dated_for(app, doc, now, where);
            Instant last = std::numeric_limits<Instant>::min();
            std::vector<Instant> times;
            for (auto& e : events) {
                auto t = e.is_object() && e.contains("at") && e["at"].is_string()
                             ? parse_instant(e["at"].get<std::string>(), app.program().zone)
                             : std::nullopt;
                if (!t) throw std::runtime_error(where + ": an event has no valid \"at\"");
                if (shift != 0) {
                    *t += shift;
                    e["at"] = app.program().iso(*t);
                }
                times.push_back(*t);
                last = std::max(last, *t);
            }
            json status = core_status(*seeded.program, {{"id", id}, {"events", events}},
                                      std::max(now, last), 1, true);
            if (!core_ok(status)) {
                const auto errors = core_errors(status);
                throw std::runtime_error(where + ": the core refuses this customer: " +
                                         errors.front().path + " " + errors.front().message);
            }
            std::optional<std::string> name;
            if (doc.contains("name") && doc["name"].is_string())
                name = doc["name"].get<std::string>();
            // "email", "phone": stored as orders store them (contacts.h), for the console's search.
            std::optional<std::string> email, phone;
            if (doc.contains("email")) {
                email = doc["email"].is_string() ? normal_email(doc["email"].get<std::string>())
                                                 : std::nullopt;
                if (!email)
                    throw std::runtime_error(where + ": \"email\" is not " +
                                             std::string(kEmailWords));
            }
            if (doc.contains("phone")) {
                phone = doc["phone"].is_string() ? normal_phone(doc["phone"].get<std::string>())
                                                 : std::nullopt;
                if (!phone)
                    throw std::runtime_error(where + ": \"phone\" is not " +
                                             std::string(kPhoneWords));
            }
            ensure_customer(*conn, id, name, now, email, phone);
            for (size_t i = 0; i < events.size(); ++i) {
                const json& e = events[i];
                insert_event(*conn, id, times[i], e, now, seeded.number);
                // Their ids are taken: posting the same order or refund again is refused, not
                // doubled.
                const std::string type = e.value("type", "");
                const IdempotentRecord taken{id, "seed", 201, "{}"};
                if (type == "purchase")
                    save_idempotent(*conn, "order", e.value("order_id", ""), taken, now);
                else if (type == "refund" && e.contains("id"))
                    save_idempotent(*conn, "refund", e.value("id", ""), taken, now);
                else if (e.contains("id"))
                    save_idempotent(*conn, "event", id + "\n" + e.value("id", ""), taken, now);
            }
            // The ledger state as a booking would leave it, so the console lists the balance.
            if (!events.empty())
                save_state(*conn, id, seeded.program->etag, last, std::move(status["state"]));
            // "offers": [{...as POST .../offers, with "ends_in_days" for "ends"}]: a demo offer
            // that always has days left when the demo starts.
            for (json offer : doc.value("offers", json::array())) {
                const int64_t days = offer.value("ends_in_days", int64_t(7));
                offer.erase("ends_in_days");
                offer["ends"] = app.program().iso(now + days * 86'400);
                offers.emplace_back(id, std::move(offer));
            }
            ++loaded;
        }
        transaction.commit();
    }
    for (const auto& [id, offer] : offers) {
        Reply given = give_offer(app, id, offer, std::nullopt);  // sample data: no audit entry
        if (given.status != 201 && given.status != 200) {
            const auto& e = given.body["errors"][0];
            throw std::runtime_error("the offer " + offer.value("id", "?") + " of " + id +
                                     " is refused: " + e.value("path", "") + " " +
                                     e.value("message", ""));
        }
    }
    return loaded;
}

}  // namespace loyalty::server
