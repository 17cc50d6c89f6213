#include "request_common.h"

#include "program_json.h"

namespace loyalty {

ProgramAndNow read_program_and_now(const json& request, Errors& errors) {
    JsonReader r(errors);
    ProgramAndNow out;
    if (const json* p = r.member(request, "", "program", true)) {
        auto program = parse_program_json(*p, "/program");
        if (program.ok()) {
            out.program = std::move(program.value());
            out.zone = out.program->zone;
        } else {
            errors.insert(errors.end(), program.errors().begin(), program.errors().end());
        }
    }
    out.now = r.instant(request, "", "now", true, out.zone);
    return out;
}

}  // namespace loyalty
