// The presets: each file in tests/vectors/presets, shaped column for column like the platform's
// export, against the metrics worked out by hand in expected.json; detection, contacts,
// Windows-1251, and files whose columns cannot be found.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "loyalty/csv_import.h"
#include "loyalty/metrics.h"
#include "test_helpers.h"

using loyalty::OrderImport;
using nlohmann::json;

namespace {

json metrics_of(const std::string& bytes, const std::string& currency, size_t chunk,
                const std::string& preset = "") {
    loyalty::CsvOptions options;
    options.currency = *loyalty::find_currency(currency);
    OrderImport import(options, preset);
    for (size_t i = 0; i < bytes.size(); i += chunk)
        import.feed(std::string_view(bytes).substr(i, chunk));
    (void)import.finish();
    return json::parse(
        loyalty::metrics_json_for_import(import, json{{"currency", currency}}.dump()));
}

}  // namespace

TEST_SUITE("csv presets") {
    TEST_CASE("each preset file gives the metrics worked out by hand, in any chunking") {
        const auto dir = loyalty::test::vectors_dir() / "presets";
        const json expected = json::parse(loyalty::test::read_text_file(dir / "expected.json"));
        for (const auto& c : expected["cases"]) {
            const std::string bytes =
                loyalty::test::read_text_file(dir / c["file"].get<std::string>());
            for (size_t chunk : {bytes.size(), size_t(1), size_t(7), size_t(100)}) {
                CAPTURE(c["file"]);
                CAPTURE(chunk);
                const json r = metrics_of(bytes, c["currency"], chunk);
                REQUIRE_MESSAGE(r["ok"] == true, r.dump());
                CHECK(r["import"]["preset"] == c["preset"]);
                CHECK(r["import"]["preset_detected"] == true);
                CHECK(r["import"]["encoding"] == c.value("encoding", "utf-8"));
                CHECK(r["orders"] == c["orders"]);
                CHECK(r["customers"] == c["customers"]);
                CHECK(r["revenue"] == c["revenue"]);
                CHECK(r["refunds"] == c["refunds"]);
                CHECK(r["refunded"] == c["refunded"]);
                CHECK(r["import"]["skipped_rows"] == c["skipped_rows"]);
                CHECK(r["import"]["bad_rows"] == c["bad_rows"]);
                json skipped = json::object();
                for (const auto& s : r["import"]["skipped"])
                    skipped[s["reason"].get<std::string>()] = s["rows"];
                CHECK(skipped == c["skipped"]);
            }
        }
    }

    TEST_CASE("detection from the header names") {
        using loyalty::CsvPreset;
        CHECK(loyalty::detect_csv_preset({"Name", "Email", "Financial Status", "Paid at", "Total",
                                          "Lineitem name"}) == CsvPreset::Shopify);
        CHECK(loyalty::detect_csv_preset({"order_id", "order_date", "status", "order_total",
                                          "billing_email"}) == CsvPreset::WooCommerce);
        CHECK(loyalty::detect_csv_preset({"Номер заказа", "Статус заказа", "Статус оплаты",
                                          "Сумма заказа"}) == CsvPreset::InSales);
        CHECK(loyalty::detect_csv_preset({"Email", "tranid", "Sent", "Payment Amount"}) ==
              CsvPreset::Tilda);
        CHECK(loyalty::detect_csv_preset({"Период", "Контрагент", "Регистратор", "Сумма"}) ==
              CsvPreset::OneC);
        // The generic shape, and a near miss (Shopify without its line-item columns).
        CHECK(loyalty::detect_csv_preset({"customer", "order", "date", "amount"}) ==
              CsvPreset::Generic);
        CHECK(loyalty::detect_csv_preset({"Name", "Email", "Financial Status", "Paid at"}) ==
              CsvPreset::Generic);
        CHECK(loyalty::csv_preset_id(CsvPreset::OneC) == "1c");
        CHECK(loyalty::csv_preset_from_id("shopify") == CsvPreset::Shopify);
        CHECK(!loyalty::csv_preset_from_id("Shopify").has_value());
    }

    TEST_CASE("contacts become one customer key") {
        using loyalty::normalize_customer_contact;
        CHECK(normalize_customer_contact(" Anna@Example.COM ") == "anna@example.com");
        CHECK(normalize_customer_contact("8 (912) 345-67-89") == "+79123456789");
        CHECK(normalize_customer_contact("+7 912 345 67 89") == "+79123456789");
        CHECK(normalize_customer_contact("'+1 (555) 010-9999") == "+15550109999");
        CHECK(normalize_customer_contact("89123456789") == "+79123456789");
        CHECK(normalize_customer_contact("1234") == "");         // too short for a phone
        CHECK(normalize_customer_contact("Иван Петров") == "");  // a name is no contact
        CHECK(normalize_customer_contact("@example.com") == "");
        CHECK(normalize_customer_contact("a b@example.com") == "");
        CHECK(normalize_customer_contact("") == "");
    }

    TEST_CASE("a file whose columns cannot be found gives the header and the missing roles") {
        const json r = metrics_of("Клиент;Дата;Статус\nc1;05.01.2026;ok\n", "RUB", 5);
        CHECK(r["ok"] == false);
        CHECK(r["header"] == json::array({"Клиент", "Дата", "Статус"}));
        CHECK(r["missing"] == json::array({"amount"}));
        CHECK(r["preset"] == "generic");
        CHECK(!r.contains("orders"));
    }

    TEST_CASE("a preset named by hand on a file without its columns names them") {
        const json r =
            metrics_of("customer,order,date,amount\nc1,1,2026-01-05,10\n", "RUB", 64, "shopify");
        CHECK(r["ok"] == false);
        CHECK(r["missing"] == json::array({"customer", "date", "amount", "order"}));
        const std::string message = r["errors"][0]["message"];
        CHECK(message.find("looks like a Shopify export but has no customer column") !=
              std::string::npos);
        CHECK(message.find("\"paid at\"") != std::string::npos);
    }

    TEST_CASE("an unknown preset id is refused by name") {
        const json r = metrics_of("customer,order,date,amount\n", "RUB", 64, "bitrix");
        CHECK(r["ok"] == false);
        CHECK(r["errors"][0]["path"] == "/preset");
    }

    TEST_CASE("a generic Windows-1251 file is decoded, with its columns picked by the reader") {
        // "Клиент;Дата;Сумма" and "Иван" in Windows-1251.
        const std::string bytes =
            "\xCA\xEB\xE8\xE5\xED\xF2;\xC4\xE0\xF2\xE0;\xD1\xF3\xEC\xEC\xE0\n"
            "\xC8\xE2\xE0\xED;05.01.2026;1 234,50\n";
        const json r = metrics_of(bytes, "RUB", 3);
        REQUIRE_MESSAGE(r["ok"] == true, r.dump());
        CHECK(r["import"]["encoding"] == "windows-1251");
        CHECK(r["import"]["preset"] == "generic");
        CHECK(r["import"]["columns"]["customer"] == "Клиент");
        CHECK(r["revenue"] == 123450);
    }

    TEST_CASE("a bad amount in a preset file is a bad row on its physical line and column") {
        const std::string bytes =
            "Name,Email,Financial Status,Paid at,Currency,Total,Lineitem name,Refunded Amount\n"
            "#1,a@x.io,paid,2026-01-05 10:00:00 +0000,USD,12.00,Mug,0.00\n"
            "#1,,,,,,Tea,\n"
            "#2,b@x.io,paid,2026-01-06 10:00:00 +0000,USD,lots,Mug,0.00\n";
        const json r = metrics_of(bytes, "USD", 9);
        REQUIRE_MESSAGE(r["ok"] == true, r.dump());
        CHECK(r["orders"] == 1);
        CHECK(r["import"]["bad_rows"] == 1);
        REQUIRE(r["import"]["errors"].size() == 1);
        CHECK(r["import"]["errors"][0]["line"] == 4);
        CHECK(r["import"]["errors"][0]["column"] == "Total");
    }

    TEST_CASE("hostile preset input: no crash, the same answer in any chunking, clear failures") {
        const std::string shopify_header =
            "Name,Email,Financial Status,Paid at,Currency,Total,Lineitem name,Refunded Amount\n";
        // A header alone is a file without orders.
        json r = metrics_of(shopify_header, "USD", 3);
        REQUIRE_MESSAGE(r["ok"] == true, r.dump());
        CHECK(r["orders"] == 0);
        CHECK(r["import"]["preset"] == "shopify");
        // A quote that never closes swallows the rest as one row: a bad row, not a crash.
        r = metrics_of(shopify_header + "#1,a@x.io,paid,2026-01-05,USD,\"12.00,Mug,0\n#2,b@x.io\n",
                       "USD", 4);
        REQUIRE_MESSAGE(r["ok"] == true, r.dump());
        CHECK(r["orders"] == 0);
        CHECK(r["import"]["bad_rows"] == 1);
        // A row longer than 1 MiB stops the import with a message.
        r = metrics_of(shopify_header + std::string(1100000, 'x'), "USD", 65536);
        CHECK(r["ok"] == false);
        CHECK(r["errors"][0]["message"].get<std::string>().find("longer than 1 MiB") !=
              std::string::npos);
        // Only an Excel "sep=" line, and an empty file.
        CHECK(metrics_of("sep=;\n", "RUB", 1)["ok"] == false);
        CHECK(metrics_of("", "RUB", 1)["ok"] == false);
        // Random bytes after a preset header: whatever comes out, it does not depend on chunking.
        uint64_t seed = 12345;
        auto next = [&] {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            return uint8_t(seed >> 56);
        };
        const char alphabet[] = "#1a@.,;\"\n\r 0123456789-paidPAID\xD0\xB0\xFF";
        for (int round = 0; round < 60; ++round) {
            std::string bytes = round % 2 ? shopify_header
                                          : "\xCA\xEE\xED\xF2\xF0\xE0\xE3\xE5\xED\xF2;"
                                            "\xD0\xE5\xE3\xE8\xF1\xF2\xF0\xE0\xF2\xEE\xF0;"
                                            "\xD1\xF3\xEC\xEC\xE0;\xC4\xE0\xF2\xE0\n";
            const size_t n = 50 + next() * 4;
            for (size_t i = 0; i < n; ++i) bytes += alphabet[next() % (sizeof alphabet - 1)];
            CAPTURE(round);
            const json whole = metrics_of(bytes, "RUB", bytes.size());
            CHECK(metrics_of(bytes, "RUB", 1) == whole);
            CHECK(metrics_of(bytes, "RUB", 13) == whole);
        }
    }
}
