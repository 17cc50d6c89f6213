// survey-eligibility and survey-summary: one JSON request in, one JSON response out.
// Shapes and reason codes: docs/surveys.md.
#include "loyalty/api.h"
#include "operation.h"
#include "program_json.h"
#include "survey_json.h"

namespace loyalty {
namespace {

/** The survey a request names: {"survey": {...}} inline, or {"program": {...}, "survey_id"}.
 *  `zone` becomes the program's zone (instants without an offset are read in it). */
std::optional<SurveySettings> requested_survey(JsonReader& r, const json& doc, Zone& zone) {
    const json* survey = r.member(doc, "", "survey", false);
    const json* program = r.member(doc, "", "program", false);
    if (survey && program) {
        r.fail("/program", "give either \"survey\" or \"program\" with \"survey_id\", not both",
               ErrorCode::conflict);
        return std::nullopt;
    }
    if (survey) {
        if (r.member(doc, "", "survey_id", false)) {
            r.fail("/survey_id", "is read only with \"program\"; an inline survey has /survey/id",
                   ErrorCode::conflict);
        }
        return read_survey_settings(r, *survey, "/survey");
    }
    if (!program) {
        r.fail("/survey", "is required (or \"program\" with \"survey_id\")", ErrorCode::required);
        return std::nullopt;
    }
    auto parsed = parse_program_json(*program, "/program");
    for (const auto& e : parsed.errors()) r.fail(e.path, e.message, e.code);
    const auto id = r.string(doc, "", "survey_id", true, 64);
    if (!parsed.ok() || !id) return std::nullopt;
    const Program& p = parsed.value();
    zone = p.zone;
    for (const auto& s : p.surveys) {
        if (s.id == *id) return s;
    }
    std::string ids;
    for (const auto& s : p.surveys) ids += (ids.empty() ? "\"" : ", \"") + s.id + "\"";
    r.fail("/survey_id",
           ids.empty() ? "names no survey: the program has no \"surveys\""
                       : "names no survey of the program; its surveys are " + ids,
           ErrorCode::unknown_reference);
    return std::nullopt;
}

}  // namespace

std::string survey_eligibility_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        Errors errors;
        JsonReader r(errors);
        r.reject_unknown(doc, "", {"survey", "program", "survey_id", "visitor", "now"});
        Zone zone{0};  // UTC for an inline survey; the program's zone otherwise
        const auto settings = requested_survey(r, doc, zone);
        std::optional<VisitorHistory> visitor;
        if (const json* v = r.member(doc, "", "visitor", true)) {
            visitor = read_visitor_history(r, *v, "/visitor", zone);
        }
        const auto now = r.instant(doc, "", "now", true, zone);
        if (!errors.empty() || !settings || !visitor || !now) return errors_document(errors);
        const Eligibility e = survey_eligibility(*settings, *visitor, *now);
        return eligibility_to_json(e, settings->id, zone);
    });
}

std::string survey_summary_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        Errors errors;
        JsonReader r(errors);
        r.reject_unknown(doc, "", {"kind", "scale", "responses"});
        const auto kind = read_survey_kind(r, doc, "");
        std::optional<int32_t> scale;
        if (kind) scale = read_survey_scale(r, doc, "", *kind, 0);
        const json* items = r.member(doc, "", "responses", true);
        // Scores can only be checked against a known scale.
        if (!items || !kind || !scale) return errors_document(errors);
        const int32_t scale_max = *scale;
        auto responses = read_survey_responses(r, *items, "/responses", *kind, scale_max);
        if (!errors.empty() || !responses) return errors_document(errors);
        auto summary = summarize_survey(*kind, scale_max, *responses);
        if (!summary.ok()) return errors_document(summary.errors());
        return summary_to_json(summary.value());
    });
}

}  // namespace loyalty
