// Google Benchmark of the core's heavy paths (docs/performance.md, "Core (native)"):
//   - CSV import + metrics over one million generated orders (the calculator's workload),
//     also split into its parts, and with the program replay;
//   - status of one customer with ten thousand events.
// Items/s is orders (or events) per second of CPU time. Run (the figures in the doc are the
// medians of five repetitions):
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLOYALTY_BUILD_BENCH=ON
//   cmake --build build-bench -j2 --target bench_metrics
//   build-bench/tests/bench/bench_metrics --benchmark_repetitions=5 --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "loyalty/api.h"
#include "loyalty/csv.h"
#include "loyalty/metrics.h"
#include "loyalty/sample_orders.h"

namespace {

using json = nlohmann::json;

constexpr uint64_t kOrders = 1'000'000;
constexpr size_t kChunk = 1 << 20;  // the CLI and the calculator feed 1 MiB at a time

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_metrics: %s\n", message.c_str());
    std::exit(1);
}

// The one-million-order CSV, Russian style (the default of `loyalty sample-orders`).
const std::string& orders_csv() {
    static const std::string csv = [] {
        loyalty::SampleOrdersOptions o;
        o.count = kOrders;
        o.seed = 42;
        return loyalty::sample_orders_csv(o);
    }();
    return csv;
}

// A reader told the file's size, as the CLI and the calculator tell it. (Also generates the
// file on first use, outside any timed loop since every benchmark calls it first.)
loyalty::CsvOptions sized_options() {
    loyalty::CsvOptions options;
    options.expected_bytes = orders_csv().size();
    return options;
}

void import_into(loyalty::OrderCsvReader& reader) {
    const std::string& csv = orders_csv();
    for (size_t pos = 0; pos < csv.size(); pos += kChunk) {
        reader.feed(std::string_view(csv).substr(pos, kChunk));
    }
    if (!reader.finish().ok()) die("the generated CSV did not import");
}

// The example program of demo/examples (tiers, categories, a campaign, expiry, rewards).
const json& example_program() {
    static const json program = [] {
        const std::string path = std::string(LOYALTY_SOURCE_DIR) + "/demo/examples/program.json";
        std::ifstream in(path, std::ios::binary);
        if (!in) die("cannot read " + path);
        std::stringstream text;
        text << in.rdbuf();
        json doc = json::parse(text.str(), nullptr, false);
        if (doc.is_discarded()) die(path + " is not JSON");
        return doc;
    }();
    return program;
}

// The whole generated span, measured as the calculator measures a long history: the last year.
loyalty::MetricsOptions last_year(const loyalty::OrderTable& table) {
    loyalty::Day last = 0;
    for (loyalty::Day d : table.day()) last = std::max(last, d);
    return {loyalty::Day(last - 364), last, 365};
}

void BM_CsvImport(benchmark::State& state) {
    const loyalty::CsvOptions options = sized_options();
    for (auto _ : state) {
        loyalty::OrderCsvReader reader(options);
        import_into(reader);
        benchmark::DoNotOptimize(reader.table().size());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kOrders));
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(orders_csv().size()));
}

void BM_Metrics(benchmark::State& state) {
    loyalty::OrderCsvReader reader(sized_options());
    import_into(reader);
    const auto options = last_year(reader.table());
    for (auto _ : state) {
        auto m = loyalty::compute_metrics(reader.table(), options);
        if (!m.ok()) die("metrics failed");
        benchmark::DoNotOptimize(m.value().period.revenue);
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kOrders));
}

// The calculator's workload: bytes in, the metrics response out (JSON included).
void BM_CsvImportAndMetrics(benchmark::State& state) {
    const loyalty::CsvOptions options = sized_options();
    for (auto _ : state) {
        loyalty::OrderCsvReader reader(options);
        import_into(reader);
        const auto period = last_year(reader.table());
        const std::string request = json{{"period",
                                          {{"from", loyalty::format_day(period.from)},
                                           {"to", loyalty::format_day(period.to)}}}}
                                        .dump();
        std::string response =
            loyalty::metrics_json_for_table(reader.table(), reader.report(), request);
        if (response.find("\"ok\":true") == std::string::npos)
            die("metrics response: " + response.substr(0, 300));
        benchmark::DoNotOptimize(response.data());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kOrders));
}

