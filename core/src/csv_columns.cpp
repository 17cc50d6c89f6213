// Which header name means which column. Names are compared after csv_normalize_name, so
// "Customer_ID", "customer-id" and "CUSTOMER ID" are one name, as are "Дата" and "дата".
#include <array>

#include "csv_text.h"
#include "loyalty/csv.h"

namespace loyalty {
namespace {

struct Names {
    CsvRole role;
    std::initializer_list<std::string_view> exact;     // the whole name
    std::initializer_list<std::string_view> contains;  // a telling word anywhere in it
};

// Checked in this order for the "contains" pass: a name with both a date word and an order word
// ("дата заказа") is a date, one with an amount word and an order word ("сумма заказа") an
// amount, one with an order word and a customer word ("клиент заказа") a customer.
const std::array<Names, 4> kNames{{
    {CsvRole::Date,
     {"date",         "order date",   "created",       "created at",    "createdat",
      "created on",   "date created", "creation date", "purchase date", "paid at",
      "payment date", "date paid",    "datetime",      "date time",     "timestamp",
      "time",         "order time",   "дата",          "дата заказа",   "дата создания",
      "дата покупки", "дата оплаты",  "время",         "дата и время",  "дата время",
      "создан",       "оплачен"},
     {"дата", "date", "время", "time", "created"}},
    {CsvRole::Amount,
     {"amount",         "total",       "sum",          "order total", "total amount",
      "grand total",    "revenue",     "price",        "value",       "paid",
      "amount paid",    "total paid",  "order amount", "order sum",   "order value",
      "subtotal",       "total price", "сумма",        "итого",       "сумма заказа",
      "итоговая сумма", "стоимость",   "выручка",      "оплачено",    "сумма оплаты",
      "к оплате",       "цена",        "всего",        "сумма итого", "стоимость заказа",
      "сумма к оплате"},
     {"сумм", "amount", "total", "итог", "стоимост", "revenue", "выручк", "price", "цена"}},
    {CsvRole::Customer,
     {"customer",
      "customer id",
      "customerid",
      "customer email",
      "customer e mail",
      "customer phone",
      "customer number",
      "client",
      "client id",
      "clientid",
      "client email",
      "email",
      "e mail",
      "mail",
      "buyer",
      "buyer id",
      "buyer email",
      "user",
      "user id",
      "userid",
      "user email",
      "phone",
      "клиент",
      "id клиента",
      "код клиента",
      "номер клиента",
      "покупатель",
      "id покупателя",
      "код покупателя",
      "email клиента",
      "e mail клиента",
      "email покупателя",
      "e mail покупателя",
      "почта",
      "электронная почта",
      "e mail",
      "телефон",
      "телефон клиента",
      "телефон покупателя",
      "контрагент",
      "заказчик",
      "пользователь",
      "id пользователя",
      "карта",
      "номер карты",
      "card",
      "card number"},
     {"клиент", "покупател", "customer", "client", "buyer", "email", "e mail", "почт", "телефон",
      "phone", "заказчик", "контрагент"}},
    {CsvRole::Order,
     {"order",        "order id",
      "orderid",      "order number",
      "order no",     "order num",
      "номер заказа", "заказ",
      "id заказа",    "код заказа",
      "номер",        "номер документа",
      "документ",     "invoice",
      "invoice id",   "invoice number",
      "transaction",  "transaction id",
      "номер чека",   "чек",
      "number",       "id"},
     {"заказ", "order", "invoice", "чек", "номер"}},
}};

}  // namespace

CsvRoleMatch csv_match_role(std::string_view name) {
    if (name.empty()) return {};
    for (const auto& n : kNames) {
        for (auto e : n.exact) {
            if (name == e) return {n.role, 3};
        }
    }
    for (const auto& n : kNames) {
        for (auto word : n.contains) {
            if (name.find(word) != std::string_view::npos) return {n.role, 1};
        }
    }
    return {};
}

std::string_view csv_column_role(std::string_view header_name) {
    switch (csv_match_role(csv_normalize_name(header_name)).role) {
        case CsvRole::Customer:
            return "customer";
        case CsvRole::Order:
            return "order";
        case CsvRole::Date:
            return "date";
        case CsvRole::Amount:
            return "amount";
        case CsvRole::None:
            break;
    }
    return "";
}

}  // namespace loyalty
