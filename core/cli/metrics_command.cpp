#include "metrics_command.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "exit_codes.h"
#include "io.h"
#include "json_command.h"
#include "loyalty/api.h"
#include "loyalty/csv.h"
#include "loyalty/metrics.h"
#include "loyalty/sample_orders.h"

namespace loyalty::cli {
namespace {

using json = nlohmann::json;

json errors_json(const Errors& errors) {
    json list = json::array();
    for (const auto& e : errors)
        list.push_back(
            {{"path", e.path}, {"message", e.message}, {"code", error_code_name(e.code)}});
    return {{"ok", false}, {"errors", std::move(list)}};
}

/** The metrics request without its orders, built from the flags: what the core needs to read
 *  the CSV (currency) and to measure it (period, program). Fails with an error document when
 *  the --program file is not JSON; with an I/O error when it cannot be read. */
struct OptionsRequest {
    std::string text;
    std::string error_document;
    std::optional<Error> io_error;
};

OptionsRequest build_options_request(const MetricsCsvOptions& options) {
    json request = json::object();
    if (options.from || options.to) {
        json period = json::object();
        if (options.from) period["from"] = *options.from;
        if (options.to) period["to"] = *options.to;
        request["period"] = std::move(period);
    }
    if (options.currency) request["currency"] = *options.currency;
    if (options.preset) request["preset"] = *options.preset;
    if (options.program_path) {
        auto text = read_input(*options.program_path, kMaxRequestBytes + 1);
        if (!text.ok()) return {{}, {}, text.errors()[0]};
        json program = json::parse(text.value(), nullptr, /*allow_exceptions=*/false);
        if (program.is_discarded()) {
            return {{},
                    errors_json({{"/program",
                                  "the --program file " + *options.program_path +
                                      " is not valid JSON: " + json_syntax_message(text.value()),
                                  ErrorCode::not_json}})
                        .dump(),
                    {}};
        }
        request["program"] = std::move(program);
    }
    return {request.dump(-1, ' ', false, json::error_handler_t::replace), {}, {}};
}

}  // namespace

int run_metrics_csv(const MetricsCsvOptions& options, const OutputOptions& output) {
    if (stdin_is_terminal(options.csv_path)) {
        return report_failure("<stdin>",
                              "is a terminal; pass an orders CSV file, pipe one in, or use "
                              "--request (see loyalty metrics --help)");
    }
    OptionsRequest request = build_options_request(options);
    if (request.io_error) return report_failure(request.io_error->path, request.io_error->message);
    if (!request.error_document.empty()) return emit_response(request.error_document, output);

    // The reader is configured exactly as metrics_json would configure it for this request.
    auto csv_options = csv_options_from_request(request.text);
    if (!csv_options.ok()) return emit_response(errors_json(csv_options.errors()).dump(), output);

    // Told the file's size, the reader sizes its tables once instead of growing them.
    CsvOptions reader_options = csv_options.value();
    reader_options.expected_bytes = input_size_hint(options.csv_path);
    OrderImport reader(reader_options, reader_options.preset);
    auto read = for_each_chunk(options.csv_path, options.chunk_bytes, [&](std::string_view chunk) {
        reader.feed(chunk);
        return !reader.report().fatal.has_value();  // nothing after a fatal error is used
    });
    if (!read.ok()) return report_failure(read.errors()[0].path, read.errors()[0].message);
    (void)reader.finish();  // a failure is in report().fatal, which the response reports
    return emit_response(metrics_json_for_import(reader, request.text), output);
}

int run_sample_orders(const SampleOrdersCommand& command) {
    SampleOrdersOptions options;
    options.count = command.count;
    options.seed = command.seed;
    options.style = command.english ? SampleStyle::English : SampleStyle::Russian;
    bool write_failed = false;
    write_sample_orders(options, [&](std::string_view piece) {
        if (!write_failed && !write_stdout(piece)) write_failed = true;
    });
    if (write_failed) return report_failure("stdout", "write failed");
    return kExitOk;
}

}  // namespace loyalty::cli
