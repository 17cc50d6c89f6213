// preview: what a cart would earn and could redeem, computed by booking it on a copy of the
// customer's ledger, so the preview and the booking can never disagree. Reads the request, then
// hands over to the typed API (engine.cpp).
#include "customer_json.h"
#include "loyalty/api.h"
#include "loyalty/engine_json.h"
#include "operation.h"
#include "request_common.h"

namespace loyalty {

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
        auto result = preview(*program, customer, std::move(*cart), *now);
        if (!result.ok()) return errors_document(result.errors());
        return preview_document(*program, result.value());
    });
}

}  // namespace loyalty
