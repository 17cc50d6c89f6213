#include "exports.h"

#include <memory>

#include "core_calls.h"
#include "ledger_replay.h"
#include "ledger_store.h"
#include "reply.h"

namespace loyalty::server {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr int kCustomersPerPage = 200;
constexpr int kEventsPerPage = 1000;

/** An integer cell, or empty when the value is not an integer (absent, null). */
std::string integer_cell(const json& value) {
    return value.is_number_integer() ? value.dump() : std::string();
}

std::string text_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : std::string();
}

/** The customer as the core reads it: their ledger state (stored, else replayed from the events
 *  under the versions that booked them; nothing is written), or null when the core refuses it. */
json ledger_document(App& app, Connection& c, const std::string& id) {
    auto state = state_of(app, c, id);
    if (!state) return nullptr;
    state->state["orders"] = json::object();
    return {{"id", id}, {"state", std::move(state->state)}};
}

struct CustomerRow {
    std::string id;
    std::optional<std::string> name, email, phone;
    std::optional<Instant> last_at;
};

/** One page of customers after `after` (by id) as CSV rows; sets `after` to the last id and
 *  `done` when the store has no more. */
std::string customers_page(App& app, std::string& after, bool& done) {
    std::vector<CustomerRow> rows;
    auto conn = app.pool->acquire();
    {
        auto s = conn->prepare(
            "SELECT c.id, c.name, c.email, c.phone, (SELECT MAX(e.at) FROM events e WHERE "
            "e.customer_id = c.id) FROM customers c WHERE c.id > ? ORDER BY c.id LIMIT ?");
        s.bind(1, after).bind(2, int64_t(kCustomersPerPage));
        while (s.step()) {
            auto opt = [&](int col) {
                return s.is_null(col) ? std::nullopt : std::optional(s.text(col));
            };
            rows.push_back({s.text(0), opt(1), opt(2), opt(3),
                            s.is_null(4) ? std::nullopt : std::optional(s.integer(4))});
        }
    }
    done = int(rows.size()) < kCustomersPerPage;
    std::string out;
    for (const auto& r : rows) {
        after = r.id;
        // Reads never move the ledger's clock backwards (as GET /api/loyalty/customers/{id}).
        const Instant now = std::max(app.clock.now(), r.last_at.value_or(0));
        const json status = core_status(app.program(), ledger_document(app, *conn, r.id), now, 0);
        std::string balance, tier, earned, redeemed, note;
        if (core_ok(status)) {
            balance = integer_cell(status["balance"]);
            if (status["tier"].is_object()) tier = text_of(status["tier"]["id"]);
            earned = integer_cell(status["lifetime"]["earned"]);
            redeemed = integer_cell(status["lifetime"]["redeemed"]);
        } else {
            const Errors errors = core_errors(status);
            note = "the core refuses this ledger: " +
                   (errors.empty() ? std::string()
                                   : errors.front().path + " " + errors.front().message);
        }
        out += csv_text_cell(r.id) + ',' + csv_text_cell(r.name.value_or("")) + ',' +
               csv_text_cell(r.email.value_or("")) + ',' + csv_text_cell(r.phone.value_or("")) +
               ',' + balance + ',' + csv_text_cell(tier) + ',' + earned + ',' + redeemed + ',' +
               (r.last_at ? app.program().iso(*r.last_at) : std::string()) + ',' +
               csv_text_cell(note) + "\r\n";
    }
    return out;
}

struct EventCursor {
    std::string customer_id;
    Instant at = 0;
    int64_t seq = 0;
    bool started = false;
};

