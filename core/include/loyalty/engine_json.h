// The typed API (engine.h) for C++ callers that hold their documents as nlohmann::json already
// (the reference server): no text between them and the core. The one public header that needs
// nlohmann/json; include engine.h alone to stay free of it.
#pragma once

#include <nlohmann/json.hpp>

#include "loyalty/engine.h"
#include "loyalty/numbers.h"
#include "loyalty/survey.h"

namespace loyalty {

/** parse_customer() of a document already parsed; error paths start with "/customer". */
Result<Customer> customer_from_json(const nlohmann::json& customer, const Program& program);

/** parse_cart() of a document already parsed; error paths start with "/cart". */
Result<Event> cart_from_json(const nlohmann::json& cart, const Program& program, Instant at);

/** The documents status_json and preview_json answer ({"ok": true, ...}), as trees. */
nlohmann::json status_document(const Program& program, const StatusResult& result);
nlohmann::json preview_document(const Program& program, const PreviewResult& result);

// Ledger states kept by the caller (the server stores one per customer, and each order record
// apart): read from their documents, and printed back as text straight from the typed state.

/** A state document (docs/api.md, "Ledger state"); error paths start with "/customer/state". */
Result<LedgerState> ledger_state_from_json(const nlohmann::json& state, const Program& program);

/** One record of a state's "orders", found at `path`. */
Result<OrderRecord> order_record_from_json(const nlohmann::json& record, std::string_view path);

/** Compact JSON text of the state, byte for byte the dump of status_document's "state" member
 *  (with whatever "orders" the state holds), without building the tree. */
std::string ledger_state_text(const LedgerState& state, const Program& program);

/** Compact JSON text of one order record, as the state's "orders" hold it. */
std::string order_record_text(const OrderRecord& record);

/** The document survey_summary_json answers for a summary of summarize_survey() (survey.h),
 *  ({"ok": true, "kind", "scale", "n", "score", ...}): callers that hold the responses typed
 *  score them without a request text. */
nlohmann::json survey_summary_document(const SurveySummary& summary);

/** One survey score as sent (a JSON number), checked against the scale of `kind` (`ces_scale`
 *  for CES) with the messages survey_summary_json gives a response; errors at `path`. */
Result<int32_t> survey_score_from_json(const nlohmann::json& value, SurveyKind kind,
                                       int32_t ces_scale, const std::string& path);

/** What numbers_json answers for a request whose programmes are parsed already (the server keeps
 *  one per version): `programs` are the earlier versions the customers' "booked_by" name from 1,
 *  `customers` the request's "customers" (documents with their "booked_by"), `carry` null or an
 *  earlier answer over the same range. The checks and errors of numbers_json on the range, the
 *  customers and the carry, in its order; besides, more than kMaxNumbersPrograms programmes is
 *  refused alone, a null one at "/programs/<i>", and a month outside 1900-2999 at "/from" or
 *  "/to". No byte limit applies: the caller holds the tree already. Bad input
 *  gives an error document, as in numbers_json, never an exception. */
nlohmann::json numbers_document(const Program& program, const std::vector<const Program*>& programs,
                                const nlohmann::json& customers, Month from, Month to, Instant now,
                                const nlohmann::json& carry, bool per_customer = false);

/** {"ok": false, "errors": [{path, message}]}. */
nlohmann::json errors_document(const Errors& errors);

}  // namespace loyalty
