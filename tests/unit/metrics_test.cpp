// Business metrics and the program replay over small histories worked out by hand.
#include "loyalty/metrics.h"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "loyalty/checked.h"
#include "loyalty/sample_orders.h"
#include "test_helpers.h"

namespace {

using loyalty::Day;
using loyalty::MetricsOptions;
using loyalty::OrderTable;
using loyalty::PeriodMetrics;

Day day(const char* iso) { return *loyalty::parse_csv_date(iso); }

struct Row {
    const char* customer;
    const char* order;
    const char* date;
    int64_t amount;
};

OrderTable table_of(std::initializer_list<Row> rows) {
    OrderTable t;
    uint32_t line = 1;
    for (const Row& r : rows) REQUIRE(t.add(r.customer, r.order, day(r.date), r.amount, ++line));
    t.finalize();
    return t;
}

// The history every test below uses (window W = 60 days):
//   A: 2026-01-20 1000, 2026-03-05 2000, 2026-03-20 3000
//   B: 2026-01-10 500
//   C: 2026-02-15 1500, 2026-03-10 2500
//   D: 2026-03-15 4000                      (new in March)
//   E: 2025-10-01 700, 2026-03-25 800        (lapsed, back in March)
//   F: 2026-04-02 9999                      (after every period: ignored)
OrderTable history() {
    return table_of({{"A", "a1", "2026-01-20", 1000},
                     {"B", "b1", "2026-01-10", 500},
                     {"C", "c1", "2026-02-15", 1500},
                     {"A", "a2", "2026-03-05", 2000},
                     {"E", "e1", "2025-10-01", 700},
                     {"C", "c2", "2026-03-10", 2500},
                     {"D", "d1", "2026-03-15", 4000},
                     {"A", "a3", "2026-03-20", 3000},
                     {"E", "e2", "2026-03-25", 800},
                     {"F", "f1", "2026-04-02", 9999}});
}

loyalty::Metrics metrics_of(const OrderTable& t, const char* from, const char* to, int window) {
    auto m = loyalty::compute_metrics(t, MetricsOptions{day(from), day(to), window});
    REQUIRE(m.ok());
    return m.value();
}

}  // namespace

