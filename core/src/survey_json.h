// Surveys in JSON: program.json's "surveys", a visitor's history, survey responses, and the
// response documents of survey-eligibility and survey-summary. Keys are listed in docs/surveys.md.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "json_reader.h"
#include "loyalty/survey.h"

namespace loyalty {

/** Reads "kind" of `object` at `path` (required): "nps", "csat" or "ces". */
std::optional<SurveyKind> read_survey_kind(JsonReader& r, const json& object,
                                           std::string_view path);

/** Reads "scale" of `object` at `path` for a survey of `kind` and returns the top of the scale:
 *  NPS may only say 10, CSAT 5, CES 5 or 7. Absent: 10 for NPS, 5 for CSAT, `ces_default` for
 *  CES, or a "required" error when `ces_default` is 0. Empty after an error. */
std::optional<int32_t> read_survey_scale(JsonReader& r, const json& object, std::string_view path,
                                         SurveyKind kind, int32_t ces_default);

/** Reads one survey (an item of program.json's "surveys") found at `path`. Unknown keys are
 *  refused so that a misspelt setting is not silently ignored. Empty when anything failed
 *  (every problem is recorded in `r`). */
std::optional<SurveySettings> read_survey_settings(JsonReader& r, const json& value,
                                                   std::string_view path);

/** The normalised settings with every default filled in, under the keys program.json uses. */
json survey_settings_json(const SurveySettings& settings);

/** Reads what the widget remembers of a visitor at `path`. Date-only instants ("2026-03-01")
 *  are local midnight in `zone`. Unknown keys are refused. */
std::optional<VisitorHistory> read_visitor_history(JsonReader& r, const json& value,
                                                   std::string_view path, Zone zone);

/** Reads the "responses" array at `path`: each item a score, {"score": n} or
 *  {"dismissed": true} (other members of an object, such as "at" or "comment", are ignored).
 *  Scores are checked against the scale of `kind` (`ces_scale` for CES). At most
 *  kMaxListedResponseErrors bad items are listed; one more error counts the rest. */
std::optional<std::vector<SurveyResponse>> read_survey_responses(JsonReader& r, const json& value,
                                                                 std::string_view path,
                                                                 SurveyKind kind,
                                                                 int32_t ces_scale);

/** One score (a JSON number) at `path`, checked against the scale of `kind` (`ces_scale` for
 *  CES) with the messages a response of "responses" gets. */
std::optional<int32_t> read_survey_score(JsonReader& r, const json& value, const std::string& path,
                                         SurveyKind kind, int32_t ces_scale);

/** The survey-eligibility response: {ok, survey_id, eligible, reason, reasons, next_check_at,
 *  sampled, sample_bucket}; next_check_at is written in `zone`. */
json eligibility_to_json(const Eligibility& eligibility, std::string_view survey_id, Zone zone);

/** The survey-summary response: {ok, kind, scale: {min, max}, n, dismissed, score, promoters,
 *  passives, detractors, satisfied, margin_of_error, interval: {low, high}, distribution};
 *  what does not apply to the kind (or needs n > 0) is null. */
json summary_to_json(const SurveySummary& summary);

}  // namespace loyalty
