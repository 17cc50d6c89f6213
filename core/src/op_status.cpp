// status: {program, customer, now, history_limit?} -> balance, lots, tier, rewards, history.
#include "customer_json.h"
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
        std::optional<Customer> customer;
        if (const json* c = r.member(doc, "", "customer", true)) {
            auto parsed = parse_customer_json(*c, "/customer", zone);
            if (parsed.ok()) customer = std::move(parsed.value());
            else errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
        }
        if (!errors.empty()) return errors_document(errors);
        auto status = replay(*program, *customer, *now);
        if (!status.ok()) return errors_document(status.errors());
        json body = status_json_body(*program, status.value(), *now, limit ? size_t(*limit) : 20);
        body["customer_id"] = customer->id;
        body["ok"] = true;
        return body;
    });
}

}  // namespace loyalty
