// The shape of each preset's export: which header names hold which field, which status values
// count as a paid sale, and the quirks to handle. Internal to the core (csv_presets.cpp,
// csv_import.cpp).
#pragma once

#include <string_view>
#include <vector>

#include "loyalty/csv_import.h"

namespace loyalty {

using Names = std::vector<std::string_view>;  // header names or values, as csv_normalize_name
                                              // writes them

struct PresetSpec {
    CsvPreset preset;
    std::string_view id;
    std::string_view label;     // for messages: "Shopify"
    std::vector<Names> detect;  // every group must have one of its names in the header
    Names order, email, phone, customer, date, amount;  // customer: a name or code (1C)
    Names refund;                                       // an amount refunded, in its own column
    Names currency;
    Names status;          // order status column
    Names paid;            // status values that count; any other non-empty value is skipped
    Names refunded;        // status values meaning the whole order was paid and then refunded
    Names payment_status;  // a second column that must say "paid" (InSales)
    Names payment_paid;
    Names cancelled;  // a column that is non-empty on cancelled orders (Shopify "Cancelled at")
    Names payment_method;  // skipped as a test order when it holds a word of `test_methods`
    Names test_methods;
    Names total_rows;               // customer values of a report's totals row ("итого")
    Names return_documents;         // document names starting so are returns (1C)
    bool one_row_per_order = true;  // later rows of the same order are line items, not orders
};

/** The spec of `preset` (not Generic). */
const PresetSpec& preset_spec(CsvPreset preset);
/** The index in `normalized` of the first of `names` present, or -1. */
int find_column(const std::vector<std::string>& normalized, const Names& names);

}  // namespace loyalty
