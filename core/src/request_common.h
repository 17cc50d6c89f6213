// The members most requests share: the program and "now". Read together so that one response
// lists every problem of a request, not just the first.
#pragma once

#include "json_reader.h"
#include "loyalty/program.h"

namespace loyalty {

struct ProgramAndNow {
    std::optional<Program> program;
    std::optional<Instant> now;
    Zone zone;  // the program's, or UTC when the program is unusable (to keep reading the rest)
};

/** Reads the required "program" and "now" members of `request`, appending errors to `errors`. */
ProgramAndNow read_program_and_now(const json& request, Errors& errors);

}  // namespace loyalty
