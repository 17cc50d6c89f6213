// program.json -> Program, with every error naming its JSON path.
#pragma once

#include <string_view>

#include "json_reader.h"
#include "loyalty/program.h"

namespace loyalty {

/** Reads and validates a program document found at `path` of the request ("" for a bare
 *  program, "/program" inside a status request). All errors are collected, not just the first. */
Result<Program> parse_program_json(const json& doc, std::string_view path);

/** A normalised summary of a program, as `validate` returns it. */
json program_summary_json(const Program& program);

}  // namespace loyalty
