// The "metrics" operation: an order history (JSON orders or CSV text) in, business metrics and
// an optional program replay out. Also the entry points the wasm calculator uses after
// streaming a CSV file through OrderCsvReader.
#include <algorithm>
#include <array>

#include "loyalty/api.h"
#include "loyalty/metrics.h"
#include "operation.h"
#include "orders_json.h"
#include "program_json.h"

namespace loyalty {
namespace {

struct RequestOptions {
    std::optional<Day> from, to;
    int32_t window = 365;
    std::optional<Program> program;
    RedemptionPolicy policy = RedemptionPolicy::Max;
    CsvOptions csv;
};

constexpr std::array<std::string_view, 10> kKeys = {"orders",
                                                    "csv",
                                                    "period",
                                                    "active_window_days",
                                                    "currency",
                                                    "program",
                                                    "redemption_policy",
                                                    "columns",
                                                    "max_errors",
                                                    "preset"};

RequestOptions read_options(const json& doc, JsonReader& r, Errors& errors) {
    RequestOptions o;
    for (const auto& [key, value] : doc.items()) {
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
            std::string list;
            for (auto k : kKeys) list += (list.empty() ? "" : ", ") + std::string(k);
            r.fail(child_path("", key),
                   "is not a field of a metrics request; expected one of: " + list,
                   ErrorCode::unknown_field);
        }
    }
    if (const json* period = r.member(doc, "", "period", false)) {
        if (r.expect_object(*period, "/period")) {
            for (const auto& [key, value] : period->items()) {
                if (key != "from" && key != "to")
                    r.fail(child_path("/period", key),
                           "is not a field of a period; expected from, to",
                           ErrorCode::unknown_field);
            }
            o.from = r.day(*period, "/period", "from", false);
            o.to = r.day(*period, "/period", "to", false);
            if (o.from && o.to && *o.from > *o.to) {
                r.fail("/period",
                       "\"from\" (" + format_day(*o.from) + ") is after \"to\" (" +
                           format_day(*o.to) + ")",
                       ErrorCode::out_of_order);
            }
        }
    }
    if (auto w = r.integer(doc, "", "active_window_days", false, 1, 3650)) o.window = int32_t(*w);

    std::optional<Currency> currency;
    if (auto code = r.string(doc, "", "currency", false, 10)) {
        currency = find_currency(*code);
        if (!currency) {
            r.fail("/currency",
                   "\"" + *code +
                       "\" is not a supported ISO 4217 currency code (e.g. \"RUB\", \"USD\")",
                   ErrorCode::not_allowed);
        }
    }
    if (const json* program = r.member(doc, "", "program", false)) {
        auto parsed = parse_program_json(*program, "/program");
        if (parsed.ok()) {
            o.program = std::move(parsed).value();
        } else {
            errors.insert(errors.end(), parsed.errors().begin(), parsed.errors().end());
        }
    }
    if (currency && o.program && currency->code != o.program->currency.code) {
        r.fail("/currency",
               "is " + std::string(currency->code) + " but the program is in " +
                   std::string(o.program->currency.code),
               ErrorCode::conflict);
    }
    o.csv.currency = currency ? *currency : o.program ? o.program->currency : Currency{"RUB", 2};

