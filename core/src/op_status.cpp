// status: {program, customer, now, history_limit?} -> balance, lots, tier, rewards, history.
#include "customer_json.h"
#include "loyalty/api.h"
#include "operation.h"
#include "program_json.h"
#include "status_json.h"

namespace loyalty {

std::string status_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        Errors errors;
        JsonReader r(errors);
        auto program = r.member(doc, "", "program", true) ? parse_program_json(doc["program"], "/program")
                                                           : Result<Program>(errors);
        if (!program.ok()) return errors_document(program.errors());
        const Program& p = program.value();
        auto now = read_now(r, doc, p.zone);
        auto limit = r.integer(doc, "", "history_limit", false, 0, 100'000);
        const json* cdoc = r.member(doc, "", "customer", true);
        if (!errors.empty()) return errors_document(errors);
        auto customer = parse_customer_json(*cdoc, "/customer", p.zone);
        if (!customer.ok()) return errors_document(customer.errors());
        auto status = replay(p, customer.value(), *now);
        if (!status.ok()) return errors_document(status.errors());
        json body = status_json_body(p, status.value(), *now, limit ? size_t(*limit) : 20);
        body["customer_id"] = customer.value().id;
        body["ok"] = true;
        return body;
    });
}

}  // namespace loyalty
