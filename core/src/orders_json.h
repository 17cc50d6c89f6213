// A JSON array of orders -> OrderTable. Internal to the core (the metrics operation uses it).
#pragma once

#include "json_reader.h"
#include "loyalty/csv.h"
#include "loyalty/orders.h"

namespace loyalty {

/** Reads `[{"customer", "order_id"?, "date", "amount"}, ...]` found at `path` into `table`
 *  and finalizes it, filling `report` the way the CSV reader would (rows, merged and refund
 *  rows). Every problem is an error naming its JSON path; reading stops after `max_errors` of
 *  them. Amounts are integers of minor units in [-kMaxAmount, kMaxAmount]; a negative one is a
 *  refund. Items of one customer with the same order id are one order. */
void read_orders_json(const json& orders, std::string_view path, JsonReader& reader,
                      OrderTable& table, CsvReport& report, size_t max_errors = 100);

}  // namespace loyalty
