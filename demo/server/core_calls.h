// The server's calls into the loyalty core. Every point, balance, tier and score the server
// returns comes from one of these; the server itself never does arithmetic on points or money.
// Status and preview go through the core's typed API (engine_json.h) with the programme parsed
// once per version (ProgramFile::core) and the documents as trees; numbers take each version's
// parsed programme too, and survey summaries score typed answers: no JSON text between the
// server and the core.
#pragma once

#include <nlohmann/json.hpp>

#include "loyalty/numbers.h"
#include "loyalty/survey.h"
#include "program_file.h"

namespace loyalty::server {

using nlohmann::json;

/** The core's status response for {program, customer, now, history_limit, include_state}. */
json core_status(const ProgramFile& program, const json& customer, Instant now, int history_limit,
                 bool include_state = false);

/** The core's preview response for {program, customer, cart, now}. */
json core_preview(const ProgramFile& program, const json& customer, const json& cart, Instant now);

// The same calls for a customer already typed (a booking holds its ledger state typed:
// state_cache.h). `next_state`, when given, receives the state to store after the events.

json core_status(const ProgramFile& program, const Customer& customer, Instant now,
                 int history_limit, LedgerState* next_state = nullptr);
json core_preview(const ProgramFile& program, const Customer& customer, const json& cart,
                  Instant now);

/** Reads the "events" of a customer document into `events`: null, or the core's error document
 *  (paths under "/customer/events"). */
json core_events(const ProgramFile& program, const json& customer, std::vector<Event>& events);

/** The core's numbers response for {program, now, from, to, customers, programs, carry?}
 *  (`carry` null: none). `earlier` are the "programs" the customers' "booked_by" name from 1. */
json core_numbers(const ProgramFile& program, const std::vector<const ProgramFile*>& earlier,
                  const json& customers, Month from, Month to, Instant now, const json& carry);

/** The core's survey summary of `responses` (typed: no request text): the document
 *  survey_summary_json answers, or its error document (paths "/responses/<index>"). */
json core_survey_summary(const SurveyInfo& survey, const std::vector<SurveyResponse>& responses);

/** A stored answer as the core scores it: a dismissal, or a score (one outside int32 stays
 *  outside every scale, so the core refuses it rather than a wrapped value passing). */
SurveyResponse survey_response(bool dismissed, int64_t score);

/** True when a core response says "ok": true. */
inline bool core_ok(const json& response) {
    return response.is_object() && response.value("ok", false) == true;
}

}  // namespace loyalty::server
