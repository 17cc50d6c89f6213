#include "csv_session.h"

#include <algorithm>

#include "json_reader.h"
#include "loyalty/metrics.h"

namespace loyalty::wasm {
namespace {

/** The reader settings of `options_json`, or defaults when they are unusable (finish() then
 *  answers with the errors instead of metrics). */
CsvOptions reader_options(const std::string& options_json, double expected_bytes,
                          std::string& errors_out) {
    auto options = csv_options_from_request(options_json);
    if (!options.ok()) {
        errors_out = dump_json(errors_document(options.errors()));
        return CsvOptions{};
    }
    CsvOptions o = options.value();
    // A hint from JS (File.size): anything but a sane byte count is ignored.
    if (expected_bytes > 0 && expected_bytes < 1e15) o.expected_bytes = size_t(expected_bytes);
    return o;
}

}  // namespace

CsvMetricsSession::CsvMetricsSession(const std::string& options_json, double expected_bytes)
    : options_json_(options_json),
      reader_(reader_options(options_json_, expected_bytes, options_errors_),
              reader_options(options_json_, 0, options_errors_).preset) {}

emscripten::val CsvMetricsSession::buffer(size_t size) {
    if (chunk_.size() < size) chunk_.resize(size);
    return emscripten::val(emscripten::typed_memory_view(size, chunk_.data()));
}

void CsvMetricsSession::consume(size_t size) {
    if (finished_ || !options_errors_.empty()) return;
    reader_.feed(std::string_view(chunk_.data(), std::min(size, chunk_.size())));
}

double CsvMetricsSession::rows() const { return double(reader_.rows_read()); }

std::string CsvMetricsSession::finish() {
    if (!options_errors_.empty()) return options_errors_;
    if (!finished_) {
        finished_ = true;
        // A fatal import error is also in report().fatal, which metrics_json_for_table turns
        // into the error document; the Result adds nothing here.
        (void)reader_.finish();
    }
    return metrics_json_for_import(reader_, options_json_);
}

}  // namespace loyalty::wasm
