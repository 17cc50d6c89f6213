// `loyalty`: the core's operations on the command line. Reads one request (a file or stdin),
// prints one response on stdout. Exit codes: 0 ok, 2 invalid input (the error document is still
// printed), 1 usage or I/O error (message on stderr). See docs/cli.md.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "exit_codes.h"
#include "json_command.h"
#include "metrics_command.h"
#include "output.h"

namespace {

using loyalty::cli::OutputOptions;
using loyalty::cli::RequestOverrides;

/** One subcommand that runs a core JSON operation on a request document. */
struct JsonSubcommand {
    CLI::App* app = nullptr;
    std::string operation;
    std::string request_path = "-";
    RequestOverrides overrides;
    int timed_runs = 0;
};

/** Adds a JSON subcommand; with `takes_program_and_now` it also gets --program and --now.
 *  The deque keeps every element's address stable, since CLI11 binds options to its members. */
JsonSubcommand& add_json_subcommand(CLI::App& app, std::deque<JsonSubcommand>& subs,
                                    const std::string& operation, const std::string& description,
                                    const std::string& examples, bool takes_program_and_now) {
    JsonSubcommand& sub = subs.emplace_back();
    sub.operation = operation;
    sub.app = app.add_subcommand(operation, description);
    sub.app->footer("\nExamples:\n" + examples);
    sub.app
        ->add_option("request", sub.request_path, "request JSON file; \"-\" or nothing reads stdin")
        ->type_name("FILE");
    sub.app
        ->add_option("--time", sub.timed_runs,
                     "then run it N times more and print the median ms of one run to stderr")
        ->type_name("N")
        ->check(CLI::Range(1, 1000));
    if (takes_program_and_now) {
        sub.app
            ->add_option("--program", sub.overrides.program_path,
                         "program.json to place in the request as \"program\"")
            ->type_name("FILE");
        sub.app
            ->add_option("--now", sub.overrides.now,
                         "the request's \"now\" (ISO 8601, e.g. 2025-06-01T12:00:00+03:00)")
            ->type_name("INSTANT");
    }
    return sub;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "loyalty: the loyalty core on the command line. Each subcommand reads one JSON request\n"
        "(a file, or stdin when the file is \"-\" or omitted) and prints one JSON response.\n"
        "Exit codes: 0 ok; 2 invalid input (the error document is on stdout); 1 usage or I/O "
        "error.",
        "loyalty"};
    app.require_subcommand(1);
    app.fallthrough();
    app.set_version_flag("--version", "loyalty 0.1.0");
    app.get_formatter()->column_width(34);
    app.footer(
        "\nRun `loyalty <subcommand> --help` for the request each one takes; docs/cli.md has "
        "them all.");

    OutputOptions output;
    app.add_flag("--pretty", output.pretty, "indent the JSON response (default: one line)");

    // --- the JSON operations -----------------------------------------------------------------
    std::deque<JsonSubcommand> json_subcommands;
    add_json_subcommand(app, json_subcommands, "validate",
                        "Check a program.json; print its normalised summary or every error.",
                        "  loyalty validate demo/examples/program.json\n"
                        "  cat program.json | loyalty validate -\n",
                        false);
    add_json_subcommand(
        app, json_subcommands, "status",
        "A customer's status: balance, expiring lots, tier and progress, history.\n"
        "Request: {\"program\", \"customer\", \"now\", \"history_limit\"?, \"include_state\"?}.",
        "  printf '{\"customer\": %s}' \"$(cat demo/examples/customers/anna.json)\" |\n"
        "      loyalty status --program demo/examples/program.json --now "
        "2026-11-28T15:00:00+03:00\n"
        "  loyalty status request.json --pretty\n",
        true);
    add_json_subcommand(app, json_subcommands, "preview",
                        "What a cart earns and can redeem, with every line of the explanation.\n"
                        "Request: {\"program\", \"customer\"?, \"cart\", \"now\"}.",
                        "  echo '{\"cart\": {\"lines\": [{\"sku\": \"b1\", \"category\": "
                        "\"books\", \"price\": 120000}]}}' |\n"
                        "      loyalty preview --program demo/examples/program.json --now "
                        "2026-11-28T15:00:00+03:00\n"
                        "  loyalty preview request.json --pretty\n",
                        true);
    add_json_subcommand(
        app, json_subcommands, "survey-eligibility",
        "Whether to show a survey to a visitor now, and why (not).\n"
        "Request: {\"survey\" | \"program\" + \"survey_id\", \"visitor\", \"now\"}.",
        "  echo '{\"survey_id\": \"nps-2026\", \"visitor\": {\"id\": \"v-42\", \"visits\": 3}}' |\n"
        "      loyalty survey-eligibility --program demo/examples/program.json \\\n"
        "      --now 2026-11-28T15:00:00+03:00\n",
        true);
    add_json_subcommand(
        app, json_subcommands, "survey-summary",
        "Score survey answers: NPS (with margin of error), CSAT or CES.\n"
        "Request: {\"kind\": \"nps\"|\"csat\"|\"ces\", \"scale\"?, \"responses\"}.",
        "  echo '{\"kind\":\"nps\",\"responses\":[10,9,8,3]}' | loyalty survey-summary\n", false);
    add_json_subcommand(
        app, json_subcommands, "numbers",
        "The programme's figures by month over customers: issued, redeemed, expired, balance,\n"
        "liability, active members (docs/api.md, \"numbers\").\n"
        "Request: {\"program\", \"now\", \"from\", \"to\", \"customers\", \"carry\"?, "
        "\"per_customer\"?}.",
        "  loyalty numbers request.json --pretty\n", true);

