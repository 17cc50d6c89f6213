#include "webhook_payloads.h"

#include <algorithm>
#include <utility>

#include "contacts.h"
#include "ids.h"
#include "json_body.h"
#include "loyalty/checked.h"
#include "request_body.h"

namespace loyalty::server {
namespace {

/** Collects problems with a platform's payload at JSON Pointers into it. */
class Payload {
  public:
    explicit Payload(Errors& errors) : errors_(errors) {}

    void fail(const std::string& path, std::string message, ErrorCode code) {
        errors_.push_back({path, std::move(message), code});
    }

    /** An id that is a number (Shopify's and InSales' ids) or a non-empty string, as text; it
     *  must be a valid order/refund id. */
    std::optional<std::string> id(const json& object, const std::string& base, const char* key) {
        const std::string path = base + pointer_to(key);
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            fail(path, "is required", ErrorCode::required);
            return std::nullopt;
        }
        std::string text;
        if (it->is_number_unsigned() || (it->is_number_integer() && it->get<int64_t>() >= 0))
            text = it->dump();
        else if (it->is_string())
            text = it->get<std::string>();
        if (text.empty() || !valid_record_id(text)) {
            fail(path,
                 "expected a whole number or " + std::string(kRecordIdWords) + ", got " +
                     describe_type(*it),
                 ErrorCode::bad_format);
            return std::nullopt;
        }
        return text;
    }

    /** An amount in minor units; absent or null gives `fallback` (nullopt: required). */
    std::optional<int64_t> money(const json& object, const std::string& base, const char* key,
                                 const Currency& currency,
                                 std::optional<int64_t> fallback = std::nullopt) {
        const std::string path = base + pointer_to(key);
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (!fallback) fail(path, "is required", ErrorCode::required);
            return fallback;
        }
        auto minor = decimal_to_minor(*it, currency);
        if (!minor) {
            fail(path,
                 "expected a decimal amount of " + std::string(currency.code) +
                     " such as \"199.00\" (at most " + std::to_string(currency.exponent) +
                     " decimals, not negative), got " +
                     (it->is_string() ? "\"" + it->get<std::string>() + "\"" : describe_type(*it)),
                 ErrorCode::bad_format);
        }
        return minor;
    }

    /** A whole number from 0 to 10^6. */
    std::optional<int64_t> quantity(const json& object, const std::string& base) {
        const std::string path = base + "/quantity";
        const auto it = object.find("quantity");
        if (it != object.end() && (it->is_number_unsigned() || it->is_number_integer())) {
            const int64_t q = it->get<int64_t>();
            if (q >= 0 && q <= 1'000'000) return q;
        }
        fail(path, "expected a whole number from 0 to 1000000", ErrorCode::out_of_range);
        return std::nullopt;
    }

    /** An array member, or an empty one when absent and optional. */
    const json* array(const json& object, const std::string& base, const char* key, bool required) {
        static const json kEmpty = json::array();
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (required) fail(base + pointer_to(key), "is required", ErrorCode::required);
            return required ? nullptr : &kEmpty;
        }
        if (!it->is_array()) {
            fail(base + pointer_to(key), "expected an array, got " + describe_type(*it),
                 ErrorCode::wrong_type);
            return nullptr;
        }
        return &*it;
    }

    /** The sum of a Shopify line's or shipping line's tax_lines[].price: its tax (0 without). */
    int64_t tax_lines(const json& object, const std::string& base, const Currency& currency) {
        int64_t tax = 0;
        const json* lines = array(object, base, "tax_lines", false);
        for (size_t i = 0; lines && i < lines->size(); ++i) {
            const std::string path = base + "/tax_lines/" + std::to_string(i);
            if (!(*lines)[i].is_object()) {
                fail(path, "expected a tax line object", ErrorCode::wrong_type);
                continue;
            }
            if (auto v = money((*lines)[i], path, "price", currency, 0))
                tax = std::min(kMaxAmount, tax + *v);
        }
        return tax;
    }

  private:
    Errors& errors_;
};

/** A string member, or "" (for members whose absence is fine). */
std::string text_of(const json& object, const char* key) {
    if (!object.is_object()) return "";
    const auto it = object.find(key);
    if (it == object.end()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_unsigned() || it->is_number_integer()) return it->dump();
    return "";
}

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

