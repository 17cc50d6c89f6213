// The typed API's text entry points (engine.h): documents in as JSON text, results out as the
// text the JSON operations answer. Kept apart from engine.cpp so the widget's module, which
// reaches the engine through its JSON operations only, links none of it.
#include "customer_json.h"
#include "loyalty/engine_json.h"
#include "program_json.h"

namespace loyalty {

Result<Program> parse_program(std::string_view program_json) {
    auto doc = parse_json_text(program_json);
    if (!doc.ok()) return doc.errors();
    return parse_program_json(doc.value(), "");
}

Result<Customer> parse_customer(std::string_view customer_json, const Program& program) {
    auto doc = parse_json_text(customer_json);
    if (!doc.ok()) {
        Errors errors = doc.errors();
        for (auto& e : errors) e.path = "/customer" + e.path;
        return errors;
    }
    return customer_from_json(doc.value(), program);
}

Result<Event> parse_cart(std::string_view cart_json, const Program& program, Instant at) {
    auto doc = parse_json_text(cart_json);
    if (!doc.ok()) {
        Errors errors = doc.errors();
        for (auto& e : errors) e.path = "/cart" + e.path;
        return errors;
    }
    return cart_from_json(doc.value(), program, at);
}

std::string status_json_text(const Program& program, const StatusResult& result) {
    return dump_json(status_document(program, result));
}

std::string preview_json_text(const Program& program, const PreviewResult& result) {
    return dump_json(preview_document(program, result));
}

std::string errors_json_text(const Errors& errors) { return dump_json(errors_document(errors)); }

}  // namespace loyalty
