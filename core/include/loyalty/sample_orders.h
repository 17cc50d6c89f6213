// A deterministic generator of realistic order-history CSV files (for demos, tests and the
// benchmark): the same options always give the same bytes, on every platform.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "loyalty/date.h"

namespace loyalty {

enum class SampleStyle {
    Russian,  // "Номер заказа;Дата;Клиент;Город;Доставка;Сумма", 05.01.2024 14:37, "1 234,50"
    English,  // "order_id,created_at,customer_email,city,delivery,amount,currency", ISO, 1234.50
};

struct SampleOrdersOptions {
    uint64_t count = 100'000;  // orders (refund rows come on top, about 1 per 100 orders)
    uint64_t seed = 1;
    Day first_day = 19'723;  // 2024-01-01
    int32_t days = 731;      // the span of order dates: two years by default
    SampleStyle style = SampleStyle::Russian;
    bool refunds = true;  // some orders are followed by a refund row (negative amount)
};

/** Generates the CSV (header first, rows in date order) and hands it to `write` in pieces of
 *  about 64 KB. Customers come back with a realistic skew (a few loyal, many one-off), dates
 *  follow growth, season (November-December peak) and weekday, amounts a skewed spread around
 *  3000 RUB. Pure: a seeded generator, no clock. `days` below 1 counts as 1. */
void write_sample_orders(const SampleOrdersOptions& options,
                         const std::function<void(std::string_view)>& write);

/** The same CSV as one string. */
std::string sample_orders_csv(const SampleOrdersOptions& options);

}  // namespace loyalty
