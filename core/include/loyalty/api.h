// The core's JSON surface: one request document in, one response document out, never a throw.
// Every response is either {"ok": true, ...} or {"ok": false, "errors": [{"path", "message"}]}.
// These are the functions the CLI, the wasm module and the reference server call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace loyalty {

/** Request: a program document. Response: {ok, program: {normalised summary}} or errors. */
std::string validate_json(std::string_view request);

/** Request: {program, customer, now, history_limit?}. Response: the customer's status. */
std::string status_json(std::string_view request);

/** Request: {program, customer?, cart, now}. Response: what the cart earns and can redeem. */
std::string preview_json(std::string_view request);

/** Request: {survey | program + survey_id, visitor, now}. Response: {ok, eligible, reason, ...}. */
std::string survey_eligibility_json(std::string_view request);

/** Request: {kind, scale?, responses}. Response: {ok, n, score, ...}. */
std::string survey_summary_json(std::string_view request);

/** Request: {orders | csv, period?: {from, to}, program?, ...}. Response: metrics and replay. */
std::string metrics_json(std::string_view request);

/** Dispatches by name ("validate", "status", "preview", "survey-eligibility", "survey-summary",
 *  "metrics"); an unknown name yields an error document at path "". */
std::string run_operation(std::string_view operation, std::string_view request);

/** The names run_operation accepts, in a stable order. */
const std::vector<std::string_view>& operation_names();

/** Requests larger than this (bytes) are refused before parsing; metrics allows kMaxBulkBytes. */
inline constexpr size_t kMaxRequestBytes = 8u << 20;
inline constexpr size_t kMaxBulkBytes = 512u << 20;

}  // namespace loyalty