/** The cells of one stored event document, in the export's column order from "type" on. */
std::string event_cells(const json& e) {
    const std::string type = text_of(e.value("type", json()));
    // "points": what the event itself names: a redemption's cost, an adjustment's signed points,
    // the points paid with on a purchase.
    std::string points;
    if (type == "purchase")
        points = integer_cell(e.value("points_redeemed", json()));
    else
        points = integer_cell(e.value("points", json()));
    const json lines = e.value("lines", json());
    // As the purchase sent it: empty when it did not say (its prices include their tax).
    const json included = e.value("taxes_included", json());
    const std::string taxes =
        included.is_boolean() ? (included.get<bool>() ? "true" : "false") : "";
    return csv_text_cell(type) + ',' + csv_text_cell(text_of(e.value("id", json()))) + ',' +
           csv_text_cell(text_of(e.value("order_id", json()))) + ',' + points + ',' +
           integer_cell(e.value("amount", json())) + ',' +
           integer_cell(e.value("shipping", json())) + ',' +
           integer_cell(e.value("discount", json())) + ',' +
           csv_text_cell(text_of(e.value("kind", json()))) + ',' +
           csv_text_cell(text_of(e.value("reward_id", json()))) + ',' +
           csv_text_cell(text_of(e.value("reason", json()))) + ',' +
           integer_cell(e.value("shipping_tax", json())) + ',' + taxes + ',' +
           csv_text_cell(text_of(e.value("tier_id", json()))) + ',' +
           csv_text_cell(text_of(e.value("until", json()))) + ',' +
           csv_text_cell(lines.is_array() ? lines.dump() : std::string());
}

std::string events_page(App& app, EventCursor& cursor, bool& done) {
    auto conn = app.pool->acquire();
    // Row-value comparison pages through the (customer_id, at, seq) index in both databases.
    auto s = conn->prepare(
        "SELECT customer_id, at, seq, body, COALESCE(program_version, 1) FROM events WHERE "
        "(customer_id, at, seq) > (?, ?, ?) ORDER BY customer_id, at, seq LIMIT ?");
    s.bind(1, cursor.customer_id)
        .bind(2, cursor.started ? cursor.at : INT64_MIN)
        .bind(3, cursor.seq)
        .bind(4, int64_t(kEventsPerPage));
    std::string out;
    int n = 0;
    while (s.step()) {
        ++n;
        cursor = {s.text(0), s.integer(1), s.integer(2), true};
        const json body = json::parse(s.text(3), nullptr, false);
        out += csv_text_cell(cursor.customer_id) + ',' + app.program().iso(cursor.at) + ',' +
               (body.is_object() ? event_cells(body) : ",,,,,,,,,,") + ',' +
               std::to_string(s.integer(4)) + "\r\n";
    }
    done = n < kEventsPerPage;
    return out;
}

std::string today(App& app) { return app.program().iso(app.clock.now()).substr(0, 10); }

/** Streams `header` then the pages `next` writes until it says it is done. */
template <class Next>
void stream_csv(App& app, httplib::Response& res, const std::string& file, std::string header,
                Next next) {
    res.status = 200;
    res.set_header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    res.set_header("Cache-Control", "no-store");
    auto first = std::make_shared<bool>(true);
    auto finished = std::make_shared<bool>(false);
    res.set_chunked_content_provider(
        "text/csv; charset=utf-8", [&app, header = std::move(header), first, finished, next](
                                       size_t, httplib::DataSink& sink) mutable {
            try {
                if (*first) {
                    *first = false;
                    const std::string head = std::string(kBom) + header + "\r\n";
                    return sink.write(head.data(), head.size());
                }
                if (*finished) {
                    sink.done();
                    return true;
                }
                bool done = false;
                const std::string page = next(done);
                *finished = done;
                if (!page.empty() && !sink.write(page.data(), page.size())) return false;
                if (done) sink.done();
                return true;
            } catch (const std::exception& e) {
                // The status line is gone already: cut the stream short, so the download fails
                // visibly instead of ending as if complete.
                app.logger.error("export failed", {{"error", e.what()}});
                return false;
            }
        });
}

}  // namespace

std::string csv_text_cell(std::string_view text) {
    std::string cell(text);
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos)
        cell.insert(0, "'");
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char ch : cell) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + '"';
}

void export_customers_csv(App& app, httplib::Response& res) {
    auto after = std::make_shared<std::string>();
    stream_csv(app, res, "loyalty-customers-" + today(app) + ".csv",
               "customer_id,name,email,phone,balance,tier,earned,redeemed,last_activity,note",
               [&app, after](bool& done) { return customers_page(app, *after, done); });
}

void export_events_csv(App& app, httplib::Response& res) {
    auto cursor = std::make_shared<EventCursor>();
    stream_csv(app, res, "loyalty-events-" + today(app) + ".csv",
               "customer_id,at,type,id,order_id,points,amount,shipping,discount,kind,reward_id,"
               "reason,shipping_tax,taxes_included,tier_id,until,lines,program_version",
               [&app, cursor](bool& done) { return events_page(app, *cursor, done); });
}

}  // namespace loyalty::server
