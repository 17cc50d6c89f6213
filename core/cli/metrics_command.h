// `loyalty metrics orders.csv` and `loyalty sample-orders`: the CSV side of the CLI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "output.h"

namespace loyalty::cli {

struct MetricsCsvOptions {
    std::string csv_path = "-";               ///< orders CSV, "-" = stdin
    std::optional<std::string> program_path;  ///< program.json to replay over the orders
    std::optional<std::string> from;          ///< first day of the period, YYYY-MM-DD
    std::optional<std::string> to;            ///< last day of the period, YYYY-MM-DD
    std::optional<std::string> currency;      ///< ISO 4217 code of the amounts
    std::optional<std::string> preset;        ///< the export's shape (auto when absent)
    size_t chunk_bytes = size_t{1} << 20;     ///< bytes handed to the CSV reader at a time
};

/** Streams the CSV through the core's order reader (constant memory in the file size), computes
 *  the metrics and prints the response. Returns the exit code (see exit_codes.h). */
int run_metrics_csv(const MetricsCsvOptions& options, const OutputOptions& output);

struct SampleOrdersCommand {
    uint64_t count = 1000;
    uint64_t seed = 1;
    bool english = false;  ///< English headers, ISO dates and "1234.50" instead of Russian style
};

/** Prints generated orders as CSV on stdout (same options, same bytes on every platform). */
int run_sample_orders(const SampleOrdersCommand& command);

}  // namespace loyalty::cli