TEST_SUITE("metrics") {
    TEST_CASE("one month: S, E, N and CRR by hand") {
        const auto m = metrics_of(history(), "2026-03-01", "2026-03-31", 60);
        const PeriodMetrics& p = m.period;
        // S: active at the end of 2026-02-28 = ordered in [2025-12-31, 2026-02-28]
        //    (60 days ending that day): A (01-20), B (01-10), C (02-15). S = 3.
        CHECK(p.active_at_start == 3);
        // E: active at the end of 2026-03-31 = ordered in [2026-01-31, 2026-03-31]:
        //    A, C, D, E (B's 01-10 is too old). E = 4.
        CHECK(p.active_at_end == 4);
        // Retained: in both, A and C = 2. N = E - retained = 2 (D new, E reactivated).
        CHECK(p.retained == 2);
        CHECK(p.acquired == 2);
        // CRR = (E - N) / S = (4 - 2) / 3 = 0.66666... -> 0.6667; churn = 1/3 -> 0.3333.
        CHECK(*p.retention_rate == doctest::Approx(0.6667).epsilon(1e-12));
        CHECK(*p.churn_rate == doctest::Approx(0.3333).epsilon(1e-12));
        // New customers: first order ever in March: D only (E bought in 2025).
        CHECK(p.new_customers == 1);
        // Orders in March: A 2, C 1, D 1, E 1 = 5 by 4 customers; A alone repeats.
        CHECK(p.orders == 5);
        CHECK(p.customers == 4);
        CHECK(p.repeat_customers == 1);
        // Revenue 2000 + 3000 + 2500 + 4000 + 800 = 12300; AOV 12300 / 5 = 2460.
        CHECK(p.revenue == 12300);
        CHECK(p.average_order_value == 2460);
        CHECK(*p.purchase_frequency == doctest::Approx(1.25));    // 5 / 4
        CHECK(*p.repeat_purchase_rate == doctest::Approx(0.25));  // 1 / 4
        // LTV = (revenue / customers) / churn = (12300 / 4) / (1 / 3) = 3075 * 3 = 9225.
        CHECK(p.lifetime_value == 9225);
        REQUIRE(m.months.size() == 1);
        CHECK(m.months[0].active_at_start == 3);
        CHECK(m.months[0].retained == 2);
    }

    TEST_CASE("two months: each month has its own S, E and N, and the period its own") {
        const auto m = metrics_of(history(), "2026-02-01", "2026-03-31", 60);
        REQUIRE(m.months.size() == 2);
        const PeriodMetrics& feb = m.months[0];
        // February. S: end of 01-31, window [2025-12-03, 2026-01-31]: A, B -> 2.
        // E: end of 02-28, window [2025-12-31, 2026-02-28]: A, B, C -> 3. Retained A, B.
        CHECK(feb.from == day("2026-02-01"));
        CHECK(feb.to == day("2026-02-28"));
        CHECK(feb.active_at_start == 2);
        CHECK(feb.active_at_end == 3);
        CHECK(feb.retained == 2);
        CHECK(feb.acquired == 1);
        CHECK(*feb.retention_rate == doctest::Approx(1.0));  // (3 - 1) / 2
        CHECK(feb.orders == 1);
        CHECK(feb.revenue == 1500);
        CHECK(feb.new_customers == 1);  // C
        // No one was lost in February: churn 0, so no lifetime value.
        CHECK_FALSE(feb.lifetime_value.has_value());
        // March as in the one-month case.
        CHECK(m.months[1].active_at_start == 3);
        CHECK(m.months[1].active_at_end == 4);
        CHECK(m.months[1].retained == 2);
        // The whole period: S = {A, B} (end of 01-31), E = {A, C, D, E}; retained A only.
        // CRR = (4 - 3) / 2 = 0.5. Orders 1 + 5 = 6, revenue 13800, customers A, C, D, E.
        // Repeat: A (2 in March), C (02-15 and 03-10) -> 2. New: C and D -> 2.
        const PeriodMetrics& p = m.period;
        CHECK(p.active_at_start == 2);
        CHECK(p.active_at_end == 4);
        CHECK(p.retained == 1);
        CHECK(p.acquired == 3);
        CHECK(*p.retention_rate == doctest::Approx(0.5));
        CHECK(p.orders == 6);
        CHECK(p.revenue == 13800);
        CHECK(p.customers == 4);
        CHECK(p.repeat_customers == 2);
        CHECK(p.new_customers == 2);
        // LTV = (13800 / 4) / (1 / 2) = 6900.
        CHECK(p.lifetime_value == 6900);
    }

    TEST_CASE("a partial first month is clipped to the period") {
        const auto m = metrics_of(history(), "2026-03-10", "2026-04-05", 60);
        REQUIRE(m.months.size() == 2);
        CHECK(m.months[0].from == day("2026-03-10"));
        CHECK(m.months[0].to == day("2026-03-31"));
        CHECK(m.months[1].from == day("2026-04-01"));
        CHECK(m.months[1].to == day("2026-04-05"));
        // March 10-31: C 2500, D 4000, A 3000, E 800 = 10300 from 4 orders; April: F 9999.
        CHECK(m.months[0].revenue == 10300);
        CHECK(m.months[0].orders == 4);
        CHECK(m.months[1].revenue == 9999);
        CHECK(m.period.revenue == 20299);
    }

    TEST_CASE("refunds reduce net revenue but are not orders and do not make anyone active") {
        const OrderTable t = table_of({{"A", "a1", "2026-03-02", 5000},
                                       {"A", "a1", "2026-03-04", -1500},
                                       {"B", "", "2026-03-05", -700}});
        const auto m = metrics_of(t, "2026-03-01", "2026-03-31", 365);
        CHECK(m.period.orders == 1);
        CHECK(m.period.revenue == 5000);
        CHECK(m.period.refunds == 2);
        CHECK(m.period.refunded == 2200);
        CHECK(m.period.customers == 1);      // B only returned something
        CHECK(m.period.active_at_end == 1);  // A
        REQUIRE(t.refunds().size() == 2);
        CHECK(t.refunds()[0].order == 0);   // linked to a1
        CHECK(t.refunds()[1].order == -1);  // no order id
    }

    TEST_CASE("no one active at the start: retention, churn and lifetime value are absent") {
        const auto m = metrics_of(history(), "2025-10-01", "2025-10-31", 60);
        CHECK(m.period.active_at_start == 0);
        CHECK(m.period.active_at_end == 1);
        CHECK_FALSE(m.period.retention_rate.has_value());
        CHECK_FALSE(m.period.churn_rate.has_value());
        CHECK_FALSE(m.period.lifetime_value.has_value());
    }

    TEST_CASE("invalid periods and windows are errors with paths") {
        const OrderTable t = history();
        auto reversed = loyalty::compute_metrics(t, {day("2026-03-02"), day("2026-03-01"), 30});
        REQUIRE_FALSE(reversed.ok());
        CHECK(reversed.errors()[0].path == "/period");
        auto window = loyalty::compute_metrics(t, {day("2026-03-01"), day("2026-03-02"), 0});
        REQUIRE_FALSE(window.ok());
        CHECK(window.errors()[0].path == "/active_window_days");
        auto long_period = loyalty::compute_metrics(t, {day("1900-01-01"), day("2999-12-31"), 30});
        REQUIRE_FALSE(long_period.ok());
        CHECK(long_period.errors()[0].message.find("13200 calendar months") != std::string::npos);
    }

    TEST_CASE("a revenue beyond int64 is an error, not a wrap") {
        // 10000 orders of 10^15 minor units = 10^19 > 2^63 - 1 (about 9.22 * 10^18).
        OrderTable t;
        for (int i = 0; i < 10000; ++i)
            REQUIRE(t.add("whale", "", day("2026-01-01"), loyalty::kMaxAmount));
        t.finalize();
        auto m = loyalty::compute_metrics(t, {day("2026-01-01"), day("2026-01-31"), 365});
        REQUIRE_FALSE(m.ok());
        CHECK(m.errors()[0].message.find("exceeds") != std::string::npos);
    }

    TEST_CASE("order lines merge per customer, also for customers with many orders") {
        // 40 rows of one customer, order ids o0..o19 twice, newest first and out of order;
        // plus one row of another customer reusing o3 (another order: ids are per customer).
        OrderTable t;
        for (int i = 0; i < 40; ++i) {
            // Built by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
            std::string id = "o";
            id += std::to_string((i * 7) % 20);
            REQUIRE(t.add("big", id, day("2026-03-01") + (39 - i), 100 + i, uint32_t(i + 2)));
        }
        REQUIRE(t.add("other", "o3", day("2026-03-05"), 5));
        t.finalize();
        // 20 orders of "big" (each two rows) + 1 of "other"; 20 rows merged.
        CHECK(t.size() == 21);
        CHECK(t.merged_rows() == 20);
        // Rows i and i + 20 share an id (7 * 20 = 140 = 0 mod 20): amounts (100 + i) + (120 + i),
        // day of row i + 20 (the earlier one). Sum over all: 40 * 100 + (0 + ... + 39) = 4780.
        int64_t total = 0;
        for (uint32_t k = t.customer_begin(0); k < t.customer_begin(1); ++k) total += t.amount()[k];
        CHECK(total == 4780);
        // Day order within the customer.
        for (uint32_t k = t.customer_begin(0) + 1; k < t.customer_begin(1); ++k)
            CHECK(t.day()[k - 1] <= t.day()[k]);
        CHECK(t.customer_begin(2) - t.customer_begin(1) == 1);
    }

    TEST_CASE("a table that was not finalized is refused") {
        OrderTable t;
        t.add("A", "", day("2026-01-01"), 1);
        CHECK_FALSE(loyalty::compute_metrics(t, {day("2026-01-01"), day("2026-01-31"), 365}).ok());
    }
}

