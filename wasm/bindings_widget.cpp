// Embind registration for the widget module: the shopper-facing operations only. Nothing here
// names metrics or CSV code, so the linker leaves it out of loyalty-widget.wasm.
#include <emscripten/bind.h>

#include "json_entry.h"
#include "loyalty/api.h"

EMSCRIPTEN_BINDINGS(loyalty_widget) {
    using loyalty::wasm::json_entry;
    emscripten::function("validate_json", &json_entry<loyalty::validate_json>);
    emscripten::function("status_json", &json_entry<loyalty::status_json>);
    emscripten::function("preview_json", &json_entry<loyalty::preview_json>);
    emscripten::function("survey_eligibility_json", &json_entry<loyalty::survey_eligibility_json>);
    emscripten::function("survey_summary_json", &json_entry<loyalty::survey_summary_json>);
}
