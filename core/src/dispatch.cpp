#include <array>

#include "json_reader.h"
#include "loyalty/api.h"
#include "loyalty/numbers.h"

namespace loyalty {
namespace {

using Handler = std::string (*)(std::string_view);

struct Entry {
    std::string_view name;
    Handler handler;
};

constexpr std::array<Entry, 7> kOperations{{
    {"validate", validate_json},
    {"status", status_json},
    {"preview", preview_json},
    {"survey-eligibility", survey_eligibility_json},
    {"survey-summary", survey_summary_json},
    {"metrics", metrics_json},
    {"numbers", numbers_json},
}};

}  // namespace

std::string run_operation(std::string_view operation, std::string_view request) {
    for (const auto& e : kOperations) {
        if (e.name == operation) return e.handler(request);
    }
    std::string known;
    for (const auto& e : kOperations) known += (known.empty() ? "" : ", ") + std::string(e.name);
    return dump_json(
        errors_document({{"",
                          "unknown operation \"" + std::string(operation.substr(0, 40)) +
                              "\"; expected one of " + known,
                          ErrorCode::not_allowed}}));
}

const std::vector<std::string_view>& operation_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v;
        for (const auto& e : kOperations) v.push_back(e.name);
        return v;
    }();
    return names;
}

}  // namespace loyalty
