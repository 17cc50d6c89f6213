// The calculator's streaming CSV import as one object JS drives chunk by chunk: bytes go into a
// buffer inside the wasm heap (one memcpy from JS), the OrderCsvReader consumes them, and finish()
// answers with the metrics document. The JS API creates and deletes it within one call, so no
// handle ever reaches the caller.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "loyalty/csv_import.h"

namespace loyalty::wasm {

class CsvMetricsSession {
  public:
    /** `options_json`: the metrics request without the orders (period, program, currency,
     *  columns...), read with the core's csv_options_from_request. */
    explicit CsvMetricsSession(const std::string& options_json)
        : CsvMetricsSession(options_json, 0) {}
    /** The same, told the file's size (a File's size; 0 when unknown), so the reader sizes its
     *  tables once instead of growing them by doubling. */
    CsvMetricsSession(const std::string& options_json, double expected_bytes);

    /** "" when the reader settings in the options are usable; otherwise the errors document
     *  metrics would answer, so JS can stop before reading any byte. */
    std::string options_errors() const { return options_errors_; }

    /** A Uint8Array view of `size` writable bytes inside the wasm heap for the next chunk.
     *  Valid until the next call into the module (memory may grow and move). */
    emscripten::val buffer(size_t size);
    /** Feeds the first `size` bytes written into the last buffer() to the reader. */
    void consume(size_t size);
    /** Data rows read so far (for progress). */
    double rows() const;
    /** Ends the input and returns the metrics response document (or the errors document). */
    std::string finish();

  private:
    std::string options_json_;
    std::string options_errors_;
    OrderImport reader_;
    std::vector<char> chunk_;
    bool finished_ = false;
};

}  // namespace loyalty::wasm
