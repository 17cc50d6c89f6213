// status: {program, customer, now, history_limit?, include_state?} -> balance, lots, tier, rewards,
// history, and with include_state the ledger state to continue from (as of the last event).
// Reads the request, then hands over to the typed API (engine.cpp).
#include "customer_json.h"
#include "loyalty/api.h"
#include "loyalty/engine_json.h"
#include "operation.h"
#include "request_common.h"

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
                   "write states",
                   ErrorCode::not_allowed);
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
        StatusOptions options;
        options.history_limit = limit ? size_t(*limit) : 20;
        options.include_state = include_state;
        auto result = status(*program, *customer, *now, options);
        if (!result.ok()) return errors_document(result.errors());
        return status_document(*program, result.value());
    });
}

}  // namespace loyalty
