#include "ledger_replay.h"

#include "core_calls.h"
#include "loyalty/engine_json.h"

namespace loyalty::server {

std::optional<json> replay_state(const App& app, const StoredCustomer& customer) {
    json state;  // null before the first run
    size_t i = 0;
    do {
        // One run: the events booked under one version (all of them before versions were kept).
        size_t j = i;
        while (j < customer.events.size() && customer.versions[j] == customer.versions[i]) ++j;
        const bool any = j > i;
        const Instant last = any ? customer.ats[j - 1] : app.clock.now();
        const ProgramFile& program =
            any ? app.programs.booked(customer.versions[i], last) : app.programs.program_at(last);
        json doc = {{"id", customer.id}, {"events", json::array()}};
        if (customer.name) doc["name"] = *customer.name;
        if (!state.is_null()) doc["state"] = std::move(state);
        for (size_t k = i; k < j; ++k) doc["events"].push_back(customer.events[k]);
        json status = core_status(program, doc, last, 0, true);
        if (!core_ok(status)) return std::nullopt;
        state = std::move(status["state"]);
        i = j;
    } while (i < customer.events.size());
    return state;
}

std::optional<StoredState> state_of(App& app, Connection& c, std::string_view customer_id) {
    if (auto stored = load_state(c, customer_id)) return stored;
    StoredCustomer full = load_customer(c, customer_id);
    auto state = replay_state(app, full);
    if (!state) return std::nullopt;
    state->erase("orders");
    return StoredState{std::move(*state), full.last_at};
}

std::optional<LedgerState> typed_state(App& app, const std::string& customer_id,
                                       const std::string& text, CacheUse use) {
    auto cached = use == CacheUse::take ? app.states.take(customer_id, text)
                                        : app.states.copy(customer_id, text);
    if (cached) return cached;
    const json doc = json::parse(text, nullptr, false);
    if (!doc.is_object()) return std::nullopt;
    return typed_state(app, doc);
}

std::optional<LedgerState> typed_state(const App& app, const json& state) {
    // Any version reads it: the state's instants carry their own offsets.
    auto parsed = ledger_state_from_json(state, app.program().core);
    if (!parsed.ok()) return std::nullopt;
    return std::move(parsed.value());
}

}  // namespace loyalty::server
