// GET /api/admin/export/customers.csv and /api/admin/export/events.csv (docs/server.md, "CSV
// exports"): every customer with the balance, tier and lifetime totals the core computes, and
// every stored event. Streamed page by page (chunked), so a store of any size is never held in
// memory as a whole; UTF-8 with a byte order mark (spreadsheets then read Cyrillic right),
// RFC 4180 quoting, and text cells a spreadsheet would run as a formula shown as text.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "app.h"

namespace loyalty::server {

/** One CSV field: quoted when it holds a comma, a quote, CR or LF (quotes doubled); text that
 *  starts with = + - @, a tab or CR gets a leading ' so that no spreadsheet runs it. */
std::string csv_text_cell(std::string_view text);

/** Answers the customers export on `res` (streamed after the handler returns). */
void export_customers_csv(App& app, httplib::Response& res);

/** Answers the events export on `res` (streamed after the handler returns). */
void export_events_csv(App& app, httplib::Response& res);

}  // namespace loyalty::server
