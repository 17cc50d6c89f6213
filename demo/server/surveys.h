// Survey answers from the widget (stored once per idempotency key, scores checked by the core
// against the survey's scale) and the dashboard's report (NPS, CSAT, CES by the core's
// survey-summary, for the whole period and per week or month).
#pragma once

#include <optional>
#include <string>

#include "app.h"
#include "reply.h"

namespace loyalty::server {

/** POST /api/loyalty/surveys. `header_key` is the Idempotency-Key header; `customer_id` the
 *  signed-in shopper, if any (kept with the answer). 201 stored, 200 repeated, 400/409 refused. */
Reply record_survey_answer(App& app, const json& body, const std::optional<std::string>& header_key,
                           const std::optional<std::string>& customer_id);

/** Query of GET /api/admin/surveys (each empty when absent). */
struct SurveyQuery {
    std::string survey_id;
    std::string from;
    std::string to;
    std::string bucket;  // "week", "month" or empty: week up to 26 weeks, month beyond
};

/** GET /api/admin/surveys: per survey, the summary of [from, to) and its trend. */
Reply survey_report(App& app, const SurveyQuery& query);

/** Most trend buckets one report computes. */
inline constexpr size_t kMaxTrendBuckets = 260;

}  // namespace loyalty::server
