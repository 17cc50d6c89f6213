// Printing a core response and choosing the exit code from it.
#pragma once

#include <string>

namespace loyalty::cli {

struct OutputOptions {
    bool pretty = false;  ///< indent the JSON by two spaces instead of one compact line
};

/** Prints a core response (one JSON document and a newline) on stdout and returns the exit code:
 *  kExitOk for {"ok": true}, kExitInvalidInput for {"ok": false}, kExitUsage when stdout fails
 *  or the response is not a document with a boolean "ok" (a bug, reported on stderr). */
int emit_response(const std::string& response, const OutputOptions& options);

/** Prints "loyalty: <what>: <message>" on stderr and returns kExitUsage. */
int report_failure(const std::string& what, const std::string& message);

}  // namespace loyalty::cli
