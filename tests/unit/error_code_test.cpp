// Error codes (loyalty/error.h, docs/api.md "Error codes"): every error of the typed API and of the
// JSON documents carries the kind of problem beside its path and message.
#include <doctest/doctest.h>

#include "loyalty/api.h"
#include "loyalty/engine.h"
#include "loyalty/error.h"
#include "test_helpers.h"

using loyalty::ErrorCode;
using loyalty::test::json;
using loyalty::test::read_text_file;
using loyalty::test::source_path;

namespace {

std::string program_text() { return read_text_file(source_path("demo/examples/program.json")); }

// The code of the error at `path` in `errors`, or nullopt.
std::optional<ErrorCode> code_at(const loyalty::Errors& errors, const std::string& path) {
    for (const auto& e : errors)
        if (e.path == path) return e.code;
    return std::nullopt;
}

}  // namespace

TEST_CASE("error codes: each name reads back as its code, and the names are the documented ones") {
    // docs/api.md lists these, in this order; a code is never renamed or reused.
    const char* names[] = {"invalid",
                           "not_json",
                           "too_large",
                           "required",
                           "wrong_type",
                           "out_of_range",
                           "too_long",
                           "too_many",
                           "bad_format",
                           "unknown_field",
                           "not_allowed",
                           "duplicate",
                           "out_of_order",
                           "unknown_reference",
                           "not_enough_points",
                           "conflict",
                           "internal",
                           "unauthorized",
                           "forbidden",
                           "not_found",
                           "method_not_allowed",
                           "timeout",
                           "gone",
                           "unsupported_media_type",
                           "rate_limited",
                           "unavailable"};
    for (size_t i = 0; i < std::size(names); ++i) {
        CAPTURE(names[i]);
        CHECK(std::string(loyalty::error_code_name(ErrorCode(i))) == names[i]);
        CHECK(loyalty::error_code_from_name(names[i]) == ErrorCode(i));
    }
    CHECK_FALSE(loyalty::error_code_from_name("Invalid").has_value());
    CHECK_FALSE(loyalty::error_code_from_name("").has_value());
    // A value past the list (a newer core's code in an older caller) is named "invalid".
    CHECK(std::string(loyalty::error_code_name(ErrorCode(200))) == "invalid");
}

TEST_CASE("error codes: the programme's refusals say what kind of problem each is") {
    auto not_json = loyalty::parse_program("{\"version\": 1,");
    REQUIRE_FALSE(not_json.ok());
    CHECK(not_json.errors().front().code == ErrorCode::not_json);

    // One mistake of each kind in one programme: all are listed, each with its own code.
    auto bad = loyalty::parse_program(R"({"version":1,"id":"x","name":"X","currency":"rubles",
        "timezone":"+03:00","earn":{"points":"5","per_amount":10000,"rte":1}})");
    REQUIRE_FALSE(bad.ok());
    const auto& e = bad.errors();
    CHECK(code_at(e, "/currency") == ErrorCode::not_allowed);  // not an ISO 4217 code
    CHECK(code_at(e, "/earn/points") == ErrorCode::wrong_type);
    CHECK(code_at(e, "/earn/rte") == ErrorCode::unknown_field);
    // Every error document carries the code's name beside the path and the message.
    const json doc = json::parse(loyalty::errors_json_text(e));
    for (const auto& item : doc["errors"]) {
        CAPTURE(item.dump());
        REQUIRE(item.contains("code"));
        CHECK(loyalty::error_code_from_name(item["code"].get<std::string>()).has_value());
    }
}

TEST_CASE("error codes: the customer's and the cart's refusals, and spending too much") {
    auto program = loyalty::parse_program(program_text());
    REQUIRE(program.ok());
    const loyalty::Program& p = program.value();

    auto number_id = loyalty::parse_customer(R"({"id":5,"events":[]})", p);
    REQUIRE_FALSE(number_id.ok());
    CHECK(code_at(number_id.errors(), "/customer/id") == ErrorCode::wrong_type);

    // The first refusal of a customer document: by the reader, else by the replay.
    const auto now = *loyalty::parse_instant("2026-03-01T12:00:00+03:00", p.zone);
    auto refusal = [&](const std::string& customer) -> loyalty::Error {
        auto parsed = loyalty::parse_customer(customer, p);
        if (!parsed.ok()) return parsed.errors().front();
        auto replayed = loyalty::status(p, parsed.value(), now);
        REQUIRE_FALSE(replayed.ok());
        return replayed.errors().front();
    };
    // Booked in the wrong order: 2026-02-01 after 2026-03-01.
    CHECK(refusal(R"({"id":"c1","events":[
            {"type":"adjustment","at":"2026-03-01T10:00:00+03:00","points":10,"reason":"a"},
            {"type":"adjustment","at":"2026-02-01T10:00:00+03:00","points":10,"reason":"b"}]})")
              .code == ErrorCode::out_of_order);
    // The same order booked twice.
    CHECK(refusal(R"({"id":"c1","events":[
            {"type":"purchase","at":"2026-02-01T10:00:00+03:00","order_id":"A-1",
             "lines":[{"sku":"pen","price":10000}]},
            {"type":"purchase","at":"2026-02-02T10:00:00+03:00","order_id":"A-1",
             "lines":[{"sku":"pen","price":10000}]}]})")
              .code == ErrorCode::duplicate);

    auto cart = loyalty::parse_cart(R"({"lines":[{"sku":"pen","price":-5}]})", p, now);
    REQUIRE_FALSE(cart.ok());
    CHECK(code_at(cart.errors(), "/cart/lines/0/price") == ErrorCode::out_of_range);

    // 1,000 points on the balance; 310 asked for a cart that takes at most 300.
    auto customer = loyalty::parse_customer(
        R"({"id":"c1","events":[{"type":"adjustment","at":"2026-01-05T10:00:00+03:00",)"
        R"("points":1000,"reason":"migration"}]})",
        p);
    REQUIRE(customer.ok());
    auto over_cart = loyalty::parse_cart(
        R"({"lines":[{"sku":"pen","price":100000}],"points_redeemed":310})", p, now);
    REQUIRE(over_cart.ok());
    auto over = loyalty::preview(p, customer.value(), over_cart.value(), now);
    REQUIRE_FALSE(over.ok());
    CHECK(over.errors().front().path == "/cart/points_redeemed");
    CHECK(over.errors().front().code == ErrorCode::not_enough_points);
}
