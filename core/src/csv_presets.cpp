// The presets' column shapes (docs/calculator.md says where each comes from), their detection
// from a header row, and the customer key normalisation.
#include "csv_presets.h"

#include <array>

#include "csv_text.h"

namespace loyalty {
namespace {

const std::array<PresetSpec, 5> kPresets{{
    {CsvPreset::Shopify,
     "shopify",
     "Shopify",
     {{"name"}, {"financial status"}, {"paid at"}, {"lineitem name", "lineitem quantity"}},
     {"name"},
     {"email"},
     {"phone", "billing phone"},
     {},
     {"paid at", "created at"},
     {"total"},
     {"refunded amount"},
     {"currency"},
     {"financial status"},
     {"paid", "partially refunded", "refunded"},
     {},
     {},
     {},
     {"cancelled at"},
     {"payment method"},
     {"bogus"},
     {},
     {},
     true},
    {CsvPreset::WooCommerce,
     "woocommerce",
     "WooCommerce",
     {{"order total"}, {"billing email"}, {"status", "order status"}, {"order date", "date"}},
     {"order number", "order id"},
     {"billing email"},
     {"billing phone"},
     {},
     {"order date", "date", "paid date"},
     {"order total"},
     {"refunded total", "order refund", "refund total"},
     {"order currency", "currency"},
     {"status", "order status"},
     {"completed", "processing", "wc completed", "wc processing"},
     {"refunded", "wc refunded"},
     {},
     {},
     {},
     {"payment method", "payment method title"},
     {"test", "bogus", "cheque"},
     {},
     {},
     true},
    {CsvPreset::InSales,
     "insales",
     "InSales",
     {{"номер заказа"}, {"статус оплаты"}, {"статус заказа"}},
     {"номер заказа"},
     {"email", "e mail", "email покупателя", "почта"},
     {"телефон", "телефон покупателя"},
     {},
     {"дата создания", "дата заказа", "дата"},
     {"сумма заказа", "итоговая сумма", "полная стоимость", "итого", "стоимость заказа"},
     {"сумма возврата", "возвращено"},
     {"валюта"},
     {"статус заказа"},
     {"новый", "в обработке", "согласован", "принят", "отгружен", "доставлен", "выполнен",
      "завершен"},
     {"возврат"},
     {"статус оплаты"},
     {"оплачен"},
     {},
     {},
     {},
     {},
     {},
     true},
    {CsvPreset::Tilda,
     "tilda",
     "Tilda",
     {{"tranid"}, {"email", "phone"}, {"payment amount", "amount"}},
     {"tranid"},
     {"email"},
     {"phone"},
     {},
     {"sent", "date", "created"},
     {"payment amount", "amount"},
     {},
     {"currency", "payment currency"},
     {"payment status", "status"},
     {"paid", "оплачено", "оплачен", "success", "succeeded"},
     {"refunded", "возврат"},
     {},
     {},
     {},
     {"paymentsystem", "payment system"},
     {"test", "тест"},
     {},
     {},
     true},
    {CsvPreset::OneC,
     "1c",
     "1C",
     {{"контрагент"}, {"регистратор", "документ", "документ продажи"}},
     {"регистратор", "документ", "документ продажи"},
     {},
     {},
     {"контрагент"},
     {"период", "дата", "день"},
     {"сумма", "выручка", "сумма продажи", "стоимость"},
     {},
     {"валюта"},
     {},
     {},
     {},
     {},
     {},
     {},
     {},
     {},
     {"итого", "итог", "всего"},
     {"возврат"},
     false},
}};

}  // namespace

const PresetSpec& preset_spec(CsvPreset preset) {
    for (const auto& p : kPresets) {
        if (p.preset == preset) return p;
    }
    return kPresets[0];  // not reached: every preset but Generic has a spec
}

int find_column(const std::vector<std::string>& normalized, const Names& names) {
    for (auto name : names) {
        for (size_t i = 0; i < normalized.size(); ++i) {
            if (normalized[i] == name) return int(i);
        }
    }
    return -1;
}

std::string_view csv_preset_id(CsvPreset preset) {
    return preset == CsvPreset::Generic ? std::string_view("generic") : preset_spec(preset).id;
}

std::optional<CsvPreset> csv_preset_from_id(std::string_view id) {
    if (id == "generic") return CsvPreset::Generic;
    for (const auto& p : kPresets) {
        if (p.id == id) return p.preset;
    }
    return std::nullopt;
}

CsvPreset detect_csv_preset(const std::vector<std::string>& header) {
    std::vector<std::string> normalized;
    normalized.reserve(header.size());
    for (const auto& h : header) normalized.push_back(csv_normalize_name(h));
    for (const auto& p : kPresets) {
        bool all = true;
        for (const auto& group : p.detect) {
            if (find_column(normalized, group) < 0) {
                all = false;
                break;
            }
        }
        if (all) return p.preset;
    }
    return CsvPreset::Generic;
}

std::string normalize_customer_contact(std::string_view text) {
    std::string_view s = csv_trim(text);
    // Shopify writes phones as '+1 555... so that spreadsheets keep them as text.
    if (!s.empty() && s.front() == '\'') s = csv_trim(s.substr(1));
    if (s.empty()) return {};
    const size_t at = s.find('@');
    if (at != std::string_view::npos) {
        // An address: "Anna@Example.COM " and "anna@example.com" are one customer.
        if (at == 0 || at + 1 == s.size() || s.find_first_of(" ,;") != std::string_view::npos)
            return {};
        std::string out(s);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        }
        return out;
    }
    // A phone: digits with the usual punctuation only ("+7 (912) 345-67-89", "8 912 345 67 89").
    std::string digits;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c != '+' && c != ' ' && c != '(' && c != ')' && c != '-' && c != '.') {
            return {};
        }
    }
    if (digits.size() < 5 || digits.size() > 15) return {};
    // Russian numbers are written with 8 or +7 in front: one customer either way.
    if (digits.size() == 11 && digits[0] == '8') digits[0] = '7';
    return "+" + digits;
}

}  // namespace loyalty
