// The harness checks itself: a vector diff that misreported a path would send readers astray.
#include "test_helpers.h"

#include <doctest/doctest.h>

using loyalty::test::json;

TEST_CASE("describe_difference is empty for equal documents, whatever the key order") {
    const json a = json::parse(R"({"ok": true, "points": 120, "lines": [1, 2]})");
    const json b = json::parse(R"({"lines": [1, 2], "points": 120, "ok": true})");
    CHECK(loyalty::test::describe_difference(a, b).empty());
}

TEST_CASE("describe_difference names each changed, missing and unexpected member by pointer") {
    const json expected = json::parse(R"({"ok": true, "points": 120, "tier": "silver"})");
    const json actual = json::parse(R"({"ok": true, "points": 119, "extra": [1]})");
    const std::string text = loyalty::test::describe_difference(expected, actual);
    CHECK(text.find("/points: expected 120, got 119\n") != std::string::npos);
    CHECK(text.find("/tier: missing, expected \"silver\"\n") != std::string::npos);
    CHECK(text.find("/extra: unexpected [1]\n") != std::string::npos);
}

TEST_CASE("has_error_at finds an error by its exact JSON Pointer only") {
    const json response =
        json::parse(R"({"ok": false, "errors": [{"path": "/earn/rate", "message": "m"}]})");
    CHECK(loyalty::test::has_error_at(response, "/earn/rate"));
    CHECK_FALSE(loyalty::test::has_error_at(response, "/earn"));
    CHECK_FALSE(loyalty::test::has_error_at(json::parse(R"({"ok": true})"), ""));
}

TEST_CASE("run_operation answers an unknown operation with an error at the root") {
    const json response = loyalty::test::run("no-such-operation", json::object());
    CHECK(response["ok"] == false);
    CHECK(loyalty::test::has_error_at(response, ""));
}