/** "+7 (912) 555-01-01" -> "+79125550101": a phone as a customer id. */
std::string phone_id(const std::string& phone) {
    std::string out;
    for (char c : phone) {
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out.push_back(c);
    }
    return out.size() > 1 ? out : "";
}

/** The platform's customer id as text; else the e-mail (lower case); else the phone. */
std::string customer_id_of(const json& customer, const std::string& email,
                           const std::string& phone) {
    std::string id = text_of(customer, "id");
    if (!id.empty() && id != "0") return id;
    for (const std::string& e : {text_of(customer, "email"), email}) {
        if (!trim(e).empty()) return lower(trim(e));
    }
    for (const std::string& p : {text_of(customer, "phone"), phone}) {
        if (!phone_id(p).empty()) return phone_id(p);
    }
    return "";
}

/** The person's e-mail and phone (else the order's) into the booking, for the owner's console;
 *  one a platform spells in a way the server does not store is left out, never refused: it
 *  must not cost the customer their points. */
void add_contacts(json& booking, const json& person, const std::string& email,
                  const std::string& phone) {
    for (const std::string& e : {text_of(person, "email"), email}) {
        if (auto normal = normal_email(trim(e))) {
            booking["customer_email"] = *normal;
            break;
        }
    }
    for (const std::string& p : {text_of(person, "phone"), phone}) {
        if (auto normal = normal_phone(trim(p))) {
            booking["customer_phone"] = *normal;
            break;
        }
    }
}

/** "Анна Смирнова" from the first and last name members, or nothing. */
std::optional<std::string> name_of(const json& person, const char* first, const char* last) {
    std::string name = trim(trim(text_of(person, first)) + " " + trim(text_of(person, last)));
    if (name.empty() || name.size() > 200) return std::nullopt;
    return name;
}

/** A cart line's sku: the platform's, else the variant's or product's id. */
std::string sku_of(const json& item) {
    const std::string sku = trim(text_of(item, "sku"));
    if (!sku.empty() && sku.size() <= 64) return sku;
    static constexpr std::pair<const char*, const char*> kIds[] = {
        {"variant_id", "variant:"}, {"product_id", "product:"}, {"id", "line:"}};
    for (const auto& [key, prefix] : kIds) {
        const std::string id = text_of(item, key);
        if (!id.empty()) return prefix + id;
    }
    return "item";
}

/** The platform's currency, with InSales' "RUR" read as the ruble's ISO code. */
std::string iso_currency(std::string code) {
    code = trim(code);
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return code == "RUR" ? "RUB" : code;
}

WebhookIntent kept_for_currency(WebhookIntent intent, const std::string& code,
                                const MoneyRules& rules) {
    intent.action = WebhookAction::Keep;
    intent.booking = nullptr;
    intent.detail = "order " + intent.order_id.value_or("?") + " is in " + code +
                    "; the programme counts " + std::string(rules.currency.code) +
                    ", so it is kept and not booked (book it by hand, converted, "
                    "with POST /api/loyalty/orders)";
    return intent;
}

}  // namespace

std::optional<int64_t> decimal_to_minor(const json& value, const Currency& currency) {
    std::string text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_number_unsigned())
        text = value.dump();
    else if (value.is_number_integer()) {
        if (value.get<int64_t>() < 0) return std::nullopt;
        text = value.dump();
    } else if (value.is_number_float())
        text = value.dump();  // the shortest text that reads back the same
    else
        return std::nullopt;

    size_t i = 0;
    int64_t units = 0, fraction = 0;
    int decimals = 0;
    bool digits = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        units = units * 10 + (text[i] - '0');
        if (units > kMaxAmount) return std::nullopt;
        digits = true;
    }
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            digits = true;
            if (decimals < currency.exponent) {
                fraction = fraction * 10 + (text[i] - '0');
                ++decimals;
            } else if (text[i] != '0') {
                return std::nullopt;  // a part of a minor unit: refused, never rounded
            }
        }
    }
    if (i != text.size() || !digits) return std::nullopt;
    for (; decimals < currency.exponent; ++decimals) fraction *= 10;
    const int64_t scale = minor_per_major(currency);
    if (units > kMaxAmount / scale) return std::nullopt;
    const int64_t minor = units * scale + fraction;
    if (minor > kMaxAmount) return std::nullopt;
    return minor;
}

