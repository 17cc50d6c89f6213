// status: {program, customer, now, history_limit?, include_state?} -> balance, lots, tier, rewards,
// history, and with include_state the ledger state to continue from (as of the last event).
#include <algorithm>

#include "customer_json.h"
#include "ledger_state_json.h"
#include "loyalty/api.h"
#include "operation.h"
#include "request_common.h"
#include "status_json.h"

namespace loyalty {

std::string status_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        Errors errors;
        auto [program, now, zone] = read_program_and_now(doc, errors);
        JsonReader r(errors);
        auto limit = r.integer(doc, "", "history_limit", false, 0, 100'000);
        const bool include_state = r.boolean(doc, "", "include_state", false).value_or(false);
#ifdef LOYALTY_WIDGET_CORE
        // The widget neither reads nor writes states: it stays within its byte budget
        // (docs/performance.md, "Widget size").
        if (include_state)
            r.fail("/include_state",
                   "is not in the widget module; the calculator module, the CLI and the server "
                   "write states");
#endif
        std::optional<Customer> customer;
        if (const json* c = r.member(doc, "", "customer", true)) {
            auto parsed = parse_customer_json(*c, "/customer", zone);
            if (parsed.ok())
                customer = std::move(parsed.value());
            else
                errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
        }
        if (!errors.empty()) return errors_document(errors);
        const size_t shown = limit ? size_t(*limit) : 20;
        auto ledger = replay_ledger(*program, *customer, *now,
                                    include_state ? std::max(shown, kStateHistory) : shown);
        if (!ledger.ok()) return errors_document(ledger.errors());
        // The state is taken before advancing to now, so events dated between the last one and
        // now can still follow it.
        std::optional<LedgerState> state;
        if (include_state) state = ledger.value().snapshot();
        const Status status = ledger.value().status(*now);
        json body = status_json_body(*program, status, *now, shown);
        body["customer_id"] = customer->id;
#ifndef LOYALTY_WIDGET_CORE
        if (state) body["state"] = ledger_state_json(*state, zone);
#endif
        body["ok"] = true;
        return body;
    });
}

}  // namespace loyalty
