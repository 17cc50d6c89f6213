// Fuzzes the streaming CSV reader: the input is fed once whole and once in chunks of random
// sizes (drawn from the first input bytes), and both runs must agree exactly; the report must
// add up; and the metrics response for the table must keep the JSON API's contract.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "loyalty/checked.h"
#include "loyalty/csv.h"
#include "loyalty/metrics.h"

namespace {

void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    __builtin_trap();
}

std::string fingerprint(const loyalty::OrderCsvReader& reader) {
    const auto& t = reader.table();
    const auto& r = reader.report();
    std::string s;
    for (size_t i = 0; i < t.size(); ++i) {
        s += std::string(t.customer_id(t.customer()[i])) + '\x1f' + std::string(t.order_id(i)) +
             '\x1f' + std::to_string(t.day()[i]) + '\x1f' + std::to_string(t.amount()[i]) + '\n';
    }
    for (const auto& f : t.refunds()) {
        s += std::to_string(f.customer) + ' ' + std::to_string(f.day) + ' ' +
             std::to_string(f.amount) + ' ' + std::to_string(f.order) + '\n';
    }
    for (const auto& e : r.errors) s += std::to_string(e.line) + e.column + e.message + '\n';
    s += std::to_string(r.rows) + ' ' + std::to_string(r.bad_rows) + ' ' +
         std::to_string(r.merged_rows) + ' ' + std::to_string(r.refund_rows) + ' ' +
         std::to_string(r.lines) + ' ' + std::string(1, r.delimiter) + r.customer_column + '|' +
         r.order_column + '|' + r.date_column + '|' + r.amount_column + '|' +
         (r.fatal ? r.fatal->message : std::string());
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    // The first byte seeds the chunk sizes; the rest is the file.
    uint64_t state = 0x9E3779B97F4A7C15ull ^ data[0];
    const std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);

    loyalty::CsvOptions options;
    options.max_errors = 5;
    loyalty::OrderCsvReader whole(options);
    whole.feed(file);
    const auto whole_result = whole.finish();

    loyalty::OrderCsvReader chunked(options);
    for (size_t pos = 0; pos < file.size();) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        const size_t len = 1 + size_t(state >> 60);  // 1..16 bytes
        chunked.feed(file.substr(pos, len));
        pos += len;
    }
    chunked.finish();

    if (fingerprint(whole) != fingerprint(chunked)) fail("chunked and whole input disagree");

    const auto& r = whole.report();
    const auto& t = whole.table();
    if (r.rows != t.size() + r.merged_rows + r.refund_rows + r.bad_rows)
        fail("rows != orders + merged + refunds + bad");
    if (r.errors.size() > options.max_errors) fail("more errors listed than max_errors");
    if (r.errors.size() > r.bad_rows) fail("more errors listed than bad rows");
    for (const auto& e : r.errors) {
        if (e.line < 1 || e.line > r.lines + 1) fail("an error's line is outside the file");
    }
    if (whole_result.ok() == r.fatal.has_value()) fail("finish() and report().fatal disagree");
    for (size_t i = 0; i < t.size(); ++i) {
        if (t.amount()[i] < 0 || t.amount()[i] > loyalty::kMaxAmount) fail("amount out of range");
    }

    loyalty::fuzz::check_response(loyalty::metrics_json_for_table(t, r, "{}"));
    return 0;
}