    r.choice(doc, "", "redemption_policy", kRedemptionPolicyNames, o.policy);
    if (const json* columns = r.member(doc, "", "columns", false)) {
        if (r.expect_object(*columns, "/columns")) {
            for (const auto& [key, value] : columns->items()) {
                if (key != "customer" && key != "order" && key != "date" && key != "amount")
                    r.fail(child_path("/columns", key),
                           "is not a column role; expected customer, order, date or amount",
                           ErrorCode::unknown_field);
            }
            auto read = [&](const char* key, std::string& out) {
                if (auto v = r.string(*columns, "/columns", key, false, 200)) out = *v;
            };
            read("customer", o.csv.customer_column);
            read("order", o.csv.order_column);
            read("date", o.csv.date_column);
            read("amount", o.csv.amount_column);
        }
    }
    if (auto m = r.integer(doc, "", "max_errors", false, 0, 1000)) o.csv.max_errors = size_t(*m);
    if (auto preset = r.string(doc, "", "preset", false, 20)) {
        if (*preset != "auto" && !csv_preset_from_id(*preset))
            r.fail("/preset",
                   "\"" + *preset +
                       "\" is not a preset; expected auto, generic, shopify, "
                       "woocommerce, insales, tilda or 1c",
                   ErrorCode::not_allowed);
        else
            o.csv.preset = *preset;
    }
    return o;
}

json rate_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json int_or_null(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

void put_counts(json& out, const PeriodMetrics& p) {
    put(out, "orders", p.orders);
    put(out, "customers", p.customers);
    put(out, "repeat_customers", p.repeat_customers);
    put(out, "new_customers", p.new_customers);
    put(out, "revenue", p.revenue);
    put(out, "refunds", p.refunds);
    put(out, "refunded", p.refunded);
    put(out, "net_revenue", p.revenue - p.refunded);
    put(out, "average_order_value", int_or_null(p.average_order_value));
    put(out, "purchase_frequency", rate_or_null(p.purchase_frequency));
    put(out, "repeat_purchase_rate", rate_or_null(p.repeat_purchase_rate));
    put(out, "active_at_start", p.active_at_start);
    put(out, "active_at_end", p.active_at_end);
    put(out, "acquired", p.acquired);
    put(out, "retained", p.retained);
    put(out, "retention_rate", rate_or_null(p.retention_rate));
    put(out, "churn_rate", rate_or_null(p.churn_rate));
}

json program_json(const ProgramPeriod& p) {
    return {{"points_issued", p.points_issued},
            {"points_clawed_back", p.points_clawed_back},
            {"points_redeemed", p.points_redeemed},
            {"points_expired", p.points_expired},
            {"points_outstanding", p.points_outstanding},
            {"liability", p.liability},
            {"reward_cost", p.reward_cost},
            {"reward_cost_share", rate_or_null(p.reward_cost_share)}};
}

json import_json(const CsvReport& report, bool from_csv, const CsvImportInfo* info) {
    json errors = json::array();
    for (const auto& e : report.errors) {
        errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
    }
    json out = {{"source", from_csv ? "csv" : "orders"}, {"rows", report.rows},
                {"bad_rows", report.bad_rows},           {"merged_rows", report.merged_rows},
                {"refund_rows", report.refund_rows},     {"errors", std::move(errors)}};
    if (from_csv) {
        put(out, "lines", report.lines);
        put(out, "delimiter",
            report.delimiter == '\t' ? std::string("\t") : std::string(1, report.delimiter));
        auto name = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
        put(out, "columns",
            {{"customer", name(report.customer_column)},
             {"order", name(report.order_column)},
             {"date", name(report.date_column)},
             {"amount", name(report.amount_column)}});
    } else {
        put(out, "delimiter", nullptr);
        put(out, "columns", nullptr);
    }
    // A generic UTF-8 file answers as before the presets.
    if (info && (info->preset != "generic" || info->encoding != "utf-8")) {
        put(out, "preset", info->preset);
        put(out, "preset_detected", info->detected);
        put(out, "encoding", info->encoding);
        put(out, "skipped_rows", info->skipped_rows);
        json skipped = json::array();
        for (const auto& s : info->skipped)
            skipped.push_back({{"reason", s.reason}, {"rows", s.rows}});
        put(out, "skipped", std::move(skipped));
    }
    return out;
}

// The error document of an import that stopped, with what a column picker needs.
json import_errors_document(const Error& fatal, const CsvImportInfo& info) {
    json out = errors_document({fatal});
    if (info.missing.empty()) return out;
    put(out, "preset", info.preset);
    put(out, "header", info.header);
    put(out, "missing", info.missing);
    return out;
}

// The response for a table that imported without a fatal error.
json metrics_document(const OrderTable& table, const CsvReport& report, const RequestOptions& o,
                      bool from_csv, const CsvImportInfo* info = nullptr) {
    // The default period is the whole history, orders and refunds alike.
    std::optional<Day> first, last;
    for (Day d : table.day()) {
        if (!first || d < *first) first = d;
        if (!last || d > *last) last = d;
    }
    for (const auto& r : table.refunds()) {
        if (!first || r.day < *first) first = r.day;
        if (!last || r.day > *last) last = r.day;
    }
    std::optional<Day> from = o.from, to = o.to;
    if (!to && (last || from)) to = last && (!from || *last >= *from) ? *last : *from;
    if (!from && to) from = first && *first <= *to ? *first : *to;

    json out = {{"ok", true}, {"currency", std::string(o.csv.currency.code)}};
    Metrics metrics;
    MetricsOptions mo;
    if (from && to) {
        mo = {*from, *to, o.window};
        auto computed = compute_metrics(table, mo);
        if (!computed.ok()) return errors_document(computed.errors());
        metrics = std::move(computed).value();
        put(out, "period", {{"from", format_day(*from)}, {"to", format_day(*to)}});
    } else {
        put(out, "period", nullptr);
    }
    put(out, "active_window_days", o.window);
    put_counts(out, metrics.period);
    put(out, "lifetime_value", int_or_null(metrics.period.lifetime_value));

    std::optional<ProgramReplay> replay;
    if (o.program && from && to) {
        auto r = replay_program(table, *o.program, mo, o.policy, metrics);
        if (!r.ok()) return errors_document(r.errors());
        replay = std::move(r).value();
    }
    json months = json::array();
    for (size_t m = 0; m < metrics.months.size(); ++m) {
        const PeriodMetrics& pm = metrics.months[m];
        json month = {{"month", format_day(pm.from).substr(0, 7)},
                      {"from", format_day(pm.from)},
                      {"to", format_day(pm.to)}};
        put_counts(month, pm);
        if (replay) put(month, "program", program_json(replay->months[m]));
        months.push_back(std::move(month));
    }
    put(out, "months", std::move(months));
    put(out, "import", import_json(report, from_csv, info));
    if (o.program) {
        json p = replay ? program_json(replay->period) : program_json(ProgramPeriod{});
        put(p, "redemption_policy", kRedemptionPolicyNames[int(o.policy)]);
        put(p, "point_value", o.program->redemption.point_value);
        put(p, "purchases_replayed", replay ? replay->purchases : 0);
        put(p, "refunds_replayed", replay ? replay->refunds : 0);
        put(p, "skipped", replay ? replay->skipped : 0);
        put(p, "issues", replay ? json(replay->issues) : json::array());
        put(out, "program", std::move(p));
    }
    return out;
}

json run_metrics(const json& doc) {
    Errors errors;
    JsonReader r(errors);
    RequestOptions o = read_options(doc, r, errors);
    const json* orders = r.member(doc, "", "orders", false);
    const json* csv = r.member(doc, "", "csv", false);
    if (orders && csv) {
        r.fail("", "give either \"orders\" or \"csv\", not both", ErrorCode::conflict);
    } else if (!orders && !csv) {
        r.fail("",
               "expected \"orders\" (an array of {customer, order_id, date, amount}) or "
               "\"csv\" (the text of a CSV export)",
               ErrorCode::required);
    } else if (csv && !csv->is_string()) {
        r.fail("/csv", "expected the text of a CSV file as a string, got " + describe(*csv),
               ErrorCode::wrong_type);
    }
    if (orders && !csv) {
        // Read the orders even when an option is wrong, so one answer lists every problem.
        OrderTable table;
        CsvReport report;
        read_orders_json(*orders, "/orders", r, table, report);
        if (!errors.empty()) return errors_document(errors);
        return metrics_document(table, report, o, false);
    }
    if (!errors.empty()) return errors_document(errors);
    {
        CsvOptions sized = o.csv;
        sized.expected_bytes = csv->get_ref<const std::string&>().size();
        OrderImport import(sized, sized.preset);
        import.feed(csv->get_ref<const std::string&>());
        auto finished = import.finish();
        if (!finished.ok()) return import_errors_document(finished.errors()[0], import.info());
        return metrics_document(import.table(), import.report(), o, true, &import.info());
    }
}

std::string_view or_empty_object(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos ? std::string_view("{}")
                                                                       : text;
}

}  // namespace

std::string metrics_json(std::string_view request) {
    return run_json_operation(request, kMaxBulkBytes, run_metrics);
}

std::string metrics_json_for_table(const OrderTable& orders, const CsvReport& report,
                                   std::string_view options_request) {
    return run_json_operation(or_empty_object(options_request), kMaxRequestBytes,
                              [&](const json& doc) {
                                  Errors errors;
                                  JsonReader r(errors);
                                  RequestOptions o = read_options(doc, r, errors);
                                  if (!errors.empty()) return errors_document(errors);
                                  if (report.fatal) return errors_document({*report.fatal});
                                  return metrics_document(orders, report, o, true);
                              });
}

std::string metrics_json_for_import(const OrderImport& import, std::string_view options_request) {
    return run_json_operation(
        or_empty_object(options_request), kMaxRequestBytes, [&](const json& doc) {
            Errors errors;
            JsonReader r(errors);
            RequestOptions o = read_options(doc, r, errors);
            if (!errors.empty()) return errors_document(errors);
            if (import.report().fatal)
                return import_errors_document(*import.report().fatal, import.info());
            return metrics_document(import.table(), import.report(), o, true, &import.info());
        });
}

Result<CsvOptions> csv_options_from_request(std::string_view options_request) {
    auto parsed = parse_json_text(or_empty_object(options_request));
    if (!parsed.ok()) return parsed.errors();
    if (!parsed.value().is_object())
        return Error{"", "expected a JSON object, got " + describe(parsed.value()),
                     ErrorCode::wrong_type};
    Errors errors;
    JsonReader r(errors);
    RequestOptions o = read_options(parsed.value(), r, errors);
    if (!errors.empty()) return errors;
    return o.csv;
}

}  // namespace loyalty
