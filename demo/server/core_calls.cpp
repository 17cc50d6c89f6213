#include "core_calls.h"

#include "loyalty/api.h"

namespace loyalty::server {
namespace {

json parse_response(const std::string& text) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        // The core always answers JSON; this would be a bug in it, reported as one.
        return {{"ok", false},
                {"errors", {{{"path", ""}, {"message", "the core answered non-JSON"}}}}};
    }
    return doc;
}

std::string quoted(const std::string& text) { return json(text).dump(); }

}  // namespace

json core_status(const ProgramFile& program, const json& customer, Instant now, int history_limit,
                 bool include_state) {
    std::string request = "{\"program\":" + program.compact + ",\"customer\":" + customer.dump() +
                          ",\"now\":" + quoted(program.iso(now)) +
                          ",\"history_limit\":" + std::to_string(history_limit) +
                          (include_state ? ",\"include_state\":true}" : "}");
    return parse_response(status_json(request));
}

json core_preview(const ProgramFile& program, const json& customer, const json& cart, Instant now) {
    std::string request = "{\"program\":" + program.compact + ",\"customer\":" + customer.dump() +
                          ",\"cart\":" + cart.dump() + ",\"now\":" + quoted(program.iso(now)) + "}";
    return parse_response(preview_json(request));
}

json core_numbers(const ProgramFile& program, const std::vector<const ProgramFile*>& earlier,
                  const json& customers, Month from, Month to, Instant now, const json& carry) {
    std::string programs = "[";
    for (const ProgramFile* p : earlier) {
        if (programs.size() > 1) programs += ',';
        programs += p->compact;
    }
    std::string request =
        "{\"program\":" + program.compact + ",\"programs\":" + programs + "]" +
        ",\"now\":" + quoted(program.iso(now)) + ",\"from\":" + quoted(format_month(from)) +
        ",\"to\":" + quoted(format_month(to)) + ",\"customers\":" + customers.dump() +
        (carry.is_null() ? "}" : ",\"carry\":" + carry.dump() + "}");
    return parse_response(numbers_json(request));
}

json core_survey_summary(const SurveyInfo& survey, const json& responses) {
    json request = {{"kind", survey.kind}, {"responses", responses}};
    if (survey.kind == "ces") request["scale"] = survey.scale_max;
    return parse_response(survey_summary_json(request.dump()));
}

}  // namespace loyalty::server
