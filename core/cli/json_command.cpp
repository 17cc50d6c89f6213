#include "json_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "exit_codes.h"
#include "io.h"
#include "loyalty/api.h"

namespace loyalty::cli {
namespace {

using json = nlohmann::json;

size_t request_limit(const std::string& operation) {
    // The core's own limit, so the core (not the CLI) words the refusal of a request just over
    // it; only inputs beyond even the bulk limit are stopped here, before being read whole.
    return operation == "metrics" ? kMaxBulkBytes + 1 : kMaxRequestBytes + 1;
}

/** What applying the overrides produced: the request text to run, or a ready response (an
 *  invalid --program file), or an I/O failure. */
struct Prepared {
    std::string request;
    std::string response;  ///< non-empty: print this instead of running the operation
    std::optional<Error> io_error;
};

/** Merges the overrides into the request. A request that is not a JSON object is passed
 *  through untouched, so the core reports what is wrong with it as it would for any caller. */
Prepared apply_overrides(std::string text, const RequestOverrides& overrides) {
    if (!overrides.program_path && !overrides.now) return {std::move(text), {}, {}};
    json request = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded() || !request.is_object()) return {std::move(text), {}, {}};
    if (overrides.program_path) {
        auto program_text = read_input(*overrides.program_path, kMaxRequestBytes + 1);
        if (!program_text.ok()) return {{}, {}, program_text.errors()[0]};
        json program = json::parse(program_text.value(), nullptr, false);
        if (program.is_discarded()) {
            const json errors = {{"ok", false},
                                 {"errors",
                                  {{{"path", "/program"},
                                    {"message", "the --program file " + *overrides.program_path +
                                                    " is not valid JSON: " +
                                                    json_syntax_message(program_text.value())},
                                    {"code", "not_json"}}}}};
            return {{}, errors.dump(-1, ' ', false, json::error_handler_t::replace), {}};
        }
        request["program"] = std::move(program);
    }
    if (overrides.now) request["now"] = *overrides.now;
    return {request.dump(-1, ' ', false, json::error_handler_t::replace), {}, {}};
}

}  // namespace

std::string json_syntax_message(const std::string& text) {
    try {
        const json parsed = json::parse(text);
    } catch (const json::parse_error& e) {
        const std::string what = e.what();
        const size_t close = what.find("] ");
        return close == std::string::npos ? what : what.substr(close + 2);
    }
    return "no syntax error";
}

/** Median milliseconds of `runs` runs of `operation` on `request`, printed to stderr. */
void report_timing(const std::string& operation, const std::string& request, int runs) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const std::string answer = run_operation(operation, request);  // the whole answer, as sent
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::nth_element(ms.begin(), ms.begin() + ptrdiff_t(ms.size() / 2), ms.end());
    std::fprintf(stderr, "%s: %.3f ms median of %d\n", operation.c_str(), ms[ms.size() / 2], runs);
}

int run_json_command(const std::string& operation, const std::string& request_path,
                     const RequestOverrides& overrides, const OutputOptions& output,
                     int timed_runs) {
    if (stdin_is_terminal(request_path)) {
        return report_failure(
            "<stdin>", "is a terminal; pass a request file or pipe the JSON in (see loyalty " +
                           operation + " --help)");
    }
    auto text = read_input(request_path, request_limit(operation));
    if (!text.ok()) return report_failure(text.errors()[0].path, text.errors()[0].message);
    Prepared prepared = apply_overrides(std::move(text).value(), overrides);
    if (prepared.io_error)
        return report_failure(prepared.io_error->path, prepared.io_error->message);
    if (!prepared.response.empty()) return emit_response(prepared.response, output);
    const int code = emit_response(run_operation(operation, prepared.request), output);
    if (timed_runs > 0) report_timing(operation, prepared.request, timed_runs);
    return code;
}

}  // namespace loyalty::cli