Result<WebhookIntent> map_shopify(std::string_view topic, const json& payload,
                                  const MoneyRules& rules) {
    WebhookIntent intent;
    if (topic != "orders/paid" && topic != "refunds/create") {
        intent.action = WebhookAction::Ignore;
        intent.detail =
            "topic " + std::string(topic) + " books nothing (orders/paid and refunds/create do)";
        return intent;
    }
    Errors errors;
    Payload p(errors);
    if (topic == "refunds/create") {
        intent.refund_id = p.id(payload, "", "id");
        intent.order_id = p.id(payload, "", "order_id");
        int64_t amount = 0;
        if (const json* items = p.array(payload, "", "refund_line_items", false)) {
            for (size_t i = 0; i < items->size(); ++i) {
                const std::string base = "/refund_line_items/" + std::to_string(i);
                const json& item = (*items)[i];
                if (!item.is_object() || !item.contains("line_item") ||
                    !item["line_item"].is_object()) {
                    p.fail(base + "/line_item",
                           "expected the refunded line item, an object with its price",
                           ErrorCode::wrong_type);
                    continue;
                }
                auto quantity = p.quantity(item, base);
                auto price =
                    p.money(item["line_item"], base + "/line_item", "price", rules.currency);
                if (!quantity || !price) continue;
                auto part = checked_mul(*price, *quantity);
                if (!part || *part > kMaxAmount - amount) {
                    p.fail(base, "the refunded amount is too large", ErrorCode::out_of_range);
                    continue;
                }
                amount += *part;
            }
        }
        if (!errors.empty()) return errors;
        if (amount == 0) {
            intent.action = WebhookAction::Skip;
            intent.detail = "refund " + *intent.refund_id + " of order " + *intent.order_id +
                            " returns no items (shipping or an amount alone): no points change";
            return intent;
        }
        intent.action = WebhookAction::BookRefund;
        intent.booking = {
            {"order_id", *intent.order_id}, {"refund_id", *intent.refund_id}, {"amount", amount}};
        std::string at = text_of(payload, "processed_at");
        if (at.empty()) at = text_of(payload, "created_at");
        if (!at.empty()) intent.booking["at"] = at;
        intent.detail = "refund " + *intent.refund_id + " of order " + *intent.order_id + ": " +
                        format_minor(amount, rules.currency) + " " +
                        std::string(rules.currency.code) + " of items";
        return intent;
    }

    // orders/paid
    intent.order_id = p.id(payload, "", "id");
    if (!intent.order_id) return errors;
    const std::string currency = iso_currency(text_of(payload, "currency"));
    if (!currency.empty() && currency != rules.currency.code)
        return kept_for_currency(intent, currency, rules);
    const json customer = payload.contains("customer") && payload["customer"].is_object()
                              ? payload["customer"]
                              : json::object();
    const std::string customer_id =
        customer_id_of(customer, text_of(payload, "email"), text_of(payload, "phone"));

    // Shopify's prices include their tax only where the shop says so (taxes_included).
    const auto included = payload.find("taxes_included");
    const bool taxes_on_top =
        included != payload.end() && included->is_boolean() && !included->get<bool>();
    json lines = json::array();
    if (const json* items = p.array(payload, "", "line_items", true)) {
        for (size_t i = 0; i < items->size(); ++i) {
            const std::string base = "/line_items/" + std::to_string(i);
            const json& item = (*items)[i];
            if (!item.is_object()) {
                p.fail(base, "expected a line item object", ErrorCode::wrong_type);
                continue;
            }
            auto quantity = p.quantity(item, base);
            auto price = p.money(item, base, "price", rules.currency);
            if (!quantity || !price || *quantity == 0) continue;  // a line removed by an edit
            json line = {{"sku", sku_of(item)}, {"price", *price}, {"quantity", *quantity}};
            // Gift cards are money, not a purchase: a programme excludes the category from earning.
            if (item.value("gift_card", false)) line["category"] = "gift-cards";
            // The line's tax, for a programme whose earn.tax excludes it.
            // Tax a price includes is at most the price: an odd figure must not make the core
            // refuse the order at every retry.
            int64_t tax = p.tax_lines(item, base, rules.currency);
            if (const auto total = checked_mul(*price, *quantity); !taxes_on_top && total)
                tax = std::min(tax, *total);
            if (tax > 0) line["tax"] = tax;
            lines.push_back(std::move(line));
        }
    }
    auto discount = p.money(payload, "", "total_discounts", rules.currency, 0);
    int64_t shipping = 0, shipping_tax = 0;
    if (const json* shipping_lines = p.array(payload, "", "shipping_lines", false)) {
        for (size_t i = 0; i < shipping_lines->size(); ++i) {
            const json& s = (*shipping_lines)[i];
            const std::string base = "/shipping_lines/" + std::to_string(i);
            if (!s.is_object()) {
                p.fail(base, "expected a shipping line object", ErrorCode::wrong_type);
                continue;
            }
            if (auto price = p.money(s, base, "price", rules.currency, 0))
                shipping = std::min(kMaxAmount, shipping + *price);
            shipping_tax =
                std::min(kMaxAmount, shipping_tax + p.tax_lines(s, base, rules.currency));
        }
    }
    if (!errors.empty()) return errors;
    if (customer_id.empty()) {
        intent.action = WebhookAction::Skip;
        intent.detail = "order " + *intent.order_id +
                        " has no customer, e-mail or phone: nobody to give points to";
        return intent;
    }
    intent.customer_id = customer_id;
    intent.action = WebhookAction::BookOrder;
    intent.booking = {
        {"customer_id", customer_id}, {"order_id", *intent.order_id}, {"lines", std::move(lines)}};
    if (*discount > 0) intent.booking["discount"] = *discount;
    if (shipping > 0) intent.booking["shipping"] = shipping;
    if (!taxes_on_top) shipping_tax = std::min(shipping_tax, shipping);
    if (shipping_tax > 0) intent.booking["shipping_tax"] = shipping_tax;
    if (taxes_on_top) intent.booking["taxes_included"] = false;
    if (auto name = name_of(customer, "first_name", "last_name"))
        intent.booking["customer_name"] = *name;
    add_contacts(intent.booking, customer, text_of(payload, "email"), text_of(payload, "phone"));
    if (const std::string at = text_of(payload, "processed_at"); !at.empty())
        intent.booking["at"] = at;
    const std::string label = text_of(payload, "name");
    intent.detail = "order " + *intent.order_id + (label.empty() ? "" : " (" + label + ")") +
                    " of customer " + customer_id;
    return intent;
}