void BM_ProgramReplay(benchmark::State& state) {
    loyalty::OrderCsvReader reader(sized_options());
    import_into(reader);
    const auto period = last_year(reader.table());
    const std::string request = json{
        {"period",
         {{"from", loyalty::format_day(period.from)}, {"to", loyalty::format_day(period.to)}}},
        {"program",
         example_program()}}.dump();
    // The replay's own cost: the full response with the program minus the one without it is
    // what a user waits for extra; here the whole call is timed.
    for (auto _ : state) {
        std::string response =
            loyalty::metrics_json_for_table(reader.table(), reader.report(), request);
        if (response.find("\"points_issued\"") == std::string::npos)
            die("replay response: " + response.substr(0, 300));
        benchmark::DoNotOptimize(response.data());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kOrders));
}

void BM_CsvImportMetricsAndReplay(benchmark::State& state) {
    const loyalty::CsvOptions options = sized_options();
    (void)example_program();
    for (auto _ : state) {
        loyalty::OrderCsvReader reader(options);
        import_into(reader);
        const auto period = last_year(reader.table());
        const std::string request = json{
            {"period",
             {{"from", loyalty::format_day(period.from)}, {"to", loyalty::format_day(period.to)}}},
            {"program",
             example_program()}}.dump();
        std::string response =
            loyalty::metrics_json_for_table(reader.table(), reader.report(), request);
        benchmark::DoNotOptimize(response.data());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(kOrders));
}

// A status request for one customer with `count` events over three years: purchases of two
// lines (every seventh paying 200 points), a partial refund of every tenth order, review bonuses.
std::string status_request(int count) {
    json events = json::array();
    events.push_back({{"type", "bonus"}, {"kind", "signup"}, {"at", "2023-01-01T10:00:00+03:00"}});
    const int64_t start = 1672552800;  // 2023-01-01T09:00:00+03:00
    const int64_t step = 3 * 365 * 86400 / count;
    int purchases = 0;
    for (int i = 1; events.size() < size_t(count); ++i) {
        const std::string at =
            loyalty::format_instant(start + int64_t(i) * step, loyalty::Zone{10800});
        if (i % 10 == 0 && purchases > 0) {
            events.push_back({{"type", "refund"},
                              {"order_id", "o-" + std::to_string(purchases)},
                              {"amount", 50000},
                              {"at", at}});
        } else if (i % 25 == 0) {
            events.push_back({{"type", "bonus"},
                              {"kind", "review"},
                              {"id", "r-" + std::to_string(i)},
                              {"at", at}});
        } else {
            ++purchases;
            json purchase = {
                {"type", "purchase"},
                {"order_id", "o-" + std::to_string(purchases)},
                {"at", at},
                {"lines",
                 {{{"sku", "book"}, {"category", "books"}, {"price", 150000}, {"quantity", 1}},
                  {{"sku", "pen"},
                   {"category", "stationery"},
                   {"price", 50000},
                   {"quantity", 2}}}}};
            if (purchases % 7 == 0) purchase["points_redeemed"] = 200;
            events.push_back(std::move(purchase));
        }
    }
    return json{{"program", example_program()},
                {"customer", {{"id", "c-heavy"}, {"events", std::move(events)}}},
                {"now", "2026-01-02T00:00:00+03:00"}}
        .dump();
}

void BM_Status10kEvents(benchmark::State& state) {
    const std::string request = status_request(10'000);
    {
        const json first = json::parse(loyalty::status_json(request), nullptr, false);
        if (!first.is_object() || !first.value("ok", false))
            die("status of the 10k-event customer failed: " + first.dump().substr(0, 400));
    }
    for (auto _ : state) {
        std::string response = loyalty::status_json(request);
        benchmark::DoNotOptimize(response.data());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * 10'000);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(request.size()));
}

}  // namespace

BENCHMARK(BM_CsvImport)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Metrics)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CsvImportAndMetrics)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ProgramReplay)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CsvImportMetricsAndReplay)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Status10kEvents)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
