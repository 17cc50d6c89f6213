#include "booking.h"

#include <algorithm>
#include <limits>

#include "bookings.h"
#include "core_calls.h"
#include "crypto.h"
#include "ledger_replay.h"
#include "ledger_store.h"
#include "loyalty/engine_json.h"
#include "program_version_store.h"

namespace loyalty::server {

std::string request_hash(const json& body) {
    return to_hex(digest_bytes(sha256(body.dump(-1, ' ', false, json::error_handler_t::replace))));
}

namespace {

/** Maps a core error path under `prefix` (the new event, or the previewed cart) back to the
 *  request's own fields; other paths (earlier, stored events) are left as the core gave them. */
Errors map_paths(Errors errors, const std::string& prefix,
                 const std::map<std::string, std::string>& renames) {
    for (auto& e : errors) {
        if (e.path == prefix) {
            e.path = "";
        } else if (e.path.rfind(prefix + "/", 0) == 0) {
            std::string rest = e.path.substr(prefix.size());
            for (const auto& [from, to] : renames) {
                if (rest == from || rest.rfind(from + "/", 0) == 0) {
                    rest = to + rest.substr(from.size());
                    break;
                }
            }
            e.path = rest;
        }
    }
    return errors;
}

/** The newest history entry of the status that is the booked event. */
json find_entry(const json& status, std::string_view type, std::string_view id) {
    if (!status.contains("history")) return nullptr;
    for (const auto& h : status["history"]) {
        if (h.value("type", "") == type && h.value("id", "") == id) return h;
    }
    return nullptr;
}

/** A customer's ledger state in the core's types (without order records), and the instant of
 *  their last event. */
struct CurrentState {
    LedgerState state;
    std::optional<Instant> last_at;
};

/** The customer's ledger state; when missing (a customer from before schema 2, sample data) or
 *  refused, rebuilt from every event, each under the version that booked it, and stored in the
 *  booking's transaction; `rebuild` forces that. Empty when the core refuses the events. */
std::optional<CurrentState> current_state(App& app, Connection& conn,
                                          const StoredCustomer& customer, bool rebuild) {
    if (!rebuild) {
        if (auto stored = load_state_text(conn, customer.id)) {
            if (auto state = typed_state(app, customer.id, stored->text, CacheUse::take))
                return CurrentState{std::move(*state), stored->last_at};
        }
    }
    StoredCustomer full = load_customer(conn, customer.id);
    auto state = replay_state(app, full);
    if (!state) return std::nullopt;
    if (full.exists) {
        const Instant last = full.last_at.value_or(app.clock.now());
        save_state(conn, customer.id, app.programs.program_at(last).etag, full.last_at, *state);
    }
    state->erase("orders");
    auto typed = typed_state(app, *state);
    if (!typed) return std::nullopt;
    return CurrentState{std::move(*typed), full.last_at};
}

/** The stored record of the order the event names (a refund's order), typed; `refused` is set
 *  when a record is stored but unreadable. */
std::optional<OrderRecord> named_order_record(Connection& conn, const std::string& customer_id,
                                              const std::string& order_id, bool& refused) {
    refused = false;
    if (order_id.empty()) return std::nullopt;
    auto record = load_order_record(conn, customer_id, order_id);
    if (!record) return std::nullopt;
    auto parsed = order_record_from_json(*record, "/customer/state/orders");
    if (parsed.ok()) return parsed.value();
    refused = true;
    return std::nullopt;
}

/** True when the core refused the stored state or an order record, not the request. */
bool refuses_state(const json& response) {
    for (const auto& e : core_errors(response)) {
        if (e.path.rfind("/customer/state", 0) == 0) return true;
    }
    return false;
}

/** The event and the ones booked with it, each with the event's "at". */
std::vector<json> doc_events_of(const Booking& b, const json& event) {
    std::vector<json> out{event};
    for (json extra : b.also) {
        extra["at"] = event["at"];
        out.push_back(std::move(extra));
    }
    return out;
}

/** The booking, inside its write transaction on `conn`: keep() when it is booked (or a refusal
 *  that records something, commit_refusal). */
Reply book_on(App& app, Booking& b, Connection& conn, WriteTx& transaction) {
    sync_program_versions(app, conn);  // one another server process may have added

    if (auto prior = find_idempotent(conn, b.scope, b.key)) {
        if (prior->request_hash == b.hash) {
            json again = json::parse(prior->response);
            again["booked"] = false;
            again["duplicate"] = true;
            return Reply{200, std::move(again), {}};
        }
        return error_reply(b.conflict_status, b.id_path,
                           b.label + " was already booked" +
                               (prior->request_hash == "seed" ? " (sample data)" : "") +
                               (prior->customer_id != b.customer_id ? " for another customer"
                                                                    : " with a different request") +
                               "; an id books one thing once",
                           ErrorCode::duplicate);
    }

    StoredCustomer customer = load_customer_head(conn, b.customer_id);
    if (b.customer_must_exist && !customer.exists) {
        return error_reply(404, "/customer_id", "no customer " + b.customer_id + " is stored");
    }
    // The ledger state: the booking costs the same for a customer with 10 events and with 10,000.
    // A stored state (or order record) the core refuses is derived data gone wrong, never the
    // caller's fault: it is rebuilt from the events once and the booking tried again.
    Instant now = 0, at = 0;
    json answer, event, status;
    LedgerState next_state;
    ProgramVersion version;  // the one in force at the event's instant: it books the event
    const auto refused_ledger = [&] {
        return error_reply(
            500, "", "the stored ledger of customer " + b.customer_id + " is refused by the core");
    };
    for (int attempt = 0;; ++attempt) {
        auto stored = current_state(app, conn, customer, attempt > 0);
        if (!stored) return refused_ledger();
        // The clock may stand before the last event (a --clock demo restarted without it): the
        // ledger's own time then wins, so the ledger stays in order.
        now = std::max(app.clock.now(),
                       stored->last_at.value_or(std::numeric_limits<Instant>::min()));
        at = b.at.value_or(now);
        if (at > now) {
            return error_reply(400, "/at",
                               "is " + app.program().iso(at) + ", after the server's clock (" +
                                   app.program().iso(now) + "); nothing is booked in the future",
                               ErrorCode::out_of_order);
        }
        if (stored->last_at && at < *stored->last_at) {
            return error_reply(
                409, "/at",
                "is " + app.program().iso(at) + ", before the customer's last event (" +
                    app.program().iso(*stored->last_at) + "); events are booked in time order",
                ErrorCode::out_of_order);
        }

        version = app.programs.at(at);
        const ProgramFile& program = *version.program;

        // The state carries the one order record this event can name (a refund's order).
        Customer ledger{b.customer_id, std::move(stored->state), {}};
        const std::string named_order = b.event.value("order_id", "");
        bool unreadable = false;
        if (auto record = named_order_record(conn, b.customer_id, named_order, unreadable))
            ledger.state->orders.emplace(named_order, *record);
        if (unreadable) {
            if (attempt == 0) continue;
            return refused_ledger();
        }

        if (!b.checks.empty()) {
            json before = core_status(program, ledger, at, 0);
            if (!core_ok(before)) {
                if (attempt == 0 && refuses_state(before)) continue;
                return refused_ledger();
            }
            for (const auto& check : b.checks) {
                if (auto refused = check(conn, before)) {
                    if (b.commit_refusal) transaction.keep();
                    return *refused;
                }
            }
        }
        answer = b.answer;  // after the checks, which may add to it
        if (b.cart) {
            json preview = core_preview(program, ledger, *b.cart, at);
            if (!core_ok(preview)) {
                if (attempt == 0 && refuses_state(preview)) continue;
                return error_reply(422, map_paths(core_errors(preview), "/cart", b.renames));
            }
            answer["earned"] = preview["earn"]["points"];
            answer["preview"] = std::move(preview);
        }
        event = b.event;
        event["at"] = program.iso(at);
        json events = {{"id", b.customer_id}, {"events", doc_events_of(b, event)}};
        status = core_events(program, events, ledger.events);
        if (status.is_null())
            status = core_status(program, ledger, now, kBookingHistory, &next_state);
        if (!core_ok(status)) {
            if (attempt == 0 && refuses_state(status)) continue;
            return error_reply(422,
                               map_paths(core_errors(status), "/customer/events/0", b.renames));
        }
        // Booked in the past under a version since replaced: the answer's status is today's.
        if (const ProgramVersion today = app.programs.at(now); today.number != version.number) {
            Customer after{b.customer_id, next_state, {}};
            after.state->orders.clear();
            json current = core_status(*today.program, after, now, kBookingHistory);
            if (core_ok(current)) status = std::move(current);
        }
        break;
    }

    ensure_customer(conn, b.customer_id, b.customer_name, now, b.customer_email, b.customer_phone);
    for (const auto& e : doc_events_of(b, event))
        insert_event(conn, b.customer_id, at, e, now, version.number);
    // The next state, printed straight from the core's types; its order records go apart.
    for (const auto& [order_id, record] : next_state.orders) {
        save_order_record_text(conn, b.customer_id, order_id, version.program->etag,
                               order_record_text(record));
    }
    next_state.orders.clear();
    std::string state_text = ledger_state_text(next_state, version.program->core);
    save_state_text(conn, b.customer_id, version.program->etag, at, state_text);
    answer["ok"] = true;
    answer["booked"] = true;
    answer["duplicate"] = false;
    answer["customer_id"] = b.customer_id;
    answer["at"] = event["at"];
    if (!b.cart) answer["entry"] = find_entry(status, event.value("type", ""), b.entry_id);
    answer["status"] = std::move(status);
    for (const auto& after : b.on_booked) {
        if (auto refused = after(conn, answer, at)) return *refused;  // rolled back
    }
    // Serialised once, for repeats and for this reply.
    std::string text = answer.dump(-1, ' ', false, json::error_handler_t::replace);
    save_idempotent(conn, b.scope, b.key, {b.customer_id, b.hash, 201, text}, now);
    transaction.keep();
    app.states.put(b.customer_id, std::move(state_text), std::move(next_state));
    return Reply{201, std::move(answer), {}, std::move(text)};
}
}  // namespace

Reply book(App& app, Booking& b) {
    // One customer's bookings never interleave, nor two bookings of one id (for two customers).
    std::vector<std::string> locks = b.locks;
    locks.push_back("customer:" + b.customer_id);
    locks.push_back(b.scope + ":" + b.key);
    return app.write(std::move(locks), [&](Connection& conn, WriteTx& transaction) {
        return book_on(app, b, conn, transaction);
    });
}

}  // namespace loyalty::server
