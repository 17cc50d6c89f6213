#include "orders_json.h"

#include "loyalty/checked.h"

namespace loyalty {

void read_orders_json(const json& orders, std::string_view path, JsonReader& reader,
                      OrderTable& table, CsvReport& report, size_t max_errors) {
    const size_t errors_before = reader.error_count();
    if (!reader.expect_array(orders, path, size_t(OrderTable::kMaxRows))) return;
    for (size_t i = 0; i < orders.size(); ++i) {
        if (reader.error_count() - errors_before >= max_errors) {
            reader.fail(
                std::string(path),
                "has more errors; only the first " + std::to_string(max_errors) + " are listed",
                ErrorCode::too_many);
            return;
        }
        const json& item = orders[i];
        const std::string where = child_path(path, i);
        ++report.rows;
        if (!reader.expect_object(item, where)) continue;
        const size_t before = reader.error_count();
        auto customer = reader.string(item, where, "customer", true, 200);
        if (customer && customer->empty())
            reader.fail(child_path(where, "customer"), "is empty", ErrorCode::required);

        // Order ids are text, but exports often carry them as numbers: both are accepted.
        std::string order_id;
        if (const json* id = reader.member(item, where, "order_id", false)) {
            if (id->is_number_integer() || id->is_number_unsigned()) {
                order_id = dump_json(*id);
            } else if (auto text = reader.string(item, where, "order_id", false, 200)) {
                order_id = *text;
            }
        }
        std::optional<Day> day;
        if (const json* d = reader.member(item, where, "date", true)) {
            if (!d->is_string()) {
                reader.fail(child_path(where, "date"),
                            "expected a date string such as 2026-01-05, got " + describe(*d),
                            ErrorCode::wrong_type);
            } else if (!(day = parse_csv_date(d->get_ref<const std::string&>()))) {
                std::string message = "\"";  // appended: GCC 12 -O3 warns on "x" + string&&
                message += std::string_view(d->get_ref<const std::string&>()).substr(0, 40);
                message += "\" is not a date such as 2026-01-05 (years 1900-2999)";
                reader.fail(child_path(where, "date"), std::move(message), ErrorCode::bad_format);
            }
        }
        auto amount = reader.integer(item, where, "amount", true, -kMaxAmount, kMaxAmount);
        if (reader.error_count() != before || !customer || !day || !amount) continue;

        if (!table.add(*customer, order_id, *day, *amount, uint32_t(i))) {
            reader.fail(std::string(path), "has more orders or distinct customers than accepted",
                        ErrorCode::too_many);
            return;
        }
        if (*amount < 0) ++report.refund_rows;
    }
    // Items of one customer with the same order id are one order; a merge past kMaxAmount is
    // an error at the item that would have overflowed it.
    for (const auto& rejected : table.finalize()) {
        reader.fail(child_path(child_path(path, rejected.line), "amount"), rejected.message,
                    ErrorCode::out_of_range);
    }
    report.merged_rows = table.merged_rows();
}

}  // namespace loyalty
