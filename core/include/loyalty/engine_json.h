// The typed API (engine.h) for C++ callers that hold their documents as nlohmann::json already
// (the reference server): no text between them and the core. The one public header that needs
// nlohmann/json; include engine.h alone to stay free of it.
#pragma once

#include <nlohmann/json.hpp>

#include "loyalty/engine.h"

namespace loyalty {

/** parse_customer() of a document already parsed; error paths start with "/customer". */
Result<Customer> customer_from_json(const nlohmann::json& customer, const Program& program);

/** parse_cart() of a document already parsed; error paths start with "/cart". */
Result<Event> cart_from_json(const nlohmann::json& cart, const Program& program, Instant at);

/** The documents status_json and preview_json answer ({"ok": true, ...}), as trees. */
nlohmann::json status_document(const Program& program, const StatusResult& result);
nlohmann::json preview_document(const Program& program, const PreviewResult& result);

/** {"ok": false, "errors": [{path, message}]}. */
nlohmann::json errors_document(const Errors& errors);

}  // namespace loyalty