namespace {

// Earn 1 point per 100 minor units (floor, on what is paid), a point is worth 10 minor units,
// points may pay up to half of an order, and a lot lives 60 days after the day it was earned.
loyalty::Program replay_program() {
    loyalty::Program p;
    p.currency = {"RUB", 2};
    p.zone = {0};
    p.earn.points = 1;
    p.earn.per_amount = 100;
    p.redemption.point_value = 10;
    p.redemption.min_points = 1;
    p.redemption.step = 1;
    p.redemption.max_share = loyalty::Ratio{500'000};
    p.expiry.days = 60;
    return p;
}

loyalty::ProgramReplay replay_of(const OrderTable& t, const char* from, const char* to,
                                 loyalty::RedemptionPolicy policy) {
    const MetricsOptions options{day(from), day(to), 365};
    auto m = loyalty::compute_metrics(t, options);
    REQUIRE(m.ok());
    const loyalty::Program program = replay_program();
    auto r = loyalty::replay_program(t, program, options, policy, m.value());
    REQUIRE(r.ok());
    return r.value();
}

}  // namespace

TEST_SUITE("metrics") {
    TEST_CASE("program replay, redeeming the most allowed, by hand") {
        // A: 01-20 1000 -> earns 10 (lot usable through 01-20 + 60 = 03-21).
        //    03-05 2000: cap = 2000 * 0.5 / 10 = 100 points, balance 10 -> redeems 10
        //          (100 minor units off), pays 1900 -> earns 19. Balance 19.
        //    03-20 3000: cap 150, redeems 19 (190 off), pays 2810 -> earns 28. Balance 28.
        // B: 01-10 500 -> earns 5, usable through 03-11, gone at 03-12 00:00: 5 expire in March.
        const OrderTable t = table_of({{"A", "a1", "2026-01-20", 1000},
                                       {"B", "b1", "2026-01-10", 500},
                                       {"A", "a2", "2026-03-05", 2000},
                                       {"A", "a3", "2026-03-20", 3000}});
        const auto r = replay_of(t, "2026-03-01", "2026-03-31", loyalty::RedemptionPolicy::Max);
        CHECK(r.period.points_issued == 19 + 28);
        CHECK(r.period.points_redeemed == 10 + 19);
        CHECK(r.period.points_expired == 5);
        CHECK(r.period.points_outstanding == 28);
        CHECK(r.period.liability == 28 * 10);
        CHECK(r.period.reward_cost == 29 * 10);
        // Reward cost share: 290 / March revenue 5000 = 0.058.
        CHECK(*r.period.reward_cost_share == doctest::Approx(0.058));
        CHECK(r.purchases == 4);
        CHECK(r.skipped == 0);
        REQUIRE(r.months.size() == 1);
        CHECK(r.months[0].points_outstanding == 28);
    }

    TEST_CASE("program replay without redemptions: everything earned stays or expires") {
        // A earns 10 (01-20), 20 (03-05), 30 (03-20); the 10 expire at 03-22 00:00; B's 5 at
        // 03-12. March: issued 50, expired 15, outstanding 20 + 30 = 50.
        const OrderTable t = table_of({{"A", "a1", "2026-01-20", 1000},
                                       {"B", "b1", "2026-01-10", 500},
                                       {"A", "a2", "2026-03-05", 2000},
                                       {"A", "a3", "2026-03-20", 3000}});
        const auto r = replay_of(t, "2026-03-01", "2026-03-31", loyalty::RedemptionPolicy::None);
        CHECK(r.period.points_issued == 50);
        CHECK(r.period.points_redeemed == 0);
        CHECK(r.period.points_expired == 15);
        CHECK(r.period.points_outstanding == 50);
        CHECK(r.period.liability == 500);
        CHECK(r.period.reward_cost == 0);
        CHECK(*r.period.reward_cost_share == doctest::Approx(0.0));
    }

    TEST_CASE("a refund in the replay takes back what the order earned and returns its points") {
        // As the first replay, then a3 (redeemed 19, earned 28) is refunded in full on 03-25:
        // the 19 points come back, the 28 are clawed back. Balance 28 + 19 - 28 = 19.
        const OrderTable t = table_of({{"A", "a1", "2026-01-20", 1000},
                                       {"A", "a2", "2026-03-05", 2000},
                                       {"A", "a3", "2026-03-20", 3000},
                                       {"A", "a3", "2026-03-25", -3000}});
        const auto r = replay_of(t, "2026-03-01", "2026-03-31", loyalty::RedemptionPolicy::Max);
        CHECK(r.refunds == 1);
        CHECK(r.period.points_issued == 47);
        CHECK(r.period.points_clawed_back == 28);
        CHECK(r.period.points_redeemed == 29 - 19);
        CHECK(r.period.points_outstanding == 19);
    }

    TEST_CASE("over the whole history, what is outstanding is what was issued and not used") {
        loyalty::SampleOrdersOptions o;
        o.count = 3000;
        o.seed = 7;
        o.days = 400;
        loyalty::OrderCsvReader reader;
        reader.feed(loyalty::sample_orders_csv(o));
        REQUIRE(reader.finish().ok());
        const OrderTable& t = reader.table();
        // From the first order (no expiry before the period) to well after the last one.
        const auto r = replay_of(t, "2024-01-01", "2026-12-31", loyalty::RedemptionPolicy::Max);
        CHECK(r.purchases == 3000);
        CHECK(r.period.points_issued > 0);
        CHECK(r.period.points_expired > 0);
        CHECK(r.period.points_outstanding == r.period.points_issued - r.period.points_clawed_back -
                                                 r.period.points_redeemed -
                                                 r.period.points_expired);
        int64_t issued = 0;
        for (const auto& month : r.months) issued += month.points_issued;
        CHECK(issued == r.period.points_issued);
    }
}

namespace {

// The worked example of docs/metrics.md ("A worked example"), as a site owner's export: Russian
// header names, `;`, dd.mm.yyyy, decimal commas, two lines of one order, a refund and a bad row.
constexpr const char* kExampleCsv =
    "Клиент;Номер заказа;Дата заказа;Сумма, руб.\n"
    "anna@example.ru;A-1;10.06.2025;1 000,00\n"
    "boris@example.ru;B-1;01.02.2025;800\n"
    "anna@example.ru;A-2;14.02.2026 18:05;2 500,50\n"
    "anna@example.ru;A-3;03.03.2026;1 500,00\n"
    "anna@example.ru;A-3;10.03.2026;-500,00\n"
    "vera@example.ru;V-1;20.03.2026;400,00\n"
    "vera@example.ru;V-1;20.03.2026;200,00\n"
    "oleg@example.ru;O-1;31.02.2026;100,00\n";

// 1 point per 10 RUB (1000 kopecks, floor), a point is worth 1 RUB, points pay at most 20% of an
// order, lots last 365 days after the day they were earned.
loyalty::test::json example_program() {
    return {{"id", "example"},
            {"currency", "RUB"},
            {"timezone", "UTC"},
            {"earn", {{"points", 1}, {"per_amount", 1000}}},
            {"expiry", {{"days", 365}}},
            {"redemption",
             {{"point_value", 100}, {"min_points", 1}, {"step", 1}, {"max_share", "20%"}}}};
}

}  // namespace

TEST_SUITE("metrics") {
    TEST_CASE("the worked example of docs/metrics.md: 5 orders by 3 customers, a quarter") {
        const auto r = loyalty::test::run(
            "metrics", {{"csv", kExampleCsv},
                        {"period", {{"from", "2026-01-01"}, {"to", "2026-03-31"}}},
                        {"program", example_program()}});
        REQUIRE(r["ok"] == true);
        // Import: 8 data rows = 5 orders + 1 merged line (V-1's second row) + 1 refund + 1 bad
        // row (31.02.2026 on line 9; the header is line 1).
        const auto& import = r["import"];
        CHECK(import["rows"] == 8);
        CHECK(import["merged_rows"] == 1);
        CHECK(import["refund_rows"] == 1);
        CHECK(import["bad_rows"] == 1);
        CHECK(import["delimiter"] == ";");
        CHECK(import["columns"]["amount"] == "Сумма, руб.");
        REQUIRE(import["errors"].size() == 1);
        CHECK(import["errors"][0]["line"] == 9);
        CHECK(import["errors"][0]["column"] == "Дата заказа");

        // In the quarter: anna A-2 250050 and A-3 150000, vera V-1 40000 + 20000 = 60000.
        CHECK(r["orders"] == 3);
        CHECK(r["customers"] == 2);         // anna, vera
        CHECK(r["repeat_customers"] == 1);  // anna
        CHECK(r["repeat_purchase_rate"] == 0.5);
        CHECK(r["purchase_frequency"] == 1.5);      // 3 / 2
        CHECK(r["revenue"] == 460050);              // 250050 + 150000 + 60000
        CHECK(r["average_order_value"] == 153350);  // 460050 / 3 = 153350 exactly
        CHECK(r["refunded"] == 50000);
        CHECK(r["net_revenue"] == 410050);
        // S: ordered in (2024-12-31, 2025-12-31]: anna (2025-06-10), boris (2025-02-01) -> 2.
        // E: ordered in (2025-03-31, 2026-03-31]: anna, vera -> 2 (boris lapsed after 2026-01-31).
        // Retained anna; N = E - retained = 1 (vera, also the only new customer).
        CHECK(r["active_at_start"] == 2);
        CHECK(r["active_at_end"] == 2);
        CHECK(r["retained"] == 1);
        CHECK(r["acquired"] == 1);
        CHECK(r["new_customers"] == 1);
        CHECK(r["retention_rate"] == 0.5);  // (2 - 1) / 2
        CHECK(r["churn_rate"] == 0.5);
        // LTV = (460050 / 2) / 0.5 = 460050 * 2 / (2 * 1) = 460050.
        CHECK(r["lifetime_value"] == 460050);

        // Months: boris is active at the end of January (his order is 365 days old on
        // 2026-01-31), not at the end of February.
        const auto& months = r["months"];
        REQUIRE(months.size() == 3);
        CHECK(months[0]["retention_rate"] == 1.0);  // S = E = {anna, boris}
        CHECK(months[1]["active_at_end"] == 1);
        CHECK(months[1]["retention_rate"] == 0.5);          // lost boris
        CHECK(months[2]["acquired"] == 1);                  // vera
        CHECK(months[2]["average_order_value"] == 105000);  // (150000 + 60000) / 2

        // Replay ("max"): before the quarter anna earns floor(100000 / 1000) = 100, boris 80.
        // 02-14 anna: cap 20% of 250050 = 50010 kopecks = 500 points; redeems her 100, pays
        //   240050, earns 240. Boris's 80 expire at 2026-02-02 00:00 (last day 2026-02-01).
        // 03-03 anna: cap 30000 = 300 points; redeems her 240, pays 126000, earns 126.
        // 03-10 refund of 500,00 of A-3 (a third): 240 / 3 = 80 redeemed points come back,
        //   126 / 3 = 42 earned points are taken back. Balance 126 + 80 - 42 = 164.
        // 03-20 vera: balance 0, earns floor(60000 / 1000) = 60.
        const auto& p = r["program"];
        CHECK(p["points_issued"] == 240 + 126 + 60);
        CHECK(p["points_redeemed"] == 100 + 240 - 80);
        CHECK(p["points_clawed_back"] == 42);
        CHECK(p["points_expired"] == 80);
        CHECK(p["points_outstanding"] == 164 + 60);  // = 180 + 426 - 260 - 42 - 80
        CHECK(p["liability"] == 22400);              // 224 points * 100 kopecks
        CHECK(p["reward_cost"] == 26000);            // 260 * 100
        CHECK(p["reward_cost_share"] == 0.0565);     // 26000 / 460050 = 0.05651...
        CHECK(p["purchases_replayed"] == 5);
        CHECK(p["refunds_replayed"] == 1);
        CHECK(months[0]["program"]["points_outstanding"] == 180);
        CHECK(months[1]["program"]["reward_cost_share"] == 0.04);  // 10000 / 250050 = 0.03999
    }
}