Result<WebhookIntent> map_insales(const json& body, const MoneyRules& rules) {
    WebhookIntent intent;
    // The order itself, or (as some senders wrap it) {"order": {...}}.
    const json& payload =
        !body.contains("order_lines") && body.contains("order") && body["order"].is_object()
            ? body["order"]
            : body;
    if (!payload.contains("order_lines")) {
        intent.action = WebhookAction::Ignore;
        intent.detail =
            "not an order (no order_lines): only order webhooks (orders/create, orders/update) "
            "book";
        return intent;
    }
    Errors errors;
    Payload p(errors);
    intent.order_id = p.id(payload, "", "id");
    if (!intent.order_id) return errors;
    const std::string number = text_of(payload, "number");
    const std::string label =
        "order " + *intent.order_id + (number.empty() ? "" : " (№" + number + ")");
    const std::string status = text_of(payload, "financial_status");
    if (status != "paid") {
        intent.action = WebhookAction::Skip;
        intent.detail = label + " is not paid (financial_status \"" + status +
                        "\"): it books when an update says \"paid\"";
        return intent;
    }
    const std::string currency = iso_currency(text_of(payload, "currency_code"));
    if (!currency.empty() && currency != rules.currency.code)
        return kept_for_currency(intent, currency, rules);
    const json client = payload.contains("client") && payload["client"].is_object()
                            ? payload["client"]
                            : json::object();
    const std::string customer_id = customer_id_of(client, "", "");

    json lines = json::array();
    if (const json* items = p.array(payload, "", "order_lines", true)) {
        for (size_t i = 0; i < items->size(); ++i) {
            const std::string base = "/order_lines/" + std::to_string(i);
            const json& item = (*items)[i];
            if (!item.is_object()) {
                p.fail(base, "expected an order line object", ErrorCode::wrong_type);
                continue;
            }
            auto quantity = p.quantity(item, base);
            // full_sale_price: the unit price with the order's discounts spread over its lines,
            // i.e. what was paid; sale_price when a sender leaves it out.
            const bool full =
                item.contains("full_sale_price") && !item["full_sale_price"].is_null();
            auto price =
                p.money(item, base, full ? "full_sale_price" : "sale_price", rules.currency);
            if (!quantity || !price || *quantity == 0) continue;
            lines.push_back({{"sku", sku_of(item)}, {"price", *price}, {"quantity", *quantity}});
        }
    }
    const bool full_delivery =
        payload.contains("full_delivery_price") && !payload["full_delivery_price"].is_null();
    auto shipping = p.money(payload, "", full_delivery ? "full_delivery_price" : "delivery_price",
                            rules.currency, 0);
    if (!errors.empty()) return errors;
    if (customer_id.empty()) {
        intent.action = WebhookAction::Skip;
        intent.detail = label + " has no client id, e-mail or phone: nobody to give points to";
        return intent;
    }
    intent.customer_id = customer_id;
    intent.action = WebhookAction::BookOrder;
    intent.booking = {
        {"customer_id", customer_id}, {"order_id", *intent.order_id}, {"lines", std::move(lines)}};
    if (*shipping > 0) intent.booking["shipping"] = *shipping;
    if (auto name = name_of(client, "name", "surname")) intent.booking["customer_name"] = *name;
    add_contacts(intent.booking, client, "", "");
    intent.detail = label + " of customer " + customer_id;
    return intent;
}