    // --- metrics: a CSV of orders, or a JSON request ---------------------------------------------
    loyalty::cli::MetricsCsvOptions metrics_options;
    std::optional<std::string> metrics_request;
    CLI::App* metrics = app.add_subcommand(
        "metrics",
        "Business metrics over an order history (and a program replay with --program).\n"
        "Reads a CSV export of orders (customer, order, date, amount columns), or a JSON\n"
        "request with --request.");
    metrics->footer(
        "\nExamples:\n"
        "  loyalty metrics orders.csv\n"
        "  loyalty metrics orders.csv --program demo/examples/program.json \\\n"
        "      --from 2025-01-01 --to 2025-12-31 --currency RUB --pretty\n"
        "  loyalty sample-orders --count 1000 | loyalty metrics -\n"
        "  loyalty metrics --request metrics-request.json\n");
    CLI::Option* csv_option =
        metrics->add_option("orders", metrics_options.csv_path, "orders CSV file; \"-\" is stdin")
            ->type_name("CSV");
    CLI::Option* request_option =
        metrics->add_option("--request", metrics_request, "a JSON metrics request instead of a CSV")
            ->type_name("FILE");
    csv_option->excludes(request_option);
    metrics
        ->add_option("--program", metrics_options.program_path,
                     "program.json to replay over the orders")
        ->type_name("FILE");
    CLI::Option* from =
        metrics->add_option("--from", metrics_options.from, "first day of the period (YYYY-MM-DD)")
            ->type_name("DATE");
    CLI::Option* to =
        metrics->add_option("--to", metrics_options.to, "last day of the period (YYYY-MM-DD)")
            ->type_name("DATE");
    CLI::Option* currency =
        metrics
            ->add_option("--currency", metrics_options.currency,
                         "ISO 4217 currency of the amounts (default: the program's, or RUB)")
            ->type_name("CODE");
    from->excludes(request_option);
    to->excludes(request_option);
    currency->excludes(request_option);
    metrics
        ->add_option("--preset", metrics_options.preset,
                     "the export's shape: auto (default: from the header), generic, shopify, "
                     "woocommerce, insales, tilda or 1c")
        ->type_name("NAME")
        ->excludes(request_option);
    metrics
        ->add_option("--chunk-bytes", metrics_options.chunk_bytes,
                     "bytes read from the CSV at a time")
        ->check(CLI::Range(size_t{1}, size_t{1} << 30))
        ->capture_default_str();

    // --- sample-orders: a deterministic generated CSV
    // ---------------------------------------------
    loyalty::cli::SampleOrdersCommand sample_command;
    std::string sample_style = "russian";
    CLI::App* sample = app.add_subcommand(
        "sample-orders", "Print a generated orders CSV (deterministic for a seed) on stdout.");
    sample->footer(
        "\nExamples:\n"
        "  loyalty sample-orders --count 100000 --seed 7 > orders.csv\n"
        "  loyalty sample-orders --count 1000 | loyalty metrics -\n");
    sample
        ->add_option("--count", sample_command.count, "number of orders (refund rows come on top)")
        ->check(CLI::Range(uint64_t{0}, uint64_t{100'000'000}))
        ->capture_default_str();
    sample->add_option("--seed", sample_command.seed, "generator seed")->capture_default_str();
    sample
        ->add_option("--style", sample_style,
                     "russian: \"Сумма\" column, 05.01.2024, \"1 234,50\", ';'\n"
                     "english: amount column, ISO dates, 1234.50, ','")
        ->check(CLI::IsMember({"russian", "english"}))
        ->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every other parse error is a usage error.
        return app.exit(e) == 0 ? loyalty::cli::kExitOk : loyalty::cli::kExitUsage;
    }

    for (const JsonSubcommand& sub : json_subcommands) {
        if (sub.app->parsed()) {
            return loyalty::cli::run_json_command(sub.operation, sub.request_path, sub.overrides,
                                                  output, sub.timed_runs);
        }
    }
    if (metrics->parsed()) {
        if (metrics_request) {
            RequestOverrides overrides;
            overrides.program_path = metrics_options.program_path;
            return loyalty::cli::run_json_command("metrics", *metrics_request, overrides, output);
        }
        return loyalty::cli::run_metrics_csv(metrics_options, output);
    }
    if (sample->parsed()) {
        sample_command.english = sample_style == "english";
        return loyalty::cli::run_sample_orders(sample_command);
    }
    return loyalty::cli::kExitUsage;  // unreachable: require_subcommand(1)
}
