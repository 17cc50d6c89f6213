// The JSON subcommands (validate, status, preview, survey-*, metrics --request): read one request
// document, optionally complete it from flags, run the operation, print the response.
#pragma once

#include <optional>
#include <string>

#include "output.h"

namespace loyalty::cli {

/** Members a user may set from the command line instead of writing them into the request. */
struct RequestOverrides {
    std::optional<std::string> program_path;  ///< file whose JSON becomes request.program
    std::optional<std::string> now;           ///< ISO 8601 instant placed in request.now
};

/** Why `text` is not JSON, as nlohmann words it without its exception prefix:
 *  "parse error at line 1, column 9: syntax error while parsing object - ...". */
std::string json_syntax_message(const std::string& text);

/** Reads the request from `request_path` ("-" = stdin), applies `overrides`, runs `operation`
 *  and prints the response. With `timed_runs` > 0 it then runs the operation that many times more
 *  on the same text and prints the median milliseconds of one run to stderr ("status: 81.234 ms
 *  median of 5"): the core's own time, without the process start or the file read, for
 *  tests/bench/status_native_vs_wasm.mjs. Returns the process exit code (see exit_codes.h). */
int run_json_command(const std::string& operation, const std::string& request_path,
                     const RequestOverrides& overrides, const OutputOptions& output,
                     int timed_runs = 0);

}  // namespace loyalty::cli
