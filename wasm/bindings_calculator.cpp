// Embind registration for the calculator module: the widget's operations (bindings_widget.cpp is
// linked in too) plus metrics, numbers and the streaming CSV session the JS API drives.
#include <emscripten/bind.h>

#include "csv_session.h"
#include "json_entry.h"
#include "loyalty/api.h"
#include "loyalty/numbers.h"

EMSCRIPTEN_BINDINGS(loyalty_calculator) {
    using loyalty::wasm::CsvMetricsSession;
    using loyalty::wasm::json_entry;
    emscripten::function("metrics_json", &json_entry<loyalty::metrics_json>);
    emscripten::function("numbers_json", &json_entry<loyalty::numbers_json>);
    emscripten::class_<CsvMetricsSession>("CsvMetricsSession")
        .constructor<const std::string&>()
        .constructor<const std::string&, double>()
        .function("buffer", &CsvMetricsSession::buffer)
        .function("options_errors", &CsvMetricsSession::options_errors)
        .function("consume", &CsvMetricsSession::consume)
        .function("rows", &CsvMetricsSession::rows)
        .function("finish", &CsvMetricsSession::finish);
}
