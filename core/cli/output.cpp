#include "output.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "exit_codes.h"
#include "io.h"

namespace loyalty::cli {

int report_failure(const std::string& what, const std::string& message) {
    std::fprintf(stderr, "loyalty: %s: %s\n", what.c_str(), message.c_str());
    return kExitUsage;
}

int emit_response(const std::string& response, const OutputOptions& options) {
    using json = nlohmann::json;
    const json parsed = json::parse(response, nullptr, /*allow_exceptions=*/false);
    const bool well_formed = !parsed.is_discarded() && parsed.is_object() &&
                             parsed.contains("ok") && parsed["ok"].is_boolean();
    std::string text = response;
    if (options.pretty && well_formed) {
        text = parsed.dump(2, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
    }
    text += '\n';
    if (!write_stdout(text)) return report_failure("stdout", "write failed");
    if (!well_formed) {
        return report_failure("internal error", "the core returned a response without \"ok\"");
    }
    return parsed["ok"].get<bool>() ? kExitOk : kExitInvalidInput;
}

}  // namespace loyalty::cli