Result<WebhookIntent> map_generic(const json& envelope, const MoneyRules& rules,
                                  std::string& delivery_id) {
    Errors errors;
    FieldReader r(envelope, errors);
    r.reject_unknown({"id", "type", "currency", "data"});
    auto id = r.string("id", true, 128, valid_customer_id,
                       "a delivery id: 1-128 of A-Z a-z 0-9 . _ - : @ +");
    auto type = r.string("type", true, 40);
    auto currency = r.string("currency", false, 3);
    const json* data = r.raw("data", true);
    if (data && !data->is_object())
        errors.push_back(
            {"/data", "expected an object, got " + describe_type(*data), ErrorCode::wrong_type});
    if (!errors.empty()) return errors;
    delivery_id = *id;

    WebhookIntent intent;
    if (*type != "order.paid" && *type != "order.refunded") {
        intent.action = WebhookAction::Ignore;
        intent.detail = "type " + *type + " books nothing (order.paid and order.refunded do)";
        return intent;
    }
    // The ids, when they are text, for the report; the booking checks the whole request.
    const std::string order_id = text_of(*data, "order_id");
    if (!order_id.empty()) intent.order_id = order_id;
    if (const std::string c = text_of(*data, "customer_id"); !c.empty()) intent.customer_id = c;
    if (currency && iso_currency(*currency) != rules.currency.code)
        return kept_for_currency(intent, iso_currency(*currency), rules);
    intent.booking = *data;
    if (*type == "order.paid") {
        intent.action = WebhookAction::BookOrder;
        intent.detail = "order " + order_id + " of customer " + intent.customer_id.value_or("?");
        return intent;
    }
    // A refund waits for its order by the order's id, so the ids are checked before it may wait.
    FieldReader d(*data, errors);
    d.reject_unknown({"customer_id", "order_id", "amount", "refund_id", "at"});
    d.string("customer_id", true, 128, valid_customer_id,
             "a customer id: 1-128 of A-Z a-z 0-9 . _ - : @ +");
    d.string("order_id", true, 64, valid_record_id, kRecordIdWords);
    auto refund_id = d.string("refund_id", true, 64, valid_record_id, kRecordIdWords);
    d.integer("amount", true, 0, kMaxAmount);
    if (!errors.empty()) {
        for (auto& e : errors) e.path = "/data" + e.path;
        return errors;
    }
    intent.refund_id = *refund_id;
    intent.action = WebhookAction::BookRefund;
    intent.detail = "refund " + *refund_id + " of order " + order_id;
    return intent;
}

}  // namespace loyalty::server
